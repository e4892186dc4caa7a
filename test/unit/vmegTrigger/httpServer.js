'use strict';
// Plain JS (not linted by the n8n Cloud import rules, which would reject `node:http` in a .ts file):
// a tiny local HTTP server and a real-HTTP stand-in for n8n's `helpers.httpRequest`.
const http = require('node:http');

/** n8n's own 409 answers of a waiting-webhook URL (waiting-webhooks.ts, 2.8.4 and 2.41.1), quirks kept. */
const N8N_409 = {
	running: 'The execution "42" is running already.',
	finished: 'The execution "42 has finished already.',
	failed: 'The execution "42" has finished with error.',
};

/**
 * `/status/<code>` answers that code; `/files/<name>` serves `bytes of <name>`;
 * `/n8n409/<running|finished|failed>` answers 409 with n8n's text; `/running-then-<code>/<n>/…`
 * answers n8n's "running already" 409 to the first n requests of that path, then <code>; else 404.
 */
async function startServer() {
	/** @type {Array<{method: string, url: string, headers: import('node:http').IncomingHttpHeaders, body: Buffer}>} */
	const requests = [];
	/** @type {Map<string, number>} */
	const seen = new Map();
	const server = http.createServer((req, res) => {
		/** @type {Buffer[]} */
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
			const path = (req.url ?? '').split('?')[0];
			const n8n409 = /^\/n8n409\/(running|finished|failed)/.exec(path);
			const runningThen = /^\/running-then-(\d{3})\/(\d+)\//.exec(path);
			if (runningThen) seen.set(path, (seen.get(path) ?? 0) + 1);
			const stillRunning = runningThen && (seen.get(path) ?? 0) <= Number(runningThen[2]);
			if (n8n409 || stillRunning) {
				res.writeHead(409, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ code: 409, message: N8N_409[/** @type {'running'} */ (n8n409 ? n8n409[1] : 'running')] }));
				return;
			}
			if (runningThen) {
				res.writeHead(Number(runningThen[1]), { 'content-type': 'application/json' });
				res.end(JSON.stringify({ received: true }));
				return;
			}
			const status = /^\/status\/(\d{3})/.exec(path);
			if (status) {
				res.writeHead(Number(status[1]), { 'content-type': 'application/json' });
				res.end(JSON.stringify({ status: Number(status[1]) }));
				return;
			}
			const file = /^\/files\/(.+)$/.exec(path);
			if (file) {
				res.writeHead(200, { 'content-type': file[1].endsWith('.mp4') ? 'video/mp4' : 'audio/mpeg' });
				res.end(Buffer.from(`bytes of ${file[1]}`));
				return;
			}
			res.writeHead(404);
			res.end();
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		base: `http://127.0.0.1:${port}`,
		requests,
		close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
	};
}

/** A URL nothing listens on (connection refused). */
async function closedPortUrl() {
	const server = http.createServer();
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	await new Promise((resolve) => server.close(() => resolve(undefined)));
	return `http://127.0.0.1:${port}`;
}

module.exports = { startServer, closedPortUrl };
