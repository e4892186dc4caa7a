// @ts-check
'use strict';
const crypto = require('node:crypto');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { startEmulator } = require('../../emulator');
const { rawRequest, control } = require('../../emulator/testkit');

/** @type {Awaited<ReturnType<typeof startEmulator>>} */
let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0 });
});
afterAll(() => emu.close());
beforeEach(() => control(emu.url, 'POST', '/reset'));

const VMEG = { Authorization: 'Bearer vmeg-test-key' };
const ttsBody = { data: [{ text: 'Hello there', voiceId: 'sv_en_us_jenny' }] };

describe('startEmulator', () => {
	test('returns url, port, state and close', () => {
		expect(emu.url).toBe(`http://127.0.0.1:${emu.port}`);
		expect(emu.port).toBeGreaterThan(0);
		expect(typeof emu.close).toBe('function');
		expect(emu.state.vmeg.tasks).toEqual([]);
		expect(emu.state.vimmerse.credits).toBe(1000);
		expect(emu.state.voice.models.length).toBeGreaterThanOrEqual(25);
	});

	test('unknown top-level paths answer 404 JSON', async () => {
		const r = await rawRequest(`${emu.url}/nope`);
		expect(r.status).toBe(404);
		expect(r.json().message).toMatch(/Unknown path/);
	});
});

describe('auth failures', () => {
	test('VMEG: 401 envelope without / with a wrong bearer key', async () => {
		/** @type {Record<string,string>[]} */
		const variants = [{}, { Authorization: 'Bearer wrong' }, { Authorization: 'vmeg-test-key' }];
		for (const headers of variants) {
			const r = await rawRequest(`${emu.url}/vmeg/openapi/v1/tasks/list`, { headers });
			expect(r.status).toBe(401);
			expect(r.json()).toEqual({ code: 401, message: 'Invalid or missing API Key', data: null });
		}
	});

	test('Vimmerse: 401 {"message":"UNAUTHORIZED"}', async () => {
		const r = await rawRequest(`${emu.url}/vimmerse/v2/audio/text-2-speech`, { body: { prompt: 'x' }, headers: { 'X-Api-Key': 'nope' } });
		expect(r.status).toBe(401);
		expect(r.json()).toEqual({ message: 'UNAUTHORIZED' });
	});

	test('Voice API: 401 {"message":"Invalid API key"}; health needs no auth', async () => {
		const r = await rawRequest(`${emu.url}/voice/v1/models`);
		expect(r.status).toBe(401);
		expect(r.json()).toEqual({ message: 'Invalid API key' });
		const h = await rawRequest(`${emu.url}/voice/v1/health`);
		expect(h.status).toBe(200);
		expect(h.json()).toEqual({ status: 'ok' });
	});
});

describe('control API', () => {
	test('config merge, validation and reset to defaults', async () => {
		const cfg = await control(emu.url, 'POST', '/config', { taskDurationMs: 50, vimmerseCredits: 7, duplicateWebhooks: true });
		expect(cfg).toMatchObject({ taskDurationMs: 50, vimmerseCredits: 7, duplicateWebhooks: true, webhookRetries: 5, webhookRetryDelayMs: 200 });
		expect(emu.state.vimmerse.credits).toBe(7);
		await expect(control(emu.url, 'POST', '/config', { taskDurationMS: 1 })).rejects.toMatchObject({ status: 400 });
		await control(emu.url, 'POST', '/reset');
		const after = await control(emu.url, 'GET', '/config');
		expect(after).toMatchObject({ taskDurationMs: 300, vimmerseCredits: 1000, duplicateWebhooks: false, recommendedPartSize: 5 * 1024 * 1024 });
		expect(emu.state.vimmerse.credits).toBe(1000);
	});

	test('state logs requests without auth headers and counts tasks per type', async () => {
		await rawRequest(`${emu.url}/vmeg/openapi/v1/task/tts/create?req_id=abc`, { headers: { ...VMEG, 'X-Idempotency-Key': 'k-1' }, body: ttsBody });
		const s = await control(emu.url, 'GET', '/state');
		expect(s.requests).toHaveLength(1);
		expect(s.requests[0]).toMatchObject({
			api: 'vmeg', method: 'POST', path: '/openapi/v1/task/tts/create', query: { req_id: 'abc' }, idempotencyKey: 'k-1', status: 200, bodyKeys: ['data'],
		});
		expect(JSON.stringify(s)).not.toContain('vmeg-test-key');
		expect(s.vmeg.taskCounts).toEqual({ tts: 1 });
		expect(s.vmeg.tasks[0]).toMatchObject({ taskType: 'tts', status: 'finished' });
		expect(typeof s.vmeg.tasks[0].createdAt).toBe('string');
		expect(s.vmeg.idempotencyKeys).toBe(1);
	});

	test('sink records raw bodies: size, md5, content type and multipart parts', async () => {
		const bytes = crypto.randomBytes(300_000);
		const r1 = await rawRequest(`${emu.url}/_emulator/sink/out`, { body: bytes, headers: { 'Content-Type': 'audio/mpeg', Authorization: 'Bearer secret' } });
		expect(r1.status).toBe(200);
		const fd = new FormData();
		fd.append('meta', 'hello');
		fd.append('file', new Blob([bytes], { type: 'audio/wav' }), 'a.wav');
		const r2 = await fetch(`${emu.url}/_emulator/sink/out`, { method: 'POST', body: fd });
		expect(r2.status).toBe(200);
		const { records } = await control(emu.url, 'GET', '/sink/out');
		const md5 = crypto.createHash('md5').update(bytes).digest('hex');
		expect(records).toHaveLength(2);
		expect(records[0]).toMatchObject({ size: bytes.length, md5, contentType: 'audio/mpeg' });
		expect(records[0].headers.authorization).toBeUndefined();
		expect(records[1].contentType).toMatch(/^multipart\/form-data; boundary=/);
		expect(records[1].parts).toEqual([
			{ name: 'meta', filename: null, contentType: null, size: 5, md5: crypto.createHash('md5').update('hello').digest('hex') },
			{ name: 'file', filename: 'a.wav', contentType: 'audio/wav', size: bytes.length, md5 },
		]);
		expect(records[1].fields).toEqual({ meta: 'hello' });
	});
});

describe('fault injection', () => {
	test('status 429 with Retry-After, consumed `times` times, per API envelope', async () => {
		await control(emu.url, 'POST', '/faults', {
			rules: [
				{ api: 'vmeg', method: 'POST', path: '/openapi/v1/task/tts/create', kind: 'status', status: 429, retryAfter: 3, times: 2 },
				{ api: 'vimmerse', path: '/v2/audio/*', kind: 'status', status: 503 },
				{ api: 'voice', kind: 'status', status: 502 },
			],
		});
		for (let i = 0; i < 2; i++) {
			const r = await rawRequest(`${emu.url}/vmeg/openapi/v1/task/tts/create`, { headers: { ...VMEG, 'X-Idempotency-Key': 'same' }, body: ttsBody });
			expect(r.status).toBe(429);
			expect(r.headers['retry-after']).toBe('3');
			expect(r.json()).toMatchObject({ code: 429, data: null });
		}
		const ok = await rawRequest(`${emu.url}/vmeg/openapi/v1/task/tts/create`, { headers: { ...VMEG, 'X-Idempotency-Key': 'same' }, body: ttsBody });
		expect(ok.status).toBe(200);
		expect(ok.json().code).toBe(200);
		expect(emu.state.vmeg.tasks).toHaveLength(1);

		const v = await rawRequest(`${emu.url}/vimmerse/v2/audio/text-2-music`, { headers: { 'X-Api-Key': 'vimmerse-test-key' }, body: { prompt: 'x' } });
		expect(v.status).toBe(503);
		expect(v.json()).toEqual({ message: 'SERVICE_UNAVAILABLE' });
		const w = await rawRequest(`${emu.url}/voice/v1/health`);
		expect(w.status).toBe(502);
		const s = await control(emu.url, 'GET', '/state');
		expect(s.requests.filter((/** @type {any} */ r) => r.fault === 'status')).toHaveLength(4);
	});

	test('drop-after-accept creates the task but the client sees a socket error; the retry gets 409', async () => {
		await control(emu.url, 'POST', '/faults', { rules: [{ api: 'vmeg', path: '/openapi/v1/task/tts/create-async', kind: 'drop-after-accept' }] });
		const send = () => rawRequest(`${emu.url}/vmeg/openapi/v1/task/tts/create-async`, { headers: { ...VMEG, 'X-Idempotency-Key': 'job-1' }, body: ttsBody });
		await expect(send()).rejects.toMatchObject({ code: 'ECONNRESET' });
		expect(emu.state.vmeg.tasks).toHaveLength(1);
		expect(emu.state.vmeg.tasks[0]).toMatchObject({ taskType: 'tts', status: 'running', idempotencyKey: 'job-1' });
		const retry = await send();
		expect(retry.status).toBe(409);
		expect(retry.headers['retry-after']).toBe('2');
		expect(retry.json().message).toContain('Idempotency key already used');
		expect((await control(emu.url, 'GET', '/state')).vmeg.taskCounts).toEqual({ tts: 1 });
	});

	test('drop-before creates nothing; delay delays', async () => {
		await control(emu.url, 'POST', '/faults', {
			rules: [
				{ api: 'any', method: 'POST', kind: 'drop-before' },
				{ api: 'voice', path: '/v1/health', kind: 'delay', delayMs: 150 },
			],
		});
		await expect(
			rawRequest(`${emu.url}/vmeg/openapi/v1/task/tts/create`, { headers: { ...VMEG, 'X-Idempotency-Key': 'k' }, body: ttsBody }),
		).rejects.toMatchObject({ code: 'ECONNRESET' });
		expect(emu.state.vmeg.tasks).toHaveLength(0);
		const t0 = Date.now();
		const r = await rawRequest(`${emu.url}/voice/v1/health`);
		expect(r.status).toBe(200);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
	});

	test('invalid rules are rejected', async () => {
		await expect(control(emu.url, 'POST', '/faults', { rules: [{ api: 'x', kind: 'status' }] })).rejects.toMatchObject({ status: 400 });
	});
});

describe('cli', () => {
	test('prints one JSON line with url/port and exits on SIGTERM', async () => {
		const child = spawn(process.execPath, [path.join(__dirname, '../../emulator/cli.js'), '--port', '0', '--quiet', '--task-duration-ms', '20'], {
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const line = await new Promise((resolve, reject) => {
			let out = '';
			child.stdout.on('data', (c) => {
				out += c;
				if (out.includes('\n')) resolve(out);
			});
			child.on('exit', (code) => reject(new Error(`exited early: ${code}`)));
		});
		const info = JSON.parse(String(line).trim());
		expect(info.url).toBe(`http://127.0.0.1:${info.port}`);
		const cfg = await control(info.url, 'GET', '/config');
		expect(cfg.taskDurationMs).toBe(20);
		const exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
		child.kill('SIGTERM');
		expect(await exit).toBe(0);
	});
});
