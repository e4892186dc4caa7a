import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { ApiClient, ExecutionAware, LostAnswerReplay } from '../shared/api';
import { callApi } from '../shared/api';
import type { HttpResponse } from '../shared/http';
import { nodeExecutionStore } from '../shared/idempotency';
import { pollUntilSettled } from '../shared/polling';

/**
 * Finding the job of a request whose answer was lost. VMEG refuses the repeat of an accepted
 * key with 409 and documents no way to get the first answer back; the only route is its task
 * list (newest first, `{taskId, taskType, status, createdAt}`) and task detail. So the job is
 * the task of the request's type created since the first send, that this node has not already
 * received in this execution, and (for synchronous batches) whose result has as many lines as the
 * request. If that leaves more than one, the error names them rather than guess.
 */

const CREATE_PATH = /\/task\/(tts|translate|clone-voice|media-translation)\/(create|create-async)$/;
/** Requests whose effect is the same however often it happens: a refused repeat means it is done. */
const DONE_WHEN_REPLAYED = /\/(tasks\/delete|assets\/material\/delete|assets\/voice\/clone\/(update|delete))$/;
/** VMEG's clock and ours may differ; a task created up to this long before our first send still counts. */
const CLOCK_SKEW_MS = 60_000;
const LIST_PAGE_SIZE = 50;
/** A task list may lag behind the accept: look a few times before saying the job is not there. */
const LIST_LOOKS = 3;
const ACCEPTED_FIELD = 'aiVoiceVmegTasks';
/** Task statuses (lower case) of an ended job. Shared with helpers/asyncJobs.ts, which imports them from here: this module cannot import asyncJobs (asyncJobs → transport → lostAnswer would be a cycle). */
export const FINISHED = new Set(['finished', 'success', 'succeeded', 'completed', 'done']);
export const FAILED = new Set(['failed', 'error', 'cancelled', 'canceled']);

interface Envelope {
	code?: number;
	message?: string;
	data?: IDataObject;
}

function acceptedTasks(ctx: object): string[] {
	const store = nodeExecutionStore(ctx);
	store[ACCEPTED_FIELD] ??= [];
	return store[ACCEPTED_FIELD] as string[];
}

/** Remembers a task this node received, so it is never taken for another request's lost job. */
export function rememberAcceptedTask(ctx: object, path: string, data: unknown): void {
	if (!CREATE_PATH.test(path) || !data || typeof data !== 'object') return;
	const taskId = (data as IDataObject).taskId;
	if (taskId !== undefined && taskId !== null) acceptedTasks(ctx).push(String(taskId));
}

function taskTypesFor(kind: string, body: IDataObject): string[] {
	if (kind === 'tts') return ['tts'];
	if (kind === 'translate') return ['textTranslation'];
	if (kind === 'clone-voice') return ['cloneVoice'];
	// An audio translation of a video material runs as a video translation.
	return body.taskType === 'at' ? ['at', 'vt'] : [String(body.taskType ?? 'vt')];
}

/** How many result lines the request asked for (TTS `data[]`, translation `segments[]`), if it is a batch. */
function expectedLines(body: IDataObject): number | undefined {
	if (Array.isArray(body.data)) return body.data.length;
	if (Array.isArray(body.segments)) return body.segments.length;
	return undefined;
}

function resultLines(result: unknown): number | undefined {
	if (!result || typeof result !== 'object') return undefined;
	const r = result as IDataObject;
	if (Array.isArray(r.results)) return r.results.length;
	if (Array.isArray(r.items)) return r.items.length;
	return undefined;
}

const envelope = (data: IDataObject | null): HttpResponse => ({ statusCode: 200, headers: {}, body: { code: 200, message: '', data } });

export async function recoverAcceptedJob(
	ctx: ExecutionAware,
	client: ApiClient,
	replay: LostAnswerReplay,
): Promise<HttpResponse | 'resend'> {
	if (DONE_WHEN_REPLAYED.test(replay.path)) return envelope(null);
	const match = CREATE_PATH.exec(replay.path);
	// Upload steps create nothing paid: the step is simply asked again with a new key.
	if (!match) return 'resend';
	const body = (replay.body ?? {}) as IDataObject;
	const sync = match[2] === 'create';
	const call = async (path: string, qs: IDataObject) =>
		((await callApi<Envelope>(ctx, client, { method: 'GET', path: `/openapi/v1${path}`, qs }, { itemIndex: replay.itemIndex })).body.data ?? {}) as IDataObject;

	const since = replay.sentAt - CLOCK_SKEW_MS;
	const known = new Set(acceptedTasks(ctx));
	let candidates: IDataObject[] = [];
	for (let look = 1; look <= LIST_LOOKS && candidates.length === 0; look++) {
		if (look > 1) await sleep(1_000);
		for (const taskType of taskTypesFor(match[1], body)) {
			const page = await call('/tasks/list', { taskType, currentPage: 1, pageSize: LIST_PAGE_SIZE });
			const records = (Array.isArray(page.records) ? page.records : []) as IDataObject[];
			candidates.push(
				...records.filter((r) => {
					const created = Date.parse(String(r.createdAt ?? ''));
					return !known.has(String(r.taskId)) && (Number.isNaN(created) || created >= since);
				}),
			);
		}
	}
	const details = new Map<string, IDataObject>();
	const lines = expectedLines(body);
	if (sync && lines !== undefined && candidates.length > 1) {
		// Narrow by the shape of the result: a batch of 3 lines has 3 results.
		for (const c of candidates) details.set(String(c.taskId), await call('/tasks/detail', { taskId: String(c.taskId) }));
		const sameShape = candidates.filter((c) => {
			const n = resultLines(details.get(String(c.taskId))?.result);
			return n === undefined || n === lines;
		});
		if (sameShape.length > 0) candidates = sameShape;
	}
	const ids = candidates.map((c) => String(c.taskId));
	if (ids.length !== 1) throw ambiguity(ctx, replay, ids);
	const [taskId] = ids;
	acceptedTasks(ctx).push(taskId);
	if (!sync) {
		const record = candidates[0];
		return envelope({ taskId, taskType: record.taskType, status: record.status, createdAt: record.createdAt, recoveredAfterLostAnswer: true });
	}
	// A synchronous job: its result is the answer that was lost (task detail `result`).
	let alreadyRead = details.get(taskId);
	const outcome = await pollUntilSettled(
		async () => {
			const detail = alreadyRead ?? (await call('/tasks/detail', { taskId }));
			alreadyRead = undefined;
			return detail;
		},
		(d) => {
			const status = String(d.status ?? '').toLowerCase();
			return FINISHED.has(status) ? 'done' : FAILED.has(status) ? 'failed' : 'pending';
		},
		{ timeoutMs: 600_000, initialDelayMs: 1_000, maxDelayMs: 10_000, signal: 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal?.() : undefined },
	);
	if (outcome.state !== 'done' || !outcome.value.result || typeof outcome.value.result !== 'object') {
		throw new NodeOperationError(ctx.getNode(), `VMEG: job ${taskId} of this request ${outcome.state === 'failed' ? 'failed' : 'has no result yet'} (status ${String(outcome.value.status)})`, {
			itemIndex: replay.itemIndex,
			description: `VMEG accepted the request before the connection was lost. Check the job with Task > Get (task ID ${taskId}).`,
		});
	}
	return envelope({ ...(outcome.value.result as IDataObject), taskId, recoveredAfterLostAnswer: true });
}

function ambiguity(ctx: ExecutionAware, replay: LostAnswerReplay, ids: string[]): NodeOperationError {
	const message =
		ids.length === 0
			? 'VMEG accepted this request before the connection was lost, but its job does not appear in the task list'
			: `VMEG accepted this request before the connection was lost, and ${ids.length} jobs could be it: ${ids.slice(0, 10).join(', ')}`;
	return new NodeOperationError(ctx.getNode(), message, {
		itemIndex: replay.itemIndex,
		description:
			'No second job was created: VMEG refused the repeat (its idempotency key was already used). Check the jobs with Task > Get, and use the one whose input matches; running the workflow again submits new work.',
	});
}
