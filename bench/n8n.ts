/**
 * Benchmark 2, through a real n8n: n8n 2.40.7 (SQLite, user folder in a temp dir, free loopback port) with the
 * packed package installed and one active workflow per target, each a trigger followed by a NoOp:
 *   ours          — our HubSpot Webhook Trigger, static client secret, Manage Subscriptions off, signature
 *                   verification on, de-duplication on (default 5,000-key memory, saved after every execution),
 *                   answering `{"received":n,"emitted":n}`;
 *   ours-interval — the same with Duplicate Memory Save Interval 10 s (the durability trade, measured beside it);
 *   builtin       — n8n's Webhook node (POST, respond immediately), no verification;
 *   peer          — n8n's own HubSpot Trigger (v1 over JSON.stringify of n8n's parse, no de-duplication),
 *                   activated against a stand-in for HubSpot's webhooks API (bench/hubspotApiStandIn.ts).
 * Each configuration is one n8n run: "defaults" (n8n as shipped) and "level", where n8n's Webhook node pays the
 * same per-request expression isolate as every other trigger (N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP
 * = false; n8n 2.40.7's live-webhooks skips the isolate only for its own Webhook node with static parameters).
 * A second Node process (bench/n8nLoad.ts) sends the same ~30 KB 100-event signed deliveries to every target
 * over a fixed number of keep-alive connections, warm-up first, then timed phases alternating the targets round
 * by round; ratios are taken per round and reported as median and range. Successful executions are not saved
 * (same for all), so the database holds only what each trigger itself writes.
 *
 * BENCH_N8N_PROFILE=1 runs n8n with --cpu-prof and attributes its CPU per target and per category of code
 * (bench/n8nProfile.ts).
 *
 * Needs the e2e runtime cache (Node 24 + n8n 2.40.7, ~3 GB); without it the benchmark reports
 * "skipped: runtime not installed" instead of installing it.
 */
import './env';

import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import type * as N8nRuntime from '../scripts/n8n-runtime';
import { postEmpty, runLoad } from './loadProcess';
import { log, median, report } from './measure';
import { startHubSpotApiStandIn, type HubSpotApiStandIn } from './hubspotApiStandIn';
import type { LoadPlan, PhaseResult } from './n8nLoad';
import { attribute, CATEGORIES, type Attribution } from './n8nProfile';

const ROOT = join(__dirname, '..', '..', '..');
const CONNECTIONS = Number(process.env.BENCH_N8N_CONNECTIONS ?? 10);
const WARMUP_S = Number(process.env.BENCH_N8N_WARMUP_S ?? 3);
const DURATION_S = Number(process.env.BENCH_N8N_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_N8N_ROUNDS ?? 3);
const POOL = 500;
/** Extra options for our trigger (JSON), to attribute its cost, e.g. '{"dedupe":false}' or '{"batchSize":100}'. */
const OURS_OPTIONS = JSON.parse(process.env.BENCH_N8N_OURS_OPTIONS ?? '{}') as Record<string, unknown>;
const ALL_TARGETS = ['ours', 'ours-interval', 'builtin', 'peer', 'ours-nodedupe', 'ours-v1'] as const;
type TargetName = (typeof ALL_TARGETS)[number];
const TARGETS = (process.env.BENCH_N8N_TARGETS ?? 'ours,ours-interval,builtin,peer')
	.split(',')
	.map((name) => name.trim())
	.filter((name): name is TargetName => (ALL_TARGETS as readonly string[]).includes(name));
const CONFIGURATIONS = (process.env.BENCH_N8N_CONFIGS ?? 'defaults,level')
	.split(',')
	.map((name) => name.trim())
	.filter((name): name is 'defaults' | 'level' => name === 'defaults' || name === 'level');
const PROFILE = process.env.BENCH_N8N_PROFILE === '1';
const BUILTIN_PATH = 'bench-builtin';
const PEER_APP_ID = '1160452';

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

const hookOf = (index: number) => `b0b0b0b0-0000-4000-8000-0000000000${String(index).padStart(2, '0')}`;

/** One workflow per target: the trigger → NoOp, and the URL the load generator posts to. */
function workflowOf(target: TargetName, index: number): { workflow: unknown; path: string } {
	const id = (n: number) => `b${index}b${index}b${index}b${index}-0000-4000-8000-00000000000${n}`;
	const noOp = { id: id(2), name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [260, 0], parameters: {} };
	const trigger = (node: Record<string, unknown>) => ({
		id: `bench${index}${target.replace(/[^a-z]/g, '')}`.slice(0, 16).padEnd(16, '0'),
		name: `bench: ${target}`,
		active: false,
		nodes: [{ id: id(1), name: 'Trigger', position: [0, 0], ...node }, noOp],
		connections: { Trigger: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	if (target === 'builtin') {
		return {
			workflow: trigger({
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				webhookId: hookOf(index),
				parameters: { httpMethod: 'POST', path: BUILTIN_PATH, responseMode: 'onReceived', options: {} },
			}),
			path: BUILTIN_PATH,
		};
	}
	if (target === 'peer') {
		return {
			workflow: trigger({
				type: 'n8n-nodes-base.hubspotTrigger',
				typeVersion: 1,
				webhookId: hookOf(index),
				parameters: { eventsUi: { eventValues: [{ name: 'contact.creation' }] }, additionalFields: {} },
				credentials: { hubspotDeveloperApi: { id: 'benchCredHsDev01', name: 'bench HubSpot developer' } },
			}),
			path: `${hookOf(index)}/webhook`,
		};
	}
	const extra = target === 'ours-interval' ? { dedupeSaveIntervalSeconds: 10 } : target === 'ours-nodedupe' ? { dedupe: false } : {};
	return {
		workflow: trigger({
			type: 'n8n-nodes-crm-listeners.hubSpotWebhookTrigger',
			// ours-v1: a node added before version 2, for which n8n evaluates an expression on every request.
			typeVersion: target === 'ours-v1' ? 1 : 2,
			webhookId: hookOf(index),
			parameters: {
				events: [],
				manageSubscriptions: false,
				verification: 'signature',
				// The counts in the answer let the load generator prove that no event was dropped.
				options: { ...OURS_OPTIONS, ...extra, responseBody: '{"received":{{counts.received}},"emitted":{{counts.emitted}}}' },
			},
			credentials: { crmListenersHubSpotApp: { id: 'benchCredHsApp01', name: 'bench HubSpot app' } },
		}),
		path: `${hookOf(index)}/webhook`,
	};
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

interface RatioFigures {
	/** Per round: target / built-in. */
	runs: number[];
	median: number;
	min: number;
	max: number;
}

function ratioFigures(runs: number[]): RatioFigures {
	return { runs, median: median(runs), min: Math.min(...runs), max: Math.max(...runs) };
}

interface ConfigurationResult {
	name: 'defaults' | 'level';
	env: Record<string, string>;
	targets: Record<string, VariantFigures>;
	/** Per target, against the built-in Webhook node round by round: sustained deliveries/s and n8n CPU per delivery. */
	ratios: Record<string, { throughput: RatioFigures; cpu: RatioFigures }>;
	attribution?: Attribution[];
	loadAverage: number[];
}

const CONFIG_ENV: Record<'defaults' | 'level', Record<string, string>> = {
	defaults: {},
	level: { N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP: 'false' },
};

async function runConfiguration(
	name: 'defaults' | 'level',
	runtime: N8nRuntime.Runtime,
	dir: string,
	paths: Record<string, string>,
	standIn: HubSpotApiStandIn | undefined,
	secret: string,
	track: (child: ChildProcess | undefined, n8n: N8nRuntime.RunningN8n | undefined) => void,
): Promise<ConfigurationResult> {
	const userFolder = join(dir, 'user');
	const profileDir = join(dir, `profile-${name}`);
	const started = Date.now();
	const n8n = await runtimeLib.startN8n(runtime, {
		userFolder,
		env: {
			// Same for every target: no execution data written on success, no per-request logging.
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none',
			EXECUTIONS_DATA_SAVE_ON_ERROR: 'none',
			EXECUTIONS_DATA_SAVE_ON_PROGRESS: 'false',
			N8N_LOG_LEVEL: 'warn',
			// The task broker's default port (5679) may be held by another n8n on this machine.
			N8N_RUNNERS_BROKER_PORT: String(await runtimeLib.freePort()),
			...(standIn ? { HTTPS_PROXY: standIn.proxyUrl, NODE_EXTRA_CA_CERTS: join(dir, 'hubspot-api-stand-in.pem') } : {}),
			...(PROFILE ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : process.env.BENCH_N8N_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_N8N_NODE_OPTIONS } : {}),
			...CONFIG_ENV[name],
		},
	});
	track(undefined, n8n);
	try {
		const urlOf = (target: string) => `${n8n.url}/webhook/${paths[target]}`;
		// Activation is asynchronous: an unsigned POST answers 401 from our live triggers, 200 from n8n's.
		await runtimeLib.pollUntil(
			async () => {
				for (const target of TARGETS) if ((await postEmpty(urlOf(target))) !== (target.startsWith('ours') ? 401 : 200)) return false;
				return true;
			},
			90_000,
			'every webhook live',
			500,
		);
		log(`n8n bench [${name}]: n8n ${runtime.n8nVersion} up, ${TARGETS.length} workflows live after ${((Date.now() - started) / 1000).toFixed(0)} s`);
		const plan: LoadPlan = {
			targets: TARGETS.map((target) => ({ name: target, url: urlOf(target), checkEmitted: target.startsWith('ours') && target !== 'ours-nodedupe' })),
			connections: CONNECTIONS,
			warmupMs: WARMUP_S * 1000,
			durationMs: DURATION_S * 1000,
			rounds: ROUNDS,
			poolSize: POOL,
			n8nGroup: n8n.pid,
			firstDelivery: CONFIGURATIONS.indexOf(name) * 1_000_000,
		};
		const result = await runLoad(plan, secret, (child) => track(child, n8n));
		const targets = Object.fromEntries(TARGETS.map((target) => [target, figures(result.phases.filter((phase) => phase.target === target))]));
		const ratios: ConfigurationResult['ratios'] = {};
		const builtinRounds = result.phases.filter((phase) => phase.target === 'builtin');
		for (const target of TARGETS) {
			if (target === 'builtin' || builtinRounds.length === 0) continue;
			const rounds = result.phases.filter((phase) => phase.target === target);
			ratios[target] = {
				throughput: ratioFigures(rounds.map((phase, round) => phase.perSecond / builtinRounds[round].perSecond)),
				cpu: ratioFigures(rounds.map((phase, round) => phase.n8nCpuMsPerRequest / builtinRounds[round].n8nCpuMsPerRequest)),
			};
		}
		const configuration: ConfigurationResult = { name, env: CONFIG_ENV[name], targets, ratios, loadAverage: loadavg() };
		await n8n.stop(PROFILE ? 60_000 : 10_000);
		if (PROFILE) {
			const windows = result.phases
				.filter((phase) => phase.round >= 0)
				.map((phase) => ({ target: phase.target, startUs: phase.startUs, endUs: phase.endUs, requests: phase.requests }));
			// Kept for a closer look (e.g. in Chrome's DevTools): the profiles and the phase windows.
			writeFileSync(join(profileDir, 'phases.json'), JSON.stringify(windows));
			const kept = join(ROOT, '.cache', `n8n-profile-${name}`);
			rmSync(kept, { recursive: true, force: true });
			cpSync(profileDir, kept, { recursive: true });
			log(`n8n bench [${name}]: CPU profiles and phase windows kept in ${kept}`);
			configuration.attribution = attribute(profileDir, windows);
		}
		return configuration;
	} finally {
		await n8n.stop(10_000);
	}
}

const x = (value: number) => `${value.toFixed(2)}×`;

function printConfiguration(configuration: ConfigurationResult): void {
	const row = (name: string, f: VariantFigures) =>
		`  ${name.padEnd(14)} ${f.perSecond.toFixed(1).padStart(6)} deliveries/s sustained (rounds ${f.perSecondRuns.map((value) => value.toFixed(1)).join(', ')}), ` +
		`p50 ${f.p50Ms.toFixed(0)} ms, p99 ${f.p99Ms.toFixed(0)} ms, n8n CPU ${f.n8nCpuMsPerDelivery.toFixed(1)} ms/delivery, ${f.requests} requests, ${f.errors} errors, ${f.dropped} with dropped events`;
	log(`\n[${configuration.name}] ${CONNECTIONS} connections, ${WARMUP_S} s warm-up, ${ROUNDS} × ${DURATION_S} s per target, env ${JSON.stringify(configuration.env)}`);
	for (const [name, f] of Object.entries(configuration.targets)) log(row(name, f));
	for (const [name, ratio] of Object.entries(configuration.ratios)) {
		log(
			`  ${name} / built-in: sustained ${x(ratio.throughput.median)} (${x(ratio.throughput.min)}–${x(ratio.throughput.max)}), ` +
				`n8n CPU per delivery ${x(ratio.cpu.median)} (${x(ratio.cpu.min)}–${x(ratio.cpu.max)})`,
		);
	}
	if (configuration.attribution) {
		log(`  n8n CPU per delivery by code (ms, from the CPU profile inside each target's phases):`);
		log(`  ${'category'.padEnd(30)} ${configuration.attribution.map((entry) => entry.target.padStart(14)).join('')}`);
		for (const category of CATEGORIES) {
			log(`  ${category.padEnd(30)} ${configuration.attribution.map((entry) => entry.msPerDelivery[category].toFixed(2).padStart(14)).join('')}`);
		}
		log(`  ${'total sampled'.padEnd(30)} ${configuration.attribution.map((entry) => entry.totalMsPerDelivery.toFixed(2).padStart(14)).join('')}`);
	}
	log(`  machine load average after the run: ${configuration.loadAverage.map((value) => value.toFixed(1)).join(' ')}`);
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
	let standIn: HubSpotApiStandIn | undefined;
	let failed = true;
	// Ctrl-C or a kill: stop the load and let the runtime's exit hook kill n8n's process group.
	const onSignal = () => {
		load?.kill('SIGKILL');
		process.exit(130);
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);
	try {
		const started = Date.now();
		const tarball = await runtimeLib.packProject(ROOT, dir);
		await runtimeLib.installPackage(userFolder, tarball);
		log(`n8n bench: package built, packed and installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);

		const secret = randomBytes(24).toString('hex');
		if (TARGETS.includes('peer')) {
			standIn = await startHubSpotApiStandIn();
			writeFileSync(join(dir, 'hubspot-api-stand-in.pem'), standIn.certificate);
		}
		const credentialsFile = join(dir, 'credentials.json');
		writeFileSync(
			credentialsFile,
			JSON.stringify([
				{ id: 'benchCredHsApp01', name: 'bench HubSpot app', type: 'crmListenersHubSpotApp', data: { clientSecret: secret } },
				// n8n's HubSpot Trigger verifies v1 with the same client secret; its developer key only reaches the stand-in.
				{
					id: 'benchCredHsDev01',
					name: 'bench HubSpot developer',
					type: 'hubspotDeveloperApi',
					data: { clientId: 'bench', clientSecret: secret, apiKey: randomBytes(12).toString('hex'), appId: PEER_APP_ID },
				},
			]),
		);
		const built = TARGETS.map((target, index) => workflowOf(target, index + 1));
		const paths = Object.fromEntries(TARGETS.map((target, index) => [target, built[index].path]));
		const workflowsFile = join(dir, 'workflows.json');
		writeFileSync(workflowsFile, JSON.stringify(built.map((entry) => entry.workflow)));
		await runtimeLib.importCredentials(runtime, userFolder, credentialsFile);
		rmSync(credentialsFile);
		const ids = await runtimeLib.importWorkflows(runtime, userFolder, workflowsFile);
		await runtimeLib.publishWorkflows(runtime, userFolder, ids);

		const configurations: ConfigurationResult[] = [];
		for (const name of CONFIGURATIONS) {
			const configuration = await runConfiguration(name, runtime, dir, paths, standIn, secret, (child, running) => {
				load = child;
				n8n = running;
			});
			printConfiguration(configuration);
			configurations.push(configuration);
		}
		if (standIn) log(`  HubSpot API stand-in saw: ${[...new Set(standIn.calls)].join(', ')}`);
		report('n8n', {
			n8nVersion: runtime.n8nVersion,
			connections: CONNECTIONS,
			warmupSeconds: WARMUP_S,
			durationSeconds: DURATION_S,
			rounds: ROUNDS,
			oursOptions: OURS_OPTIONS,
			targets: TARGETS,
			configurations,
		});
		failed = false;
	} finally {
		load?.kill('SIGKILL');
		if (n8n) await n8n.stop(10_000);
		await standIn?.close();
		if (failed) log(`n8n bench: user folder and log kept in ${dir}`);
		else rmSync(dir, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
