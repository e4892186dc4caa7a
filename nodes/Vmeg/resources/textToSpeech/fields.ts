import type { INodeProperties } from 'n8n-workflow';

import { requestTimeoutOption } from '../../../shared/api';
import { optionsCollection } from '../../../shared/properties';
import { cloneEngineOptions } from '../../engines';
import { outputBinaryFieldOption } from '../../helpers/outputFiles';
import { voiceLocator } from '../../helpers/voiceLocator';
import { languageField } from '../../languages';

/** What to speak, with which voice, language and format: the first fields of every TTS operation (read by batches.ts). */
export const speechFields: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		description: 'The line to speak. Each input item is one line; lines are sent 50 per request. With Narrate: the whole text (blank lines separate paragraphs).',
	},
	{
		displayName: 'Voice Source',
		name: 'voiceSource',
		type: 'options',
		options: [
			{ name: 'Voice', value: 'voice', description: 'A system voice (sv_…) or one of your clones (cv_…)' },
			{ name: 'Reference Audio (Clone on the Fly)', value: 'timbreRefAudio', description: 'An HTTPS link to audio whose timbre to copy' },
		],
		default: 'voice',
	},
	voiceLocator('voiceId', 'Voice', 'searchVoices', { displayOptions: { show: { voiceSource: ['voice'] } } }),
	{
		displayName: 'Reference Audio URL',
		name: 'timbreRefAudio',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://…/voice-sample.wav',
		displayOptions: { show: { voiceSource: ['timbreRefAudio'] } },
	},
	languageField('target', { default: 'en-US' }),
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
	},
];

const LINE_OPTIONS: INodeProperties[] = [
	requestTimeoutOption,
	{ displayName: 'Emotion Prompt', name: 'emoPrompt', type: 'string', default: '', description: 'How the line should sound, e.g. "cheerful, a little out of breath"' },
	{ displayName: 'Emotion Reference Audio URL', name: 'emoRefAudio', type: 'string', default: '', description: 'HTTPS link to audio whose emotion to copy' },
	{ displayName: 'Emotion Weight', name: 'emoWeight', type: 'number', typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 }, default: 0.5, description: 'How strongly to apply the emotion, 0 to 1' },
	outputBinaryFieldOption,
	{ displayName: 'Engine', name: 'provider', type: 'options', options: cloneEngineOptions, default: 'V1', description: 'Deprecated by VMEG (it infers the engine from the voice); send only if told to, e.g. with reference audio' },
	{ displayName: 'Target Duration (Seconds)', name: 'duration', type: 'number', typeOptions: { minValue: 0.1 }, default: 5, description: 'Fit the line to this length' },
	{ displayName: 'Trim Silence', name: 'trim', type: 'boolean', default: false, description: 'Whether to strip leading and trailing silence' },
];

/**
 * Narrate has its own top-level Put Output File in Field (shared with the Voice API's Narrate),
 * and a target duration is per line, not for a narration.
 */
const NARRATION_OPTIONS = LINE_OPTIONS.filter((o) => o.name !== 'outputBinaryField' && o.name !== 'duration');

/** Options of Generate and Create Async Task. */
export const lineOptionsField = optionsCollection(LINE_OPTIONS);

/** Options of Narrate. */
export const narrationOptionsField = optionsCollection(NARRATION_OPTIONS);
