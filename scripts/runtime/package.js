'use strict';
// This project as a community package: built and packed into a tarball, then installed into an n8n user
// folder the way n8n's Settings → Community Nodes page installs one.

const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');

const { cleanEnv, run } = require('./processes');

/**
 * `npm run build` then `npm pack` into `outDir`; returns the tarball path.
 * @param {string} projectDir
 * @param {string} outDir
 * @returns {Promise<string>}
 */
async function packProject(projectDir, outDir) {
	await fsp.mkdir(outDir, { recursive: true });
	await run('npm', ['run', 'build'], { cwd: projectDir, env: cleanEnv() });
	const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', outDir], { cwd: projectDir, env: cleanEnv() });
	/** @type {Array<{ filename: string }>} */
	const [info] = JSON.parse(stdout);
	if (!info) throw new Error(`npm pack printed no tarball: ${stdout.slice(0, 300)}`);
	return path.join(outDir, info.filename);
}

/**
 * @typedef {object} PackageManifest
 * @property {string} name
 * @property {string} version
 */

/**
 * A packed manifest as n8n installs it: without dev, peer and optional dependencies.
 * @param {string} manifestPath
 * @returns {Promise<PackageManifest & Record<string, unknown>>}
 */
async function installableManifest(manifestPath) {
	/** @type {Record<string, unknown>} */
	const manifest = JSON.parse(await fsp.readFile(manifestPath, 'utf8'));
	const { devDependencies, peerDependencies, optionalDependencies, ...rest } = manifest;
	void devDependencies;
	void peerDependencies;
	void optionalDependencies;
	const { name, version } = rest;
	if (typeof name !== 'string' || typeof version !== 'string') throw new Error(`${manifestPath}: no name or version`);
	return { ...rest, name, version };
}

/**
 * Record the package in <nodes>/package.json, as n8n does, so it is loaded on start.
 * @param {string} nodesDir
 * @param {PackageManifest} manifest
 */
async function recordInstalled(nodesDir, manifest) {
	const rootManifestPath = path.join(nodesDir, 'package.json');
	/** @type {{ dependencies?: Record<string, string> }} */
	const rootManifest = fs.existsSync(rootManifestPath) ? JSON.parse(await fsp.readFile(rootManifestPath, 'utf8')) : { name: 'installed-nodes', private: true, dependencies: {} };
	rootManifest.dependencies = { ...rootManifest.dependencies, [manifest.name]: manifest.version };
	await fsp.writeFile(rootManifestPath, JSON.stringify(rootManifest, null, 2));
}

/**
 * Install a packed package into <userFolder>/.n8n/nodes the way n8n 2.40's Community Nodes page does:
 * unpack into node_modules/<name>, drop dev/peer/optional dependencies, `npm install` its runtime
 * dependencies with scripts off, record it in nodes/package.json. n8n loads it on the next start.
 * @param {string} userFolder
 * @param {string} tarball
 * @returns {Promise<{ name: string, version: string, dir: string }>}
 */
async function installPackage(userFolder, tarball) {
	const nodesDir = path.join(path.resolve(userFolder), '.n8n', 'nodes');
	await fsp.mkdir(path.join(nodesDir, 'node_modules'), { recursive: true });
	const staging = await fsp.mkdtemp(path.join(os.tmpdir(), 'crm-listeners-pkg-'));
	try {
		await run('tar', ['-xzf', path.resolve(tarball), '-C', staging, '--strip-components=1']);
		const manifest = await installableManifest(path.join(staging, 'package.json'));
		const target = path.join(nodesDir, 'node_modules', manifest.name);
		await fsp.rm(target, { recursive: true, force: true });
		await fsp.mkdir(path.dirname(target), { recursive: true });
		await fsp.cp(staging, target, { recursive: true });
		await fsp.writeFile(path.join(target, 'package.json'), JSON.stringify(manifest, null, 2));
		await run('npm', ['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'], {
			cwd: target,
			env: cleanEnv(),
		});
		await recordInstalled(nodesDir, manifest);
		return { name: manifest.name, version: manifest.version, dir: target };
	} finally {
		await fsp.rm(staging, { recursive: true, force: true });
	}
}

module.exports = { packProject, installPackage };
