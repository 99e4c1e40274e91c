'use strict';
// Node 24 and one n8n version per folder, installed from the npm registry into a cache outside the project
// (~/.cache/n8n-nodes-crm-listeners, or $CRM_LISTENERS_CACHE_DIR) once, then reused.

const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');

const { cleanEnv, log, run, withLock } = require('./processes');

const N8N_VERSION = '2.40.7';
const NODE_MAJOR = '24';
const READY_MARKER = '.crm-listeners-ready.json';

/**
 * @typedef {object} NodeRuntime
 * @property {string} nodeBin
 * @property {string} binDir
 * @property {string} nodeDir folder with bin/node and include/node (for npm_config_nodedir)
 * @property {string} version
 */

/**
 * @typedef {object} N8nInstall
 * @property {string} dir
 * @property {string} n8nBin
 */

/**
 * @typedef {object} Runtime
 * @property {NodeRuntime} node
 * @property {N8nInstall} n8n
 * @property {string} n8nVersion the exact n8n version this runtime runs
 */

/**
 * @typedef {object} EnsureRuntimeOptions
 * @property {string} [n8nVersion] an exact version (see resolveN8nVersion for ranges); default N8N_VERSION
 */

/**
 * @typedef {object} VersionProfile
 * @property {number} major
 * @property {Record<string, string> | undefined} overrides npm overrides for the n8n install
 * @property {(id: string) => string[]} activateCommand the n8n CLI arguments that activate a workflow
 */

/**
 * How one n8n version is installed and driven. Both lines run on Node 24: n8n ≥ 2.36 requires it, and
 * n8n 1.123's expression sandbox (isolated-vm 6) ships binaries for Node 22/24 only, so the system Node 20
 * cannot start it. n8n 1.x's n8n-nodes-base takes `xlsx` from cdn.sheetjs.com, which a network limited to
 * the npm registry cannot reach: the registry's last xlsx stands in (only the spreadsheet nodes use it).
 * @param {string} n8nVersion
 * @returns {VersionProfile}
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

/**
 * @param {string} a
 * @param {string} b
 */
function compareVersions(a, b) {
	const pa = a.split('.').map(Number);
	const pb = b.split('.').map(Number);
	for (let i = 0; i < 3; i += 1) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
	return 0;
}

/**
 * An exact version is returned as is; a range (`1`, `1.123`) asks the registry for its newest release.
 * @param {string} spec
 * @returns {Promise<string>}
 */
async function resolveN8nVersion(spec) {
	if (/^\d+\.\d+\.\d+$/.test(spec)) return spec;
	const { stdout } = await run('npm', ['view', `n8n@${spec}`, 'version', '--json'], { env: cleanEnv() });
	/** @type {unknown} */
	const parsed = JSON.parse(stdout || 'null');
	const versions = (Array.isArray(parsed) ? parsed : [parsed]).filter((v) => typeof v === 'string' && /^\d+\.\d+\.\d+$/.test(v));
	const newest = /** @type {string[]} */ (versions).sort(compareVersions).pop();
	if (newest === undefined) throw new Error(`npm view n8n@${spec} returned no release`);
	return newest;
}

function cacheRoot() {
	return process.env.CRM_LISTENERS_CACHE_DIR || path.join(os.homedir(), '.cache', 'n8n-nodes-crm-listeners');
}

function platformPackage() {
	return `node-${process.platform}-${process.arch}`;
}

/**
 * The folder holding bin/node and include/node of an installed `node` npm package, if any.
 * @param {string} dir
 */
function findNodeDir(dir) {
	const candidates = [path.join(dir, 'node_modules', 'node', 'node_modules', platformPackage()), path.join(dir, 'node_modules', platformPackage())];
	return candidates.find((candidate) => fs.existsSync(path.join(candidate, 'bin', 'node')) && fs.existsSync(path.join(candidate, 'include', 'node', 'node.h')));
}

/** @param {string} nodeBin */
async function nodeVersion(nodeBin) {
	const { stdout } = await run(nodeBin, ['-v']);
	return stdout.trim();
}

/**
 * Node 24 from the npm registry (package `node`, which pulls the platform binary package).
 * @returns {Promise<NodeRuntime>}
 */
async function ensureNode24() {
	const dir = path.join(cacheRoot(), `node${NODE_MAJOR}`);
	/** @returns {Promise<{ nodeDir: string, version: string } | undefined>} */
	const usable = async () => {
		const nodeDir = findNodeDir(dir);
		if (!nodeDir) return undefined;
		const version = await nodeVersion(path.join(nodeDir, 'bin', 'node')).catch(() => '');
		return version.startsWith(`v${NODE_MAJOR}.`) ? { nodeDir, version } : undefined;
	};
	let found = await usable();
	if (!found) {
		await fsp.mkdir(dir, { recursive: true });
		found = await withLock(`${dir}.lock`, async () => {
			const already = await usable();
			if (already) return already;
			log(`installing node@${NODE_MAJOR} from the npm registry into ${dir}`);
			const packageJson = path.join(dir, 'package.json');
			if (!fs.existsSync(packageJson)) await fsp.writeFile(packageJson, '{"name":"crm-listeners-node24","private":true}\n');
			// The `node` package installs its platform binary from a preinstall script: scripts must run here.
			await run('npm', ['install', `node@${NODE_MAJOR}`, '--ignore-scripts=false', '--no-audit', '--no-fund'], { cwd: dir });
			return usable();
		});
	}
	if (!found) throw new Error(`node@${NODE_MAJOR} installed into ${dir} but no bin/node + include/node found`);
	return { nodeBin: path.join(found.nodeDir, 'bin', 'node'), binDir: path.join(found.nodeDir, 'bin'), nodeDir: found.nodeDir, version: found.version };
}

/** @param {string} [n8nVersion] */
function n8nDir(n8nVersion = N8N_VERSION) {
	return path.join(cacheRoot(), `n8n-${n8nVersion}`);
}

/** @param {string} binDir */
function pathWith(binDir) {
	return `${binDir}${path.delimiter}${process.env.PATH || ''}`;
}

/**
 * @param {NodeRuntime} node
 * @param {string} dir
 */
async function sqliteLoads(node, dir) {
	const probe = await run(node.nodeBin, ['-e', "require('sqlite3'); process.stdout.write('ok')"], { cwd: path.join(dir, 'node_modules', 'n8n'), allowFailure: true });
	return probe.code === 0 && probe.stdout === 'ok';
}

/**
 * The version of the package installed at `dir`, if any.
 * @param {string} dir
 * @returns {string | undefined}
 */
function installedVersion(dir) {
	try {
		/** @type {{ version?: unknown }} */
		const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
		return typeof manifest.version === 'string' ? manifest.version : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The marker written after a complete install says this n8n version on this Node version.
 * @param {string} marker
 * @param {string} n8nVersion
 * @param {NodeRuntime} node
 * @param {string} n8nBin
 */
function markedReady(marker, n8nVersion, node, n8nBin) {
	try {
		/** @type {{ n8nVersion?: unknown, nodeVersion?: unknown }} */
		const info = JSON.parse(fs.readFileSync(marker, 'utf8'));
		return info.n8nVersion === n8nVersion && info.nodeVersion === node.version && fs.existsSync(n8nBin);
	} catch {
		return false;
	}
}

/**
 * n8n installed once per version (≈2–3 min, 2–3 GB) with scripts off, then sqlite3 built against Node 24's headers.
 * @param {NodeRuntime} node
 * @param {string} [n8nVersion]
 * @returns {Promise<N8nInstall>}
 */
async function ensureN8n(node, n8nVersion = N8N_VERSION) {
	const dir = n8nDir(n8nVersion);
	const marker = path.join(dir, READY_MARKER);
	const n8nBin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	if (markedReady(marker, n8nVersion, node, n8nBin)) return { dir, n8nBin };
	await fsp.mkdir(dir, { recursive: true });
	await withLock(`${dir}.lock`, async () => {
		if (markedReady(marker, n8nVersion, node, n8nBin)) return;
		const env = cleanEnv({ PATH: pathWith(node.binDir) });
		if (installedVersion(path.join(dir, 'node_modules', 'n8n')) !== n8nVersion) {
			const started = Date.now();
			log(`installing n8n@${n8nVersion} into ${dir} (about 3 minutes, 2-3 GB)`);
			const { overrides } = profileFor(n8nVersion);
			const manifest = { name: 'crm-listeners-n8n', private: true, ...(overrides ? { overrides } : {}) };
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

/**
 * Whether Node 24 and this n8n version are installed and ready, without installing anything.
 * @param {string} [n8nVersion]
 */
function runtimeInstalled(n8nVersion = N8N_VERSION) {
	try {
		/** @type {{ n8nVersion?: unknown }} */
		const info = JSON.parse(fs.readFileSync(path.join(n8nDir(n8nVersion), READY_MARKER), 'utf8'));
		return info.n8nVersion === n8nVersion && findNodeDir(path.join(cacheRoot(), `node${NODE_MAJOR}`)) !== undefined;
	} catch {
		return false;
	}
}

/**
 * Node 24 and n8n (default the pinned N8N_VERSION), installing what is missing.
 * @param {EnsureRuntimeOptions} [options]
 * @returns {Promise<Runtime>}
 */
async function ensureRuntime(options = {}) {
	const n8nVersion = options.n8nVersion || N8N_VERSION;
	const started = Date.now();
	const node = await ensureNode24();
	const n8n = await ensureN8n(node, n8nVersion);
	log(`runtime ready in ${Date.now() - started} ms: ${node.version}, n8n ${n8nVersion}`);
	return { node, n8n, n8nVersion };
}

module.exports = { N8N_VERSION, READY_MARKER, profileFor, resolveN8nVersion, cacheRoot, pathWith, ensureNode24, ensureN8n, ensureRuntime, runtimeInstalled };
