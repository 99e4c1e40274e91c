#!/usr/bin/env node
'use strict';
// First step of `npm start` and `npm test`: install the locked development dependencies (`npm ci`) when
// node_modules is missing or older than package-lock.json, and do nothing when it is current, so a fresh
// clone needs no set-up and CI's `npm ci` followed by `npm test` installs once. Dependency-free: it runs
// before anything in node_modules exists.
//
//   node scripts/ensure-deps.js [--check]    --check: print the state and exit 1 when an install is due

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const PROJECT = path.resolve(__dirname, '..');

/**
 * One package as package-lock.json (v2/v3) and npm's record of what it installed
 * (node_modules/.package-lock.json) describe it.
 * @typedef {object} LockedPackage
 * @property {string} [version]
 * @property {string} [resolved]
 * @property {boolean} [link]
 * @property {boolean} [optional]
 * @property {boolean} [devOptional]
 * @property {string[]} [os]
 * @property {string[]} [cpu]
 */

/** @typedef {{ packages?: Record<string, LockedPackage> }} Lockfile */

/**
 * @typedef {object} DependencyState
 * @property {'current' | 'missing' | 'stale'} state
 * @property {string} reason
 */

/**
 * @param {string} file
 * @returns {Lockfile | undefined}
 */
function readLockfile(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

/**
 * A package the lockfile names that may rightly be absent on this machine (another platform's binary).
 * @param {LockedPackage} entry
 */
function mayBeAbsent(entry) {
	return entry.optional === true || entry.devOptional === true || entry.os !== undefined || entry.cpu !== undefined;
}

/**
 * The first locked package node_modules does not hold at the locked version, if any.
 * @param {Lockfile} locked
 * @param {Lockfile} installed
 * @returns {string | undefined}
 */
function firstDifference(locked, installed) {
	const have = installed.packages ?? {};
	for (const [key, entry] of Object.entries(locked.packages ?? {})) {
		if (key === '' || mayBeAbsent(entry)) continue;
		const got = have[key];
		if (got === undefined) return `${key} is not installed`;
		if (entry.link ? got.resolved !== entry.resolved : got.version !== entry.version) return `${key} is ${got.version}, locked ${entry.version}`;
	}
	return undefined;
}

/**
 * Whether node_modules holds what package-lock.json locks. npm records each install in
 * node_modules/.package-lock.json; when that record is older than the lockfile, the two are compared by
 * content, because a checkout or rebase touches package-lock.json without changing it.
 * @param {string} [projectDir]
 * @returns {DependencyState}
 */
function dependencyState(projectDir = PROJECT) {
	const lockFile = path.join(projectDir, 'package-lock.json');
	const installedFile = path.join(projectDir, 'node_modules', '.package-lock.json');
	if (!fs.existsSync(installedFile)) return { state: 'missing', reason: 'node_modules is missing' };
	if (fs.statSync(installedFile).mtimeMs >= fs.statSync(lockFile).mtimeMs) return { state: 'current', reason: 'node_modules is newer than package-lock.json' };
	const locked = readLockfile(lockFile);
	const installed = readLockfile(installedFile);
	if (!locked || !installed) return { state: 'stale', reason: 'a lockfile cannot be read' };
	const difference = firstDifference(locked, installed);
	return difference === undefined
		? { state: 'current', reason: 'node_modules holds every locked version' }
		: { state: 'stale', reason: `node_modules is older than package-lock.json (${difference})` };
}

/**
 * Run `npm ci` quietly when needed; one line says so. Returns what was done.
 * @param {string} [projectDir]
 * @returns {{ installed: boolean, reason: string, ms: number }}
 */
function ensureDependencies(projectDir = PROJECT) {
	const { state, reason } = dependencyState(projectDir);
	if (state === 'current') return { installed: false, reason, ms: 0 };
	const started = Date.now();
	process.stdout.write(`▶ installing the locked dependencies (npm ci: ${reason}) … `);
	const result = spawnSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: projectDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
	const ms = Date.now() - started;
	if (result.status !== 0) {
		process.stdout.write('failed\n');
		process.stderr.write(`${result.stderr || result.stdout || String(result.error)}\n`);
		throw new Error(`npm ci exited with ${result.status}`);
	}
	process.stdout.write(`done in ${Math.round(ms / 1000)} s\n`);
	return { installed: true, reason, ms };
}

module.exports = { dependencyState, ensureDependencies };

if (require.main === module) {
	if (process.argv.includes('--check')) {
		const { state, reason } = dependencyState();
		process.stdout.write(`${state}: ${reason}\n`);
		process.exit(state === 'current' ? 0 : 1);
	}
	try {
		ensureDependencies();
	} catch (error) {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	}
}
