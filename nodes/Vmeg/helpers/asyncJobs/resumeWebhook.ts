import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { asNodeError } from '../../../shared/errors';
import { errorItem } from '../../../shared/items';
import { waitingItems } from '../../../shared/waitResume';
import { parseCallback, readSignedCallback, type VmegCallback } from '../../callback';
import type { VmegEvent } from '../../events';
import { FAILED } from '../../lostAnswer';
import { outputBinaryField } from '../outputFiles';
import { failFirstFailedJob, itemFromResult } from './finish';
import type { ItemJob } from './outcomes';
import type { TaskResult } from './taskResult';
import { getTaskResult } from './taskResult';

/** The job a waiting item was parked with (finish.ts's timeoutItem); undefined for an item that failed at submit. */
function parkedJobOf(item: IDataObject): ItemJob | undefined {
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
