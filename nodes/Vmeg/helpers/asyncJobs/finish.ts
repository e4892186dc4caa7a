import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { downloadAsBinary } from '../../../shared/binary';
import { asNodeError } from '../../../shared/errors';
import { errorItem } from '../../../shared/items';
import { pollUntilSettled } from '../../../shared/polling';
import { mediaTranslationSubtitles } from '../../../shared/subtitles';
import { waitForCallbacks } from '../../../shared/waitResume';
import { resultFileUrls, type ResultFile } from '../../callback';
import type { VmegEvent } from '../../events';
import { outputBinaryField } from '../outputFiles';
import type { AcceptedItem, ItemJob, ItemOutcome, WaitMode } from './outcomes';
import { inItemOrder } from './outcomes';
import type { TaskResult } from './taskResult';
import { getTaskResult } from './taskResult';

/**
 * Ends an async operation according to the wait mode: outputs acceptance data, polls task
 * detail, or parks the execution until every job's callback has arrived. A job that failed fails
 * its items with VMEG's own reason (the node, without Continue On Fail), whatever the mode.
 * `outcomes` may come in any order: the output is in item order.
 */
export async function finishJobs(
	ctx: IExecuteFunctions,
	outcomes: readonly ItemOutcome[],
	waitMode: WaitMode,
	/** Results already read (Task > Wait for Completion checks each task first): ended ones are not polled again. */
	known: Map<string, TaskResult> = new Map(),
): Promise<INodeExecutionData[][]> {
	const ordered = inItemOrder(outcomes);
	const accepted = ordered.filter((o): o is AcceptedItem => o.kind === 'accepted');
	const limitMs = waitMode === 'none' ? 0 : Number(ctx.getNodeParameter('waitTimeLimit', 0, 60)) * 60_000;
	const download = waitMode !== 'none' && (ctx.getNodeParameter('downloadResults', 0, true) as boolean) ? outputBinaryField(ctx) : false;
	const taskIds = [...new Set(accepted.map((o) => o.taskId))];
	const results = new Map<string, TaskResult>();
	const pollErrors = new Map<string, Error>();
	if (waitMode === 'webhook' && taskIds.length > 0) {
		// Checked once right before parking: a fast job can end (and its callback reach n8n, which
		// answers 409 while the execution is still running) before n8n saves the execution as waiting.
		const ended = await endedJobs(ctx, taskIds);
		if (ended.size < taskIds.length) {
			// A job that has already failed fails the node now rather than after the wait.
			if (!ctx.continueOnFail()) failFirstFailedJob(ctx, accepted, ended);
			return await waitForCallbacks(ctx, ordered.map(timeoutItem), new Date(Date.now() + limitMs));
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
				const itemIndex = accepted.find((o) => o.taskId === taskId)?.itemIndex;
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
	if (!continueOnFail) failFirstFailedJob(ctx, accepted, results);
	const items: INodeExecutionData[] = [];
	for (const outcome of ordered) {
		if (outcome.kind === 'failed') {
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

/** Throws the failure of the first job (in the order given: item order) whose job or line failed. */
export function failFirstFailedJob(ctx: IExecuteFunctions | IWebhookFunctions, jobs: readonly ItemJob[], results: Map<string, TaskResult>): void {
	for (const job of jobs) {
		const result = results.get(job.taskId);
		const reason = result && failureReason(job, result);
		if (reason !== undefined) throw jobFailedError(ctx, job, reason);
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

function acceptedItem(job: AcceptedItem): INodeExecutionData {
	return {
		json: { taskId: job.taskId, status: 'accepted', ...(job.lineIndex !== undefined ? { lineIndex: job.lineIndex } : {}), ...job.acceptance },
		pairedItem: { item: job.itemIndex },
	};
}

/**
 * What a parked item says if n8n's time limit resumes the execution before the callbacks do.
 * The resume webhook reads its job back from these fields (see resumeWebhook.ts).
 */
function timeoutItem(outcome: ItemOutcome): INodeExecutionData {
	if (outcome.kind === 'failed') {
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
export async function itemFromResult(
	ctx: IExecuteFunctions | IWebhookFunctions,
	job: ItemJob,
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
