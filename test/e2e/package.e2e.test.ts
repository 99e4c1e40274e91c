// The tarball the global setup packed, as npm would publish it and n8n's reviewers receive it: what is in
// it (and what is not), that every file the package.json `n8n` block names loads and brings its icons and
// codex, no secrets, and n8n's community package scanner rules over it (scripts/scan-package.js). The n8n
// block is read from the packed package.json, so new nodes and credentials are covered without edits here.
// That both n8n versions load it is asserted in crm-listeners.e2e.test.ts (every workflow activates).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

import type { ICredentialType, INodeType } from 'n8n-workflow';

import { readRunState } from './run-state';

const PROJECT = resolve(__dirname, '..', '..');
const state = readRunState();
// Inside the project so that `n8n-workflow` (which n8n provides at run time) resolves from node_modules.
const DIR = join(PROJECT, '.cache', `tarball-check-${process.pid}`);

interface PackedManifest {
	name: string;
	files?: string[];
	scripts?: Record<string, string>;
	dependencies?: Record<string, string>;
	n8n: { nodes: string[]; credentials: string[] };
}

/** Secrets that must never ship: private keys, npm / GitHub / AWS / Slack tokens, HubSpot private-app tokens. */
const SECRET_PATTERNS: Array<[string, RegExp]> = [
	['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
	['npm token', /\bnpm_[A-Za-z0-9]{36}\b/],
	['GitHub token', /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{40,}/],
	['AWS access key', /\bAKIA[0-9A-Z]{16}\b/],
	['Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
	['HubSpot private app token', /\bpat-(?:na|eu)\d-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/],
];

/** Icons a description names as `file:…`, themed or not. */
function iconFiles(icon: unknown): string[] {
	const names = typeof icon === 'string' ? [icon] : typeof icon === 'object' && icon !== null ? Object.values(icon) : [];
	return names.filter((name): name is string => typeof name === 'string' && name.startsWith('file:')).map((name) => name.slice('file:'.length));
}

function instanceOf<T>(file: string): T {
	const className = file.split('/').pop()?.replace(/\.(node|credentials)\.js$/, '') ?? '';
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = require(join(DIR, file)) as Record<string, new () => T>;
	const Class = exported[className];
	if (!Class) throw new Error(`${file} does not export ${className}`);
	return new Class();
}

let entries: string[] = [];
let manifest: PackedManifest;

beforeAll(() => {
	rmSync(DIR, { recursive: true, force: true });
	mkdirSync(DIR, { recursive: true });
	const list = spawnSync('tar', ['-tzf', state.tarball], { encoding: 'utf8' });
	entries = list.stdout
		.split('\n')
		.filter((line) => line !== '')
		.map((line) => line.replace(/^package\//, ''));
	const extract = spawnSync('tar', ['-xzf', state.tarball, '-C', DIR, '--strip-components=1'], { encoding: 'utf8' });
	if (extract.status !== 0) throw new Error(`tar: ${extract.stderr}`);
	manifest = JSON.parse(readFileSync(join(DIR, 'package.json'), 'utf8')) as PackedManifest;
});

afterAll(() => rmSync(DIR, { recursive: true, force: true }));

describe('the packed tarball', () => {
	it('holds dist/ and what npm always adds (package.json, README.md, LICENSE), nothing else', () => {
		expect(manifest.files).toEqual(['dist']);
		expect(entries.filter((entry) => !entry.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
	});

	it('has no tests, no TypeScript sources, no source maps (not built), no dotfiles', () => {
		const unwanted = entries.filter((entry) => /(^|\/)(test|tests|__tests__)\/|\.test\.|\.spec\.|\.ts$|\.map$|(^|\/)\./.test(entry));
		expect(unwanted).toEqual([]);
	});

	it('has no runtime dependencies', () => {
		expect(manifest.dependencies ?? {}).toEqual({});
	});

	it('has no secrets', () => {
		const found = entries.flatMap((entry) => {
			const text = readFileSync(join(DIR, entry), 'utf8');
			return SECRET_PATTERNS.filter(([, pattern]) => pattern.test(text)).map(([what]) => `${entry}: ${what}`);
		});
		expect(found).toEqual([]);
	});

	it('holds every node the n8n block names, which loads with its codex and icons', () => {
		expect(manifest.n8n.nodes.length).toBeGreaterThan(0);
		for (const file of manifest.n8n.nodes) {
			expect(entries).toContain(file);
			expect(entries).toContain(file.replace(/\.js$/, '.json'));
			const { description } = instanceOf<INodeType>(file);
			expect(iconFiles(description.icon).length).toBeGreaterThan(0);
			for (const icon of iconFiles(description.icon)) expect(existsSync(join(DIR, dirname(file), icon))).toBe(true);
		}
	});

	it('holds every credential the n8n block names, which loads with its icon', () => {
		expect(manifest.n8n.credentials.length).toBeGreaterThan(0);
		for (const file of manifest.n8n.credentials) {
			expect(entries).toContain(file);
			const credential = instanceOf<ICredentialType>(file);
			for (const icon of iconFiles(credential.icon)) expect(existsSync(join(DIR, dirname(file), icon))).toBe(true);
		}
	});

	it("passes n8n's community package scanner rules (compiled JavaScript and package.json)", () => {
		const scan = spawnSync(process.execPath, [join(PROJECT, 'scripts', 'scan-package.js'), DIR], { encoding: 'utf8' });
		expect(`${scan.stdout}${scan.stderr}`).toMatch(/^passed: tarball/);
		expect(scan.status).toBe(0);
	});
});
