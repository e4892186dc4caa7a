import type { INodeProperties } from 'n8n-workflow';

import { languageField } from '../../languages';

/** Per-segment hints and request-level options. */
const DETAILS_AND_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Segment Details',
		name: 'segmentDetails',
		type: 'collection',
		placeholder: 'Add Detail',
		default: {},
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

/**
 * The fields of both text translation operations, read by segments.ts; `afterLanguages` (the
 * wait fields of Create Async Task) go between the languages and the segment details.
 */
export function translationFields(afterLanguages: INodeProperties[] = []): INodeProperties[] {
	return [
		{
			displayName: 'Text',
			name: 'text',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			required: true,
			description: 'The segment to translate. Each input item is one segment; segments are sent 50 per request.',
		},
		languageField('source', { default: 'en-US' }),
		languageField('target', { default: 'es-ES' }),
		...afterLanguages,
		...DETAILS_AND_OPTIONS,
	];
}
