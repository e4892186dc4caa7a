// @ts-check
'use strict';
const crypto = require('node:crypto');
const { startEmulator, media } = require('../../emulator');
const { rawRequest, control } = require('../../emulator/testkit');

/** @type {Awaited<ReturnType<typeof startEmulator>>} */
let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());
beforeEach(() => control(emu.url, 'POST', '/reset'));

const KEY = { 'X-Api-Key': 'vimmerse-test-key' };
/** @param {string} p @param {unknown} body */
const post = (p, body) => rawRequest(`${emu.url}/vimmerse${p}`, { headers: KEY, body: /** @type {object} */ (body) });

describe('generation', () => {
	test('text-2-speech returns the asset at top level with real mp3 results, and charges credits', async () => {
		const r = await post('/v2/audio/text-2-speech', { prompt: 'Welcome to the show.' });
		expect(r.status).toBe(200);
		const a = r.json();
		expect(a).toMatchObject({
			id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			args: { prompt: 'Welcome to the show.', option: 'ElevenLabsTTS', voice: 'AutoV' },
			status: 'success',
			mime_type: 'audio/mp3',
			app_name: 'text-to-speech',
			quantity: 1,
			credits: 8,
			thumbnails: [],
			history: [],
		});
		expect(a.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
		expect(a.results).toHaveLength(1);
		const audio = await rawRequest(a.results[0]);
		expect(audio.headers['content-type']).toBe('audio/mpeg');
		expect(media.inspectMp3(audio.body).valid).toBe(true);
		expect(emu.state.vimmerse.credits).toBe(1000 - 8);
		for (const p of [`/asset/${a.id}`, `/v2/asset/${a.id}`]) {
			const g = await rawRequest(`${emu.url}/vimmerse${p}`, { headers: KEY });
			expect(g.json()).toEqual(a);
		}
		const missing = await rawRequest(`${emu.url}/vimmerse/asset/nope`, { headers: KEY });
		expect(missing.status).toBe(404);
		expect(missing.json()).toEqual({ message: 'MEDIA_NOT_FOUND' });
	});

	test('sound effect honours duration; music is a WAV', async () => {
		const sfx = (await post('/v2/audio/text-2-sound-effect', { prompt: 'door slam', duration: 3 })).json();
		expect(sfx).toMatchObject({ app_name: 'text-to-audio', credits: 5 });
		const bytes = (await rawRequest(sfx.results[0])).body;
		expect(media.inspectMp3(bytes).duration).toBeCloseTo(3, 0);
		const music = (await post('/v2/audio/text-2-music', { prompt: 'lofi beat' })).json();
		expect(music).toMatchObject({ app_name: 'text-to-music', mime_type: 'audio/wav', credits: 10 });
		const wav = await rawRequest(music.results[0]);
		expect(media.parseWav(wav.body)?.duration).toBeCloseTo(30, 3);
	});

	test.each([
		['unknown field', '/v2/audio/text-2-speech', { prompt: 'x', speed: 2 }, ['body', 'speed'], 'extra_forbidden'],
		['missing prompt', '/v2/audio/text-2-speech', { voice: 'Rachel' }, ['body', 'prompt'], 'missing'],
		['prompt too long', '/v2/audio/text-2-speech', { prompt: 'a'.repeat(5001) }, ['body', 'prompt'], 'string_too_long'],
		['bad option', '/v2/audio/text-2-speech', { prompt: 'x', option: 'Polly' }, ['body', 'option'], 'enum'],
		['duration 0', '/v2/audio/text-2-sound-effect', { prompt: 'x', duration: 0 }, ['body', 'duration'], 'greater_than_equal'],
		['duration 31', '/v2/audio/text-2-sound-effect', { prompt: 'x', duration: 31 }, ['body', 'duration'], 'less_than_equal'],
		['music extra', '/v2/audio/text-2-music', { prompt: 'x', duration: 10 }, ['body', 'duration'], 'extra_forbidden'],
	])('422 FastAPI detail: %s', async (_name, p, body, loc, type) => {
		const r = await post(p, body);
		expect(r.status).toBe(422);
		expect(r.json().detail).toEqual(expect.arrayContaining([expect.objectContaining({ loc, type, msg: expect.any(String) })]));
		expect(emu.state.vimmerse.assets).toHaveLength(0);
	});

	test('402 INSUFFICIENT_CREDIT once the balance runs out, and nothing is created', async () => {
		await control(emu.url, 'POST', '/config', { vimmerseCredits: 20 });
		expect((await post('/v2/audio/text-2-speech', { prompt: 'one' })).status).toBe(200);
		expect((await post('/v2/audio/text-2-speech', { prompt: 'two' })).status).toBe(200);
		const r = await post('/v2/audio/text-2-speech', { prompt: 'three' });
		expect(r.status).toBe(402);
		expect(r.json()).toEqual({ message: 'INSUFFICIENT_CREDIT' });
		expect(emu.state.vimmerse.credits).toBe(4);
		expect(emu.state.vimmerse.assets).toHaveLength(2);
		// still affordable: upload (1 credit)
		const fd = new FormData();
		fd.append('audio_file', new Blob([Buffer.from('abc')], { type: 'audio/mpeg' }), 'a.mp3');
		expect((await fetch(`${emu.url}/vimmerse/v2/audio`, { method: 'POST', headers: KEY, body: fd })).status).toBe(200);
		expect(emu.state.vimmerse.credits).toBe(3);
	});

	test('estimate-credits costs nothing and validates app_name/option', async () => {
		const r = await post('/v2/audio/estimate-credits', { app_name: 'text-to-audio', option: 'ElevenLabsSE', duration: 12, quantity: 2 });
		expect(r.status).toBe(200);
		expect(r.json()).toEqual({ total_credits: 30, breakdown: expect.objectContaining({ unit_credits: 15, quantity: 2 }) });
		expect(emu.state.vimmerse.credits).toBe(1000);
		expect((await post('/v2/audio/estimate-credits', { option: 'Lyria' })).status).toBe(422);
		expect((await post('/v2/audio/estimate-credits', { app_name: 'text-to-speech' })).status).toBe(422);
	});
});

describe('upload', () => {
	test('multipart audio_file is stored and served back byte-for-byte', async () => {
		const bytes = crypto.randomBytes(200_000);
		const fd = new FormData();
		fd.append('audio_file', new Blob([bytes], { type: 'audio/mpeg' }), 'voiceover.mp3');
		const r = await fetch(`${emu.url}/vimmerse/v2/audio`, { method: 'POST', headers: KEY, body: fd });
		expect(r.status).toBe(200);
		const a = await r.json();
		expect(a).toMatchObject({ app_name: 'upload-audio', mime_type: 'audio/mpeg', status: 'success', credits: 1 });
		const served = await rawRequest(a.results[0]);
		expect(served.body.equals(bytes)).toBe(true);
	});

	test('missing audio_file → 422', async () => {
		const fd = new FormData();
		fd.append('file', new Blob([Buffer.from('abc')]), 'a.mp3');
		const r = await fetch(`${emu.url}/vimmerse/v2/audio`, { method: 'POST', headers: KEY, body: fd });
		expect(r.status).toBe(422);
		expect((await r.json()).detail[0]).toMatchObject({ loc: ['body', 'audio_file'], type: 'missing' });
		expect((await post('/v2/audio', { audio_file: 'x' })).status).toBe(422);
	});
});
