import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestTimeoutOption } from '../../../shared/api';

import { cloneEngineOptions } from '../../engines';
import { mediaSubtitleFields } from '../../../shared/subtitles';
import { waitFields } from '../../helpers/asyncJobs/waitFields';
import { outputBinaryFieldOption } from '../../helpers/outputFiles';
import { languageField } from '../../languages';

export { create } from './create';

const show = { resource: ['mediaTranslation'] };

export const mediaTranslationOperations: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show },
	options: [
		{
			name: 'Create',
			value: 'create',
			action: 'Translate and dub a video or audio file',
			description:
				'Transcribe, translate and re-voice a video or audio file (async). Source: a material ID or an input file, which is uploaded first.',
		},
	],
	default: 'create',
};

export const mediaTranslationFields: INodeProperties[] = [
	{
		displayName: 'Media Type',
		name: 'taskType',
		type: 'options',
		displayOptions: { show },
		options: [
			{ name: 'Video Translation', value: 'vt', description: 'Dub a video; the result has the dubbed video and its audio' },
			{ name: 'Audio Translation', value: 'at', description: 'Dub an audio file. VMEG runs it as a video job if the file is a video.' },
		],
		default: 'vt',
	},
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		displayOptions: { show },
		options: [
			{ name: 'Input File (Binary)', value: 'binary', description: 'Upload the file on the input item first, then translate it' },
			{ name: 'Material ID', value: 'materialId', description: 'A file already uploaded to VMEG (Material > Upload)' },
		],
		default: 'binary',
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { ...show, source: ['binary'] } },
		hint: 'The name of the input binary field holding the video or audio file',
	},
	{
		displayName: 'Material ID',
		name: 'materialId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { ...show, source: ['materialId'] } },
		description: 'ID of a finished upload, e.g. from Material > Upload or Material > List',
	},
	{ ...languageField('source', { default: 'auto' }), displayOptions: { show } },
	{ ...languageField('target', { default: 'en-US' }), displayOptions: { show } },
	{
		displayName: 'Voice Style',
		name: 'voiceCloneStyle',
		type: 'options',
		displayOptions: { show },
		options: [
			{ name: 'Consistent', value: 'consistent', description: 'One steady voice per speaker' },
			{ name: 'Emotional', value: 'emotional', description: "Follows each line's emotion" },
		],
		default: 'emotional',
	},
	...updateDisplayOptions({ show }, waitFields()),
	...mediaSubtitleFields(show),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			requestTimeoutOption,
			outputBinaryFieldOption,
			{
				displayName: 'Clone Engine',
				name: 'voiceCloneProvider',
				type: 'options',
				options: cloneEngineOptions,
				default: 'V5',
				description: 'Engine that clones the speakers\' voices; VMEG picks one when unset',
			},
			{
				displayName: 'Clone Mode',
				name: 'voiceCloneMode',
				type: 'options',
				options: [
					{ name: 'Mix', value: 'mix' },
					{ name: 'Role', value: 'role', description: 'One voice per speaker' },
					{ name: 'Sentence', value: 'sentence', description: 'Clone per sentence' },
				],
				default: 'role',
			},
			{
				displayName: 'Dynamic Video Length',
				name: 'dynamicVideoLength',
				type: 'boolean',
				default: false,
				description: 'Whether the video may get longer or shorter to fit the translated speech',
			},
			{
				displayName: 'Lip Sync',
				name: 'lipsync',
				type: 'boolean',
				default: false,
				description: 'Whether to re-sync lip movements to the new speech (costs extra credits per minute)',
			},
			{
				displayName: 'Number of Speakers',
				name: 'speakerNum',
				type: 'string',
				default: 'auto',
				description: '"auto", or how many people speak in the file, e.g. 2',
			},
			{
				displayName: 'Separation Mode',
				name: 'separationMode',
				type: 'string',
				default: 'auto',
				description: 'How speech is separated from music and effects; VMEG documents "auto"',
			},
			{
				displayName: 'Speaker Voices',
				name: 'selectedVoices',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				placeholder: 'Add Voice',
				description: 'Voices to use for the speakers, in speaker order, instead of cloning them',
				options: [
					{
						name: 'voices',
						displayName: 'Voice',
						values: [
							{
								displayName: 'Voice ID',
								name: 'voiceId',
								type: 'string',
								default: '',
								placeholder: 'sv_en_us_jenny or cv_…',
								description: 'A system (sv_…) or cloned (cv_…) voice; find IDs with Voice > List',
							},
							{
								displayName: 'Provider',
								name: 'provider',
								type: 'string',
								default: '',
								placeholder: 'S1',
								description: "The voice's provider tier from Voice > List (S1–S7, or V1–V5 for clones). Leave empty and the node looks it up.",
							},
						],
					},
				],
			},
			{
				displayName: 'Subtitle and Title Style (JSON)',
				name: 'textStyle',
				type: 'json',
				default: '{}',
				description: 'VMEG\'s free-form "text" options for title and subtitle styling',
			},
			{
				displayName: 'Timbre Method',
				name: 'timbreMethod',
				type: 'options',
				options: [
					{ name: 'Clone', value: 'clone', description: "Clone each speaker's voice" },
					{ name: 'Smart', value: 'smart', description: 'Match each speaker to a similar system voice' },
				],
				default: 'clone',
			},
			{
				displayName: 'Transcription Mode',
				name: 'transcribeMode',
				type: 'options',
				options: [
					{ name: 'Fast', value: 'fast' },
					{ name: 'Normal', value: 'normal', description: 'Slower, more accurate' },
				],
				default: 'fast',
			},
			{
				displayName: 'Transcription Type',
				name: 'transcribeType',
				type: 'string',
				default: 'default',
			},
			{
				displayName: 'Translation Mode',
				name: 'translateMode',
				type: 'options',
				options: [
					{ name: 'Default', value: 'default' },
					{ name: 'Machine', value: 'machine' },
				],
				default: 'default',
			},
			{
				displayName: 'Translation Prompt',
				name: 'translatePrompt',
				type: 'string',
				typeOptions: { rows: 2 },
				default: '',
				description: 'Guidance for the translation, e.g. tone, audience or terms to keep',
			},
		],
	},
];
