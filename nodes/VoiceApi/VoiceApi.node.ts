import type { INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationSubtitle } from '../shared/canvasSubtitle';
import { declarativeDefaults } from '../shared/declarative';
import { customOperationsOf, nodeProperties } from '../shared/operations';
import { searchModels } from './methods/listSearch';
import { resources } from './resources';

const properties = nodeProperties(resources, 'textToSpeech');

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
		requestDefaults: declarativeDefaults({ Accept: 'application/json' }),
		properties,
	};

	methods = { listSearch: { searchModels } };

	customOperations = customOperationsOf(resources);
}
