import type { IDataObject, IHttpRequestOptions, NodeOperationError } from 'n8n-workflow';

import { Vmeg } from '../../../nodes/Vmeg/Vmeg.node';
import { execute as create } from '../../../nodes/Vmeg/resources/voiceClone/create';
import { execute as createAsync } from '../../../nodes/Vmeg/resources/voiceClone/createAsync';
import { declarativeRunOf } from '../support/declarative';
import { asPaginationContext, fakeExecuteContext, items } from '../support/fakeExecuteContext';

import type { RequestLogEntry, RunningEmulator, VmegTask } from '../../emulator';
import { startEmulator } from '../../emulator';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, taskDurationMs: 100 });
});
afterAll(async () => await emu.close());
beforeEach(() => emu.reset());

const credentials = () => ({ vmegApi: { apiKey: 'vmeg-test-key', webhookSecret: 'whsec-test-secret', baseUrl: `${emu.url}/vmeg` } });
const vmegRequests = () => emu.state.requests.filter((r: RequestLogEntry) => r.api === 'vmeg');
const cloneTasks = (): VmegTask[] => emu.state.vmeg.tasks.filter((t) => t.taskType === 'cloneVoice');

const base: IDataObject = {
	resource: 'voiceClone',
	cloneEngine: 'V5',
	sampleLanguage: 'es-ES',
	sampleText: '',
	waitMode: 'none',
};

function context(perItem: (i: number) => IDataObject, count = 1, continueOnFail = false) {
	return fakeExecuteContext({
		parameters: (i) => ({ ...base, cloneVoiceName: `Narrator ${i}`, refAudio: `https://cdn.example.com/sample-${i}.wav`, ...perItem(i) }),
		items: items(count),
		credentials: credentials(),
		continueOnFail,
	});
}

/** Voice > List Cloned Voices, run through the node's declarative executor. */
async function listClones(): Promise<IDataObject[]> {
	const ctx = fakeExecuteContext({ parameters: { resource: 'voice', operation: 'listCloned', returnAll: true }, credentials: credentials() });
	const exec = declarativeRunOf(new Vmeg().description, 'voice', 'listCloned');
	const request: Partial<IHttpRequestOptions> = { method: 'POST', url: '/openapi/v1/assets/voice/clone/list', body: {} };
	const out = await exec.call(asPaginationContext(ctx), { options: { baseURL: `${emu.url}/vmeg`, qs: {}, headers: {}, ...request } });
	return out.map((o) => o.json);
}

async function refusal(run: Promise<unknown>): Promise<NodeOperationError> {
	return (await run.then(
		() => {
			throw new Error('expected the operation to be refused');
		},
		(e: unknown) => e,
	)) as NodeOperationError;
}

describe('VMEG Voice Clone > Create', () => {
	test('returns a cv_ voice ID that then appears in the cloned voices list', async () => {
		const [out] = await create.call(context(() => ({ sampleText: 'Hola a todos' })));
		expect(out).toHaveLength(1);
		const json = out[0].json;
		expect(json.voiceId).toMatch(/^cv_/);
		expect(json).toEqual({ voiceId: json.voiceId, taskId: cloneTasks()[0].taskId, createdAt: expect.any(String), voiceName: 'Narrator 0', engine: 'V5' });
		expect(out[0].pairedItem).toEqual({ item: 0 });
		expect(cloneTasks()[0].request).toEqual({
			voiceName: 'Narrator 0',
			provider: 'V5',
			refAudio: 'https://cdn.example.com/sample-0.wav',
			sampleLanguage: 'es-ES',
			sampleText: 'Hola a todos',
		});

		const clones = await listClones();
		expect(clones).toEqual([expect.objectContaining({ voiceId: json.voiceId, name: 'Narrator 0', provider: 'V5', exampleLanguage: 'es-ES' })]);
	});

	test('n items -> n clones, in input order; an empty transcript is not sent', async () => {
		const [out] = await create.call(context(() => ({}), 3));
		const posts = vmegRequests().filter((r) => r.path.endsWith('/task/clone-voice/create'));
		expect(posts).toHaveLength(3);
		expect(new Set(posts.map((r) => r.idempotencyKey)).size).toBe(3);
		expect(posts.every((r) => !r.bodyKeys.includes('sampleText'))).toBe(true);
		expect(out.map((o) => [o.json.voiceName, o.pairedItem])).toEqual([
			['Narrator 0', { item: 0 }],
			['Narrator 1', { item: 1 }],
			['Narrator 2', { item: 2 }],
		]);
		const ids = out.map((o) => String(o.json.voiceId));
		expect(new Set(ids).size).toBe(3);
		expect(emu.state.vmeg.clones.map((c) => c.voiceId).sort()).toEqual([...ids].sort());
	});

	test('a non-HTTPS reference audio URL is refused before any request', async () => {
		const error = await refusal(create.call(context((i) => (i === 1 ? { refAudio: 'http://example.com/me.wav' } : {}), 2)));
		expect(error.message).toMatch(/Reference Audio URL must be an HTTPS URL/);
		expect(error.context.itemIndex).toBe(1);
		expect(error.description).toMatch(/https:\/\//);
		expect(vmegRequests()).toHaveLength(0);
		expect(emu.state.vmeg.clones).toHaveLength(0);
	});

	test('other bad input is refused with the item index, before any request', async () => {
		const cases: Array<[IDataObject, RegExp]> = [
			[{ cloneVoiceName: '  ' }, /Voice Name is empty/],
			[{ cloneVoiceName: 'x'.repeat(101) }, /Voice Name is 101 characters, more than the 100 allowed/],
			[{ cloneEngine: 'V9' }, /Engine "V9" is not supported/],
			[{ sampleLanguage: 'spanish' }, /Sample Language "spanish" is not a language VMEG supports/],
			[{ refAudio: 'not a url' }, /Reference Audio URL must be an HTTPS URL/],
		];
		for (const [params, message] of cases) {
			const error = await refusal(create.call(context(() => params)));
			expect(error.message).toMatch(message);
			expect(error.context.itemIndex).toBe(0);
		}
		expect(vmegRequests()).toHaveLength(0);
	});

	test('Continue On Fail: a refused item carries its error, the others are cloned', async () => {
		const [out] = await create.call(context((i) => (i === 0 ? { refAudio: 'ftp://example.com/me.wav' } : {}), 2, true));
		expect(out[0]).toEqual({ json: { error: expect.stringMatching(/HTTPS URL/) }, pairedItem: { item: 0 } });
		expect(out[1].json.voiceId).toMatch(/^cv_/);
		expect(cloneTasks()).toHaveLength(1);
	});
});

describe('VMEG Voice Clone > Create Async Task', () => {
	test("Don't Wait outputs the accepted task", async () => {
		const [out] = await createAsync.call(context(() => ({})));
		const [task] = cloneTasks();
		expect(task.mode).toBe('async');
		expect(out[0]).toEqual({ json: { taskId: task.taskId, status: 'accepted', createdAt: expect.any(String) }, pairedItem: { item: 0 } });
	});

	test('Poll returns the new voice ID per item', async () => {
		const [out] = await createAsync.call(context(() => ({ waitMode: 'poll', waitTimeLimit: 1 }), 2));
		expect(vmegRequests().filter((r) => r.path.endsWith('/task/clone-voice/create-async'))).toHaveLength(2);
		const tasks = cloneTasks();
		expect(out).toHaveLength(2);
		out.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json).toMatchObject({ taskId: tasks[i].taskId, status: 'finished', voiceId: expect.stringMatching(/^cv_/) });
		});
		const listed = (await listClones()).map((c) => c.voiceId);
		expect(listed.sort()).toEqual(out.map((o) => o.json.voiceId).sort());
	});

	test('Poll with Continue On Fail: a task that cannot be checked fails only its own item', async () => {
		await fetch(`${emu.url}/_emulator/faults`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ rules: [{ api: 'vmeg', method: 'GET', path: '/openapi/v1/tasks/detail', kind: 'status', status: 404, times: 1 }] }),
		});
		const [out] = await createAsync.call(context(() => ({ waitMode: 'poll', waitTimeLimit: 1 }), 2, true));
		expect(out.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(out.filter((o) => typeof o.json.error === 'string')).toHaveLength(1);
		expect(out.filter((o) => o.json.status === 'finished')).toHaveLength(1);
	});

	test('a non-HTTPS reference audio URL is refused before any request', async () => {
		const error = await refusal(createAsync.call(context(() => ({ refAudio: 'http://example.com/me.wav' }))));
		expect(error.message).toMatch(/Reference Audio URL must be an HTTPS URL/);
		expect(vmegRequests()).toHaveLength(0);
	});
});
