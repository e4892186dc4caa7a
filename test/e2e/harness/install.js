#!/usr/bin/env node
'use strict';
/**
 * Installs a pinned, working n8n into a cache folder (idempotent).
 *
 *   const { ensureN8n } = require('./install');
 *   const n8n = await ensureN8n('2.8.4'); // { version, dir, nodeBin, n8nBin, env }
 *
 * CLI: node test/e2e/harness/install.js 2.8.4 2.41.1
 *
 * Cache root: $AIVOICE_N8N_CACHE or ~/.cache/aivoice-n8n
 *   <root>/<version>/            package.json with the pins, node_modules, install.log, .aivoice-complete.json
 *   <root>/node24/               node-linux-<arch>@24 (for n8n versions that need Node 24)
 *
 * A folder without the completion marker (or whose marker does not match the
 * current recipe) is treated as a half-finished install and redone.
 * Concurrent callers are serialised with a lock directory.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { spawn, spawnSync } = require('child_process');

const RECIPE_REVISION = 1;
const MARKER = '.aivoice-complete.json';

/** n8n versions this harness knows how to install, and the Node major each needs. */
const VERSIONS = {
	'2.8.4': { node: 'system' },
	'2.41.1': { node: '24' },
};

const PINNED_DEPS = {
	'@opentelemetry/api': '~1.9.0',
	'@opentelemetry/core': '^2.1.0',
	'@opentelemetry/sdk-trace-base': '^2.1.0',
};
const OVERRIDES = {
	xlsx: '0.18.5',
	linkedom: '0.18.14',
	'@langchain/langgraph': '1.0.2',
	'@langchain/langgraph-checkpoint': '1.0.0',
};

function cacheRoot() {
	return process.env.AIVOICE_N8N_CACHE || path.join(os.homedir(), '.cache', 'aivoice-n8n');
}

const t0 = Date.now();
function log(msg) {
	const s = ((Date.now() - t0) / 1000).toFixed(1);
	process.stderr.write(`[n8n-install +${s}s] ${msg}\n`);
}

function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

/** Simple cross-process lock: mkdir is atomic. Stale locks (dead pid) are broken. */
async function withLock(lockDir, fn) {
	const waitStart = Date.now();
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
			let pid = NaN;
			try {
				pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
			} catch {
				/* being created */
			}
			let ageMs = 0;
			try {
				ageMs = Date.now() - fs.statSync(lockDir).mtimeMs;
			} catch {
				continue;
			}
			if ((pid && !pidAlive(pid)) || (!pid && ageMs > 30000)) {
				log(`breaking stale lock ${lockDir} (pid ${pid || '?'})`);
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (!announced) {
				log(`waiting for another install (pid ${pid}) holding ${lockDir}`);
				announced = true;
			}
			if (Date.now() - waitStart > 60 * 60 * 1000) throw new Error(`timed out waiting for lock ${lockDir}`);
			await sleep(2000);
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

/** Runs a command, appending its output to logFile. Rejects with the log tail on failure. */
function run(cmd, args, { cwd, env, logFile, label }) {
	return new Promise((resolve, reject) => {
		const started = Date.now();
		log(`${label}: ${cmd} ${args.join(' ')}  (cwd ${cwd})`);
		const out = fs.openSync(logFile, 'a');
		fs.writeSync(out, `\n### ${new Date().toISOString()} ${cmd} ${args.join(' ')}\n`);
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out] });
		const ticker = setInterval(
			() => log(`${label}: still running (${Math.round((Date.now() - started) / 1000)}s)`),
			30000,
		);
		child.on('error', (e) => {
			clearInterval(ticker);
			fs.closeSync(out);
			reject(e);
		});
		child.on('exit', (code, signal) => {
			clearInterval(ticker);
			fs.writeSync(out, `\nEXIT ${code === null ? signal : code}\n`);
			fs.closeSync(out);
			const secs = ((Date.now() - started) / 1000).toFixed(1);
			if (code === 0) {
				log(`${label}: done in ${secs}s`);
				resolve();
			} else {
				const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
				reject(new Error(`${label} failed (exit ${code ?? signal}) after ${secs}s; see ${logFile}\n${tail}`));
			}
		});
	});
}

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
}

/** Environment for every npm/node step (and for running n8n) of one install. */
function buildEnv(nodeBinDir, nodeDir) {
	const env = { ...process.env };
	// Never let an outer npm run (e.g. `npm test`) leak its config into the nested installs.
	for (const k of Object.keys(env)) {
		if (/^npm_(config|package|lifecycle)_/i.test(k) || k === 'INIT_CWD') delete env[k];
	}
	env.PATH = [nodeBinDir, env.PATH || ''].join(path.delimiter);
	env.npm_config_audit = 'false';
	env.npm_config_fund = 'false';
	env.npm_config_update_notifier = 'false';
	if (nodeDir) env.npm_config_nodedir = nodeDir;
	return env;
}

function nodeMajor(nodeBin) {
	const r = spawnSync(nodeBin, ['-p', 'process.versions.node'], { encoding: 'utf8' });
	if (r.status !== 0) return null;
	return Number(r.stdout.trim().split('.')[0]);
}

/** Installs node-linux-<arch>@<major> from the npm registry into <root>/node<major>. */
async function ensureNode(major) {
	const root = cacheRoot();
	const dir = path.join(root, `node${major}`);
	const pkgName = `node-${process.platform}-${process.arch}`;
	const nodeDir = path.join(dir, 'node_modules', pkgName);
	const nodeBin = path.join(nodeDir, 'bin', 'node');
	const markerFile = path.join(dir, MARKER);
	const wanted = { pkg: `${pkgName}@${major}`, revision: RECIPE_REVISION };
	const done = () => {
		const m = readJson(markerFile);
		return m && m.pkg === wanted.pkg && m.revision === wanted.revision && fs.existsSync(nodeBin);
	};
	if (done()) return { nodeBin, nodeDir, binDir: path.dirname(nodeBin) };
	fs.mkdirSync(root, { recursive: true });
	return withLock(`${dir}.lock`, async () => {
		if (done()) return { nodeBin, nodeDir, binDir: path.dirname(nodeBin) };
		const started = Date.now();
		log(`installing Node ${major} (${wanted.pkg}) into ${dir}`);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(
			path.join(dir, 'package.json'),
			JSON.stringify({ name: `aivoice-node${major}`, private: true, dependencies: { [pkgName]: String(major) } }, null, 2),
		);
		const env = buildEnv(path.dirname(process.execPath), null);
		await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], {
			cwd: dir,
			env,
			logFile: path.join(dir, 'install.log'),
			label: `node${major}`,
		});
		fs.chmodSync(nodeBin, 0o755);
		const got = nodeMajor(nodeBin);
		if (got !== Number(major)) throw new Error(`${nodeBin} reports Node major ${got}, expected ${major}`);
		fs.writeFileSync(markerFile, JSON.stringify({ ...wanted, installedAt: new Date().toISOString() }, null, 2));
		log(`Node ${major} ready in ${((Date.now() - started) / 1000).toFixed(1)}s: ${nodeBin}`);
		return { nodeBin, nodeDir, binDir: path.dirname(nodeBin) };
	});
}

function nodeVersion(nodeBin) {
	const r = spawnSync(nodeBin, ['-p', 'process.versions.node'], { encoding: 'utf8' });
	return r.status === 0 ? r.stdout.trim() : null;
}

/** null when <dir> holds a usable n8n <version> (right version, sqlite3 binding loads), else the problem. */
function verify(version, dir, r) {
	const installed = readJson(path.join(dir, 'node_modules', 'n8n', 'package.json'));
	if (!installed || installed.version !== version) {
		return `n8n ${version}: node_modules/n8n has version ${installed && installed.version}`;
	}
	const check = spawnSync(r.nodeBin, ['-e', "require('sqlite3'); console.log('ok')"], {
		cwd: dir,
		env: r.env,
		encoding: 'utf8',
	});
	if (check.status !== 0 || !check.stdout.includes('ok')) {
		return `n8n ${version}: sqlite3 does not load under ${r.nodeBin}:\n${check.stderr}`;
	}
	return null;
}

function adoptable(dir, pkg, logFile) {
	const current = readJson(path.join(dir, 'package.json'));
	if (!current || JSON.stringify(current) !== JSON.stringify(pkg)) return false;
	try {
		const lines = fs.readFileSync(logFile, 'utf8').trim().split('\n');
		return lines[lines.length - 1].trim() === 'EXIT 0';
	} catch {
		return false;
	}
}

function packageJsonFor(version) {
	return {
		name: `n8n-runtime-${version.replace(/\./g, '-')}`,
		private: true,
		dependencies: { n8n: version, ...PINNED_DEPS },
		overrides: OVERRIDES,
	};
}

function resultFor(version, dir, node) {
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	return { version, dir, nodeBin: node.nodeBin, n8nBin, env: buildEnv(node.binDir, node.nodeDir) };
}

/**
 * Makes sure n8n <version> is installed and complete.
 * @returns {Promise<{version:string, dir:string, nodeBin:string, n8nBin:string, env:NodeJS.ProcessEnv}>}
 */
async function ensureN8n(version) {
	const spec = VERSIONS[version];
	if (!spec) {
		throw new Error(`n8n ${version} is not supported by this harness (known: ${Object.keys(VERSIONS).join(', ')})`);
	}
	const started = Date.now();
	let node;
	if (spec.node === 'system') {
		const major = Number(process.versions.node.split('.')[0]);
		if (major < 20 || major > 24) throw new Error(`n8n ${version} needs Node 20-24, this is ${process.version}`);
		// The machine's own Node; headers from npm's configured nodedir (or downloaded by node-gyp).
		node = { nodeBin: process.execPath, nodeDir: process.env.npm_config_nodedir || null, binDir: path.dirname(process.execPath) };
	} else {
		node = await ensureNode(spec.node);
	}

	const root = cacheRoot();
	const dir = path.join(root, version);
	const markerFile = path.join(dir, MARKER);
	const pkg = packageJsonFor(version);
	const recipeHash = crypto
		.createHash('sha256')
		.update(JSON.stringify({ pkg, RECIPE_REVISION, node: spec.node === 'system' ? `system-${process.versions.node.split('.')[0]}` : spec.node }))
		.digest('hex')
		.slice(0, 16);
	const result = () => resultFor(version, dir, node);
	const complete = () => {
		const m = readJson(markerFile);
		return m && m.recipeHash === recipeHash && fs.existsSync(result().n8nBin);
	};
	if (complete()) {
		log(`n8n ${version} already installed in ${dir}`);
		return result();
	}

	fs.mkdirSync(root, { recursive: true });
	return withLock(`${dir}.lock`, async () => {
		if (complete()) return result();
		const r = result();
		const logFile = path.join(dir, 'install.log');
		const writeMarker = () =>
			fs.writeFileSync(
				markerFile,
				JSON.stringify(
					{ version, recipeHash, node: nodeVersion(r.nodeBin), nodeBin: r.nodeBin, installedAt: new Date().toISOString() },
					null,
					2,
				) + '\n',
			);

		// Adopt a finished install made with the same recipe by other means (its log ends with "EXIT 0").
		if (adoptable(dir, pkg, logFile) && verify(version, dir, r) === null) {
			log(`n8n ${version}: adopting the finished install in ${dir}`);
			writeMarker();
			return r;
		}
		if (fs.existsSync(dir)) {
			log(`n8n ${version}: found an incomplete or outdated install in ${dir}; redoing it`);
			// Keep the lockfile (it makes npm install faster and reproducible); drop everything else.
			for (const entry of fs.readdirSync(dir)) {
				if (entry === 'package-lock.json' && readJson(path.join(dir, 'package.json'))?.name === pkg.name) continue;
				fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
			}
		}
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
		log(`installing n8n ${version} into ${dir} with Node ${nodeMajor(r.nodeBin)} (${r.nodeBin}); log: ${logFile}`);

		const npmArgs = ['install', '--no-audit', '--no-fund', '--legacy-peer-deps', '--ignore-scripts'];
		try {
			await run('npm', npmArgs, { cwd: dir, env: r.env, logFile, label: `n8n ${version}: npm install` });
		} catch (e) {
			// One retry for registry hiccups, from a clean node_modules.
			log(`n8n ${version}: npm install failed, retrying once: ${String(e.message).split('\n')[0]}`);
			fs.rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
			await run('npm', npmArgs, { cwd: dir, env: r.env, logFile, label: `n8n ${version}: npm install (retry)` });
		}
		await run('npm', ['rebuild', 'sqlite3'], { cwd: dir, env: r.env, logFile, label: `n8n ${version}: npm rebuild sqlite3` });

		const problem = verify(version, dir, r);
		if (problem) throw new Error(problem);
		writeMarker();
		log(`n8n ${version} installed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
		return r;
	});
}

module.exports = { ensureN8n, ensureNode, cacheRoot, VERSIONS, packageJsonFor };

if (require.main === module) {
	const versions = process.argv.slice(2);
	if (!versions.length) versions.push('2.8.4');
	(async () => {
		for (const v of versions) {
			const s = Date.now();
			const r = await ensureN8n(v);
			log(`n8n ${v}: ready (${((Date.now() - s) / 1000).toFixed(1)}s) -> ${r.n8nBin} on ${r.nodeBin}`);
		}
	})().catch((e) => {
		log(`FAILED: ${e.stack || e}`);
		process.exit(1);
	});
}
