import type { INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { declarativeExecutor } from '../shared/declarative';
import { operationSubtitle } from '../shared/canvasSubtitle';
import { searchModels } from './methods/listSearch';
import * as health from './resources/health';
import * as model from './resources/model';
import * as speechToText from './resources/speechToText';
import * as textToSpeech from './resources/textToSpeech';
import * as voiceClone from './resources/voiceClone';
import { voiceClient, voiceToItems } from './transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Health', value: 'health' },
			{ name: 'Model', value: 'model' },
			{ name: 'Speech to Text', value: 'speechToText' },
			{ name: 'Text to Speech', value: 'textToSpeech' },
			{ name: 'Voice Clone', value: 'voiceClone' },
		],
		default: 'textToSpeech',
	},
	...health.description,
	...model.description,
	...textToSpeech.description,
	...speechToText.description,
	...voiceClone.description,
];

export class VoiceApi implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Voice API',
		name: 'voiceApi',
		icon: { light: 'file:voiceApi.svg', dark: 'file:voiceApi.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description:
			'Text to speech (multi-speaker, returned as MP3 files), speech to text with speakers, voice cloning and voice model search with the marketplace Voice API',
		defaults: { name: 'Voice API' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'voiceApi', required: true }],
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			headers: { Accept: 'application/json' },
		},
		requestOperations: { pagination: declarativeExecutor(voiceClient, voiceToItems) },
		properties,
	};

	methods = { listSearch: { searchModels } };

	customOperations = {
		textToSpeech: {
			create: textToSpeech.create.execute,
			downloadAudio: textToSpeech.downloadAudio.execute,
			narrate: textToSpeech.narrate.execute,
		},
		speechToText: { create: speechToText.create.execute },
		voiceClone: {
			create: voiceClone.create.execute,
			waitForCompletion: voiceClone.create.executeWait,
		},
	};
}
