// `npm run release` in a throw-away copy of the repository: version bumped, CHANGELOG dated, documentation
// links on the new tag, one commit and one tag; refused on a dirty tree or without an unreleased section.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; n8n: { nodes: string[] } };
const codexFiles = manifest.n8n.nodes.map((file) => file.replace(/^dist\//, '').replace(/\.js$/, '.json'));

function copyRepository(): string {
	const dir = mkdtempSync(join(tmpdir(), 'crm-listeners-release-'));
	for (const file of ['package.json', 'package-lock.json', 'CHANGELOG.md', '.npmrc', 'scripts/package-metadata.js', 'scripts/release.js', ...codexFiles]) {
		mkdirSync(dirname(join(dir, file)), { recursive: true });
		cpSync(join(ROOT, file), join(dir, file));
	}
	const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
	git('init', '--quiet', '--initial-branch=main');
	git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'add', '.');
	git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-m', 'start');
	return dir;
}

function release(dir: string, ...args: string[]) {
	const env: NodeJS.ProcessEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
	for (const name of Object.keys(env)) if (/^npm_/i.test(name)) delete env[name];
	return spawnSync(process.execPath, ['scripts/release.js', ...args], { cwd: dir, env, encoding: 'utf8' });
}

describe('npm run release', () => {
	const dirs: string[] = [];
	afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

	it('bumps, dates the CHANGELOG, moves the documentation links to the new tag, commits and tags', () => {
		const dir = copyRepository();
		dirs.push(dir);
		const result = release(dir, 'minor');
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		const [major = 0, minor = 0] = manifest.version.split('.').map(Number);
		const version = `${major}.${minor + 1}.0`;
		expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version).toBe(version);
		expect(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')).toMatch(new RegExp(`^## ${version.replace(/\./g, '\\.')} \\(\\d{4}-\\d{2}-\\d{2}\\)$`, 'm'));
		for (const file of codexFiles) expect(readFileSync(join(dir, file), 'utf8')).toContain(`https://www.npmjs.com/package/n8n-nodes-crm-listeners/v/${version}#user-content-`);
		const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
		expect(git('tag', '--list')).toBe(`v${version}`);
		expect(git('log', '-1', '--format=%s')).toBe(`Release v${version}`);
		expect(git('status', '--porcelain')).toBe('');
	}, 60_000);

	it('refuses a work tree with changes, and a CHANGELOG without an unreleased section', () => {
		const dir = copyRepository();
		dirs.push(dir);
		writeFileSync(join(dir, 'scratch.txt'), 'x');
		expect(release(dir, 'patch')).toMatchObject({ status: 1, stderr: expect.stringContaining('the work tree has changes') });
		rmSync(join(dir, 'scratch.txt'));
		writeFileSync(join(dir, 'CHANGELOG.md'), '# Changelog\n\n## 0.0.1 (2026-01-01)\n- first\n');
		execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-am', 'no unreleased'], { cwd: dir });
		expect(release(dir, 'patch')).toMatchObject({ status: 1, stderr: expect.stringContaining('no "## … (unreleased)" section') });
		expect(execFileSync('git', ['status', '--porcelain'], { cwd: dir, encoding: 'utf8' })).toBe('');
	}, 60_000);
});
