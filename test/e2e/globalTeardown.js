'use strict';
/** jest globalTeardown for the e2e project: stops n8n and the emulator started by globalSetup. */
const fs = require('fs');

module.exports = async function globalTeardown() {
	const shared = globalThis.__AIVOICE_E2E__;
	if (!shared) return;
	globalThis.__AIVOICE_E2E__ = undefined;
	const keep = process.env.KEEP_N8N === '1';
	if (shared.n8n) {
		if (keep) process.stderr.write(`[e2e teardown] KEEP_N8N=1: n8n user folder ${shared.n8n.userFolder}\n`);
		await shared.n8n.stop().catch((e) => process.stderr.write(`[e2e teardown] stopping n8n: ${e.message}\n`));
	}
	if (shared.emulator) {
		await Promise.resolve(shared.emulator.close()).catch((e) =>
			process.stderr.write(`[e2e teardown] closing emulator: ${e.message}\n`),
		);
	}
	if (!keep) fs.rmSync(shared.tmp, { recursive: true, force: true });
};
