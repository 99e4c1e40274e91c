#!/usr/bin/env node
'use strict';
// One setting, `repository.url` in package.json, names the project's home. Everything that points there is
// derived from it by this script: package.json `homepage` and `bugs`. Each node's documentation link (its codex
// `primaryDocumentation`, which the node description also uses as `documentationUrl`) is derived from `name` and
// `version`: the node's section of the README published in the package, as npm's page for that version shows it.
//
//   node scripts/package-metadata.js           rewrite the derived values (`npm run metadata`; `npm run release` runs it)
//   node scripts/package-metadata.js --check   exit 1 and list what differs (the unit suite runs the same check)

const fs = require('node:fs');
const path = require('node:path');

const PROJECT = path.resolve(__dirname, '..');

/**
 * @typedef {object} Manifest
 * @property {string} name
 * @property {string} version
 * @property {{ type?: string, url?: string } | string} [repository]
 * @property {string} [homepage]
 * @property {{ url?: string } | string} [bugs]
 * @property {{ nodes?: string[], credentials?: string[] }} [n8n]
 */

/**
 * @typedef {object} Codex
 * @property {{ primaryDocumentation?: Array<{ url: string }> } & Record<string, unknown>} [resources]
 */

/**
 * The repository's web address from `repository.url` (`git+https://github.com/o/r.git` → `https://github.com/o/r`).
 * @param {Manifest} manifest
 */
function repositoryWebUrl(manifest) {
	const raw = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
	if (!raw) throw new Error('package.json has no repository.url: it is the one setting every project link derives from');
	const web = raw.replace(/^git\+/, '').replace(/\.git$/, '').replace(/^git:\/\//, 'https://');
	if (!/^https:\/\/[^/]+\/[^/]+\/[^/]+$/.test(web)) throw new Error(`package.json repository.url is not a repository address: ${raw}`);
	return web;
}

/**
 * The README as published with this version: npm's page of the version renders the README inside its tarball, so
 * the link needs no repository, and shows what the installed nodes were built with (not a newer main).
 * @param {Manifest} manifest
 */
function readmeUrl(manifest) {
	return `https://www.npmjs.com/package/${manifest.name}/v/${manifest.version}`;
}

/**
 * npm's README page gives each heading the id `user-content-<GitHub's anchor>` and does not map the bare anchor
 * to it; GitHub accepts both forms. The link carries the prefixed form, so it works on either.
 */
const ANCHOR_PREFIX = 'user-content-';

/**
 * A node's documentation link to a README heading anchor (GitHub's form, e.g. `hubspot-webhook-trigger`).
 * @param {Manifest} manifest
 * @param {string} anchor
 */
function documentationUrl(manifest, anchor) {
	return `${readmeUrl(manifest)}#${ANCHOR_PREFIX}${anchor}`;
}

/**
 * The source codex file of a node the `n8n` block names (`dist/nodes/X/X.node.js` → `nodes/X/X.node.json`).
 * @param {string} distFile
 */
function codexFileOf(distFile) {
	return distFile.replace(/^dist\//, '').replace(/\.js$/, '.json');
}

/**
 * The README heading anchor a documentation URL points at (GitHub's form, without npm's `user-content-` prefix).
 * @param {string} url
 */
function anchorOf(url) {
	const index = url.indexOf('#');
	const fragment = index >= 0 ? url.slice(index + 1) : '';
	return fragment.startsWith(ANCHOR_PREFIX) ? fragment.slice(ANCHOR_PREFIX.length) : fragment;
}

/** @param {string} file */
function readJson(file) {
	return JSON.parse(fs.readFileSync(path.join(PROJECT, file), 'utf8'));
}

/**
 * What the derived values should be, and where they differ from the files.
 * @param {Manifest} manifest
 * @returns {Array<{ file: string, field: string, have: unknown, want: string }>}
 */
function differences(manifest) {
	const web = repositoryWebUrl(manifest);
	const bugs = typeof manifest.bugs === 'string' ? manifest.bugs : manifest.bugs?.url;
	const found = [
		{ file: 'package.json', field: 'homepage', have: manifest.homepage, want: `${web}#readme` },
		{ file: 'package.json', field: 'bugs.url', have: bugs, want: `${web}/issues` },
	];
	for (const node of manifest.n8n?.nodes ?? []) {
		const file = codexFileOf(node);
		/** @type {Codex} */
		const codex = readJson(file);
		const have = codex.resources?.primaryDocumentation?.[0]?.url ?? '';
		found.push({ file, field: 'resources.primaryDocumentation[0].url', have, want: documentationUrl(manifest, anchorOf(have)) });
	}
	return found.filter((d) => d.have !== d.want);
}

/** @param {Manifest} manifest */
function write(manifest) {
	const web = repositoryWebUrl(manifest);
	const updated = { ...manifest, homepage: `${web}#readme`, bugs: { url: `${web}/issues` } };
	fs.writeFileSync(path.join(PROJECT, 'package.json'), `${JSON.stringify(updated, null, 2)}\n`);
	for (const node of manifest.n8n?.nodes ?? []) {
		const file = codexFileOf(node);
		/** @type {Codex} */
		const codex = readJson(file);
		const url = codex.resources?.primaryDocumentation?.[0]?.url;
		if (url === undefined) throw new Error(`${file}: no resources.primaryDocumentation[0].url (give it "#<README anchor>")`);
		// Only the address changes: the codex file keeps its layout.
		const text = fs.readFileSync(path.join(PROJECT, file), 'utf8');
		fs.writeFileSync(path.join(PROJECT, file), text.replace(JSON.stringify(url), JSON.stringify(documentationUrl(manifest, anchorOf(url)))));
	}
}

module.exports = { repositoryWebUrl, readmeUrl, documentationUrl, codexFileOf, anchorOf, differences };

if (require.main === module) {
	/** @type {Manifest} */
	const manifest = readJson('package.json');
	if (process.argv.includes('--check')) {
		const found = differences(manifest);
		for (const d of found) process.stderr.write(`${d.file} ${d.field}: ${JSON.stringify(d.have)}, derived: ${d.want}\n`);
		if (found.length > 0) process.stderr.write('run `npm run metadata` after changing repository.url, name or version in package.json\n');
		process.exit(found.length > 0 ? 1 : 0);
	}
	write(manifest);
}
