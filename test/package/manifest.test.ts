/**
 * n8n loads each file the package.json `n8n` block lists and takes the export named like the file
 * (`X.credentials.js` → class `X`, `Y.node.js` → class `Y`); a mismatch makes n8n refuse the whole package.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { n8n: { credentials: string[]; nodes: string[] } };

describe('package.json n8n block', () => {
	it.each([...manifest.n8n.credentials, ...manifest.n8n.nodes])('%s exports the class its file is named after', (entry) => {
		const source = join(root, entry.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		const className = basename(entry).replace(/\.(credentials|node)\.js$/, '');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exported = require(source) as Record<string, unknown>;
		expect(typeof exported[className]).toBe('function');
		const instance = new (exported[className] as new () => { name?: string; description?: { name: string } })();
		expect(instance.name ?? instance.description?.name).toEqual(expect.any(String));
	});
});
