#!/usr/bin/env node
'use strict';
/**
 * `npm run demo`: the API emulator + a real n8n with this package installed as a community
 * package, credentials pointing at the emulator, the example workflows imported, and one demo
 * workflow run (VMEG voices -> Vimmerse text to speech). Prints the editor URL; Ctrl+C stops all.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ensureN8n } = require('../test/e2e/harness/install');
const { startN8n, npmPack } = require('../test/e2e/harness/instance');
const { startEmulator } = require('../test/emulator');
const { emulatorCredentials } = require('../test/emulator/apis');

const REPO = path.resolve(__dirname, '..');
const VERSION = process.env.DEMO_N8N_VERSION || '2.8.4';

function say(message) {
	process.stdout.write(`[demo] ${message}\n`);
}

/** Points every credential of the workflow's nodes at the one created for the emulator. */
function withCredentials(workflow, refs) {
	for (const node of workflow.nodes ?? []) {
		for (const type of Object.keys(node.credentials ?? {})) {
			if (refs[type]) node.credentials[type] = refs[type];
		}
	}
	return workflow;
}

(async () => {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aivoice-demo-'));
	say(`installing/checking n8n ${VERSION} (first time about 3 minutes; cached in ~/.cache/aivoice-n8n)`);
	const install = await ensureN8n(VERSION);
	const tarball = await npmPack(REPO, path.join(tmp, 'pack'));
	const emulator = await startEmulator({ port: Number(process.env.DEMO_EMULATOR_PORT || 0), log: false });
	const url = emulator.url.replace(/\/$/, '');
	say(`API emulator (VMEG, Vimmerse, Voice API) at ${url}`);
	const n8n = await startN8n({ version: install.version, packageTarball: tarball, port: Number(process.env.DEMO_N8N_PORT || 0) || undefined });
	/** One credential per API (test/emulator/apis.js), as a node's `credentials` entry: { id, name }. */
	const refs = {};
	for (const { type, name, data } of emulatorCredentials({ url, keys: emulator.emu.keys, config: emulator.state.config })) {
		refs[type] = { id: await n8n.createCredential({ name, type, data }), name };
	}
	for (const file of fs.readdirSync(path.join(REPO, 'examples')).filter((f) => f.endsWith('.json'))) {
		const workflow = withCredentials(JSON.parse(fs.readFileSync(path.join(REPO, 'examples', file), 'utf8')), refs);
		delete workflow.id;
		const id = await n8n.importWorkflow(workflow);
		say(`imported example ${file} (workflow ${id})`);
	}

	const demoId = await n8n.importWorkflow({
		name: 'Demo: a VMEG voice reads a line, Vimmerse makes a jingle',
		nodes: [
			{ id: 'start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: 'voices', name: 'VMEG voices', type: 'n8n-nodes-ai-voice.vmeg', typeVersion: 1, position: [220, 0], credentials: { vmegApi: refs.vmegApi }, parameters: { resource: 'voice', operation: 'listSystem', returnAll: false, limit: 1, filters: { locale: 'en-US' } } },
			{ id: 'tts', name: 'VMEG speak', type: 'n8n-nodes-ai-voice.vmeg', typeVersion: 1, position: [440, 0], credentials: { vmegApi: refs.vmegApi }, parameters: { resource: 'textToSpeech', operation: 'generate', text: '=Hello, I am {{ $json.displayName }}.', voiceSource: 'voice', voiceId: { __rl: true, mode: 'id', value: '={{ $json.voiceId }}' }, targetLanguage: 'en-US', outputFormat: 'mp3', downloadAudio: true } },
		],
		connections: { Start: { main: [[{ node: 'VMEG voices', type: 'main', index: 0 }]] }, 'VMEG voices': { main: [[{ node: 'VMEG speak', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	const result = await n8n.executeCli(demoId);
	const spoken = result.data.resultData.runData['VMEG speak'][0].data.main[0];
	say(`ran the demo workflow: ${spoken.length} lines spoken as binary audio:`);
	for (const item of spoken) {
		// The file is in the node's output binary field ("data" unless the workflow sets another).
		const [audio] = Object.values(item.binary ?? {});
		say(`  "${item.json.text}" -> ${audio?.fileName} (${audio?.mimeType})`);
	}
	say(`n8n ${install.version} editor: ${n8n.baseUrl}  (log in as owner@e2e.test / E2e-Passw0rd-Long!; the demo workflow is "${demoId}")`);
	say('press Ctrl+C to stop n8n and the emulator');
	const stop = async () => {
		await n8n.stop().catch(() => undefined);
		await emulator.close().catch(() => undefined);
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	if (process.env.DEMO_EXIT === '1') await stop();
})().catch((error) => {
	process.stderr.write(`[demo] failed: ${error.stack || error}\n`);
	process.exit(1);
});
