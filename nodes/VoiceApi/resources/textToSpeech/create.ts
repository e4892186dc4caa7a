import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { callApi, requestTimeoutOption } from '../../../shared/api';
import { inputError } from '../../../shared/errors';
import { mapCheckedItems } from '../../../shared/items';
import { InputValidator } from '../../../shared/validation';
import { optionsCollection } from '../../../shared/properties';
import { locatorValue, timeLimitOption, waitField } from '../../helpers/fields';
import { downloadTtsAudio, knownModelIds, waitForSubmitted } from '../../helpers/tasks';
import { voiceClient } from '../../transport';
import { speedOption, textAndSpeakers } from './fields';

/** Default per-call character cap (the node option "Text Limit"); the API auto-chunks below it. */
export const DEFAULT_MAX_CHARACTERS = 10_000;

const SPEAKER_MARKER = /<\|speaker:(\d+)\|>/g;

export const option: INodePropertyOptions = {
	name: 'Create',
	value: 'create',
	action: 'Convert text to speech',
	description:
		'Synthesise text to MP3 with one model, or several speakers marked &lt;|speaker:N|&gt; (N = position of the model, from 0); [emotion] cues like [excited] are allowed. By default waits and returns the MP3 file.',
};

const properties: INodeProperties[] = [
	...textAndSpeakers,
	waitField('Whether to wait until the audio is ready and return it as an MP3 file; off: return the task ID at once'),
	optionsCollection([
		requestTimeoutOption,
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
	]),
];

export const description = updateDisplayOptions({ show: { resource: ['textToSpeech'], operation: ['create'] } }, properties);

/** Options > Text Limit: a positive whole number of characters (default 10,000). */
function textLimit(check: InputValidator, options: IDataObject): number {
	if (options.maxCharacters === undefined) return DEFAULT_MAX_CHARACTERS;
	const max = check.numberInRange(options.maxCharacters, 'Text Limit', 1, 1_000_000);
	if (!Number.isInteger(max)) check.fail(`Text Limit must be a whole number of characters (got ${max})`, 'Set Options > Text Limit to a whole number, or remove the option to use 10,000.');
	return max;
}

/**
 * Model IDs in speaker order, and the checks that need no request. Narrate passes `maxOverride` =
 * Infinity: it checks its whole text's markers here and splits it below the per-call cap itself.
 */
export function buildTtsBody(ctx: IExecuteFunctions, itemIndex: number, options: IDataObject, maxOverride?: number): IDataObject {
	const check = new InputValidator(ctx.getNode(), itemIndex);
	const max = maxOverride ?? textLimit(check, options);
	const text = check.text(ctx.getNodeParameter('text', itemIndex), 'Text', { max });
	const speakers = ((ctx.getNodeParameter('speakerModels', itemIndex, {}) as IDataObject).speakers ?? []) as IDataObject[];
	const modelIds = speakers.map((s, n) => locatorValue(s.model, check, `Speaker model ${n}`));
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

interface TtsRequest {
	body: IDataObject;
	options: IDataObject;
	wait: boolean;
}

function readTtsRequest(ctx: IExecuteFunctions, itemIndex: number): TtsRequest {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return { body: buildTtsBody(ctx, itemIndex, options), options, wait: ctx.getNodeParameter('waitForCompletion', itemIndex, true) as boolean };
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// With several items, an unknown model in item 3 must not follow paid audio for items 1 and 2.
	const known = this.getInputData().length > 1 ? await knownModelIds(this) : undefined;
	return [
		await mapCheckedItems(this, (i) => checkModels(this, i, readTtsRequest(this, i), known), async (i, { body, options, wait }) => {
			const submitted = (await callApi<IDataObject>(this, voiceClient, { method: 'POST', path: '/v1/tts', body }, { itemIndex: i })).body;
			if (!wait) return { json: submitted };
			const { taskId, task } = await waitForSubmitted(this, i, 'tts', submitted, options);
			const field = String(options.binaryPropertyName || 'data');
			return { json: task, binary: { [field]: await downloadTtsAudio(this, i, taskId) } };
		}),
	];
}

/** Fails an item whose model is not in the account's model list (when the whole list could be read). */
function checkModels(ctx: IExecuteFunctions, itemIndex: number, request: TtsRequest, known: Set<string> | undefined): TtsRequest {
	const missing = known ? (request.body.model_ids as string[]).find((id) => !known.has(id)) : undefined;
	if (missing !== undefined) {
		throw inputError(ctx.getNode(), itemIndex, `Voice model ${missing} not found`, 'Pick a model from the list (Model > List shows the available IDs); cloned models appear once trained.');
	}
	return request;
}
