'use strict';
// What `npm start` may skip: a fingerprint (SHA-256 over paths and contents) of each phase's inputs, stored
// beside its output after the phase succeeds, and compared on the next start.

const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/**
 * Every file under `entry` (a file or a folder), relative to `root`, sorted.
 * @param {string} root
 * @param {string} entry
 * @returns {string[]}
 */
function filesUnder(root, entry) {
	const full = path.join(root, entry);
	if (!fs.existsSync(full)) return [];
	if (!fs.statSync(full).isDirectory()) return [entry];
	return fs
		.readdirSync(full)
		.sort()
		.flatMap((name) => filesUnder(root, path.join(entry, name)));
}

/**
 * A fingerprint of the given files and folders under `root`, plus any extra values (a URL, a version).
 * @param {string} root
 * @param {string[]} entries
 * @param {string[]} [extra]
 * @returns {string}
 */
function fingerprint(root, entries, extra = []) {
	const hash = createHash('sha256');
	for (const file of entries.flatMap((entry) => filesUnder(root, entry))) {
		hash.update(`${file}\0`);
		hash.update(fs.readFileSync(path.join(root, file)));
		hash.update('\0');
	}
	for (const value of extra) hash.update(`${value}\0`);
	return hash.digest('hex');
}

/**
 * @param {string} file
 * @returns {Record<string, string>}
 */
function readStamps(file) {
	try {
		/** @type {unknown} */
		const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
		return typeof parsed === 'object' && parsed !== null ? /** @type {Record<string, string>} */ (parsed) : {};
	} catch {
		return {};
	}
}

/**
 * @param {string} file
 * @param {string} key
 * @param {string} value
 */
function writeStamp(file, key, value) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${JSON.stringify({ ...readStamps(file), [key]: value }, null, 2)}\n`);
}

module.exports = { fingerprint, readStamps, writeStamp };
