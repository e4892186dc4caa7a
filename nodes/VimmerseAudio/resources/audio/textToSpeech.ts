import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestTimeoutOption } from '../../../shared/api';
import { optionsCollection } from '../../../shared/properties';
import { generationExecute } from '../../helpers/generation';

import { downloadFields } from './fields';

export const option: INodePropertyOptions = {
	name: 'Text to Speech',
	value: 'textToSpeech',
	action: 'Convert text to speech',
	description: 'Speak a text (max 5,000 characters) with a chosen voice and return the audio as a file',
};

const properties: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: 'The text to speak (up to 5,000 characters)',
	},
	{
		displayName: 'Voice',
		name: 'voice',
		type: 'resourceLocator',
		default: { mode: 'list', value: 'AutoV' },
		description: 'AutoV lets Vimmerse choose; the others are the documented ElevenLabs voices. Any other voice name can be typed in "By Name".',
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
	optionsCollection([
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
	]),
	...downloadFields,
];

export const description = updateDisplayOptions({ show: { resource: ['audio'], operation: ['textToSpeech'] } }, properties);

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
