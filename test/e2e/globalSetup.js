'use strict';
/**
 * jest globalSetup for the e2e project.
 *
 * - `npm pack` of the repo (already built by `npm run build`) into a temp dir
 * - ensureN8n(N8N_VERSION || '2.8.4')
 * - starts the API emulator in-process and ONE n8n for the whole run, with the package
 *   installed as a community package
 * - creates the package's credentials pointing at the emulator (one per API, test/emulator/apis.js)
 * - writes the context JSON (path in $AIVOICE_E2E_CONTEXT) that test/e2e/context.js reads
 *
 * Overrides for harness development: AIVOICE_E2E_PACKAGE_DIR (pack another folder),
 * AIVOICE_E2E_TARBALL (use a ready tarball), AIVOICE_E2E_EMULATOR_MODULE (another emulator module).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ensureN8n } = require('./harness/install');
const { startN8n, attachN8n, npmPack } = require('./harness/instance');
const { APIS, API_NAMES, emulatorCredentials } = require('../emulator/apis');

const REPO = path.resolve(__dirname, '..', '..');

/** Each API's key (AIVOICE_E2E_<API>_KEY overrides it); the emulator is started with the same keys. */
const KEYS = Object.fromEntries(API_NAMES.map((api) => [api, process.env[`AIVOICE_E2E_${api.toUpperCase()}_KEY`] || APIS[api].defaultKey]));

function log(msg) {
	process.stderr.write(`[e2e setup] ${msg}\n`);
}

/**
 * Everything above, with `start({ version, packageTarball })` starting the n8n under test (one
 * process by default; test/e2e/queue/globalSetup.js passes a queue-mode cluster). It must return
 * { state, baseUrl, logs(), stop() } where `state` is what attachN8n reads.
 */
async function setupE2e(start = startN8n) {
	const started = Date.now();
	const version = process.env.N8N_VERSION || '2.8.4';
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aivoice-e2e-'));
	if (!process.env.AIVOICE_E2E_CONTEXT) process.env.AIVOICE_E2E_CONTEXT = path.join(tmp, 'context.json');
	const contextFile = process.env.AIVOICE_E2E_CONTEXT;
	const shared = { tmp, contextFile, emulator: null, n8n: null };
	globalThis.__AIVOICE_E2E__ = shared;

	try {
		let tarball = process.env.AIVOICE_E2E_TARBALL;
		if (!tarball) {
			const packageDir = process.env.AIVOICE_E2E_PACKAGE_DIR || REPO;
			if (packageDir === REPO && !fs.existsSync(path.join(REPO, 'dist'))) {
				throw new Error('dist/ is missing: run `npm run build` before the e2e tests');
			}
			tarball = await npmPack(packageDir, path.join(tmp, 'pack'));
			log(`packed ${path.basename(tarball)} from ${packageDir}`);
		}

		const install = await ensureN8n(version);

		const { startEmulator } = require(process.env.AIVOICE_E2E_EMULATOR_MODULE || '../emulator');
		// E2E_EMULATOR_CONFIG='{"vmegStrictIdempotency":true,"vmegErrorStyle":"envelope"}' runs every test
		// under the emulator's strict modes (they become the defaults that each reset restores).
		const modes = process.env.E2E_EMULATOR_CONFIG ? JSON.parse(process.env.E2E_EMULATOR_CONFIG) : {};
		const secret = process.env.AIVOICE_E2E_VMEG_SECRET ? { vmegWebhookSecret: process.env.AIVOICE_E2E_VMEG_SECRET } : {};
		shared.emulator = await startEmulator({ port: 0, keys: KEYS, ...secret, ...modes });
		const emulatorConfig = shared.emulator.state.config;
		if (Object.keys(modes).length) log(`emulator modes: ${JSON.stringify(modes)}`);
		const emulatorUrl = shared.emulator.url.replace(/\/$/, '');
		log(`emulator at ${emulatorUrl}`);

		const instance = await start({ version: install.version, packageTarball: tarball });
		shared.n8n = instance;
		const n8n = { ...attachN8n(instance.state), ...instance };

		/** @type {Record<string, string>} */
		const credentials = {};
		/** @type {Record<string, string>} */
		const credentialNames = {};
		for (const { type, name, data } of emulatorCredentials({ url: emulatorUrl, keys: KEYS, config: emulatorConfig })) {
			credentials[type] = await n8n.createCredential({ name, type, data });
			credentialNames[type] = name;
		}

		const context = {
			version: install.version,
			n8n: n8n.state,
			credentials,
			emulatorUrl,
			keys: { ...KEYS, vmegWebhookSecret: emulatorConfig.vmegWebhookSecret },
			credentialNames,
			tarball,
			createdAt: new Date().toISOString(),
		};
		fs.writeFileSync(contextFile, JSON.stringify(context, null, 2));
		log(`n8n ${install.version} at ${n8n.baseUrl} ready for tests in ${((Date.now() - started) / 1000).toFixed(1)}s (context ${contextFile})`);
	} catch (e) {
		if (shared.n8n) {
			process.stderr.write(`--- n8n log ---\n${shared.n8n.logs().slice(-20000)}\n`);
		}
		await require('./globalTeardown')();
		throw e;
	}
}

module.exports = () => setupE2e();
module.exports.setupE2e = setupE2e;
