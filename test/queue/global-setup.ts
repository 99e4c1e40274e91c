// Runs once before the queue-mode suite: installs PostgreSQL, Redis and nginx from Debian when missing, the
// pinned n8n into the runtime cache, then builds and packs the package.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { ensureRuntime, N8N_VERSION, packProject } from '../../scripts/n8n-runtime';
import { RUN_STATE_ENV, stateFile, writeRunState, type RunState } from '../e2e/run-state';
import { ensureServiceBinaries } from './services/debian';

const PROJECT = resolve(__dirname, '..', '..');

function say(message: string): void {
	process.stderr.write(`[queue] ${message}\n`);
}

export default async function globalSetup(): Promise<void> {
	const runDir = mkdtempSync(join(tmpdir(), 'crm-listeners-queue-'));
	let started = Date.now();
	await ensureServiceBinaries(say);
	say(`PostgreSQL, Redis and nginx present (${Date.now() - started} ms)`);
	started = Date.now();
	const runtime = await ensureRuntime({ n8nVersion: N8N_VERSION });
	const installMs = Date.now() - started;
	started = Date.now();
	say('building and packing the package (npm run build, npm pack)');
	const tarball = await packProject(PROJECT, runDir);
	const state: RunState = {
		runDir,
		tarball,
		packMs: Date.now() - started,
		versions: [{ spec: N8N_VERSION, version: N8N_VERSION, required: true, runtime, installMs }],
	};
	writeRunState(state);
	process.env[RUN_STATE_ENV] = stateFile(runDir);
	say(`run folder ${runDir}`);
}
