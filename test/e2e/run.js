#!/usr/bin/env node
'use strict';
/**
 * Runs the e2e jest project once per n8n version, sequentially, in band.
 *
 *   node test/e2e/run.js [extra jest args, e.g. a test path pattern]
 *   E2E_N8N_VERSIONS=2.8.4 node test/e2e/run.js
 *
 * Each version runs the `e2e` project (one n8n process); the versions in E2E_QUEUE_N8N_VERSIONS
 * (default: all of E2E_N8N_VERSIONS) then also run `e2e-queue` (n8n in queue mode: Redis,
 * Postgres, main, worker, 2 webhook processes). E2E_QUEUE=off skips it, E2E_QUEUE=only runs it alone.
 *
 * The versions in E2E_STRICT_N8N_VERSIONS (default: the first of E2E_N8N_VERSIONS; "none" skips)
 * run the `e2e` project once more against the emulator's strictest modes (every idempotency key
 * used up by any answer, every VMEG error inside an HTTP 200 envelope): the nodes must pass under
 * the strict reading of the docs as well as the lenient one.
 *
 * Expects the package to be built already (`npm run build`). Prints timings per version
 * and a final line `e2e: <N> passed, <M> failed`; exits non-zero if any version fails.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { ensureN8n } = require('./harness/install');

const REPO = path.resolve(__dirname, '..', '..');
const versions = (process.env.E2E_N8N_VERSIONS || '2.8.4,2.41.1')
	.split(',')
	.map((v) => v.trim())
	.filter(Boolean);
const extraArgs = process.argv.slice(2);

function log(msg) {
	process.stderr.write(`[e2e] ${msg}\n`);
}

function runJest(version, outFile, contextFile, project, extraEnv = {}) {
	return new Promise((resolve) => {
		const jestBin = require.resolve('jest/bin/jest', { paths: [REPO] });
		const args = [
			jestBin,
			'--selectProjects',
			project,
			// A path pattern may match files of one project only.
			'--passWithNoTests',
			'--runInBand',
			// globalTeardown has stopped n8n and the emulator; don't let a stray keep-alive socket hold the run.
			'--forceExit',
			'--json',
			`--outputFile=${outFile}`,
			...extraArgs,
		];
		const child = spawn(process.execPath, args, {
			cwd: REPO,
			stdio: 'inherit',
			env: { ...process.env, N8N_VERSION: version, AIVOICE_E2E_CONTEXT: contextFile, ...extraEnv },
		});
		child.on('exit', (code, signal) => resolve(code === null ? 1 : code || (signal ? 1 : 0)));
	});
}

(async () => {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aivoice-e2e-run-'));
	const queueVersions = (process.env.E2E_QUEUE_N8N_VERSIONS || versions.join(','))
		.split(',')
		.map((v) => v.trim())
		.filter((v) => versions.includes(v));
	const queueSetting = process.env.E2E_QUEUE || 'on';
	const strictVersions = (process.env.E2E_STRICT_N8N_VERSIONS || versions[0] || '')
		.split(',')
		.map((v) => v.trim())
		.filter((v) => versions.includes(v));
	const strictEnv = {
		E2E_EMULATOR_CONFIG: process.env.E2E_EMULATOR_CONFIG || JSON.stringify({ vmegStrictIdempotency: true, vmegErrorStyle: 'envelope' }),
	};
	const runs = versions.flatMap((version) => [
		...(queueSetting === 'only' ? [] : [{ version, project: 'e2e', label: version }]),
		...(queueSetting !== 'only' && strictVersions.includes(version) ? [{ version, project: 'e2e', label: `${version} strict`, env: strictEnv }] : []),
		...(queueSetting !== 'off' && queueVersions.includes(version) ? [{ version, project: 'e2e-queue', label: `${version} queue` }] : []),
	]);
	const results = [];
	for (const { version, project, label, env } of runs) {
		const started = Date.now();
		let installMs = 0;
		let code = 1;
		let passed = 0;
		let failed = 0;
		let note = '';
		try {
			const t = Date.now();
			await ensureN8n(version);
			installMs = Date.now() - t;
			log(`n8n ${label}: starting jest (install/check took ${(installMs / 1000).toFixed(1)}s)`);
			const tag = label.replace(/[^a-z0-9.]+/gi, '-');
			const outFile = path.join(tmp, `jest-${tag}-${project}.json`);
			code = await runJest(version, outFile, path.join(tmp, `context-${tag}-${project}.json`), project, env);
			if (fs.existsSync(outFile)) {
				const json = JSON.parse(fs.readFileSync(outFile, 'utf8'));
				passed = json.numPassedTests;
				failed = json.numFailedTests + (json.numRuntimeErrorTestSuites || 0);
			} else {
				note = ' (no jest results: setup failed?)';
			}
			if (code !== 0 && failed === 0) {
				failed = 1;
				note = note || ' (jest exited non-zero without a failed test: setup/teardown error?)';
			}
		} catch (e) {
			log(`n8n ${label}: ${e.stack || e}`);
			failed = Math.max(failed, 1);
			note = ' (harness error)';
		}
		const totalMs = Date.now() - started;
		results.push({ version: label, code, passed, failed, installMs, totalMs, note });
		log(`n8n ${label}: ${passed} passed, ${failed} failed in ${(totalMs / 1000).toFixed(1)}s${note}`);
	}
	fs.rmSync(tmp, { recursive: true, force: true });

	log('summary:');
	for (const r of results) {
		log(
			`  n8n ${r.version.padEnd(13)} ${r.failed ? 'FAIL' : 'ok  '} ${r.passed} passed, ${r.failed} failed; ` +
				`install/check ${(r.installMs / 1000).toFixed(1)}s, total ${(r.totalMs / 1000).toFixed(1)}s${r.note}`,
		);
	}
	const passed = results.reduce((a, r) => a + r.passed, 0);
	const failed = results.reduce((a, r) => a + r.failed, 0);
	process.stdout.write(`e2e: ${passed} passed, ${failed} failed\n`);
	process.exit(results.some((r) => r.failed || r.code !== 0) ? 1 : 0);
})().catch((e) => {
	log(e.stack || String(e));
	process.stdout.write('e2e: 0 passed, 1 failed\n');
	process.exit(1);
});
