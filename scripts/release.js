#!/usr/bin/env node
'use strict';
// `npm run release -- <patch|minor|major|x.y.z>`: on a clean main, bump the version, date the CHANGELOG's
// unreleased section, point the documentation links at the new version (scripts/package-metadata.js), commit "Release vX.Y.Z" and tag it. Pushing the tag
// (`git push --follow-tags`) starts .github/workflows/publish.yml, which tests and publishes.
//
//   node scripts/release.js <patch|minor|major|x.y.z> [--allow-branch]

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const PROJECT = process.cwd();

/**
 * @param {string} command
 * @param {string[]} args
 */
function run(command, args) {
	return execFileSync(command, args, { cwd: PROJECT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/**
 * The CHANGELOG with its first "(unreleased)" heading dated as this version; throws when there is none.
 * @param {string} text
 * @param {string} version
 * @param {string} date YYYY-MM-DD
 */
function datedChangelog(text, version, date) {
	const heading = /^## .*\(unreleased\)\s*$/im;
	if (!heading.test(text)) throw new Error('CHANGELOG.md has no "## … (unreleased)" section: write what this release changes first');
	return text.replace(heading, `## ${version} (${date})`);
}

function release() {
	const bump = process.argv[2];
	if (!bump || !/^(patch|minor|major|\d+\.\d+\.\d+)$/.test(bump)) throw new Error('usage: npm run release -- <patch|minor|major|x.y.z>');
	if (run('git', ['status', '--porcelain']) !== '') throw new Error('the work tree has changes: commit or stash them first');
	const branch = run('git', ['rev-parse', '--abbrev-ref', 'HEAD']);
	if (branch !== 'main' && !process.argv.includes('--allow-branch')) throw new Error(`releases are made from main, not ${branch}`);
	const changelog = path.join(PROJECT, 'CHANGELOG.md');
	datedChangelog(fs.readFileSync(changelog, 'utf8'), 'check', 'before bumping');
	const version = run('npm', ['version', bump, '--no-git-tag-version']).replace(/^v/, '');
	// The documentation links point at the new version.
	run(process.execPath, [path.join(PROJECT, 'scripts', 'package-metadata.js')]);
	fs.writeFileSync(changelog, datedChangelog(fs.readFileSync(changelog, 'utf8'), version, new Date().toISOString().slice(0, 10)));
	run('git', ['add', 'package.json', 'package-lock.json', 'CHANGELOG.md', 'nodes']);
	run('git', ['commit', '-m', `Release v${version}`]);
	run('git', ['tag', '-a', `v${version}`, '-m', `v${version}`]);
	process.stdout.write(`v${version} committed and tagged. Publish: git push --follow-tags (the Publish workflow tests, then publishes with provenance)\n`);
}

module.exports = { datedChangelog };

if (require.main === module) {
	try {
		release();
	} catch (error) {
		process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(1);
	}
}
