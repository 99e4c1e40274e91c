// What the e2e global setup prepared (runtimes, the packed package) and hands to the suite, the summary
// reporter and the teardown: a JSON file in the run's folder, found through an environment variable.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Runtime } from '../../scripts/n8n-runtime';

export const RUN_STATE_ENV = 'CRM_LISTENERS_E2E_STATE';

/** Which n8n versions to try: comma-separated exact versions or ranges; the first one must pass. */
export const VERSIONS_ENV = 'CRM_LISTENERS_E2E_N8N';

/** Set to 1 to keep the run folder (user folders, n8n logs) even when everything passed. */
export const KEEP_ENV = 'CRM_LISTENERS_E2E_KEEP';

export interface VersionPlan {
	/** What was asked for: `2.40.7`, `1` (newest 1.x) … */
	spec: string;
	/** The exact version, once resolved. */
	version?: string;
	/** A failure to install the required version fails the run; others are skipped with the reason. */
	required: boolean;
	runtime?: Runtime;
	skipReason?: string;
	installMs?: number;
}

/** Set to 0 to leave out the browser checks (headless Chromium driving the editor); see test/browser/README.md. */
export const BROWSER_ENV = 'CRM_LISTENERS_E2E_BROWSER';

/** Set to a folder (`npm run screenshots`: docs/) to write the README's screenshots there. */
export const SCREENSHOTS_ENV = 'CRM_LISTENERS_SCREENSHOTS';

export interface BrowserPlan {
	/** Debian's Chromium, when the browser checks run. */
	executablePath?: string;
	version?: string;
	installMs?: number;
	/** Why the browser checks are left out. */
	skipReason?: string;
}

export interface RunState {
	runDir: string;
	tarball: string;
	packMs: number;
	versions: VersionPlan[];
	/** Absent when the suite that wrote this state runs no browser (the queue-mode suite). */
	browser?: BrowserPlan;
}

export function stateFile(runDir: string): string {
	return join(runDir, 'state.json');
}

export function pidFile(runDir: string): string {
	return join(runDir, 'pids');
}

export function writeRunState(state: RunState): void {
	writeFileSync(stateFile(state.runDir), `${JSON.stringify(state, null, 2)}\n`);
}

export function readRunState(): RunState {
	const file = process.env[RUN_STATE_ENV];
	if (!file || !existsSync(file)) {
		throw new Error(`${RUN_STATE_ENV} is not set: run the e2e suite with \`npm run test:e2e\` (jest -c jest.e2e.config.js)`);
	}
	return JSON.parse(readFileSync(file, 'utf8')) as RunState;
}

/** Remember a process group the suite started, so the teardown can end it if the suite could not. */
export function recordPid(runDir: string, pid: number): void {
	appendFileSync(pidFile(runDir), `${pid}\n`);
}

export function recordedPids(runDir: string): number[] {
	if (!existsSync(pidFile(runDir))) return [];
	return readFileSync(pidFile(runDir), 'utf8')
		.split('\n')
		.map(Number)
		.filter((pid) => Number.isInteger(pid) && pid > 0);
}
