/**
 * Benchmark 6, n8n in queue mode: the installation of the queue-mode suite (PostgreSQL, Redis, nginx; n8n
 * 2.40.7 as one main, two webhook processes and one worker, the packed package in each) and one active
 * workflow: our HubSpot Webhook Trigger (signature verification and duplicate memory on, counts in the answer)
 * followed by a NoOp. The load generator (bench/n8nLoad.ts, its own process) sends signed 100-event deliveries
 * over keep-alive connections to nginx, alternating round by round between
 *   one — nginx's second port, whose upstream is the first webhook process only;
 *   two — nginx's main port, round robin over both webhook processes.
 * Sustained throughput counts the time the worker needs afterwards to finish the executions. The CPU time of
 * every process with its descendants (each n8n process, PostgreSQL, Redis, nginx) is read from /proc around
 * each phase: where the time goes. Both variants send to the same workflow, so each sends its own events. Finished executions are not kept (EXECUTIONS_DATA_SAVE_ON_SUCCESS=none), as in production.
 *
 * Needs the runtime cache (Node 24 + n8n 2.40.7) and PostgreSQL, Redis and nginx installed (the queue-mode
 * suite installs them); otherwise it reports "skipped" instead of installing anything.
 */
import './env';

import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import type * as N8nRuntime from '../scripts/n8n-runtime';
import { CLIENT_SECRET } from '../test/queue/deliveries';
import { findServiceBinaries } from '../test/queue/services/debian';
import { startQueueStack, type QueueStack } from '../test/queue/stack';
import { postEmpty, runLoad } from './loadProcess';
import { log, median, report } from './measure';
import type { LoadPlan, PhaseResult } from './n8nLoad';

const ROOT = join(__dirname, '..', '..', '..');
const CONNECTIONS = Number(process.env.BENCH_QUEUE_CONNECTIONS ?? 10);
const WARMUP_S = Number(process.env.BENCH_QUEUE_WARMUP_S ?? 5);
const DURATION_S = Number(process.env.BENCH_QUEUE_SECONDS ?? 15);
const ROUNDS = Number(process.env.BENCH_QUEUE_ROUNDS ?? 3);
const WORKFLOW = 'hubspot-webhook-throughput';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeLib = require(join(ROOT, 'scripts', 'n8n-runtime.js')) as typeof N8nRuntime;

interface VariantFigures {
	perSecond: number;
	answeredPerSecond: number;
	perSecondRuns: number[];
	p50Ms: number;
	requests: number;
	errors: number;
	dropped: number;
	/** Median over the rounds of each process group's CPU time per delivery (ms). */
	cpuMsPerDelivery: Record<string, number>;
}

function figures(phases: PhaseResult[]): VariantFigures {
	const latencies = phases.flatMap((phase) => phase.latenciesMs).sort((a, b) => a - b);
	const groups = Object.keys(phases[0]?.cpuMsByGroup ?? {});
	return {
		perSecond: median(phases.map((phase) => phase.perSecond)),
		answeredPerSecond: median(phases.map((phase) => phase.answeredPerSecond)),
		perSecondRuns: phases.map((phase) => phase.perSecond),
		p50Ms: latencies[Math.floor(latencies.length / 2)] ?? Number.NaN,
		requests: latencies.length,
		errors: phases.reduce((sum, phase) => sum + phase.errors, 0),
		dropped: phases.reduce((sum, phase) => sum + phase.dropped, 0),
		cpuMsPerDelivery: Object.fromEntries(groups.map((group) => [group, median(phases.map((phase) => phase.cpuMsByGroup[group] / Math.max(1, phase.requests)))])),
	};
}

async function main(): Promise<void> {
	if (!runtimeLib.runtimeInstalled()) {
		log('skipped: runtime not installed');
		report('queue', { skipped: 'runtime not installed' });
		return;
	}
	// Only looked for: the queue-mode suite installs them (apt-get, as root).
	const binaries = findServiceBinaries();
	if (!binaries) {
		log('skipped: PostgreSQL, Redis or nginx not installed (npm run test:queue installs them)');
		report('queue', { skipped: 'services not installed' });
		return;
	}
	process.env.N8N_RUNTIME_QUIET = '1';
	const runtime = await runtimeLib.ensureRuntime();
	const runDir = mkdtempSync(join(tmpdir(), 'crm-listeners-queue-bench-'));
	let stack: QueueStack | undefined;
	let load: ChildProcess | undefined;
	let failed = true;
	const onSignal = () => {
		load?.kill('SIGKILL');
		process.exit(130);
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		let started = Date.now();
		const tarball = await runtimeLib.packProject(ROOT, runDir);
		stack = await startQueueStack(runtime, { runDir, tarball, packMs: 0, versions: [] }, binaries, {
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'none',
			EXECUTIONS_DATA_SAVE_ON_PROGRESS: 'false',
			N8N_LOG_LEVEL: 'warn',
		});
		log(`queue bench: installation up in ${((Date.now() - started) / 1000).toFixed(0)} s`);
		const running = stack;
		const fixture = running.workflows[WORKFLOW];
		await running.session.activate(fixture.id);
		const path = new URL(fixture.webhookUrl ?? '').pathname;
		const twoUrl = `${running.loadBalancer.url}${path}`;
		const oneUrl = `${running.loadBalancer.firstOnlyUrl}${path}`;
		// Live once an unsigned POST is refused by our trigger through both ports.
		started = Date.now();
		await runtimeLib.pollUntil(async () => (await postEmpty(twoUrl)) === 401 && (await postEmpty(twoUrl)) === 401 && (await postEmpty(oneUrl)) === 401, 60_000, 'webhook live', 500);
		log(`queue bench: workflow live after ${((Date.now() - started) / 1000).toFixed(0)} s`);

		const cpuGroups: Record<string, number> = {
			'webhook 1': running.webhooks[0].process.pid,
			'webhook 2': running.webhooks[1].process.pid,
			worker: running.worker.process.pid,
			main: running.main.pid,
			PostgreSQL: running.postgres.pid,
			Redis: running.redis.pid,
			nginx: running.loadBalancer.pid,
		};
		const plan: LoadPlan = {
			targets: [
				// Signed over the public URL (n8n's webhook URL), as HubSpot would, whichever port the load goes to.
				// Both lead to the same workflow (one duplicate memory): each variant sends events of its own.
				{ name: 'one', url: oneUrl, checkEmitted: true, signedUrl: twoUrl, firstDelivery: 0 },
				{ name: 'two', url: twoUrl, checkEmitted: true, firstDelivery: 1_000_000 },
			],
			connections: CONNECTIONS,
			warmupMs: WARMUP_S * 1000,
			durationMs: DURATION_S * 1000,
			rounds: ROUNDS,
			poolSize: 500,
			firstDelivery: 0,
			// The worker finishes the executions: the phase ends when it is idle.
			n8nGroup: running.worker.process.pid,
			cpuGroups,
		};
		const result = await runLoad(plan, CLIENT_SECRET, (child) => {
			load = child;
		});
		const one = figures(result.phases.filter((phase) => phase.target === 'one'));
		const two = figures(result.phases.filter((phase) => phase.target === 'two'));
		// Round by round (the variants alternate, so each pair saw the same machine load); the median of those.
		const ratioRuns = two.perSecondRuns.map((value, index) => value / one.perSecondRuns[index]);
		const ratio = median(ratioRuns);
		const cpu = (f: VariantFigures) =>
			Object.entries(f.cpuMsPerDelivery)
				.map(([name, ms]) => `${name} ${ms.toFixed(1)}`)
				.join(', ');
		const row = (name: string, f: VariantFigures) =>
			`  ${name.padEnd(4)} ${f.perSecond.toFixed(1).padStart(6)} deliveries/s sustained (rounds ${f.perSecondRuns.map((v) => v.toFixed(1)).join(', ')}), ${f.answeredPerSecond.toFixed(1)} answered/s, p50 ${f.p50Ms.toFixed(1)} ms, ${f.errors} errors, ${f.dropped} with dropped events\n` +
			`       CPU ms per delivery: ${cpu(f)}\n` +
			// CPU per delivery × deliveries per second: how much of a core each process kept busy (2 cores here).
			`       cores busy: ${Object.entries(f.cpuMsPerDelivery)
				.map(([name, ms]) => `${name} ${((ms * f.perSecond) / 1000).toFixed(2)}`)
				.join(', ')}`;
		log(`queue bench: ${CONNECTIONS} connections, ${result.bodyBytes} bytes (100 events) per delivery, ${WARMUP_S} s warm-up, ${ROUNDS} × ${DURATION_S} s per variant`);
		log(row('one', one));
		log(row('two', two));
		log(`  two / one webhook processes: ${ratio.toFixed(2)}× sustained deliveries/s, median of the rounds (${ratioRuns.map((value) => `${value.toFixed(2)}×`).join(', ')})`);
		log(`  machine load average during the run: ${loadavg().map((value) => value.toFixed(1)).join(' ')}`);
		report('queue', {
			n8nVersion: runtime.n8nVersion,
			connections: CONNECTIONS,
			durationSeconds: DURATION_S,
			rounds: ROUNDS,
			bodyBytes: result.bodyBytes,
			one,
			two,
			ratios: { twoToOne: ratio, twoToOneRuns: ratioRuns },
			loadAverage: loadavg(),
		});
		failed = false;
	} finally {
		load?.kill('SIGKILL');
		if (stack) await stack.stop();
		if (failed) log(`queue bench: logs kept in ${runDir}`);
		else rmSync(runDir, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
