/**
 * Benchmark 2, through a real n8n: one n8n 2.40.7 (SQLite, user folder in a temp dir, free loopback port) with
 * the packed package installed and two active workflows, each a trigger followed by a NoOp:
 *   ours     — our HubSpot Webhook Trigger, static client secret, Manage Subscriptions off, signature
 *              verification on, de-duplication on (default memory), answering `{"received":n,"emitted":n}`;
 *   built-in — n8n's Webhook node (POST, respond immediately), no verification.
 * A second Node process (bench/n8nLoad.ts) sends the same ~30 KB 100-event signed deliveries to both over a fixed
 * number of keep-alive connections, warm-up first, then timed phases alternating ours / built-in round by round.
 * Successful executions are not saved (same for both), so the database stays out of the comparison.
 *
 * Needs the e2e runtime cache (Node 24 + n8n 2.40.7, ~3 GB); without it the benchmark reports
 * "skipped: runtime not installed" instead of installing it.
 */
import './env';

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import type * as N8nRuntime from '../scripts/n8n-runtime';
import { log, median, report } from './measure';
import type { LoadPlan, LoadResult, PhaseResult } from './n8nLoad';

const ROOT = join(__dirname, '..', '..', '..');
const CONNECTIONS = Number(process.env.BENCH_N8N_CONNECTIONS ?? 10);
const WARMUP_S = Number(process.env.BENCH_N8N_WARMUP_S ?? 5);
const DURATION_S = Number(process.env.BENCH_N8N_SECONDS ?? 20);
const ROUNDS = Number(process.env.BENCH_N8N_ROUNDS ?? 2);
const POOL = 500;
/** Extra options for our trigger (JSON), to attribute its cost, e.g. '{"dedupe":false}' or '{"batchSize":100}'. */
const OURS_OPTIONS = JSON.parse(process.env.BENCH_N8N_OURS_OPTIONS ?? '{}') as Record<string, unknown>;
const OURS_HOOK = 'b0b0b0b0-0000-4000-8000-0000000000aa';
const BUILTIN_PATH = 'bench-builtin';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeLib = require(join(ROOT, 'scripts', 'n8n-runtime.js')) as typeof N8nRuntime;

/** The e2e cache holds a ready n8n 2.40.7 and Node 24: checked without calling ensureRuntime, which would install. */
function runtimeInstalled(): boolean {
	const root = runtimeLib.cacheRoot();
	const marker = join(root, `n8n-${runtimeLib.N8N_VERSION}`, '.crm-listeners-ready.json');
	const platform = `node-${process.platform}-${process.arch}`;
	const node24 = [join(root, 'node24', 'node_modules', 'node', 'node_modules', platform), join(root, 'node24', 'node_modules', platform)];
	try {
		const info = JSON.parse(readFileSync(marker, 'utf8')) as { n8nVersion?: string };
		return info.n8nVersion === runtimeLib.N8N_VERSION && node24.some((dir) => existsSync(join(dir, 'bin', 'node')));
	} catch {
		return false;
	}
}

function workflows(): unknown[] {
	const noOp = (id: string) => ({ id, name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [260, 0], parameters: {} });
	return [
		{
			id: 'benchHubSpotOurs',
			name: 'bench: our HubSpot Webhook Trigger',
			active: false,
			nodes: [
				{
					id: 'b0b0b0b0-0000-4000-8000-000000000001',
					name: 'HubSpot Webhook Trigger',
					type: 'n8n-nodes-crm-listeners.hubSpotWebhookTrigger',
					typeVersion: 1,
					position: [0, 0],
					webhookId: OURS_HOOK,
					parameters: {
						events: [],
						manageSubscriptions: false,
						verification: 'signature',
						// The counts in the answer let the load generator prove that no event was dropped.
						options: { ...OURS_OPTIONS, responseBody: '{"received":{{counts.received}},"emitted":{{counts.emitted}}}' },
					},
					credentials: { crmListenersHubSpotApp: { id: 'benchCredHsApp01', name: 'bench HubSpot app' } },
				},
				noOp('b0b0b0b0-0000-4000-8000-000000000002'),
			],
			connections: { 'HubSpot Webhook Trigger': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		},
		{
			id: 'benchWebhookBase',
			name: 'bench: built-in Webhook',
			active: false,
			nodes: [
				{
					id: 'b1b1b1b1-0000-4000-8000-000000000001',
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					position: [0, 0],
					webhookId: 'b1b1b1b1-0000-4000-8000-0000000000aa',
					parameters: { httpMethod: 'POST', path: BUILTIN_PATH, responseMode: 'onReceived', options: {} },
				},
				noOp('b1b1b1b1-0000-4000-8000-000000000002'),
			],
			connections: { Webhook: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		},
	];
}

function post(url: string): Promise<number> {
	return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' }).then(
		async (response) => {
			await response.arrayBuffer();
			return response.status;
		},
		() => 0,
	);
}

function runLoad(plan: LoadPlan, secret: string, track: (child: ChildProcess) => void): Promise<LoadResult> {
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

function percentile(sorted: readonly number[], fraction: number): number {
	if (sorted.length === 0) return Number.NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

interface VariantFigures {
	/** Median over the rounds of requests / (load time + time n8n took to finish their executions). */
	perSecond: number;
	/** Median over the rounds of requests answered per second of load. */
	answeredPerSecond: number;
	perSecondRuns: number[];
	p50Ms: number;
	p99Ms: number;
	requests: number;
	errors: number;
	dropped: number;
	/** Median over the rounds of n8n's CPU time (all its processes) per answered delivery. */
	n8nCpuMsPerDelivery: number;
}

function figures(phases: PhaseResult[]): VariantFigures {
	const latencies = phases.flatMap((phase) => phase.latenciesMs).sort((a, b) => a - b);
	const runs = phases.map((phase) => phase.perSecond);
	return {
		perSecond: median(runs),
		answeredPerSecond: median(phases.map((phase) => phase.answeredPerSecond)),
		perSecondRuns: runs,
		p50Ms: percentile(latencies, 0.5),
		p99Ms: percentile(latencies, 0.99),
		requests: latencies.length,
		errors: phases.reduce((sum, phase) => sum + phase.errors, 0),
		dropped: phases.reduce((sum, phase) => sum + phase.dropped, 0),
		n8nCpuMsPerDelivery: median(phases.map((phase) => phase.n8nCpuMsPerRequest)),
	};
}

async function main(): Promise<void> {
	if (!runtimeInstalled()) {
		log('skipped: runtime not installed');
		report('n8n', { skipped: 'runtime not installed' });
		return;
	}
	process.env.N8N_RUNTIME_QUIET = '1';
	const runtime = await runtimeLib.ensureRuntime();
	const dir = mkdtempSync(join(tmpdir(), 'crm-listeners-n8n-bench-'));
	const userFolder = join(dir, 'user');
	let n8n: N8nRuntime.RunningN8n | undefined;
	let load: ChildProcess | undefined;
	let failed = true;
	// Ctrl-C or a kill: stop the load and let the runtime's exit hook kill n8n's process group.
	const onSignal = () => {
		load?.kill('SIGKILL');
		process.exit(130);
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		let started = Date.now();
		const tarball = await runtimeLib.packProject(ROOT, dir);
		await runtimeLib.installPackage(userFolder, tarball);
		log(`n8n bench: package built, packed and installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);

		const secret = randomBytes(24).toString('hex');
		const credentialsFile = join(dir, 'credentials.json');
		writeFileSync(
			credentialsFile,
			JSON.stringify([{ id: 'benchCredHsApp01', name: 'bench HubSpot app', type: 'crmListenersHubSpotApp', data: { clientSecret: secret } }]),
		);
		const workflowsFile = join(dir, 'workflows.json');
		writeFileSync(workflowsFile, JSON.stringify(workflows()));
		await runtimeLib.importCredentials(runtime, userFolder, credentialsFile);
		rmSync(credentialsFile);
		const ids = await runtimeLib.importWorkflows(runtime, userFolder, workflowsFile);
		await runtimeLib.publishWorkflows(runtime, userFolder, ids);

		started = Date.now();
		n8n = await runtimeLib.startN8n(runtime, {
			userFolder,
			env: {
				// Same for both variants: no execution data written on success, no per-request logging.
				EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none',
				EXECUTIONS_DATA_SAVE_ON_ERROR: 'none',
				EXECUTIONS_DATA_SAVE_ON_PROGRESS: 'false',
				N8N_LOG_LEVEL: 'warn',
				// The task broker's default port (5679) may be held by another n8n on this machine.
				N8N_RUNNERS_BROKER_PORT: String(await runtimeLib.freePort()),
				// For profiling n8n itself, e.g. BENCH_N8N_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/n8n-prof".
				...(process.env.BENCH_N8N_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_N8N_NODE_OPTIONS } : {}),
			},
		});
		const running = n8n;
		const oursUrl = `${running.url}/webhook/${OURS_HOOK}/webhook`;
		const builtinUrl = `${running.url}/webhook/${BUILTIN_PATH}`;
		// Activation is asynchronous: an unsigned POST answers 401 from our live trigger, 200 from the built-in.
		await runtimeLib.pollUntil(async () => (await post(oursUrl)) === 401 && (await post(builtinUrl)) === 200, 60_000, 'both webhooks live', 500);
		log(`n8n bench: n8n ${runtime.n8nVersion} up, both workflows live after ${((Date.now() - started) / 1000).toFixed(0)} s`);

		const plan: LoadPlan = {
			targets: [
				{ name: 'ours', url: oursUrl, checkEmitted: true },
				{ name: 'builtin', url: builtinUrl, checkEmitted: false },
			],
			connections: CONNECTIONS,
			warmupMs: WARMUP_S * 1000,
			durationMs: DURATION_S * 1000,
			rounds: ROUNDS,
			poolSize: POOL,
			n8nGroup: running.pid,
		};
		const result = await runLoad(plan, secret, (child) => {
			load = child;
		});
		const ours = figures(result.phases.filter((phase) => phase.target === 'ours'));
		const builtin = figures(result.phases.filter((phase) => phase.target === 'builtin'));
		const oursToBuiltin = ours.perSecond / builtin.perSecond;
		const cpuOursToBuiltin = ours.n8nCpuMsPerDelivery / builtin.n8nCpuMsPerDelivery;
		const answeredOursToBuiltin = ours.answeredPerSecond / builtin.answeredPerSecond;
		const row = (name: string, f: VariantFigures) =>
			`  ${name.padEnd(9)} ${f.perSecond.toFixed(1).padStart(7)} req/s sustained (rounds ${f.perSecondRuns.map((value) => value.toFixed(1)).join(', ')}), ${f.answeredPerSecond.toFixed(1)} answered/s, ` +
			`p50 ${f.p50Ms.toFixed(1)} ms, p99 ${f.p99Ms.toFixed(1)} ms, n8n CPU ${f.n8nCpuMsPerDelivery.toFixed(1)} ms/delivery, ${f.requests} requests, ${f.errors} errors, ${f.dropped} with dropped events`;
		log(`n8n bench: ${CONNECTIONS} connections, ${result.bodyBytes} bytes per delivery, ${WARMUP_S} s warm-up, ${ROUNDS} × ${DURATION_S} s per variant`);
		log(row('ours', ours));
		log(row('built-in', builtin));
		log(`  ours / built-in sustained throughput ${oursToBuiltin.toFixed(2)}× (target ≥ 0.90×), answered ${answeredOursToBuiltin.toFixed(2)}×, n8n CPU per delivery ${cpuOursToBuiltin.toFixed(2)}×`);
		log(`  machine load average during the run: ${loadavg().map((value) => value.toFixed(1)).join(' ')}`);
		if (ours.errors > 0 || builtin.errors > 0) log(`  warning: errors answered; n8n log ${running.logFile}`);
		report('n8n', {
			n8nVersion: runtime.n8nVersion,
			connections: CONNECTIONS,
			warmupSeconds: WARMUP_S,
			durationSeconds: DURATION_S,
			rounds: ROUNDS,
			oursOptions: OURS_OPTIONS,
			bodyBytes: result.bodyBytes,
			ours,
			builtin,
			ratios: { oursToBuiltin, answeredOursToBuiltin, cpuOursToBuiltin },
			loadAverage: loadavg(),
		});
		failed = false;
	} finally {
		load?.kill('SIGKILL');
		if (n8n) await n8n.stop(10_000);
		if (failed) log(`n8n bench: user folder and log kept in ${dir}`);
		else rmSync(dir, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
