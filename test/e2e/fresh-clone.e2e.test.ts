// A newcomer's first minutes, as the README promises them: a fresh clone with nothing installed runs
// `npm start -- --help` at once, and the dependency step (`npm start -- --dry-run`, which installs the locked
// dependencies and says what a start would do without starting n8n) succeeds, then finds them current.
// It clones the committed HEAD, so uncommitted changes are not part of what it checks.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const PROJECT = resolve(__dirname, '..', '..');
const INSTALL_TIMEOUT_MS = 20 * 60_000;

/** The environment a person's shell has: none of the npm_* variables of the `npm test` running this. */
function shellEnv(): NodeJS.ProcessEnv {
	return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== 'INIT_CWD' && name !== 'NODE_ENV'));
}

function inClone(dir: string, command: string, args: string[]): { status: number | null; out: string } {
	const result = spawnSync(command, args, { cwd: dir, env: shellEnv(), encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS });
	return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('a fresh clone', () => {
	let dir = '';

	beforeAll(() => {
		dir = join(mkdtempSync(join(tmpdir(), 'crm-listeners-clone-')), 'n8n-nodes-crm-listeners');
		const clone = spawnSync('git', ['clone', '--quiet', '--no-hardlinks', PROJECT, dir], { encoding: 'utf8' });
		if (clone.status !== 0) throw new Error(`git clone failed: ${clone.stderr}`);
	});

	afterAll(() => {
		if (dir) rmSync(resolve(dir, '..'), { recursive: true, force: true });
	});

	it('has no node_modules, and `npm start -- --help` answers without installing anything', () => {
		expect(existsSync(join(dir, 'node_modules'))).toBe(false);
		const help = inClone(dir, 'npm', ['start', '--silent', '--', '--help']);
		expect(help).toMatchObject({ status: 0 });
		expect(help.out).toContain('usage: npm start');
		expect(help.out).toContain('--dry-run');
		expect(existsSync(join(dir, 'node_modules'))).toBe(false);
		expect(inClone(dir, process.execPath, ['scripts/ensure-deps.js', '--check'])).toMatchObject({ status: 1, out: expect.stringContaining('missing') });
	});

	it('`npm start -- --dry-run` installs the locked dependencies once, with one line saying so, then finds them current', () => {
		const first = inClone(dir, 'npm', ['start', '--silent', '--', '--dry-run']);
		expect(first.out).toMatch(/▶ installing the locked dependencies \(npm ci: node_modules is missing\) … done in \d+ s/);
		expect(first).toMatchObject({ status: 0, out: expect.stringContaining('what a start would do') });
		for (const bin of ['eslint', 'tsc', 'jest', 'rimraf', 'gulp', 'n8n-node']) expect(existsSync(join(dir, 'node_modules', '.bin', bin))).toBe(true);

		const second = inClone(dir, 'npm', ['start', '--silent', '--', '--dry-run']);
		expect(second).toMatchObject({ status: 0 });
		expect(second.out).not.toContain('installing the locked dependencies');
		expect(inClone(dir, process.execPath, ['scripts/ensure-deps.js', '--check'])).toMatchObject({ status: 0, out: expect.stringContaining('current') });
	}, INSTALL_TIMEOUT_MS + 60_000);

	it('runs the same dependency step first in `npm test`, before anything that needs node_modules', () => {
		const manifest = JSON.parse(inClone(dir, 'git', ['show', 'HEAD:package.json']).out) as { scripts: Record<string, string> };
		expect(manifest.scripts.test.split('&&')[0]?.trim()).toBe('node scripts/ensure-deps.js');
		expect(manifest.scripts.start).toBe('node scripts/start.js');
	});
});
