'use strict';
// Driving an installed n8n: its environment, CLI commands against a user folder (import, publish) and
// `n8n start` as a process group that stops cleanly.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const http = require('node:http');
const path = require('node:path');

const { pathWith, profileFor } = require('./install');
const { cleanEnv, freePort, log, pollUntil, run, sleep, tail } = require('./processes');

/** @typedef {import('./install').Runtime} Runtime */
/** @typedef {import('./processes').CliResult} CliResult */
/** @typedef {import('./processes').Env} Env */

/**
 * @typedef {object} StartOptions
 * @property {string} userFolder N8N_USER_FOLDER; n8n keeps its database in <userFolder>/.n8n
 * @property {number} [port] default: a free port
 * @property {Env} [env] extra environment for n8n (wins over the defaults, which include a free N8N_RUNNERS_BROKER_PORT)
 * @property {string} [logFile] default <userFolder>/n8n.log
 * @property {number} [timeoutMs] /healthz deadline, default 180 000
 * @property {number} [editorTimeoutMs] deadline for the "Editor is now accessible" line after /healthz, default 60 000
 * @property {() => boolean | Promise<boolean>} [waitFor] polled after start-up until true: workflows are activated asynchronously in n8n 2.40
 * @property {number} [waitForTimeoutMs] default 60 000
 * @property {(pid: number) => void} [onSpawn] told the pid (= process group id) of n8n right after it is spawned, e.g. to clean up after a crash
 */

/**
 * @typedef {object} RunningN8n
 * @property {string} url
 * @property {number} port
 * @property {number} pid
 * @property {string} userFolder
 * @property {string} logFile
 * @property {number} healthyAfterMs
 * @property {(graceMs?: number) => Promise<void>} stop SIGTERM to the process group, SIGKILL after `graceMs` (default 15 000)
 * @property {Promise<number | string | null>} exited
 * @property {() => string} readLog
 */

/**
 * Environment n8n reads; `userFolder` gets a `.n8n` folder inside.
 * @param {Runtime} runtime
 * @param {{ userFolder: string, port?: number | undefined, env?: Env | undefined }} options
 * @returns {Env}
 */
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

/**
 * Run an n8n CLI command (import, publish …) against a user folder; n8n must not be running on it for publish.
 * @param {Runtime} runtime
 * @param {string} userFolder
 * @param {string[]} args
 * @param {{ port?: number, env?: Env }} [options]
 * @returns {Promise<CliResult>}
 */
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

/**
 * Run before startN8n (the CLI writes to the database). `data` given as an object is encrypted by n8n.
 * @param {Runtime} runtime
 * @param {string} userFolder
 * @param {string} file
 * @returns {Promise<void>}
 */
async function importCredentials(runtime, userFolder, file) {
	await n8nCli(runtime, userFolder, ['import:credentials', `--input=${path.resolve(file)}`]);
}

/**
 * The workflow ids a workflow file holds (a workflow or an array); every workflow needs an `id` to be published.
 * @param {string} file
 * @returns {string[]}
 */
function workflowIds(file) {
	/** @type {unknown} */
	const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
	return (Array.isArray(parsed) ? parsed : [parsed]).map((workflow) => {
		const id = typeof workflow === 'object' && workflow !== null && 'id' in workflow ? workflow.id : undefined;
		if ((typeof id !== 'string' && typeof id !== 'number') || id === '') throw new Error(`${file}: every workflow needs an "id" so it can be published`);
		return String(id);
	});
}

/**
 * One file (workflow or array) or a directory of *.json; every workflow needs an `id`. Returns the ids.
 * @param {Runtime} runtime
 * @param {string} userFolder
 * @param {string} fileOrDir
 * @returns {Promise<string[]>}
 */
async function importWorkflows(runtime, userFolder, fileOrDir) {
	const input = path.resolve(fileOrDir);
	const isDir = fs.statSync(input).isDirectory();
	const files = isDir
		? fs
				.readdirSync(input)
				.filter((f) => f.endsWith('.json'))
				.map((f) => path.join(input, f))
		: [input];
	const ids = files.flatMap(workflowIds);
	await n8nCli(runtime, userFolder, ['import:workflow', ...(isDir ? ['--separate'] : []), `--input=${input}`]);
	return ids;
}

/**
 * n8n 2.x `publish:workflow --id=…`, 1.x `update:workflow --id=… --active=true`; takes effect when n8n (re)starts.
 * @param {Runtime} runtime
 * @param {string} userFolder
 * @param {string[]} ids
 * @returns {Promise<void>}
 */
async function publishWorkflows(runtime, userFolder, ids) {
	const { activateCommand } = profileFor(runtime.n8nVersion);
	for (const id of ids) await n8nCli(runtime, userFolder, activateCommand(id));
}

/**
 * The status code of a GET, or 0 when nothing answers.
 * @param {string} url
 * @param {number} [timeoutMs]
 * @returns {Promise<number>}
 */
function httpGet(url, timeoutMs = 2000) {
	return new Promise((resolve) => {
		const req = http.get(url, { timeout: timeoutMs, agent: false }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode ?? 0));
		});
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(0));
	});
}

/** Process groups of n8n instances this process started and has not stopped yet. */
const liveGroups = new Set();
let exitHookInstalled = false;

/**
 * If this process exits without calling stop() (a crash, process.exit), take the n8n groups with it.
 * @param {number} pid
 */
function killGroupsOnExit(pid) {
	liveGroups.add(pid);
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.once('exit', () => {
		for (const group of liveGroups) killGroup(group, 'SIGKILL');
	});
}

/**
 * @param {number} pid
 * @param {NodeJS.Signals} signal
 */
function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

/**
 * `stop()` for a started n8n: SIGTERM to its group, SIGKILL after the grace period.
 * @param {number} pid
 * @param {Promise<unknown>} exited
 * @param {() => boolean} running
 * @returns {(graceMs?: number) => Promise<void>}
 */
function stopper(pid, exited, running) {
	return async (graceMs = 15_000) => {
		if (running()) {
			killGroup(pid, 'SIGTERM');
			const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
			await exited;
			clearTimeout(timer);
		}
		// Task runners and other children share the group, and outlive an n8n that exited by itself.
		killGroup(pid, 'SIGKILL');
		liveGroups.delete(pid);
	};
}

/**
 * What this n8n wrote to the log: the file is appended to, and may hold earlier runs.
 * @param {string} logFile
 * @param {number} offset the file's size when this n8n was spawned
 */
function logSince(logFile, offset) {
	return fs.readFileSync(logFile).subarray(offset).toString('utf8');
}

/**
 * @param {string} logFile
 * @param {number} offset
 * @param {number} startedMs
 * @param {number} timeoutMs
 */
async function waitForEditor(logFile, offset, startedMs, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (/Editor is now accessible/i.test(logSince(logFile, offset))) return;
		await sleep(250);
	}
	log(`did not see the "Editor is now accessible" line within ${timeoutMs} ms of ${new Date(startedMs).toISOString()}; continuing`);
}

/**
 * Wait for /healthz, then for the editor line in the log; stops n8n when it does not come up in time.
 * @param {{ url: string, logFile: string, logOffset: number, started: number, exitCode: () => number | string | null, stop: () => Promise<void> }} n8n
 * @param {StartOptions} options
 */
async function waitHealthy(n8n, options) {
	const timeoutMs = options.timeoutMs || 180_000;
	for (;;) {
		const code = n8n.exitCode();
		if (code !== null) throw new Error(`n8n exited (${code}) before it was healthy; log ${n8n.logFile}:\n${tail(logSince(n8n.logFile, n8n.logOffset), 40)}`);
		if ((await httpGet(`${n8n.url}/healthz`)) === 200) break;
		if (Date.now() - n8n.started > timeoutMs) {
			await n8n.stop();
			throw new Error(`n8n did not answer /healthz within ${timeoutMs} ms; log ${n8n.logFile}`);
		}
		await sleep(500);
	}
	// /healthz answers before start-up is complete; "Editor is now accessible" comes after it.
	await waitForEditor(n8n.logFile, n8n.logOffset, n8n.started, options.editorTimeoutMs || 60_000);
}

/**
 * A free loopback port other than `taken`.
 * @param {number} taken
 * @returns {Promise<number>}
 */
async function otherFreePort(taken) {
	for (;;) {
		const port = await freePort();
		if (port !== taken) return port;
	}
}

/**
 * Start `n8n start` in its own process group and wait for /healthz. Output goes to `logFile`
 * (default <userFolder>/n8n.log). stop() sends SIGTERM to the group, then SIGKILL after `graceMs`.
 * @param {Runtime} runtime
 * @param {StartOptions} options
 * @returns {Promise<RunningN8n>}
 */
async function startN8n(runtime, options) {
	const userFolder = path.resolve(options.userFolder);
	await fsp.mkdir(userFolder, { recursive: true });
	const port = options.port || (await freePort());
	const url = `http://127.0.0.1:${port}`;
	// The task broker's fixed default port (5679) makes a second n8n on the machine exit at start-up.
	const env = { N8N_RUNNERS_BROKER_PORT: String(await otherFreePort(port)), ...options.env };
	const logFile = options.logFile || path.join(userFolder, 'n8n.log');
	const logOffset = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
	const out = fs.openSync(logFile, 'a');
	const started = Date.now();
	const child = spawn(runtime.node.nodeBin, [runtime.n8n.n8nBin, 'start'], {
		cwd: userFolder,
		env: n8nEnv(runtime, { userFolder, port, env }),
		detached: true,
		stdio: ['ignore', out, out],
	});
	fs.closeSync(out);
	const pid = child.pid;
	if (pid === undefined) throw new Error(`n8n did not start (no pid); log ${logFile}`);
	killGroupsOnExit(pid);
	if (options.onSpawn) options.onSpawn(pid);
	/** @type {number | string | null} */
	let exitCode = null;
	/** @type {Promise<number | string | null>} */
	const exited = new Promise((resolve) => {
		child.on('exit', (code, signal) => {
			exitCode = code === null ? signal : code;
			resolve(exitCode);
		});
	});
	const stop = stopper(pid, exited, () => exitCode === null);
	await waitHealthy({ url, logFile, logOffset, started, exitCode: () => exitCode, stop }, options);
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
	log(`n8n ${runtime.n8nVersion} healthy at ${url} after ${healthyAfterMs} ms (pid ${pid}, log ${logFile})`);
	return { url, port, pid, userFolder, logFile, healthyAfterMs, stop, exited, readLog: () => fs.readFileSync(logFile, 'utf8') };
}

module.exports = { n8nEnv, n8nCli, importCredentials, importWorkflows, publishWorkflows, startN8n };
