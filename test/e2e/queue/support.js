'use strict';
/** Plain-JS helpers for the queue-mode tests (the TypeScript tests follow the node lint rules). */
const fs = require('fs');
const http = require('http');

/**
 * Serves files on loopback: { '/files/a.mp3': { type, body } } or { type, size } for `size`
 * bytes streamed in 1 MiB chunks. Resolves to { base, close() }.
 */
async function serveFiles(files) {
	const server = http.createServer((req, res) => {
		const file = files[req.url];
		if (!file) return res.writeHead(404).end();
		const size = file.body ? file.body.length : file.size;
		res.writeHead(200, { 'content-type': file.type, 'content-length': size });
		if (file.body) return res.end(file.body);
		const chunk = Buffer.alloc(1024 * 1024, 7);
		let left = size;
		const pump = () => {
			while (left > 0) {
				const part = chunk.subarray(0, Math.min(chunk.length, left));
				left -= part.length;
				if (!res.write(part)) return res.once('drain', pump);
			}
			res.end();
		};
		pump();
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		base: `http://127.0.0.1:${server.address().port}`,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

/** The log of one cluster process (main, worker, webhookA, webhookB). */
function processLog(queue, name) {
	return fs.readFileSync(queue.processes[name].logFile, 'utf8');
}

/** A line for the test output (trial results the report quotes). */
function note(message) {
	process.stderr.write(`${message}\n`);
}

module.exports = { serveFiles, processLog, note };
