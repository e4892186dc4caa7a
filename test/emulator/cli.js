#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * node test/emulator/cli.js [--port N] [--host H] [--webhook-url URL] [--webhook-secret S]
 *   [--task-duration-ms N] [--voice-task-duration-ms N] [--vimmerse-credits N]
 *   [--vmeg-key K] [--vimmerse-key K] [--voice-key K] (one per API of apis.js) [--quiet]
 *
 * Prints ONE line of JSON {"url": "...", "port": N} to stdout, logs requests to stderr (unless
 * --quiet) and runs until SIGINT/SIGTERM.
 */
const { startEmulator } = require('./index');
const { API_NAMES } = require('./apis');

/** `--<api>-key K` for every API in apis.js. */
const KEY_OPTIONS = API_NAMES.map((api) => `${api}-key`);
const USAGE = `usage: node test/emulator/cli.js [--port N] [--host H] [--webhook-url URL] [--webhook-secret S] [--task-duration-ms N] [--voice-task-duration-ms N] [--vimmerse-credits N] ${KEY_OPTIONS.map((o) => `[--${o} K]`).join(' ')} [--quiet]`;

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {Record<string, string|boolean>} */
	const a = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) throw new Error(`unexpected argument: ${arg}`);
		const eq = arg.indexOf('=');
		if (eq > 0) a[arg.slice(2, eq)] = arg.slice(eq + 1);
		else if (arg === '--quiet' || arg === '--help') a[arg.slice(2)] = true;
		else {
			const v = argv[++i];
			if (v === undefined) throw new Error(`missing value for ${arg}`);
			a[arg.slice(2)] = v;
		}
	}
	return a;
}

/** @param {string|boolean|undefined} v @param {string} name */
function num(v, name) {
	if (v === undefined) return undefined;
	const n = Number(v);
	if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number`);
	return n;
}

async function main() {
	let a;
	try {
		a = parseArgs(process.argv.slice(2));
		if (a.help) {
			process.stderr.write(`${USAGE}\n`);
			return;
		}
		const known = ['port', 'host', 'webhook-url', 'webhook-secret', 'task-duration-ms', 'voice-task-duration-ms', 'vimmerse-credits', ...KEY_OPTIONS, 'quiet'];
		const unknown = Object.keys(a).filter((k) => !known.includes(k));
		if (unknown.length) throw new Error(`unknown option(s): ${unknown.map((k) => `--${k}`).join(', ')}`);
	} catch (e) {
		process.stderr.write(`${/** @type {Error} */ (e).message}\n${USAGE}\n`);
		process.exit(2);
	}
	/** @type {Record<string,string>} */
	const keys = {};
	for (const api of API_NAMES) {
		const key = a[`${api}-key`];
		if (typeof key === 'string') keys[api] = key;
	}
	const emu = await startEmulator({
		port: num(a.port, 'port') ?? 0,
		host: typeof a.host === 'string' ? a.host : '127.0.0.1',
		keys,
		vmegWebhookUrl: typeof a['webhook-url'] === 'string' ? a['webhook-url'] : null,
		...(typeof a['webhook-secret'] === 'string' ? { vmegWebhookSecret: a['webhook-secret'] } : {}),
		taskDurationMs: num(a['task-duration-ms'], 'task-duration-ms'),
		voiceTaskDurationMs: num(a['voice-task-duration-ms'], 'voice-task-duration-ms'),
		vimmerseCredits: num(a['vimmerse-credits'], 'vimmerse-credits'),
		log: a.quiet ? false : (m) => process.stderr.write(`[emulator] ${m}\n`),
	});
	process.stdout.write(`${JSON.stringify({ url: emu.url, port: emu.port })}\n`);
	let stopping = false;
	const stop = () => {
		if (stopping) return;
		stopping = true;
		emu.close().then(() => process.exit(0));
		setTimeout(() => process.exit(0), 2000).unref();
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((e) => {
	process.stderr.write(`${e && e.stack}\n`);
	process.exit(1);
});
