import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { callApi } from '../../../shared/api';
import { inputError } from '../../../shared/errors';
import { mapItems } from '../../../shared/items';
import { InputValidator } from '../../../shared/validation';
import { locatorValue, modelLocator, timeLimitOption, waitField } from '../../helpers/fields';
import { downloadTtsAudio, waitForSubmitted } from '../../helpers/tasks';
import { voiceClient } from '../../transport';

const show = { resource: ['textToSpeech'], operation: ['create'] };
/** Text and speakers are shared with Narrate. */
const showWithNarrate = { resource: ['textToSpeech'], operation: ['create', 'narrate'] };

/** Default per-call character cap (the node option "Text Limit"); the API auto-chunks below it. */
export const DEFAULT_MAX_CHARACTERS = 10_000;

const SPEAKER_MARKER = /<\|speaker:(\d+)\|>/g;

export const speedOption: INodeProperties = {
	displayName: 'Speed',
	name: 'speed',
	type: 'number',
	typeOptions: { minValue: 0.5, maxValue: 2, numberPrecision: 2 },
	default: 1,
	description: 'Speaking rate, 0.5 to 2',
};

export const description: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 6 },
		default: '',
		required: true,
		placeholder: 'e.g. <|speaker:0|>[excited] Welcome back! <|speaker:1|>Thanks, glad to be here.',
		description:
			'Text to speak. For several voices, start each part with &lt;|speaker:N|&gt; (N = 0 for the first model below, 1 for the second…). Emotion cues go in square brackets, e.g. [whisper]. With Narrate: the whole text (blank lines separate paragraphs).',
		displayOptions: { show: showWithNarrate },
	},
	{
		displayName: 'Speaker Models',
		name: 'speakerModels',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		placeholder: 'Add Speaker Model',
		description: 'Voice models in speaker order: the first is speaker 0 (and speaks text without markers), the second speaker 1, …',
		displayOptions: { show: showWithNarrate },
		options: [
			{
				displayName: 'Speaker',
				name: 'speakers',
				values: [modelLocator('model', 'Model', { description: 'Voice model for this speaker (search by title, or paste an ID)' })],
			},
		],
	},
	waitField('textToSpeech', 'Whether to wait until the audio is ready and return it as an MP3 file; off: return the task ID at once'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Format',
				name: 'format',
				type: 'options',
				default: 'mp3',
				description: 'Audio format (the API produces MP3)',
				options: [{ name: 'MP3', value: 'mp3' }],
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryPropertyName',
				type: 'string',
				default: 'data',
				description: 'Output binary field for the MP3 (with Wait for Completion)',
			},
			speedOption,
			{
				displayName: 'Text Limit (Characters)',
				name: 'maxCharacters',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_CHARACTERS,
				description:
					'Per-call character cap: longer texts are rejected before sending (split them over several items). The API auto-chunks long scripts only within its cap.',
			},
			timeLimitOption,
		],
	},
];

/**
 * Model IDs in speaker order, and the checks that need no request. Narrate passes `max` =
 * Infinity: it checks its whole text's markers here and splits it below the per-call cap itself.
 */
export function buildTtsBody(ctx: IExecuteFunctions, itemIndex: number, options: IDataObject, max = Number(options.maxCharacters ?? DEFAULT_MAX_CHARACTERS) || DEFAULT_MAX_CHARACTERS): IDataObject {
	const check = new InputValidator(ctx.getNode(), itemIndex);
	const text = check.text(ctx.getNodeParameter('text', itemIndex), 'Text', { max });
	const speakers = ((ctx.getNodeParameter('speakerModels', itemIndex, {}) as IDataObject).speakers ?? []) as IDataObject[];
	const modelIds = speakers.map((s) => locatorValue(s.model));
	if (modelIds.length === 0) check.fail('No speaker model is set', 'Add a Speaker Model (Model > List or the picker shows the available IDs).');
	const emptyAt = modelIds.findIndex((id) => id === '');
	if (emptyAt >= 0) check.fail(`Speaker model ${emptyAt} has no model ID`, 'Pick a model for every Speaker Model entry, or remove the empty one.');
	const missing = [...text.matchAll(SPEAKER_MARKER)].map((m) => Number(m[1])).filter((n) => n >= modelIds.length);
	if (missing.length) {
		throw inputError(
			ctx.getNode(),
			itemIndex,
			`The text uses <|speaker:${missing[0]}|> but only ${modelIds.length} speaker model(s) are set (speakers 0 to ${modelIds.length - 1})`,
			'Add a Speaker Model for every speaker marker (the first model is speaker 0), or fix the marker.',
		);
	}
	const body: IDataObject = { text, model_ids: modelIds };
	if (typeof options.format === 'string' && options.format !== '') body.format = options.format;
	if (options.speed !== undefined && options.speed !== null && options.speed !== '') {
		body.speed = check.numberInRange(options.speed, 'Speed', 0.5, 2);
	}
	return body;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [
		await mapItems(this, async (i) => {
			const options = this.getNodeParameter('options', i, {}) as IDataObject;
			const body = buildTtsBody(this, i, options);
			const wait = this.getNodeParameter('waitForCompletion', i, true) as boolean;
			const submitted = (await callApi<IDataObject>(this, voiceClient, { method: 'POST', path: '/v1/tts', body }, { itemIndex: i })).body;
			if (!wait) return { json: submitted };
			const { taskId, task } = await waitForSubmitted(this, i, 'tts', submitted, options);
			const field = String(options.binaryPropertyName || 'data');
			return { json: task, binary: { [field]: await downloadTtsAudio(this, i, taskId) } };
		}),
	];
}
