'use strict';
/**
 * Starts a real, throw-away n8n with a package installed as a community package.
 *
 *   const { startN8n } = require('./instance');
 *   const n8n = await startN8n({ version: '2.8.4', packageTarball: '/tmp/x/n8n-nodes-ai-voice-0.1.0.tgz' });
 *   await n8n.nodeTypes();  ...  await n8n.stop();
 *
 * `attachN8n(n8n.state)` rebuilds the same handle (minus process control) from the
 * JSON-serialisable `state`, e.g. inside a jest worker.
 */
const fs = require('fs');
const os = require('os');
const net = require('net');
const path = require('path');
const crypto = require('crypto');
const { spawn } = require('child_process');
const { ensureN8n } = require('./install');

const OWNER = {
	email: 'owner@e2e.test',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Passw0rd-Long!',
};
const ENCRYPTION_KEY = 'aivoice-e2e-fixed-encryption-key-0001';

const t0 = Date.now();
function log(msg) {
	if (process.env.AIVOICE_E2E_QUIET === '1') return;
	process.stderr.write(`[n8n-e2e +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}\n`);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

function runCapture(cmd, args, { cwd, env, timeoutMs = 10 * 60 * 1000 }) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			resolve({ code: code === null ? signal : code, stdout, stderr });
		});
	});
}

/** `npm pack` a package folder into destDir; returns the tarball path. */
async function npmPack(packageDir, destDir, env = process.env) {
	fs.mkdirSync(destDir, { recursive: true });
	const cleanEnv = { ...env };
	for (const k of Object.keys(cleanEnv)) if (/^npm_(package|lifecycle)_/i.test(k)) delete cleanEnv[k];
	const r = await runCapture('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destDir], {
		cwd: packageDir,
		env: cleanEnv,
	});
	if (r.code !== 0) throw new Error(`npm pack failed in ${packageDir}:\n${r.stdout}\n${r.stderr}`);
	const json = JSON.parse(r.stdout.slice(r.stdout.indexOf('[')));
	return path.join(destDir, json[0].filename);
}

/**
 * Installs a package tarball as a community package, into <userFolder>/.n8n/nodes.
 *
 * mode 'n8n' (default) repeats what n8n 2.x's CommunityPackagesService.downloadPackage does
 * (modules/community-packages/community-packages.service.js): extract the tarball to
 * nodes/node_modules/<name>, drop devDependencies/peerDependencies/optionalDependencies from its
 * package.json, run `npm install --audit=false --fund=false --bin-links=false
 * --install-strategy=shallow --ignore-scripts=true --package-lock=false` inside it, and record
 * <name>: <version> in nodes/package.json.
 * mode 'npm' runs `npm install --install-links --legacy-peer-deps <tarball>` in nodes/.
 */
async function installCommunityPackage(userFolder, packageTarball, env, mode = process.env.AIVOICE_E2E_INSTALL_MODE || 'n8n') {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	const pkgJson = path.join(nodesDir, 'package.json');
	if (!fs.existsSync(pkgJson)) {
		fs.writeFileSync(pkgJson, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}
	const started = Date.now();
	const fail = (what, r) => {
		throw new Error(`installing ${packageTarball} as a community package: ${what} failed:\n${r.stdout}\n${r.stderr}`);
	};
	if (mode === 'npm') {
		const r = await runCapture(
			'npm',
			['install', '--install-links', '--legacy-peer-deps', '--no-audit', '--no-fund', '--ignore-scripts', packageTarball],
			{ cwd: nodesDir, env },
		);
		if (r.code !== 0) fail('npm install', r);
	} else {
		const staging = fs.mkdtempSync(path.join(nodesDir, '.extract-'));
		const x = await runCapture('tar', ['-xzf', path.resolve(packageTarball), '-C', staging, '--strip-components=1'], { cwd: nodesDir, env });
		if (x.code !== 0) fail('tar', x);
		const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
			fs.readFileSync(path.join(staging, 'package.json'), 'utf8'),
		);
		void devDependencies, void peerDependencies, void optionalDependencies;
		const pkgDir = path.join(nodesDir, 'node_modules', manifest.name);
		fs.rmSync(pkgDir, { recursive: true, force: true });
		fs.mkdirSync(path.dirname(pkgDir), { recursive: true });
		fs.renameSync(staging, pkgDir);
		fs.writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify(manifest, null, 2), 'utf8');
		const r = await runCapture(
			'npm',
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
			],
			{ cwd: pkgDir, env },
		);
		if (r.code !== 0) fail('npm install (in the package folder)', r);
		const nodesPkg = JSON.parse(fs.readFileSync(pkgJson, 'utf8'));
		nodesPkg.dependencies = { ...(nodesPkg.dependencies || {}), [manifest.name]: manifest.version };
		fs.writeFileSync(pkgJson, JSON.stringify(nodesPkg, null, 2), 'utf8');
	}
	const deps = JSON.parse(fs.readFileSync(pkgJson, 'utf8')).dependencies || {};
	log(`community package installed (${mode} way) in ${((Date.now() - started) / 1000).toFixed(1)}s: ${Object.keys(deps).join(', ')}`);
	return { nodesDir, packages: Object.keys(deps) };
}

function quietEnv({ userFolder, port, brokerPort }) {
	return {
		N8N_USER_FOLDER: userFolder,
		HOME: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_PORT: String(port),
		N8N_PROTOCOL: 'http',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_SECURE_COOKIE: 'false',
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		DB_TYPE: 'sqlite',
		GENERIC_TIMEZONE: 'UTC',
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		// Where Read/Write Files from Disk may read: tests put input media here (inputFilesDir).
		N8N_RESTRICT_FILE_ACCESS_TO: path.join(userFolder, 'files'),
	};
}

function n8nEnv(state, overrides = {}) {
	const inherited = { ...state.install.env };
	// Started from jest: NODE_ENV=test makes n8n refuse to load nodes ("Not available in tests").
	if (inherited.NODE_ENV === 'test') delete inherited.NODE_ENV;
	delete inherited.JEST_WORKER_ID;
	return {
		...inherited,
		...quietEnv({ userFolder: state.userFolder, port: state.port, brokerPort: state.brokerPort }),
		...(state.extraEnv || {}),
		...overrides,
	};
}

class HttpError extends Error {
	constructor(method, url, status, body) {
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		super(`${method} ${url} -> ${status}: ${text && text.slice(0, 2000)}`);
		this.status = status;
		this.body = body;
	}
}

async function httpJson(method, url, { body, headers = {} } = {}) {
	const init = { method, headers: { accept: 'application/json', ...headers } };
	if (body !== undefined) {
		init.body = typeof body === 'string' ? body : JSON.stringify(body);
		if (!init.headers['content-type']) init.headers['content-type'] = 'application/json';
	}
	const res = await fetch(url, init);
	const text = await res.text();
	let parsed = text;
	try {
		parsed = text ? JSON.parse(text) : null;
	} catch {
		/* keep text */
	}
	return { status: res.status, headers: res.headers, body: parsed };
}

/** Fields the public API accepts when creating a workflow. */
const WORKFLOW_SETTINGS_KEYS = [
	'saveExecutionProgress',
	'saveManualExecutions',
	'saveDataErrorExecution',
	'saveDataSuccessExecution',
	'executionTimeout',
	'errorWorkflow',
	'timezone',
	'executionOrder',
	'callerPolicy',
	'callerIds',
	'timeSavedPerExecution',
	'availableInMCP',
];
const NODE_KEYS = [
	'id',
	'name',
	'type',
	'typeVersion',
	'position',
	'parameters',
	'credentials',
	'disabled',
	'notes',
	'notesInFlow',
	'webhookId',
	'retryOnFail',
	'maxTries',
	'waitBetweenTries',
	'alwaysOutputData',
	'executeOnce',
	'continueOnFail',
	'onError',
];

function workflowForPublicApi(json) {
	const settings = {};
	for (const k of WORKFLOW_SETTINGS_KEYS) if (json.settings && json.settings[k] !== undefined) settings[k] = json.settings[k];
	if (!settings.executionOrder) settings.executionOrder = 'v1';
	const nodes = (json.nodes || []).map((n) => {
		const out = {};
		for (const k of NODE_KEYS) if (n[k] !== undefined) out[k] = n[k];
		if (!out.id) out.id = crypto.randomUUID();
		if (!out.parameters) out.parameters = {};
		if (!out.position) out.position = [0, 0];
		return out;
	});
	const wf = { name: json.name || `e2e ${new Date().toISOString()}`, nodes, connections: json.connections || {}, settings };
	if (json.staticData) wf.staticData = json.staticData;
	return wf;
}

/**
 * Builds the handle from a JSON-serialisable state:
 * { version, baseUrl, port, brokerPort, userFolder, apiKey, cookie, browserId, install:{nodeBin,n8nBin,env,dir}, extraEnv, logFile }
 */
function attachN8n(state) {
	const { baseUrl } = state;
	// Where production and waiting webhooks are received: a webhook process in queue mode.
	const webhookBaseUrl = state.webhookBaseUrl || baseUrl;

	async function api(method, p, body) {
		const url = `${baseUrl}/api/v1${p.startsWith('/') ? p : `/${p}`}`;
		const r = await httpJson(method, url, { body, headers: { 'X-N8N-API-KEY': state.apiKey } });
		if (r.status < 200 || r.status >= 300) throw new HttpError(method, url, r.status, r.body);
		return r.body;
	}

	async function rest(method, p, body) {
		const url = `${baseUrl}/rest${p.startsWith('/') ? p : `/${p}`}`;
		const r = await httpJson(method, url, {
			body,
			headers: { cookie: state.cookie, 'browser-id': state.browserId },
		});
		if (r.status < 200 || r.status >= 300) throw new HttpError(method, url, r.status, r.body);
		return r.body;
	}

	function logs() {
		try {
			return fs.readFileSync(state.logFile, 'utf8');
		} catch {
			return '(no n8n log captured)';
		}
	}

	async function createCredential({ name, type, data }) {
		const body = { name: name || `${type} e2e`, type, data };
		try {
			return String((await api('POST', '/credentials', body)).id);
		} catch (e) {
			// n8n injects `allowedHttpRequestDomains` (default 'all') + `allowedDomains` (shown for 'domains')
			// into credential types with `authenticate`; the public API's JSON schema then requires
			// allowedDomains whenever allowedHttpRequestDomains is absent. Send the default explicitly.
			if (e.status === 400 && /allowedDomains/.test(JSON.stringify(e.body)) && data.allowedHttpRequestDomains === undefined) {
				const retry = { ...body, data: { ...data, allowedHttpRequestDomains: 'all' } };
				return String((await api('POST', '/credentials', retry)).id);
			}
			throw e;
		}
	}

	/** Mirrors the editor's "Test" button: POST /rest/credentials/test { credentials }. */
	async function testCredential(idOrCredential) {
		let credentials;
		let tempId = null;
		if (typeof idOrCredential === 'string' || typeof idOrCredential === 'number') {
			// What the editor does for a saved credential: load it (secrets redacted) and send it back
			// with its id; n8n merges in the stored secrets.
			const res = await rest('GET', `/credentials/${idOrCredential}?includeData=true`);
			const c = res.data || res;
			credentials = { id: String(c.id), name: c.name, type: c.type, data: c.data || {} };
		} else {
			const { type, data, name } = idOrCredential;
			credentials = { name: name || `${type} (test)`, type, data };
		}
		try {
			let res;
			try {
				res = await rest('POST', '/credentials/test', { credentials });
			} catch (e) {
				// Unsaved credentials: some versions only test saved ones. Save, test, delete.
				if (credentials.id || !(e.status >= 400 && e.status < 500)) throw e;
				tempId = await createCredential({ ...credentials, name: `${credentials.name} ${Date.now()}` });
				return await testCredential(tempId);
			}
			const out = res && res.data !== undefined ? res.data : res;
			return { status: out.status, message: out.message };
		} finally {
			if (tempId) await api('DELETE', `/credentials/${tempId}`).catch(() => {});
		}
	}

	async function importWorkflow(json) {
		const created = await api('POST', '/workflows', workflowForPublicApi(json));
		return String(created.id);
	}

	async function activate(id) {
		return api('POST', `/workflows/${id}/activate`);
	}

	async function deactivate(id) {
		return api('POST', `/workflows/${id}/deactivate`);
	}

	/** Resolves once a production webhook is registered (CORS preflight answers 204, not 404). */
	async function waitForWebhook(webhookPath, method = 'POST', { timeoutMs = 30000 } = {}) {
		const url = `${webhookBaseUrl}/webhook/${webhookPath.replace(/^\//, '')}`;
		const deadline = Date.now() + timeoutMs;
		let last;
		while (Date.now() < deadline) {
			try {
				const res = await fetch(url, {
					method: 'OPTIONS',
					headers: { Origin: 'http://127.0.0.1', 'Access-Control-Request-Method': method },
				});
				last = res.status;
				await res.arrayBuffer();
				if (res.status >= 200 && res.status < 300) return;
			} catch (e) {
				last = e.message;
			}
			await sleep(200);
		}
		throw new Error(`webhook ${method} ${url} not registered after ${timeoutMs} ms (last: ${last})`);
	}

	/**
	 * Calls a production webhook (or any absolute URL).
	 * body: object (sent as JSON), string or Buffer (sent raw). Returns { status, headers, body }
	 * where body is parsed JSON when possible (or a Buffer with { raw: true }).
	 */
	async function webhook(webhookPath, body, { method = 'POST', headers = {}, raw = false } = {}) {
		const url = /^https?:\/\//.test(webhookPath) ? webhookPath : `${webhookBaseUrl}/webhook/${webhookPath.replace(/^\//, '')}`;
		const init = { method, headers: { ...headers } };
		if (body !== undefined && method !== 'GET' && method !== 'HEAD') {
			if (typeof body === 'string' || Buffer.isBuffer(body) || body instanceof Uint8Array) {
				init.body = body;
			} else {
				init.body = JSON.stringify(body);
				if (!Object.keys(init.headers).some((h) => h.toLowerCase() === 'content-type')) {
					init.headers['content-type'] = 'application/json';
				}
			}
		}
		const res = await fetch(url, init);
		const buf = Buffer.from(await res.arrayBuffer());
		const hdrs = Object.fromEntries(res.headers.entries());
		let parsed;
		if (raw) parsed = buf;
		else {
			const text = buf.toString('utf8');
			try {
				parsed = text ? JSON.parse(text) : text;
			} catch {
				parsed = text;
			}
		}
		return { status: res.status, headers: hdrs, body: parsed };
	}

	/** `n8n execute --id=<id> --rawOutput` in a separate process against the same user folder / DB. */
	async function executeCli(workflowId, { timeoutMs = 170000, allowFailure = false, env: extra = {} } = {}) {
		const env = n8nEnv(state, {
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			N8N_PORT: String(await freePort()),
			...extra,
		});
		const started = Date.now();
		const r = await runCapture(state.install.nodeBin, [state.install.n8nBin, 'execute', `--id=${workflowId}`, '--rawOutput'], {
			cwd: state.userFolder,
			env,
			timeoutMs,
		});
		log(`n8n execute --id=${workflowId}: exit ${r.code} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
		const lines = r.stdout.split('\n');
		const first = lines.findIndex((l) => l.startsWith('{'));
		let json = null;
		// The result is the pretty-printed JSON from a line "{" to a line "}"; n8n may log lines
		// (e.g. "Registered runner …") before and after it.
		const last = lines.findLastIndex((l) => l === '}');
		if (first >= 0 && last > first) {
			try {
				json = JSON.parse(lines.slice(first, last + 1).join('\n'));
			} catch {
				json = null;
			}
		}
		// n8n 2.41.1 on Node 24 (default N8N_EXPRESSION_ENGINE=vm, isolated-vm) sometimes dies with
		// SIGSEGV while exiting, after it printed the complete result (seen for executions that end
		// waiting). A complete JSON result with that exit is accepted, with a warning.
		if (r.code === 'SIGSEGV' && json !== null && !allowFailure) {
			log(`n8n execute --id=${workflowId}: exited with SIGSEGV after printing a complete result; accepting it`);
			return json;
		}
		if ((r.code !== 0 || json === null) && !allowFailure) {
			const err = new Error(
				`n8n execute --id=${workflowId} failed (exit ${r.code})\n--- stdout ---\n${r.stdout.slice(-8000)}\n--- stderr ---\n${r.stderr.slice(-8000)}`,
			);
			Object.assign(err, { code: r.code, stdout: r.stdout, stderr: r.stderr, json });
			throw err;
		}
		return allowFailure ? { code: r.code, stdout: r.stdout, stderr: r.stderr, json } : json;
	}

	async function getExecution(id) {
		return api('GET', `/executions/${id}?includeData=true`);
	}

	/**
	 * Lists executions, newest first. Uses the editor's REST list: the public API list
	 * (GET /api/v1/executions) leaves out every execution n8n still holds as active, and on
	 * 2.8.4 that includes webhook-started executions that are waiting.
	 * With includeData each entry is replaced by the full public-API execution (with data).
	 */
	async function listExecutions({ status, workflowId, limit = 100, includeData = false } = {}) {
		const filter = {};
		if (status) filter.status = [status];
		if (workflowId) filter.workflowId = String(workflowId);
		const q = new URLSearchParams({ filter: JSON.stringify(filter), limit: String(limit) });
		const res = await rest('GET', `/executions?${q}`);
		const list = (res && res.data && res.data.results) || [];
		if (!includeData) return list;
		return Promise.all(list.map((e) => getExecution(e.id)));
	}

	const FINAL = new Set(['success', 'error', 'crashed', 'canceled']);
	/**
	 * Waits until an execution reaches a status.
	 * idOrPredicate: execution id, or a predicate over executions (from the list; with data).
	 * status: wanted status; without it any final status (success/error/crashed/canceled).
	 * Returns the execution with data.
	 */
	async function waitForExecution(idOrPredicate, { status, timeoutMs = 60000, workflowId, intervalMs = 250 } = {}) {
		const deadline = Date.now() + timeoutMs;
		const matches = (e) => (status ? e.status === status : FINAL.has(e.status));
		let last = null;
		const seen = new Set(); // executions in the wanted state that the predicate rejected
		while (Date.now() < deadline) {
			if (typeof idOrPredicate === 'function') {
				const list = await listExecutions({ workflowId, status });
				for (const e of list) {
					if (!matches(e) || seen.has(e.id)) continue;
					const full = await getExecution(e.id);
					if (!matches(full)) continue;
					if (await idOrPredicate(full)) return full;
					seen.add(e.id);
				}
				last = list.map((e) => `${e.id}:${e.status}`).join(',');
			} else {
				try {
					const e = await getExecution(idOrPredicate);
					last = e.status;
					if (matches(e)) return e;
					if (status && FINAL.has(e.status) && e.status !== status) {
						throw Object.assign(
							new Error(`execution ${idOrPredicate} ended with status ${e.status}, expected ${status}: ${JSON.stringify(e.data && e.data.resultData && e.data.resultData.error)}`),
							{ execution: e },
						);
					}
				} catch (err) {
					if (err.execution) throw err;
					if (err.status !== 404) throw err;
					last = '404';
				}
			}
			await sleep(intervalMs);
		}
		throw new Error(
			`execution ${typeof idOrPredicate === 'function' ? '(predicate)' : idOrPredicate} did not reach ${status || 'a final status'} within ${timeoutMs} ms (last: ${last})`,
		);
	}

	/** Names of the node types the running n8n has loaded. */
	async function nodeTypes() {
		const r = await httpJson('GET', `${baseUrl}/types/nodes.json`, {
			headers: { cookie: state.cookie, 'browser-id': state.browserId },
		});
		if (r.status !== 200 || !Array.isArray(r.body)) throw new HttpError('GET', `${baseUrl}/types/nodes.json`, r.status, r.body);
		return [...new Set(r.body.map((t) => t.name))];
	}

	async function credentialTypes() {
		const r = await httpJson('GET', `${baseUrl}/types/credentials.json`, {
			headers: { cookie: state.cookie, 'browser-id': state.browserId },
		});
		if (r.status !== 200 || !Array.isArray(r.body)) throw new HttpError('GET', `${baseUrl}/types/credentials.json`, r.status, r.body);
		return r.body.map((t) => t.name);
	}

	return {
		state,
		version: state.version,
		baseUrl,
		webhookBaseUrl,
		userFolder: state.userFolder,
		apiKey: state.apiKey,
		logs,
		api,
		rest,
		createCredential,
		testCredential,
		importWorkflow,
		activate,
		deactivate,
		waitForWebhook,
		webhook,
		executeCli,
		getExecution,
		listExecutions,
		waitForExecution,
		nodeTypes,
		credentialTypes,
	};
}

async function waitReady(baseUrl, child, logFile, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			await sleep(200);
			throw new Error(`n8n exited during start-up (${child.exitCode ?? child.signalCode}):\n${tail(logFile)}`);
		}
		try {
			// /healthz/readiness turns 200 before the REST controllers are mounted (POST /rest/owner/setup
			// still 404s then), and while starting n8n answers every path with 200 text/html
			// "n8n is starting up. Please wait". Ready = /rest/settings answers with JSON.
			const res = await fetch(`${baseUrl}/rest/settings`);
			await res.arrayBuffer();
			if (res.status === 200 && /json/.test(res.headers.get('content-type') || '')) return;
		} catch {
			/* not listening yet */
		}
		await sleep(250);
	}
	throw new Error(`n8n not ready after ${timeoutMs} ms:\n${tail(logFile)}`);
}

function tail(file, n = 60) {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-n).join('\n');
	} catch {
		return '';
	}
}

/** Creates the owner and an API key with every scope; returns { cookie, browserId, apiKey }. */
async function setupOwnerAndKey(baseUrl) {
	const browserId = crypto.randomUUID();
	const setup = await httpJson('POST', `${baseUrl}/rest/owner/setup`, {
		body: OWNER,
		headers: { 'browser-id': browserId },
	});
	if (setup.status !== 200) throw new HttpError('POST', '/rest/owner/setup', setup.status, setup.body);
	const setCookies = typeof setup.headers.getSetCookie === 'function' ? setup.headers.getSetCookie() : [setup.headers.get('set-cookie')];
	const auth = setCookies.filter(Boolean).map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
	if (!auth) throw new Error(`owner setup did not set the n8n-auth cookie (status ${setup.status}, headers ${JSON.stringify([...setup.headers.entries()])}, body ${JSON.stringify(setup.body).slice(0, 500)})`);
	const headers = { cookie: auth, 'browser-id': browserId };

	let scopes;
	const sc = await httpJson('GET', `${baseUrl}/rest/api-keys/scopes`, { headers });
	if (sc.status === 200) scopes = (sc.body && sc.body.data) || sc.body;
	const body = { label: 'e2e', expiresAt: null };
	if (Array.isArray(scopes)) body.scopes = scopes;
	const key = await httpJson('POST', `${baseUrl}/rest/api-keys`, { body, headers });
	if (key.status !== 200) throw new HttpError('POST', '/rest/api-keys', key.status, key.body);
	const apiKey = key.body.data.rawApiKey || key.body.data.apiKey;
	return { cookie: auth, browserId, apiKey };
}

/**
 * @param {object} o
 * @param {string} o.version n8n version (installed on demand with ensureN8n)
 * @param {string} [o.packageDir] package folder to `npm pack` and install
 * @param {string} [o.packageTarball] tarball to install (wins over packageDir)
 * @param {number} [o.port]
 * @param {object} [o.env] extra environment for n8n
 * @param {number} [o.readyTimeoutMs]
 * @param {'n8n'|'npm'} [o.installMode] how to install the package (see installCommunityPackage)
 */
async function startN8n({ version, packageDir, packageTarball, port, env = {}, readyTimeoutMs = 120000, installMode } = {}) {
	if (!version) throw new Error('startN8n: version is required');
	const install = await ensureN8n(version);
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `aivoice-n8n-${version}-`));
	const keep = process.env.KEEP_N8N === '1';
	let child = null;
	const cleanup = async () => {
		if (child) await killGroup(child);
		if (!keep) fs.rmSync(userFolder, { recursive: true, force: true });
		else log(`KEEP_N8N=1: keeping ${userFolder}`);
	};
	try {
		if (!packageTarball && packageDir) packageTarball = await npmPack(packageDir, path.join(userFolder, 'pack'), install.env);
		if (packageTarball) await installCommunityPackage(userFolder, packageTarball, install.env, installMode);

		port = port || (await freePort());
		const brokerPort = await freePort();
		const baseUrl = `http://127.0.0.1:${port}`;
		const logFile = path.join(userFolder, 'n8n.log');
		const state = {
			version,
			baseUrl,
			port,
			brokerPort,
			userFolder,
			logFile,
			extraEnv: env,
			install: { version, dir: install.dir, nodeBin: install.nodeBin, n8nBin: install.n8nBin, env: install.env },
		};
		const started = Date.now();
		const out = fs.openSync(logFile, 'a');
		child = spawn(install.nodeBin, [install.n8nBin, 'start'], {
			cwd: userFolder,
			env: n8nEnv(state),
			stdio: ['ignore', out, out],
			detached: true,
		});
		fs.closeSync(out);
		state.pid = child.pid;
		log(`n8n ${version} starting (pid ${child.pid}) on ${baseUrl}, user folder ${userFolder}`);
		await waitReady(baseUrl, child, logFile, readyTimeoutMs);
		const readyMs = Date.now() - started;
		Object.assign(state, await setupOwnerAndKey(baseUrl));
		state.timings = { startMs: readyMs, setupMs: Date.now() - started - readyMs };
		log(`n8n ${version} ready in ${(readyMs / 1000).toFixed(1)}s (owner + API key ${state.timings.setupMs} ms)`);

		const handle = attachN8n(state);
		handle.process = child;
		handle.stop = async () => {
			await cleanup();
			log(`n8n ${version} stopped`);
		};
		return handle;
	} catch (e) {
		const logText = tail(path.join(userFolder, 'n8n.log'), 80);
		await cleanup().catch(() => {});
		if (logText && !String(e.message).includes(logText.slice(-200))) e.message += `\n--- n8n log ---\n${logText}`;
		throw e;
	}
}

/** SIGTERM to the process group, SIGKILL after a grace period. */
async function killGroup(child, graceMs = 10000) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((r) => child.once('exit', r));
	const signal = (sig) => {
		try {
			process.kill(-child.pid, sig);
		} catch {
			try {
				child.kill(sig);
			} catch {
				/* gone */
			}
		}
	};
	signal('SIGTERM');
	const timedOut = await Promise.race([exited.then(() => false), sleep(graceMs).then(() => true)]);
	if (timedOut) {
		signal('SIGKILL');
		await Promise.race([exited, sleep(2000)]);
	}
	// Runner children may outlive the main process for a moment.
	signal('SIGKILL');
}

/** Stops an n8n started elsewhere (e.g. by jest globalSetup) from its state. */
async function stopByState(state) {
	if (state.pid) {
		const alive = () => {
			try {
				process.kill(state.pid, 0);
				return true;
			} catch {
				return false;
			}
		};
		try {
			process.kill(-state.pid, 'SIGTERM');
		} catch {
			/* gone */
		}
		const deadline = Date.now() + 10000;
		while (alive() && Date.now() < deadline) await sleep(100);
		try {
			process.kill(-state.pid, 'SIGKILL');
		} catch {
			/* gone */
		}
	}
	if (process.env.KEEP_N8N !== '1') fs.rmSync(state.userFolder, { recursive: true, force: true });
}

module.exports = {
	startN8n,
	attachN8n,
	stopByState,
	npmPack,
	installCommunityPackage,
	freePort,
	HttpError,
	OWNER,
	ENCRYPTION_KEY,
	// For harnesses that start n8n in other shapes (test/e2e/queue/cluster.js).
	n8nEnv,
	waitReady,
	setupOwnerAndKey,
	killGroup,
	tail,
};
