import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { downloadAsBinary } from '../../../shared/binary';
import { chunk } from '../../../shared/items';
import { InputValidator } from '../../../shared/validation';
import { asNodeError } from '../../../shared/errors';
import type { ItemOutcome, WaitMode } from '../../helpers/asyncJobs';
import { extraDataFor, finishJobs, waitOptions } from '../../helpers/asyncJobs';
import { isLocaleCode, targetLocaleOptions } from '../../languages';
import { vmegRequest } from '../../transport';
import { voiceLocator } from '../voiceLocator';

/** VMEG takes at most 50 lines per TTS request. */
export const TTS_BATCH_SIZE = 50;
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
		description: 'The line to speak. Each input item is one line; lines are sent 50 per request.',
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
	voiceLocator('voiceId', 'Voice', { ...show, voiceSource: ['voice'] }),
	{
		displayName: 'Reference Audio URL',
		name: 'timbreRefAudio',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://…/voice-sample.wav',
		displayOptions: { show: { ...show, voiceSource: ['timbreRefAudio'] } },
	},
	{
		displayName: 'Target Language',
		name: 'targetLanguage',
		type: 'options',
		options: targetLocaleOptions,
		default: 'en-US',
		displayOptions: { show },
	},
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
		description: 'Whether to attach each line\'s audio as binary property "audio"',
	},
	...waitOptions(showAsync),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{ displayName: 'Emotion Prompt', name: 'emoPrompt', type: 'string', default: '', description: 'How the line should sound, e.g. "cheerful, a little out of breath"' },
			{ displayName: 'Emotion Reference Audio URL', name: 'emoRefAudio', type: 'string', default: '', description: 'HTTPS link to audio whose emotion to copy' },
			{ displayName: 'Emotion Weight', name: 'emoWeight', type: 'number', typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 }, default: 0.5, description: 'How strongly to apply the emotion, 0 to 1' },
			{ displayName: 'Engine', name: 'provider', type: 'options', options: ['V1', 'V2', 'V3', 'V4', 'V5'].map((v) => ({ name: v, value: v })), default: 'V1', description: 'Deprecated by VMEG (it infers the engine from the voice); send only if told to, e.g. with reference audio' },
			{ displayName: 'Target Duration (Seconds)', name: 'duration', type: 'number', typeOptions: { minValue: 0.1 }, default: 5, description: 'Fit the line to this length' },
			{ displayName: 'Trim Silence', name: 'trim', type: 'boolean', default: false, description: 'Whether to strip leading and trailing silence' },
		],
	},
];

interface Line {
	itemIndex: number;
	line: IDataObject;
	/** Request-level settings; only lines that agree on them share a request. */
	batchKey: string;
	batch: IDataObject;
	voiceKind: 'system' | 'clone' | 'reference';
}

/** Reads and checks one item's line; throws a NodeOperationError naming the item and the fix. */
function readLine(ctx: IExecuteFunctions, itemIndex: number): Line {
	const check = new InputValidator(ctx.getNode(), itemIndex);
	const line: IDataObject = { text: check.text(ctx.getNodeParameter('text', itemIndex), 'Text', { max: 5_000 }) };
	let voiceKind: Line['voiceKind'] = 'reference';
	if (ctx.getNodeParameter('voiceSource', itemIndex) === 'timbreRefAudio') {
		line.timbreRefAudio = check.httpsUrl(ctx.getNodeParameter('timbreRefAudio', itemIndex), 'Reference Audio URL');
	} else {
		const voiceId = check.text(ctx.getNodeParameter('voiceId', itemIndex, '', { extractValue: true }), 'Voice');
		line.voiceId = voiceId;
		voiceKind = voiceId.startsWith('cv_') ? 'clone' : 'system';
	}
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (options.emoPrompt) line.emoPrompt = String(options.emoPrompt);
	if (options.emoRefAudio) line.emoRefAudio = check.httpsUrl(options.emoRefAudio, 'Emotion Reference Audio URL');
	if (options.emoWeight !== undefined) line.emoWeight = check.numberInRange(options.emoWeight, 'Emotion Weight', 0, 1);
	if (options.duration !== undefined) line.duration = check.numberInRange(options.duration, 'Target Duration', 0.1, 3_600);
	const target = String(ctx.getNodeParameter('targetLanguage', itemIndex));
	if (!isLocaleCode(target)) check.fail(`Target Language "${target}" is not a locale code`, 'Pick a language from the list, or use a code such as en-US.');
	const batch: IDataObject = {
		language: { target },
		outputFormat: check.oneOf(ctx.getNodeParameter('outputFormat', itemIndex), 'Output Format', ['wav', 'mp3', 'm4a'] as const),
		trim: options.trim === true,
	};
	if (options.provider) batch.provider = options.provider;
	return { itemIndex, line, batch, batchKey: JSON.stringify(batch), voiceKind };
}

/**
 * Groups valid lines into requests of at most 50 that share settings and voice kind, keeping
 * input order inside each request. VMEG rejects system and cloned voices in one request, so a
 * line whose voice kind differs from the batch it would join is an input error.
 */
function planBatches(ctx: IExecuteFunctions): { batches: Line[][]; failures: ItemOutcome[] } {
	const failures: ItemOutcome[] = [];
	const groups = new Map<string, Line[]>();
	const firstKind = new Map<string, Line['voiceKind']>();
	for (let i = 0; i < ctx.getInputData().length; i++) {
		try {
			const line = readLine(ctx, i);
			const kind = line.voiceKind === 'reference' ? undefined : line.voiceKind;
			const seen = firstKind.get(line.batchKey);
			if (kind && seen && seen !== kind) {
				new InputValidator(ctx.getNode(), i).fail(
					`Item ${i} uses a ${kind === 'clone' ? 'cloned' : 'system'} voice, but earlier items with the same settings use ${seen === 'clone' ? 'cloned' : 'system'} voices`,
					'VMEG cannot mix system (sv_…) and cloned (cv_…) voices in one request: give these items a different Output Format/Language, or run them in a separate node.',
				);
			}
			if (kind && !seen) firstKind.set(line.batchKey, kind);
			groups.set(line.batchKey, [...(groups.get(line.batchKey) ?? []), line]);
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx.getNode(), error);
			failures.push({ itemIndex: i, error: error as Error });
		}
	}
	const batches = [...groups.values()].flatMap((lines) => chunk(lines, TTS_BATCH_SIZE));
	return { batches, failures };
}

function requestBody(batch: Line[]): IDataObject {
	return { data: batch.map((l) => l.line), ...batch[0].batch };
}

/** Synchronous TTS: one request per batch of up to 50 lines, one output item per input item. */
export async function generate(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const { batches, failures } = planBatches(this);
	const download = this.getNodeParameter('downloadAudio', 0, true) as boolean;
	const byItem = new Map<number, INodeExecutionData>();
	for (const f of failures) byItem.set(f.itemIndex, { json: { error: (f as { error: Error }).error.message }, pairedItem: { item: f.itemIndex } });
	for (const batch of batches) {
		const itemIndexes = batch.map((l) => l.itemIndex);
		try {
			const result = await vmegRequest<IDataObject>(
				this,
				{ method: 'POST', path: '/openapi/v1/task/tts/create', body: requestBody(batch), timeout: 600_000 },
				{ itemIndex: itemIndexes[0], itemIndexes },
			);
			const results = (result.results as IDataObject[] | undefined) ?? [];
			for (const [position, line] of batch.entries()) {
				const lineResult = results[position] ?? { errorMessage: 'VMEG returned no result for this line' };
				const json: IDataObject = { taskId: result.taskId, lineIndex: position, text: line.line.text, ...lineResult };
				const item: INodeExecutionData = { json, pairedItem: { item: line.itemIndex } };
				if (lineResult.errorMessage && !this.continueOnFail()) {
					throw new Error(`VMEG could not speak item ${line.itemIndex}: ${String(lineResult.errorMessage)}`);
				}
				if (download && typeof lineResult.uri === 'string' && !lineResult.errorMessage) {
					const extension = String(line.batch.outputFormat);
					item.binary = { audio: await downloadAsBinary(this, lineResult.uri, { fileName: `${result.taskId}-${position + 1}.${extension}` }) };
				}
				byItem.set(line.itemIndex, item);
			}
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error);
			for (const i of itemIndexes) byItem.set(i, { json: { error: (error as Error).message }, pairedItem: { item: i } });
		}
	}
	return [[...byItem.keys()].sort((a, b) => a - b).map((i) => byItem.get(i)!)];
}

/** Async TTS: one task per batch; the wait mode decides what the node outputs. */
export async function createAsync(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const { batches, failures } = planBatches(this);
	const waitMode = this.getNodeParameter('waitMode', 0, 'none') as WaitMode;
	const outcomes: ItemOutcome[] = [...failures];
	for (const batch of batches) {
		const itemIndexes = batch.map((l) => l.itemIndex);
		try {
			const extraData = extraDataFor(this, waitMode, itemIndexes[0]);
			const accepted = await vmegRequest<IDataObject>(
				this,
				{ method: 'POST', path: '/openapi/v1/task/tts/create-async', body: { ...requestBody(batch), ...(extraData ? { extraData } : {}) } },
				{ itemIndex: itemIndexes[0], itemIndexes },
			);
			batch.forEach((line, lineIndex) =>
				outcomes.push({ itemIndex: line.itemIndex, taskId: String(accepted.taskId), event: 'openapi-tts', lineIndex, acceptance: accepted }),
			);
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error);
			for (const i of itemIndexes) outcomes.push({ itemIndex: i, error: error as Error });
		}
	}
	outcomes.sort((a, b) => a.itemIndex - b.itemIndex);
	return await finishJobs(this, outcomes, waitMode);
}
