import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { waitFields } from '../../helpers/asyncJobs/waitFields';
import { languageField } from '../../languages';

export { createAsync } from './createAsync';
export { translate } from './translate';

const show = { resource: ['textTranslation'] };
const showAsync = { resource: ['textTranslation'], operation: ['createAsync'] };

export const textTranslationOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show },
	options: [
		{
			name: 'Create Async Task',
			value: 'createAsync',
			action: 'Create a text translation task',
			description: 'Submit the segments as async tasks; optionally wait by polling or by webhook',
		},
		{
			name: 'Translate',
			value: 'translate',
			action: 'Translate text',
			description: 'Translate each input item\'s text and wait for the result (synchronous; up to 50 segments per request)',
		},
	],
	default: 'translate',
};

export const textTranslationFields: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		displayOptions: { show },
		description: 'The segment to translate. Each input item is one segment; segments are sent 50 per request.',
	},
	{ ...languageField('source', { default: 'en-US' }), displayOptions: { show } },
	{ ...languageField('target', { default: 'es-ES' }), displayOptions: { show } },
	// Translation results carry no files, so the download toggle of the wait options is left out.
	...updateDisplayOptions({ show: showAsync }, waitFields({ downloads: false })),
	{
		displayName: 'Segment Details',
		name: 'segmentDetails',
		type: 'collection',
		placeholder: 'Add Detail',
		default: {},
		displayOptions: { show },
		description: 'Per-segment hints that help VMEG translate this line',
		options: [
			{
				displayName: 'Context',
				name: 'context',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				description: 'Surrounding lines that help with meaning, one per line (used with Context Mode "Provided Only")',
			},
			{ displayName: 'End (Seconds)', name: 'end', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'When the segment ends in the media, in seconds' },
			{
				displayName: 'Gender',
				name: 'gender',
				type: 'options',
				options: [
					{ name: 'Female', value: 'female' },
					{ name: 'Male', value: 'male' },
				],
				default: 'female',
				description: 'Gender of the speaker, for languages whose grammar depends on it',
			},
			{ displayName: 'Locale', name: 'locale', type: 'string', default: '', placeholder: 'en-US', description: 'Locale of this segment when it differs from the source language' },
			{ displayName: 'Speaker', name: 'speaker', type: 'string', default: '', description: 'Speaker label, e.g. SPEAKER_0' },
			{ displayName: 'Start (Seconds)', name: 'start', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'When the segment starts in the media, in seconds' },
		],
	},
	{
		displayName: 'Options',
		name: 'translationOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		description: 'Request-level settings; only items that agree on them share a request',
		options: [
			{
				displayName: 'Allow Stutter',
				name: 'allowStutter',
				type: 'boolean',
				default: true,
				description: 'Whether the translation may keep stutters and repetitions of the source',
			},
			{
				displayName: 'Context Mode',
				name: 'contextMode',
				type: 'options',
				options: [
					{ name: 'Independent', value: 'independent', description: 'Translate each segment on its own' },
					{ name: 'Neighbor', value: 'neighbor', description: 'Use the neighbouring segments of the request as context' },
					{ name: 'Provided Only', value: 'provided_only', description: 'Use only the context lines given per segment' },
				],
				default: 'independent',
				description: 'Which context VMEG reads when translating a segment',
			},
			{
				displayName: 'Context Window',
				name: 'contextWindow',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 20, numberPrecision: 0 },
				default: 5,
				description: 'How many neighbouring segments to read as context (1–20)',
			},
			{
				displayName: 'Glossary',
				name: 'glossary',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				placeholder: 'Add Term',
				default: {},
				description: 'Terms that must be translated a fixed way',
				options: [
					{
						displayName: 'Term',
						name: 'terms',
						values: [
							{ displayName: 'Term', name: 'term', type: 'string', default: '', description: 'Word or phrase in the source text' },
							{ displayName: 'Translation', name: 'translation', type: 'string', default: '', description: 'How to translate it' },
						],
					},
				],
			},
			{
				displayName: 'Glossary (JSON)',
				name: 'glossaryJson',
				type: 'json',
				default: '{}',
				description: 'Terms as a JSON object, e.g. {"Acme": "Acme", "invoice": "factura"}; merged with the Glossary pairs (pairs win)',
			},
			{ displayName: 'Prompt', name: 'prompt', type: 'string', typeOptions: { rows: 2 }, default: '', description: 'Extra instructions, e.g. "informal tone, keep brand names"' },
			{
				displayName: 'Scene',
				name: 'scene',
				type: 'options',
				options: [
					{ name: 'Audio', value: 'audio' },
					{ name: 'Subtitle', value: 'subtitle' },
					{ name: 'Video', value: 'video' },
					{ name: 'Voiceover', value: 'voiceover' },
				],
				default: 'video',
				description: 'What the translation is for; VMEG adapts length and style',
			},
			{
				displayName: 'Skip Missing Translation Check',
				name: 'skipMissingTranslationCheck',
				type: 'boolean',
				default: false,
				description: 'Whether to accept results where VMEG left a segment untranslated',
			},
		],
	},
];
