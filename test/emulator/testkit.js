// @ts-check
'use strict';
/**
 * Helpers for tests that drive the emulator (plain node:http, no dependencies):
 *
 *   rawRequest(url, {method, headers, body})  → {status, headers, body: Buffer, json()}; rejects with the
 *                                               socket error (e.g. ECONNRESET) when the server drops
 *   control(emuUrl, method, path, body?)      → JSON of <emuUrl>/_emulator<path>
 *   startReceiver({secret?, respond?})         → tiny webhook receiver that records raw bodies and checks
 *                                               VMEG signatures: {url, calls, waitFor(n), close()}
 *   waitFor(predicate, {timeoutMs, intervalMs})
 */
const http = require('node:http');
const { verifyVmegCallback } = require('./signing');

/**
 * @param {string} url
 * @param {{ method?: string, headers?: Record<string,string|number>, body?: string|Buffer|object, timeoutMs?: number }} [o]
 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, body: Buffer, json: () => any }>}
 */
function rawRequest(url, o = {}) {
	return new Promise((resolve, reject) => {
		/** @type {Record<string,string|number>} */
		const headers = { ...(o.headers ?? {}) };
		let body = o.body;
		if (body !== undefined && !Buffer.isBuffer(body) && typeof body !== 'string') {
			body = JSON.stringify(body);
			if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
		}
		if (body !== undefined) headers['Content-Length'] = Buffer.byteLength(body);
		const req = http.request(url, { method: o.method ?? (body === undefined ? 'GET' : 'POST'), headers, agent: false }, (res) => {
			/** @type {Buffer[]} */
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('error', reject);
			res.on('end', () => {
				const buf = Buffer.concat(chunks);
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body: buf, json: () => JSON.parse(buf.toString('utf8')) });
			});
		});
		req.setTimeout(o.timeoutMs ?? 15000, () => req.destroy(new Error('client timeout')));
		req.on('error', reject);
		req.end(body);
	});
}

/**
 * Call the control API.
 * @param {string} emuUrl @param {string} method @param {string} path @param {unknown} [body]
 */
async function control(emuUrl, method, path, body) {
	const r = await rawRequest(`${emuUrl}/_emulator${path}`, { method, body: body === undefined ? undefined : /** @type {object} */ (body) });
	const json = r.body.length ? r.json() : null;
	if (r.status >= 400) throw Object.assign(new Error(`control ${method} ${path} -> ${r.status}: ${r.body}`), { status: r.status, json });
	return json;
}

/**
 * @typedef {{ headers: import('node:http').IncomingHttpHeaders, rawBody: string, json: any, signatureOk: boolean, reason?: string, status: number, at: number }} Call
 */

/**
 * Local webhook receiver. `respond(call, index)` returns the HTTP status to answer (default: 200 when the
 * signature verifies, else 401).
 * @param {{ secret?: string, respond?: (call: Call, index: number) => number, path?: string }} [o]
 */
async function startReceiver(o = {}) {
	const secret = o.secret ?? 'whsec-test-secret';
	/** @type {Call[]} */
	const calls = [];
	/** @type {Array<() => void>} */
	let waiters = [];
	const server = http.createServer((req, res) => {
		/** @type {Buffer[]} */
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks).toString('utf8');
			const v = verifyVmegCallback(secret, /** @type {string|undefined} */ (req.headers['x-timestamp']), rawBody, /** @type {string|undefined} */ (req.headers['x-signature']));
			let json = null;
			try {
				json = JSON.parse(rawBody);
			} catch {
				/* keep null */
			}
			/** @type {Call} */
			const call = { headers: req.headers, rawBody, json, signatureOk: v.ok, reason: v.reason, status: 0, at: Date.now() };
			call.status = o.respond ? o.respond(call, calls.length) : v.ok ? 200 : 401;
			calls.push(call);
			res.writeHead(call.status, { 'Content-Type': 'application/json' });
			res.end(JSON.stringify({ received: true }));
			const w = waiters;
			waiters = [];
			w.forEach((fn) => fn());
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
	return {
		url: `http://127.0.0.1:${port}${o.path ?? '/webhook'}`,
		calls,
		/** Resolve once at least n calls arrived. @param {number} n @param {number} [timeoutMs] @returns {Promise<Call[]>} */
		waitFor(n, timeoutMs = 5000) {
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`receiver: expected ${n} calls, got ${calls.length}`)), timeoutMs);
				const check = () => {
					if (calls.length >= n) {
						clearTimeout(timer);
						resolve(calls);
					} else waiters.push(check);
				};
				check();
			});
		},
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve(undefined));
				server.closeAllConnections();
			}),
	};
}

/**
 * Poll until `predicate()` is truthy (may be async).
 * @template T
 * @param {() => T | Promise<T>} predicate
 * @param {{ timeoutMs?: number, intervalMs?: number }} [o]
 * @returns {Promise<T>}
 */
async function waitFor(predicate, o = {}) {
	const deadline = Date.now() + (o.timeoutMs ?? 5000);
	for (;;) {
		const v = await predicate();
		if (v) return v;
		if (Date.now() > deadline) throw new Error('waitFor: timed out');
		await new Promise((r) => setTimeout(r, o.intervalMs ?? 25));
	}
}

module.exports = { rawRequest, control, startReceiver, waitFor };
