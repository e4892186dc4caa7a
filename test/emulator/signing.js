// @ts-check
'use strict';
/**
 * VMEG webhook signing (vmeg-api.md "Webhooks → Signature"):
 *   X-Timestamp: Unix milliseconds as a string
 *   X-Signature: lowercase hex HMAC-SHA256(secret, timestamp + rawBody) — no separator
 */
const crypto = require('node:crypto');

/**
 * @param {string} secret
 * @param {string|number} timestamp
 * @param {string|Buffer} rawBody
 * @returns {string} lowercase hex
 */
function signVmegCallback(secret, timestamp, rawBody) {
	return crypto
		.createHmac('sha256', secret)
		.update(String(timestamp))
		.update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
		.digest('hex');
}

/**
 * Receiver-side check (what a correct client should do): constant-time compare and a
 * ±toleranceMs (default 300 s) clock window.
 * @param {string} secret
 * @param {string|undefined} timestamp
 * @param {string|Buffer} rawBody
 * @param {string|undefined} signature
 * @param {{ toleranceMs?: number, now?: number }} [opts]
 * @returns {{ ok: boolean, reason?: string }}
 */
function verifyVmegCallback(secret, timestamp, rawBody, signature, opts = {}) {
	if (!timestamp || !/^\d+$/.test(timestamp)) return { ok: false, reason: 'missing or malformed X-Timestamp' };
	if (!signature) return { ok: false, reason: 'missing X-Signature' };
	const skew = Math.abs((opts.now ?? Date.now()) - Number(timestamp));
	if (skew > (opts.toleranceMs ?? 300_000)) return { ok: false, reason: 'stale timestamp' };
	const expected = Buffer.from(signVmegCallback(secret, timestamp, rawBody), 'utf8');
	const given = Buffer.from(signature, 'utf8');
	if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) {
		return { ok: false, reason: 'signature mismatch' };
	}
	return { ok: true };
}

module.exports = { signVmegCallback, verifyVmegCallback };
