// Runs once after the e2e suite, pass or fail: ends any n8n process group the suite started and could not
// stop (a crash, a timeout), then removes the run folder unless a test failed or CRM_LISTENERS_E2E_KEEP=1.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { KEEP_ENV, readRunState, recordedPids, RUN_STATE_ENV } from './run-state';

/** Written by the summary reporter when a test failed: the logs in the run folder are then worth keeping. */
export const FAILED_MARKER = 'FAILED';

function groupAlive(pid: number): boolean {
	try {
		process.kill(-pid, 0);
		return true;
	} catch {
		return false;
	}
}

export default async function globalTeardown(): Promise<void> {
	if (!process.env[RUN_STATE_ENV]) return;
	const { runDir } = readRunState();
	for (const pid of recordedPids(runDir)) {
		if (!groupAlive(pid)) continue;
		process.stderr.write(`[e2e] process group ${pid} was still running: killing it\n`);
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// gone in the meantime
		}
	}
	if (existsSync(join(runDir, FAILED_MARKER)) || process.env[KEEP_ENV] === '1') {
		process.stderr.write(`[e2e] kept ${runDir} (n8n logs: ${runDir}/n8n-*/n8n.log)\n`);
		return;
	}
	rmSync(runDir, { recursive: true, force: true });
}
