// @ts-check
'use strict';
const http = require('node:http');
const { startEmulator } = require('../../emulator');
const { rawRequest, control } = require('../../emulator/testkit');

/** @type {Awaited<ReturnType<typeof startEmulator>>} */
let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());
beforeEach(() => control(emu.url, 'POST', '/reset'));

const auth = { Authorization: 'Bearer vmeg-test-key', 'Content-Type': 'application/json' };
const tts = (/** @type {string} */ key, /** @type {unknown} */ body) =>
	rawRequest(`${emu.url}/vmeg/openapi/v1/task/tts/create`, { method: 'POST', headers: { ...auth, 'X-Idempotency-Key': key }, body: JSON.stringify(body) });
const good = { data: [{ text: 'Hi', voiceId: 'sv_en_us_jenny' }], language: { target: 'en-US' }, outputFormat: 'mp3' };
const badVoice = { ...good, data: [{ text: 'Hi', voiceId: 'sv_nope' }] };

/** Status and the number of body bytes that arrived before the connection ended (or the error). */
function download(/** @type {string} */ url) {
	return new Promise((resolve) => {
		let bytes = 0;
		let declared = NaN;
		const done = (/** @type {string|null} */ error) => resolve({ declared, bytes, error });
		http
			.get(url, (res) => {
				declared = Number(res.headers['content-length']);
				res.on('data', (c) => (bytes += c.length));
				res.on('end', () => done(null));
				res.on('error', (e) => done(e.message));
			})
			.on('error', (e) => done(e.message));
	});
}

describe('strict idempotency (vmegStrictIdempotency)', () => {
	test('default: a request rejected for its body does not use its key up', async () => {
		expect((await tts('k1', badVoice)).json().code).toBe(400);
		expect((await tts('k1', good)).json().code).toBe(200);
	});

	test('strict: the key of a rejected request is used up; the repeat gets 409', async () => {
		await control(emu.url, 'POST', '/config', { vmegStrictIdempotency: true });
		expect((await tts('k2', badVoice)).json().code).toBe(400);
		const replay = await tts('k2', good);
		expect(replay.status).toBe(409);
		expect(emu.state.vmeg.tasks).toHaveLength(0);
	});

	test('strict: an injected error answer uses the key up too', async () => {
		await control(emu.url, 'POST', '/config', { vmegStrictIdempotency: true });
		await control(emu.url, 'POST', '/faults', { rules: [{ api: 'vmeg', path: '/openapi/v1/task/tts/create', kind: 'status', status: 503 }] });
		expect((await tts('k3', good)).status).toBe(503);
		expect((await tts('k3', good)).status).toBe(409);
	});
});

describe('VMEG error style (vmegErrorStyle)', () => {
	test("'http' gives business errors their HTTP status", async () => {
		await control(emu.url, 'POST', '/config', { vmegErrorStyle: 'http' });
		const r = await tts('k4', badVoice);
		expect(r.status).toBe(400);
		expect(r.json().code).toBe(400);
	});

	test("'envelope' puts even a 5xx fault and a 409 inside HTTP 200", async () => {
		await control(emu.url, 'POST', '/config', { vmegErrorStyle: 'envelope' });
		await control(emu.url, 'POST', '/faults', { rules: [{ api: 'vmeg', path: '/openapi/v1/task/tts/create', kind: 'status', status: 502 }] });
		const fault = await tts('k5', good);
		expect(fault.status).toBe(200);
		expect(fault.json().code).toBe(502);
		expect((await tts('k5', good)).json().code).toBe(200);
		const replay = await tts('k5', good);
		expect(replay.status).toBe(200);
		expect(replay.json().code).toBe(409);
	});
});

describe('download and answer faults', () => {
	test('cut-off: full Content-Length declared, half the bytes sent, then the connection closes', async () => {
		const ok = await tts('k6', good);
		const url = ok.json().data.results[0].uri;
		await control(emu.url, 'POST', '/faults', { rules: [{ api: 'cdn', kind: 'cut-off', fraction: 0.5 }] });
		const cut = /** @type {any} */ (await download(url));
		expect(cut.bytes).toBeLessThan(cut.declared);
		const whole = /** @type {any} */ (await download(url));
		expect(whole.bytes).toBe(whole.declared);
	});

	test('stall: part of the body, then silence for delayMs, then the connection closes', async () => {
		const url = (await tts('k7', good)).json().data.results[0].uri;
		await control(emu.url, 'POST', '/faults', { rules: [{ api: 'cdn', kind: 'stall', fraction: 0.25, delayMs: 300 }] });
		const started = Date.now();
		const r = /** @type {any} */ (await download(url));
		expect(Date.now() - started).toBeGreaterThanOrEqual(280);
		expect(r.bytes).toBeLessThan(r.declared);
	});

	test('hold-after-accept: the job exists at once, the answer comes after delayMs', async () => {
		await control(emu.url, 'POST', '/faults', { rules: [{ api: 'vmeg', path: '/openapi/v1/task/tts/create', kind: 'hold-after-accept', delayMs: 400 }] });
		const pending = tts('k8', good);
		await new Promise((resolve) => setTimeout(resolve, 150));
		expect(emu.state.vmeg.tasks).toHaveLength(1);
		expect((await pending).json().code).toBe(200);
	});

	test('drop-after-accept works on the multipart paid endpoints (Vimmerse upload, Voice API STT)', async () => {
		await control(emu.url, 'POST', '/faults', { rules: [{ api: 'any', method: 'POST', kind: 'drop-after-accept', times: 2 }] });
		const boundary = 'b0undary';
		const form = (/** @type {string} */ field) =>
			Buffer.concat([
				Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="a.wav"\r\nContent-Type: audio/wav\r\n\r\n`),
				require('../../emulator').makeWav(1),
				Buffer.from(`\r\n--${boundary}--\r\n`),
			]);
		const headers = { 'Content-Type': `multipart/form-data; boundary=${boundary}` };
		await expect(rawRequest(`${emu.url}/vimmerse/v2/audio`, { method: 'POST', headers: { ...headers, 'X-Api-Key': 'vimmerse-test-key' }, body: form('audio_file') })).rejects.toThrow();
		await expect(rawRequest(`${emu.url}/voice/v1/stt`, { method: 'POST', headers: { ...headers, Authorization: 'Bearer voice-test-key' }, body: form('file') })).rejects.toThrow();
		expect(emu.state.vimmerse.assets).toHaveLength(1);
		expect(emu.state.voice.tasks).toHaveLength(1);
	});
});

describe('Vimmerse voices (vimmerseVoices)', () => {
	test('an unknown voice is refused with 400 INVALID_VOICE and the valid voices in detail', async () => {
		await control(emu.url, 'POST', '/config', { vimmerseVoices: ['AutoV', 'Rachel'] });
		const r = await rawRequest(`${emu.url}/vimmerse/v2/audio/text-2-speech`, {
			method: 'POST',
			headers: { 'X-Api-Key': 'vimmerse-test-key', 'Content-Type': 'application/json' },
			body: JSON.stringify({ prompt: 'Hi', voice: 'Nobody' }),
		});
		expect(r.status).toBe(400);
		expect(r.json()).toEqual({ message: 'INVALID_VOICE', detail: 'Valid voices: AutoV, Rachel' });
		expect(emu.state.vimmerse.assets).toHaveLength(0);
	});
});
