/* eslint-disable @typescript-eslint/no-explicit-any -- execution data from n8n's API is untyped */
/**
 * Cases that only exist in queue mode (main + worker + 2 webhook processes, Redis, Postgres; see
 * cluster.js). The e2e-queue project also runs vmeg.e2e and vmegJobs.e2e against this cluster.
 */
import { createHash, randomBytes } from 'crypto';
import { sleep } from 'n8n-workflow';

import { signing } from '../../emulator';
import { getContext } from '../context';
import { deploy, runData, startedByWebhook } from '../workflows';
import { DB_BINARY_LIMIT_MIB, restartProcess, stopProcess } from './cluster';
import { note, processLog, serveFiles } from './support';

type Json = Record<string, any>;

const ctx = getContext();
const queue = ctx.state.queue as Json;
const [webhookA, webhookB] = queue.webhookUrls as string[];
const VMEG = 'n8n-nodes-ai-voice.vmeg';
const TRIGGER = 'n8n-nodes-ai-voice.vmegTrigger';
const jenny = { __rl: true, mode: 'id', value: 'sv_en_us_jenny' };

const emulatorState = async () => (await ctx.emulator('GET', '/state')) as Json;

/** A Trigger workflow (optionally with more nodes after it), active, on a fresh webhook path. */
async function deployTrigger(name: string, parameters: Json = {}, after: Json[] = []): Promise<{ id: string; path: string }> {
	const webhookId = `${randomBytes(8).toString('hex')}-${Date.now()}`;
	const nodes: Json[] = [
		{ name: 'VMEG Trigger', type: TRIGGER, typeVersion: 1, position: [0, 0], webhookId, parameters, credentials: ctx.credentialRef('vmegApi') },
		...after.map((n, i) => ({ position: [240 * (i + 1), 0], ...n })),
	];
	const connections: Json = {};
	for (let i = 0; i < nodes.length - 1; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	const id = await ctx.importWorkflow({ name, nodes, connections, settings: { executionOrder: 'v1' } });
	await ctx.activate(id);
	const path = `${webhookId}/webhook`;
	for (const base of queue.webhookUrls as string[]) await webhookLive(`${base}/webhook/${path}`);
	return { id, path };
}

/** Resolves once a webhook process answers the production webhook's CORS preflight (not 404). */
async function webhookLive(url: string): Promise<void> {
	for (let waited = 0; waited < 30_000; waited += 200) {
		const res = await fetch(url, { method: 'OPTIONS', headers: { Origin: 'http://127.0.0.1', 'Access-Control-Request-Method': 'POST' } });
		await res.arrayBuffer();
		if (res.ok) return;
		await sleep(200);
	}
	throw new Error(`webhook ${url} not registered`);
}

/** A finished async TTS job at the emulator (a paid job), with no automatic callback. */
async function finishedTtsTask(text: string): Promise<string> {
	const res = await fetch(`${ctx.emulatorBaseUrls.vmeg}/openapi/v1/task/tts/create-async`, {
		method: 'POST',
		headers: { authorization: `Bearer ${ctx.keys.vmeg}`, 'content-type': 'application/json', 'x-idempotency-key': randomBytes(16).toString('hex') },
		body: JSON.stringify({ data: [{ text, voiceId: 'sv_en_us_jenny' }], outputFormat: 'mp3' }),
	});
	const body = (await res.json()) as Json;
	if (!body.data?.taskId) throw new Error(`the emulator refused the TTS job: ${JSON.stringify(body)}`);
	const taskId = String(body.data.taskId);
	for (let waited = 0; waited < 10_000; waited += 100) {
		const task = (await emulatorState()).vmeg.tasks.find((t: Json) => t.taskId === taskId);
		if (task && task.status !== 'running') return taskId;
		await sleep(100);
	}
	throw new Error(`emulator task ${taskId} did not finish`);
}

/** VMEG's callback for a task, sent once to `url`; resolves to the HTTP status the Trigger answered. */
async function sendCallback(taskId: string, url: string): Promise<number> {
	const sent = await ctx.emulator<Json>('POST', '/vmeg/send-callback', { taskId, url });
	return sent.statuses[0];
}

/** Executions of a workflow once their number has not changed for `quietMs` (all final). */
async function settledExecutions(workflowId: string, { atLeast = 1, quietMs = 2_000, timeoutMs = 60_000 } = {}): Promise<Json[]> {
	const deadline = Date.now() + timeoutMs;
	let last = -1;
	let since = Date.now();
	while (Date.now() < deadline) {
		const list = await ctx.listExecutions({ workflowId });
		const allFinal = list.every((e) => ['success', 'error', 'crashed', 'canceled'].includes(e.status));
		if (list.length !== last || !allFinal) {
			last = list.length;
			since = Date.now();
		} else if (list.length >= atLeast && Date.now() - since >= quietMs) {
			return await Promise.all(list.map((e) => ctx.getExecution(e.id)));
		}
		await sleep(250);
	}
	throw new Error(`executions of workflow ${workflowId} did not settle (last count ${last})`);
}

describe(`VMEG in n8n ${ctx.version} queue mode (main, worker, 2 webhook processes)`, () => {
	beforeEach(async () => {
		await ctx.emulator('POST', '/reset');
		// Callbacks are sent by the tests themselves, to the webhook process each case names.
		await ctx.emulator('POST', '/config', { vmegWebhookUrl: null, taskDurationMs: 200 });
	});

	it('processes a delivery sent to both webhook processes at the same moment once, in 10 of 10 trials', async () => {
		// n8n offers a webhook no atomic store (README, Queue mode): the workflow filters on
		// deliveryKey with Redis INCR, which is atomic, in the Redis that queue mode runs anyway.
		const redis = await ctx.createCredential({
			name: 'Queue Redis',
			type: 'redis',
			data: { host: queue.redis.host, port: queue.redis.port, database: 0, password: '', user: '', ssl: false },
		});
		const trigger = await deployTrigger('VMEG callbacks, filtered', {}, [
			{
				name: 'Claim Delivery',
				type: 'n8n-nodes-base.redis',
				typeVersion: 1,
				credentials: { redis: { id: redis, name: 'Queue Redis' } },
				parameters: { operation: 'incr', key: '=vmeg-delivery:{{ $json.deliveryKey }}', expire: true, ttl: 86_400 },
			},
			{
				name: 'First Copy Only',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				parameters: { jsCode: 'return $input.all().filter((item) => Object.values(item.json)[0] === 1);' },
			},
			{ name: 'Process Once', type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} },
		]);
		const urlA = `${webhookA}/webhook/${trigger.path}`;
		const urlB = `${webhookB}/webhook/${trigger.path}`;

		const trials: Array<{ taskId: string; statuses: number[] }> = [];
		for (let trial = 0; trial < 10; trial++) {
			const taskId = await finishedTtsTask(`Trial ${trial}`);
			const statuses = await Promise.all([sendCallback(taskId, urlA), sendCallback(taskId, urlB)]);
			trials.push({ taskId, statuses });
		}
		const executions = await settledExecutions(trigger.id, { atLeast: 10 });
		const report = trials.map(({ taskId, statuses }) => {
			const mine = executions.filter((e) => runData(e, 'VMEG Trigger')?.[0]?.json.taskId === taskId);
			return {
				taskId,
				statuses,
				triggerExecutions: mine.length,
				processed: mine.filter((e) => (runData(e, 'Process Once') ?? []).length === 1).length,
				flags: mine.map((e) => runData(e, 'VMEG Trigger')[0].json.possibleDuplicate),
				keys: [...new Set(mine.map((e) => runData(e, 'VMEG Trigger')[0].json.deliveryKey))].length,
			};
		});
		note(`[queue dedupe] trigger executions per trial: ${report.map((r) => r.triggerExecutions).join(' ')}; processed: ${report.map((r) => r.processed).join(' ')}`);
		for (const r of report) {
			// VMEG got a 2xx from both processes (a 409 "in progress" is retried by VMEG, never lost).
			expect(r.statuses.every((s) => s === 200 || s === 409)).toBe(true);
			expect(r.triggerExecutions).toBeGreaterThanOrEqual(1);
			expect(r.triggerExecutions).toBeLessThanOrEqual(2);
			expect(r.flags.every((f) => f === true)).toBe(true);
			expect(r.keys).toBe(1);
			expect({ taskId: r.taskId, processed: r.processed }).toEqual({ taskId: r.taskId, processed: 1 });
		}
		expect(executions.every((e) => e.status === 'success')).toBe(true);
		// 10 paid jobs, none repeated.
		expect((await emulatorState()).vmeg.tasks).toHaveLength(10);
		// The deliveries were received by the webhook processes and run by the worker.
		expect(processLog(queue, 'webhookA')).toMatch(/Enqueued execution/);
		expect(processLog(queue, 'worker')).toMatch(/started execution/i);
	});

	it('keeps the record of distinct deliveries that two webhook processes receive at the same moment', async () => {
		const trigger = await deployTrigger('VMEG callbacks, record');
		const urls = [`${webhookA}/webhook/${trigger.path}`, `${webhookB}/webhook/${trigger.path}`];
		const tasks: string[] = [];
		for (let i = 0; i < 6; i++) tasks.push(await finishedTtsTask(`Distinct ${i}`));
		// Six different jobs finish together, alternately on A and B: their saves overwrite each other.
		const first = await Promise.all(tasks.map((taskId, i) => sendCallback(taskId, urls[i % 2])));
		expect(first).toEqual([200, 200, 200, 200, 200, 200]);
		await settledExecutions(trigger.id, { atLeast: 6 });
		// Each process handles one more delivery later on, not at the same moment as the other's
		// (n8n saves static data after answering): its save puts back the keys it recorded.
		for (const [i, url] of urls.entries()) {
			expect(await sendCallback(await finishedTtsTask('Later'), url)).toBe(200);
			expect((await settledExecutions(trigger.id, { atLeast: 7 + i })).length).toBe(7 + i);
		}

		// VMEG re-delivers each of the six, to the other process this time: all are known.
		const again = await Promise.all(
			tasks.map(async (taskId, i) => (await ctx.emulator<Json>('POST', '/vmeg/send-callback', { taskId, url: urls[(i + 1) % 2] })).deliveries[0]),
		);
		expect(again.map((d: Json) => d.status)).toEqual([200, 200, 200, 200, 200, 200]);
		await sleep(2_000);
		expect((await ctx.listExecutions({ workflowId: trigger.id })).length).toBe(8);
	});

	describe('binary data in database mode', () => {
		const small = randomBytes(200 * 1024);
		const bigSize = (DB_BINARY_LIMIT_MIB + 1) * 1024 * 1024;
		let files: Awaited<ReturnType<typeof serveFiles>>;
		let base = '';
		beforeAll(async () => {
			files = await serveFiles({ '/files/small.mp3': { type: 'audio/mpeg', body: small }, '/files/big.mp3': { type: 'audio/mpeg', size: bigSize } });
			base = files.base;
		});
		afterAll(async () => {
			await files.close();
		});

		/** A signed VMEG TTS callback whose result file is `uri`, as VMEG would send it. */
		async function deliverResult(path: string, uri: string): Promise<number> {
			const rawBody = JSON.stringify({
				code: 200,
				version: 'v1',
				event: 'openapi-tts',
				pipelineKey: randomBytes(16).toString('hex'),
				message: '',
				extraData: null,
				data: { taskId: `bin-${randomBytes(4).toString('hex')}`, createdAt: new Date().toISOString(), results: [{ uri, duration: 1 }] },
			});
			const timestamp = String(Date.now());
			const res = await fetch(`${webhookA}/webhook/${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-timestamp': timestamp, 'x-signature': signing.signVmegCallback(ctx.keys.vmegWebhookSecret, timestamp, rawBody) },
				body: rawBody,
			});
			await res.arrayBuffer();
			return res.status;
		}

		it('downloads a result in the webhook process that the worker then reads byte for byte', async () => {
			const trigger = await deployTrigger('VMEG download, hashed on the worker', { downloadResultFiles: true }, [
				{
					name: 'Hash',
					type: 'n8n-nodes-base.crypto',
					typeVersion: 1,
					parameters: { action: 'hash', type: 'MD5', binaryData: true, binaryPropertyName: 'audio', dataPropertyName: 'md5', encoding: 'hex' },
				},
			]);
			expect(await deliverResult(trigger.path, `${base}/files/small.mp3`)).toBe(200);
			const [execution] = await settledExecutions(trigger.id);
			expect(execution.status).toBe('success');
			const [item] = runData(execution, 'Hash');
			expect(item.json.md5).toBe(createHash('md5').update(small).digest('hex'));
		});

		it('names N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE when a result is larger than the database limit', async () => {
			const trigger = await deployTrigger('VMEG download, too large', { downloadResultFiles: true });
			expect(await deliverResult(trigger.path, `${base}/files/big.mp3`)).toBe(200);
			const [execution] = await settledExecutions(trigger.id);
			// The event is not dropped: the item says which file failed and what to change.
			expect(execution.status).toBe('success');
			const [item] = runData(execution, 'VMEG Trigger');
			expect(item.binary?.audio).toBeUndefined();
			expect(item.json.downloadErrors).toEqual([{ key: 'audio', error: expect.stringContaining('N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE') }]);
			expect(item.json.data.results[0].uri).toBe(`${base}/files/big.mp3`);
		});
	});

	it('keeps the paid result in the Trigger execution when the worker was down as the callback came', async () => {
		await ctx.emulator('POST', '/config', { taskDurationMs: 4_000 });
		const trigger = await deployTrigger('VMEG callbacks, outage');
		await ctx.emulator('POST', '/config', { vmegWebhookUrl: `${webhookA}/webhook/${trigger.path}` });
		const workflowId = await deploy(
			startedByWebhook('VMEG TTS outage', 'tts-outage-start', [
				{
					name: 'VMEG',
					type: VMEG,
					typeVersion: 1,
					credentials: ctx.credentialRef('vmegApi'),
					parameters: {
						resource: 'textToSpeech',
						operation: 'createAsync',
						text: 'Paid for, whatever happens to the worker.',
						voiceSource: 'voice',
						voiceId: jenny,
						targetLanguage: 'en-US',
						outputFormat: 'mp3',
						waitMode: 'webhook',
						waitTimeLimit: 10,
						downloadResults: true,
					},
				},
			]),
			'tts-outage-start',
		);
		await ctx.webhook('tts-outage-start', {});
		const waiting = await ctx.waitForExecution((e) => String(e.workflowId) === workflowId, { status: 'waiting', timeoutMs: 30_000 });
		const [task] = (await emulatorState()).vmeg.tasks;

		await stopProcess(queue, 'worker');
		try {
			// The callback arrives with no worker: the webhook process forwards it and queues both runs.
			let delivery: Json | undefined;
			for (let waited = 0; waited < 20_000 && !delivery; waited += 250) {
				delivery = (await emulatorState()).vmeg.webhookDeliveries.find((d: Json) => d.taskId === task.taskId && d.status !== null);
				if (!delivery) await sleep(250);
			}
			expect(delivery?.status).toBe(200);
		} finally {
			await restartProcess(queue, 'worker');
		}

		const [run] = await settledExecutions(trigger.id, { timeoutMs: 90_000 });
		expect(run.status).toBe('success');
		const [item] = runData(run, 'VMEG Trigger');
		// What a user needs to recover the paid result: the job, its result file, the forward's fate.
		expect(item.json).toMatchObject({ event: 'openapi-tts', taskId: task.taskId, forwardStatus: expect.any(String) });
		expect(item.json.data.results[0].uri).toMatch(/^http/);
		const waited = await ctx.waitForExecution(waiting.id, { timeoutMs: 90_000 });
		note(`[queue outage] waiting execution ended ${waited.status}; Trigger forward ${item.json.forwardStatus}`);
		expect(['success', 'crashed']).toContain(waited.status);
		expect((await emulatorState()).vmeg.tasks).toHaveLength(1);
	});
});
