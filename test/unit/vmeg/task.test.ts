import { Vmeg } from '../../../nodes/Vmeg/Vmeg.node';
import { execute as translate } from '../../../nodes/Vmeg/resources/textTranslation/translate';
import { execute as waitForCompletion } from '../../../nodes/Vmeg/resources/task/waitForCompletion';
import { declarativeRunOf } from '../support/declarative';
import type { SentRequest } from '../support/fakeExecuteContext';
import { asPaginationContext, fakeExecuteContext } from '../support/fakeExecuteContext';

import type { RequestLogEntry, RunningEmulator } from '../../emulator';
import { startEmulator } from '../../emulator';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
});
afterAll(async () => await emu.close());
beforeEach(() => emu.reset());

const credentials = () => ({ vmegApi: { apiKey: 'vmeg-test-key', webhookSecret: 'whsec-test-secret', baseUrl: `${emu.url}/vmeg` } });
const details = () => emu.state.requests.filter((r: RequestLogEntry) => r.path === '/openapi/v1/tasks/detail');

describe('VMEG Task > Wait for Completion', () => {
	test('reads each task once; a task that has already ended is not polled again', async () => {
		const [translated] = await translate.call(
			fakeExecuteContext({ parameters: { text: 'Hello', sourceLanguage: 'en-US', targetLanguage: 'es-ES' }, credentials: credentials() }),
		);
		const taskId = String(translated[0].json.taskId);
		const ctx = fakeExecuteContext({
			parameters: (i) => ({ taskId: i === 2 ? 'no-such-task' : taskId, waitTaskType: 'openapi-translate', waitTimeLimit: 1, downloadResults: false }),
			items: [{ json: {} }, { json: {} }, { json: {} }],
			credentials: credentials(),
			continueOnFail: true,
		});
		const [out] = await waitForCompletion.call(ctx);
		expect(out.map((o) => o.json.status)).toEqual(['finished', 'finished', undefined]);
		expect(out[2].json.error).toMatch(/Task not found/);
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		// One read for the shared task, one for the missing one; no polling.
		expect(details().map((r: RequestLogEntry) => r.query.taskId)).toEqual([taskId, 'no-such-task']);
	});
});

describe('VMEG Task > Get (declarative): credentials read once per execution', () => {
	const sent: SentRequest[] = [];
	/** Runs the node's declarative executor for `count` items of one execution (one cancel signal). */
	async function getTasks(taskId: string, count: number, signal: AbortSignal | undefined, reads: string[]) {
		const ctx = fakeExecuteContext({
			parameters: { resource: 'task', operation: 'get', taskId },
			credentials: credentials(),
			node: { credentials: { vmegApi: { id: 'credential-1', name: 'VMEG' } } },
		});
		ctx.getExecutionCancelSignal = () => signal;
		const read = ctx.getCredentials.bind(ctx);
		ctx.getCredentials = (async (type: string) => {
			reads.push(type);
			return await read(type);
		}) as typeof ctx.getCredentials;
		const exec = declarativeRunOf(new Vmeg().description, 'task', 'get');
		// The request as n8n's routing builds it: no base URL (requestDefaults hold none), its 300 s timeout.
		const request = { options: { method: 'GET', url: '/openapi/v1/tasks/detail', qs: { taskId }, headers: {}, timeout: 300_000 } };
		const out = await Promise.all(Array.from({ length: count }, async (_, i) => await exec.call(asPaginationContext(ctx, i), request)));
		sent.push(...ctx.requests);
		return out;
	}

	test('200 items of one execution decrypt the credential once; another execution reads it again', async () => {
		const [translated] = await translate.call(
			fakeExecuteContext({ parameters: { text: 'Hello', sourceLanguage: 'en-US', targetLanguage: 'es-ES' }, credentials: credentials() }),
		);
		const taskId = String(translated[0].json.taskId);
		const reads: string[] = [];
		const first = await getTasks(taskId, 200, new AbortController().signal, reads);
		expect(first.map((out) => out[0].json.taskId)).toEqual(Array(200).fill(taskId));
		expect(first.map((out) => out[0].pairedItem)).toEqual(Array.from({ length: 200 }, (_, i) => ({ item: i })));
		expect(reads).toEqual(['vmegApi']);
		expect(details()).toHaveLength(200);
		// Every request was still authenticated (the emulator answers 401 without the key).
		expect(emu.state.requests.filter((r: RequestLogEntry) => r.path === '/openapi/v1/tasks/detail' && r.status === 200)).toHaveLength(200);
		// To the credential's base URL, with the package's request timeout (120 s), not n8n's 300 s.
		expect(new Set(sent.map((r) => `${r.url.split('?')[0]} ${r.timeoutMs}`))).toEqual(new Set([`${emu.url}/vmeg/openapi/v1/tasks/detail 120000`]));

		await getTasks(taskId, 3, new AbortController().signal, reads);
		expect(reads).toEqual(['vmegApi', 'vmegApi']);
		// Without an execution to scope it to, nothing is kept: every request reads it.
		await getTasks(taskId, 2, undefined, reads);
		expect(reads).toHaveLength(4);
	});
});
