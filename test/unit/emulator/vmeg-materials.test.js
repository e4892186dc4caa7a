// @ts-check
'use strict';
const crypto = require('node:crypto');
const { startEmulator, media } = require('../../emulator');
const { rawRequest, control, startReceiver } = require('../../emulator/testkit');

/** @type {Awaited<ReturnType<typeof startEmulator>>} */
let emu;
beforeAll(async () => {
	emu = await startEmulator({ port: 0, taskDurationMs: 50 });
});
afterAll(() => emu.close());
beforeEach(() => control(emu.url, 'POST', '/reset'));

let n = 0;
/** @param {string} p @param {unknown} body */
const post = async (p, body) => {
	const r = await rawRequest(`${emu.url}/vmeg/openapi/v1${p}`, {
		headers: { Authorization: 'Bearer vmeg-test-key', 'X-Idempotency-Key': `m-${++n}` },
		body: /** @type {object} */ (body),
	});
	return r.json();
};
const md5 = (/** @type {Buffer} */ b) => crypto.createHash('md5').update(b).digest('hex');

/** Single-PUT upload; returns the MaterialDto. @param {Buffer} bytes @param {string} fileName */
async function uploadSingle(bytes, fileName) {
	const fileHash = md5(bytes);
	const g = await post('/assets/material/upload/gen-upload-url', { fileHash, fileName });
	expect(g.code).toBe(200);
	if (g.data.material) return g.data.material;
	const put = await rawRequest(g.data.uploadUrl, { method: 'PUT', body: bytes, headers: { 'Content-Type': 'application/octet-stream' } });
	expect(put.status).toBe(200);
	expect(put.headers.etag).toBe(`"${fileHash}"`);
	const c = await post('/assets/material/upload/complete', { s3Uri: g.data.s3Uri, fileName, materialId: g.data.materialId, fileHash });
	expect(c.code).toBe(200);
	return c.data;
}

describe('single upload', () => {
	test('gen-upload-url → PUT → complete gives a MaterialDto; the same hash is an instant upload', async () => {
		const wav = media.makeWav(2.5, 8000);
		const dto = await uploadSingle(wav, 'voice.wav');
		expect(dto).toMatchObject({ category: 'audio', name: 'voice.wav', mimeType: 'audio/wav', fileHash: md5(wav), filesize: wav.length, duration: 2500 });
		for (const k of ['materialId', 'addressUrl', 'thumbnailUrl', 'audioUrl', 'resolution', 'createTime', 'updateTime']) expect(dto).toHaveProperty(k);
		const served = await rawRequest(dto.addressUrl);
		expect(md5(served.body)).toBe(md5(wav));

		const again = await post('/assets/material/upload/gen-upload-url', { fileHash: md5(wav), fileName: 'other-name.wav' });
		expect(again.data.uploadUrl).toBeUndefined();
		expect(again.data.materialId).toBe(dto.materialId);
		expect(again.data.material).toEqual(dto);

		const list = await rawRequest(`${emu.url}/vmeg/openapi/v1/assets/material/list?pageSize=5`, { headers: { Authorization: 'Bearer vmeg-test-key' } });
		expect(list.json().data).toEqual({ records: [dto], total: 1 });
		expect((await post('/assets/material/delete', { materialId: dto.materialId })).code).toBe(200);
		expect((await post('/assets/material/delete', { materialId: dto.materialId })).code).toBe(404);
	});

	test('complete rejects an MD5 mismatch; fake S3 rejects bad signatures and extra auth', async () => {
		const bytes = crypto.randomBytes(1000);
		const claimed = md5(Buffer.from('something else'));
		const g = await post('/assets/material/upload/gen-upload-url', { fileHash: claimed, fileName: 'clip.mp4' });
		const tampered = g.data.uploadUrl.replace(/X-Amz-Signature=[0-9a-f]{4}/, 'X-Amz-Signature=0000');
		expect((await rawRequest(tampered, { method: 'PUT', body: bytes })).status).toBe(403);
		const withAuth = await rawRequest(g.data.uploadUrl, { method: 'PUT', body: bytes, headers: { Authorization: 'Bearer vmeg-test-key' } });
		expect(withAuth.status).toBe(400);
		expect(withAuth.body.toString()).toContain('InvalidArgument');
		const early = await post('/assets/material/upload/complete', { s3Uri: g.data.s3Uri, fileName: 'clip.mp4', materialId: g.data.materialId, fileHash: claimed });
		expect(early).toMatchObject({ code: 400, message: expect.stringContaining('No object') });
		expect((await rawRequest(g.data.uploadUrl, { method: 'PUT', body: bytes })).status).toBe(200);
		const c = await post('/assets/material/upload/complete', { s3Uri: g.data.s3Uri, fileName: 'clip.mp4', materialId: g.data.materialId, fileHash: claimed });
		expect(c).toMatchObject({ code: 400, data: null, message: expect.stringContaining('MD5') });
		expect((await post('/assets/material/upload/gen-upload-url', { fileHash: 'nothex', fileName: 'a.mp4' })).code).toBe(400);
		expect((await post('/assets/material/upload/gen-upload-url', { fileHash: claimed, fileName: 'notes.txt' })).code).toBe(400);
	});
});

describe('multipart upload', () => {
	/** @param {Buffer} bytes @param {string} fileName @param {number} partSize */
	async function startAndPut(bytes, fileName, partSize) {
		const fileHash = md5(bytes);
		const init = await post('/assets/material/upload/multipart/initiate', { fileHash, fileName });
		expect(init.code).toBe(200);
		const { materialId, uploadId } = init.data;
		const count = Math.ceil(bytes.length / partSize);
		const pres = await post('/assets/material/upload/multipart/presign-parts', {
			materialId, uploadId, fileHash, fileName, partNumbers: Array.from({ length: count }, (_, i) => i + 1),
		});
		expect(pres.data.urls).toHaveLength(count);
		const parts = [];
		for (const { partNumber, url } of pres.data.urls) {
			const chunk = bytes.subarray((partNumber - 1) * partSize, partNumber * partSize);
			const r = await rawRequest(url, { method: 'PUT', body: chunk });
			expect(r.status).toBe(200);
			expect(r.headers.etag).toBe(`"${md5(chunk)}"`);
			parts.push({ partNumber, eTag: String(r.headers.etag) });
		}
		return { init: init.data, fileHash, parts };
	}

	test('12 MB in 5 MiB parts assembles and verifies; recommendedPartSize is reported', async () => {
		const bytes = crypto.randomBytes(12 * 1024 * 1024);
		const { init, fileHash, parts } = await startAndPut(bytes, 'movie.mp4', 5 * 1024 * 1024);
		expect(init).toMatchObject({ recommendedPartSize: 5 * 1024 * 1024, expiresInSeconds: expect.any(Number), s3Uri: expect.stringMatching(/^s3:\/\//) });
		expect(parts).toHaveLength(3);
		const c = await post('/assets/material/upload/multipart/complete', { materialId: init.materialId, uploadId: init.uploadId, fileHash, fileName: 'movie.mp4', parts });
		expect(c.code).toBe(200);
		expect(c.data).toMatchObject({ materialId: init.materialId, category: 'video', filesize: bytes.length, fileHash, mimeType: 'video/mp4', resolution: '1280x720' });
		const served = await rawRequest(c.data.addressUrl);
		expect(md5(served.body)).toBe(fileHash);
		const ranged = await rawRequest(c.data.addressUrl, { headers: { Range: 'bytes=0-99' } });
		expect(ranged.status).toBe(206);
		expect(ranged.body.equals(bytes.subarray(0, 100))).toBe(true);
	});

	test('complete enforces part size, ETags, order and completeness; abort discards', async () => {
		await control(emu.url, 'POST', '/config', { minPartSize: 1000 });
		const bytes = crypto.randomBytes(2500);
		const small = await startAndPut(bytes, 'a.mp3', 600);
		const base = { materialId: small.init.materialId, uploadId: small.init.uploadId, fileHash: small.fileHash, fileName: 'a.mp3' };
		expect(await post('/assets/material/upload/multipart/complete', { ...base, parts: small.parts })).toMatchObject({ code: 400, message: expect.stringContaining('EntityTooSmall') });

		const ok = await startAndPut(bytes, 'b.mp3', 1000);
		const b = { materialId: ok.init.materialId, uploadId: ok.init.uploadId, fileHash: ok.fileHash, fileName: 'b.mp3' };
		const wrongTag = ok.parts.map((p, i) => (i === 1 ? { ...p, eTag: '"0123456789abcdef0123456789abcdef"' } : p));
		expect(await post('/assets/material/upload/multipart/complete', { ...b, parts: wrongTag })).toMatchObject({ code: 400, message: expect.stringContaining('ETag') });
		expect(await post('/assets/material/upload/multipart/complete', { ...b, parts: ok.parts.slice(0, 2) })).toMatchObject({ code: 400, message: expect.stringContaining('missing') });
		expect(await post('/assets/material/upload/multipart/complete', { ...b, parts: [...ok.parts].reverse() })).toMatchObject({ code: 400, message: expect.stringContaining('InvalidPartOrder') });
		const done = await post('/assets/material/upload/multipart/complete', { ...b, parts: ok.parts.map((p) => ({ ...p, eTag: p.eTag.replace(/"/g, '') })) });
		expect(done).toMatchObject({ code: 200, data: { category: 'audio', filesize: 2500 } });

		const ab = await startAndPut(crypto.randomBytes(1500), 'c.wav', 1000);
		const c = { materialId: ab.init.materialId, uploadId: ab.init.uploadId, fileHash: ab.fileHash, fileName: 'c.wav' };
		expect((await post('/assets/material/upload/multipart/abort', c)).code).toBe(200);
		expect((await post('/assets/material/upload/multipart/complete', { ...c, parts: ab.parts })).code).toBe(400);
		const late = await post('/assets/material/upload/multipart/presign-parts', { ...c, partNumbers: [1] });
		expect(late.code).toBe(400);
	});
});

describe('media translation', () => {
	test('requires a completed material; finishes with a signed callback carrying build.video/audio', async () => {
		const receiver = await startReceiver();
		try {
			await control(emu.url, 'POST', '/config', { vmegWebhookUrl: receiver.url });
			const req = (/** @type {string} */ materialId) => ({
				taskType: 'at',
				source: { materialId },
				language: { target: 'ja-JP' },
				options: { voiceClone: { style: 'emotional', mode: 'role' } },
				extraData: { job: 'dub-1' },
			});
			expect(await post('/task/media-translation/create-async', req('123'))).toMatchObject({ code: 404 });
			const pending = await post('/assets/material/upload/gen-upload-url', { fileHash: md5(Buffer.from('x')), fileName: 'x.mp4' });
			expect(await post('/task/media-translation/create-async', req(pending.data.materialId))).toMatchObject({ code: 400, message: expect.stringContaining('completed') });
			expect(await post('/task/media-translation/create-async', { ...req('1'), options: {} })).toMatchObject({ code: 400, message: expect.stringContaining('voiceClone') });

			const video = media.makeMp4(8);
			const dto = await uploadSingle(video, 'talk.mp4');
			expect(Math.abs(dto.duration - 8000)).toBeLessThan(50);
			const acc = await post('/task/media-translation/create-async', req(dto.materialId));
			expect(acc.data).toEqual({ taskId: expect.any(String), taskType: 'vt', status: 'running', createdAt: expect.any(String) });
			const [call] = await receiver.waitFor(1);
			expect(call.signatureOk).toBe(true);
			expect(call.json).toMatchObject({ code: 200, event: 'openapi-media-translation', extraData: { job: 'dub-1' }, data: { taskId: acc.data.taskId, taskType: 'vt', status: 'finished' } });
			const { result } = call.json.data;
			expect(result.build.video).toMatchObject({ url: expect.any(String), duration: expect.any(Number), size: expect.any(Number), resolution: { width: 1280, height: 720 }, fps: 25 });
			expect(result.build.audio).toMatchObject({ url: expect.any(String), duration: expect.any(Number), size: expect.any(Number) });
			expect(result.asrScripts.asrResults.length).toBeGreaterThan(0);
			expect(result.translatedScripts.result[0].text).toMatch(/^\[ja-JP\] /);
			const mp4 = await rawRequest(result.build.video.url);
			expect(mp4.headers['content-type']).toBe('video/mp4');
			expect(mp4.body.toString('ascii', 4, 12)).toBe('ftypisom');
			expect(mp4.body.length).toBe(result.build.video.size);
			const m4a = await rawRequest(result.build.audio.url);
			expect(m4a.headers['content-type']).toBe('audio/mp4');
			expect(m4a.body.toString('ascii', 4, 12)).toBe('ftypM4A ');
			const detail = await rawRequest(`${emu.url}/vmeg/openapi/v1/tasks/detail?taskId=${acc.data.taskId}`, { headers: { Authorization: 'Bearer vmeg-test-key' } });
			expect(detail.json().data).toEqual({ taskId: acc.data.taskId, taskType: 'vt', status: 'finished', result });
		} finally {
			await receiver.close();
		}
	});
});
