#!/usr/bin/env node
'use strict';
// A real n8n (pinned 2.40.7, or another version such as the latest 1.x) on Node 24 for the e2e suite and
// `npm start`, without touching the project's node_modules: both live in a cache
// (~/.cache/n8n-nodes-crm-listeners, or $CRM_LISTENERS_CACHE_DIR), one folder per n8n version.
//
// Library (see n8n-runtime.d.ts):   const rt = require('./n8n-runtime');
//   const runtime = await rt.ensureRuntime();                 // installs once, reuses afterwards
//   const old = await rt.ensureRuntime({ n8nVersion: await rt.resolveN8nVersion('1') });   // latest 1.x
//   await rt.installPackage(userFolder, tarball);             // like Settings → Community Nodes
//   await rt.importCredentials(runtime, userFolder, file);    // before start: the CLI writes to the database
//   const ids = await rt.importWorkflows(runtime, userFolder, file); await rt.publishWorkflows(runtime, userFolder, ids);
//   const n8n = await rt.startN8n(runtime, { userFolder, port }); ... await n8n.stop();
// CLI:  node scripts/n8n-runtime.js install [--n8n <version|range>] | probe [--n8n …] | start --user-folder <dir> [--port 5678] [--n8n …]

const { spawn } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const N8N_VERSION = '2.40.7';
const NODE_MAJOR = '24';
const READY_MARKER = '.crm-listeners-ready.json';

/**
 * How one n8n version is installed and driven. Both lines run on Node 24: n8n ≥ 2.36 requires it, and
 * n8n 1.123's expression sandbox (isolated-vm 6) ships binaries for Node 22/24 only, so the system Node 20
 * cannot start it. n8n 1.x's n8n-nodes-base takes `xlsx` from cdn.sheetjs.com, which a network limited to
 * the npm registry cannot reach: the registry's last xlsx stands in (only the spreadsheet nodes use it).
 */
function profileFor(n8nVersion) {
	const major = Number(String(n8nVersion).split('.')[0]);
	return {
		major,
		overrides: major < 2 ? { xlsx: '0.18.5' } : undefined,
		// n8n 2.x activates by publishing a version; 1.x flips the `active` flag.
		activateCommand: major >= 2 ? (id) => ['publish:workflow', `--id=${id}`] : (id) => ['update:workflow', `--id=${id}`, '--active=true'],
	};
}

function compareVersions(a, b) {
	const pa = a.split('.').map(Number);
	const pb = b.split('.').map(Number);
	for (let i = 0; i < 3; i += 1) if (pa[i] !== pb[i]) return pa[i] - pb[i];
	return 0;
}

/** An exact version is returned as is; a range (`1`, `1.123`) asks the registry for its newest release. */
async function resolveN8nVersion(spec) {
	if (/^\d+\.\d+\.\d+$/.test(spec)) return spec;
	const { stdout } = await run('npm', ['view', `n8n@${spec}`, 'version', '--json'], { env: cleanEnv() });
	const parsed = JSON.parse(stdout || 'null');
	const versions = (Array.isArray(parsed) ? parsed : [parsed]).filter((v) => typeof v === 'string' && /^\d+\.\d+\.\d+$/.test(v));
	if (versions.length === 0) throw new Error(`npm view n8n@${spec} returned no release`);
	return versions.sort(compareVersions).pop();
}

function cacheRoot() {
	return process.env.CRM_LISTENERS_CACHE_DIR || path.join(os.homedir(), '.cache', 'n8n-nodes-crm-listeners');
}

function log(message) {
	if (process.env.N8N_RUNTIME_QUIET !== '1') process.stderr.write(`[n8n-runtime] ${message}\n`);
}

// ---------- processes ----------

/**
 * Environment for child npm/n8n processes: the project's npm config (ignore-scripts…) must not leak in, nor a
 * test runner's NODE_ENV=test (with it n8n's CLI silently works on an in-memory database and `start` exits).
 */
function cleanEnv(extra) {
	const env = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (/^npm_/i.test(name) || name === 'INIT_CWD' || /^N8N_/.test(name) || name === 'NODE_OPTIONS') continue;
		if (name === 'NODE_ENV' || /^JEST_/.test(name)) continue;
		env[name] = value;
	}
	return { ...env, ...extra };
}

function run(command, args, options = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd: options.cwd, env: options.env || cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => {
			stdout += chunk;
			if (options.echo) process.stderr.write(chunk);
		});
		child.stderr.on('data', (chunk) => {
			stderr += chunk;
			if (options.echo) process.stderr.write(chunk);
		});
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0 || options.allowFailure) resolve({ code, stdout, stderr });
			else reject(new Error(`${command} ${args.join(' ')} exited with ${code}\n${tail(stderr || stdout, 40)}`));
		});
	});
}

function tail(text, lines) {
	return text.split('\n').slice(-lines).join('\n');
}

function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** Run `fn` holding a directory lock; waits for a live holder, takes over a dead one's lock. */
async function withLock(lockDir, fn, { timeoutMs = 20 * 60_000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	let announced = false;
	for (;;) {
		try {
			await fsp.mkdir(lockDir);
			await fsp.writeFile(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			const pid = Number(await fsp.readFile(path.join(lockDir, 'pid'), 'utf8').catch(() => '0'));
			if (pid > 0 && !isAlive(pid)) {
				log(`removing stale lock ${lockDir} (pid ${pid} is gone)`);
				await fsp.rm(lockDir, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${lockDir} held by pid ${pid}`);
			if (!announced) log(`waiting for another install (pid ${pid || '?'}) holding ${lockDir}`);
			announced = true;
			await sleep(2000);
		}
	}
	try {
		return await fn();
	} finally {
		await fsp.rm(lockDir, { recursive: true, force: true });
	}
}

// ---------- Node 24 ----------

function platformPackage() {
	return `node-${process.platform}-${process.arch}`;
}

/** The folder holding bin/node and include/node of an installed `node` npm package, if any. */
function findNodeDir(dir) {
	const candidates = [
		path.join(dir, 'node_modules', 'node', 'node_modules', platformPackage()),
		path.join(dir, 'node_modules', platformPackage()),
	];
	return candidates.find((candidate) => fs.existsSync(path.join(candidate, 'bin', 'node')) && fs.existsSync(path.join(candidate, 'include', 'node', 'node.h')));
}

async function nodeVersion(nodeBin) {
	const { stdout } = await run(nodeBin, ['-v']);
	return stdout.trim();
}

/** Node 24 from the npm registry (package `node`, which pulls the platform binary package). */
async function ensureNode24() {
	const dir = path.join(cacheRoot(), `node${NODE_MAJOR}`);
	const usable = async () => {
		const nodeDir = findNodeDir(dir);
		if (!nodeDir) return undefined;
		const version = await nodeVersion(path.join(nodeDir, 'bin', 'node')).catch(() => '');
		return version.startsWith(`v${NODE_MAJOR}.`) ? { nodeDir, version } : undefined;
	};
	let found = await usable();
	if (!found) {
		await fsp.mkdir(dir, { recursive: true });
		await withLock(`${dir}.lock`, async () => {
			found = await usable();
			if (found) return;
			log(`installing node@${NODE_MAJOR} from the npm registry into ${dir}`);
			const packageJson = path.join(dir, 'package.json');
			if (!fs.existsSync(packageJson)) await fsp.writeFile(packageJson, '{"name":"crm-listeners-node24","private":true}\n');
			// The `node` package installs its platform binary from a preinstall script: scripts must run here.
			await run('npm', ['install', `node@${NODE_MAJOR}`, '--ignore-scripts=false', '--no-audit', '--no-fund'], { cwd: dir });
			found = await usable();
		});
	}
	if (!found) throw new Error(`node@${NODE_MAJOR} installed into ${dir} but no bin/node + include/node found`);
	return { nodeBin: path.join(found.nodeDir, 'bin', 'node'), binDir: path.join(found.nodeDir, 'bin'), nodeDir: found.nodeDir, version: found.version };
}

// ---------- n8n ----------

function n8nDir(n8nVersion = N8N_VERSION) {
	return path.join(cacheRoot(), `n8n-${n8nVersion}`);
}

function pathWith(binDir) {
	return `${binDir}${path.delimiter}${process.env.PATH || ''}`;
}

async function sqliteLoads(node, dir) {
	const probe = await run(node.nodeBin, ['-e', "require('sqlite3'); process.stdout.write('ok')"], { cwd: path.join(dir, 'node_modules', 'n8n'), allowFailure: true });
	return probe.code === 0 && probe.stdout === 'ok';
}

/** n8n installed once per version (≈2–3 min, 2–3 GB) with scripts off, then sqlite3 built against Node 24's headers. */
async function ensureN8n(node, n8nVersion = N8N_VERSION) {
	const dir = n8nDir(n8nVersion);
	const profile = profileFor(n8nVersion);
	const marker = path.join(dir, READY_MARKER);
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const ready = () => {
		try {
			const info = JSON.parse(fs.readFileSync(marker, 'utf8'));
			return info.n8nVersion === n8nVersion && info.nodeVersion === node.version && fs.existsSync(n8nBin);
		} catch {
			return false;
		}
	};
	if (ready()) return { dir, n8nBin };
	await fsp.mkdir(dir, { recursive: true });
	await withLock(`${dir}.lock`, async () => {
		if (ready()) return;
		const env = cleanEnv({ PATH: pathWith(node.binDir) });
		const installedVersion = (() => {
			try {
				return JSON.parse(fs.readFileSync(path.join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8')).version;
			} catch {
				return undefined;
			}
		})();
		if (installedVersion !== n8nVersion) {
			const started = Date.now();
			log(`installing n8n@${n8nVersion} into ${dir} (about 3 minutes, 2-3 GB)`);
			const manifest = { name: 'crm-listeners-n8n', private: true, ...(profile.overrides ? { overrides: profile.overrides } : {}) };
			await fsp.writeFile(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
			// Scripts off: a full install tries to download zlib to build a Kafka client and fails offline.
			await run('npm', ['install', `n8n@${n8nVersion}`, '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, env });
			log(`n8n ${n8nVersion} installed in ${Math.round((Date.now() - started) / 1000)} s`);
		}
		if (!(await sqliteLoads(node, dir))) {
			const started = Date.now();
			log(`building sqlite3 for n8n ${n8nVersion} against Node ${node.version} headers`);
			await run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false'], { cwd: dir, env: { ...env, npm_config_nodedir: node.nodeDir } });
			if (!(await sqliteLoads(node, dir))) throw new Error('sqlite3 still does not load after npm rebuild');
			log(`sqlite3 built in ${Math.round((Date.now() - started) / 1000)} s`);
		}
		await fsp.writeFile(marker, `${JSON.stringify({ n8nVersion, nodeVersion: node.version, readyAt: new Date().toISOString() }, null, 2)}\n`);
	});
	return { dir, n8nBin };
}

/** Node 24 and n8n (default the pinned N8N_VERSION), installing what is missing. */
async function ensureRuntime(options = {}) {
	const n8nVersion = options.n8nVersion || N8N_VERSION;
	const started = Date.now();
	const node = await ensureNode24();
	const n8n = await ensureN8n(node, n8nVersion);
	log(`runtime ready in ${Date.now() - started} ms: ${node.version}, n8n ${n8nVersion}`);
	return { node, n8n, n8nVersion };
}

// ---------- n8n processes ----------

/** Environment n8n reads (see shared reference n8n.md); `userFolder` gets a `.n8n` folder inside. */
function n8nEnv(runtime, { userFolder, port = 5678, env = {} }) {
	return cleanEnv({
		PATH: pathWith(runtime.node.binDir),
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		DB_SQLITE_POOL_SIZE: '2',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		...env,
	});
}

/** Run an n8n CLI command (import, publish …) against a user folder; n8n must not be running on it for publish. */
async function n8nCli(runtime, userFolder, args, options = {}) {
	const env = n8nEnv(runtime, { userFolder, port: options.port, env: options.env });
	const result = await run(runtime.node.nodeBin, [runtime.n8n.n8nBin, ...args], { env, cwd: userFolder, allowFailure: true });
	const output = `${result.stdout}\n${result.stderr}`;
	// The CLI logs errors and still exits 0 for some failures: look at the words too.
	if (result.code !== 0 || /An error occurred|Error updating database|UserError/i.test(output)) {
		throw new Error(`n8n ${args.join(' ')} failed (exit ${result.code}):\n${tail(output, 30)}`);
	}
	return result;
}

async function importCredentials(runtime, userFolder, file) {
	await n8nCli(runtime, userFolder, ['import:credentials', `--input=${path.resolve(file)}`]);
}

/** Imports one file (a workflow or an array) or a directory of *.json; returns the workflow ids it holds. */
async function importWorkflows(runtime, userFolder, fileOrDir) {
	const input = path.resolve(fileOrDir);
	const isDir = fs.statSync(input).isDirectory();
	const files = isDir ? fs.readdirSync(input).filter((f) => f.endsWith('.json')).map((f) => path.join(input, f)) : [input];
	const ids = [];
	for (const file of files) {
		const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
		for (const workflow of Array.isArray(parsed) ? parsed : [parsed]) {
			if (!workflow.id) throw new Error(`${file}: every workflow needs an "id" so it can be published`);
			ids.push(String(workflow.id));
		}
	}
	await n8nCli(runtime, userFolder, ['import:workflow', ...(isDir ? ['--separate'] : []), `--input=${input}`]);
	return ids;
}

/** Activation before start: n8n 2.x publishes the current version, 1.x sets `active`; takes effect when n8n (re)starts. */
async function publishWorkflows(runtime, userFolder, ids) {
	const { activateCommand } = profileFor(runtime.n8nVersion);
	for (const id of ids) await n8nCli(runtime, userFolder, activateCommand(id));
}

function httpGet(url, timeoutMs = 2000) {
	return new Promise((resolve) => {
		const req = http.get(url, { timeout: timeoutMs, agent: false }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode));
		});
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(0));
	});
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Process groups of n8n instances this process started and has not stopped yet. */
const liveGroups = new Set();
let exitHookInstalled = false;

/** If this process exits without calling stop() (a crash, process.exit), take the n8n groups with it. */
function killGroupsOnExit(pid) {
	liveGroups.add(pid);
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.once('exit', () => {
		for (const group of liveGroups) {
			try {
				process.kill(-group, 'SIGKILL');
			} catch {
				// already gone
			}
		}
	});
}

/**
 * Start `n8n start` in its own process group and wait for /healthz. Output goes to `logFile`
 * (default <userFolder>/n8n.log). stop() sends SIGTERM to the group, then SIGKILL after `graceMs`.
 */
async function startN8n(runtime, options) {
	const userFolder = path.resolve(options.userFolder);
	await fsp.mkdir(userFolder, { recursive: true });
	const port = options.port || (await freePort());
	const url = `http://127.0.0.1:${port}`;
	const logFile = options.logFile || path.join(userFolder, 'n8n.log');
	const out = fs.openSync(logFile, 'a');
	const started = Date.now();
	const child = spawn(runtime.node.nodeBin, [runtime.n8n.n8nBin, 'start'], {
		cwd: userFolder,
		env: n8nEnv(runtime, { userFolder, port, env: options.env }),
		detached: true,
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	killGroupsOnExit(child.pid);
	if (options.onSpawn) options.onSpawn(child.pid);
	let exitCode = null;
	const exited = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			exitCode = code === null ? signal : code;
			resolve(exitCode);
		});
	});
	const stop = async (graceMs = 15_000) => {
		const kill = (signal) => {
			try {
				process.kill(-child.pid, signal);
			} catch {
				// already gone
			}
		};
		if (exitCode === null) {
			kill('SIGTERM');
			const timer = setTimeout(() => kill('SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
		}
		// Task runners and other children share the group, and outlive an n8n that exited by itself.
		kill('SIGKILL');
		liveGroups.delete(child.pid);
	};
	const timeoutMs = options.timeoutMs || 180_000;
	for (;;) {
		if (exitCode !== null) throw new Error(`n8n exited (${exitCode}) before it was healthy; log ${logFile}:\n${tail(fs.readFileSync(logFile, 'utf8'), 40)}`);
		if ((await httpGet(`${url}/healthz`)) === 200) break;
		if (Date.now() - started > timeoutMs) {
			await stop();
			throw new Error(`n8n did not answer /healthz within ${timeoutMs} ms; log ${logFile}`);
		}
		await sleep(500);
	}
	// /healthz answers before start-up is complete; "Editor is now accessible" comes after it.
	await waitForEditor(logFile, started, options.editorTimeoutMs || 60_000);
	const healthyAfterMs = Date.now() - started;
	// n8n 2.40 activates published workflows asynchronously (publication reconciler, first pass at start-up,
	// then every 10 s): callers that need a workflow live pass `waitFor` (e.g. "the sandbox saw the
	// registration") instead of guessing a delay.
	if (options.waitFor) {
		try {
			await pollUntil(options.waitFor, options.waitForTimeoutMs || 60_000, 'startN8n waitFor');
		} catch (error) {
			await stop();
			throw error;
		}
	}
	log(`n8n ${runtime.n8nVersion} healthy at ${url} after ${healthyAfterMs} ms (pid ${child.pid}, log ${logFile})`);
	return { url, port, pid: child.pid, userFolder, logFile, healthyAfterMs, stop, exited, readLog: () => fs.readFileSync(logFile, 'utf8') };
}

/** Poll `predicate` (sync or async) every `intervalMs` until it returns true; throws after `timeoutMs`. */
async function pollUntil(predicate, timeoutMs, what = 'condition', intervalMs = 250) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await predicate()) return;
		if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
		await sleep(intervalMs);
	}
}

async function waitForEditor(logFile, startedMs, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const text = fs.readFileSync(logFile, 'utf8');
		if (/Editor is now accessible/i.test(text)) return;
		await sleep(250);
	}
	log(`did not see the "Editor is now accessible" line within ${timeoutMs} ms of ${new Date(startedMs).toISOString()}; continuing`);
}

// ---------- community package ----------

/** `npm run build` + `npm pack` of a project; returns the tarball path. */
async function packProject(projectDir, outDir) {
	await fsp.mkdir(outDir, { recursive: true });
	await run('npm', ['run', 'build'], { cwd: projectDir, env: cleanEnv() });
	const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', outDir], { cwd: projectDir, env: cleanEnv() });
	const [info] = JSON.parse(stdout);
	return path.join(outDir, info.filename);
}

/**
 * Install a packed package into <userFolder>/.n8n/nodes the way n8n 2.40's Community Nodes page does:
 * unpack into node_modules/<name>, drop dev/peer/optional dependencies, `npm install` its runtime
 * dependencies with scripts off, record it in nodes/package.json. n8n loads it on the next start.
 */
async function installPackage(userFolder, tarball) {
	const nodesDir = path.join(path.resolve(userFolder), '.n8n', 'nodes');
	await fsp.mkdir(path.join(nodesDir, 'node_modules'), { recursive: true });
	const staging = await fsp.mkdtemp(path.join(os.tmpdir(), 'crm-listeners-pkg-'));
	try {
		await run('tar', ['-xzf', path.resolve(tarball), '-C', staging, '--strip-components=1']);
		const manifestPath = path.join(staging, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(await fsp.readFile(manifestPath, 'utf8'));
		void devDependencies;
		void peerDependencies;
		void optionalDependencies;
		const target = path.join(nodesDir, 'node_modules', manifest.name);
		await fsp.rm(target, { recursive: true, force: true });
		await fsp.mkdir(path.dirname(target), { recursive: true });
		await fsp.cp(staging, target, { recursive: true });
		await fsp.writeFile(path.join(target, 'package.json'), JSON.stringify(manifest, null, 2));
		await run('npm', ['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'], { cwd: target, env: cleanEnv() });
		const rootManifestPath = path.join(nodesDir, 'package.json');
		const rootManifest = fs.existsSync(rootManifestPath) ? JSON.parse(await fsp.readFile(rootManifestPath, 'utf8')) : { name: 'installed-nodes', private: true, dependencies: {} };
		rootManifest.dependencies = { ...rootManifest.dependencies, [manifest.name]: manifest.version };
		await fsp.writeFile(rootManifestPath, JSON.stringify(rootManifest, null, 2));
		return { name: manifest.name, version: manifest.version, dir: target };
	} finally {
		await fsp.rm(staging, { recursive: true, force: true });
	}
}

// ---------- REST session (activate/deactivate while n8n runs) ----------

function request(url, method, body, headers = {}) {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? '' : JSON.stringify(body);
		const req = http.request(url, { method, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } }, (res) => {
			let text = '';
			res.on('data', (chunk) => (text += chunk));
			res.on('end', () => {
				let json;
				try {
					json = text ? JSON.parse(text) : undefined;
				} catch {
					json = undefined;
				}
				resolve({ status: res.statusCode, headers: res.headers, text, json });
			});
		});
		req.on('error', reject);
		req.end(payload);
	});
}

/**
 * Log in to n8n's internal REST API as the owner (creating the owner on a fresh instance) to
 * activate/deactivate workflows without a restart — what the editor's Publish / Unpublish buttons do.
 */
async function ownerSession(baseUrl, owner = {}) {
	const email = owner.email || 'owner@crm-listeners.test';
	const password = owner.password || 'Sandbox-Passw0rd!';
	const browserId = randomUUID();
	let cookie = '';
	const call = async (method, route, body) => {
		const response = await request(`${baseUrl}/rest${route}`, method, body, { 'browser-id': browserId, ...(cookie ? { cookie } : {}) });
		const setCookie = response.headers['set-cookie'];
		if (setCookie) cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
		return response;
	};
	const setup = await call('POST', '/owner/setup', { email, password, firstName: 'Sandbox', lastName: 'Owner' });
	if (setup.status !== 200) {
		const login = await call('POST', '/login', { emailOrLdapLoginId: email, password });
		if (login.status !== 200) throw new Error(`n8n login failed: ${login.status} ${login.text.slice(0, 300)}`);
	}
	const ok = (response, what) => {
		if (response.status !== 200) throw new Error(`${what} failed: ${response.status} ${response.text.slice(0, 500)}`);
		return response.json && response.json.data !== undefined ? response.json.data : response.json;
	};
	return {
		call,
		getWorkflow: async (id) => ok(await call('GET', `/workflows/${id}`), `GET workflow ${id}`),
		activate: async (id) => {
			const workflow = ok(await call('GET', `/workflows/${id}`), `GET workflow ${id}`);
			return ok(await call('POST', `/workflows/${id}/activate`, { versionId: workflow.versionId }), `activate ${id}`);
		},
		deactivate: async (id) => ok(await call('POST', `/workflows/${id}/deactivate`, {}), `deactivate ${id}`),
		executions: async (workflowId) => ok(await call('GET', `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`), 'list executions'),
	};
}

// ---------- CLI ----------

function flag(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? process.argv[index + 1] : fallback;
}

/** Prove the runtime: fresh user folder, a Webhook-node workflow imported, published, started and called. */
async function probe() {
	const timings = {};
	let t = Date.now();
	const runtime = await ensureRuntime({ n8nVersion: await resolveN8nVersion(flag('n8n', N8N_VERSION)) });
	timings.ensureRuntimeMs = Date.now() - t;
	const userFolder = await fsp.mkdtemp(path.join(os.tmpdir(), 'crm-listeners-probe-'));
	const workflowFile = path.join(userFolder, 'probe-workflow.json');
	const workflow = {
		id: 'probeWebhook0001',
		name: 'Runtime probe',
		active: false,
		nodes: [
			{
				id: '7f0c6b52-8d1a-4b4e-9a55-2f0a4b8f0001',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '0b0c6b52-8d1a-4b4e-9a55-2f0a4b8f0002',
				parameters: { httpMethod: 'POST', path: 'probe', responseMode: 'onReceived', options: {} },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
	await fsp.writeFile(workflowFile, JSON.stringify(workflow, null, 2));
	t = Date.now();
	const ids = await importWorkflows(runtime, userFolder, workflowFile);
	timings.importMs = Date.now() - t;
	t = Date.now();
	await publishWorkflows(runtime, userFolder, ids);
	timings.publishMs = Date.now() - t;
	t = Date.now();
	const n8n = await startN8n(runtime, { userFolder });
	timings.startToHealthyMs = Date.now() - t;
	try {
		t = Date.now();
		let response;
		await pollUntil(async () => {
			response = await request(`${n8n.url}/webhook/probe`, 'POST', { hello: 'probe' });
			return response.status !== 404;
		}, 60_000, 'probe webhook registered', 500);
		timings.healthyToWebhookLiveMs = Date.now() - t;
		process.stdout.write(`${JSON.stringify({ url: n8n.url, webhookStatus: response.status, webhookBody: response.text, timings }, null, 2)}\n`);
		if (response.status !== 200) throw new Error(`probe webhook answered ${response.status}`);
	} finally {
		t = Date.now();
		await n8n.stop();
		timings.stopMs = Date.now() - t;
		log(`stopped in ${timings.stopMs} ms; user folder kept at ${userFolder}`);
	}
}

async function main() {
	const command = process.argv[2];
	if (command === 'install') {
		const runtime = await ensureRuntime({ n8nVersion: await resolveN8nVersion(flag('n8n', N8N_VERSION)) });
		process.stdout.write(`${JSON.stringify({ node: runtime.node.nodeBin, nodeVersion: runtime.node.version, n8n: runtime.n8n.n8nBin, n8nVersion: runtime.n8nVersion }, null, 2)}\n`);
	} else if (command === 'probe') {
		await probe();
	} else if (command === 'start') {
		const userFolder = flag('user-folder');
		if (!userFolder) throw new Error('--user-folder <dir> is required');
		const runtime = await ensureRuntime({ n8nVersion: await resolveN8nVersion(flag('n8n', N8N_VERSION)) });
		const n8n = await startN8n(runtime, { userFolder, port: Number(flag('port', '5678')) });
		process.stdout.write(`n8n at ${n8n.url} (Ctrl-C stops it)\n`);
		const stop = () => void n8n.stop().then(() => process.exit(0));
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
		await n8n.exited;
	} else {
		process.stderr.write('usage: node scripts/n8n-runtime.js install [--n8n <version|range>] | probe [--n8n …] | start --user-folder <dir> [--port 5678] [--n8n …]\n');
		process.exit(2);
	}
}

module.exports = {
	N8N_VERSION,
	resolveN8nVersion,
	cacheRoot,
	ensureNode24,
	ensureN8n,
	ensureRuntime,
	n8nEnv,
	n8nCli,
	importCredentials,
	importWorkflows,
	publishWorkflows,
	startN8n,
	pollUntil,
	freePort,
	packProject,
	installPackage,
	ownerSession,
};

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`[n8n-runtime] ${error.stack || error.message}\n`);
		process.exit(1);
	});
}
