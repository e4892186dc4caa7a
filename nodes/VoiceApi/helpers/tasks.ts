import type { IDataObject, IExecuteFunctions, IBinaryData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { callApi } from '../../shared/api';
import { downloadAsBinary } from '../../shared/binary';
import { pollUntilSettled } from '../../shared/polling';
import { modelPages, voiceClient } from '../transport';
import { timeLimitOption } from './fields';

type TaskKind = 'tts' | 'stt' | 'clone';

const KIND_LABEL: Record<TaskKind, string> = { tts: 'Text to speech', stt: 'Speech to text', clone: 'Voice clone' };

async function getTask(ctx: IExecuteFunctions, itemIndex: number, kind: TaskKind, taskId: string): Promise<IDataObject> {
	const response = await callApi<IDataObject>(
		ctx,
		voiceClient,
		{ method: 'GET', path: `/v1/${kind}/${encodeURIComponent(taskId)}` },
		{ itemIndex },
	);
	return response.body;
}

/**
 * Polls a task with growing delays until it succeeds, fails (error with the API's reason) or
 * the time limit passes (error naming the task ID so the user can pick it up later).
 */
export async function waitForTask(
	ctx: IExecuteFunctions,
	itemIndex: number,
	kind: TaskKind,
	taskId: string,
	timeLimitMinutes: number,
): Promise<IDataObject> {
	const outcome = await pollUntilSettled(
		async () => await getTask(ctx, itemIndex, kind, taskId),
		(task) => (task.status === 'succeeded' ? 'done' : task.status === 'failed' ? 'failed' : 'pending'),
		{ timeoutMs: timeLimitMinutes * 60_000, initialDelayMs: 500, maxDelayMs: 10_000, signal: ctx.getExecutionCancelSignal?.() },
	);
	if (outcome.state === 'failed') {
		throw new NodeOperationError(ctx.getNode(), `Voice API: ${KIND_LABEL[kind]} task ${taskId} failed: ${String(outcome.value.error ?? 'no reason given')}`, {
			itemIndex,
			description: 'The API reported the task as failed. Check the input and submit it again.',
		});
	}
	if (outcome.timedOut) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Voice API: ${KIND_LABEL[kind]} task ${taskId} did not finish within ${timeLimitMinutes} minute(s) (last status: ${String(outcome.value.status)})`,
			{ itemIndex, description: 'The task keeps running. Raise the Time Limit option, or use Get Status with this task ID later.' },
		);
	}
	return outcome.value;
}

const DEFAULT_TIME_LIMIT_MINUTES = Number(timeLimitOption.default);

/**
 * Waits for a submitted task (`submitted.task_id`) within the Time Limit option
 * (`options.timeLimitMinutes`, default as in `timeLimitOption`); returns the task ID and the finished task.
 */
export async function waitForSubmitted(
	ctx: IExecuteFunctions,
	itemIndex: number,
	kind: TaskKind,
	submitted: IDataObject,
	options: IDataObject,
): Promise<{ taskId: string; task: IDataObject }> {
	const taskId = String(submitted.task_id ?? '');
	const minutes = Number(options.timeLimitMinutes ?? DEFAULT_TIME_LIMIT_MINUTES) || DEFAULT_TIME_LIMIT_MINUTES;
	return { taskId, task: await waitForTask(ctx, itemIndex, kind, taskId, minutes) };
}

/** Downloads a finished text-to-speech task's MP3 as binary data, streamed. */
export async function downloadTtsAudio(ctx: IExecuteFunctions, itemIndex: number, taskId: string): Promise<IBinaryData> {
	return await downloadAsBinary(ctx, `/v1/tts/${encodeURIComponent(taskId)}/audio`, {
		api: { client: voiceClient, itemIndex },
		defaultFileName: `${taskId}.mp3`,
		mimeType: 'audio/mpeg',
	});
}

export async function sttResult(ctx: IExecuteFunctions, itemIndex: number, taskId: string, plainText: boolean): Promise<IDataObject> {
	const response = await callApi<IDataObject>(
		ctx,
		voiceClient,
		{ method: 'GET', path: `/v1/stt/${encodeURIComponent(taskId)}/result`, qs: { plain_text: plainText ? 'true' : 'false' } },
		{ itemIndex },
	);
	return response.body;
}

/** Pages read at most to learn every model ID (100 per page). */
const MODEL_PAGES = 10;

/**
 * Every model ID of the account, for checking items before the first paid request; `undefined`
 * when there are more than MODEL_PAGES pages (then the API checks them) or the list cannot be read.
 */
export async function knownModelIds(ctx: IExecuteFunctions): Promise<Set<string> | undefined> {
	const ids = new Set<string>();
	const page = async (n: number) =>
		(await callApi<IDataObject>(ctx, voiceClient, { method: 'GET', path: '/v1/models', qs: { page: n, page_size: 100 } }, { itemIndex: 0 })).body;
	try {
		let read = 0;
		for await (const { items, more } of modelPages(await page(1), page)) {
			for (const model of items) ids.add(String(model.id));
			if (!more) return ids;
			if (++read >= MODEL_PAGES) break;
		}
	} catch {
		// The list is only a pre-check: if it cannot be read, the API still refuses unknown models.
	}
	return undefined;
}
