import type { IDataObject, INode, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { vmegResumeWebhook } from '../../../nodes/Vmeg/helpers/asyncJobs/resumeWebhook';
import { fakeExecuteContext } from '../support/fakeExecuteContext';
import { signed } from '../vmegTrigger/fakeWebhook';

import type { RunningEmulator, VmegTask } from '../../emulator';
import { startEmulator } from '../../emulator';

/** The callback VMEG sends when `task` ends (the emulator's envelope). */
const callbackBody = (task: VmegTask) =>
	JSON.stringify({
		code: task.status === 'failed' ? 500 : 200,
		version: 'v1',
		event: task.event,
		pipelineKey: task.pipelineKey,
		message: task.status === 'failed' ? task.error : '',
		extraData: task.extraData,
		data: task.callbackData,
	});

/**
 * The waiting node's resume webhook, against the emulator: it resumes once per execution, answers
 * before downloading, fails before answering, and keeps waiting when a job cannot be checked.
 */

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, taskDurationMs: 20 });
});
afterAll(async () => await emu.close());
beforeEach(() => emu.reset());

const SECRET = 'whsec-test-secret';
let executions = 0;

/** Submits `n` one-line TTS jobs straight to the emulator and waits until they have ended. */
async function finishedJobs(n: number): Promise<VmegTask[]> {
	for (let i = 0; i < n; i++) {
		const response = await fetch(`${emu.url}/vmeg/openapi/v1/task/tts/create-async`, {
			method: 'POST',
			headers: { authorization: 'Bearer vmeg-test-key', 'content-type': 'application/json', 'x-idempotency-key': `resume-test-${Date.now()}-${i}` },
			body: JSON.stringify({ data: [{ text: `Line ${i}`, voiceId: 'sv_en_us_jenny' }], outputFormat: 'mp3', language: { target: 'en-US' } }),
		});
		expect(((await response.json()) as IDataObject).code).toBe(200);
	}
	for (let waited = 0; waited < 5_000 && emu.state.vmeg.tasks.some((t) => t.status === 'running'); waited += 20) await sleep(20);
	return emu.state.vmeg.tasks;
}

/** The resume webhook's context for one callback of `task`, with `parked` as the waiting items. */
function resumeContext(task: VmegTask, parked: IDataObject[], executionId: string, node: Partial<INode> = {}) {
	const { rawBody, headers } = signed(callbackBody(task), { secret: SECRET });
	const base = fakeExecuteContext({
		parameters: { downloadResults: true },
		credentials: { vmegApi: { apiKey: 'vmeg-test-key', webhookSecret: SECRET, baseUrl: `${emu.url}/vmeg` } },
		node,
		executionId,
	});
	const order: string[] = [];
	const res = {
		statusCode: undefined as number | undefined,
		body: undefined as unknown,
		status(code: number) {
			res.statusCode = code;
			return res;
		},
		json(body: unknown) {
			res.body = body;
			order.push('answer');
			return res;
		},
	};
	const httpRequest = base.helpers.httpRequest;
	const ctx = Object.assign(Object.create(base), {
		getRequestObject: () => ({ rawBody }),
		getHeaderData: () => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
		getBodyData: () => JSON.parse(rawBody.toString()),
		getResponseObject: () => res,
		evaluateExpression: () => JSON.stringify(parked),
		getNodeParameter: (name: string, fallback?: unknown) => (name === 'downloadResults' ? true : fallback),
		logger: { warn: jest.fn(), info: jest.fn(), error: jest.fn(), debug: jest.fn() },
		helpers: {
			...base.helpers,
			httpRequest: async (options: Parameters<typeof httpRequest>[0]) => {
				order.push(`download ${options.url}`);
				return await httpRequest(options);
			},
		},
	}) as unknown as IWebhookFunctions;
	return { ctx, res, order };
}

const parkedOf = (tasks: VmegTask[]) =>
	tasks.map((t, itemIndex) => ({ taskId: t.taskId, event: 'openapi-tts', itemIndex, lineIndex: 0, status: 'timeout' }));
const cdnGets = () => emu.state.requests.filter((r) => r.api === 'cdn' && r.method === 'GET');

describe('VMEG resume webhook', () => {
	test('two callbacks at the same moment resume the execution once and download each file once', async () => {
		const tasks = await finishedJobs(2);
		const parked = parkedOf(tasks);
		const executionId = `exec-${++executions}`;
		const calls = tasks.map((t) => resumeContext(t, parked, executionId));
		const results: IWebhookResponseData[] = await Promise.all(calls.map(async (c) => await vmegResumeWebhook.call(c.ctx)));
		const resumed = results.filter((r) => r.workflowData);
		expect(resumed).toHaveLength(1);
		expect(results.find((r) => !r.workflowData)?.webhookResponse).toEqual({ received: true, resumed: 'already' });
		const items = resumed[0].workflowData![0];
		expect(items.map((i) => [i.json.taskId, i.json.status, i.pairedItem])).toEqual(tasks.map((t, i) => [t.taskId, 'finished', { item: i }]));
		expect(items.every((i) => Object.keys(i.binary ?? {}).length === 1)).toBe(true);
		expect(cdnGets()).toHaveLength(2);
	});

	test('answers the callback before it downloads anything', async () => {
		const [task] = await finishedJobs(1);
		const call = resumeContext(task, parkedOf([task]), `exec-${++executions}`);
		const result = await vmegResumeWebhook.call(call.ctx);
		expect(result.noWebhookResponse).toBe(true);
		expect(call.res).toMatchObject({ statusCode: 200, body: { received: true, resumed: true } });
		expect(call.order[0]).toBe('answer');
		expect(call.order.slice(1)).toEqual([expect.stringMatching(/^download /)]);
	});

	test("throws VMEG's reason before answering when a job failed (so n8n ends the execution in error)", async () => {
		await fetch(`${emu.url}/_emulator/fail-next`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ api: 'vmeg', taskType: 'tts', message: 'Voice engine overloaded' }),
		});
		const [task] = await finishedJobs(1);
		const call = resumeContext(task, parkedOf([task]), `exec-${++executions}`);
		await expect(vmegResumeWebhook.call(call.ctx)).rejects.toThrow(`VMEG job ${task.taskId} failed for item 0 (line 1 of the job): Voice engine overloaded`);
		expect(call.res.statusCode).toBeUndefined();
	});

	test('under Continue On Fail a failed job becomes an error item', async () => {
		await fetch(`${emu.url}/_emulator/fail-next`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ api: 'vmeg', taskType: 'tts', message: 'Voice engine overloaded' }),
		});
		const tasks = await finishedJobs(2);
		const call = resumeContext(tasks[1], parkedOf(tasks), `exec-${++executions}`, { onError: 'continueRegularOutput' });
		const result = await vmegResumeWebhook.call(call.ctx);
		const items = result.workflowData![0];
		expect(items[0].json).toEqual({ error: `VMEG job ${tasks[0].taskId} failed for item 0 (line 1 of the job): Voice engine overloaded` });
		expect(items[1].json).toMatchObject({ taskId: tasks[1].taskId, status: 'finished' });
	});

	test('keeps waiting and asks for a retry (503) when another job cannot be checked', async () => {
		const tasks = await finishedJobs(2);
		await fetch(`${emu.url}/_emulator/faults`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ rules: [{ api: 'vmeg', method: 'GET', path: '/openapi/v1/tasks/detail', kind: 'status', status: 500, times: 20 }] }),
		});
		const call = resumeContext(tasks[0], parkedOf(tasks), `exec-${++executions}`);
		const result = await vmegResumeWebhook.call(call.ctx);
		expect(result).toEqual({ noWebhookResponse: true });
		expect(call.res.statusCode).toBe(503);
	}, 30_000);
});
