// @ts-check
'use strict';
const { startEmulator, media, makeWav } = require('../../emulator');
const { rawRequest, control, waitFor } = require('../../emulator/testkit');

/** @type {Awaited<ReturnType<typeof startEmulator>>} */
let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, voiceTaskDurationMs: 100 });
});
afterAll(() => emu.close());
beforeEach(() => control(emu.url, 'POST', '/reset'));

const AUTH = { Authorization: 'Bearer voice-test-key' };
/** @param {string} p @param {{ method?: string, headers?: Record<string,string>, body?: any }} [o] */
const call = (p, o = {}) => rawRequest(`${emu.url}/voice${p}`, { ...o, headers: { ...AUTH, ...(o.headers ?? {}) } });
/** @param {string} p @param {FormData} fd */
const form = async (p, fd) => {
	const r = await fetch(`${emu.url}/voice${p}`, { method: 'POST', headers: AUTH, body: fd });
	return { status: r.status, json: await r.json() };
};
/** @param {string} p */
const pollUntilDone = (p) =>
	waitFor(async () => {
		const s = (await call(p)).json();
		return s.status === 'succeeded' || s.status === 'failed' ? s : null;
	});
const firstModel = () => emu.state.voice.models[0].id;

describe('auth', () => {
	test('RapidAPI headers: host must match the Host header (port optional)', async () => {
		const host = new URL(emu.url).host;
		const r1 = await rawRequest(`${emu.url}/voice/v1/models`, { headers: { 'X-RapidAPI-Key': 'voice-test-key', 'X-RapidAPI-Host': host } });
		expect(r1.status).toBe(200);
		const r2 = await rawRequest(`${emu.url}/voice/v1/models`, { headers: { 'X-RapidAPI-Key': 'voice-test-key', 'X-RapidAPI-Host': '127.0.0.1' } });
		expect(r2.status).toBe(200);
		/** @type {Record<string,string>[]} */
		const variants = [
			{ 'X-RapidAPI-Key': 'voice-test-key', 'X-RapidAPI-Host': 'voice-api1.p.rapidapi.com' },
			{ 'X-RapidAPI-Key': 'voice-test-key' },
			{ 'X-RapidAPI-Key': 'nope', 'X-RapidAPI-Host': host },
			{ Authorization: 'Bearer nope' },
		];
		for (const headers of variants) {
			const r = await rawRequest(`${emu.url}/voice/v1/models`, { headers });
			expect(r.status).toBe(401);
			expect(r.json()).toEqual({ message: 'Invalid API key' });
		}
	});
});

describe('models', () => {
	test('shape, paging, filters, sort and 422 on bad parameters', async () => {
		const page = (await call('/v1/models?page_size=10')).json();
		expect(page).toMatchObject({ total: 25, page: 1, page_size: 10, has_more: true });
		expect(page.items).toHaveLength(10);
		expect(Object.keys(page.items[0]).sort()).toEqual(['created_at', 'id', 'languages', 'score', 'state', 'tags', 'task_count', 'title']);
		const scores = page.items.map((/** @type {any} */ m) => m.score);
		expect(scores).toEqual([...scores].sort((a, b) => b - a));
		const last = (await call('/v1/models?page=3&page_size=10')).json();
		expect(last).toMatchObject({ page: 3, has_more: false });
		expect(last.items).toHaveLength(5);
		const fuzzy = (await call('/v1/models?title=storyteler')).json();
		expect(fuzzy.items.map((/** @type {any} */ m) => m.title)).toContain('Calm Female Storyteller');
		const ja = (await call('/v1/models?language=ja&sort=task_count')).json();
		expect(ja.items.every((/** @type {any} */ m) => m.languages.includes('ja'))).toBe(true);
		expect(ja.items[0].task_count).toBeGreaterThanOrEqual(ja.items[1].task_count);
		expect((await call('/v1/models?tag=NEWS')).json().total).toBe(2);
		for (const q of ['sort=name', 'page=0', 'page_size=101', 'refresh=yes']) {
			const r = await call(`/v1/models?${q}`);
			expect(r.status).toBe(422);
			expect(r.json().detail[0].loc[0]).toBe('query');
		}
	});
});

describe('TTS', () => {
	test('submit → poll → download real MP3', async () => {
		const r = await call('/v1/tts', { body: { text: '<|speaker:0|>Hello! [excited] <|speaker:1|>Hi there, how are you?', model_ids: [firstModel(), emu.state.voice.models[1].id] } });
		expect(r.status).toBe(202);
		const { task_id, status } = r.json();
		expect(status).toBe('queued');
		const early = await call(`/v1/tts/${task_id}/audio`);
		expect(early.status).toBe(409);
		const first = (await call(`/v1/tts/${task_id}`)).json();
		expect(first).toMatchObject({ task_id, status: expect.stringMatching(/queued|running/), progress: expect.any(Number) });
		const done = await pollUntilDone(`/v1/tts/${task_id}`);
		expect(done).toEqual({ task_id, status: 'succeeded', progress: 100 });
		const audio = await call(`/v1/tts/${task_id}/audio`);
		expect(audio.status).toBe(200);
		expect(audio.headers['content-type']).toBe('audio/mpeg');
		expect(audio.headers['content-disposition']).toBe(`attachment; filename="${task_id}.mp3"`);
		const info = media.inspectMp3(audio.body);
		expect(info.valid).toBe(true);
		expect(info.duration).toBeGreaterThan(1);
	});

	test.each([
		['unknown field', { text: 'hi', model_ids: ['M'], voice: 'x' }, ['body', 'voice']],
		['null value', { text: 'hi', model_ids: ['M'], speed: null }, ['body', 'speed']],
		['empty string', { text: '', model_ids: ['M'] }, ['body', 'text']],
		['empty model_ids', { text: 'hi', model_ids: [] }, ['body', 'model_ids']],
		['missing text', { model_ids: ['M'] }, ['body', 'text']],
		['speed out of range', { text: 'hi', model_ids: ['M'], speed: 3 }, ['body', 'speed']],
		['format other than mp3', { text: 'hi', model_ids: ['M'], format: 'wav' }, ['body', 'format']],
		['marker beyond model_ids', { text: '<|speaker:0|>a<|speaker:1|>b', model_ids: ['M'] }, ['body', 'text']],
		['unknown model', { text: 'hi', model_ids: ['does-not-exist'] }, ['body', 'model_ids', 0]],
	])('422: %s', async (_n, body, loc) => {
		const b = JSON.parse(JSON.stringify(body).replace(/"M"/g, JSON.stringify(firstModel())));
		const r = await call('/v1/tts', { body: b });
		expect(r.status).toBe(422);
		expect(r.json().detail).toEqual(expect.arrayContaining([expect.objectContaining({ loc })]));
		expect(emu.state.voice.tasks).toHaveLength(0);
	});

	test('unknown task → 404 {"message":"Task not found"}', async () => {
		const r = await call('/v1/tts/00000000-0000-0000-0000-000000000000');
		expect(r.status).toBe(404);
		expect(r.json()).toEqual({ message: 'Task not found' });
	});
});

describe('STT', () => {
	test('progress 0/50/80/100, result null on status, segments with speakers on result', async () => {
		await control(emu.url, 'POST', '/config', { voiceTaskDurationMs: 400 });
		const fd = new FormData();
		fd.append('file', new Blob([makeWav(10, 8000)], { type: 'audio/wav' }), 'talk.wav');
		fd.append('language', 'en');
		const r = await form('/v1/stt', fd);
		expect(r.status).toBe(202);
		const id = r.json.task_id;
		const seen = new Set();
		const done = await waitFor(async () => {
			const s = (await call(`/v1/stt/${id}`)).json();
			expect(s.result).toBeNull();
			seen.add(s.progress);
			return s.status === 'succeeded' ? s : null;
		}, { intervalMs: 20 });
		expect(done.progress).toBe(100);
		for (const p of seen) expect([0, 50, 80, 100]).toContain(p);
		const full = (await call(`/v1/stt/${id}/result`)).json();
		expect(full).toMatchObject({ task_id: id, language: 'en', duration: 10 });
		expect(full.segments).toHaveLength(3);
		expect(full.segments.map((/** @type {any} */ s) => s.speaker)).toEqual(['SPEAKER_0', 'SPEAKER_1', 'SPEAKER_0']);
		expect(full.segments[2].end).toBe(10);
		expect(full.text).toBe(full.segments.map((/** @type {any} */ s) => s.text).join(' '));
		const plain = (await call(`/v1/stt/${id}/result?plain_text=true`)).json();
		expect(plain).toEqual({ task_id: id, text: full.text });
	});

	test('diarize=false keeps one speaker; unknown form fields → 422; missing file → 422', async () => {
		const fd = new FormData();
		fd.append('file', new Blob([Buffer.alloc(160_000, 1)]), 'x.mp3');
		fd.append('diarize', 'false');
		const r = await form('/v1/stt', fd);
		expect(r.status).toBe(202);
		await pollUntilDone(`/v1/stt/${r.json.task_id}`);
		const res = (await call(`/v1/stt/${r.json.task_id}/result`)).json();
		expect(res.duration).toBe(10);
		expect(new Set(res.segments.map((/** @type {any} */ s) => s.speaker))).toEqual(new Set(['SPEAKER_0']));

		const extra = new FormData();
		extra.append('file', new Blob([Buffer.from('abc')]), 'x.mp3');
		extra.append('model', 'large');
		const e = await form('/v1/stt', extra);
		expect(e.status).toBe(422);
		expect(e.json.detail[0]).toMatchObject({ loc: ['body', 'model'], type: 'extra_forbidden' });
		const none = new FormData();
		none.append('language', 'en');
		expect((await form('/v1/stt', none)).status).toBe(422);
	});
});

describe('clone', () => {
	test('12 s WAV succeeds and the model joins /v1/models', async () => {
		const fd = new FormData();
		fd.append('file', new Blob([makeWav(12, 8000)], { type: 'audio/wav' }), 'me.wav');
		fd.append('title', 'My Voice');
		fd.append('language', 'de');
		const r = await form('/v1/clone', fd);
		expect(r.status).toBe(202);
		expect(r.json).toEqual({ task_id: expect.any(String), status: 'queued' });
		const pending = (await call(`/v1/clone/${r.json.task_id}`)).json();
		expect(pending.result).toBeNull();
		const done = await pollUntilDone(`/v1/clone/${r.json.task_id}`);
		expect(done).toMatchObject({ status: 'succeeded', progress: 100, result: { model_id: expect.any(String) } });
		const models = (await call('/v1/models?tag=cloned&refresh=true')).json();
		expect(models.items).toEqual([expect.objectContaining({ id: done.result.model_id, title: 'My Voice', state: 'trained', tags: ['cloned'], languages: ['de'] })]);
		// usable for TTS right away
		expect((await call('/v1/tts', { body: { text: 'hi', model_ids: [done.result.model_id] } })).status).toBe(202);
	});

	test.each([
		[5, 'at least 10 seconds'],
		[95, 'at most 90 seconds'],
	])('%s s WAV is rejected with 422', async (seconds, message) => {
		const fd = new FormData();
		fd.append('file', new Blob([makeWav(seconds, 8000)], { type: 'audio/wav' }), 'me.wav');
		fd.append('title', 'Short');
		const r = await form('/v1/clone', fd);
		expect(r.status).toBe(422);
		expect(r.json.detail[0].msg).toContain(message);
		expect(emu.state.voice.tasks).toHaveLength(0);
	});

	test('title required; unknown fields rejected; fail-next makes the task fail', async () => {
		const noTitle = new FormData();
		noTitle.append('file', new Blob([makeWav(11, 8000)]), 'me.wav');
		expect((await form('/v1/clone', noTitle)).json.detail[0].loc).toEqual(['body', 'title']);
		const extra = new FormData();
		extra.append('file', new Blob([makeWav(11, 8000)]), 'me.wav');
		extra.append('title', 'x');
		extra.append('visibility', 'public');
		expect((await form('/v1/clone', extra)).json.detail[0]).toMatchObject({ loc: ['body', 'visibility'], type: 'extra_forbidden' });

		await control(emu.url, 'POST', '/fail-next', { api: 'voice', taskType: 'clone', message: 'Training diverged' });
		const fd = new FormData();
		fd.append('file', new Blob([makeWav(11, 8000)]), 'me.wav');
		fd.append('title', 'Doomed');
		const r = await form('/v1/clone', fd);
		const done = await pollUntilDone(`/v1/clone/${r.json.task_id}`);
		expect(done).toMatchObject({ status: 'failed', error: 'Training diverged', result: null });
	});
});
