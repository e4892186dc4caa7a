import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { vimmerseApi } from '../../transport';

export const option: INodePropertyOptions = {
	name: 'Estimate Credits',
	value: 'estimateCredits',
	action: 'Estimate the credit cost of an audio generation',
	description: 'Price a generation (app, engine, quantity, prompt, duration) without creating anything; free',
	routing: vimmerseApi.request({ method: 'POST', url: '/v2/audio/estimate-credits' }),
};

const properties: INodeProperties[] = [
	{
		displayName: 'App',
		name: 'appName',
		type: 'options',
		default: 'text-to-speech',
		description: 'Which generation to price',
		options: [
			{ name: 'Music', value: 'text-to-music' },
			{ name: 'Sound Effect', value: 'text-to-audio' },
			{ name: 'Text to Speech', value: 'text-to-speech' },
			{ name: 'Upload', value: 'upload-audio' },
		],
		routing: { send: { type: 'body', property: 'app_name' } },
	},
	{
		displayName: 'Option',
		name: 'option',
		type: 'options',
		default: 'ElevenLabsTTS',
		description: 'Engine to price: ElevenLabsTTS/ChirpTTS for speech, ElevenLabsSE/MMAudio for sound effects, Lyria for music, AutoA to let Vimmerse choose',
		options: [
			{ name: 'AutoA', value: 'AutoA' },
			{ name: 'ChirpTTS', value: 'ChirpTTS' },
			{ name: 'ElevenLabsSE', value: 'ElevenLabsSE' },
			{ name: 'ElevenLabsTTS', value: 'ElevenLabsTTS' },
			{ name: 'Lyria', value: 'Lyria' },
			{ name: 'MMAudio', value: 'MMAudio' },
		],
		routing: { send: { type: 'body', property: 'option' } },
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: 1,
		description: 'How many assets to price',
		routing: { send: { type: 'body', property: 'quantity' } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Duration (Seconds)',
				name: 'duration',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 30, numberPrecision: 0 },
				default: 5,
				description: 'Sound effect length, 1 to 30 seconds',
				routing: { send: { type: 'body', property: 'duration' } },
			},
			{
				displayName: 'Prompt',
				name: 'prompt',
				type: 'string',
				default: '',
				description: 'The prompt, for length-based pricing',
				routing: { send: { type: 'body', property: 'prompt', value: '={{$value === "" ? undefined : $value}}' } },
			},
			{
				displayName: 'Voice',
				name: 'voice',
				type: 'string',
				default: '',
				placeholder: 'e.g. AutoV',
				description: 'Voice, for text to speech',
				routing: { send: { type: 'body', property: 'voice', value: '={{$value === "" ? undefined : $value}}' } },
			},
		],
	},
];

export const description = updateDisplayOptions({ show: { resource: ['audio'], operation: ['estimateCredits'] } }, properties);
