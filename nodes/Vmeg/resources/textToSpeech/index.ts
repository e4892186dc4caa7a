import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestTimeoutOption } from '../../../shared/api';

import { cloneEngineOptions } from '../../engines';
import { waitFields } from '../../helpers/asyncJobs/waitFields';
import { outputBinaryFieldOption } from '../../helpers/outputFiles';
import { languageField } from '../../languages';
import { voiceLocator } from '../../helpers/voiceLocator';
import { narrateFields } from './narrate';

export { createAsync } from './createAsync';
export { generate } from './generate';
export { narrate } from './narrate';

const show = { resource: ['textToSpeech'] };
const showAsync = { resource: ['textToSpeech'], operation: ['createAsync'] };
const showSync = { resource: ['textToSpeech'], operation: ['generate'] };

export const textToSpeechOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show },
	options: [
		{
			name: 'Generate',
			value: 'generate',
			action: 'Generate speech',
			description: 'Speak each input item\'s text and wait for the audio (synchronous; up to 50 lines per request)',
		},
		{
			name: 'Create Async Task',
			value: 'createAsync',
			action: 'Create a speech task',
			description: 'Submit the lines as async tasks; optionally wait by polling or by webhook',
		},
		{
			name: 'Narrate',
			value: 'narrate',
			action: 'Narrate a long text into one audio file',
			description: 'Split one long text (article, chapter) at sentences, speak it 50 lines per request and join it into one WAV or MP3, with chapters and optional subtitles',
		},
	],
	default: 'generate',
};

export const textToSpeechFields: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		displayOptions: { show },
		description: 'The line to speak. Each input item is one line; lines are sent 50 per request. With Narrate: the whole text (blank lines separate paragraphs).',
	},
	{
		displayName: 'Voice Source',
		name: 'voiceSource',
		type: 'options',
		displayOptions: { show },
		options: [
			{ name: 'Voice', value: 'voice', description: 'A system voice (sv_…) or one of your clones (cv_…)' },
			{ name: 'Reference Audio (Clone on the Fly)', value: 'timbreRefAudio', description: 'An HTTPS link to audio whose timbre to copy' },
		],
		default: 'voice',
	},
	voiceLocator('voiceId', 'Voice', 'searchVoices', { displayOptions: { show: { ...show, voiceSource: ['voice'] } } }),
	{
		displayName: 'Reference Audio URL',
		name: 'timbreRefAudio',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://…/voice-sample.wav',
		displayOptions: { show: { ...show, voiceSource: ['timbreRefAudio'] } },
	},
	{ ...languageField('target', { default: 'en-US' }), displayOptions: { show } },
	{
		displayName: 'Output Format',
		name: 'outputFormat',
		type: 'options',
		options: [
			{ name: 'M4A', value: 'm4a' },
			{ name: 'MP3', value: 'mp3' },
			{ name: 'WAV', value: 'wav' },
		],
		default: 'mp3',
		displayOptions: { show },
	},
	{
		displayName: 'Download Audio',
		name: 'downloadAudio',
		type: 'boolean',
		default: true,
		displayOptions: { show: showSync },
		description: 'Whether to attach each line\'s audio as binary data (field "data" unless Options > Put Output File in Field says otherwise)',
	},
	...updateDisplayOptions({ show: showAsync }, waitFields()),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			requestTimeoutOption,
			{ displayName: 'Emotion Prompt', name: 'emoPrompt', type: 'string', default: '', description: 'How the line should sound, e.g. "cheerful, a little out of breath"' },
			{ displayName: 'Emotion Reference Audio URL', name: 'emoRefAudio', type: 'string', default: '', description: 'HTTPS link to audio whose emotion to copy' },
			{ displayName: 'Emotion Weight', name: 'emoWeight', type: 'number', typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 }, default: 0.5, description: 'How strongly to apply the emotion, 0 to 1' },
			// Narrate has its own top-level Put Output File in Field (shared with the Voice API's Narrate).
			{ ...outputBinaryFieldOption, displayOptions: { hide: { '/operation': ['narrate'] } } },
			{ displayName: 'Engine', name: 'provider', type: 'options', options: cloneEngineOptions, default: 'V1', description: 'Deprecated by VMEG (it infers the engine from the voice); send only if told to, e.g. with reference audio' },
			{ displayName: 'Target Duration (Seconds)', name: 'duration', type: 'number', typeOptions: { minValue: 0.1 }, default: 5, description: 'Fit the line to this length', displayOptions: { hide: { '/operation': ['narrate'] } } },
			{ displayName: 'Trim Silence', name: 'trim', type: 'boolean', default: false, description: 'Whether to strip leading and trailing silence' },
		],
	},
	...narrateFields,
];
