#!/usr/bin/env node
'use strict';
/**
 * `npm run build && node scripts/bench/narrate.js`: Text to Speech > Narrate of a 1-hour
 * narration in a real n8n (2.8.4 by default, BENCH_N8N_VERSION to change) against the emulator,
 * binaries on disk (N8N_DEFAULT_BINARY_DATA_MODE=filesystem, as the e2e tests run it).
 *
 * Measured on the n8n process itself: its peak RSS during the execution above the RSS just
 * before it (the kernel's high-water mark, reset through /proc/<pid>/clear_refs before each run,
 * so spikes inside synchronous code count too), and the execution's wall time. The output is
 * checked with ffprobe (duration = pieces + pauses ± 1 %, decoded end to end without errors).
 *
 * The target (issue 12): RSS growth ≤ 64 MiB + one piece; the figures also give the growth as a
 * share of the output size, against ≥ 1x (the whole file in memory) for any buffering join.
 *
 * For comparison the same runs in n8n's default in-memory binary mode, where every binary (the
 * pieces and the joined file) sits in the execution's data as base64 anyway.
 *
 * Env: BENCH_NARRATION_MINUTES (default 60), BENCH_FORMATS (default "mp3,wav"), BENCH_BINARY_MODES
 * (default "filesystem,default").
 * Prints a markdown table and one `BENCH_NARRATE {json}` line.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');

const REPO = path.resolve(__dirname, '../..');
const { startEmulator, media } = require(path.join(REPO, 'test/emulator'));
const { startN8n, npmPack } = require(path.join(REPO, 'test/e2e/harness/instance'));
const { ensureN8n } = require(path.join(REPO, 'test/e2e/harness/install'));
const { probeAudio } = require(path.join(REPO, 'test/support/ffprobe'));

const MiB = 1024 * 1024;
const VERSION = process.env.BENCH_N8N_VERSION || '2.8.4';
const MINUTES = Number(process.env.BENCH_NARRATION_MINUTES || 60);
const FORMATS = (process.env.BENCH_FORMATS || 'mp3,wav').split(',');
const BINARY_MODES = (process.env.BENCH_BINARY_MODES || 'filesystem,default').split(',');
/** The emulator speaks 0.06 s per character (about a narrator's 16 characters a second). */
const SECONDS_PER_CHARACTER = 0.06;
const PAUSE_SECONDS = 0.75;
const PIECE_CHARACTERS = 2000;

const sentence = (p, s) => `In paragraph ${p}, sentence ${s} carries the story a little further along.`;
/** A text of about `seconds` of speech: paragraphs of ~1,900 characters (one piece each). */
function narrationText(seconds) {
	const characters = Math.round(seconds / SECONDS_PER_CHARACTER);
	const paragraphs = [];
	let total = 0;
	for (let p = 1; total < characters; p++) {
		const sentences = [];
		for (let s = 1; sentences.join(' ').length < 1_850; s++) sentences.push(sentence(p, s));
		const paragraph = sentences.join(' ');
		paragraphs.push(paragraph);
		total += paragraph.length;
	}
	return paragraphs.join('\n\n');
}

function readProc(pid, field) {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const match = status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
	return match ? Number(match[1]) * 1024 : NaN;
}

/** Resets the process's peak RSS (VmHWM) to its current RSS (Linux ≥ 4.0). */
function resetPeak(pid) {
	fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

function findFile(dir, suffix) {
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			const found = findFile(full, suffix);
			if (found) return found;
		} else if (full.endsWith(suffix)) return full;
	}
	return undefined;
}

const mib = (bytes) => `${(bytes / MiB).toFixed(1)} MiB`;

async function benchMode(binaryMode, tarball, rows) {
	const emulator = await startEmulator({ port: 0, log: false });
	const n8n = await startN8n({ version: VERSION, packageTarball: tarball, env: { N8N_DEFAULT_BINARY_DATA_MODE: binaryMode } });
	try {
		const pid = n8n.process.pid;
		const credential = await n8n.createCredential({
			name: 'VMEG (emulator)',
			type: 'vmegApi',
			data: { apiKey: 'vmeg-test-key', baseUrl: `${emulator.url.replace(/\/$/, '')}/vmeg`, webhookSecret: 'whsec-test-secret' },
		});
		const workflowId = await n8n.importWorkflow({
			name: 'Bench: narrate',
			nodes: [
				{ name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: 'bench-narrate', parameters: { httpMethod: 'POST', path: 'bench-narrate', responseMode: 'onReceived', options: {} } },
				{
					name: 'Narrate',
					type: 'n8n-nodes-ai-voice.vmeg',
					typeVersion: 1,
					position: [240, 0],
					credentials: { vmegApi: { id: credential, name: 'VMEG (emulator)' } },
					parameters: {
						resource: 'textToSpeech',
						operation: 'narrate',
						text: '={{ $json.body.text }}',
						voiceSource: 'voice',
						voiceId: { __rl: true, mode: 'id', value: 'sv_en_us_jenny' },
						targetLanguage: 'en-US',
						outputFormat: '={{ $json.body.format }}',
						subtitles: 'srt',
						narrationOptions: { pauseSeconds: PAUSE_SECONDS, maxPieceCharacters: PIECE_CHARACTERS },
					},
				},
			],
			connections: { Webhook: { main: [[{ node: 'Narrate', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		await n8n.activate(workflowId);
		await n8n.waitForWebhook('bench-narrate');

		const run = async (text, format) => {
			const before = new Set((await n8n.listExecutions({ workflowId })).map((e) => String(e.id)));
			emulator.reset();
			resetPeak(pid);
			const rssBefore = readProc(pid, 'VmRSS');
			const started = Date.now();
			await n8n.webhook('bench-narrate', { text, format });
			const done = await n8n.waitForExecution(async (e) => String(e.workflowId) === String(workflowId) && !before.has(String(e.id)), {
				status: 'success',
				timeoutMs: 600_000,
			});
			const wallMs = new Date(done.stoppedAt).getTime() - new Date(done.startedAt).getTime();
			const peak = readProc(pid, 'VmHWM');
			const full = await n8n.getExecution(done.id);
			const [item] = full.data.resultData.runData.Narrate[0].data.main[0];
			return { item, rssBefore, growth: peak - rssBefore, wallMs, roundTripMs: Date.now() - started };
		};

		// Warm-up: loads the node's code and n8n's paths once, so the measured runs see only the work.
		for (const format of FORMATS) await run(narrationText(20), format);

		const text = narrationText(MINUTES * 60);
		for (const format of FORMATS) {
			// What any execution of this workflow costs n8n: a 20-second narration, measured the same way.
			const small = await run(narrationText(20), format);
			const { item, growth, wallMs, rssBefore } = await run(text, format);
			const tasks = emulator.state.vmeg.tasks.filter((t) => t.taskType === 'tts');
			const pieceSeconds = tasks.flatMap((t) => t.result.results.map((r) => r.duration));
			const largestPiece = media.makeAudio(format, Math.max(...pieceSeconds)).data.length;
			const binary = item.binary.data;
			let file = binary.id ? findFile(path.join(n8n.userFolder, '.n8n'), binary.id.split('/').pop()) : undefined;
			if (!file) {
				// In-memory mode the file is base64 in the execution's data.
				file = path.join(n8n.userFolder, `narration.${format}`);
				fs.writeFileSync(file, Buffer.from(binary.data, 'base64'));
			}
			const outputBytes = fs.statSync(file).size;
			const probed = probeAudio(file);
			const expected = pieceSeconds.reduce((a, b) => a + b, 0) + (item.json.paragraphs - 1) * PAUSE_SECONDS;
			const error = Math.abs(probed.duration - expected) / expected;
			if (error > 0.01 || probed.decodeErrors || Math.abs(probed.decodedSeconds - expected) / expected > 0.01) {
				throw new Error(`${format}: ffprobe ${probed.duration}s / decoded ${probed.decodedSeconds}s, expected ${expected}s; errors: ${probed.decodeErrors}`);
			}
			rows.push({
				binaryMode,
				format,
				characters: item.json.characters,
				pieces: item.json.pieces,
				requests: tasks.length,
				audioSeconds: Math.round(probed.duration * 10) / 10,
				expectedSeconds: Math.round(expected * 10) / 10,
				outputBytes,
				largestPieceBytes: largestPiece,
				rssBefore,
				rssGrowth: growth,
				smallRunGrowth: small.growth,
				targetBytes: 64 * MiB + largestPiece,
				growthPerOutput: growth / outputBytes,
				wallMs,
				realtimeFactor: probed.duration / (wallMs / 1000),
			});
		}
	} finally {
		await n8n.stop().catch(() => undefined);
		await emulator.close().catch(() => undefined);
	}
}

(async () => {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aivoice-bench-narrate-'));
	const install = await ensureN8n(VERSION);
	const tarball = await npmPack(REPO, path.join(tmp, 'pack'), install.env);
	const rows = [];
	try {
		for (const mode of BINARY_MODES) await benchMode(mode, tarball, rows);
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}

	const lines = [
		`Narrate, ${MINUTES}-minute narration, VMEG node in real n8n ${VERSION}, Node ${process.version} bench driver, ${os.cpus().length} cores:`,
		'',
		'| Binary mode | Format | Characters | Pieces (requests) | Audio (ffprobe) | Output | RSS growth (peak) | Same for a 20 s narration | Target (64 MiB + 1 piece) | Growth / output | Time | Faster than real time |',
		'|---|---|---|---|---|---|---|---|---|---|---|---|',
		...rows.map(
			(r) =>
				`| ${r.binaryMode} | ${r.format.toUpperCase()} | ${r.characters.toLocaleString('en-US')} | ${r.pieces} (${r.requests}) | ${r.audioSeconds} s (expected ${r.expectedSeconds} s) | ${mib(r.outputBytes)} | ${mib(r.rssGrowth)} | ${mib(r.smallRunGrowth)} | ${mib(r.targetBytes)} | ${r.growthPerOutput.toFixed(2)}x | ${(r.wallMs / 1000).toFixed(1)} s | ${Math.round(r.realtimeFactor)}x |`,
		),
	];
	process.stdout.write(`${lines.join('\n')}\n`);
	process.stdout.write(`BENCH_NARRATE ${JSON.stringify(rows)}\n`);
	// The target applies where n8n keeps binaries out of memory.
	const over = rows.filter((r) => r.binaryMode !== 'default' && r.rssGrowth > r.targetBytes);
	if (over.length) {
		process.stderr.write(`over the memory target: ${over.map((r) => r.format).join(', ')}\n`);
		process.exitCode = 1;
	}
})().catch((error) => {
	process.stderr.write(`[bench narrate] failed: ${error.stack || error}\n`);
	process.exit(1);
});
