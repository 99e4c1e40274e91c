/**
 * Shared by the benchmarks that load a real n8n (bench/n8n.ts, bench/queue.ts): the load generator
 * (bench/n8nLoad.ts) run in a process of its own, and an unsigned POST that tells whether a webhook is live.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import type { LoadPlan, LoadResult } from './n8nLoad';

/** POSTs an empty JSON array; the status, or 0 when there is no answer within 10 s. */
export function postEmpty(url: string): Promise<number> {
	return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]', signal: AbortSignal.timeout(10_000) }).then(
		async (response) => {
			await response.arrayBuffer();
			return response.status;
		},
		() => 0,
	);
}

/** Runs the load generator on `plan`, signing with `secret`; `track` gets the child to account its CPU. */
export function runLoad(plan: LoadPlan, secret: string, track: (child: ChildProcess) => void): Promise<LoadResult> {
	const child = spawn(process.execPath, [join(__dirname, 'n8nLoad.js'), JSON.stringify(plan)], {
		stdio: ['ignore', 'pipe', 'inherit'],
		env: { ...process.env, BENCH_N8N_SECRET: secret },
	});
	track(child);
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	return new Promise((resolve, reject) => {
		child.once('exit', (code) => {
			const line = output.split('\n').find((candidate) => candidate.startsWith('BENCH_RESULT '));
			if (code !== 0 || !line) reject(new Error(`load generator failed (${code})`));
			else resolve((JSON.parse(line.slice('BENCH_RESULT '.length)) as { result: LoadResult }).result);
		});
	});
}
