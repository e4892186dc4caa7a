// @ts-check
'use strict';
/**
 * Streaming multipart/form-data parser (no dependencies). Each part is hashed (MD5) as it
 * streams; its bytes are kept only when `keepData` is true.
 */
const crypto = require('node:crypto');

/**
 * @typedef {{ name: string, filename: string|null, contentType: string|null, size: number, md5: string, data?: Buffer }} Part
 * @typedef {{ parts: Part[], fields: Record<string,string>, files: Part[], size: number, md5: string }} MultipartResult
 */

class MultipartError extends Error {}

/**
 * Boundary from a Content-Type header, or null when not multipart/form-data.
 * @param {string|undefined} contentType
 */
function getBoundary(contentType) {
	if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return null;
	const m = /;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
	return m ? m[1] || m[2] : null;
}

/** @param {string} headerBlock */
function parsePartHeaders(headerBlock) {
	/** @type {Record<string,string>} */
	const headers = {};
	for (const line of headerBlock.split('\r\n')) {
		const i = line.indexOf(':');
		if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
	}
	const cd = headers['content-disposition'] || '';
	if (!/^form-data\b/i.test(cd)) throw new MultipartError('part without Content-Disposition: form-data');
	/** @param {string} key */
	const param = (key) => {
		const re = new RegExp(`;\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i');
		const m = re.exec(cd);
		return m ? (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2].trim()) : null;
	};
	const name = param('name');
	if (name === null) throw new MultipartError('part without a name');
	let filename = param('filename');
	const star = /;\s*filename\*=([^']*)'[^']*'([^;]+)/i.exec(cd);
	if (star) {
		try {
			filename = decodeURIComponent(star[2]);
		} catch {
			/* keep plain filename */
		}
	}
	return { name, filename, contentType: headers['content-type'] || null };
}

/**
 * Parse a multipart body from a readable stream.
 * @param {import('node:stream').Readable} stream
 * @param {string} boundary
 * @param {{ keepData?: boolean, maxParts?: number, maxBytes?: number }} [opts]
 * @returns {Promise<MultipartResult>}
 */
function parseMultipart(stream, boundary, opts = {}) {
	const keepData = opts.keepData !== false;
	const maxParts = opts.maxParts ?? 200;
	const maxBytes = opts.maxBytes ?? 512 * 1024 * 1024;
	const dashBoundary = Buffer.from(`--${boundary}`);
	const delimiter = Buffer.from(`\r\n--${boundary}`);
	const total = crypto.createHash('md5');
	let totalSize = 0;
	/** @type {'preamble'|'after'|'headers'|'body'|'done'} */
	let state = 'preamble';
	/** @type {Buffer} */
	let buf = Buffer.alloc(0);
	/** @type {Part[]} */
	const parts = [];
	/** @type {{ part: Part, hash: import('node:crypto').Hash, chunks: Buffer[], keep: boolean } | null} */
	let current = null;

	/** @param {Buffer} chunk */
	const emit = (chunk) => {
		if (!current || chunk.length === 0) return;
		current.part.size += chunk.length;
		current.hash.update(chunk);
		if (current.keep) current.chunks.push(chunk);
	};
	const endPart = () => {
		if (!current) return;
		current.part.md5 = current.hash.digest('hex');
		if (current.keep) current.part.data = Buffer.concat(current.chunks);
		parts.push(current.part);
		current = null;
	};

	const step = () => {
		for (;;) {
			if (state === 'preamble') {
				const i = buf.indexOf(dashBoundary);
				if (i < 0) {
					buf = buf.subarray(Math.max(0, buf.length - dashBoundary.length));
					return;
				}
				buf = buf.subarray(i + dashBoundary.length);
				state = 'after';
			} else if (state === 'after') {
				if (buf.length < 2) return;
				if (buf[0] === 0x2d && buf[1] === 0x2d) {
					state = 'done';
					return;
				}
				const nl = buf.indexOf('\r\n');
				if (nl < 0) {
					if (buf.length > 256) throw new MultipartError('malformed boundary line');
					return;
				}
				if (buf.subarray(0, nl).toString('latin1').trim() !== '') throw new MultipartError('malformed boundary line');
				buf = buf.subarray(nl + 2);
				state = 'headers';
			} else if (state === 'headers') {
				const i = buf.indexOf('\r\n\r\n');
				if (i < 0) {
					if (buf.length > 16 * 1024) throw new MultipartError('part headers too large');
					return;
				}
				const h = parsePartHeaders(buf.subarray(0, i).toString('utf8'));
				if (parts.length >= maxParts) throw new MultipartError('too many parts');
				// Text fields (no filename) are always kept; file bytes only when keepData.
				const keep = keepData || h.filename === null;
				current = { part: { ...h, size: 0, md5: '' }, hash: crypto.createHash('md5'), chunks: [], keep };
				buf = buf.subarray(i + 4);
				state = 'body';
			} else if (state === 'body') {
				const i = buf.indexOf(delimiter);
				if (i < 0) {
					const keep = delimiter.length - 1;
					if (buf.length > keep) {
						emit(Buffer.from(buf.subarray(0, buf.length - keep)));
						buf = Buffer.from(buf.subarray(buf.length - keep));
					}
					return;
				}
				emit(Buffer.from(buf.subarray(0, i)));
				endPart();
				buf = buf.subarray(i + delimiter.length);
				state = 'after';
			} else {
				return; // done: ignore epilogue
			}
		}
	};

	return new Promise((resolve, reject) => {
		let failed = false;
		/** @param {unknown} err */
		const fail = (err) => {
			if (failed) return;
			failed = true;
			stream.resume(); // drain the rest so the socket can answer
			reject(err);
		};
		stream.on('data', (/** @type {Buffer} */ chunk) => {
			if (failed) return;
			totalSize += chunk.length;
			total.update(chunk);
			if (totalSize > maxBytes) return fail(new MultipartError('body too large'));
			buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
			try {
				step();
			} catch (e) {
				fail(e);
			}
		});
		stream.on('error', fail);
		stream.on('end', () => {
			if (failed) return;
			if (state !== 'done') return fail(new MultipartError('unexpected end of multipart body'));
			/** @type {Record<string,string>} */
			const fields = {};
			for (const p of parts) if (p.filename === null && p.data) fields[p.name] = p.data.toString('utf8');
			resolve({ parts, fields, files: parts.filter((p) => p.filename !== null), size: totalSize, md5: total.digest('hex') });
		});
	});
}

module.exports = { getBoundary, parseMultipart, MultipartError };
