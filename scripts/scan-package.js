#!/usr/bin/env node
'use strict';
// n8n's community package scanner (@n8n/scan-community-package), offline. Its command line only scans a
// version published on npm: it checks the npm provenance attestation, downloads the attested GitHub source
// and the tarball, then lints both with n8n's rules. The lint is the part that runs on a local folder; this
// script runs exactly that (its exported `analyzePackage`, same rules and file patterns) on an unpacked
// tarball and, with --source, on the source tree. Provenance exists only once the publish workflow has
// published from GitHub Actions, so it is not checked here.
//
//   node scripts/scan-package.js <unpacked tarball folder> [--source <project folder>]

const path = require('node:path');

/**
 * @typedef {object} ScanResult
 * @property {boolean} passed
 * @property {string} [message]
 * @property {string} [details]
 */

/**
 * @typedef {object} Scanner
 * @property {(dir: string, patterns?: string[]) => Promise<ScanResult>} analyzePackage
 * @property {string[]} SOURCE_FILE_PATTERNS
 */

const SCANNER = '@n8n/scan-community-package/scanner/scanner.mjs';
/** The patterns the scanner uses for a downloaded tarball: compiled JavaScript and the published manifest. */
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

/**
 * @param {string} tarballDir
 * @param {string | undefined} sourceDir
 * @returns {Promise<Array<{ what: string, result: ScanResult }>>}
 */
async function scan(tarballDir, sourceDir) {
	/** @type {Scanner} */
	const scanner = await import(SCANNER);
	const results = [{ what: `tarball ${tarballDir}`, result: await scanner.analyzePackage(path.resolve(tarballDir), TARBALL_PATTERNS) }];
	if (sourceDir) results.push({ what: `source ${sourceDir}`, result: await scanner.analyzePackage(path.resolve(sourceDir), scanner.SOURCE_FILE_PATTERNS) });
	return results;
}

module.exports = { scan };

if (require.main === module) {
	const [tarballDir] = process.argv.slice(2);
	const sourceIndex = process.argv.indexOf('--source');
	const sourceDir = sourceIndex >= 0 ? process.argv[sourceIndex + 1] : undefined;
	if (!tarballDir || tarballDir.startsWith('--')) {
		process.stderr.write('usage: node scripts/scan-package.js <unpacked tarball folder> [--source <project folder>]\n');
		process.exit(2);
	}
	scan(tarballDir, sourceDir).then(
		(results) => {
			for (const { what, result } of results) process.stdout.write(`${result.passed ? 'passed' : 'FAILED'}: ${what}${result.message ? `: ${result.message}` : ''}\n${result.details ?? ''}`);
			process.exit(results.every(({ result }) => result.passed) ? 0 : 1);
		},
		(error) => {
			process.stderr.write(`${error instanceof Error ? error.stack || error.message : String(error)}\n`);
			process.exit(1);
		},
	);
}
