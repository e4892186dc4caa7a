'use strict';
// Plain JS (not linted by the n8n Cloud import rules, which would reject `node:http` in a .ts file):
// a tiny local HTTP server and a real-HTTP stand-in for n8n's `helpers.httpRequest`.
const http = require('node:http');

/** `/status/<code>` answers that code; `/files/<name>` serves `bytes of <name>`; else 404. */
async function startServer() {
	/** @type {Array<{method: string, url: string, headers: import('node:http').IncomingHttpHeaders, body: Buffer}>} */
	const requests = [];
	const server = http.createServer((req, res) => {
		/** @type {Buffer[]} */
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
			const path = (req.url ?? '').split('?')[0];
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
