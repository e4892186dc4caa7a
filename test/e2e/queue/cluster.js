'use strict';
/**
 * Starts n8n in queue mode on loopback: Redis, Postgres, then n8n main, one worker and two
 * webhook processes, each with its own user folder holding the community package.
 *
 *   const cluster = await startQueueCluster({ version: '2.8.4', packageTarball });
 *   cluster.state  // JSON-serialisable: attachN8n(cluster.state) talks to main; webhooks go to webhook A
 *   await cluster.stop();
 *
 * Every process is stopped by its PID. PIDs are also written to <dir>/pids/<name>.pid so a test
 * (in another process) may restart one (`restartProcess(state, 'worker')`) and teardown still
 * finds it. Facts this follows: /work/shared/reference/n8n-queue-mode.md.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { ensureN8n } = require('../harness/install');
const { installCommunityPackage, freePort, n8nEnv, waitReady, setupOwnerAndKey, tail } = require('../harness/instance');

/** Database binary-data limit (MiB) the cluster runs with: above the largest input the reused tests read (40 MiB). */
const DB_BINARY_LIMIT_MIB = 64;

const t0 = Date.now();
function log(msg) {
	if (process.env.AIVOICE_E2E_QUIET === '1') return;
	process.stderr.write(`[queue +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}\n`);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function postgresBin() {
	const root = '/usr/lib/postgresql';
	const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
	if (!versions.length) throw new Error('Postgres is not installed (no /usr/lib/postgresql/*/bin/initdb): `apt-get install postgresql` (.ci/run does)');
	return path.join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

/** uid/gid of the `postgres` user: Postgres refuses to run as root. */
function postgresUser() {
	const line = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((l) => l.startsWith('postgres:'));
	if (!line) throw new Error('no `postgres` user on this machine (the postgresql package creates it)');
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Sends `signal` to the process group (n8n spawns task runners) or the process; SIGKILL after graceMs. */
async function stopPid(pid, { signal = 'SIGTERM', graceMs = 10_000, group = true } = {}) {
	if (!pid || !alive(pid)) return;
	const send = (sig) => {
		try {
			process.kill(group ? -pid : pid, sig);
		} catch {
			try {
				process.kill(pid, sig);
			} catch {
				/* gone */
			}
		}
	};
	send(signal);
	const deadline = Date.now() + graceMs;
	while (alive(pid) && Date.now() < deadline) await sleep(100);
	if (alive(pid)) send('SIGKILL');
	if (group) send('SIGKILL'); // runner children may outlive their parent for a moment
}

function writePid(dir, name, pid) {
	fs.mkdirSync(path.join(dir, 'pids'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'pids', `${name}.pid`), String(pid));
}

function readPid(dir, name) {
	try {
		return Number(fs.readFileSync(path.join(dir, 'pids', `${name}.pid`), 'utf8'));
	} catch {
		return 0;
	}
}

function spawnLogged(cmd, args, { logFile, env, cwd, uid, gid, detached = true }) {
	const out = fs.openSync(logFile, 'a');
	const child = spawn(cmd, args, { cwd, env, uid, gid, stdio: ['ignore', out, out], detached });
	fs.closeSync(out);
	child.on('error', (e) => fs.appendFileSync(logFile, `\n[spawn error] ${e.message}\n`));
	return child;
}

async function waitFor(what, check, { timeoutMs, logFile, pid }) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (pid && !alive(pid)) throw new Error(`${what} exited during start-up:\n${tail(logFile)}`);
		if (await check().catch(() => false)) return;
		await sleep(200);
	}
	throw new Error(`${what} not ready after ${timeoutMs} ms:\n${tail(logFile)}`);
}

async function httpOk(url) {
	const res = await fetch(url);
	await res.arrayBuffer();
	return res.status === 200;
}

async function startRedis(dir) {
	const port = await freePort();
	const logFile = path.join(dir, 'redis.log');
	const child = spawnLogged(
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir],
		{ logFile, cwd: dir, env: process.env },
	);
	writePid(dir, 'redis', child.pid);
	await waitFor('redis-server', async () => /Ready to accept connections/.test(fs.readFileSync(logFile, 'utf8')), {
		timeoutMs: 20_000,
		logFile,
		pid: child.pid,
	});
	return { port, pid: child.pid };
}

async function startPostgres(dir) {
	const bin = postgresBin();
	const { uid, gid } = postgresUser();
	const root = path.join(dir, 'postgres');
	const data = path.join(root, 'data');
	const sock = path.join(root, 'sock');
	fs.mkdirSync(sock, { recursive: true });
	// mkdtemp folders are 0700 root: the postgres user must be able to reach its own folder.
	fs.chmodSync(dir, 0o755);
	fs.chownSync(root, uid, gid);
	fs.chownSync(sock, uid, gid);
	const logFile = path.join(dir, 'postgres.log');
	const init = spawnSync(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], {
		uid,
		gid,
		cwd: root,
		encoding: 'utf8',
	});
	if (init.status !== 0) throw new Error(`initdb failed (${init.status}): ${init.stdout}\n${init.stderr}`);
	const port = await freePort();
	fs.writeFileSync(logFile, '');
	fs.chownSync(logFile, uid, gid);
	// The server itself (not pg_ctl) as the child: its PID is the one to stop.
	const child = spawnLogged(
		path.join(bin, 'postgres'),
		['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-k', sock, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
		{ logFile, cwd: root, uid, gid, env: { PATH: process.env.PATH, LANG: 'C.UTF-8' } },
	);
	writePid(dir, 'postgres', child.pid);
	await waitFor(
		'postgres',
		async () => spawnSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { encoding: 'utf8' }).status === 0,
		{ timeoutMs: 30_000, logFile, pid: child.pid },
	);
	const db = { host: '127.0.0.1', port, database: 'n8n', user: 'n8n', password: 'n8n-e2e-password' };
	const psql = spawnSync(
		path.join(bin, 'psql'),
		['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE ROLE ${db.user} LOGIN PASSWORD '${db.password}'`, '-c', `CREATE DATABASE ${db.database} OWNER ${db.user}`],
		{ encoding: 'utf8' },
	);
	if (psql.status !== 0) throw new Error(`creating the n8n database failed: ${psql.stdout}\n${psql.stderr}`);
	return { ...db, pid: child.pid };
}

/** Environment every n8n process of the cluster shares (besides its own ports and user folder). */
function clusterEnv({ redis, db, webhookUrl, filesDir }) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: db.host,
		DB_POSTGRESDB_PORT: String(db.port),
		DB_POSTGRESDB_DATABASE: db.database,
		DB_POSTGRESDB_USER: db.user,
		DB_POSTGRESDB_PASSWORD: db.password,
		// The only shared store n8n offers in queue mode besides S3 (filesystem is per host).
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE: String(DB_BINARY_LIMIT_MIB),
		// Production webhooks only on webhook processes, as behind a load balancer.
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		// `$execution.resumeUrl` must point at a webhook process.
		WEBHOOK_URL: webhookUrl,
		// Read/Write Files runs on the worker: it reads the test inputs from main's folder.
		N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
	};
}

const ROLES = {
	main: { args: ['start'], ready: (p) => `http://127.0.0.1:${p.port}/rest/settings` },
	worker: { args: ['worker', '--concurrency=5'], ready: (p) => `http://127.0.0.1:${p.healthPort}/healthz` },
	webhookA: { args: ['webhook'], ready: (p) => `http://127.0.0.1:${p.port}/healthz` },
	webhookB: { args: ['webhook'], ready: (p) => `http://127.0.0.1:${p.port}/healthz` },
};

/** Spawns one n8n process of the cluster from its saved description and waits until it is ready. */
async function spawnN8nProcess(state, name, { timeoutMs = 120_000 } = {}) {
	const p = state.processes[name];
	const role = ROLES[name];
	const env = n8nEnv(
		{ install: state.install, userFolder: p.userFolder, port: p.port, brokerPort: p.brokerPort, extraEnv: state.extraEnv },
		p.healthPort ? { QUEUE_HEALTH_CHECK_PORT: String(p.healthPort) } : {},
	);
	const child = spawnLogged(state.install.nodeBin, [state.install.n8nBin, ...role.args], { logFile: p.logFile, env, cwd: p.userFolder });
	p.pid = child.pid;
	writePid(state.dir, name, child.pid);
	const started = Date.now();
	if (name === 'main') await waitReady(`http://127.0.0.1:${p.port}`, child, p.logFile, timeoutMs);
	else await waitFor(`n8n ${name}`, () => httpOk(role.ready(p)), { timeoutMs, logFile: p.logFile, pid: child.pid });
	log(`n8n ${state.version} ${name} ready in ${((Date.now() - started) / 1000).toFixed(1)}s (pid ${child.pid})`);
	return child.pid;
}

/** Stops one process of a running cluster (by the PID in its pid file). */
async function stopProcess(state, name) {
	await stopPid(readPid(state.dir, name));
}

/** Stops and starts one n8n process (same user folder, ports and env), e.g. the worker. */
async function restartProcess(state, name) {
	await stopProcess(state, name);
	await spawnN8nProcess(state, name);
}

async function stopCluster(state) {
	for (const name of ['webhookB', 'webhookA', 'worker', 'main']) await stopPid(readPid(state.dir, name));
	// Postgres: SIGINT is its "fast" shutdown. Not its group: it runs as another user.
	await stopPid(readPid(state.dir, 'postgres'), { signal: 'SIGINT', group: false });
	await stopPid(readPid(state.dir, 'redis'), { group: false });
	if (process.env.KEEP_N8N === '1') log(`KEEP_N8N=1: keeping ${state.dir}`);
	else fs.rmSync(state.dir, { recursive: true, force: true });
}

/**
 * @param {{ version: string, packageTarball: string }} o
 * @returns the main process's handle state plus `queue` details, and `stop()`
 */
async function startQueueCluster({ version, packageTarball }) {
	const install = await ensureN8n(version);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `aivoice-queue-${version}-`));
	const state = {
		version,
		dir,
		install: { version, dir: install.dir, nodeBin: install.nodeBin, n8nBin: install.n8nBin, env: install.env },
		processes: {},
	};
	try {
		const [redis, db] = [await startRedis(dir), await startPostgres(dir)];
		log(`redis on ${redis.port}, postgres on ${db.port}`);

		// The package, installed once the way n8n does it, then copied into every process's user folder.
		const first = path.join(dir, 'main');
		await installCommunityPackage(first, packageTarball, install.env);
		for (const name of Object.keys(ROLES)) {
			const userFolder = path.join(dir, name);
			if (name !== 'main') fs.cpSync(path.join(first, '.n8n'), path.join(userFolder, '.n8n'), { recursive: true });
			state.processes[name] = {
				userFolder,
				port: await freePort(),
				brokerPort: await freePort(),
				healthPort: name === 'worker' ? await freePort() : undefined,
				logFile: path.join(dir, `${name}.log`),
			};
		}
		const filesDir = path.join(first, 'files');
		fs.mkdirSync(filesDir, { recursive: true });
		const webhookA = `http://127.0.0.1:${state.processes.webhookA.port}`;
		const webhookB = `http://127.0.0.1:${state.processes.webhookB.port}`;
		state.extraEnv = clusterEnv({ redis, db, webhookUrl: `${webhookA}/`, filesDir });

		// One after another: they share two cores, and main runs the migrations first.
		for (const name of Object.keys(ROLES)) await spawnN8nProcess(state, name);
		const main = state.processes.main;
		const baseUrl = `http://127.0.0.1:${main.port}`;
		const auth = await setupOwnerAndKey(baseUrl);

		const handleState = {
			version,
			baseUrl,
			webhookBaseUrl: webhookA,
			port: main.port,
			brokerPort: main.brokerPort,
			userFolder: main.userFolder,
			logFile: main.logFile,
			extraEnv: state.extraEnv,
			install: state.install,
			pid: main.pid,
			...auth,
			queue: { ...state, redis: { host: '127.0.0.1', port: redis.port }, webhookUrls: [webhookA, webhookB] },
		};
		return {
			state: handleState,
			baseUrl,
			userFolder: main.userFolder,
			logs: () => Object.keys(ROLES).map((n) => `--- ${n} ---\n${tail(state.processes[n].logFile, 40)}`).join('\n'),
			stop: () => stopCluster(state),
		};
	} catch (e) {
		for (const name of Object.keys(state.processes)) {
			if (fs.existsSync(state.processes[name].logFile)) e.message += `\n--- ${name} log ---\n${tail(state.processes[name].logFile, 30)}`;
		}
		await stopCluster(state).catch(() => {});
		throw e;
	}
}

module.exports = { startQueueCluster, restartProcess, stopProcess, spawnN8nProcess, DB_BINARY_LIMIT_MIB };
