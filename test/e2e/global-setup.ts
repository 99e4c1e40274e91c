// Runs once before the e2e suite: installs the n8n versions to test (cached outside the repo), builds and
// packs the package. The pinned n8n must install; another version that cannot is skipped with its reason.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { ensureChromium } from '../../scripts/chromium';
import { ensureRuntime, N8N_VERSION, packProject, resolveN8nVersion } from '../../scripts/n8n-runtime';
import { BROWSER_ENV, RUN_STATE_ENV, stateFile, VERSIONS_ENV, writeRunState, type BrowserPlan, type RunState, type VersionPlan } from './run-state';

const PROJECT = resolve(__dirname, '..', '..');

function say(message: string): void {
	process.stderr.write(`[e2e] ${message}\n`);
}

/** The command that failed, and npm's own words when npm failed (its first two `npm error` lines). */
function reasonOf(error: unknown): string {
	const lines = (error instanceof Error ? error.message : String(error)).split('\n').map((line) => line.trim());
	const npmErrors = lines.filter((line) => /^npm error /.test(line) && !/complete log|^npm error\s*$/.test(line)).slice(0, 2);
	const first = lines.find((line) => line !== '') ?? 'unknown error';
	return [first, ...npmErrors].join('; ').slice(0, 400);
}

async function prepare(spec: string, required: boolean): Promise<VersionPlan> {
	const plan: VersionPlan = { spec, required };
	const started = Date.now();
	try {
		plan.version = await resolveN8nVersion(spec);
		say(`n8n ${spec === plan.version ? spec : `${spec} → ${plan.version}`}: making sure it is installed`);
		plan.runtime = await ensureRuntime({ n8nVersion: plan.version });
		plan.installMs = Date.now() - started;
	} catch (error) {
		if (required) throw error;
		plan.skipReason = `n8n ${plan.version ?? spec} could not be installed here: ${reasonOf(error)}`;
		say(`skipping: ${plan.skipReason}`);
	}
	return plan;
}

/** Debian's Chromium for the browser checks: installed with apt-get when missing (root, as on CI). */
async function prepareBrowser(): Promise<BrowserPlan> {
	if (process.env[BROWSER_ENV] === '0') return { skipReason: `${BROWSER_ENV}=0` };
	const { executablePath, version, installMs } = await ensureChromium(say);
	say(`browser checks with ${version}`);
	return { executablePath, version, installMs };
}

export default async function globalSetup(): Promise<void> {
	const runDir = mkdtempSync(join(tmpdir(), 'crm-listeners-e2e-'));
	const specs = (process.env[VERSIONS_ENV] ?? `${N8N_VERSION},1`)
		.split(',')
		.map((spec) => spec.trim())
		.filter((spec) => spec !== '');
	const versions: VersionPlan[] = [];
	for (const [index, spec] of specs.entries()) versions.push(await prepare(spec, index === 0));
	const browser = await prepareBrowser();

	const started = Date.now();
	say('building and packing the package (npm run build, npm pack)');
	const tarball = await packProject(PROJECT, runDir);
	const state: RunState = { runDir, tarball, packMs: Date.now() - started, versions, browser };
	writeRunState(state);
	// Workers start after this hook and inherit the environment.
	process.env[RUN_STATE_ENV] = stateFile(runDir);
	say(`run folder ${runDir}`);
}
