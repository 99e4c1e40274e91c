// What a reviewer of a community package checks in package.json, and the nodes' documentation links: one
// setting (`repository.url`) that homepage and bugs derive from, documentation links derived from the package's
// name and version (npm's page of that version, which renders the README inside the tarball), a link that
// survives n8n's tracking query, and an anchor that exists in the README in the form npm's page gives it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodeType } from 'n8n-workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const metadata = require('../../scripts/package-metadata') as typeof import('../../scripts/package-metadata');

const ROOT = join(__dirname, '..', '..');
interface Manifest {
	name: string;
	version: string;
	license: string;
	author: { name?: string; email?: string };
	files: string[];
	engines: { node: string };
	homepage: string;
	bugs: { url: string };
	repository: { url: string };
	n8n: { nodes: string[]; credentials: string[] };
}
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
	const headings = markdown.split('\n').filter((line) => /^#{1,6} /.test(line));
	return new Set(headings.map((line) => line.replace(/^#+ /, '').trim().toLowerCase().replace(/[^\p{L}\p{N}\- _]/gu, '').replace(/ /g, '-')));
}

/** The link n8n's editor opens for a node's "Docs" (same logic in n8n 1.x NodeSettingsTabs and 2.x useNodeDocsUrl). */
function linkN8nOpens(description: { name: string; documentationUrl?: string; codex?: { resources?: { primaryDocumentation?: Array<{ url: string }> } } }): string {
	if (description.documentationUrl?.startsWith('http')) return description.documentationUrl;
	const query = new URLSearchParams({ utm_source: 'n8n_app', utm_medium: 'node_settings_modal-credential_link', utm_campaign: description.name });
	const primary = description.codex?.resources?.primaryDocumentation?.[0]?.url;
	return primary ? `${primary}?${query.toString()}` : `https://www.npmjs.com/package/${manifest.name}`;
}

function nodeOf(distFile: string): INodeType {
	const source = join(ROOT, distFile.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	const className = distFile.split('/').pop()?.replace(/\.node\.js$/, '') ?? '';
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = require(source) as Record<string, new () => INodeType>;
	const NodeClass = exported[className];
	if (!NodeClass) throw new Error(`${source} does not export ${className}`);
	return new NodeClass();
}

describe('package.json metadata', () => {
	it('derives homepage and bugs from repository.url and every documentation link from name and version (npm run metadata)', () => {
		expect(metadata.differences(manifest)).toEqual([]);
		expect(manifest.homepage).toBe(`${metadata.repositoryWebUrl(manifest)}#readme`);
		expect(manifest.bugs.url).toBe(`${metadata.repositoryWebUrl(manifest)}/issues`);
	});

	it('names an author with an email, a license with its file, only dist/ as files', () => {
		expect(manifest.author).toEqual({ name: expect.any(String), email: expect.stringMatching(/^[^@\s]+@[^@\s]+\.[a-z]+$/) });
		expect(manifest.license).toBe('MIT');
		expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toContain('MIT License');
		expect(manifest.files).toEqual(['dist']);
	});

	it.each([
		['16.9.0', 'the oldest Node n8n 1.0 runs on'],
		['20.19.0', 'n8n 1.123'],
		['22.16.0', 'n8n 1.x on Node 22'],
		['24.0.0', 'n8n 2.x'],
	])('engines admits Node %s (%s)', (version) => {
		const [, minimum = ''] = /^>=(\d+(?:\.\d+){0,2})$/.exec(manifest.engines.node) ?? [];
		const [a = 0, b = 0, c = 0] = minimum.split('.').map(Number);
		const [x = 0, y = 0, z = 0] = version.split('.').map(Number);
		expect(minimum).not.toBe('');
		expect(x * 1e6 + y * 1e3 + z).toBeGreaterThanOrEqual(a * 1e6 + b * 1e3 + c);
	});
});

describe.each(manifest.n8n.nodes)('documentation link of %s', (distFile) => {
	const node = nodeOf(distFile);
	const codex = JSON.parse(readFileSync(join(ROOT, metadata.codexFileOf(distFile)), 'utf8')) as { resources: { primaryDocumentation: Array<{ url: string }> } };
	const codexUrl = codex.resources.primaryDocumentation[0]?.url ?? '';

	it("is the README section of this version on npm's page of the version, from the codex", () => {
		expect(metadata.readmeUrl(manifest)).toBe(`https://www.npmjs.com/package/${manifest.name}/v/${manifest.version}`);
		const anchor = metadata.anchorOf(codexUrl);
		expect(anchors(readme).has(anchor)).toBe(true);
		// npm's page names each heading `user-content-<anchor>` and does not map the bare anchor; GitHub takes both.
		expect(codexUrl).toBe(`${metadata.readmeUrl(manifest)}#user-content-${anchor}`);
		expect(node.description.documentationUrl).toBe(codexUrl);
	});

	it("opens in n8n's editor with the anchor intact (n8n appends its tracking query to codex links)", () => {
		const opened = new URL(linkN8nOpens({ ...node.description, codex }));
		expect(opened.hash).toBe(`#user-content-${metadata.anchorOf(codexUrl)}`);
		expect(opened.search).toBe('');
		// What the codex link alone would give: the query glued to the anchor.
		expect(new URL(linkN8nOpens({ name: node.description.name, codex })).hash).toContain('?utm_source=');
	});
});

it('every file the n8n block names has its source', () => {
	for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
		expect(existsSync(join(ROOT, file.replace(/^dist\//, '').replace(/\.js$/, '.ts')))).toBe(true);
	}
});
