// @ts-check
'use strict';
const { startEmulator, media } = require('../../emulator');
const { rawRequest, control, startReceiver, waitFor } = require('../../emulator/testkit');
const { signVmegCallback } = require('../../emulator/signing');

/** @type {Awaited<ReturnType<typeof startEmulator>>} */
let emu;
/** @type {Awaited<ReturnType<typeof startReceiver>>} */
let receiver;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, taskDurationMs: 60 });
});
afterAll(() => emu.close());
beforeEach(() => control(emu.url, 'POST', '/reset'));
afterEach(async () => {
	if (receiver) await receiver.close();
});

let n = 0;
/** POST to VMEG with a fresh idempotency key unless one is given. @param {string} p @param {unknown} body @param {string|null} [key] */
const post = (p, body, key) =>
	rawRequest(`${emu.url}/vmeg/openapi/v1${p}`, {
		headers: { Authorization: 'Bearer vmeg-test-key', ...(key === null ? {} : { 'X-Idempotency-Key': key ?? `key-${++n}` }) },
		body: /** @type {object} */ (body),
	});
/** @param {string} p */
const get = (p) => rawRequest(`${emu.url}/vmeg/openapi/v1${p}`, { headers: { Authorization: 'Bearer vmeg-test-key' } });

describe('envelope, idempotency, validation', () => {
	test('success envelope {code:200, message:"", data}', async () => {
		const r = await post('/task/translate/create', { language: { source: 'en-US', target: 'fr-FR' }, segments: [{ text: 'Hello' }, { text: 'Bye' }] });
		expect(r.status).toBe(200);
		expect(r.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
		const j = r.json();
		expect(j).toMatchObject({ code: 200, message: '' });
		expect(j.data.items).toEqual([{ text: '[fr-FR] Hello' }, { text: '[fr-FR] Bye' }]);
		expect(typeof j.data.taskId).toBe('string');
	});

	test('X-Idempotency-Key: required, <= 64 chars, replay → HTTP 409 + Retry-After: 2; scoped by path', async () => {
		const body = { data: [{ text: 'Hi', voiceId: 'sv_en_us_guy' }] };
		expect((await post('/task/tts/create', body, null)).json()).toMatchObject({ code: 400, message: expect.stringMatching(/X-Idempotency-Key/) });
		expect((await post('/task/tts/create', body, 'x'.repeat(65))).json()).toMatchObject({ code: 400 });
		expect((await post('/task/tts/create', body, 'x'.repeat(64))).json().code).toBe(200);
		const replay = await post('/task/tts/create', { ...body, trim: true }, 'x'.repeat(64));
		expect(replay.status).toBe(409);
		expect(replay.headers['retry-after']).toBe('2');
		expect(replay.json()).toMatchObject({ code: 409, data: null, message: expect.stringContaining('Idempotency key already used') });
		// same key, other path: accepted
		const other = await post('/task/translate/create', { language: { source: 'en', target: 'de' }, segments: [{ text: 'a' }] }, 'x'.repeat(64));
		expect(other.json().code).toBe(200);
		// voice-list POSTs need no key
		const list = await post('/assets/voice/basic/list', {}, null);
		expect(list.json().code).toBe(200);
	});

	test('a request rejected by validation does not burn its idempotency key', async () => {
		const bad = await post('/task/tts/create', { data: [] }, 'k-fixed');
		expect(bad.status).toBe(200);
		expect(bad.json()).toMatchObject({ code: 400, data: null, message: expect.stringContaining('data') });
		const good = await post('/task/tts/create', { data: [{ text: 'ok', voiceId: 'sv_en_us_guy' }] }, 'k-fixed');
		expect(good.json().code).toBe(200);
	});

	test.each([
		['more than 50 items', { data: Array.from({ length: 51 }, () => ({ text: 'a', voiceId: 'sv_en_us_guy' })) }, /at most 50/],
		['no voiceId or timbreRefAudio', { data: [{ text: 'a' }] }, /voiceId or timbreRefAudio/],
		['emoWeight > 1', { data: [{ text: 'a', voiceId: 'sv_en_us_guy', emoWeight: 1.5 }] }, /emoWeight/],
		['bad outputFormat', { data: [{ text: 'a', voiceId: 'sv_en_us_guy' }], outputFormat: 'ogg' }, /outputFormat/],
		['http timbreRefAudio', { data: [{ text: 'a', timbreRefAudio: 'http://example.com/a.wav' }] }, /HTTPS/],
		['unknown voice', { data: [{ text: 'a', voiceId: 'sv_nope' }] }, /Voice not found/],
		['two provider tiers', { data: [{ text: 'a', voiceId: 'sv_en_us_guy' }, { text: 'b', voiceId: 'sv_en_us_ava_hd' }] }, /same provider/],
	])('TTS validation: %s → HTTP 200, code 400', async (_name, body, message) => {
		const r = await post('/task/tts/create', body);
		expect(r.status).toBe(200);
		expect(r.json()).toMatchObject({ code: 400, data: null, message: expect.stringMatching(message) });
	});

	test('malformed JSON → code 400; unknown route → HTTP 404', async () => {
		const r = await rawRequest(`${emu.url}/vmeg/openapi/v1/task/tts/create`, {
			headers: { Authorization: 'Bearer vmeg-test-key', 'X-Idempotency-Key': 'z', 'Content-Type': 'application/json' },
			body: '{oops',
		});
		expect(r.json()).toMatchObject({ code: 400 });
		expect((await get('/nope')).status).toBe(404);
	});
});

describe('sync endpoints', () => {
	test.each([
		['wav', 'audio/wav', (/** @type {Buffer} */ b) => expect(media.parseWav(b)?.duration).toBeCloseTo(0.06 * 'Hello from the emulator'.length, 1)],
		['mp3', 'audio/mpeg', (/** @type {Buffer} */ b) => expect(media.inspectMp3(b).valid).toBe(true)],
		['m4a', 'audio/mp4', (/** @type {Buffer} */ b) => expect(b.toString('ascii', 4, 12)).toBe('ftypM4A ')],
	])('TTS %s results are real audio bytes', async (fmt, contentType, check) => {
		const r = await post('/task/tts/create', { data: [{ text: 'Hello from the emulator', voiceId: 'sv_en_us_jenny' }], outputFormat: fmt });
		const { data } = r.json();
		expect(data.results).toHaveLength(1);
		// The stated duration is the served file's (MP3 and AAC round up to whole frames).
		expect(data.results[0].duration).toBeCloseTo(media.audioSeconds(/** @type {'wav'|'mp3'|'m4a'} */ (fmt), 1.38), 3);
		const audio = await rawRequest(data.results[0].uri);
		expect(audio.status).toBe(200);
		expect(audio.headers['content-type']).toBe(contentType);
		check(audio.body);
	});

	test('clone → TTS (default m4a) → list → update → delete; no mixing with system voices', async () => {
		const clone = (await post('/task/clone-voice/create', { voiceName: 'Mine', provider: 'V3', refAudio: 'https://cdn.example.com/ref.wav' })).json();
		expect(clone.code).toBe(200);
		expect(clone.data.voiceId).toMatch(/^cv_/);
		const tts = await post('/task/tts/create', { data: [{ text: 'x', voiceId: clone.data.voiceId }] });
		expect(tts.json().data.results[0].uri).toMatch(/\.m4a$/);
		const mixed = await post('/task/tts/create', { data: [{ text: 'a', voiceId: 'sv_en_us_guy' }, { text: 'b', voiceId: clone.data.voiceId }] });
		expect(mixed.json()).toMatchObject({ code: 400, message: expect.stringContaining('Cannot mix system voices') });
		const viaRef = await post('/task/tts/create', { data: [{ text: 'a', voiceId: 'sv_en_us_guy' }, { text: 'b', timbreRefAudio: 'https://x.example/r.wav' }] });
		expect(viaRef.json()).toMatchObject({ code: 400, message: expect.stringContaining('timbreRefAudio') });
		const list = (await post('/assets/voice/clone/list', { searchName: 'mine' }, null)).json().data;
		expect(list.total).toBe(1);
		expect(list.records[0]).toMatchObject({ voiceId: clone.data.voiceId, name: 'Mine', provider: 'V3', taskId: clone.data.taskId });
		expect((await post('/assets/voice/clone/update', { voiceId: clone.data.voiceId, voiceName: 'Renamed' })).json().code).toBe(200);
		expect((await post('/assets/voice/clone/list', { voiceIds: [clone.data.voiceId] }, null)).json().data.records[0].name).toBe('Renamed');
		expect((await post('/assets/voice/clone/delete', { voiceId: clone.data.voiceId })).json().code).toBe(200);
		expect((await post('/assets/voice/clone/delete', { voiceId: clone.data.voiceId })).json().code).toBe(404);
		const after = await post('/task/tts/create', { data: [{ text: 'x', voiceId: clone.data.voiceId }] });
		expect(after.json()).toMatchObject({ code: 400, message: expect.stringContaining('Voice not found') });
		expect((await post('/task/clone-voice/create', { voiceName: 'x' })).json().code).toBe(400); // refAudio required
	});

	test('system voice list: filters, paging, ordering, topIds', async () => {
		const all = (await post('/assets/voice/basic/list', { pageSize: 100 }, null)).json().data;
		expect(all.total).toBeGreaterThanOrEqual(30);
		const locales = new Set(all.records.map((/** @type {any} */ v) => v.locale));
		for (const l of ['en-US', 'zh-CN', 'ja-JP', 'es-ES', 'fr-FR', 'de-DE']) expect(locales.has(l)).toBe(true);
		const v = all.records[0];
		for (const k of ['voiceId', 'localName', 'displayName', 'locale', 'localeName', 'provider', 'gender', 'style', 'rolePlay', 'description', 'personalities', 'personalityList', 'scenarios', 'scenarioList', 'isHd', 'isPreferred', 'score', 'cover', 'audio', 'createTime', 'updateTime']) {
			expect(v).toHaveProperty(k);
		}
		const page = (await post('/assets/voice/basic/list', { locale: 'en-US', gender: 'female', currentPage: 2, pageSize: 2, orderBy: 'score', order: 'asc' }, null)).json().data;
		expect(page.total).toBe(4);
		expect(page.records.map((/** @type {any} */ r) => r.score)).toEqual([97, 98]);
		const hd = (await post('/assets/voice/basic/list', { quality: 'high', age: 'young', pageSize: 100 }, null)).json().data;
		expect(hd.records.every((/** @type {any} */ r) => r.isHd === 1 && r.age === 'young')).toBe(true);
		const top = (await post('/assets/voice/basic/list', { topIds: ['sv_de_de_bernd'], searchName: '' }, null)).json().data;
		expect(top.records[0].voiceId).toBe('sv_de_de_bernd');
		const noEmo = (await post('/assets/voice/basic/list', { emotionPrompt: 'exclude', pageSize: 100 }, null)).json().data;
		expect(noEmo.total).toBeLessThan(all.total);
		expect((await post('/assets/voice/basic/list', { pageSize: 0 }, null)).json().code).toBe(400);
		const preview = await rawRequest(v.audio);
		expect(preview.headers['content-type']).toBe('audio/mpeg');
	});
});

describe('async endpoints + webhooks', () => {
	test('async TTS: acceptance, running → finished, signed callback, tasks/detail result equals callback data', async () => {
		receiver = await startReceiver();
		await control(emu.url, 'POST', '/config', { vmegWebhookUrl: receiver.url });
		const acc = (await post('/task/tts/create-async', { data: [{ text: 'Hello', voiceId: 'sv_en_us_jenny' }], outputFormat: 'mp3', extraData: { order: 42 } })).json();
		expect(acc.code).toBe(200);
		expect(Object.keys(acc.data).sort()).toEqual(['createdAt', 'taskId']);
		const running = (await get(`/tasks/detail?taskId=${acc.data.taskId}`)).json().data;
		expect(running).toEqual({ taskId: acc.data.taskId, taskType: 'tts', status: 'running', result: null });

		const [call] = await receiver.waitFor(1);
		expect(call.signatureOk).toBe(true);
		expect(call.headers['x-timestamp']).toMatch(/^\d{13}$/);
		expect(call.headers['x-signature']).toBe(signVmegCallback('whsec-test-secret', String(call.headers['x-timestamp']), call.rawBody));
		expect(call.json).toMatchObject({ code: 200, version: 'v1', event: 'openapi-tts', message: '', extraData: { order: 42 } });
		expect(call.json.pipelineKey).toMatch(/^[0-9a-f]{32}$/);
		expect(call.json.data.taskId).toBe(acc.data.taskId);
		expect(call.json.data.results[0].uri).toMatch(/\.mp3$/);

		const done = (await get(`/tasks/detail?taskId=${acc.data.taskId}`)).json().data;
		expect(done.status).toBe('finished');
		expect(done.result).toEqual(call.json.data);
		const audio = await rawRequest(done.result.results[0].uri);
		expect(media.inspectMp3(audio.body).valid).toBe(true);
		expect(emu.state.vmeg.webhookDeliveries).toEqual([expect.objectContaining({ taskId: acc.data.taskId, event: 'openapi-tts', attempt: 1, status: 200 })]);
	});

	test('retries non-2xx with the same pipelineKey; duplicateWebhooks sends every callback twice', async () => {
		receiver = await startReceiver({ respond: (c, i) => (i < 2 ? 500 : 200) });
		await control(emu.url, 'POST', '/config', { vmegWebhookUrl: receiver.url, webhookRetryDelayMs: 10, duplicateWebhooks: true });
		const acc = (await post('/task/translate/create-async', { language: { source: 'en-US', target: 'es-ES' }, segments: [{ text: 'Hi' }] })).json();
		const calls = await receiver.waitFor(4);
		expect(calls.map((c) => c.status)).toEqual([500, 500, 200, 200]);
		expect(new Set(calls.map((c) => c.json.pipelineKey)).size).toBe(1);
		expect(new Set(calls.map((c) => c.rawBody)).size).toBe(1);
		expect(calls[0].json).toMatchObject({ event: 'openapi-translate', data: { taskId: acc.data.taskId, items: [{ text: '[es-ES] Hi' }] } });
		await waitFor(() => emu.state.vmeg.webhookDeliveries.length === 4);
		const d = emu.state.vmeg.webhookDeliveries;
		expect(d.map((/** @type {any} */ x) => [x.copy, x.attempt, x.status])).toEqual([[1, 1, 500], [1, 2, 500], [1, 3, 200], [2, 1, 200]]);
	});

	test('gives up after webhookRetries; connection errors are logged', async () => {
		await control(emu.url, 'POST', '/config', { vmegWebhookUrl: 'http://127.0.0.1:9/none', webhookRetries: 2, webhookRetryDelayMs: 5 });
		await post('/task/clone-voice/create-async', { refAudio: 'https://x.example/a.wav' });
		await waitFor(() => emu.state.vmeg.webhookDeliveries.length === 3);
		await new Promise((r) => setTimeout(r, 50));
		expect(emu.state.vmeg.webhookDeliveries).toHaveLength(3);
		expect(emu.state.vmeg.webhookDeliveries[0]).toMatchObject({ status: null, error: 'ECONNREFUSED' });
		const t = emu.state.vmeg.tasks[0];
		expect(t.status).toBe('finished');
		// async clone adds the voice on completion
		expect(emu.state.vmeg.clones.some((/** @type {any} */ c) => c.taskId === t.taskId)).toBe(true);
	});

	test('send-callback: forged, stale, tampered and duplicate deliveries', async () => {
		receiver = await startReceiver();
		await control(emu.url, 'POST', '/config', { vmegWebhookUrl: receiver.url });
		const acc = (await post('/task/tts/create-async', { data: [{ text: 'a', voiceId: 'sv_en_us_guy' }] })).json();
		await receiver.waitFor(1);
		const forged = await control(emu.url, 'POST', '/vmeg/send-callback', { taskId: acc.data.taskId, tamper: 'signature' });
		expect(forged.statuses).toEqual([401]);
		const stale = await control(emu.url, 'POST', '/vmeg/send-callback', { taskId: acc.data.taskId, tamper: 'timestamp-stale' });
		expect(stale.statuses).toEqual([401]);
		expect(receiver.calls[2].reason).toBe('stale timestamp');
		const body = await control(emu.url, 'POST', '/vmeg/send-callback', { taskId: acc.data.taskId, tamper: 'body' });
		expect(body.statuses).toEqual([401]);
		const dup = await control(emu.url, 'POST', '/vmeg/send-callback', { taskId: acc.data.taskId, duplicate: 3 });
		expect(dup.statuses).toEqual([200, 200, 200]);
		expect(new Set(receiver.calls.slice(-3).map((c) => c.rawBody)).size).toBe(1);
		expect(receiver.calls[0].rawBody).toBe(receiver.calls[5].rawBody);
	});

	test('fail-next makes the next async task fail with a code-500 callback', async () => {
		receiver = await startReceiver();
		await control(emu.url, 'POST', '/config', { vmegWebhookUrl: receiver.url });
		await control(emu.url, 'POST', '/fail-next', { api: 'vmeg', taskType: 'tts', message: 'Engine exploded' });
		const acc = (await post('/task/tts/create-async', { data: [{ text: 'a', voiceId: 'sv_en_us_guy' }] })).json();
		const [call] = await receiver.waitFor(1);
		expect(call.json).toMatchObject({ code: 500, message: 'Engine exploded', event: 'openapi-tts' });
		expect((await get(`/tasks/detail?taskId=${acc.data.taskId}`)).json().data).toMatchObject({ status: 'failed', result: null });
	});

	test('tasks/list filters and pages; tasks/delete', async () => {
		await post('/task/tts/create', { data: [{ text: 'a', voiceId: 'sv_en_us_guy' }] });
		await post('/task/translate/create', { language: { source: 'en', target: 'de' }, segments: [{ text: 'a' }] });
		const acc = (await post('/task/tts/create-async', { data: [{ text: 'a', voiceId: 'sv_en_us_guy' }] })).json();
		const all = (await get('/tasks/list')).json().data;
		expect(all.total).toBe(3);
		expect(all.records[0]).toEqual({ taskId: acc.data.taskId, taskType: 'tts', status: 'running', createdAt: expect.any(String), updatedAt: expect.any(String) });
		expect((await get('/tasks/list?taskType=tts&pageSize=1&currentPage=2')).json().data).toMatchObject({ total: 2, records: [{ status: 'finished' }] });
		expect((await get('/tasks/list?status=running')).json().data.total).toBe(1);
		expect((await post('/tasks/delete', { taskId: acc.data.taskId })).json().code).toBe(200);
		expect((await get(`/tasks/detail?taskId=${acc.data.taskId}`)).json().code).toBe(404);
		expect((await get('/tasks/detail')).json().code).toBe(400);
	});
});
