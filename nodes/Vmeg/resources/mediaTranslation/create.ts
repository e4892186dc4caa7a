import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { requestTimeoutOption } from '../../../shared/api';
import { readEveryItem } from '../../../shared/items';
import { inputBinaryField, optionsCollection } from '../../../shared/properties';
import { mediaSubtitleFields } from '../../../shared/subtitles';
import { cloneEngineOptions } from '../../engines';
import { finishJobs } from '../../helpers/asyncJobs/finish';
import type { WaitMode } from '../../helpers/asyncJobs/outcomes';
import { refusedItems } from '../../helpers/asyncJobs/outcomes';
import { submitJobs } from '../../helpers/asyncJobs/submit';
import { waitFields } from '../../helpers/asyncJobs/waitFields';
import { uploadMaterial } from '../../helpers/materialUpload';
import { outputBinaryFieldOption } from '../../helpers/outputFiles';
import { languageField } from '../../languages';
import { fillSpeakerProviders, finishedMaterials, readJob } from './readJob';

export const option: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Translate and dub a video or audio file',
	description:
		'Transcribe, translate and re-voice a video or audio file (async). Source: a material ID or an input file, which is uploaded first.',
};

const properties: INodeProperties[] = [
	{
		displayName: 'Media Type',
		name: 'taskType',
		type: 'options',
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
		options: [
			{ name: 'Input File (Binary)', value: 'binary', description: 'Upload the file on the input item first, then translate it' },
			{ name: 'Material ID', value: 'materialId', description: 'A file already uploaded to VMEG (Material > Upload)' },
		],
		default: 'binary',
	},
	inputBinaryField('The name of the input binary field holding the video or audio file', { displayOptions: { show: { source: ['binary'] } } }),
	{
		displayName: 'Material ID',
		name: 'materialId',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { source: ['materialId'] } },
		description: 'ID of a finished upload, e.g. from Material > Upload or Material > List',
	},
	languageField('source', { default: 'auto' }),
	languageField('target', { default: 'en-US' }),
	{
		displayName: 'Voice Style',
		name: 'voiceCloneStyle',
		type: 'options',
		options: [
			{ name: 'Consistent', value: 'consistent', description: 'One steady voice per speaker' },
			{ name: 'Emotional', value: 'emotional', description: "Follows each line's emotion" },
		],
		default: 'emotional',
	},
	...waitFields(),
	...mediaSubtitleFields({}),
	optionsCollection([
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
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['mediaTranslation'], operation: ['create'] } }, properties);

/**
 * Media translation (async only). Every item is read and checked first (languages, options,
 * file or material, speaker voices), so bad input never follows an upload or a paid job; then
 * per item the file is uploaded if needed and the job submitted, and the wait mode decides.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const waitMode = this.getNodeParameter('waitMode', 0, 'none') as WaitMode;
	const finished = finishedMaterials(this);
	const { values, failures } = await readEveryItem(this, async (itemIndex) => await readJob(this, itemIndex, finished));
	const jobs = await fillSpeakerProviders(this, values.map((v) => v.value), failures);
	const submitted = await submitJobs(this, waitMode, jobs, async (job) => {
		if (!job.file) return { body: { ...job.body, source: { materialId: job.materialId } }, acceptance: { materialId: job.materialId } };
		const material = await uploadMaterial(this, job.itemIndexes[0], job.file);
		const materialId = String(material.materialId);
		return { body: { ...job.body, source: { materialId } }, acceptance: { materialId, uploadMethod: material.uploadMethod } };
		// Two at once: each upload already has its own parts in flight (and their buffers).
	}, 2);
	return await finishJobs(this, [...refusedItems(failures), ...submitted], waitMode);
}
