#!/usr/bin/env node
'use strict';
// Chromium for the browser checks of the end-to-end suite and `npm run screenshots`: Debian's `chromium`
// package, installed with apt-get when /usr/bin/chromium is missing (CI runs as root on a fresh machine).
// No browser is ever downloaded at run time: playwright-core drives this binary.
//
//   node scripts/chromium.js [install]   install when missing, then print the version
//
// Library: const { ensureChromium, CHROMIUM_ARGS } = require('./chromium');

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');

/** Where Debian's package puts the browser (overridable for another distribution's build). */
const CHROMIUM = process.env.CRM_LISTENERS_CHROMIUM || '/usr/bin/chromium';

/**
 * Flags for a headless run on a closed network: no sandbox (root in CI), no GPU, and none of the background
 * connections (updates, sync, QUIC, first-run pages) that this machine's network refuses.
 */
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

/**
 * @param {string[]} args
 * @returns {Promise<void>}
 */
function aptGet(args) {
	return new Promise((resolve, reject) => {
		const child = spawn('apt-get', args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (/** @type {Buffer} */ chunk) => (output += chunk.toString()));
		child.stderr.on('data', (/** @type {Buffer} */ chunk) => (output += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0 ? resolve() : reject(new Error(`apt-get ${args.join(' ')} exited with ${code}:\n${output.split('\n').slice(-20).join('\n')}`)),
		);
	});
}

/** The browser's own version line, e.g. "Chromium 156.0.8078.73 built on Debian …". */
function chromiumVersion() {
	const result = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8', timeout: 30_000 });
	return (result.stdout || '').trim();
}

/**
 * Make sure Debian's Chromium is installed (apt-get update + install only when the binary is missing; needs
 * root, as on CI). Returns the binary's path and version.
 * @param {(message: string) => void} [say]
 * @returns {Promise<{ executablePath: string, version: string, installMs: number }>}
 */
async function ensureChromium(say = () => undefined) {
	const started = Date.now();
	if (!fs.existsSync(CHROMIUM)) {
		if (process.getuid?.() !== 0) {
			throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (sudo apt-get install --no-install-recommends chromium)`);
		}
		say('installing Debian package chromium with apt-get (once)');
		await aptGet(['update']);
		// Fonts come with the package's dependencies; the recommends (extensions, drivers) are not needed headless.
		await aptGet(['install', '-y', '--no-install-recommends', 'chromium']);
		if (!fs.existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
	}
	const version = chromiumVersion();
	if (!/chrom/i.test(version)) throw new Error(`${CHROMIUM} --version printed nothing usable: is it a working browser?`);
	return { executablePath: CHROMIUM, version, installMs: Date.now() - started };
}

module.exports = { CHROMIUM, CHROMIUM_ARGS, ensureChromium };

if (require.main === module) {
	ensureChromium((message) => process.stderr.write(`[chromium] ${message}\n`)).then(
		({ executablePath, version, installMs }) => process.stdout.write(`${version} at ${executablePath}${installMs > 1000 ? ` (installed in ${Math.round(installMs / 1000)} s)` : ''}\n`),
		(error) => {
			process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
			process.exit(1);
		},
	);
}
