'use strict';
/**
 * For e2e test files: the running n8n (started by globalSetup) as a handle.
 *
 *   const ctx = getContext();
 *   await ctx.nodeTypes(); ctx.credentials.vmegApi; ctx.emulatorUrl; ...
 *
 * Works in any jest worker / module registry: everything is rebuilt from the JSON
 * file named by $AIVOICE_E2E_CONTEXT.
 */
const fs = require('fs');
const { attachN8n } = require('./harness/instance');
const { API_NAMES } = require('../emulator/apis');

let cached = null;

function getContext() {
	const file = process.env.AIVOICE_E2E_CONTEXT;
	if (!file || !fs.existsSync(file)) {
		throw new Error(
			'No e2e context: run the e2e project through jest (globalSetup writes $AIVOICE_E2E_CONTEXT), e.g. `node test/e2e/run.js`.',
		);
	}
	if (cached && cached.file === file) return cached.ctx;
	const data = JSON.parse(fs.readFileSync(file, 'utf8'));
	const handle = attachN8n(data.n8n);
	const emulatorUrl = data.emulatorUrl;

	/** Calls the emulator's control API: emulator('GET', '/state') -> <url>/_emulator/state. */
	async function emulator(method, p, body) {
		const url = `${emulatorUrl}/_emulator${p.startsWith('/') ? p : `/${p}`}`;
		const init = { method, headers: {} };
		if (body !== undefined) {
			init.body = JSON.stringify(body);
			init.headers['content-type'] = 'application/json';
		}
		let res;
		try {
			res = await fetch(url, init);
		} catch (error) {
			// A pooled keep-alive socket the emulator just closed: the request never reached it.
			if (error?.cause?.code !== 'ECONNRESET') throw error;
			res = await fetch(url, init);
		}
		const text = await res.text();
		let parsed = text;
		try {
			parsed = text ? JSON.parse(text) : null;
		} catch {
			/* text */
		}
		if (!res.ok) throw Object.assign(new Error(`${method} ${url} -> ${res.status}: ${text.slice(0, 2000)}`), { status: res.status, body: parsed });
		return parsed;
	}

	const ctx = {
		...handle,
		n8n: handle,
		version: data.version,
		credentials: data.credentials,
		/** For a workflow node's `credentials` field: { vmegApi: { id, name } }. */
		credentialRef(type) {
			if (!data.credentials[type]) throw new Error(`no e2e credential of type ${type}`);
			return { [type]: { id: data.credentials[type], name: data.credentialNames[type] } };
		},
		keys: data.keys,
		emulatorUrl,
		emulatorBaseUrls: Object.fromEntries(API_NAMES.map((api) => [api, `${emulatorUrl}/${api}`])),
		emulator,
		/** Files Read/Write Files from Disk may read (N8N_RESTRICT_FILE_ACCESS_TO): tests write inputs here. */
		inputFilesDir: require('path').join(handle.userFolder, 'files'),
	};
	/** Writes `data` into inputFilesDir as `name` and returns its path (for Read/Write Files from Disk). */
	ctx.writeInputFile = (name, data) => {
		const file = require('path').join(ctx.inputFilesDir, name);
		fs.writeFileSync(file, data);
		return file;
	};
	fs.mkdirSync(ctx.inputFilesDir, { recursive: true });
	cached = { file, ctx };
	return ctx;
}

module.exports = { getContext };
