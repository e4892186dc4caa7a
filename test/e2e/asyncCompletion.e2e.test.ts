/* eslint-disable @typescript-eslint/no-explicit-any -- execution data from n8n's API is untyped */
import { sleep } from 'n8n-workflow';

import { media } from '../emulator';
import { getContext } from './context';
import { deploy, deployVmegTrigger, itemsFrom, readFile, runData, startedByWebhook } from './workflows';

/**
 * How async jobs end: a callback that overtakes the create response, failed jobs in every wait
 * mode, and when the Trigger and the resumed node answer and download. Each test counts the paid
 * jobs on the emulator and asserts the text the user reads.
 */

type Json = Record<string, any>;

const ctx = getContext();
const jenny = { __rl: true, mode: 'id', value: 'sv_en_us_jenny' };

const vmegNode = (parameters: Json, extra: Json = {}) => ({
	name: 'VMEG',
	type: 'n8n-nodes-ai-voice.vmeg',
	typeVersion: 1,
	credentials: ctx.credentialRef('vmegApi'),
	parameters,
	...extra,
});

const speakAsync = (waitMode: string, extra: Json = {}) =>
	vmegNode(
		{
			resource: 'textToSpeech',
			operation: 'createAsync',
			text: 'Welcome to the show.',
			voiceSource: 'voice',
			voiceId: jenny,
			targetLanguage: 'en-US',
			outputFormat: 'mp3',
			waitMode,
			waitTimeLimit: 2,
			downloadResults: true,
		},
		extra,
	);

/** Media Translation of the input file, resumed on VMEG's webhook, with the dubbed files downloaded. */
const dubVideo = () =>
	vmegNode({
		resource: 'mediaTranslation',
		operation: 'create',
		taskType: 'vt',
		source: 'binary',
		binaryPropertyName: 'data',
		sourceLanguage: 'en-US',
		targetLanguage: 'es-ES',
		waitMode: 'webhook',
		waitTimeLimit: 10,
		downloadResults: true,
	});

/** A node after the VMEG node: shows whether the execution went on past it. */
const after = { name: 'After', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} };

const state = async () => (await ctx.emulator('GET', '/state')) as Json;
const ttsTasks = (s: Json) => s.vmeg.tasks.filter((t: Json) => t.taskType === 'tts');
const deliveriesOf = (s: Json, taskId: string) => s.vmeg.webhookDeliveries.filter((d: Json) => d.taskId === taskId);
/** GETs of a CDN file, found by the id in its URL. */
const downloadsOf = (s: Json, url: string) => {
	const id = new URL(url).pathname.split('/')[2];
	return s.requests.filter((r: Json) => r.api === 'cdn' && r.method === 'GET' && String(r.path).includes(id));
};
const failNext = async (message: string) => await ctx.emulator('POST', '/fail-next', { api: 'vmeg', taskType: 'tts', message });
const errorOf = (execution: Json) => execution.data?.resultData?.error?.message;

/** A task's callback deliveries once one got a 2xx (VMEG's retries take a few seconds). */
async function deliveredAfterRetries(taskId: string): Promise<Json[]> {
	for (let waited = 0; waited < 20_000; waited += 250) {
		const deliveries = deliveriesOf(await state(), taskId);
		if (deliveries.some((d: Json) => d.status >= 200 && d.status < 300)) return deliveries;
		await sleep(250);
	}
	return deliveriesOf(await state(), taskId);
}

async function startWorkflow(name: string, path: string, nodes: any[]): Promise<string> {
	const workflowId = await deploy(startedByWebhook(name, path, nodes), path);
	expect((await ctx.webhook(path, {})).status).toBe(200);
	return workflowId;
}

describe(`VMEG async completion in a real n8n ${ctx.version}`, () => {
	beforeEach(async () => {
		await ctx.emulator('POST', '/reset');
	});

	it('never loses a callback that arrives before the create response (Resume on Webhook)', async () => {
		const trigger = await deployVmegTrigger(300);
		await ctx.emulator('POST', '/config', { webhookBeforeResponse: true });
		const workflowId = await startWorkflow('VMEG early callback', 'early-callback', [speakAsync('webhook')]);

		const done = await ctx.waitForExecution((e) => String(e.workflowId) === workflowId, { timeoutMs: 60_000 });
		expect(done.status).toBe('success');
		const [item] = runData(done, 'VMEG');
		const s = await state();
		const [task] = ttsTasks(s);
		expect(ttsTasks(s)).toHaveLength(1);
		expect(item.json).toMatchObject({ taskId: task.taskId, status: 'finished', lineIndex: 0 });
		expect(Object.values(item.binary)[0]).toMatchObject({ mimeType: 'audio/mpeg', fileName: `${task.taskId}-1.mp3` });

		// The first callback reached the Trigger while the execution was still running: the Trigger
		// did not count it as delivered (503, so VMEG retried); the node found the job finished just
		// before it would have parked, so the execution never waited.
		const deliveries = await deliveredAfterRetries(task.taskId);
		expect(deliveries[0]).toMatchObject({ beforeCreateResponse: true, status: 503 });
		expect(deliveries.at(-1)?.status).toBe(200);
		expect(deliveries.filter((d: Json) => d.status === 200)).toHaveLength(1);
		// (VMEG is answered before n8n starts the Trigger's execution.)
		const triggerRun = await ctx.waitForExecution((e) => String(e.workflowId) === trigger.id, { status: 'success', timeoutMs: 30_000 });
		expect(await ctx.listExecutions({ workflowId: trigger.id })).toHaveLength(1);
		const [delivered] = runData(triggerRun, 'VMEG Trigger');
		expect(delivered.json).toMatchObject({ taskId: task.taskId, forwardStatus: 'alreadyResumed', forwardHttpStatus: 409 });
		expect(done.waitTill ?? null).toBeNull();
	});

	it("fails a resumed execution with VMEG's reason when the job failed (Resume on Webhook)", async () => {
		await deployVmegTrigger(2_000);
		await failNext('Voice engine overloaded, try again later');
		const workflowId = await startWorkflow('VMEG failed job resume', 'failed-resume', [speakAsync('webhook'), after]);
		const waiting = await ctx.waitForExecution((e) => String(e.workflowId) === workflowId, { status: 'waiting', timeoutMs: 30_000 });
		const ended = await ctx.waitForExecution(waiting.id, { status: 'error', timeoutMs: 60_000 });
		const s = await state();
		const [task] = ttsTasks(s);
		expect(ttsTasks(s)).toHaveLength(1);
		expect(task.status).toBe('failed');
		expect(errorOf(ended)).toBe(`VMEG job ${task.taskId} failed for item 0 (line 1 of the job): Voice engine overloaded, try again later`);
		expect(runData(ended, 'VMEG')).toBeDefined();
		// The Trigger's forward was answered (n8n's 500, then 409 "finished with error") and the
		// delivery is done: VMEG stops retrying.
		expect((await deliveredAfterRetries(task.taskId)).at(-1)?.status).toBe(200);
		expect(await ctx.listExecutions({ workflowId })).toHaveLength(1);
	});

	it.each([
		['continueRegularOutput', 'After'],
		['continueErrorOutput', 'Failed'],
	])('under On Error "%s" a failed job becomes an error item on "%s" and the resumed execution goes on', async (onError, receiver) => {
		await deployVmegTrigger(2_000);
		await failNext('Voice engine overloaded, try again later');
		const workflow = startedByWebhook(`VMEG failed job ${onError}`, `failed-${onError}`, [speakAsync('webhook', { onError }), after]);
		// The error output (when the node has one) leads to a node of its own.
		workflow.nodes.push({ ...after, name: 'Failed', position: [720, 200] });
		(workflow.connections as Json).VMEG.main[1] = [{ node: 'Failed', type: 'main', index: 0 }];
		const workflowId = await deploy(workflow, `failed-${onError}`);
		await ctx.webhook(`failed-${onError}`, {});
		const waiting = await ctx.waitForExecution((e) => String(e.workflowId) === workflowId, { status: 'waiting', timeoutMs: 30_000 });
		const done = await ctx.waitForExecution(waiting.id, { status: 'success', timeoutMs: 60_000 });
		const [task] = ttsTasks(await state());
		const [item] = runData(done, receiver);
		// (n8n's error output adds the input item's fields to the error item.)
		expect(item.json.error).toBe(`VMEG job ${task.taskId} failed for item 0 (line 1 of the job): Voice engine overloaded, try again later`);
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(runData(done, receiver === 'After' ? 'Failed' : 'After')).toBeUndefined();
		expect(ttsTasks(await state())).toHaveLength(1);
	});

	it("fails with VMEG's reason when a polled job failed, not \"no result for this line\"", async () => {
		await failNext('Text contains unsupported characters');
		const workflowId = await startWorkflow('VMEG failed job poll', 'failed-poll', [speakAsync('poll'), after]);
		const ended = await ctx.waitForExecution((e) => String(e.workflowId) === workflowId, { timeoutMs: 60_000 });
		const [task] = ttsTasks(await state());
		expect(ended.status).toBe('error');
		expect(errorOf(ended)).toBe(`VMEG job ${task.taskId} failed for item 0 (line 1 of the job): Text contains unsupported characters`);
		expect(runData(ended, 'After')).toBeUndefined();
		expect(ttsTasks(await state())).toHaveLength(1);
	});

	it("Task > Wait for Completion fails with VMEG's reason for a failed task", async () => {
		await failNext('Reference audio could not be decoded');
		const submitId = await startWorkflow('VMEG submit only', 'submit-only', [speakAsync('none')]);
		await ctx.waitForExecution((e) => String(e.workflowId) === submitId, { status: 'success', timeoutMs: 30_000 });
		const [task] = ttsTasks(await state());
		const workflowId = await startWorkflow('VMEG wait for task', 'wait-task', [
			vmegNode({ resource: 'task', operation: 'waitForCompletion', taskId: task.taskId, waitTaskType: 'openapi-tts', waitTimeLimit: 1, downloadResults: false }),
		]);
		const ended = await ctx.waitForExecution((e) => String(e.workflowId) === workflowId, { timeoutMs: 60_000 });
		expect(ended.status).toBe('error');
		expect(errorOf(ended)).toBe(`VMEG job ${task.taskId} failed for item 0: Reference audio could not be decoded`);
		expect(ttsTasks(await state())).toHaveLength(1);
	});

	it('resumes 3 jobs once, answering each callback before it downloads each file exactly once', async () => {
		await deployVmegTrigger(1_500);
		const paths = ['one.mp4', 'two.mp4', 'three.mp4'].map((name) => ({ path: ctx.writeInputFile(name, media.makeMp4(3)) }));
		const workflowId = await startWorkflow('VMEG dub three once', 'dub-three-once', [
			itemsFrom(paths),
			readFile('={{ $json.path }}'),
			dubVideo(),
		]);
		const waiting = await ctx.waitForExecution((e) => String(e.workflowId) === workflowId, { status: 'waiting', timeoutMs: 30_000 });
		const done = await ctx.waitForExecution(waiting.id, { status: 'success', timeoutMs: 60_000 });
		expect(runData(done, 'VMEG')).toHaveLength(3);

		const s = await state();
		const tasks = s.vmeg.tasks.filter((t: Json) => t.event === 'openapi-media-translation');
		expect(tasks).toHaveLength(3);
		const files = tasks.flatMap((t: Json) => [t.result.build.video.url, t.result.build.audio.url]);
		const downloads = files.map((url: string) => downloadsOf(s, url));
		// 6 files, each fetched once (not once per callback).
		expect(downloads.map((d: Json[]) => d.length)).toEqual([1, 1, 1, 1, 1, 1]);
		// Every callback was answered 200, and before the first file download started.
		const deliveries = (await Promise.all(tasks.map(async (t: Json) => await deliveredAfterRetries(t.taskId)))).flat();
		expect(deliveries.map((d: Json) => d.status)).toEqual([200, 200, 200]);
		expect(await ctx.listExecutions({ workflowId })).toHaveLength(1);
	});

	it('the resumed node answers the callback before it downloads the result files', async () => {
		await deployVmegTrigger(1_500);
		// Every file download is held for a while: the answer must not wait for it.
		await ctx.emulator('POST', '/faults', { rules: [{ api: 'cdn', method: 'GET', path: '*', kind: 'delay', delayMs: 2_000, times: 2 }] });
		const workflowId = await startWorkflow('VMEG dub answer first', 'dub-answer-first', [
			itemsFrom([{ path: ctx.writeInputFile('answer-first.mp4', media.makeMp4(3)) }]),
			readFile('={{ $json.path }}'),
			dubVideo(),
		]);
		const waiting = await ctx.waitForExecution((e) => String(e.workflowId) === workflowId, { status: 'waiting', timeoutMs: 30_000 });
		const done = await ctx.waitForExecution(waiting.id, { status: 'success', timeoutMs: 60_000 });
		const [item] = runData(done, 'VMEG');
		expect(Object.keys(item.binary)).toHaveLength(2);
		const s = await state();
		const [task] = s.vmeg.tasks.filter((t: Json) => t.event === 'openapi-media-translation');
		const [delivery] = deliveriesOf(s, task.taskId);
		expect(delivery.status).toBe(200);
		const downloads = [task.result.build.video.url, task.result.build.audio.url].flatMap((url: string) => downloadsOf(s, url));
		expect(downloads).toHaveLength(2);
		// The callback (and so VMEG, through the Trigger) was answered while the downloads were still
		// held or not yet started.
		for (const download of downloads) {
			expect(download.seq > delivery.seqAtAnswer || delivery.unansweredAtAnswer.includes(download.seq)).toBe(true);
		}
	});

	it('the Trigger answers VMEG before it downloads the result files', async () => {
		const trigger = await deployVmegTrigger(300, { downloadResultFiles: true });
		await ctx.emulator('POST', '/faults', { rules: [{ api: 'cdn', method: 'GET', path: '*', kind: 'delay', delayMs: 2_000, times: 1 }] });
		await startWorkflow('VMEG fire and forget', 'fire-forget', [speakAsync('none')]);
		const run = await ctx.waitForExecution((e) => String(e.workflowId) === trigger.id, { status: 'success', timeoutMs: 30_000 });
		const s = await state();
		const [task] = ttsTasks(s);
		const [delivery] = deliveriesOf(s, task.taskId);
		expect(delivery.status).toBe(200);
		const [download] = downloadsOf(s, task.result.results[0].uri);
		expect(download.seq > delivery.seqAtAnswer || delivery.unansweredAtAnswer.includes(download.seq)).toBe(true);
		const [item] = runData(await ctx.getExecution(run.id), 'VMEG Trigger');
		expect(Object.values(item.binary)).toHaveLength(1);
	});
});
