import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyOptions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { downloadAsBinary } from '../../shared/binary';
import { mediaTranslationSubtitles } from '../../shared/subtitles';
import { asNodeError } from '../../shared/errors';
import type { ItemFailure } from '../../shared/items';
import { errorItem, keepFailure } from '../../shared/items';
import { pollUntilSettled } from '../../shared/polling';
import { callbackUrl, executionResumeUrl, waitForCallbacks, waitingItems } from '../../shared/waitResume';
import type { VmegEvent } from '../callback';
import { parseCallback, readSignedCallback, RESUME_URL_FIELD, resultFileUrls } from '../callback';
import { vmegRequest } from '../transport';

export type WaitMode = 'none' | 'poll' | 'webhook';

/** One input item's share of an accepted async job (a TTS job serves up to 50 items). */
export interface ItemJob {
	itemIndex: number;
	taskId: string;
	event: VmegEvent;
	/** Position of the item's line in the job's results (TTS/translation batches). */
	lineIndex?: number;
	acceptance: IDataObject;
}

export type ItemOutcome = ItemJob | { itemIndex: number; error: Error };

const FINISHED = new Set(['finished', 'success', 'succeeded', 'completed', 'done']);
const FAILED = new Set(['failed', 'error', 'cancelled', 'canceled']);

const WAIT_MODE_OPTIONS: INodePropertyOptions[] = [
	{ name: "Don't Wait", value: 'none', description: 'Output the task ID at once; get the result later (Task > Get, or a VMEG Trigger workflow)' },
	{ name: 'Poll', value: 'poll', description: 'Check the task from this node until it ends; fine for short jobs, but holds the execution running' },
	{
		name: 'Resume on Webhook',
		value: 'webhook',
		description: "Pause the execution (no worker held) until VMEG's callback, forwarded by a VMEG Trigger workflow, resumes it",
	},
];

/**
 * The "Wait for Completion" fields of an async operation. `modes` narrows the choice (the first
 * is the default); `downloads: false` leaves out Download Result Files for jobs without files.
 */
export function waitOptions(
	show: IDataObject,
	{ modes = ['none', 'poll', 'webhook'], downloads = true }: { modes?: WaitMode[]; downloads?: boolean } = {},
): INodeProperties[] {
	const displayOptions = { show } as INodeProperties['displayOptions'];
	const modeOptions = WAIT_MODE_OPTIONS.filter((o) => modes.includes(o.value as WaitMode));
	const defaultMode = modes[0];
	const whileWaiting = { show: { ...show, waitMode: ['poll', 'webhook'] } } as INodeProperties['displayOptions'];
	const fields: INodeProperties[] = [
		{
			displayName: 'Wait for Completion',
			name: 'waitMode',
			type: 'options',
			displayOptions,
			options: modeOptions,
			default: defaultMode,
		},
		{
			displayName: 'Time Limit (Minutes)',
			name: 'waitTimeLimit',
			type: 'number',
			typeOptions: { minValue: 1 },
			displayOptions: whileWaiting,
			default: 60,
			description: 'Stop waiting after this long; unfinished jobs are reported with status "timeout" and their task ID',
		},
	];
	if (!downloads) return fields;
	return [
		...fields,
		{
			displayName: 'Download Result Files',
			name: 'downloadResults',
			type: 'boolean',
			displayOptions: whileWaiting,
			default: true,
			description: 'Whether to attach the result audio/video as binary data (properties "audio", "video")',
		},
	];
}

/** `extraData` for an async submit: with Resume on Webhook, where the VMEG Trigger forwards to. */
export function extraDataFor(ctx: IExecuteFunctions, waitMode: WaitMode, itemIndex: number): IDataObject | undefined {
	if (waitMode !== 'webhook') return undefined;
	return { [RESUME_URL_FIELD]: callbackUrl(executionResumeUrl(ctx, itemIndex)) };
}

/** One async job to submit, serving one item or (a TTS/translation batch) several. */
export interface AsyncJob {
	itemIndexes: number[];
	path: string;
	event: VmegEvent;
	/** Batch jobs give each item its line position (`lineIndex`) in the job's results. */
	batched?: boolean;
}

/**
 * Submits each job (with the resume URL in `extraData` for Resume on Webhook) and records one
 * outcome per item it serves. `prepare` gives the body, and may first do paid work such as an
 * upload; its `acceptance` extras join the item's acceptance data. A failed job fails the node,
 * or with Continue On Fail becomes an error on each of its items.
 */
export async function submitJobs<J extends AsyncJob>(
	ctx: IExecuteFunctions,
	waitMode: WaitMode,
	jobs: J[],
	prepare: (job: J) => Promise<{ body: IDataObject; acceptance?: IDataObject }>,
): Promise<ItemOutcome[]> {
	const outcomes: ItemOutcome[] = [];
	for (const job of jobs) {
		const [itemIndex] = job.itemIndexes;
		try {
			const { body, acceptance } = await prepare(job);
			const extraData = extraDataFor(ctx, waitMode, itemIndex);
			const accepted = await vmegRequest<IDataObject>(
				ctx,
				{ method: 'POST', path: job.path, body: { ...body, ...(extraData ? { extraData } : {}) } },
				{ itemIndex, itemIndexes: job.itemIndexes },
			);
			job.itemIndexes.forEach((i, lineIndex) =>
				outcomes.push({
					itemIndex: i,
					taskId: String(accepted.taskId),
					event: job.event,
					...(job.batched ? { lineIndex } : {}),
					acceptance: { ...accepted, ...acceptance },
				}),
			);
		} catch (error) {
			const failures: ItemFailure[] = [];
			for (const i of job.itemIndexes) keepFailure(ctx, failures, i, error);
			outcomes.push(...failures);
		}
	}
	return outcomes;
}

/**
 * Ends an async operation according to the wait mode: outputs acceptance data, polls task
 * detail, or parks the execution until every job's callback has arrived.
 */
export async function finishJobs(
	ctx: IExecuteFunctions,
	outcomes: ItemOutcome[],
	waitMode: WaitMode,
	/** Results already read (Task > Wait for Completion checks each task first): ended ones are not polled again. */
	known: Map<string, TaskResult> = new Map(),
): Promise<INodeExecutionData[][]> {
	const limitMs = waitMode === 'none' ? 0 : Number(ctx.getNodeParameter('waitTimeLimit', 0, 60)) * 60_000;
	const download = waitMode !== 'none' && (ctx.getNodeParameter('downloadResults', 0, true) as boolean);
	if (waitMode === 'webhook' && outcomes.some((o) => 'taskId' in o)) {
		return await waitForCallbacks(ctx, outcomes.map(timeoutItem), new Date(Date.now() + limitMs));
	}
	const results = new Map<string, TaskResult>();
	const pollErrors = new Map<string, Error>();
	if (waitMode === 'poll') {
		const signal = ctx.getExecutionCancelSignal();
		const taskIds = [...new Set(outcomes.flatMap((o) => ('taskId' in o ? [o.taskId] : [])))];
		await Promise.all(
			taskIds.map(async (taskId) => {
				const seen = known.get(taskId);
				if (seen && (seen.state === 'done' || seen.state === 'failed')) return void results.set(taskId, seen);
				try {
					const outcome = await pollUntilSettled(
						async () => await getTaskResult(ctx, taskId),
						(r) => (r.state === 'timeout' ? 'pending' : r.state),
						{ timeoutMs: limitMs, initialDelayMs: 2_000, maxDelayMs: 30_000, signal },
					);
					results.set(taskId, outcome.timedOut ? { ...outcome.value, state: 'timeout' } : outcome.value);
				} catch (error) {
					// Checking one task failed (after retries): with Continue On Fail only its items say so.
					if (!ctx.continueOnFail()) throw asNodeError(ctx.getNode(), error);
					pollErrors.set(taskId, error as Error);
				}
			}),
		);
	}
	const items: INodeExecutionData[] = [];
	for (const outcome of outcomes) {
		if (!('taskId' in outcome)) {
			if (!ctx.continueOnFail()) throw outcome.error;
			items.push(errorItem(outcome.itemIndex, outcome.error));
			continue;
		}
		const pollError = pollErrors.get(outcome.taskId);
		if (pollError) {
			items.push(errorItem(outcome.itemIndex, pollError));
			continue;
		}
		const result = results.get(outcome.taskId);
		items.push(result ? await itemFromResult(ctx, outcome, result, download) : acceptedItem(outcome));
	}
	return [items];
}

export interface TaskResult {
	state: 'done' | 'failed' | 'pending' | 'timeout';
	status: string;
	data: IDataObject;
	message?: string;
}

/** Task detail, read as the callback `data` of the same job would be. */
export async function getTaskResult(ctx: IExecuteFunctions | IWebhookFunctions, taskId: string, itemIndex?: number): Promise<TaskResult> {
	const detail = await vmegRequest<IDataObject>(ctx, { method: 'GET', path: '/openapi/v1/tasks/detail', qs: { taskId } }, { itemIndex });
	const status = String(detail.status ?? '').toLowerCase();
	const state = FINISHED.has(status) ? 'done' : FAILED.has(status) ? 'failed' : 'pending';
	const raw = (detail.result ?? {}) as IDataObject;
	// Media translation callbacks carry the deliverables under data.result; detail has them as result.
	const data = detail.taskType === 'vt' || detail.taskType === 'at' || raw.build ? { taskId, status, result: raw } : { taskId, ...raw };
	return { state, status, data, message: typeof detail.message === 'string' ? detail.message : undefined };
}

function acceptedItem(job: ItemJob): INodeExecutionData {
	return {
		json: { taskId: job.taskId, status: 'accepted', ...(job.lineIndex !== undefined ? { lineIndex: job.lineIndex } : {}), ...job.acceptance },
		pairedItem: { item: job.itemIndex },
	};
}

/** What a parked item says if n8n's time limit resumes the execution before the callbacks do. */
function timeoutItem(outcome: ItemOutcome): INodeExecutionData {
	if (!('taskId' in outcome)) {
		return { json: { error: outcome.error.message, itemIndex: outcome.itemIndex }, pairedItem: { item: outcome.itemIndex } };
	}
	return {
		json: {
			taskId: outcome.taskId,
			event: outcome.event,
			itemIndex: outcome.itemIndex,
			...(outcome.lineIndex !== undefined ? { lineIndex: outcome.lineIndex } : {}),
			status: 'timeout',
			message: 'No completion callback arrived within the time limit. Check the job with Task > Get.',
		},
		pairedItem: { item: outcome.itemIndex },
	};
}

/** One output item from a job's result; a TTS/translation batch gives each item its own line. */
async function itemFromResult(
	ctx: IExecuteFunctions | IWebhookFunctions,
	job: Pick<ItemJob, 'itemIndex' | 'taskId' | 'event' | 'lineIndex'>,
	result: TaskResult,
	download: boolean,
): Promise<INodeExecutionData> {
	const data = lineOf(job.event, result.data, job.lineIndex);
	const json: IDataObject = { taskId: job.taskId, status: result.state === 'done' ? 'finished' : result.state === 'pending' ? result.status || 'running' : result.state, ...data };
	if (result.state === 'failed' && result.message) json.message = result.message;
	const lineError = typeof data.errorMessage === 'string' && data.errorMessage ? data.errorMessage : undefined;
	if (lineError) json.status = 'failed';
	let binary: IBinaryKeyData | undefined;
	if (download && result.state === 'done' && !lineError) {
		binary = {};
		for (const file of resultFileUrls(job.event, job.event === 'openapi-tts' ? { results: [data] } : data)) {
			binary[file.key] = await downloadAsBinary(ctx, file.url, { fileName: resultFileName(job, file.key, file.url) });
		}
		if (job.event === 'openapi-media-translation') Object.assign(binary, await mediaTranslationSubtitles(ctx, job.itemIndex, data, job.taskId));
	}
	return { json, ...(binary && Object.keys(binary).length ? { binary } : {}), pairedItem: { item: job.itemIndex } };
}

/** For batch jobs, the result line of this item; otherwise the whole result. */
function lineOf(event: VmegEvent, data: IDataObject, lineIndex: number | undefined): IDataObject {
	if (lineIndex === undefined) return data;
	const list = (event === 'openapi-tts' ? data.results : data.items) as IDataObject[] | undefined;
	return { lineIndex, ...(list?.[lineIndex] ?? { errorMessage: 'The job returned no result for this line' }) };
}

function resultFileName(job: Pick<ItemJob, 'taskId' | 'lineIndex'>, key: string, url: string): string {
	const extension = (url.split('?')[0].match(/\.([a-z0-9]{2,4})$/i)?.[1] ?? (key === 'video' ? 'mp4' : 'm4a')).toLowerCase();
	const line = job.lineIndex === undefined ? '' : `-${job.lineIndex + 1}`;
	return `${job.taskId}${line}${key === 'audio' || key === 'video' ? '' : `-${key}`}.${extension}`;
}

/**
 * The resumed node's webhook: a VMEG callback forwarded by the VMEG Trigger. It verifies the
 * signature again (the forwarder could be anyone who learnt the URL), then resumes the execution
 * only once every parked job has ended; until then it answers and keeps waiting.
 */
export async function vmegResumeWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const { rawBody, check } = await readSignedCallback(this);
	if (!check.valid) {
		this.getResponseObject().status(401).json({ error: 'invalid signature', reason: check.reason });
		return { noWebhookResponse: true };
	}
	const callback = parseCallback(rawBody);
	const waiting = waitingItems(this);
	const parked = waiting.filter((item) => typeof item.taskId === 'string');
	const taskId = callback?.data?.taskId;
	if (!callback || !taskId || !parked.some((item) => item.taskId === taskId)) {
		return { webhookResponse: { received: true, ignored: 'not a job of this execution' } };
	}

	const results = new Map<string, TaskResult>();
	results.set(taskId, {
		state: callback.code === 200 && String(callback.data.status ?? 'finished') !== 'failed' ? 'done' : 'failed',
		status: String(callback.data.status ?? (callback.code === 200 ? 'finished' : 'failed')),
		data: callback.data,
		message: callback.message,
	});
	const others = [...new Set(parked.map((item) => String(item.taskId)))].filter((id) => id !== taskId);
	// Stop at the first job still running: its own callback will come and check again. (Checking
	// all of them every time costs N requests per callback, inside the Trigger's forward timeout.)
	for (const other of others) {
		const result = await getTaskResult(this, other);
		if (result.state === 'pending') return { webhookResponse: { received: true, waitingFor: other } };
		results.set(other, result);
	}

	const download = this.getNodeParameter('downloadResults', true) as boolean;
	const items: INodeExecutionData[] = [];
	for (const item of waiting) {
		if (typeof item.taskId !== 'string') {
			// Failed at submit (continueOnFail): its error item flows on unchanged.
			items.push({ json: item, pairedItem: { item: Number(item.itemIndex ?? 0) } });
			continue;
		}
		const job = {
			itemIndex: Number(item.itemIndex ?? 0),
			taskId: String(item.taskId),
			event: item.event as VmegEvent,
			lineIndex: typeof item.lineIndex === 'number' ? item.lineIndex : undefined,
		};
		items.push(await itemFromResult(this, job, results.get(job.taskId)!, download));
	}
	return { workflowData: [items], webhookResponse: { received: true, resumed: true } };
}
