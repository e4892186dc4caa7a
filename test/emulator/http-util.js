// @ts-check
'use strict';
/**
 * Small shared helpers: replies, body reading, ids, routing, zod error formatting.
 *
 * Handlers never write to `res` directly: they return a Reply, and the server in index.js
 * sends it (or, for the 'drop-after-accept' fault, destroys the socket instead).
 */
const crypto = require('node:crypto');

/**
 * @typedef {{ status: number, headers?: Record<string, string|number>, json?: unknown, body?: Buffer|string }} Reply
 */

class HttpError extends Error {
	/** @param {Reply} reply */
	constructor(reply) {
		super(`HTTP ${reply.status}`);
		this.reply = reply;
	}
}

/**
 * @param {number} status
 * @param {unknown} json
 * @param {Record<string, string|number>} [headers]
 * @returns {Reply}
 */
function jsonReply(status, json, headers) {
	return { status, json, headers };
}

/**
 * Read a whole request body, hashing it incrementally.
 * @param {import('node:http').IncomingMessage} req
 * @param {{ limit?: number }} [opts]
 * @returns {Promise<{ data: Buffer, size: number, md5: string, tooLarge: boolean }>}
 */
function readBody(req, opts = {}) {
	const limit = opts.limit ?? 64 * 1024 * 1024;
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		const hash = crypto.createHash('md5');
		let size = 0;
		let tooLarge = false;
		req.on('data', (/** @type {Buffer} */ c) => {
			size += c.length;
			hash.update(c);
			if (size > limit) tooLarge = true;
			else chunks.push(c);
		});
		req.on('end', () => resolve({ data: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), size, md5: hash.digest('hex'), tooLarge }));
		req.on('error', reject);
	});
}

/** Read and discard a body (so a reply can be sent on a clean connection). */
function drain(/** @type {import('node:http').IncomingMessage} */ req) {
	return new Promise((resolve) => {
		if (req.readableEnded) return resolve(undefined);
		req.on('end', () => resolve(undefined));
		req.on('error', () => resolve(undefined));
		req.on('close', () => resolve(undefined));
		req.resume();
	});
}

const md5 = (/** @type {Buffer|string} */ b) => crypto.createHash('md5').update(b).digest('hex');
const hex = (/** @type {number} */ bytes) => crypto.randomBytes(bytes).toString('hex');

let seq = 0;
/** Snowflake-like numeric string id (kept as a string end-to-end, like a Java Long). */
function numericId() {
	seq = (seq + 1) % 4096;
	const n = (BigInt(Date.now() - 1_600_000_000_000) << 22n) | (BigInt(crypto.randomInt(1024)) << 12n) | BigInt(seq);
	return n.toString();
}

const isoNow = () => new Date().toISOString();
/** FastAPI/Python style timestamp: 2025-05-06T16:35:59.840508+00:00 */
const pyIsoNow = () => new Date().toISOString().replace(/\.(\d{3})Z$/, (_, ms) => `.${ms}${String(crypto.randomInt(1000)).padStart(3, '0')}+00:00`);

/**
 * Tiny router. Patterns are paths with ':param' segments.
 * @template H
 * @param {Array<[string, string, H]>} table [method, pattern, handler]
 * @param {string} method
 * @param {string} path
 * @returns {{ handler: H, params: Record<string,string> } | { notFound: true } | { methodNotAllowed: true }}
 */
function matchRoute(table, method, path) {
	let pathMatched = false;
	for (const [m, pattern, handler] of table) {
		const params = matchPattern(pattern, path);
		if (!params) continue;
		pathMatched = true;
		if (m === method || (m === 'GET' && method === 'HEAD')) return { handler, params };
	}
	return pathMatched ? { methodNotAllowed: true } : { notFound: true };
}

/** @param {string} pattern @param {string} path */
function matchPattern(pattern, path) {
	const ps = pattern.split('/');
	const xs = path.split('/');
	if (ps.length !== xs.length) return null;
	/** @type {Record<string,string>} */
	const params = {};
	for (let i = 0; i < ps.length; i++) {
		if (ps[i].startsWith(':')) {
			if (!xs[i]) return null;
			try {
				params[ps[i].slice(1)] = decodeURIComponent(xs[i]);
			} catch {
				return null;
			}
		} else if (ps[i] !== xs[i]) return null;
	}
	return params;
}

/**
 * zod issues -> "path: message; path: message"
 * @param {import('zod').ZodError} err
 */
function zodMessage(err) {
	return err.issues.map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`).join('; ');
}

/**
 * zod issues -> FastAPI-style `detail` items (loc starts with the given root, e.g. 'body').
 * @param {import('zod').ZodError} err
 * @param {string} root
 */
function zodToFastApi(err, root) {
	return err.issues.map((i) => {
		/** @type {any} */
		const issue = i;
		if (i.code === 'unrecognized_keys') {
			return issue.keys.map((/** @type {string} */ k) => ({
				loc: [root, ...i.path, k],
				msg: 'Extra inputs are not permitted',
				type: 'extra_forbidden',
			}));
		}
		let type = 'value_error';
		let msg = i.message;
		if (i.code === 'invalid_type' && issue.received === 'undefined') {
			type = 'missing';
			msg = 'Field required';
		} else if (i.code === 'invalid_type') type = `${issue.expected}_type`;
		else if (i.code === 'too_small') type = issue.type === 'string' ? 'string_too_short' : issue.type === 'array' ? 'too_short' : 'greater_than_equal';
		else if (i.code === 'too_big') type = issue.type === 'string' ? 'string_too_long' : issue.type === 'array' ? 'too_long' : 'less_than_equal';
		else if (i.code === 'invalid_enum_value' || i.code === 'invalid_literal') type = 'enum';
		return [{ loc: [root, ...i.path], msg, type }];
	}).flat();
}

/** Parse a JSON buffer; returns { ok, value } without throwing. */
function parseJson(/** @type {Buffer} */ data) {
	if (data.length === 0) return { ok: false, value: undefined, empty: true };
	try {
		return { ok: true, value: JSON.parse(data.toString('utf8')), empty: false };
	} catch {
		return { ok: false, value: undefined, empty: false };
	}
}

/** Plain-object check */
const isObject = (/** @type {unknown} */ v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** @param {URLSearchParams} sp */
function queryObject(sp) {
	/** @type {Record<string,string>} */
	const q = {};
	for (const [k, v] of sp) q[k] = v;
	return q;
}

/** How many items have each value of `key`. @param {any[]} list @param {string} key */
function countBy(list, key) {
	return list.reduce((acc, x) => ((acc[x[key]] = (acc[x[key]] ?? 0) + 1), acc), /** @type {Record<string,number>} */ ({}));
}

/** Paging helper. */
function paginate(/** @type {any[]} */ list, /** @type {number} */ page, /** @type {number} */ size) {
	const start = (page - 1) * size;
	return list.slice(start, start + size);
}

module.exports = {
	HttpError,
	jsonReply,
	readBody,
	drain,
	md5,
	hex,
	numericId,
	isoNow,
	pyIsoNow,
	matchRoute,
	zodMessage,
	zodToFastApi,
	parseJson,
	isObject,
	queryObject,
	paginate,
	countBy,
};
