// @ts-check
'use strict';
/**
 * VMEG completion callbacks (vmeg-api.md "Webhooks").
 *
 * Envelope: {code, version:'v1', event, pipelineKey, message, extraData, data}; headers
 * X-Timestamp (ms string) and X-Signature = hex HMAC-SHA256(secret, timestamp + rawBody).
 * The raw body of a task's callback is built once, so every retry/duplicate carries identical
 * bytes and the same pipelineKey; only X-Timestamp/X-Signature are fresh per attempt.
 *
 * Retry policy (undocumented upstream; ours): attempts = 1 + webhookRetries; retry on non-2xx,
 * connection errors and timeouts (webhookTimeoutMs); wait webhookRetryDelayMs × attempt between
 * attempts (linear backoff).
 */
const http = require('node:http');
const https = require('node:https');
const { signVmegCallback } = require('./signing');

/** @typedef {import('./types').Emu} Emu */

/** Raw callback bodies, built once per task (kept out of the task object / state). */
const rawBodies = new WeakMap();

/**
 * The callback raw body for a finished task.
 * @param {any} task
 * @returns {string}
 */
function callbackBody(task) {
	let raw = rawBodies.get(task);
	if (!raw) {
		const failed = task.status === 'failed';
		raw = JSON.stringify({
			code: failed ? 500 : 200,
			version: 'v1',
			event: task.event,
			pipelineKey: task.pipelineKey,
			message: failed ? task.error || 'Task failed' : '',
			extraData: task.extraData ?? null,
			data: task.callbackData,
		});
		rawBodies.set(task, raw);
	}
	return raw;
}

/**
 * One POST; never throws.
 * @param {Emu} emu
 * @param {string} url
 * @param {string} rawBody
 * @param {Record<string,string>} headers
 * @returns {Promise<{ status: number|null, error?: string }>}
 */
function postOnce(emu, url, rawBody, headers) {
	return new Promise((resolve) => {
		let u;
		try {
			u = new URL(url);
		} catch {
			return resolve({ status: null, error: 'invalid webhook URL' });
		}
		const mod = u.protocol === 'https:' ? https : http;
		const body = Buffer.from(rawBody, 'utf8');
		const req = mod.request(
			u,
			{
				method: 'POST',
				headers: { 'Content-Type': 'application/json', 'Content-Length': body.length, 'User-Agent': 'VMEG-Webhook/1.0 (emulator)', ...headers },
				timeout: emu.state.config.webhookTimeoutMs,
				...(u.protocol === 'https:' ? { rejectUnauthorized: false } : {}),
			},
			(res) => {
				res.resume();
				res.on('end', () => finish({ status: res.statusCode ?? null }));
				res.on('error', () => finish({ status: res.statusCode ?? null }));
			},
		);
		emu.rt.outgoing.add(req);
		/** @param {{ status: number|null, error?: string }} r */
		const finish = (r) => {
			emu.rt.outgoing.delete(req);
			resolve(r);
		};
		req.on('timeout', () => req.destroy(new Error('timeout')));
		req.on('error', (e) => finish({ status: null, error: /** @type {any} */ (e).code || e.message }));
		req.end(body);
	});
}

/**
 * Deliver one copy of a callback with the given tampering; logs the delivery.
 * @param {Emu} emu
 * @param {any} task
 * @param {{ url: string, attempt: number, copy?: number, tamper?: string, manual?: boolean, beforeCreateResponse?: boolean }} o
 */
async function deliverOnce(emu, task, o) {
	const secret = emu.state.config.vmegWebhookSecret;
	let rawBody = callbackBody(task);
	let ts = String(Date.now());
	let signature;
	if (o.tamper === 'timestamp-stale') ts = String(Date.now() - 10 * 60 * 1000);
	if (o.tamper === 'signature') signature = signVmegCallback(`${secret}-forged`, ts, rawBody);
	else signature = signVmegCallback(secret, ts, rawBody);
	if (o.tamper === 'body') {
		// Signed over the original bytes, then altered in transit.
		const altered = JSON.parse(rawBody);
		altered.extraData = { ...(altered.extraData || {}), tampered: true };
		altered.code = altered.code === 200 ? 500 : 200;
		rawBody = JSON.stringify(altered);
	}
	/** @type {Record<string,string>} */
	const headers = { 'X-Timestamp': ts };
	if (o.tamper !== 'no-signature') headers['X-Signature'] = signature;
	const r = await postOnce(emu, o.url, rawBody, headers);
	const record = {
		// The last request the emulator had received when this delivery got its answer: requests with a
		// higher `seq` (e.g. result downloads) started after the receiver answered.
		seqAtAnswer: emu.state.requests.at(-1)?.seq ?? 0,
		// Requests the emulator was still working on (e.g. a delayed download) at that moment.
		unansweredAtAnswer: emu.state.requests.filter((/** @type {any} */ q) => q.status === null && !q.dropped).map((/** @type {any} */ q) => q.seq),
		taskId: task.taskId,
		event: task.event,
		pipelineKey: task.pipelineKey,
		url: o.url,
		attempt: o.attempt,
		copy: o.copy ?? 1,
		status: r.status,
		...(r.error ? { error: r.error } : {}),
		...(o.tamper ? { tamper: o.tamper } : {}),
		...(o.manual ? { manual: true } : {}),
		...(o.beforeCreateResponse ? { beforeCreateResponse: true } : {}),
		at: new Date().toISOString(),
	};
	emu.state.vmeg.webhookDeliveries.push(record);
	emu.log(`webhook ${task.event} task=${task.taskId} attempt=${o.attempt} -> ${r.status ?? r.error}`);
	return r;
}

/**
 * Automatic delivery after a task finishes: retries + optional duplicate copy. `onFirstAttempt`
 * runs once the first attempt has an answer (or failed): `webhookBeforeResponse` holds the
 * create response until then, and marks that attempt `beforeCreateResponse`.
 * @param {Emu} emu
 * @param {any} task
 * @param {() => void} [onFirstAttempt]
 */
async function sendCallback(emu, task, onFirstAttempt) {
	const gen = emu.generation;
	const cfg = emu.state.config;
	const url = cfg.vmegWebhookUrl;
	if (!url) return onFirstAttempt?.();
	const copies = cfg.duplicateWebhooks ? 2 : 1;
	for (let copy = 1; copy <= copies; copy++) {
		for (let attempt = 1; attempt <= 1 + cfg.webhookRetries; attempt++) {
			if (emu.generation !== gen) return onFirstAttempt?.();
			const first = copy === 1 && attempt === 1;
			const r = await deliverOnce(emu, task, { url, attempt, copy, ...(first && onFirstAttempt ? { beforeCreateResponse: true } : {}) });
			if (first) onFirstAttempt?.();
			if (r.status !== null && r.status >= 200 && r.status < 300) break;
			if (attempt <= cfg.webhookRetries) await emu.sleep(cfg.webhookRetryDelayMs * attempt);
		}
	}
}

module.exports = { sendCallback, deliverOnce, callbackBody };
