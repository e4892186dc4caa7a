import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import * as vimmerseTextToSpeech from '../../../nodes/VimmerseAudio/resources/audio/textToSpeech';
import { execute as upload } from '../../../nodes/Vmeg/resources/material/upload';
import { execute as createAsync } from '../../../nodes/Vmeg/resources/textToSpeech/createAsync';
import { execute as generate } from '../../../nodes/Vmeg/resources/textToSpeech/generate';
import * as voiceTts from '../../../nodes/VoiceApi/resources/textToSpeech';
import { binaryItem, fakeExecuteContext, rl, items } from '../support/fakeExecuteContext';

import type { FaultRule, RequestLogEntry, RunningEmulator } from '../../emulator';
import { makeWav, startEmulator } from '../../emulator';
import { control } from '../../emulator/testkit';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, taskDurationMs: 100, voiceTaskDurationMs: 100 });
});
afterAll(async () => await emu.close());
beforeEach(() => emu.reset());

const fault = async (rule: FaultRule) => await control(emu.url, 'POST', '/faults', { rules: [rule] });
const requests = (api: string, suffix: string) => emu.state.requests.filter((r: RequestLogEntry) => r.api === api && r.path.endsWith(suffix));
const ttsTasks = () => emu.state.vmeg.tasks.filter((t) => t.taskType === 'tts');

const vmegTts: IDataObject = {
	resource: 'textToSpeech',
	voiceSource: 'voice',
	voiceId: rl('sv_en_us_jenny'),
	targetLanguage: 'en-US',
	outputFormat: 'mp3',
	downloadAudio: true,
	waitMode: 'none',
	options: {},
};
const vmegContext = (count: number, extra: { continueOnFail?: boolean; options?: IDataObject; baseUrl?: string } = {}) =>
	fakeExecuteContext({
		parameters: (i) => ({ ...vmegTts, text: `Line ${i}`, options: extra.options ?? {} }),
		items: items(count),
		credentials: { vmegApi: { apiKey: 'vmeg-test-key', webhookSecret: 'whsec-test-secret', baseUrl: extra.baseUrl ?? `${emu.url}/vmeg` } },
		continueOnFail: extra.continueOnFail,
	});
const failure = async (promise: Promise<unknown>) => {
	try {
		await promise;
	} catch (error) {
		return error as Error & { description?: string; context?: IDataObject };
	}
	throw new Error('expected a failure');
};

describe('spent idempotency keys', () => {
	beforeEach(() => emu.configure({ vmegStrictIdempotency: true }));

	test("a refused request's key is spent: Retry On Fail sends a new key and succeeds, the user saw VMEG's own error", async () => {
		await fault({ api: 'vmeg', path: '/openapi/v1/task/tts/create', kind: 'status', status: 500, body: { code: 500, message: 'Task failed', data: null } });
		const ctx = vmegContext(2);
		const error = await failure(generate.call(ctx));
		expect(error.message).toBe('VMEG: Task failed (HTTP 500)');
		expect(error.message).not.toMatch(/already/);
		// n8n's Retry On Fail runs execute() again in the same execution (same node context).
		const [out] = await generate.call(ctx);
		expect(out).toHaveLength(2);
		const keys = requests('vmeg', '/task/tts/create').map((r) => r.idempotencyKey);
		expect(keys).toHaveLength(2);
		expect(keys[0]).not.toBe(keys[1]);
		expect(ttsTasks()).toHaveLength(1);
	});

	test('a 503 answer is retried by the node itself with a new key (never a 409)', async () => {
		await fault({ api: 'vmeg', path: '/openapi/v1/task/tts/create', kind: 'status', status: 503 });
		const [out] = await generate.call(vmegContext(1));
		expect(out[0].json.taskId).toBeDefined();
		const sent = requests('vmeg', '/task/tts/create');
		expect(sent.map((r) => r.status)).toEqual([503, 200]);
		expect(new Set(sent.map((r) => r.idempotencyKey)).size).toBe(2);
	});

	test('VMEG {code: 502} inside HTTP 200 on a status check is retried like HTTP 502', async () => {
		emu.configure({ vmegErrorStyle: 'envelope' });
		await fault({ api: 'vmeg', path: '/openapi/v1/tasks/list', kind: 'status', status: 502, times: 2 });
		const ctx = fakeExecuteContext({
			parameters: { resource: 'task', operation: 'list', returnAll: false, limit: 5 },
			credentials: { vmegApi: { apiKey: 'vmeg-test-key', baseUrl: `${emu.url}/vmeg` } },
		});
		const { callApi } = await import('../../../nodes/shared/api');
		const { vmegClient } = await import('../../../nodes/Vmeg/transport');
		const response = await callApi(ctx, vmegClient, { method: 'GET', path: '/openapi/v1/tasks/list' }, { itemIndex: 0 });
		expect(response.attempts).toBe(3);
	});
});

describe('lost answers', () => {
	test('VMEG: connection dropped after accept -> the node finds the accepted job and returns its audio (1 job, 0 duplicates)', async () => {
		await fault({ api: 'vmeg', path: '/openapi/v1/task/tts/create', kind: 'drop-after-accept' });
		const [out] = await generate.call(vmegContext(3));
		expect(out).toHaveLength(3);
		expect(ttsTasks()).toHaveLength(1);
		expect(out.map((i) => i.json.taskId)).toEqual(Array(3).fill(ttsTasks()[0].taskId));
		expect(out.every((i) => i.binary?.data)).toBe(true);
		const sent = requests('vmeg', '/task/tts/create');
		expect(sent.map((r) => Boolean(r.dropped))).toEqual([true, false]);
		expect(sent[1].status).toBe(409);
	});

	test('VMEG: an answer held past Options > Request Timeout counts as lost; the same key then finds the job', async () => {
		await fault({ api: 'vmeg', path: '/openapi/v1/task/tts/create-async', kind: 'hold-after-accept', delayMs: 2_500 });
		const ctx = fakeExecuteContext({
			parameters: (i) => ({ ...vmegTts, text: `Line ${i}`, options: { requestTimeout: 1 } }),
			items: items(2),
			credentials: { vmegApi: { apiKey: 'vmeg-test-key', baseUrl: `${emu.url}/vmeg` } },
		});
		const [out] = await createAsync.call(ctx);
		expect(ttsTasks()).toHaveLength(1);
		expect(out.map((i) => i.json.taskId)).toEqual([ttsTasks()[0].taskId, ttsTasks()[0].taskId]);
		const sent = requests('vmeg', '/task/tts/create-async');
		expect(sent.length).toBe(2);
		expect(sent[0].idempotencyKey).toBe(sent[1].idempotencyKey);
	});

	test('VMEG: lost answer, then a 503: the key is kept (the lost send may have been accepted), so the job is found, not paid twice', async () => {
		await fault({ api: 'vmeg', path: '/openapi/v1/task/tts/create-async', kind: 'drop-after-accept' });
		await fault({ api: 'vmeg', path: '/openapi/v1/task/tts/create-async', kind: 'status', status: 503 });
		const [out] = await createAsync.call(vmegContext(1));
		expect(ttsTasks()).toHaveLength(1);
		expect(out[0].json.taskId).toBe(ttsTasks()[0].taskId);
		const sent = requests('vmeg', '/task/tts/create-async');
		expect(sent.map((r) => r.status)).toEqual([200, 503, 409]);
		expect(new Set(sent.map((r) => r.idempotencyKey)).size).toBe(1);
	});

	test('VMEG: two candidate jobs -> the error names both task IDs', async () => {
		// Another job of the same type appears in the window (e.g. another workflow on the account).
		await fault({ api: 'vmeg', path: '/openapi/v1/task/tts/create-async', kind: 'drop-after-accept' });
		const other = fakeExecuteContext({
			parameters: { ...vmegTts, text: 'Someone else' },
			credentials: { vmegApi: { apiKey: 'vmeg-test-key', baseUrl: `${emu.url}/vmeg` } },
		});
		const mine = createAsync.call(vmegContext(1));
		await sleep(0);
		await createAsync.call(other).catch(() => undefined);
		const error = await failure(mine);
		const ids = ttsTasks().map((t) => t.taskId);
		expect(ids).toHaveLength(2);
		expect(error.message).toMatch(/2 jobs could be it/);
		for (const id of ids) expect(error.message).toContain(id);
	});

	test('VMEG material upload: a lost answer to a free upload step is asked again with a new key; the upload completes once', async () => {
		const path = '/openapi/v1/assets/material/upload';
		await fault({ api: 'vmeg', path: `${path}/gen-upload-url`, kind: 'drop-after-accept' });
		await fault({ api: 'vmeg', path: `${path}/complete`, kind: 'drop-after-accept' });
		const ctx = fakeExecuteContext({
			parameters: { resource: 'material', operation: 'upload', binaryPropertyName: 'data', options: {} },
			items: [binaryItem(makeWav(1), 'clip.wav', 'audio/wav')],
			credentials: { vmegApi: { apiKey: 'vmeg-test-key', baseUrl: `${emu.url}/vmeg` } },
		});
		const [out] = await upload.call(ctx);
		expect(out[0].json).toMatchObject({ uploadMethod: 'single' });
		const completed = emu.state.vmeg.materials.filter((m) => m.status === 'completed');
		expect(completed.map((m) => m.materialId)).toEqual([out[0].json.materialId]);
		expect(requests('vmeg', '/upload/gen-upload-url').map((r) => r.status)).toEqual([200, 409, 200]);
	});

	test('Voice API: a dropped POST is not repeated and the message says the job may exist, not "check the Base URL"', async () => {
		await fault({ api: 'voice', path: '/v1/tts', kind: 'drop-after-accept' });
		const ctx = fakeExecuteContext({
			parameters: { text: 'Hello', speakerModels: { speakers: [{ model: rl(emu.state.voice.models[0].id) }] }, waitForCompletion: false, options: {} },
			credentials: { voiceApi: { apiKey: 'voice-test-key', authStyle: 'rapidApi', baseUrl: `${emu.url}/voice`, rapidApiHost: '' } },
		});
		const error = await failure(voiceTts.create.execute.call(ctx));
		expect(error.message).toMatch(/^Voice API: the connection was lost before the answer arrived/);
		expect(error.description).toMatch(/may have created the job/);
		expect(error.description).not.toMatch(/Base URL/);
		expect(requests('voice', '/v1/tts')).toHaveLength(1);
		expect(emu.state.voice.tasks).toHaveLength(1);
	});

	test('Vimmerse: a 503 on a generation is not repeated, and the text says so honestly', async () => {
		await fault({ api: 'vimmerse', path: '/v2/audio/text-2-speech', kind: 'status', status: 503 });
		const ctx = fakeExecuteContext({
			parameters: { resource: 'audio', operation: 'textToSpeech', prompt: 'Hi', voice: rl('AutoV'), options: {}, downloadAudio: false },
			credentials: { vimmerseApi: { apiKey: 'vimmerse-test-key', baseUrl: `${emu.url}/vimmerse` } },
		});
		const error = await failure(vimmerseTextToSpeech.execute.call(ctx));
		expect(error.message).toBe('Vimmerse: SERVICE_UNAVAILABLE (HTTP 503)');
		expect(error.description).toMatch(/^The API failed on its side\. Sent once: not repeated automatically/);
		expect(requests('vimmerse', '/v2/audio/text-2-speech')).toHaveLength(1);
	});
});

describe('parameter types', () => {
	test('a number mapped into Text is spoken as its digits; an object is refused before anything is sent', async () => {
		const numbers = fakeExecuteContext({
			parameters: { ...vmegTts, text: 42, downloadAudio: false },
			credentials: { vmegApi: { apiKey: 'vmeg-test-key', baseUrl: `${emu.url}/vmeg` } },
		});
		await generate.call(numbers);
		expect(ttsTasks()[0].request.data[0].text).toBe('42');
		const objects = fakeExecuteContext({
			parameters: { ...vmegTts, text: { line: 'Hi' } },
			credentials: { vmegApi: { apiKey: 'vmeg-test-key', baseUrl: `${emu.url}/vmeg` } },
		});
		const error = await failure(generate.call(objects));
		expect(error.message).toBe('Text must be text, but its expression gave an object');
		expect(requests('vmeg', '/task/tts/create')).toHaveLength(1);
	});
});

describe('downloads, timeouts and base URLs', () => {
	test('a truncated download is fetched again; the line gets its whole file', async () => {
		await fault({ api: 'cdn', kind: 'cut-off', fraction: 0.5 });
		const [out] = await generate.call(vmegContext(1));
		const audio = out[0].binary!.data;
		const cdn = emu.state.requests.filter((r: RequestLogEntry) => r.api === 'cdn');
		expect(cdn).toHaveLength(2);
		expect(Buffer.from(audio.data, 'base64').length).toBeGreaterThan(0);
		expect(ttsTasks()).toHaveLength(1);
	});

	test('with Continue On Fail, a line whose download keeps failing fails alone; the others keep their audio', async () => {
		await fault({ api: 'cdn', path: '*', kind: 'cut-off', times: 3 });
		const [out] = await generate.call(vmegContext(3, { continueOnFail: true }));
		expect(out).toHaveLength(3);
		expect(out[0].json.error).toMatch(/^Download of .* failed: /);
		expect(out[0].json.taskId).toBeDefined();
		expect(out[1].binary?.data).toBeDefined();
		expect(out[2].binary?.data).toBeDefined();
		expect(ttsTasks()).toHaveLength(1);
	});

	test('a Base URL without https:// fails at once with the fix, sending nothing', async () => {
		const error = await failure(generate.call(vmegContext(1, { baseUrl: 'api.vmeg.ai' })));
		expect(error.message).toBe('The Base URL in the VMEG credential is not a web address: "api.vmeg.ai"');
		expect(error.description).toBe('Start it with https:// (for example https://api.vmeg.ai).');
		expect(emu.state.requests).toHaveLength(0);
	});

	test('Voice API Wait for Completion rides out failing status checks until the time limit', async () => {
		await fault({ api: 'voice', method: 'GET', path: '/v1/tts/*', kind: 'status', status: 503, times: 6 });
		const ctx = fakeExecuteContext({
			parameters: { text: 'Hello', speakerModels: { speakers: [{ model: rl(emu.state.voice.models[0].id) }] }, waitForCompletion: true, options: {} },
			credentials: { voiceApi: { apiKey: 'voice-test-key', authStyle: 'rapidApi', baseUrl: `${emu.url}/voice`, rapidApiHost: '' } },
		});
		const [out] = await voiceTts.create.execute.call(ctx);
		expect(out[0].json.status).toBe('succeeded');
		expect(out[0].binary?.data).toBeDefined();
	}, 30_000);
});
