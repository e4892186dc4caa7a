'use strict';
/**
 * Talks to test/e2e/browser/driver.js (a child Node process that runs the browser) from a jest
 * test: `const b = await startBrowser(); const ed = await b.openEditor({...}); await b.searchNodes(ed, 'VMEG')`.
 * Every helper of ./editor.js is available by name; editors are numbers.
 */
const path = require('path');
const readline = require('readline');
const { spawn } = require('child_process');

async function startBrowser() {
	const child = spawn(process.execPath, [path.join(__dirname, 'driver.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
	const pending = new Map();
	let seq = 0;
	let exited = null;
	readline.createInterface({ input: child.stdout }).on('line', (line) => {
		let msg;
		try {
			msg = JSON.parse(line);
		} catch {
			return; // a stray log line
		}
		const p = pending.get(msg.seq);
		if (!p) return;
		pending.delete(msg.seq);
		if (msg.error) p.reject(new Error(`browser: ${msg.error}`));
		else p.resolve(msg.result);
	});
	child.on('exit', (code, signal) => {
		exited = `browser driver exited (${code ?? signal})`;
		for (const p of pending.values()) p.reject(new Error(exited));
		pending.clear();
	});
	const call = (method, ...args) =>
		new Promise((resolve, reject) => {
			if (exited) return reject(new Error(exited));
			const id = ++seq;
			pending.set(id, { resolve, reject });
			child.stdin.write(`${JSON.stringify({ seq: id, method, args })}\n`);
		});
	await call('launch');
	const api = new Proxy(
		{
			async stop() {
				if (exited) return;
				await call('close').catch(() => undefined);
				child.stdin.end();
				await new Promise((r) => (exited ? r() : child.once('exit', r)));
			},
		},
		{ get: (target, name) => (name in target ? target[name] : name === 'then' ? undefined : (...args) => call(name, ...args)) },
	);
	return api;
}

/** Where the editor test saves its screenshots (ignored by git): .e2e/screenshots/<n8n version>/ */
function screenshotDir(version) {
	return path.resolve(__dirname, '..', '..', '..', '.e2e', 'screenshots', version);
}

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function chromiumMissing() {
	return require('fs').existsSync(CHROMIUM)
		? null
		: `Chromium is missing at ${CHROMIUM} (Debian package \`chromium\`; \`.ci/run\` installs it). The editor test needs a real browser.`;
}

/** A line on stderr, for the search terms and what they found (the run log keeps it). */
function report(text) {
	process.stderr.write(`${text}\n`);
}

module.exports = { startBrowser, screenshotDir, chromiumMissing, report };
