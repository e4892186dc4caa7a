// @ts-check
'use strict';
/**
 * VMEG materials (vmeg-api.md "Material upload") and the fake S3 that receives the PUTs.
 *
 * Single:    gen-upload-url -> PUT <url>/_s3/upload/<materialId>/<fileName>?X-Amz-Signature=… -> upload/complete
 * Multipart: initiate -> presign-parts -> PUT <url>/_s3/multipart/<uploadId>/<partNumber>?… (ETag = "md5")
 *            -> multipart/complete (all uploaded parts, matching ETags, ascending, >= minPartSize but last) | abort
 *
 * Fake-S3 realism: the presigned query signature must be intact (403 SignatureDoesNotMatch),
 * an Authorization header on the PUT is rejected (400 InvalidArgument, as real S3 does when a
 * presigned URL is combined with another auth mechanism), a chunked PUT without Content-Length
 * is rejected (411 MissingContentLength; disable with config s3RequireContentLength=false),
 * and Content-MD5 is verified when sent (400 BadDigest).
 *
 * Material status: 'pending' (after gen-upload-url/initiate) -> 'completed' | 'aborted'; delete
 * sets `deleted: true`. Only completed, non-deleted materials are listed, deduplicated
 * ("instant upload") or usable in media translation.
 */
const crypto = require('node:crypto');
const path = require('node:path');
const { hex, numericId, isoNow } = require('./http-util');
const media = require('./media');

/** @typedef {import('./types').Emu} Emu @typedef {import('./types').Ctx} Ctx @typedef {import('./http-util').Reply} Reply */

const VIDEO_EXT = new Set(['.mp4', '.mov', '.mkv', '.webm', '.avi', '.m4v', '.flv', '.wmv']);
const AUDIO_EXT = new Set(['.mp3', '.wav', '.m4a', '.aac', '.ogg', '.flac', '.opus', '.wma']);
const MIME = /** @type {Record<string,string>} */ ({
	'.mp4': 'video/mp4', '.mov': 'video/quicktime', '.mkv': 'video/x-matroska', '.webm': 'video/webm', '.avi': 'video/x-msvideo',
	'.m4v': 'video/x-m4v', '.flv': 'video/x-flv', '.wmv': 'video/x-ms-wmv', '.mp3': 'audio/mpeg', '.wav': 'audio/wav', '.m4a': 'audio/mp4',
	'.aac': 'audio/aac', '.ogg': 'audio/ogg', '.flac': 'audio/flac', '.opus': 'audio/opus', '.wma': 'audio/x-ms-wma',
});

/** 'video' | 'audio' | null from a file name */
function categoryOf(/** @type {string} */ fileName) {
	const ext = path.extname(fileName).toLowerCase();
	return VIDEO_EXT.has(ext) ? 'video' : AUDIO_EXT.has(ext) ? 'audio' : null;
}

/** Best-effort media duration in ms: WAV / MP3 / ISO-BMFF headers, else a bitrate estimate. */
function durationMs(/** @type {Buffer} */ data, /** @type {'video'|'audio'} */ category) {
	const wav = media.parseWav(data);
	if (wav) return Math.round(wav.duration * 1000);
	const mp3 = media.inspectMp3(data);
	if (mp3.frames > 10) return Math.round(mp3.duration * 1000);
	const iso = media.isoDuration(data);
	if (iso) return Math.round(iso * 1000);
	const bitsPerSecond = category === 'video' ? 2_000_000 : 128_000;
	return Math.max(1000, Math.round(((data.length * 8) / bitsPerSecond) * 1000));
}

const s3Uri = (/** @type {string} */ materialId, /** @type {string} */ fileName) => `s3://vmeg-emulator-uploads/openapi/${materialId}/${fileName}`;

/** Presigned URL for a fake-S3 path (signature = HMAC of the path). */
function presign(/** @type {Emu} */ emu, /** @type {string} */ p, /** @type {Record<string,string>} */ extra = {}) {
	const sig = crypto.createHmac('sha256', emu.rt.s3Secret).update(p).digest('hex');
	const q = new URLSearchParams({ ...extra, 'X-Amz-Algorithm': 'AWS4-HMAC-SHA256', 'X-Amz-Expires': '3600', 'X-Amz-Signature': sig });
	return `${emu.url}${p}?${q}`;
}

/** Build the MaterialDto once the bytes are verified. */
function makeDto(/** @type {Emu} */ emu, /** @type {any} */ m, /** @type {Buffer} */ data, /** @type {string|null} */ putContentType, /** @type {number} */ size) {
	const ext = path.extname(m.fileName).toLowerCase();
	const category = categoryOf(m.fileName) ?? (putContentType?.startsWith('video/') ? 'video' : 'audio');
	const mimeType = MIME[ext] ?? putContentType ?? 'application/octet-stream';
	const ms = durationMs(data, category);
	const addressUrl = emu.addBlob({ data, contentType: mimeType, filename: m.fileName });
	const thumbnailUrl = category === 'video' ? emu.addBlob({ data: media.TINY_PNG, contentType: 'image/png', filename: 'thumbnail.png' }) : '';
	const audioUrl =
		category === 'audio' ? addressUrl : emu.addBlob({ gen: () => media.makeM4a(Math.min(ms / 1000, 60)), contentType: 'audio/mp4', filename: 'audio.m4a' });
	const now = isoNow();
	return {
		materialId: m.materialId,
		category,
		name: m.fileName,
		addressUrl,
		thumbnailUrl,
		audioUrl,
		resolution: category === 'video' ? '1280x720' : '',
		mimeType,
		fileHash: m.fileHash,
		filesize: size,
		duration: ms,
		createTime: m.createdAt,
		updateTime: now,
	};
}

/**
 * VMEG material route handlers. `ok(data)` / `biz(code, msg)` build envelopes.
 * @param {{ ok: (d: unknown) => Reply, biz: (code: number, msg: string) => Reply }} env
 */
function materialHandlers({ ok, biz }) {
	const findMaterial = (/** @type {Emu} */ emu, /** @type {string} */ id) => emu.state.vmeg.materials.find((/** @type {any} */ m) => m.materialId === id && !m.deleted);

	/** @param {Emu} emu @param {any} b */
	function genUploadUrl(emu, b) {
		if (!categoryOf(b.fileName)) return biz(400, `Unsupported file type: ${b.fileName} (video or audio files only)`);
		const existing = emu.state.vmeg.materials.find((/** @type {any} */ m) => m.status === 'completed' && !m.deleted && m.fileHash === b.fileHash);
		if (existing) return ok({ material: existing.dto, materialId: existing.materialId, s3Uri: existing.s3Uri });
		const materialId = numericId();
		const m = newMaterial(materialId, b, 'single');
		emu.state.vmeg.materials.push(m);
		const uploadUrl = presign(emu, `/_s3/upload/${materialId}/${encodeURIComponent(b.fileName)}`);
		return ok({ uploadUrl, s3Uri: m.s3Uri, materialId });
	}

	/** @param {Emu} emu @param {any} b */
	function uploadComplete(emu, b) {
		const m = findMaterial(emu, b.materialId);
		if (!m || m.uploadMode !== 'single') return biz(404, `Material not found: ${b.materialId}`);
		if (m.status === 'completed') return ok(m.dto);
		if (m.status !== 'pending') return biz(400, `Material upload is ${m.status}`);
		if (b.s3Uri !== m.s3Uri) return biz(400, 's3Uri does not match the upload URL issued for this material');
		if (b.fileHash !== m.fileHash) return biz(400, 'fileHash does not match the hash given to gen-upload-url');
		const stored = emu.rt.materialBytes.get(m.materialId);
		if (!stored) return biz(400, 'No object was uploaded to the presigned URL');
		if (stored.md5 !== b.fileHash) return biz(400, `fileHash mismatch: uploaded content MD5 is ${stored.md5}, expected ${b.fileHash}`);
		return finish(emu, m, stored.data, stored.contentType, stored.size);
	}

	/** @param {Emu} emu @param {any} b */
	function initiate(emu, b) {
		if (!categoryOf(b.fileName)) return biz(400, `Unsupported file type: ${b.fileName} (video or audio files only)`);
		const materialId = numericId();
		const uploadId = crypto.randomBytes(24).toString('base64url');
		const m = newMaterial(materialId, b, 'multipart');
		m.uploadId = uploadId;
		m.parts = [];
		emu.state.vmeg.materials.push(m);
		emu.rt.uploads.set(uploadId, { materialId, status: 'open', parts: new Map() });
		return ok({ materialId, s3Uri: m.s3Uri, uploadId, expiresInSeconds: 3600, recommendedPartSize: emu.state.config.recommendedPartSize });
	}

	/** Common multipart checks; returns [material, upload] or an error Reply. */
	function mpLookup(/** @type {Emu} */ emu, /** @type {any} */ b) {
		const m = findMaterial(emu, b.materialId);
		const up = emu.rt.uploads.get(b.uploadId);
		if (!m || !up || up.materialId !== m.materialId) return biz(404, `Multipart upload not found: materialId=${b.materialId} uploadId=${b.uploadId}`);
		if (b.fileHash !== m.fileHash || b.fileName !== m.fileName) return biz(400, 'fileHash/fileName do not match the initiated upload');
		if (up.status !== 'open') return biz(400, `Multipart upload is ${up.status}`);
		return /** @type {[any, NonNullable<ReturnType<typeof emu.rt.uploads.get>>]} */ ([m, up]);
	}

	/** @param {Emu} emu @param {any} b */
	function presignParts(emu, b) {
		const r = mpLookup(emu, b);
		if (!Array.isArray(r)) return r;
		const numbers = [...new Set(/** @type {number[]} */ (b.partNumbers))].sort((x, y) => x - y);
		const urls = numbers.map((n) => ({
			partNumber: n,
			url: presign(emu, `/_s3/multipart/${b.uploadId}/${n}`, { partNumber: String(n), uploadId: b.uploadId }),
		}));
		return ok({ urls, expiresInSeconds: 3600 });
	}

	/** @param {Emu} emu @param {any} b */
	function mpComplete(emu, b) {
		const r = mpLookup(emu, b);
		if (!Array.isArray(r)) return r;
		const [m, up] = r;
		/** @type {{partNumber:number,eTag:string}[]} */
		const listed = b.parts;
		for (let i = 1; i < listed.length; i++) {
			if (listed[i].partNumber <= listed[i - 1].partNumber) return biz(400, 'InvalidPartOrder: parts must be listed in strictly ascending partNumber order');
		}
		const minPart = emu.state.config.minPartSize;
		for (const [i, p] of listed.entries()) {
			const stored = up.parts.get(p.partNumber);
			if (!stored) return biz(400, `InvalidPart: part ${p.partNumber} was not uploaded`);
			const etag = p.eTag.replace(/^W\//, '').replace(/"/g, '').toLowerCase();
			if (etag !== stored.md5) return biz(400, `InvalidPart: ETag mismatch for part ${p.partNumber}`);
			if (i < listed.length - 1 && stored.size < minPart) {
				return biz(400, `EntityTooSmall: part ${p.partNumber} is ${stored.size} bytes; every part but the last must be at least ${minPart} bytes`);
			}
		}
		const missing = [...up.parts.keys()].filter((n) => !listed.some((p) => p.partNumber === n));
		if (missing.length) return biz(400, `InvalidPart: uploaded part(s) ${missing.join(', ')} missing from parts[]`);
		const data = Buffer.concat(listed.map((p) => /** @type {any} */ (up.parts.get(p.partNumber)).data));
		// Kept bytes: the assembled file must hash to fileHash. Dropped bytes: each part's ETag was checked above.
		const digest = crypto.createHash('md5').update(data).digest('hex');
		if (emu.state.config.retainUploads && digest !== m.fileHash) return biz(400, `fileHash mismatch: assembled content MD5 is ${digest}, expected ${m.fileHash}`);
		const size = listed.reduce((sum, p) => sum + /** @type {any} */ (up.parts.get(p.partNumber)).size, 0);
		up.status = 'completed';
		up.parts.clear();
		return finish(emu, m, data, null, size);
	}

	/** @param {Emu} emu @param {any} b */
	function mpAbort(emu, b) {
		const r = mpLookup(emu, b);
		if (!Array.isArray(r)) return r;
		const [m, up] = r;
		up.status = 'aborted';
		up.parts.clear();
		m.status = 'aborted';
		m.updatedAt = isoNow();
		return ok(null);
	}

	/** @param {Emu} emu @param {any} q */
	function list(emu, q) {
		const all = emu.state.vmeg.materials.filter((/** @type {any} */ m) => m.status === 'completed' && !m.deleted).reverse();
		const start = (q.currentPage - 1) * q.pageSize;
		return ok({ records: all.slice(start, start + q.pageSize).map((/** @type {any} */ m) => m.dto), total: all.length });
	}

	/** @param {Emu} emu @param {any} b */
	function remove(emu, b) {
		const m = findMaterial(emu, b.materialId);
		if (!m) return biz(404, `Material not found: ${b.materialId}`);
		m.deleted = true;
		m.updatedAt = isoNow();
		emu.rt.materialBytes.delete(m.materialId);
		return ok(null);
	}

	/** @param {Emu} emu @param {any} m @param {Buffer} data @param {string|null} contentType @param {number} size */
	function finish(emu, m, data, contentType, size) {
		m.dto = makeDto(emu, m, data, contentType, size);
		m.status = 'completed';
		m.size = size;
		m.category = m.dto.category;
		m.updatedAt = m.dto.updateTime;
		emu.rt.materialBytes.delete(m.materialId);
		return ok(m.dto);
	}

	return { genUploadUrl, uploadComplete, initiate, presignParts, mpComplete, mpAbort, list, remove, findMaterial };
}

/** @param {string} materialId @param {{fileHash:string,fileName:string}} b @param {'single'|'multipart'} mode @returns {any} */
function newMaterial(materialId, b, mode) {
	const now = isoNow();
	return {
		materialId,
		status: 'pending',
		uploadMode: mode,
		fileName: b.fileName,
		fileHash: b.fileHash,
		s3Uri: s3Uri(materialId, b.fileName),
		category: categoryOf(b.fileName),
		size: null,
		createdAt: now,
		updatedAt: now,
		deleted: false,
		dto: null,
	};
}

// ---------------------------------------------------------------- fake S3
/** @param {number} status @param {string} code @param {string} message @returns {Reply} */
const s3Error = (status, code, message) => ({
	status,
	headers: { 'Content-Type': 'application/xml' },
	body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${hex(8).toUpperCase()}</RequestId></Error>`,
});

/**
 * PUT /_s3/upload/<materialId>/<fileName> and PUT /_s3/multipart/<uploadId>/<partNumber>.
 * @param {Ctx} ctx
 * @returns {Promise<Reply>}
 */
async function handleS3(ctx) {
	const { emu, req } = ctx;
	if (ctx.method !== 'PUT') return s3Error(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
	const segs = ctx.path.split('/'); // ['', 'upload'|'multipart', id, x]
	if (segs.length !== 4 || !['upload', 'multipart'].includes(segs[1])) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
	const expected = crypto.createHmac('sha256', emu.rt.s3Secret).update(`/_s3${ctx.path}`).digest('hex');
	const given = ctx.query['X-Amz-Signature'] || '';
	if (given.length !== expected.length || !crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
		return s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
	}
	if (req.headers.authorization) {
		return s3Error(400, 'InvalidArgument', 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified');
	}
	if (emu.state.config.s3RequireContentLength && req.headers['content-length'] === undefined) {
		return s3Error(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
	}
	// Without retained uploads the bytes are hashed as they stream in and dropped.
	const body = await ctx.raw(emu.state.config.retainUploads ? 6 * 1024 * 1024 * 1024 : 0);
	const contentMd5 = req.headers['content-md5'];
	if (typeof contentMd5 === 'string' && Buffer.from(contentMd5, 'base64').toString('hex') !== body.md5) {
		return s3Error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
	}
	const etag = `"${body.md5}"`;
	ctx.entry.size = body.size;
	ctx.entry.md5 = body.md5;
	if (segs[1] === 'upload') {
		const m = emu.state.vmeg.materials.find((/** @type {any} */ x) => x.materialId === segs[2]);
		if (!m || m.deleted || m.status !== 'pending') return s3Error(403, 'AccessDenied', 'Request has expired or the upload is no longer accepted.');
		emu.rt.materialBytes.set(m.materialId, { data: body.data, md5: body.md5, size: body.size, contentType: req.headers['content-type'] ?? null });
		m.size = body.size;
	} else {
		const up = emu.rt.uploads.get(segs[2]);
		const n = Number(segs[3]);
		if (!up || up.status !== 'open') return s3Error(404, 'NoSuchUpload', 'The specified multipart upload does not exist.');
		if (!Number.isInteger(n) || n < 1 || n > 10000) return s3Error(400, 'InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
		up.parts.set(n, { data: body.data, md5: body.md5, size: body.size });
		const m = emu.state.vmeg.materials.find((/** @type {any} */ x) => x.materialId === up.materialId);
		if (m) {
			m.parts = [...up.parts.entries()].sort((a, b) => a[0] - b[0]).map(([partNumber, p]) => ({ partNumber, size: p.size, eTag: `"${p.md5}"` }));
		}
	}
	return { status: 200, headers: { ETag: etag }, body: '' };
}

module.exports = { materialHandlers, handleS3, categoryOf };
