import type {
	ILoadOptionsFunctions,
	INodeProperties,
	INodeListSearchResult,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { declarativeExecutor } from '../shared/declarative';
import { operationSubtitle } from '../shared/canvasSubtitle';
import * as audio from './resources/audio';
import { VIMMERSE_VOICES } from './resources/audio/voices';
import { vimmerseClient, vimmerseToItems } from './transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'Audio', value: 'audio' }],
		default: 'audio',
	},
	...audio.description,
];

export class VimmerseAudio implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Vimmerse Audio',
		name: 'vimmerseAudio',
		icon: { light: 'file:vimmerse.svg', dark: 'file:vimmerse.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(properties),
		description:
			'Generate speech, sound effects and music with Vimmerse (returned as audio files), upload audio, get assets and estimate credits',
		defaults: { name: 'Vimmerse Audio' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'vimmerseApi', required: true }],
		requestDefaults: {
			baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}',
			headers: { Accept: 'application/json' },
		},
		requestOperations: { pagination: declarativeExecutor(vimmerseClient, vimmerseToItems) },
		properties,
	};

	methods = {
		listSearch: {
			async searchVoices(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
				const query = (filter ?? '').trim().toLowerCase();
				return {
					results: VIMMERSE_VOICES.filter((v) => !query || v.name.toLowerCase().includes(query) || v.gender.startsWith(query)).map(
						(v) => ({ name: v.gender === 'auto' ? 'AutoV (automatic voice)' : `${v.name} (${v.gender})`, value: v.name }),
					),
				};
			},
		},
	};

	customOperations = {
		audio: {
			upload: audio.upload.execute,
			textToSpeech: audio.textToSpeech.execute,
			soundEffect: audio.soundEffect.execute,
			music: audio.music.execute,
		},
	};
}
