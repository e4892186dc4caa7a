/* eslint-disable @typescript-eslint/no-explicit-any -- wrapping the fake context's request helper */
import type { IDataObject, IHttpRequestOptions, IPairedItemData, NodeOperationError } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { idempotencyKey } from '../../../nodes/shared/idempotency';
import { execute as createAsync } from '../../../nodes/Vmeg/resources/textToSpeech/createAsync';
import { execute as generate } from '../../../nodes/Vmeg/resources/textToSpeech/generate';
import { execute as createVoiceClone } from '../../../nodes/Vmeg/resources/voiceClone/create';
import { fakeExecuteContext, rl, items } from '../support/fakeExecuteContext';

import type { RequestLogEntry, RunningEmulator, VmegTask } from '../../emulator';
import { media, startEmulator } from '../../emulator';

let emu: RunningEmulator;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, taskDurationMs: 100 });
});
afterAll(async () => await emu.close());
beforeEach(() => emu.reset());

const credentials = () => ({ vmegApi: { apiKey: 'vmeg-test-key', webhookSecret: 'whsec-test-secret', baseUrl: `${emu.url}/vmeg` } });
const vmegRequests = (suffix: string) => emu.state.requests.filter((r: RequestLogEntry) => r.api === 'vmeg' && r.path.endsWith(suffix));
const ttsTasks = (): VmegTask[] => emu.state.vmeg.tasks.filter((t) => t.taskType === 'tts');
const sentTexts = (task: VmegTask) => (task.request.data as IDataObject[]).map((d) => d.text);
const sentVoices = (task: VmegTask) => [...new Set((task.request.data as IDataObject[]).map((d) => d.voiceId))];

const base: IDataObject = {
	resource: 'textToSpeech',
	voiceSource: 'voice',
	voiceId: rl('sv_en_us_jenny'),
	targetLanguage: 'en-US',
	outputFormat: 'mp3',
	downloadAudio: true,
	waitMode: 'none',
	options: {},
};

function context(perItem: (i: number) => IDataObject, count: number, continueOnFail = false) {
	return fakeExecuteContext({
		parameters: (i) => ({ ...base, text: `Line ${i}`, ...perItem(i) }),
		items: items(count),
		credentials: credentials(),
		continueOnFail,
	});
}

describe('VMEG Text to Speech > Generate: batching', () => {
	test('120 items -> 3 requests of 50, 50 and 20 lines in input order; 120 outputs with audio', async () => {
		const [out] = await generate.call(context(() => ({}), 120));
		expect(vmegRequests('/task/tts/create')).toHaveLength(3);
		// Batches are sent concurrently: put the tasks back in batch order by their first line.
		const tasks = ttsTasks().sort((a, b) => Number(sentTexts(a)[0]!.toString().slice(5)) - Number(sentTexts(b)[0]!.toString().slice(5)));
		expect(tasks.map((t) => t.request.data.length)).toEqual([50, 50, 20]);
		expect(tasks.flatMap(sentTexts)).toEqual(Array.from({ length: 120 }, (_, i) => `Line ${i}`));
		// Each request under its own idempotency key.
		expect(new Set(vmegRequests('/task/tts/create').map((r) => r.idempotencyKey)).size).toBe(3);

		expect(out).toHaveLength(120);
		out.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json).toMatchObject({ text: `Line ${i}`, lineIndex: i % 50, taskId: tasks[Math.floor(i / 50)].taskId });
			expect(item.binary!.data).toMatchObject({ mimeType: 'audio/mpeg', fileName: `${tasks[Math.floor(i / 50)].taskId}-${(i % 50) + 1}.mp3` });
		});
		expect(media.inspectMp3(Buffer.from(out[119].binary!.data.data, 'base64')).valid).toBe(true);
		// One voice only: no tier lookup was needed.
		expect(vmegRequests('/assets/voice/basic/list')).toHaveLength(0);
	});

	test('batches are sent 4 at a time, each under the key of its own items; output stays in input order', async () => {
		const ctx = context(() => ({ downloadAudio: false }), 500);
		const original = ctx.helpers.httpRequestWithAuthentication;
		let inFlight = 0;
		let most = 0;
		const keys = new Map<string, string>();
		ctx.helpers.httpRequestWithAuthentication = (async (type: string, options: IHttpRequestOptions) => {
			if (!options.url.endsWith('/task/tts/create')) return await (original as any).call(ctx, type, options);
			const firstLine = String((options.body as { data: IDataObject[] }).data[0].text);
			keys.set(firstLine, String((options.headers as IDataObject)['X-Idempotency-Key']));
			inFlight++;
			most = Math.max(most, inFlight);
			try {
				await sleep(firstLine === 'Line 0' ? 200 : 40); // the first batch answers last
				return await (original as any).call(ctx, type, options);
			} finally {
				inFlight--;
			}
		}) as never;
		const [out] = await generate.call(ctx);

		expect(most).toBe(4);
		expect(out.map((o) => o.json.text)).toEqual(Array.from({ length: 500 }, (_, i) => `Line ${i}`));
		expect(out.map((o) => o.pairedItem)).toEqual(Array.from({ length: 500 }, (_, i) => ({ item: i })));
		// The key of each batch depends only on its work, as before: execution, node, items, request.
		for (let b = 0; b < 10; b++) {
			const itemIndexes = Array.from({ length: 50 }, (_, i) => b * 50 + i);
			const body = { data: itemIndexes.map((i) => ({ text: `Line ${i}`, voiceId: 'sv_en_us_jenny' })), language: { target: 'en-US' }, outputFormat: 'mp3', trim: false };
			const expected = idempotencyKey({ executionId: ctx.getExecutionId(), nodeId: ctx.getNode().id, itemIndexes, method: 'POST', path: '/openapi/v1/task/tts/create', body });
			expect(keys.get(`Line ${b * 50}`)).toBe(expected);
		}
	});

	test('a refused batch fails the node naming its first item; no further batch is started', async () => {
		const ctx = context(() => ({ downloadAudio: false }), 500);
		const original = ctx.helpers.httpRequestWithAuthentication;
		const started: string[] = [];
		ctx.helpers.httpRequestWithAuthentication = (async (type: string, options: IHttpRequestOptions) => {
			if (!options.url.endsWith('/task/tts/create')) return await (original as any).call(ctx, type, options);
			const firstLine = String((options.body as { data: IDataObject[] }).data[0].text);
			started.push(firstLine);
			if (firstLine === 'Line 50') return { statusCode: 400, headers: {}, body: { code: 400, message: 'Invalid line' } };
			await sleep(80);
			return await (original as any).call(ctx, type, options);
		}) as never;
		const error = (await generate.call(ctx).catch((e: unknown) => e)) as NodeOperationError;

		expect(error.message).toMatch(/Invalid line/);
		expect(error.context.itemIndex).toBe(50);
		expect(started).toEqual(['Line 0', 'Line 50', 'Line 100', 'Line 150']);
		expect(ttsTasks()).toHaveLength(3); // the batches already in flight finished; nothing after them
	});

	test('voices of different tiers (S1 and S3) go to separate requests, and all succeed', async () => {
		const voices = ['sv_en_us_jenny', 'sv_en_us_ava_hd', 'sv_en_us_guy', 'sv_en_us_andrew_hd', 'sv_en_us_jenny'];
		const [out] = await generate.call(context((i) => ({ voiceId: rl(voices[i]) }), voices.length));
		const posts = vmegRequests('/task/tts/create');
		expect(posts).toHaveLength(2);
		expect(posts.every((r) => r.code === 200)).toBe(true);
		const [s1, s3] = ttsTasks();
		expect(sentVoices(s1)).toEqual(['sv_en_us_jenny', 'sv_en_us_guy']);
		expect(sentTexts(s1)).toEqual(['Line 0', 'Line 2', 'Line 4']);
		expect(sentVoices(s3)).toEqual(['sv_en_us_ava_hd', 'sv_en_us_andrew_hd']);
		// One lookup per distinct voice, none repeated.
		expect(vmegRequests('/assets/voice/basic/list')).toHaveLength(4);
		expect(out.map((o) => o.json.taskId)).toEqual([s1.taskId, s3.taskId, s1.taskId, s3.taskId, s1.taskId]);
		expect(out.every((o, i) => o.binary?.data && (o.pairedItem as IPairedItemData).item === i)).toBe(true);
	});

	test('system and cloned voices go to separate requests instead of failing', async () => {
		const [clone] = await createVoiceClone.call(
			fakeExecuteContext({
				parameters: { cloneVoiceName: 'Mine', refAudio: 'https://example.com/me.wav', cloneEngine: 'V2', sampleLanguage: 'en-US' },
				credentials: credentials(),
			}),
		);
		const cloneId = String(clone[0].json.voiceId);
		emu.state.requests.length = 0;
		const voices = ['sv_en_us_jenny', cloneId, 'sv_en_us_guy', cloneId];
		const [out] = await generate.call(context((i) => ({ voiceId: rl(voices[i]) }), voices.length));
		expect(vmegRequests('/task/tts/create')).toHaveLength(2);
		expect(ttsTasks().map(sentVoices)).toEqual([['sv_en_us_jenny', 'sv_en_us_guy'], [cloneId]]);
		expect(out.map((o) => o.json.errorMessage)).toEqual([undefined, undefined, undefined, undefined]);
	});

	test('an unknown voice is an input error naming the item, before any paid request', async () => {
		const voices = ['sv_en_us_jenny', 'sv_en_us_nobody'];
		const error = (await generate.call(context((i) => ({ voiceId: rl(voices[i]) }), 2)).catch((e: unknown) => e)) as NodeOperationError;
		expect(error.message).toMatch(/Voice sv_en_us_nobody not found/);
		expect(error.description).toMatch(/pick one from the list/);
		expect(error.context.itemIndex).toBe(1);
		expect(vmegRequests('/task/tts/create')).toHaveLength(0);
		expect(vmegRequests('/assets/voice/basic/list')).toHaveLength(2);
	});

	test('with Continue On Fail an unknown voice fails only its item', async () => {
		const voices = ['sv_en_us_jenny', 'sv_en_us_nobody', 'sv_en_us_guy'];
		const [out] = await generate.call(context((i) => ({ voiceId: rl(voices[i]) }), 3, true));
		expect(out).toHaveLength(3);
		expect(out[1]).toEqual({ json: { error: 'Voice sv_en_us_nobody not found' }, pairedItem: { item: 1 } });
		expect(out[0].binary?.data).toBeDefined();
		expect(out[2].binary?.data).toBeDefined();
		expect(ttsTasks().map(sentVoices)).toEqual([['sv_en_us_jenny', 'sv_en_us_guy']]);
	});
});

describe('VMEG Text to Speech > Generate: input checks', () => {
	test('Emotion Weight 1.5 is refused with the item index, before any request', async () => {
		const error = (await generate
			.call(context((i) => (i === 2 ? { options: { emoWeight: 1.5 } } : {}), 3))
			.catch((e: unknown) => e)) as NodeOperationError;
		expect(error.message).toMatch(/Emotion Weight must be between 0 and 1 \(got 1\.5\)/);
		expect(error.context.itemIndex).toBe(2);
		expect(emu.state.requests.filter((r: RequestLogEntry) => r.api === 'vmeg')).toHaveLength(0);
	});

	test('a non-HTTPS Emotion Reference Audio URL is refused', async () => {
		const error = (await generate
			.call(context(() => ({ options: { emoRefAudio: 'http://example.com/angry.wav' } }), 1))
			.catch((e: unknown) => e)) as NodeOperationError;
		expect(error.message).toMatch(/Emotion Reference Audio URL must be an HTTPS URL/);
		expect(error.context.itemIndex).toBe(0);
		expect(vmegRequests('/task/tts/create')).toHaveLength(0);
	});

	test('Continue On Fail keeps going: bad items get an error, the others are spoken in one request', async () => {
		const [out] = await generate.call(
			context((i) => (i === 1 ? { text: '  ' } : i === 3 ? { options: { emoWeight: 1.5 } } : {}), 5, true),
		);
		expect(out).toHaveLength(5);
		expect(out.map((o) => (o.pairedItem as IPairedItemData).item)).toEqual([0, 1, 2, 3, 4]);
		expect(out[1].json.error).toMatch(/Text is empty/);
		expect(out[3].json.error).toMatch(/Emotion Weight/);
		expect([0, 2, 4].every((i) => out[i].binary?.data)).toBe(true);
		expect(vmegRequests('/task/tts/create')).toHaveLength(1);
		expect(sentTexts(ttsTasks()[0])).toEqual(['Line 0', 'Line 2', 'Line 4']);
	});
});

describe('VMEG Text to Speech > Create Async Task', () => {
	test('Poll returns each item its own line of the batch', async () => {
		const voices = ['sv_en_us_jenny', 'sv_en_us_ava_hd', 'sv_en_us_guy'];
		const [out] = await createAsync.call(context((i) => ({ voiceId: rl(voices[i]), waitMode: 'poll', waitTimeLimit: 1, downloadResults: true }), 3));
		expect(vmegRequests('/task/tts/create-async')).toHaveLength(2);
		expect(out).toHaveLength(3);
		const [s1, s3] = ttsTasks();
		expect(out.map((o) => [o.json.taskId, o.json.lineIndex, o.json.status])).toEqual([
			[s1.taskId, 0, 'finished'],
			[s3.taskId, 0, 'finished'],
			[s1.taskId, 1, 'finished'],
		]);
		expect(out.every((o) => o.binary?.data)).toBe(true);
	});
});
