#!/usr/bin/env node
'use strict';
/**
 * `npm run bench` (= build + `node scripts/bench.js`): the real-n8n benchmark behind the README's
 * speed and memory claims. It packs this repo, starts the harness's n8n (filesystem binary mode)
 * with the package installed, and the API emulator in a process of its own, then for each goal runs our node and what a
 * user would use instead, interleaved (A, B, A, B, …), and reports medians and ratios:
 *
 *  1. VMEG Material Upload of a file from disk vs `md5sum` + `curl -T` of the same file to the
 *     same emulator (a presigned single PUT). Node time = the VMEG node's own execution time.
 *  3. Voice API Speech to Text (multipart) of the same file vs n8n's HTTP Request node sending it
 *     as multipart/form-data to the same endpoint.
 *  4. VMEG Text to Speech of N lines (50 per request) vs the HTTP Request node sending one
 *     single-line request per item, with emulated latency on every TTS request.
 *  5. VMEG Task Get for N items (a declarative GET) vs the HTTP Request node doing the same GETs.
 *  7. A result file download (VMEG Task > Wait for Completion of a finished TTS task whose audio
 *     is a large file) vs the HTTP Request node downloading the same URL as a file.
 *
 * Memory (goals 1, 3 and 7): peak RSS of n8n and all its child processes (task runners) during
 * the run, minus the RSS just before it, sampled every 20 ms from /proc; each memory run gets a
 * fresh n8n (warmed up with a small file), since RSS never shrinks back after an earlier run. Uploads are checked for correctness (the
 * emulator's MD5 of every received part/file against the file's), so a fast-but-wrong variant
 * fails the run. The emulator runs with retainUploads=false (hashes, does not keep, GiB files).
 *
 * Env: BENCH_N8N_VERSION (2.8.4), BENCH_REPEATS (5, at least 3; timing runs), BENCH_MEMORY_REPEATS (3), BENCH_UPLOAD_MB (512; set 2048
 * for the 2 GiB run), BENCH_TTS_LINES (1000), BENCH_LATENCY_MS (50), BENCH_TASK_ITEMS (200),
 * BENCH_PART_MB (8, the emulator's recommendedPartSize), BENCH_DOWNLOAD_MB (BENCH_UPLOAD_MB),
 * BENCH_WARM_UP_RUNS (10, goals 4 and 5), BENCH_GOALS (all: upload,stt,tts,taskget,download).
 * `--no-write` (or a BENCH_GOALS subset) skips docs/benchmarks.md.
 * Prints a markdown table and one `BENCH_SUMMARY {json}` line.
 */
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const REPO = path.resolve(__dirname, '..');
const { startN8n, npmPack } = require(path.join(REPO, 'test/e2e/harness/instance'));
const { control } = require(path.join(REPO, 'test/emulator/testkit'));
const { TTS_PARAMETERS, machineNote } = require('./bench/common');
const { startBenchEmulator } = require('./bench/emulatorProcess');

const env = process.env;
const MiB = 1024 * 1024;
const VERSION = env.BENCH_N8N_VERSION || '2.8.4';
const REPEATS = Math.max(3, Number(env.BENCH_REPEATS || 5));
/** Memory runs each start a fresh n8n (about 10 s): 3, the least for a median, unless BENCH_MEMORY_REPEATS says more. */
const MEMORY_REPEATS = Math.max(3, Number(env.BENCH_MEMORY_REPEATS || 3));
const UPLOAD_MB = Number(env.BENCH_UPLOAD_MB || 512);
const TTS_LINES = Number(env.BENCH_TTS_LINES || 1000);
const LATENCY_MS = Number(env.BENCH_LATENCY_MS || 50);
const TASK_ITEMS = Number(env.BENCH_TASK_ITEMS || 200);
const PART_MB = Number(env.BENCH_PART_MB || 8);
const DOWNLOAD_MB = Number(env.BENCH_DOWNLOAD_MB || UPLOAD_MB);
/** Unrecorded runs of each goal 4 and 5 workflow before the measured ones. */
const WARM_UP_RUNS = Number(env.BENCH_WARM_UP_RUNS || 10);
/** Goals to run (upload = 1, stt = 3, tts = 4, taskget = 5, download = 7); a subset is never written to docs/. */
const GOALS = (env.BENCH_GOALS || 'upload,stt,tts,taskget,download').split(',').map((g) => g.trim());
const WRITE = !process.argv.includes('--no-write') && !env.BENCH_GOALS;
const KEYS = { vmeg: 'vmeg-test-key', vimmerse: 'vimmerse-test-key', voice: 'voice-test-key' };

const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// ------------------------------------------------------------------------- memory of n8n

/** RSS in bytes of a process and all its descendants, from /proc. */
function treeRss(rootPid) {
	const children = new Map();
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (!children.has(ppid)) children.set(ppid, []);
			children.get(ppid).push(Number(entry));
		} catch {
			/* exited meanwhile */
		}
	}
	let total = 0;
	const pending = [rootPid];
	while (pending.length) {
		const pid = pending.pop();
		try {
			const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
			total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
		} catch {
			/* exited */
		}
		pending.push(...(children.get(pid) ?? []));
	}
	return total;
}

function rssProbe(pid) {
	const before = treeRss(pid);
	let peak = before;
	const timer = setInterval(() => (peak = Math.max(peak, treeRss(pid))), 20);
	return {
		stop() {
			clearInterval(timer);
			peak = Math.max(peak, treeRss(pid));
			return (peak - before) / MiB;
		},
	};
}

// ------------------------------------------------------------------------- workflows

const webhookNode = (pathName) => ({
	name: 'Webhook',
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	webhookId: crypto.randomUUID(),
	parameters: { httpMethod: 'POST', path: pathName, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
});
const readFileNode = { name: 'Read File', type: 'n8n-nodes-base.readWriteFile', typeVersion: 1, parameters: { operation: 'read', fileSelector: '={{ $json.body.path }}', options: {} } };
const splitItems = { name: 'Items', type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: 'body.items', options: {} } };

function chain(name, nodes) {
	const all = nodes.map((n, i) => ({ position: [i * 240, 0], ...n }));
	const connections = {};
	for (let i = 0; i < all.length - 1; i++) connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	return { name, nodes: all, connections, settings: { executionOrder: 'v1' } };
}

function httpNode(parameters) {
	return { name: 'Measured', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, parameters: { options: {}, ...parameters } };
}

function workflows(emulatorUrl, credentials) {
	const vmeg = (parameters) => ({ name: 'Measured', type: 'n8n-nodes-ai-voice.vmeg', typeVersion: 1, credentials: { vmegApi: credentials.vmegApi }, parameters });
	const voice = (parameters) => ({ name: 'Measured', type: 'n8n-nodes-ai-voice.voiceApi', typeVersion: 1, credentials: { voiceApi: credentials.voiceApi }, parameters });
	const vmegHeaders = (extra = []) => ({
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${KEYS.vmeg}` }, ...extra] },
	});
	return {
		'upload-node': [readFileNode, vmeg({ resource: 'material', operation: 'upload', binaryPropertyName: 'data', options: {} })],
		'stt-node': [readFileNode, voice({ resource: 'speechToText', operation: 'create', binaryPropertyName: 'data', waitForCompletion: false, options: { language: 'en' } })],
		'stt-http': [
			readFileNode,
			httpNode({
				method: 'POST',
				url: `${emulatorUrl}/voice/v1/stt`,
				sendHeaders: true,
				headerParameters: { parameters: [{ name: 'X-RapidAPI-Key', value: KEYS.voice }, { name: 'X-RapidAPI-Host', value: '127.0.0.1' }] },
				sendBody: true,
				contentType: 'multipart-form-data',
				bodyParameters: { parameters: [{ parameterType: 'formBinaryData', name: 'file', inputDataFieldName: 'data' }, { name: 'language', value: 'en' }] },
			}),
		],
		'tts-node': [
			splitItems,
			vmeg({
				resource: 'textToSpeech',
				operation: 'generate',
				text: '={{ $json.text }}',
				...TTS_PARAMETERS,
			}),
		],
		'tts-http': [
			splitItems,
			httpNode({
				method: 'POST',
				url: `${emulatorUrl}/vmeg/openapi/v1/task/tts/create`,
				...vmegHeaders([{ name: 'X-Idempotency-Key', value: '={{ "bench-" + $execution.id + "-" + $itemIndex }}' }]),
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify({ data: [{ text: $json.text, voiceId: "sv_en_us_jenny" }], language: { target: "en-US" }, outputFormat: "mp3" }) }}',
			}),
		],
		'taskget-node': [splitItems, vmeg({ resource: 'task', operation: 'get', taskId: '={{ $json.taskId }}' })],
		'download-node': [
			vmeg({ resource: 'task', operation: 'waitForCompletion', taskId: '={{ $json.body.taskId }}', waitTaskType: 'openapi-tts', waitMode: 'poll', downloadResults: true, options: {} }),
		],
		'download-http': [httpNode({ method: 'GET', url: '={{ $json.body.url }}', options: { response: { response: { responseFormat: 'file' } } } })],
		'taskget-http': [
			splitItems,
			httpNode({
				method: 'GET',
				url: `${emulatorUrl}/vmeg/openapi/v1/tasks/detail`,
				sendQuery: true,
				queryParameters: { parameters: [{ name: 'taskId', value: '={{ $json.taskId }}' }] },
				...vmegHeaders(),
			}),
		],
	};
}

// ------------------------------------------------------------------------- runs

async function runWorkflow(n8n, deployed, name, body) {
	const { id, pathName } = deployed[name];
	const before = await n8n.listExecutions({ workflowId: id, limit: 1 });
	const lastId = before[0]?.id;
	const probe = rssProbe(n8n.state.pid);
	const started = performance.now();
	const response = await n8n.webhook(pathName, body);
	const wallMs = performance.now() - started;
	const rssMiB = probe.stop();
	if (response.status !== 200) {
		const [latest] = await n8n.listExecutions({ workflowId: id, limit: 1 });
		const failed = latest && latest.id !== lastId ? await n8n.getExecution(latest.id) : undefined;
		const error = failed?.data?.resultData?.error;
		throw new Error(`${name}: webhook answered ${response.status}: ${JSON.stringify(response.body).slice(0, 300)} ${error ? JSON.stringify({ message: error.message, description: error.description }).slice(0, 800) : ''}`);
	}
	let execution;
	for (let waited = 0; waited < 30_000; waited += 100) {
		const [latest] = await n8n.listExecutions({ workflowId: id, limit: 1 });
		if (latest && latest.id !== lastId && ['success', 'error', 'crashed'].includes(latest.status)) {
			execution = await n8n.getExecution(latest.id);
			break;
		}
		await sleep(100);
	}
	if (!execution) throw new Error(`${name}: no finished execution found`);
	if (execution.status !== 'success') throw new Error(`${name}: execution ${execution.status}: ${JSON.stringify(execution.data?.resultData?.error).slice(0, 800)}`);
	const run = execution.data.resultData.runData.Measured[0];
	return { nodeMs: run.executionTime, wallMs, rssMiB, items: run.data.main[0] };
}

function runCommand(command, args) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		child.on('error', reject);
		child.on('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`${command} exited ${code}: ${stderr}`))));
	});
}

async function vmegApi(emulatorUrl, apiPath, body) {
	const response = await fetch(`${emulatorUrl}/vmeg/openapi/v1${apiPath}`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${KEYS.vmeg}`, 'Content-Type': 'application/json', 'X-Idempotency-Key': crypto.randomUUID() },
		body: JSON.stringify(body),
	});
	const json = await response.json();
	if (json.code !== 200) throw new Error(`${apiPath}: ${JSON.stringify(json)}`);
	return json.data;
}

/**
 * md5sum + curl -T of the file to a presigned URL of the same emulator. The RSS probe runs as it
 * does for n8n (on this process's tree, figure unused), so both variants share the CPU with it.
 */
async function curlUpload(emulatorUrl, file) {
	const probe = rssProbe(process.pid);
	const started = performance.now();
	const md5 = (await runCommand('md5sum', [file.path])).split(' ')[0];
	const target = await vmegApi(emulatorUrl, '/assets/material/upload/gen-upload-url', { fileHash: md5, fileName: path.basename(file.path) });
	const status = await runCommand('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-T', file.path, '-H', 'Content-Type: video/mp4', target.uploadUrl]);
	const wallMs = performance.now() - started;
	probe.stop();
	if (status.trim() !== '200' || md5 !== file.md5) throw new Error(`curl upload failed: HTTP ${status}, md5 ${md5}`);
	return { wallMs, nodeMs: wallMs };
}

async function writeRandomFile(filePath, bytes) {
	const hash = crypto.createHash('md5');
	const out = fs.createWriteStream(filePath);
	const partHashes = [];
	const partSize = PART_MB * MiB;
	let partHash = crypto.createHash('md5');
	let inPart = 0;
	for (let written = 0; written < bytes; ) {
		const chunk = crypto.randomBytes(Math.min(4 * MiB, bytes - written));
		hash.update(chunk);
		for (let offset = 0; offset < chunk.length; ) {
			const take = Math.min(partSize - inPart, chunk.length - offset);
			partHash.update(chunk.subarray(offset, offset + take));
			inPart += take;
			offset += take;
			if (inPart === partSize) {
				partHashes.push(partHash.digest('hex'));
				partHash = crypto.createHash('md5');
				inPart = 0;
			}
		}
		if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
		written += chunk.length;
	}
	if (inPart) partHashes.push(partHash.digest('hex'));
	await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
	return { path: filePath, size: bytes, md5: hash.digest('hex'), partHashes };
}

/** Every part VMEG received matches the file's part at that position. */
function checkMultipart(state, file, material) {
	const m = state.vmeg.materials.find((x) => x.materialId === material.materialId);
	const received = (m?.parts ?? []).map((p) => p.eTag.replace(/"/g, ''));
	const ok = m?.status === 'completed' && m.fileHash === file.md5 && JSON.stringify(received) === JSON.stringify(file.partHashes) && m.size === file.size;
	if (!ok) throw new Error(`material upload is wrong: ${JSON.stringify({ status: m?.status, parts: received.length, expected: file.partHashes.length })}`);
}

/** The one download of the file was whole: n8n stored all its bytes, and the file was fetched once. */
function checkDownload(state, run, bytes) {
	const binary = run.items[0]?.binary?.data;
	const fetched = state.requests.filter((r) => r.api === 'cdn');
	if (binary?.bytes !== bytes || fetched.length !== 1 || fetched[0].status !== 200) {
		throw new Error(`download is wrong: ${JSON.stringify({ stored: binary?.bytes, expected: bytes, fetched: fetched.map((r) => r.status) })}`);
	}
}

/** A one-line TTS task made through the emulator's VMEG API; its task ID. */
async function newTtsTask(emulatorUrl) {
	return (await vmegApi(emulatorUrl, '/task/tts/create', { data: [{ text: 'Hello', voiceId: 'sv_en_us_jenny' }], language: { target: 'en-US' }, outputFormat: 'mp3' })).taskId;
}

/**
 * A finished TTS task whose audio is `bytes` random bytes: the emulator makes its small audio
 * file, which is then swapped for the random file under the same URL. Returns the webhook body of
 * both download workflows.
 */
async function downloadTarget(emulator, bytes) {
	const emulatorUrl = emulator.url.replace(/\/$/, '');
	const taskId = await newTtsTask(emulatorUrl);
	let task;
	for (let waited = 0; waited < 10_000 && task?.status !== 'finished'; waited += 50) {
		await sleep(50);
		task = (await emulator.state()).vmeg.tasks.find((t) => t.taskId === taskId);
	}
	const url = task?.result?.results?.[0]?.uri;
	if (!url) throw new Error(`download: TTS task ${taskId} gave no audio file (${task?.status})`);
	const [, , blobId, fileName] = new URL(url).pathname.split('/');
	await emulator.putFile(blobId, { bytes, contentType: 'audio/mpeg', filename: decodeURIComponent(fileName) });
	return { taskId, url };
}

function checkStt(state, file) {
	const upload = state.requests.filter((r) => r.api === 'voice' && r.path === '/v1/stt').at(-1);
	if (!upload || upload.status !== 202 || upload.md5 !== file.md5 || upload.size !== file.size) {
		throw new Error(`STT upload is wrong: ${JSON.stringify(upload && { status: upload.status, size: upload.size })}`);
	}
}

// ------------------------------------------------------------------------- main

/** A fresh n8n with the package, the two credentials and the named workflows active. */
async function startBenchN8n(emulatorUrl, tarball, filesDir, names) {
	const n8n = await startN8n({ version: VERSION, packageTarball: tarball, env: { N8N_RESTRICT_FILE_ACCESS_TO: filesDir } });
	try {
		const credentials = {
			vmegApi: { id: await n8n.createCredential({ name: 'VMEG', type: 'vmegApi', data: { apiKey: KEYS.vmeg, baseUrl: `${emulatorUrl}/vmeg`, webhookSecret: 'whsec-test-secret' } }), name: 'VMEG' },
			voiceApi: {
				id: await n8n.createCredential({ name: 'Voice API', type: 'voiceApi', data: { baseUrl: `${emulatorUrl}/voice`, authStyle: 'rapidApi', apiKey: KEYS.voice, rapidApiHost: '' } }),
				name: 'Voice API',
			},
		};
		const all = workflows(emulatorUrl, credentials);
		const deployed = {};
		for (const name of names) {
			const pathName = `bench-${name}-${crypto.randomBytes(3).toString('hex')}`;
			const id = await n8n.importWorkflow(chain(`bench ${name}`, [webhookNode(pathName), ...all[name]]));
			await n8n.activate(id);
			await n8n.waitForWebhook(pathName);
			deployed[name] = { id, pathName };
		}
		return { n8n, deployed };
	} catch (error) {
		await n8n.stop();
		throw error;
	}
}

async function main() {
	const started = Date.now();
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aivoice-bench-'));
	let emulator;
	let n8n;
	try {
		emulator = await startBenchEmulator({ retainUploads: false, recommendedPartSize: PART_MB * MiB });
		const emulatorUrl = emulator.url.replace(/\/$/, '');
		const tarball = await npmPack(REPO, path.join(tmp, 'pack'));
		const filesDir = path.join(tmp, 'files');
		fs.mkdirSync(filesDir, { recursive: true });
		log(`writing a ${UPLOAD_MB} MiB random file`);
		const file = await writeRandomFile(path.join(filesDir, 'bench-upload.mp4'), UPLOAD_MB * MiB);
		const sttFile = { ...file, path: path.join(filesDir, 'bench-call.wav') };
		fs.linkSync(file.path, sttFile.path);
		const small = await writeRandomFile(path.join(filesDir, 'warm-up.mp4'), 2 * MiB);
		const smallWav = path.join(filesDir, 'warm-up.wav');
		fs.linkSync(small.path, smallWav);
		const start = (names) => startBenchN8n(emulatorUrl, tarball, filesDir, names);
		const results = {};
		const record = (goal, variant, run) => ((results[goal] ??= {})[variant] ??= []).push(run);

		// Goals 1, 3 and 7: one fresh n8n per run, warmed up with a small file first (RSS never
		// shrinks back, and every run leaves its file in n8n's binary store), curl interleaved with them.
		// `input(big)` is the webhook body for the small (false) or the measured (true) run.
		const fromDisk = (big, warm) => async (isBig) => ({ path: isBig ? big : warm });
		const downloadBytes = DOWNLOAD_MB * MiB;
		const toDownload = async (isBig) => await downloadTarget(emulator, isBig ? downloadBytes : 2 * MiB);
		const memoryRuns = [
			{ goal: 'upload', variant: 'node', name: 'upload-node', input: fromDisk(file.path, small.path), check: (state, run) => checkMultipart(state, file, run.items[0].json) },
			{ goal: 'upload', variant: 'curl' },
			{ goal: 'stt', variant: 'node', name: 'stt-node', input: fromDisk(sttFile.path, smallWav), check: (state) => checkStt(state, file) },
			{ goal: 'stt', variant: 'http', name: 'stt-http', input: fromDisk(sttFile.path, smallWav), check: (state) => checkStt(state, file) },
			{ goal: 'download', variant: 'node', name: 'download-node', input: toDownload, check: (state, run) => checkDownload(state, run, downloadBytes) },
			{ goal: 'download', variant: 'http', name: 'download-http', input: toDownload, check: (state, run) => checkDownload(state, run, downloadBytes) },
		].filter(({ goal }) => GOALS.includes(goal));
		for (let repeat = 1; repeat <= MEMORY_REPEATS; repeat++) {
			log(`file round ${repeat} of ${MEMORY_REPEATS}`);
			for (const { goal, variant, name, input, check } of repeat % 2 ? memoryRuns : [...memoryRuns].reverse()) {
				await emulator.reset();
				if (variant === 'curl') {
					record(goal, variant, await curlUpload(emulatorUrl, file));
					continue;
				}
				const fresh = await start([name]);
				try {
					await runWorkflow(fresh.n8n, fresh.deployed, name, await input(false));
					await emulator.reset();
					const run = await runWorkflow(fresh.n8n, fresh.deployed, name, await input(true));
					check(await emulator.state(), run);
					record(goal, variant, run);
				} finally {
					await fresh.n8n.stop();
				}
			}
		}

		const shared = await start(['tts-node', 'tts-http', 'taskget-node', 'taskget-http']);
		n8n = shared.n8n;
		const deployed = shared.deployed;

		const lines = Array.from({ length: TTS_LINES }, (_, i) => ({ text: `Line ${i + 1}: the quick brown fox jumps over the lazy dog.` }));
		const latency = async () =>
			await control(emulatorUrl, 'POST', '/faults', { rules: [{ api: 'vmeg', method: 'POST', path: '/openapi/v1/task/tts/create', kind: 'delay', delayMs: LATENCY_MS, times: 1e9 }] });
		const newTask = async () => await newTtsTask(emulatorUrl);

		// Warm-up (not recorded): each workflow WARM_UP_RUNS times with its full input. Both variants
		// kept getting faster for about 10 runs after a single small warm-up (n8n's code being
		// optimised), so the first measured runs favoured whichever variant had run more.
		const taskItems = (taskId) => Array.from({ length: TASK_ITEMS }, () => ({ taskId }));
		for (let warm = 0; warm < WARM_UP_RUNS; warm++) {
			await emulator.reset();
			if (GOALS.includes('tts')) {
				await runWorkflow(n8n, deployed, 'tts-node', { items: lines });
				await runWorkflow(n8n, deployed, 'tts-http', { items: lines });
			}
			if (GOALS.includes('taskget')) {
				const warmTask = await newTask();
				await runWorkflow(n8n, deployed, 'taskget-node', { items: taskItems(warmTask) });
				await runWorkflow(n8n, deployed, 'taskget-http', { items: taskItems(warmTask) });
			}
		}

		for (let repeat = 1; repeat <= REPEATS; repeat++) {
			log(`round ${repeat} of ${REPEATS}`);
			// 4. TTS lines with latency
			for (const variant of GOALS.includes('tts') ? (repeat % 2 ? ['node', 'http'] : ['http', 'node']) : []) {
				await emulator.reset();
				await latency();
				const run = await runWorkflow(n8n, deployed, `tts-${variant}`, { items: lines });
				run.requests = (await emulator.state()).requests.filter((r) => r.api === 'vmeg' && r.path === '/openapi/v1/task/tts/create').length;
				const spoken = (item) => (variant === 'node' ? item.json.uri : item.json.data?.results?.[0]?.uri);
				if (run.items.length !== TTS_LINES || !run.items.every(spoken)) throw new Error(`tts-${variant}: wrong output`);
				if (variant === 'node' && run.items.some((item, i) => item.json.text !== lines[i].text)) throw new Error('tts-node: output out of order');
				record('tts', variant, run);
			}

			// 5. Task Get per item
			for (const variant of GOALS.includes('taskget') ? (repeat % 2 ? ['node', 'http'] : ['http', 'node']) : []) {
				await emulator.reset();
				const run = await runWorkflow(n8n, deployed, `taskget-${variant}`, { items: taskItems(await newTask()) });
				if (run.items.length !== TASK_ITEMS) throw new Error(`taskget-${variant}: ${run.items.length} items`);
				record('taskget', variant, run);
			}
		}

		const summary = summarise(results, { version: VERSION, node: n8n.state.install.nodeBin, date: new Date().toISOString().slice(0, 10), tookS: Math.round((Date.now() - started) / 1000) });
		const table = renderTable(summary);
		process.stdout.write(`${table}\n`);
		process.stdout.write(`BENCH_SUMMARY ${JSON.stringify(summary)}\n`);
		if (WRITE) {
			fs.writeFileSync(path.join(REPO, 'docs', 'benchmarks.md'), renderDoc(table, summary));
			log('wrote docs/benchmarks.md');
		}
	} finally {
		if (n8n) await n8n.stop().catch(() => undefined);
		if (emulator) await emulator.close().catch(() => undefined);
		fs.rmSync(tmp, { recursive: true, force: true });
	}
}

function summarise(results, meta) {
	const m = (goal, variant, key) => median(results[goal][variant].map((r) => r[key]));
	const has = (goal) => Boolean(results[goal]);
	const row = (goal, variant, label) => has(goal) && ({
		goal,
		label,
		ms: m(goal, variant, 'nodeMs'),
		rssMiB: results[goal][variant][0].rssMiB === undefined || goal === 'tts' || goal === 'taskget' ? undefined : m(goal, variant, 'rssMiB'),
		requests: results[goal][variant][0].requests === undefined ? undefined : m(goal, variant, 'requests'),
		runs: results[goal][variant].map((r) => Math.round(r.nodeMs)),
	});
	const allRows = [
		row('upload', 'node', `1. VMEG Material Upload, ${UPLOAD_MB} MiB`),
		row('upload', 'curl', '1. `md5sum` + `curl -T`, same file'),
		row('stt', 'node', `3. Voice API Speech to Text (multipart), ${UPLOAD_MB} MiB`),
		row('stt', 'http', '3. HTTP Request node, multipart, same file'),
		row('tts', 'node', `4. VMEG TTS Generate, ${TTS_LINES} lines, +${LATENCY_MS} ms/request`),
		row('tts', 'http', '4. HTTP Request node, 1 line per request'),
		row('taskget', 'node', `5. VMEG Task Get, ${TASK_ITEMS} items`),
		row('taskget', 'http', '5. HTTP Request node, same GETs'),
		row('download', 'node', `7. VMEG Task > Wait for Completion, result file of ${DOWNLOAD_MB} MiB`),
		row('download', 'http', '7. HTTP Request node, same URL (Response Format: File)'),
	];
	const rows = allRows.filter(Boolean);
	const ratio = (a, b) => Math.round((a / b) * 100) / 100;
	const [up, curl, stt, sttHttp, tts, ttsHttp, get, getHttp, down, downHttp] = allRows.map((r) => r || {});
	const ratios = [
		has('upload') && { name: '1. Upload time, node / (md5sum + curl)', value: ratio(up.ms, curl.ms), goal: '≤ 1.3' },
		has('upload') && { name: '1. Upload RSS growth of n8n (MiB)', value: Math.round(up.rssMiB), goal: '≤ 64' },
		has('stt') && { name: '3. Multipart time, node / HTTP Request node', value: ratio(stt.ms, sttHttp.ms), goal: '—' },
		has('stt') && { name: '3. Multipart RSS growth of n8n (MiB), node', value: Math.round(stt.rssMiB), goal: '≤ 64' },
		has('stt') && { name: '3. Multipart RSS growth of n8n (MiB), HTTP Request node', value: Math.round(sttHttp.rssMiB), goal: '—' },
		has('tts') && { name: '4. TTS time, node / HTTP Request node', value: ratio(tts.ms, ttsHttp.ms), goal: '≤ 1.0' },
		has('tts') && { name: '4. TTS requests, node', value: tts.requests, goal: `≤ ${Math.ceil(TTS_LINES / 50)}` },
		has('taskget') && { name: '5. Task Get time, node / HTTP Request node', value: ratio(get.ms, getHttp.ms), goal: '≤ 1.2' },
		has('download') && { name: '7. Download time, node / HTTP Request node', value: ratio(down.ms, downHttp.ms), goal: 'parity' },
		has('download') && { name: '7. Download RSS growth of n8n (MiB), node', value: Math.round(down.rssMiB), goal: 'streamed (≈ HTTP Request node)' },
		has('download') && { name: '7. Download RSS growth of n8n (MiB), HTTP Request node', value: Math.round(downHttp.rssMiB), goal: '—' },
	].filter(Boolean);
	return { ...meta, repeats: REPEATS, memoryRepeats: MEMORY_REPEATS, uploadMiB: UPLOAD_MB, downloadMiB: DOWNLOAD_MB, partMiB: PART_MB, machine: machineNote(), rows, ratios };
}

function renderTable(summary) {
	const fmt = (v, digits = 0) => (v === undefined ? '—' : Number(v).toFixed(digits));
	const lines = [
		`| Variant (median of interleaved runs: ${summary.memoryRepeats} for 1, 3 and 7, each on a fresh n8n; ${summary.repeats} for 4 and 5) | Time (ms) | Runs (ms) | n8n RSS growth (MiB) | Requests |`,
		'| --- | --- | --- | --- | --- |',
		...summary.rows.map((r) => `| ${r.label} | ${fmt(r.ms)} | ${r.runs.join(', ')} | ${fmt(r.rssMiB, 1)} | ${fmt(r.requests)} |`),
		'',
		'| Ratio | Value | Goal |',
		'| --- | --- | --- |',
		...summary.ratios.map((r) => `| ${r.name} | ${r.value} | ${r.goal} |`),
	];
	return lines.join('\n');
}

function renderDoc(table, summary) {
	return `# Benchmarks (real n8n)

Measured by \`scripts/bench.js\` (\`npm run bench\` rewrites this file). README claims about speed
and memory quote the ratios below.

- Date: ${summary.date}; the run took ${summary.tookS} s
- n8n ${summary.version} (harness install, \`N8N_DEFAULT_BINARY_DATA_MODE=filesystem\`, SQLite), Node.js of that install
- Machine: ${summary.machine}
- Files: ${summary.uploadMiB} MiB of random bytes (downloads: ${summary.downloadMiB} MiB); VMEG part size ${summary.partMiB} MiB (the emulator's \`recommendedPartSize\`)

${table}

## Method

- One n8n (started by the e2e harness, package installed as a community package) and the API
  emulator on 127.0.0.1, in a Node.js process of its own as a real API would be (inside the
  benchmark's process, its event loop shared the RSS sampler's pauses). Each measured workflow
  is Webhook → (Read File | Split Out) → the measured node (downloads: Webhook → the measured
  node); the webhook call starts it. Variants of a goal alternate (A, B, B, A, …) and every
  figure is the median of ${summary.memoryRepeats} (goals 1, 3 and 7) or ${summary.repeats} runs (4 and 5).
- Time is the measured node's own execution time as n8n records it (\`executionTime\`), so the
  Read File and webhook overhead common to both n8n variants is left out. For \`md5sum\` +
  \`curl -T\` it is the wall time of both commands (plus the one gen-upload-url call for the URL);
  the RSS sampler runs during them too, so both variants share the CPU with it.
- Goals 1, 3 and 7 run each variant on a fresh n8n, warmed up with a 2 MiB file through the same
  workflow: RSS does not shrink back after an earlier, larger run, and every run leaves its file
  in n8n's binary store. n8n RSS growth: peak RSS of the n8n process and its children (task
  runners) while the workflow runs, minus the RSS just before, sampled every 20 ms from \`/proc\`.
  Goals 4 and 5 share one n8n, warmed up with ${WARM_UP_RUNS} unrecorded runs of each workflow
  (after a single one, both variants kept getting faster for about 10 runs).
- Uploads are verified: the emulator's MD5 of every multipart part is compared with the file's
  part at that position, and the STT upload's MD5 and size with the file's. The emulator runs
  with \`retainUploads: false\` (hashes what it receives, keeps nothing), so GiB files fit.
- 4: every TTS request waits ${LATENCY_MS} ms in the emulator before it is answered (a stand-in for a
  network round trip; VMEG's own synthesis time is not modelled). The HTTP Request node sends
  its ${TTS_LINES} requests the way n8n runs them (all items at once); the node sends 50 lines per
  request, 4 requests at a time.
- 5: the same existing task ID is read ${TASK_ITEMS} times; no latency added.
- 7: a finished TTS task's audio URL serves ${DOWNLOAD_MB} MiB of random bytes; the node (Task > Wait for
  Completion, Download Results on) reads the task once and downloads the file into n8n's binary
  store, the HTTP Request node GETs the same URL with Response Format: File. Checked: n8n stored
  every byte, and the file was fetched once.
- Sizes: \`BENCH_UPLOAD_MB=2048 npm run bench\` runs the 2 GiB case of goals 1, 3 and 7
  (\`BENCH_DOWNLOAD_MB\` sets the download alone);
  \`BENCH_REPEATS\`, \`BENCH_MEMORY_REPEATS\`, \`BENCH_WARM_UP_RUNS\`, \`BENCH_TTS_LINES\`, \`BENCH_LATENCY_MS\`,
  \`BENCH_TASK_ITEMS\`, \`BENCH_N8N_VERSION\` change the rest. The fake-context micro-benchmark (\`scripts/bench/micro.js\`) is in
  \`docs/benchmarks-micro.md\`.
`;
}

main().catch((error) => {
	process.stderr.write(`[bench] failed: ${error && error.stack ? error.stack : error}\n`);
	process.exit(1);
});
