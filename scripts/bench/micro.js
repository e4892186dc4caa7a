#!/usr/bin/env node
'use strict';
/**
 * `node scripts/bench/micro.js [--write]` (after `npm run build`): the package's helpers in a fake
 * n8n context (the README quotes the real-n8n benchmark, `npm run bench`, instead).
 *
 *  a. Download of a large result file: `downloadAsBinary` (streams into prepareBinaryData) vs a
 *     baseline that buffers the whole body (`encoding: 'arraybuffer'`) and then writes it.
 *  b. Upload preparation: `md5OfBinary` + `binaryParts` over a disk read stream vs reading the
 *     whole file into a Buffer (what getBinaryDataBuffer does) and hashing/slicing that.
 *  c. TTS of 120 lines against the emulator: the node's own `generate` (50-line batches) vs the
 *     same node run once per line; on localhost and with 50 ms of emulated latency per request.
 *
 * Every variant runs in its own child process (`--expose-gc`), so one variant's garbage cannot
 * inflate another's peak. Memory variants work on disk-backed binaries, like n8n's filesystem
 * binary mode (N8N_DEFAULT_BINARY_DATA_MODE=filesystem). Results are checked (MD5 of what was
 * written/read, item and request counts) so a fast-but-wrong variant fails the run.
 *
 * Env: BENCH_SIZE_MB (default 200) sets the file size for a and b. `--write` also writes the
 * table to docs/benchmarks-micro.md. Prints a markdown table and one `BENCH_SUMMARY {json}` line.
 */
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { fork } = require('child_process');
const { TTS_PARAMETERS, machineNote } = require('./common');

const REPO = path.resolve(__dirname, '..', '..');
const DIST = path.join(REPO, 'dist');
const MiB = 1024 * 1024;
const PART_SIZE = 5 * MiB; // the emulator's recommendedPartSize and the S3 minimum part size
const TTS_LINES = 120;
const TTS_REPEATS = 5;
const MEMORY_REPEATS = 3;
const EMULATED_LATENCY_MS = 50;
const CHILD_TIMEOUT_MS = 120_000;
const TTS_PATH = '/openapi/v1/task/tts/create';

// ------------------------------------------------------------------------- child variants

const variants = {
	async 'download-stream'(config) {
		const { downloadAsBinary } = require(path.join(DIST, 'nodes/shared/binary.js'));
		const { fakeExecuteContext } = require('./fakeContext');
		const { startMemoryProbe } = require('./memory');
		const ctx = fakeExecuteContext({ binaryDir: config.workDir });
		const probe = startMemoryProbe();
		const started = performance.now();
		const binary = await downloadAsBinary(ctx, config.fileUrl);
		const ms = performance.now() - started;
		return { ...probe.stop(), ms, ...(await checkWritten(binary.path, config.md5)) };
	},

	async 'download-buffer'(config) {
		require(path.join(DIST, 'nodes/shared/binary.js')); // same modules loaded as the streaming run
		const { fakeExecuteContext } = require('./fakeContext');
		const { startMemoryProbe } = require('./memory');
		const ctx = fakeExecuteContext({ binaryDir: config.workDir });
		const probe = startMemoryProbe();
		const started = performance.now();
		const response = await ctx.helpers.httpRequest({ method: 'GET', url: config.fileUrl, encoding: 'arraybuffer', returnFullResponse: true });
		const binary = await ctx.helpers.prepareBinaryData(response.body, 'big.mp4', 'video/mp4');
		const ms = performance.now() - started;
		return { ...probe.stop(), ms, ...(await checkWritten(binary.path, config.md5)) };
	},

	async 'upload-stream'(config) {
		const { md5OfBinary, binaryParts } = require(path.join(DIST, 'nodes/shared/binary.js'));
		const { startMemoryProbe } = require('./memory');
		// An InputBinary as inputBinary() builds it for a disk-backed binary (getBinaryStream, 256 KiB chunks).
		const file = {
			binary: { id: 'filesystem-v2:bench', data: 'filesystem-v2', mimeType: 'video/mp4', fileName: 'big.mp4' },
			fileName: 'big.mp4',
			mimeType: 'video/mp4',
			size: config.size,
			open: async () => fs.createReadStream(config.filePath, { highWaterMark: 256 * 1024 }),
		};
		const probe = startMemoryProbe();
		const started = performance.now();
		const { md5, size } = await md5OfBinary(file);
		const partHashes = [];
		for await (const part of binaryParts(file, PART_SIZE)) partHashes.push(crypto.createHash('md5').update(part).digest('hex'));
		const ms = performance.now() - started;
		return { ...probe.stop(), ms, ok: md5 === config.md5 && size === config.size, parts: partHashes.length, partsDigest: digest(partHashes) };
	},

	async 'upload-buffer'(config) {
		require(path.join(DIST, 'nodes/shared/binary.js'));
		const { startMemoryProbe } = require('./memory');
		const probe = startMemoryProbe();
		const started = performance.now();
		const buffer = await fs.promises.readFile(config.filePath);
		const md5 = crypto.createHash('md5').update(buffer).digest('hex');
		const partHashes = [];
		for (let offset = 0; offset < buffer.length; offset += PART_SIZE) {
			partHashes.push(crypto.createHash('md5').update(buffer.subarray(offset, offset + PART_SIZE)).digest('hex'));
		}
		const ms = performance.now() - started;
		return { ...probe.stop(), ms, ok: md5 === config.md5 && buffer.length === config.size, parts: partHashes.length, partsDigest: digest(partHashes) };
	},

	async 'tts-batched'(config) {
		return await runTts(config, 'batched');
	},

	async 'tts-per-line'(config) {
		return await runTts(config, 'perLine');
	},
};

/** Runs the node's TTS Generate over 120 lines, either as one execution or as 120 one-line executions. */
async function runTts(config, mode) {
	const { execute: generate } = require(path.join(DIST, 'nodes/Vmeg/resources/textToSpeech/generate.js'));
	const { fakeExecuteContext } = require('./fakeContext');
	const lines = Array.from({ length: TTS_LINES }, (_, i) => `Line ${i + 1}: the quick brown fox jumps over the lazy dog.`);
	const contextFor = (texts, executionId) =>
		fakeExecuteContext({
			binaryDir: config.workDir,
			executionId,
			items: texts.map(() => ({ json: {} })),
			credentials: { vmegApi: { apiKey: 'vmeg-test-key', baseUrl: config.vmegUrl } },
			parameter: (name, itemIndex) =>
				({ text: texts[itemIndex], ...TTS_PARAMETERS })[name],
		});
	// n8n derives idempotency keys from the execution ID: every run needs its own, as in n8n.
	const runId = crypto.randomBytes(4).toString('hex');
	// Warm-up (not timed, same for both modes): one line, so JIT and the keep-alive connection are ready.
	const warmUp = contextFor([lines[0]], `bench-${runId}-warm-up`);
	await generate.call(warmUp);
	const runs = [];
	for (let repeat = 0; repeat < config.repeats; repeat++) {
		const started = performance.now();
		let requests = 0;
		const outputs = [];
		if (mode === 'batched') {
			const ctx = contextFor(lines, `bench-${runId}-${repeat}-batched`);
			outputs.push(...(await generate.call(ctx))[0]);
			requests += ctx.requests.length;
		} else {
			for (const [i, line] of lines.entries()) {
				const ctx = contextFor([line], `bench-${runId}-${repeat}-line-${i}`);
				outputs.push(...(await generate.call(ctx))[0]);
				requests += ctx.requests.length;
			}
		}
		const ms = performance.now() - started;
		const ok = outputs.length === TTS_LINES && outputs.every((o) => typeof o.json.uri === 'string');
		runs.push({ ms, requests, ok });
	}
	return { runs, warmUpRequests: warmUp.requests.length };
}

async function checkWritten(filePath, expectedMd5) {
	const hash = crypto.createHash('md5');
	for await (const chunk of fs.createReadStream(filePath)) hash.update(chunk);
	const size = (await fs.promises.stat(filePath)).size;
	await fs.promises.rm(filePath, { force: true });
	return { ok: hash.digest('hex') === expectedMd5, bytes: size };
}

function digest(values) {
	return crypto.createHash('md5').update(values.join(',')).digest('hex');
}

async function childMain(name) {
	const config = JSON.parse(process.env.BENCH_CHILD_CONFIG);
	let message;
	try {
		message = { result: await variants[name](config) };
	} catch (error) {
		message = { error: error && error.stack ? error.stack : String(error) };
	}
	// Exit once the parent has the message: keep-alive sockets would otherwise hold the child open.
	process.send(message, () => process.exit(0));
}

// ------------------------------------------------------------------------- parent

function runChild(name, config) {
	return new Promise((resolve, reject) => {
		const child = fork(__filename, ['--child', name], {
			execArgv: ['--expose-gc'],
			env: { ...process.env, BENCH_CHILD_CONFIG: JSON.stringify(config) },
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		let message;
		const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
		child.on('message', (m) => (message = m));
		child.on('error', reject);
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			if (message?.result) resolve(message.result);
			else reject(new Error(`Variant ${name} failed (exit ${code ?? signal}): ${message?.error ?? 'no result'}`));
		});
	});
}

/** A file of random bytes (incompressible, like real media), written in 1 MiB chunks. */
function makeFile(filePath, sizeMiB) {
	const hash = crypto.createHash('md5');
	const fd = fs.openSync(filePath, 'w');
	try {
		for (let i = 0; i < sizeMiB; i++) {
			const chunk = crypto.randomBytes(MiB);
			hash.update(chunk);
			fs.writeSync(fd, chunk);
		}
	} finally {
		fs.closeSync(fd);
	}
	return hash.digest('hex');
}

/** A tiny CDN: serves the one file as a stream, with Content-Length, like a pre-signed URL. */
function serveFile(filePath) {
	const server = http.createServer((req, res) => {
		if (req.url !== '/files/big.mp4') {
			res.writeHead(404).end();
			return;
		}
		res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': fs.statSync(filePath).size });
		fs.createReadStream(filePath).pipe(res);
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const mib = (bytes) => bytes / MiB;
const fixed = (value, digits = 1) => Number(value.toFixed(digits));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function ttsCase(emu, config, latencyMs, repeats) {
	const control = (method, body) =>
		fetch(`${emu.url}/_emulator/faults`, { method, headers: { 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
	const result = {};
	for (const [key, variant] of [['batched', 'tts-batched'], ['perLine', 'tts-per-line']]) {
		await control('DELETE');
		if (latencyMs > 0) {
			const rule = { api: 'vmeg', method: 'POST', path: TTS_PATH, kind: 'delay', delayMs: latencyMs, times: (TTS_LINES + 1) * repeats + 10 };
			const answer = await control('POST', { rules: [rule], replace: true });
			if (!answer.ok) throw new Error(`Could not set the emulator latency: HTTP ${answer.status}`);
		}
		const before = emu.state.requests.filter((r) => r.path === TTS_PATH).length;
		const { runs, warmUpRequests } = await runChild(variant, { ...config, repeats });
		const seen = emu.state.requests.filter((r) => r.path === TTS_PATH).length - before;
		if (!runs.every((r) => r.ok)) throw new Error(`${variant}: not every line got audio`);
		if (seen !== warmUpRequests + runs.reduce((sum, r) => sum + r.requests, 0)) throw new Error(`${variant}: emulator saw ${seen} requests`);
		result[key] = { requests: runs[0].requests, ms: median(runs.map((r) => r.ms)), runs: runs.map((r) => fixed(r.ms)) };
	}
	await control('DELETE');
	return {
		latencyMs,
		batched: result.batched,
		perLine: result.perLine,
		requestRatio: fixed(result.perLine.requests / result.batched.requests),
		timeRatio: fixed(result.perLine.ms / result.batched.ms),
	};
}

function renderTable(summary) {
	const { download, upload, tts } = summary;
	const memRow = (label, variant, r) =>
		`| ${label} | ${variant} | ${fixed(mib(r.peakRssDelta))} MiB | ${fixed(mib(r.peakHeapDelta))} MiB | ${fixed(r.ms, 0)} ms |`;
	const lines = [
		`File size: ${summary.sizeMiB} MiB (random bytes); upload parts of ${mib(PART_SIZE)} MiB.`,
		'',
		`| Benchmark | Variant (median of ${MEMORY_REPEATS} processes) | Peak RSS growth | Peak heap + Buffers growth | Time |`,
		'| --- | --- | --- | --- | --- |',
		memRow('a. Download to binary', '`downloadAsBinary` (stream)', download.stream),
		memRow('a. Download to binary', 'buffer whole body, then write', download.buffer),
		memRow('b. Upload prep (MD5 + parts)', '`md5OfBinary` + `binaryParts` (stream)', upload.stream),
		memRow('b. Upload prep (MD5 + parts)', 'read whole file, hash + slice', upload.buffer),
		'',
		`| Benchmark | Variant | Requests | Time (median of ${TTS_REPEATS} runs on localhost, 1 run with latency) |`,
		'| --- | --- | --- | --- |',
	];
	for (const c of tts) {
		const where = c.latencyMs ? `+${c.latencyMs} ms latency per request` : 'localhost';
		lines.push(`| c. TTS, ${TTS_LINES} lines (${where}) | node, 50-line batches | ${c.batched.requests} | ${fixed(c.batched.ms, 0)} ms |`);
		lines.push(`| c. TTS, ${TTS_LINES} lines (${where}) | one request per line | ${c.perLine.requests} | ${fixed(c.perLine.ms, 0)} ms |`);
	}
	lines.push(
		'',
		'| Ratio (baseline / package) | Value |',
		'| --- | --- |',
		`| a. Download: peak RSS growth, buffered / streamed | ${download.rssRatio}x |`,
		`| b. Upload prep: peak RSS growth, whole file / streamed | ${upload.rssRatio}x |`,
	);
	for (const c of tts) {
		const where = c.latencyMs ? `+${c.latencyMs} ms latency` : 'localhost';
		lines.push(`| c. TTS (${where}): requests, per line / batched | ${c.requestRatio}x |`);
		lines.push(`| c. TTS (${where}): wall time, per line / batched | ${c.timeRatio}x |`);
	}
	return lines.join('\n');
}


function writeDoc(table, summary) {
	const doc = `# Micro-benchmarks (fake n8n context)

Measured by \`scripts/bench/micro.js\` (\`node scripts/bench/micro.js --write\` after \`npm run build\`
rewrites this file): the package's helpers in a small stand-in for n8n. The figures the README
quotes come from the real-n8n benchmark in \`docs/benchmarks.md\` (\`npm run bench\`).

- Date: ${summary.date}
- Node.js: ${summary.node}
- Machine: ${summary.machine}

${table}

## Method

- Each variant runs alone in a child process started with \`--expose-gc\`. Growth is measured
  from the process's state after loading the modules and a full GC; peak RSS is the highest of
  5 ms samples and the kernel's max-RSS mark, so spikes inside synchronous code are included.
- a: a local HTTP server streams the file; the fake n8n context sends requests with Node's
  fetch and, like n8n's filesystem binary mode, writes prepared binaries to disk (streams are
  piped, buffers written). The baseline asks for \`encoding: 'arraybuffer'\` and hands the Buffer
  to \`prepareBinaryData\`. The written file's MD5 is checked.
- b: \`open()\` returns a disk read stream with 256 KiB chunks (as \`getBinaryStream\` does); every
  part is hashed as a stand-in for its upload. The baseline uses \`fs.readFile\` (what
  \`getBinaryDataBuffer\` does in filesystem mode). MD5s and part digests are checked.
- c: the node's own Text to Speech > Generate (\`dist/\`) against the API emulator, without
  downloading the audio; the baseline runs the same node once per line (120 executions). The
  latency case adds a ${EMULATED_LATENCY_MS} ms delay to every TTS request in the emulator, a rough
  stand-in for a real network round trip; real VMEG synthesis time per request is not modelled.
  On localhost both variants take only tens of milliseconds, so that time ratio varies from run
  to run; the request ratio is exact and the latency case is the steadier time figure.
- Streaming peaks are a roughly fixed cost (fetch/stream buffers and garbage not yet collected):
  they stay about the same with \`BENCH_SIZE_MB=50\`, while the buffered peaks grow with the file.
`;
	fs.writeFileSync(path.join(REPO, 'docs', 'benchmarks-micro.md'), doc);
}

async function main() {
	const write = process.argv.includes('--write');
	const sizeMiB = Number(process.env.BENCH_SIZE_MB || 200);
	if (!Number.isFinite(sizeMiB) || sizeMiB < 1) throw new Error('BENCH_SIZE_MB must be a number >= 1');
	for (const file of ['nodes/shared/binary.js', 'nodes/Vmeg/resources/textToSpeech/generate.js']) {
		if (!fs.existsSync(path.join(DIST, file))) throw new Error(`dist/${file} is missing: run "npm run build" first`);
	}
	const { startEmulator } = require('../test/emulator');

	const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aivoice-bench-'));
	const filePath = path.join(workDir, 'source.mp4');
	let server;
	let emu;
	try {
		process.stdout.write(`[bench] writing a ${sizeMiB} MiB test file\n`);
		const md5 = makeFile(filePath, sizeMiB);
		server = await serveFile(filePath);
		emu = await startEmulator({ port: 0, log: false });
		const config = {
			workDir,
			filePath,
			md5,
			size: sizeMiB * MiB,
			fileUrl: `http://127.0.0.1:${server.address().port}/files/big.mp4`,
			vmegUrl: `${emu.url.replace(/\/$/, '')}/vmeg`,
		};
		// Each memory variant runs MEMORY_REPEATS times (a fresh process each); the median run by peak RSS counts.
		const run = async (name) => {
			process.stdout.write(`[bench] ${name} x${MEMORY_REPEATS}\n`);
			const results = [];
			for (let i = 0; i < MEMORY_REPEATS; i++) {
				const result = await runChild(name, config);
				if (result.ok === false) throw new Error(`${name}: result check failed`);
				results.push(result);
			}
			results.sort((a, b) => a.peakRssDelta - b.peakRssDelta);
			return { ...results[Math.floor(results.length / 2)], peakRssDeltas: results.map((r) => fixed(mib(r.peakRssDelta))) };
		};

		const download = { stream: await run('download-stream'), buffer: await run('download-buffer') };
		download.rssRatio = fixed(download.buffer.peakRssDelta / download.stream.peakRssDelta);
		const upload = { stream: await run('upload-stream'), buffer: await run('upload-buffer') };
		if (upload.stream.partsDigest !== upload.buffer.partsDigest) throw new Error('upload: the two variants cut different parts');
		upload.rssRatio = fixed(upload.buffer.peakRssDelta / upload.stream.peakRssDelta);
		process.stdout.write('[bench] tts (localhost, then with emulated latency)\n');
		const tts = [await ttsCase(emu, config, 0, TTS_REPEATS), await ttsCase(emu, config, EMULATED_LATENCY_MS, 1)];

		const summary = {
			date: new Date().toISOString().slice(0, 10),
			node: process.version,
			machine: machineNote(),
			sizeMiB,
			download,
			upload,
			tts,
		};
		const table = renderTable(summary);
		process.stdout.write(`\n${table}\n\n`);
		const brief = {
			sizeMiB,
			node: summary.node,
			cores: os.cpus().length,
			download: { streamRssMiB: fixed(mib(download.stream.peakRssDelta)), bufferRssMiB: fixed(mib(download.buffer.peakRssDelta)), rssRatio: download.rssRatio },
			upload: { streamRssMiB: fixed(mib(upload.stream.peakRssDelta)), bufferRssMiB: fixed(mib(upload.buffer.peakRssDelta)), rssRatio: upload.rssRatio },
			tts: tts.map((c) => ({
				latencyMs: c.latencyMs,
				batchedRequests: c.batched.requests,
				perLineRequests: c.perLine.requests,
				batchedMs: fixed(c.batched.ms, 0),
				perLineMs: fixed(c.perLine.ms, 0),
				requestRatio: c.requestRatio,
				timeRatio: c.timeRatio,
			})),
		};
		process.stdout.write(`BENCH_SUMMARY ${JSON.stringify(brief)}\n`);
		if (write) {
			writeDoc(table, summary);
			process.stdout.write('[bench] wrote docs/benchmarks-micro.md\n');
		}
	} finally {
		server?.close();
		await emu?.close();
		fs.rmSync(workDir, { recursive: true, force: true });
	}
}

if (process.argv[2] === '--child') {
	childMain(process.argv[3]);
} else {
	main().catch((error) => {
		process.stderr.write(`[bench] ${error && error.stack ? error.stack : error}\n`);
		process.exitCode = 1;
	});
}
