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
import { NodeOperationError } from 'n8n-workflow';

import { downloadAsBinary } from '../../shared/binary';
import { mapBounded } from '../../shared/concurrency';
import { mediaTranslationSubtitles } from '../../shared/subtitles';
import { asNodeError } from '../../shared/errors';
import { errorItem } from '../../shared/items';
import { pollUntilSettled } from '../../shared/polling';
import { callbackUrl, executionResumeUrl, waitForCallbacks, waitingItems } from '../../shared/waitResume';
import { parseCallback, readSignedCallback, RESUME_URL_FIELD, resultFileUrls, type ResultFile, type VmegCallback, type VmegEvent } from '../callback';
import { FAILED, FINISHED } from '../lostAnswer';
import { outputBinaryField } from './outputFiles';
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
			description: 'Whether to attach the result audio/video as binary data (field "data" unless Options > Put Output File in Field says otherwise)',
		},
	];
}

/** `extraData` for an async submit: with Resume on Webhook, where the VMEG Trigger forwards to. */
function extraDataFor(ctx: IExecuteFunctions, waitMode: WaitMode, itemIndex: number): IDataObject | undefined {
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

/** Async submits in flight at once (Create Async of n items, TTS/translation batches). */
export const SUBMITS_IN_FLIGHT = 4;

/**
 * Submits the jobs, up to `concurrency` at once (with the resume URL in `extraData` for Resume
 * on Webhook), and records one outcome per item each serves, in job order. `prepare` gives the
 * body, and may first do paid work such as an upload; its `acceptance` extras join the item's
 * acceptance data. A failed job fails the node: no further job starts, the ones in flight are
 * awaited and the error names the tasks already accepted (they still run at VMEG). With Continue
 * On Fail it becomes an error on each of its items and the others go on.
 */
export async function submitJobs<J extends AsyncJob>(
	ctx: IExecuteFunctions,
	waitMode: WaitMode,
	jobs: J[],
	prepare: (job: J) => Promise<{ body: IDataObject; acceptance?: IDataObject }>,
	concurrency = SUBMITS_IN_FLIGHT,
): Promise<ItemOutcome[]> {
	const keepGoing = ctx.continueOnFail();
	const settled: Array<{ accepted: IDataObject; acceptance?: IDataObject } | { error: unknown }> = [];
	try {
		await mapBounded(jobs, concurrency, async (job, index) => {
			try {
				const { body, acceptance } = await prepare(job);
				const extraData = extraDataFor(ctx, waitMode, job.itemIndexes[0]);
				const accepted = await vmegRequest<IDataObject>(
					ctx,
					{ method: 'POST', path: job.path, body: { ...body, ...(extraData ? { extraData } : {}) } },
					{ itemIndex: job.itemIndexes[0], itemIndexes: job.itemIndexes },
				);
				settled[index] = { accepted, acceptance };
			} catch (error) {
				settled[index] = { error };
				// Without Continue On Fail the node fails anyway: start no more (paid) jobs.
				if (!keepGoing) throw asNodeError(ctx.getNode(), error, job.itemIndexes[0]);
			}
		});
	} catch {
		// The earliest failure is reported below, with the jobs accepted around it.
	}
	const outcomes: ItemOutcome[] = [];
	jobs.forEach((job, index) => {
		const result = settled[index];
		if (!result) return;
		if ('error' in result) {
			if (!keepGoing) throw failedSubmit(ctx, job, result.error, acceptedTasks(jobs, settled));
			for (const i of job.itemIndexes) outcomes.push({ itemIndex: i, error: result.error as Error });
			return;
		}
		job.itemIndexes.forEach((i, lineIndex) =>
			outcomes.push({
				itemIndex: i,
				taskId: String(result.accepted.taskId),
				event: job.event,
				...(job.batched ? { lineIndex } : {}),
				acceptance: { ...result.accepted, ...result.acceptance },
			}),
		);
	});
	return outcomes;
}

function acceptedTasks(jobs: AsyncJob[], settled: Array<{ accepted: IDataObject } | { error: unknown } | undefined>): string[] {
	return jobs.flatMap((job, index) => {
		const result = settled[index];
		if (!result || 'error' in result) return [];
		const items = job.itemIndexes.map((i) => i + 1).join(', ');
		return [`${String(result.accepted.taskId)} (item${job.itemIndexes.length > 1 ? 's' : ''} ${items})`];
	});
}

/** The node error for a refused submit; names the tasks VMEG accepted before the node stopped. */
function failedSubmit(ctx: IExecuteFunctions, job: AsyncJob, error: unknown, accepted: string[]): Error {
	const nodeError = asNodeError(ctx.getNode(), error, job.itemIndexes[0]);
	if (!accepted.length) return nodeError;
	const note = `VMEG had already accepted ${accepted.length === 1 ? 'this task' : 'these tasks'}, which still run: ${accepted.join(', ')}. Find their results with Task > Get or a VMEG Trigger workflow before running again.`;
	nodeError.description = nodeError.description ? `${nodeError.description} ${note}` : note;
	return nodeError;
}

/**
 * Ends an async operation according to the wait mode: outputs acceptance data, polls task
 * detail, or parks the execution until every job's callback has arrived. A job that failed fails
 * its items with VMEG's own reason (the node, without Continue On Fail), whatever the mode.
 */
export async function finishJobs(
	ctx: IExecuteFunctions,
	outcomes: ItemOutcome[],
	waitMode: WaitMode,
	/** Results already read (Task > Wait for Completion checks each task first): ended ones are not polled again. */
	known: Map<string, TaskResult> = new Map(),
): Promise<INodeExecutionData[][]> {
	const limitMs = waitMode === 'none' ? 0 : Number(ctx.getNodeParameter('waitTimeLimit', 0, 60)) * 60_000;
	const download = waitMode !== 'none' && (ctx.getNodeParameter('downloadResults', 0, true) as boolean) ? outputBinaryField(ctx) : false;
	const taskIds = [...new Set(outcomes.flatMap((o) => ('taskId' in o ? [o.taskId] : [])))];
	const results = new Map<string, TaskResult>();
	const pollErrors = new Map<string, Error>();
	if (waitMode === 'webhook' && taskIds.length > 0) {
		// Checked once right before parking: a fast job can end (and its callback reach n8n, which
		// answers 409 while the execution is still running) before n8n saves the execution as waiting.
		const ended = await endedJobs(ctx, taskIds);
		if (ended.size < taskIds.length) {
			// A job that has already failed fails the node now rather than after the wait.
			if (!ctx.continueOnFail()) failFirstFailedJob(ctx, outcomes, ended);
			return await waitForCallbacks(ctx, outcomes.map(timeoutItem), new Date(Date.now() + limitMs));
		}
		for (const [taskId, result] of ended) results.set(taskId, result);
	}
	if (waitMode === 'poll') {
		const signal = ctx.getExecutionCancelSignal();
		await Promise.all(
			taskIds.map(async (taskId) => {
				const seen = known.get(taskId);
				if (seen && (seen.state === 'done' || seen.state === 'failed')) return void results.set(taskId, seen);
				// Errors name the first item this task serves.
				const itemIndex = outcomes.find((o) => 'taskId' in o && o.taskId === taskId)?.itemIndex;
				try {
					const outcome = await pollUntilSettled(
						async () => await getTaskResult(ctx, taskId, itemIndex),
						(r) => (r.state === 'timeout' ? 'pending' : r.state),
						{ timeoutMs: limitMs, initialDelayMs: 2_000, maxDelayMs: 30_000, signal },
					);
					results.set(taskId, outcome.timedOut ? { ...outcome.value, state: 'timeout' } : outcome.value);
				} catch (error) {
					// Checking one task failed (after retries): with Continue On Fail only its items say so.
					if (!ctx.continueOnFail()) throw asNodeError(ctx.getNode(), error, itemIndex);
					pollErrors.set(taskId, error as Error);
				}
			}),
		);
	}
	const continueOnFail = ctx.continueOnFail();
	// Failures first, so the node fails before downloading anything for the other items.
	if (!continueOnFail) failFirstFailedJob(ctx, outcomes, results);
	const items: INodeExecutionData[] = [];
	for (const outcome of outcomes) {
		if (!('taskId' in outcome)) {
			if (!continueOnFail) throw outcome.error;
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

/** Task detail of each job, read once; only the jobs that have ended (a failed check counts as running). */
async function endedJobs(ctx: IExecuteFunctions, taskIds: string[]): Promise<Map<string, TaskResult>> {
	const ended = new Map<string, TaskResult>();
	await Promise.all(
		taskIds.map(async (taskId) => {
			try {
				const result = await getTaskResult(ctx, taskId);
				if (result.state === 'done' || result.state === 'failed') ended.set(taskId, result);
			} catch {
				// Not checkable now: its callback will still resume the execution.
			}
		}),
	);
	return ended;
}

/** Throws the failure of the first item (in item order) whose job or line failed. */
function failFirstFailedJob(ctx: IExecuteFunctions | IWebhookFunctions, outcomes: Array<ItemOutcome | ParkedJob>, results: Map<string, TaskResult>): void {
	for (const outcome of outcomes) {
		if (!('taskId' in outcome)) continue;
		const result = results.get(outcome.taskId);
		const reason = result && failureReason(outcome, result);
		if (reason !== undefined) throw jobFailedError(ctx, outcome, reason);
	}
}

/**
 * VMEG's own reason when this item's job (or its line of a batch job) failed; undefined when it
 * succeeded or is still running.
 */
function failureReason(job: Pick<ItemJob, 'event' | 'lineIndex'>, result: TaskResult): string | undefined {
	if (result.state !== 'done' && result.state !== 'failed') return undefined;
	const line = lineOf(job.event, result.data, job.lineIndex);
	const lineError = typeof line?.errorMessage === 'string' && line.errorMessage ? line.errorMessage : undefined;
	if (result.state === 'failed') return lineError ?? result.message ?? 'VMEG reported the job as failed without giving a reason';
	if (lineError) return lineError;
	if (job.lineIndex !== undefined && !line) return 'VMEG returned no result for this line';
	return undefined;
}

function jobFailedError(ctx: IExecuteFunctions | IWebhookFunctions, job: Pick<ItemJob, 'itemIndex' | 'taskId' | 'lineIndex'>, reason: string): NodeOperationError {
	const line = job.lineIndex !== undefined ? ` (line ${job.lineIndex + 1} of the job)` : '';
	return new NodeOperationError(ctx.getNode(), `VMEG job ${job.taskId} failed for item ${job.itemIndex}${line}: ${reason}`, {
		itemIndex: job.itemIndex,
		description:
			'VMEG accepted the job but could not finish it; the reason above is VMEG\'s own. Check the item\'s input (text, voice, file, languages), then run it again, or turn on Continue On Fail to keep the other results.',
	});
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
	return { state, status, data, message: reasonIn(detail) ?? reasonIn(raw) };
}

/** Where a failure reason may sit in task detail (VMEG documents no field for it). */
const REASON_FIELDS = ['errorMessage', 'message', 'error', 'reason', 'failReason'];

function reasonIn(value: IDataObject): string | undefined {
	for (const field of REASON_FIELDS) {
		const text = value[field];
		if (typeof text === 'string' && text.trim()) return text;
	}
	return undefined;
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
	job: ParkedJob,
	result: TaskResult,
	/** The binary field to put result files in (see resultFileUrls), or false: no download. */
	download: string | false,
): Promise<INodeExecutionData> {
	// Only reached for a failed job under Continue On Fail: without it the node has already failed.
	const reason = failureReason(job, result);
	if (reason !== undefined) return errorItem(job.itemIndex, jobFailedError(ctx, job, reason));
	const data = job.lineIndex === undefined ? result.data : { lineIndex: job.lineIndex, ...(lineOf(job.event, result.data, job.lineIndex) ?? {}) };
	const status = result.state === 'done' ? 'finished' : result.state === 'pending' ? result.status || 'running' : result.state;
	const json: IDataObject = { taskId: job.taskId, status, ...data };
	let binary: IBinaryKeyData | undefined;
	if (download !== false && result.state === 'done') {
		binary = {};
		// A batch item's data is its own line; a whole TTS task (Task > Wait for Completion) has every line in `results`.
		const files = resultFileUrls(job.event, job.event === 'openapi-tts' && job.lineIndex !== undefined ? { results: [data] } : data, download);
		for (const file of files) {
			binary[file.key] = await downloadAsBinary(ctx, file.url, { fileName: resultFileName(job, file) });
		}
		if (job.event === 'openapi-media-translation') Object.assign(binary, await mediaTranslationSubtitles(ctx, job.itemIndex, data, job.taskId, download));
	}
	return { json, ...(binary && Object.keys(binary).length ? { binary } : {}), pairedItem: { item: job.itemIndex } };
}

/** For batch jobs, the result line of this item (undefined if VMEG gave none); otherwise the whole result. */
function lineOf(event: VmegEvent, data: IDataObject, lineIndex: number | undefined): IDataObject | undefined {
	if (lineIndex === undefined) return data;
	const list = (event === 'openapi-tts' ? data.results : data.items) as IDataObject[] | undefined;
	return list?.[lineIndex];
}

function resultFileName(job: Pick<ItemJob, 'taskId' | 'lineIndex'>, file: ResultFile): string {
	const extension = (file.url.split('?')[0].match(/\.([a-z0-9]{2,4})$/i)?.[1] ?? (file.kind === 'video' ? 'mp4' : 'm4a')).toLowerCase();
	const line = job.lineIndex === undefined ? '' : `-${job.lineIndex + 1}`;
	return `${job.taskId}${line}${file.fileSuffix}.${extension}`;
}

/** A parked item's job, as the resumed node's webhook reads it back. */
interface ParkedJob {
	itemIndex: number;
	taskId: string;
	event: VmegEvent;
	lineIndex?: number;
}

/** The job a waiting item was parked with; undefined for an item that failed at submit. */
function parkedJobOf(item: IDataObject): ParkedJob | undefined {
	if (typeof item.taskId !== 'string') return undefined;
	return { itemIndex: Number(item.itemIndex ?? 0), taskId: item.taskId, event: item.event as VmegEvent, lineIndex: typeof item.lineIndex === 'number' ? item.lineIndex : undefined };
}

/**
 * Executions this process is resuming now (or has just resumed), so concurrent or repeated
 * callbacks of the same execution resume it once and download its files once. n8n answers 409
 * from the moment the resumed execution runs; this covers the moments before that.
 */
const resuming = new Map<string, number>();
const RESUME_CLAIM_MS = 10 * 60_000;

function claimResume(executionId: string): boolean {
	const now = Date.now();
	for (const [id, at] of resuming) if (now - at > RESUME_CLAIM_MS) resuming.delete(id);
	if (resuming.has(executionId)) return false;
	resuming.set(executionId, now);
	return true;
}

/** Whether the node's settings say "continue" on error (n8n gives webhooks no continueOnFail()). */
function continuesOnFail(ctx: IWebhookFunctions): boolean {
	const node = ctx.getNode();
	return node.continueOnFail === true || node.onError === 'continueRegularOutput' || node.onError === 'continueErrorOutput';
}

/**
 * The resumed node's webhook: a VMEG callback forwarded by the VMEG Trigger. It verifies the
 * signature again (the forwarder could be anyone who learnt the URL), then resumes the execution
 * only once every parked job has ended; until then it answers and keeps waiting.
 *
 * When the last job has ended it answers first, then downloads each job's files once. A failed job
 * fails the execution with VMEG's reason: on resume n8n re-runs the node disabled (its output is
 * whatever this returns), so the only way to fail it is to throw here, before answering; n8n then
 * answers 500 and ends the execution in error with this error. Under Continue On Fail the job's
 * items become error items instead, and the execution goes on.
 */
export async function vmegResumeWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const res = this.getResponseObject();
	const { rawBody, check } = await readSignedCallback(this);
	if (!check.valid) {
		res.status(401).json({ error: 'invalid signature', reason: check.reason });
		return { noWebhookResponse: true };
	}
	const callback = parseCallback(rawBody);
	const waiting = waitingItems(this);
	const parked = waiting.flatMap((item) => parkedJobOf(item) ?? []);
	const taskId = callback?.data?.taskId;
	if (!callback || !taskId || !parked.some((job) => job.taskId === taskId)) {
		return { webhookResponse: { received: true, ignored: 'not a job of this execution' } };
	}

	const results = new Map<string, TaskResult>();
	results.set(taskId, callbackResult(callback));
	const others = [...new Set(parked.map((job) => job.taskId))].filter((id) => id !== taskId);
	// Stop at the first job still running: its own callback will come and check again. (Checking
	// all of them every time costs N requests per callback, inside the Trigger's forward timeout.)
	for (const other of others) {
		let result: TaskResult;
		try {
			result = await getTaskResult(this, other);
		} catch (error) {
			// Throwing would end the execution in error: keep it waiting and have the callback retried.
			this.logger.warn(`VMEG: could not check job ${other} while resuming: ${(error as Error).message}`);
			res.status(503).json({ received: false, error: `could not check job ${other}; retry later` });
			return { noWebhookResponse: true };
		}
		if (result.state === 'pending' || result.state === 'timeout') return { webhookResponse: { received: true, waitingFor: other } };
		results.set(other, result);
	}

	if (!claimResume(this.getExecutionId())) return { webhookResponse: { received: true, resumed: 'already' } };
	// Decided before answering: after the answer, a thrown error could not reach n8n's response.
	if (!continuesOnFail(this)) failFirstFailedJob(this, parked, results);

	// Answer the forward (and so the Trigger, and VMEG) before downloading the files.
	res.status(200).json({ received: true, resumed: true });
	const download = (this.getNodeParameter('downloadResults', true) as boolean) ? outputBinaryField(this) : false;
	const items: INodeExecutionData[] = [];
	for (const item of waiting) {
		const job = parkedJobOf(item);
		if (!job) {
			// Failed at submit (continueOnFail): its error item flows on unchanged.
			items.push({ json: item, pairedItem: { item: Number(item.itemIndex ?? 0) } });
			continue;
		}
		try {
			items.push(await itemFromResult(this, job, results.get(job.taskId)!, download));
		} catch (error) {
			// Already answered, so this cannot fail the execution any more: the item says why.
			items.push(errorItem(job.itemIndex, asNodeError(this.getNode(), error, job.itemIndex)));
		}
	}
	return { workflowData: [items], noWebhookResponse: true };
}

/** A job's result as its callback reports it. */
function callbackResult(callback: VmegCallback): TaskResult {
	const status = String(callback.data.status ?? (callback.code === 200 ? 'finished' : 'failed'));
	const failed = callback.code !== 200 || FAILED.has(status.toLowerCase());
	return { state: failed ? 'failed' : 'done', status, data: callback.data, message: callback.message || undefined };
}
