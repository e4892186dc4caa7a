// @ts-check
'use strict';
/**
 * Local HTTP emulator of the VMEG, Vimmerse and Voice APIs (one server, path prefixes; the APIs
 * are listed once, in apis.js):
 *
 *   <url>/vmeg/openapi/v1/...      VMEG Open API            (vmeg.js)
 *   <url>/vimmerse/v2/audio/...    Vimmerse v2 audio         (vimmerse.js)
 *   <url>/voice/v1/...             RapidAPI "Voice API"      (voice.js — the contract lives there)
 *   <url>/_emulator/...            control API, no auth      (control.js)
 *   <url>/_cdn/<id>/<file>         generated/uploaded media (GET/HEAD, Range)
 *   <url>/_s3/...                  presigned upload targets  (vmeg-materials.js)
 *
 * Usage:
 *   const { startEmulator } = require('./test/emulator');
 *   const emu = await startEmulator({ port: 0 });   // → { url, port, close(), state, … }
 *
 * Handlers return Reply objects ({status, headers, json|body}); this file sends them, logs every
 * request (never auth headers) into state.requests and applies fault rules.
 */
const http = require('node:http');
const crypto = require('node:crypto');
const { hex, readBody, drain, parseJson, isObject, queryObject } = require('./http-util');
const { parseMultipart, getBoundary, MultipartError } = require('./multipart');
const { makeSystemVoices } = require('./vmeg-voices');
const { handleS3 } = require('./vmeg-materials');
const vmeg = require('./vmeg');
const { APIS, API_NAMES, isApiName } = require('./apis');
const control = require('./control');
const media = require('./media');

/** @typedef {import('./types').Emu} Emu @typedef {import('./types').Ctx} Ctx @typedef {import('./types').Config} Config @typedef {import('./http-util').Reply} Reply */

const MiB = 1024 * 1024;
const DEFAULT_KEYS = /** @type {Record<import('./apis').ApiName, string>} */ (Object.fromEntries(API_NAMES.map((api) => [api, APIS[api].defaultKey])));
/** @type {Config} */
const DEFAULT_CONFIG = {
	vmegWebhookUrl: null,
	vmegWebhookSecret: 'whsec-test-secret',
	taskDurationMs: 300,
	vimmerseCredits: 1000,
	duplicateWebhooks: false,
	webhookBeforeResponse: false,
	webhookRetries: 5,
	webhookRetryDelayMs: 200,
	webhookTimeoutMs: 5000,
	recommendedPartSize: 5 * MiB,
	minPartSize: 5 * MiB,
	voiceTaskDurationMs: 300,
	voiceModelsCacheMs: 0,
	voiceAudioFieldName: 'file',
	s3RequireContentLength: true,
	retainUploads: true,
	vmegStrictIdempotency: false,
	vmegErrorStyle: 'mixed',
	vimmerseVoices: null,
};
const MAX_LOGGED_REQUESTS = 10_000;

/**
 * @typedef {Partial<Config> & {
 *   port?: number, host?: string,
 *   keys?: Partial<Record<import('./apis').ApiName, string>>,
 *   log?: ((msg: string) => void) | false,
 * }} EmulatorOptions
 */

/**
 * Start the emulator.
 * @param {EmulatorOptions} [options]
 * @returns {Promise<{ url: string, port: number, state: any, close: () => Promise<void>,
 *   reset: () => void, configure: (patch: Partial<Config>) => Config, emu: Emu }>}
 */
async function startEmulator(options = {}) {
	const { port = 0, host = '127.0.0.1', keys = {}, log, ...rest } = options;
	/** @type {Config} */
	const defaults = { ...DEFAULT_CONFIG };
	for (const k of /** @type {(keyof Config)[]} */ (Object.keys(DEFAULT_CONFIG))) {
		if (rest[k] !== undefined) /** @type {any} */ (defaults)[k] = rest[k];
	}

	const server = http.createServer();
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => resolve(undefined));
	});
	const addr = /** @type {import('node:net').AddressInfo} */ (server.address());
	const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
	const url = `http://${urlHost}:${addr.port}`;

	/** @type {Emu} */
	const emu = {
		url,
		state: {},
		keys: { ...DEFAULT_KEYS, ...keys },
		rt: {
			blobs: new Map(),
			idempotency: new Map(),
			materialBytes: new Map(),
			uploads: new Map(),
			modelsCache: new Map(),
			failNext: [],
			timers: new Set(),
			outgoing: new Set(),
			s3Secret: hex(16),
		},
		generation: 0,
		log: typeof log === 'function' ? log : () => {},
		addBlob(blob) {
			const id = hex(12);
			emu.rt.blobs.set(id, blob);
			return `${url}/_cdn/${id}/${encodeURIComponent(blob.filename)}`;
		},
		later(fn, ms) {
			const t = setTimeout(() => {
				emu.rt.timers.delete(t);
				try {
					fn();
				} catch (e) {
					emu.log(`timer error: ${/** @type {Error} */ (e).stack}`);
				}
			}, ms);
			emu.rt.timers.add(t);
		},
		sleep(ms) {
			return new Promise((resolve) => emu.later(() => resolve(undefined), ms));
		},
		takeFailure(api, taskType) {
			const i = emu.rt.failNext.findIndex((f) => f.api === api && (!f.taskType || f.taskType === taskType));
			if (i < 0) return null;
			const [f] = emu.rt.failNext.splice(i, 1);
			return { message: f.message || 'Emulated task failure' };
		},
		systemVoices: makeSystemVoices((kind, id) => (kind === 'audio' ? `${url}/_cdn/static/voice/${id}.mp3` : `${url}/_cdn/static/cover/${id}.png`)),
	};

	const reset = () => {
		emu.generation++;
		for (const t of emu.rt.timers) clearTimeout(t);
		emu.rt.timers.clear();
		for (const r of emu.rt.outgoing) r.destroy();
		emu.rt.outgoing.clear();
		for (const k of /** @type {const} */ (['blobs', 'idempotency', 'materialBytes', 'uploads', 'modelsCache'])) emu.rt[k].clear();
		emu.rt.failNext.length = 0;
		Object.assign(emu.state, freshState(emu, defaults));
	};
	reset();

	server.on('request', (req, res) => {
		handleRequest(emu, req, res, reset).catch((e) => {
			emu.log(`unhandled: ${e && e.stack}`);
			if (!res.headersSent && !res.destroyed) {
				res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ message: 'Internal emulator error' }));
			}
		});
	});
	server.on('clientError', (_err, socket) => socket.destroy());

	let closed = false;
	const close = async () => {
		if (closed) return;
		closed = true;
		emu.generation++;
		for (const t of emu.rt.timers) clearTimeout(t);
		emu.rt.timers.clear();
		for (const r of emu.rt.outgoing) r.destroy();
		await new Promise((resolve) => {
			server.close(() => resolve(undefined));
			server.closeAllConnections();
		});
	};

	emu.log(`emulator listening on ${url}`);
	return {
		url,
		port: addr.port,
		state: emu.state,
		close,
		reset,
		configure: (patch) => control.applyConfig(emu, patch),
		emu,
	};
}

/** @param {Emu} _emu @param {Config} defaults */
function freshState(_emu, defaults) {
	return {
		config: { ...defaults },
		defaults: { ...defaults },
		requests: [],
		faults: [],
		sinks: {},
		...Object.fromEntries(API_NAMES.map((api) => [api, APIS[api].module.initialState(defaults)])),
	};
}

/** Which area a path belongs to. @param {string} pathname */
function classify(pathname) {
	for (const api of API_NAMES) {
		if (pathname === `/${api}` || pathname.startsWith(`/${api}/`)) return { api, sub: pathname.slice(api.length + 1) || '/' };
	}
	if (pathname.startsWith('/_emulator/') || pathname === '/_emulator') return { api: 'control', sub: pathname.slice('/_emulator'.length) || '/' };
	if (pathname.startsWith('/_cdn/')) return { api: 'cdn', sub: pathname.slice('/_cdn'.length) };
	if (pathname.startsWith('/_s3/')) return { api: 's3', sub: pathname.slice('/_s3'.length) };
	return { api: 'none', sub: pathname };
}

/** First fault rule matching this request (consumes one use). @param {Emu} emu @param {string} api @param {string} method @param {string} path */
function takeFault(emu, api, method, path) {
	for (const r of emu.state.faults) {
		if (r.remaining <= 0) continue;
		if (r.api === 'any' ? !isApiName(api) : r.api !== api) continue;
		if (r.method && r.method.toUpperCase() !== method) continue;
		if (r.path && (r.path.endsWith('*') ? !path.startsWith(r.path.slice(0, -1)) : r.path !== path)) continue;
		r.remaining--;
		r.used++;
		return r;
	}
	return null;
}

/**
 * @param {Emu} emu
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {() => void} reset
 */
async function handleRequest(emu, req, res, reset) {
	const method = (req.method || 'GET').toUpperCase();
	let parsed;
	try {
		parsed = new URL(req.url || '/', 'http://emulator.invalid');
	} catch {
		return send(req, res, { status: 400, json: { message: 'Bad request URL' } });
	}
	const { api, sub } = classify(parsed.pathname);
	const query = queryObject(parsed.searchParams);

	if (api === 'control') {
		const ctx = makeCtx(emu, req, method, sub, query, {});
		const reply = await control.handle(ctx, reset).catch((e) => ({ status: 500, json: { error: String(e && e.message) } }));
		await drain(req);
		return send(req, res, reply);
	}
	if (api === 'none') {
		await drain(req);
		return send(req, res, { status: 404, json: { message: `Unknown path ${parsed.pathname}. Use ${API_NAMES.map((a) => `/${a}`).join(', ')}, /_emulator.` } });
	}

	const idem = req.headers['x-idempotency-key'];
	/** @type {Record<string, any>} */
	const entry = {
		seq: emu.state.requests.length + 1,
		at: new Date().toISOString(),
		api,
		method,
		path: sub,
		query,
		idempotencyKey: typeof idem === 'string' ? idem : null,
		status: null,
		bodyKeys: [],
	};
	const requests = emu.state.requests;
	requests.push(entry);
	if (requests.length > MAX_LOGGED_REQUESTS) requests.splice(0, requests.length - MAX_LOGGED_REQUESTS);

	const fault = takeFault(emu, api, method, sub);
	if (fault) entry.fault = fault.kind;
	if (fault?.kind === 'drop-before') {
		emu.log(`${method} ${parsed.pathname} -> dropped before processing (fault)`);
		req.socket.destroy();
		return;
	}
	if (fault?.kind === 'delay') await emu.sleep(fault.delayMs);
	if (fault?.kind === 'status') {
		await drain(req);
		// Strict mode: the API itself answered, after seeing the key, so the key is used up.
		if (api === 'vmeg') vmeg.spendKeyOnFault(emu, req, method, sub);
		/** @type {Reply} */
		let reply = fault.body !== undefined ? { status: fault.status, json: fault.body } : errorReplyFor(api, fault.status, 'Injected fault');
		if (api === 'vmeg') reply = vmeg.styleError(emu, reply);
		const code = /** @type {any} */ (reply.json)?.code;
		if (typeof code === 'number') entry.code = code;
		if (fault.retryAfter !== undefined) reply.headers = { ...(reply.headers ?? {}), 'Retry-After': String(fault.retryAfter) };
		entry.status = reply.status;
		emu.log(`${method} ${parsed.pathname} -> ${reply.status} (fault)`);
		return send(req, res, reply);
	}

	const ctx = makeCtx(emu, req, method, sub, query, entry);
	/** @type {Reply} */
	let reply;
	try {
		if (api === 'cdn') reply = serveCdn(emu, req, sub);
		else if (api === 's3') reply = await handleS3(ctx);
		else reply = await APIS[/** @type {import('./apis').ApiName} */ (api)].module.handle(ctx);
	} catch (e) {
		emu.log(`handler error on ${method} ${parsed.pathname}: ${/** @type {Error} */ (e).stack}`);
		reply = errorReplyFor(api, 500, `Internal emulator error: ${/** @type {Error} */ (e).message}`);
	}
	entry.status = reply.status;
	entry.answeredAt = new Date().toISOString(); // with `at`: which requests were in flight together
	await drain(req);
	if (fault?.kind === 'truncate' && reply.body !== undefined) {
		// A file cut short at the origin: the first `keepBytes` (default half), honestly sized.
		const full = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body);
		reply = { ...reply, body: full.subarray(0, fault.keepBytes ?? Math.floor(full.length / 2)) };
		if (reply.headers) reply.headers = Object.fromEntries(Object.entries(reply.headers).filter(([k]) => k.toLowerCase() !== 'content-length'));
		entry.fault = 'truncate';
	}
	if (fault?.kind === 'drop-after-accept') {
		entry.dropped = true;
		emu.log(`${method} ${parsed.pathname} -> processed (${reply.status}) then dropped (fault)`);
		req.socket.destroy();
		return;
	}
	if (fault?.kind === 'hold-after-accept') {
		// The work is done (task created, key stored); the answer comes only after delayMs.
		entry.held = fault.delayMs;
		await emu.sleep(fault.delayMs);
	}
	if (fault?.kind === 'cut-off' || fault?.kind === 'stall') {
		entry.cutOff = true;
		emu.log(`${method} ${parsed.pathname} -> ${reply.status}, ${fault.kind} after ${fault.fraction} of the body (fault)`);
		return sendPartial(emu, req, res, reply, fault);
	}
	emu.log(`${method} ${parsed.pathname} -> ${reply.status}`);
	send(req, res, reply);
}

/**
 * Sends the reply's headers (with the full Content-Length) but only `fraction` of its body;
 * then 'cut-off' closes the connection at once, 'stall' keeps it silent for delayMs first.
 * @param {Emu} emu @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {Reply} reply
 * @param {{kind: string, fraction: number, delayMs: number}} fault
 */
async function sendPartial(emu, req, res, reply, fault) {
	const body = reply.json !== undefined ? Buffer.from(JSON.stringify(reply.json), 'utf8') : Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body ?? '', 'utf8');
	/** @type {Record<string, string|number>} */
	const headers = { ...(reply.headers ?? {}), 'Content-Length': body.length };
	if (reply.json !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
	res.writeHead(reply.status, headers);
	// Wait until the partial body has left, or destroying the socket would discard it too.
	await new Promise((resolve) => res.write(body.subarray(0, Math.floor(body.length * fault.fraction)), () => resolve(undefined)));
	await emu.sleep(fault.kind === 'stall' ? fault.delayMs : 20);
	req.socket.destroy();
}

/** @param {string} api @param {number} status @param {string} message @returns {Reply} */
function errorReplyFor(api, status, message) {
	if (isApiName(api)) return APIS[api].module.errorReply(status, message);
	return { status, headers: { 'Content-Type': 'text/plain' }, body: message };
}

/**
 * @param {Emu} emu @param {import('node:http').IncomingMessage} req @param {string} method @param {string} path
 * @param {Record<string,string>} query @param {Record<string, any>} entry
 * @returns {Ctx}
 */
function makeCtx(emu, req, method, path, query, entry) {
	return {
		emu,
		req,
		method,
		path,
		query,
		params: {},
		entry,
		async json(limit) {
			const b = await readBody(req, { limit });
			const p = parseJson(b.data);
			if (p.ok && isObject(p.value)) entry.bodyKeys = Object.keys(p.value);
			return { ...p, tooLarge: b.tooLarge };
		},
		raw: (limit) => readBody(req, { limit }),
		async multipart(opts) {
			const boundary = getBoundary(req.headers['content-type']);
			if (!boundary) throw new MultipartError('not multipart/form-data');
			// Without retained uploads file bytes are only hashed, and no size limit applies.
			const lean = emu.state.config.retainUploads ? {} : { keepData: false, maxBytes: Number.MAX_SAFE_INTEGER };
			const r = await parseMultipart(req, boundary, { ...opts, ...lean });
			entry.bodyKeys = [...new Set(r.parts.map((p) => p.name))];
			return r;
		},
	};
}

/** GET/HEAD /_cdn/<id>/<filename> and /_cdn/static/{voice,cover}/<id>.(mp3|png) @param {Emu} emu @param {import('node:http').IncomingMessage} req @param {string} sub @returns {Reply} */
function serveCdn(emu, req, sub) {
	if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, headers: { 'Content-Type': 'text/plain' }, body: 'Method Not Allowed' };
	const segs = sub.split('/'); // ['', id, filename] | ['', 'static', kind, file]
	/** @type {{ data: Buffer, contentType: string, etag?: string } | null} */
	let file = null;
	if (segs[1] === 'static' && segs.length === 4) {
		if (segs[2] === 'voice') file = { data: media.makeMp3(2), contentType: 'audio/mpeg' };
		if (segs[2] === 'cover') file = { data: media.TINY_PNG, contentType: 'image/png' };
	} else if (segs.length === 3) {
		const blob = emu.rt.blobs.get(segs[1]);
		if (blob) {
			if (!blob.data && blob.gen) blob.data = blob.gen();
			// Hashed once per blob, not per GET: a GiB file would otherwise wait seconds for its headers.
			blob.etag ??= `"${md5InSlices(/** @type {Buffer} */ (blob.data))}"`;
			file = { data: /** @type {Buffer} */ (blob.data), contentType: blob.contentType, etag: blob.etag };
		}
	}
	if (!file) return { status: 404, headers: { 'Content-Type': 'application/xml' }, body: '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>' };
	const etag = file.etag ?? `"${md5InSlices(file.data)}"`;
	const base = { 'Content-Type': file.contentType, ETag: etag, 'Accept-Ranges': 'bytes', 'Cache-Control': 'public, max-age=3600' };
	const range = req.headers.range;
	if (range) {
		const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
		const size = file.data.length;
		let start = m && m[1] ? Number(m[1]) : NaN;
		let end = m && m[2] ? Number(m[2]) : size - 1;
		if (m && !m[1] && m[2]) {
			start = Math.max(0, size - Number(m[2]));
			end = size - 1;
		}
		if (!m || Number.isNaN(start) || start >= size || start > end) {
			return { status: 416, headers: { ...base, 'Content-Range': `bytes */${size}` }, body: '' };
		}
		end = Math.min(end, size - 1);
		return { status: 206, headers: { ...base, 'Content-Range': `bytes ${start}-${end}/${size}` }, body: file.data.subarray(start, end + 1) };
	}
	return { status: 200, headers: base, body: file.data };
}

/** MD5 hex of a buffer of any size (one hash update takes at most 2 GiB - 1 bytes). @param {Buffer} data */
function md5InSlices(data) {
	const hash = crypto.createHash('md5');
	for (let offset = 0; offset < data.length; offset += 1 << 30) hash.update(data.subarray(offset, offset + (1 << 30)));
	return hash.digest('hex');
}

/** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res @param {Reply} reply */
function send(req, res, reply) {
	if (res.destroyed || res.headersSent) return;
	/** @type {Record<string, string|number>} */
	const headers = { ...(reply.headers ?? {}) };
	let body;
	if (reply.json !== undefined) {
		body = Buffer.from(JSON.stringify(reply.json), 'utf8');
		if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json; charset=utf-8';
	} else {
		body = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body ?? '', 'utf8');
	}
	headers['Content-Length'] = body.length;
	res.writeHead(reply.status, headers);
	res.end(req.method === 'HEAD' ? undefined : body);
}

module.exports = { startEmulator, DEFAULT_CONFIG, DEFAULT_KEYS };
// Convenience re-exports for tests.
module.exports.media = media;
module.exports.signing = require('./signing');
module.exports.makeWav = media.makeWav;
module.exports.signVmegCallback = module.exports.signing.signVmegCallback;
