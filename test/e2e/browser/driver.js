#!/usr/bin/env node
'use strict';
/**
 * The browser side of the editor test, in its own Node process: puppeteer-core is an ES module
 * that jest's CommonJS module system cannot load, while plain Node (>= 20.19) `require`s it.
 * Reads one JSON command a line on stdin ({ seq, method, args }), answers one JSON line on stdout
 * ({ seq, result } or { seq, error }). Editors (signed-in tabs) are referred to by number.
 */
const readline = require('readline');
const kit = require('./editor');

let browser = null;
const editors = new Map();
let nextEditor = 1;

function editorOf(id) {
	const e = editors.get(id);
	if (!e) throw new Error(`no editor ${id}`);
	return e;
}

async function run(method, args) {
	switch (method) {
		case 'launch':
			browser = browser || (await kit.launch());
			return true;
		case 'openEditor': {
			const e = await kit.openEditor(browser, args[0]);
			const id = nextEditor++;
			editors.set(id, e);
			return id;
		}
		case 'errors':
			return editorOf(args[0]).errors.slice();
		case 'closeEditor':
			await editorOf(args[0]).context.close();
			editors.delete(args[0]);
			return true;
		case 'close':
			if (browser) await browser.close();
			browser = null;
			return true;
		default:
			if (typeof kit[method] !== 'function' || ['launch', 'openEditor'].includes(method)) throw new Error(`unknown command ${method}`);
			return await kit[method](editorOf(args[0]), ...args.slice(1));
	}
}

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
	let msg;
	try {
		msg = JSON.parse(line);
	} catch {
		return;
	}
	run(msg.method, msg.args || [])
		.then((result) => process.stdout.write(`${JSON.stringify({ seq: msg.seq, result: result === undefined ? null : result })}\n`))
		.catch((e) => process.stdout.write(`${JSON.stringify({ seq: msg.seq, error: String((e && e.stack) || e) })}\n`));
});
rl.on('close', async () => {
	if (browser) await browser.close().catch(() => undefined);
	process.exit(0);
});
