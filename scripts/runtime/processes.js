'use strict';
// The plumbing under the n8n runtime: child processes with a clean environment, a directory lock shared by
// concurrent installs, polling, free ports.

const { spawn } = require('node:child_process');
const fsp = require('node:fs/promises');
const net = require('node:net');
const path = require('node:path');

/** @typedef {Record<string, string>} Env */

/**
 * @typedef {object} CliResult
 * @property {number | null} code
 * @property {string} stdout
 * @property {string} stderr
 */

/**
 * @typedef {object} RunOptions
 * @property {string} [cwd]
 * @property {Env} [env] default: cleanEnv()
 * @property {boolean} [echo] copy the child's output to stderr as it comes
 * @property {boolean} [allowFailure] resolve instead of rejecting on a non-zero exit
 */

/** @param {string} message */
function log(message) {
	if (process.env.N8N_RUNTIME_QUIET !== '1') process.stderr.write(`[n8n-runtime] ${message}\n`);
}

/**
 * Environment for child npm/n8n processes: the project's npm config (ignore-scripts…) must not leak in, nor a
 * test runner's NODE_ENV=test (with it n8n's CLI silently works on an in-memory database and `start` exits).
 * @param {Env} [extra]
 * @returns {Env}
 */
function cleanEnv(extra) {
	/** @type {Env} */
	const env = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (value === undefined) continue;
		if (/^npm_/i.test(name) || name === 'INIT_CWD' || /^N8N_/.test(name) || name === 'NODE_OPTIONS') continue;
		if (name === 'NODE_ENV' || /^JEST_/.test(name)) continue;
		env[name] = value;
	}
	return { ...env, ...extra };
}

/**
 * @param {string} text
 * @param {number} lines
 */
function tail(text, lines) {
	return text.split('\n').slice(-lines).join('\n');
}

/**
 * Run a command to completion, collecting its output.
 * @param {string} command
 * @param {string[]} args
 * @param {RunOptions} [options]
 * @returns {Promise<CliResult>}
 */
function run(command, args, options = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd: options.cwd, env: options.env || cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (/** @type {Buffer} */ chunk) => {
			stdout += chunk;
			if (options.echo) process.stderr.write(chunk);
		});
		child.stderr.on('data', (/** @type {Buffer} */ chunk) => {
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

/** @param {number} ms */
function sleep(ms) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The `code` of a Node system error (`ENOENT`, `EEXIST` …), if it has one.
 * @param {unknown} error
 * @returns {string | undefined}
 */
function errorCode(error) {
	if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
	return typeof error.code === 'string' ? error.code : undefined;
}

/** @param {unknown} error */
function errorText(error) {
	return error instanceof Error ? error.stack || error.message : String(error);
}

/** @param {number} pid */
function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return errorCode(error) === 'EPERM';
	}
}

/**
 * Run `fn` holding a directory lock; waits for a live holder, takes over a dead one's lock.
 * @template T
 * @param {string} lockDir
 * @param {() => Promise<T>} fn
 * @param {{ timeoutMs?: number }} [options]
 * @returns {Promise<T>}
 */
async function withLock(lockDir, fn, { timeoutMs = 20 * 60_000 } = {}) {
	const deadline = Date.now() + timeoutMs;
	let announced = false;
	for (;;) {
		try {
			await fsp.mkdir(lockDir);
			await fsp.writeFile(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (errorCode(error) !== 'EEXIST') throw error;
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

/**
 * Poll `predicate` (sync or async) every `intervalMs` until it returns true; throws after `timeoutMs`.
 * @param {() => boolean | Promise<boolean>} predicate
 * @param {number} timeoutMs
 * @param {string} [what]
 * @param {number} [intervalMs]
 * @returns {Promise<void>}
 */
async function pollUntil(predicate, timeoutMs, what = 'condition', intervalMs = 250) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await predicate()) return;
		if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
		await sleep(intervalMs);
	}
}

/**
 * A loopback port nobody listens on right now.
 * @returns {Promise<number>}
 */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			if (address === null || typeof address === 'string') {
				reject(new Error('no TCP address for a loopback listener'));
				return;
			}
			server.close(() => resolve(address.port));
		});
	});
}

module.exports = { log, cleanEnv, tail, run, sleep, errorCode, errorText, withLock, pollUntil, freePort };
