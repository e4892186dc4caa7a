import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { requestTimeoutOption } from '../../../shared/api';

import { downloadFields, generationExecute } from './common';

const show = { resource: ['audio'], operation: ['textToSpeech'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: 'The text to speak (up to 5,000 characters)',
		displayOptions: { show },
	},
	{
		displayName: 'Voice',
		name: 'voice',
		type: 'resourceLocator',
		default: { mode: 'list', value: 'AutoV' },
		description: 'AutoV lets Vimmerse choose; the others are the documented ElevenLabs voices. Any other voice name can be typed in "By Name".',
		displayOptions: { show },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchVoices', searchable: true },
			},
			{
				displayName: 'By Name',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. Rachel',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			requestTimeoutOption,
			{
				displayName: 'Engine',
				name: 'option',
				type: 'options',
				default: 'ElevenLabsTTS',
				description: 'Speech engine; the API uses ElevenLabs when not set',
				options: [
					{ name: 'Chirp TTS (Google)', value: 'ChirpTTS' },
					{ name: 'ElevenLabs TTS', value: 'ElevenLabsTTS' },
				],
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'string',
				default: '',
				placeholder: 'e.g. en-US',
				description: 'Language code, used with Chirp TTS; auto-detected when empty',
			},
		],
	},
	...downloadFields('textToSpeech'),
];

export const execute = generationExecute(
	'/v2/audio/text-2-speech',
	({ ctx, itemIndex, check, prompt }) => {
		const body: IDataObject = { prompt };
		const voice = check.optionalText(ctx.getNodeParameter('voice', itemIndex, '', { extractValue: true }), 'Voice').trim();
		if (voice) body.voice = voice;
		const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
		if (typeof options.option === 'string' && options.option !== '') body.option = options.option;
		if (typeof options.language === 'string' && options.language.trim() !== '') body.language = options.language.trim();
		return body;
	},
	'Text',
);
