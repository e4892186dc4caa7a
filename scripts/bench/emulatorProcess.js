'use strict';
/**
 * The API emulator in a process of its own, for the benchmark. The real API runs on other
 * machines; run inside the benchmark's process, the emulator shared an event loop with the RSS
 * sampler and the execution polling, whose pauses slowed whichever variant waited on it more
 * (measured: 2 GiB multipart upload 7.1 s in-process, 5.6 s here; curl -T 5.8 s and 5.1 s).
 *
 * Parent side: `startBenchEmulator(options)` forks this file and gives the control API as
 * functions plus one thing the control API has no call for: `putFile`, which serves a large file
 * of random bytes under an existing CDN URL (made here, so GiBs never cross the IPC channel).
 */
const crypto = require('crypto');
const path = require('path');
const { fork } = require('child_process');

const REPO = path.resolve(__dirname, '..', '..');
const MiB = 1024 * 1024;

/** `bytes` random bytes (crypto.randomBytes stops at 2 GiB). */
function randomBuffer(bytes) {
	const buffer = Buffer.allocUnsafe(bytes);
	for (let offset = 0; offset < bytes; offset += 256 * MiB) crypto.randomFillSync(buffer, offset, Math.min(256 * MiB, bytes - offset));
	return buffer;
}

/** Child side: start the emulator with the options in argv[2], answer the parent's messages. */
async function runChild() {
	const { startEmulator } = require(path.join(REPO, 'test/emulator'));
	const emulator = await startEmulator({ ...JSON.parse(process.argv[2]), port: 0, log: false });
	/** Random files by size, made once: every run of a size downloads the same bytes. */
	const files = new Map();
	process.on('message', (message) => {
		try {
			if (message.op === 'putFile') {
				if (!files.has(message.bytes)) files.set(message.bytes, randomBuffer(message.bytes));
				emulator.emu.rt.blobs.set(message.blobId, { data: files.get(message.bytes), contentType: message.contentType, filename: message.filename });
				process.send({ id: message.id, ok: true });
			} else if (message.op === 'close') {
				emulator.close().then(() => process.exit(0));
			}
		} catch (error) {
			process.send({ id: message.id, error: String(error && error.stack) });
		}
	});
	process.send({ url: emulator.url });
}

/**
 * Forks the emulator and resolves once it listens: `{ url, state(), reset(), putFile(), close() }`.
 * `state()` is the control API's snapshot (requests, tasks, materials), `reset()` its reset,
 * which keeps the start-up options.
 */
async function startBenchEmulator(options) {
	const { control } = require(path.join(REPO, 'test/emulator/testkit'));
	const child = fork(__filename, [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	const url = await new Promise((resolve, reject) => {
		child.once('message', (message) => resolve(message.url));
		child.once('exit', (code) => reject(new Error(`the emulator process exited (${code}) before it listened`)));
	});
	const base = url.replace(/\/$/, '');
	let nextId = 0;
	const pending = new Map();
	child.on('message', (message) => {
		const settle = pending.get(message.id);
		if (!settle) return;
		pending.delete(message.id);
		if (message.error) settle.reject(new Error(message.error));
		else settle.resolve();
	});
	const ask = (message) =>
		new Promise((resolve, reject) => {
			const id = ++nextId;
			pending.set(id, { resolve, reject });
			child.send({ ...message, id });
		});
	return {
		url,
		state: async () => await control(base, 'GET', '/state'),
		reset: async () => {
			await control(base, 'POST', '/reset');
		},
		/** Serves `bytes` random bytes at the CDN URL of blob `blobId` (an emulator result file). */
		putFile: async (blobId, { bytes, contentType, filename }) => await ask({ op: 'putFile', blobId, bytes, contentType, filename }),
		close: async () => {
			if (child.exitCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.send({ op: 'close' });
			await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
			if (child.exitCode === null) child.kill('SIGKILL');
		},
	};
}

if (require.main === module) {
	runChild().catch((error) => {
		process.stderr.write(`[bench emulator] ${error && error.stack}\n`);
		process.exit(1);
	});
}

module.exports = { startBenchEmulator };
