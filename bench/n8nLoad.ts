/**
 * The load generator of bench/n8n.ts, in a process of its own so its CPU is not n8n's: a fixed number of
 * keep-alive connections per variant, each sending the next delivery as soon as the previous answer is read,
 * for a fixed time per phase. Every body of the pool is distinct (its own event ids) and is signed (v1 + v3)
 * before each phase with a fresh timestamp, so signing never counts in a latency. Loopback only.
 *
 * argv[2]: JSON LoadPlan. The client secret comes in the environment (BENCH_N8N_SECRET), never on a command line.
 * Prints one BENCH_RESULT line with a LoadResult.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

import { deliveryBody, sign, type SignedDelivery } from './deliveries';
import { report } from './measure';

export interface LoadTarget {
	name: string;
	url: string;
	/** Whether to check our node's answer (`{"received":n,"emitted":n}`) for dropped events. */
	checkEmitted: boolean;
	/** The status a delivery is answered with (ours 200; n8n's HubSpot Trigger too, "Workflow was started"). */
	expectStatus?: number;
	/** The URL the v3 signature covers when it is not `url` (the public URL, when the load goes to another port). */
	signedUrl?: string;
	/**
	 * This target's own first delivery number, when targets share one workflow (queue mode: both ports lead to
	 * the same webhook): each gets events the other never sent, so none is dropped as a duplicate.
	 */
	firstDelivery?: number;
}

export interface LoadPlan {
	targets: LoadTarget[];
	connections: number;
	warmupMs: number;
	durationMs: number;
	rounds: number;
	poolSize: number;
	/** n8n's process group, whose CPU time is read from /proc around each phase (Linux; NaN elsewhere). */
	n8nGroup: number;
	/**
	 * First delivery number of the pool: each configuration of a run gets its own events, so a duplicate memory
	 * kept in static data from the previous configuration never sees them again.
	 */
	firstDelivery: number;
	/**
	 * More processes whose CPU time each phase reports by name (queue mode: each n8n process, the database …):
	 * each counts with all its descendants (PostgreSQL's backends leave the server's process group).
	 */
	cpuGroups?: Record<string, number>;
}

export interface PhaseResult {
	target: string;
	round: number;
	requests: number;
	/** Requests answered per second while the load ran. */
	answeredPerSecond: number;
	/** Requests per second counting the time n8n needed afterwards to finish the executions they started. */
	perSecond: number;
	drainMs: number;
	errors: number;
	dropped: number;
	/** CPU time of n8n's process group during the phase, per answered request. */
	n8nCpuMsPerRequest: number;
	/** CPU time of each of `cpuGroups` during the phase (load and drain), in ms. */
	cpuMsByGroup: Record<string, number>;
	latenciesMs: number[];
	/** The phase's window on the monotonic clock (process.hrtime, µs): load start to the end of the drain. */
	startUs: number;
	endUs: number;
}

export interface LoadResult {
	bodyBytes: number;
	phases: PhaseResult[];
}

interface Pool {
	bodies: Buffer[];
	signed: SignedDelivery[];
	next: number;
}

function assertLoopback(url: string): void {
	const host = new URL(url).hostname;
	if (host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]') throw new Error(`refusing to load a non-loopback host ${host}`);
}

function send(agent: Agent, url: string, delivery: SignedDelivery): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		const req = request(
			url,
			{
				method: 'POST',
				agent,
				headers: { ...delivery.headers, 'content-type': 'application/json', 'content-length': String(delivery.body.length) },
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
				res.on('error', reject);
			},
		);
		req.on('error', reject);
		req.end(delivery.body);
	});
}

function emittedAll(text: string): boolean {
	try {
		const parsed = JSON.parse(text) as { received?: unknown; emitted?: unknown };
		return typeof parsed.received === 'number' && parsed.received > 0 && parsed.emitted === parsed.received;
	} catch {
		return false;
	}
}

/** User + system CPU of every process in a process group, in ms (clock ticks of 10 ms, Linux's USER_HZ). */
function groupCpuMs(group: number): number {
	let ticks = 0;
	let entries: string[];
	try {
		entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
	} catch {
		return Number.NaN;
	}
	for (const pid of entries) {
		try {
			// Fields after the parenthesised command: state ppid pgrp … utime (14th) stime (15th).
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) === group) ticks += Number(fields[11]) + Number(fields[12]);
		} catch {
			// the process ended meanwhile
		}
	}
	return ticks * 10;
}

/** User + system CPU of a process and all its descendants, in ms. */
function treeCpuMs(root: number): number {
	let entries: string[];
	try {
		entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
	} catch {
		return Number.NaN;
	}
	const parent = new Map<number, number>();
	const ticks = new Map<number, number>();
	for (const pid of entries) {
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			parent.set(Number(pid), Number(fields[1]));
			ticks.set(Number(pid), Number(fields[11]) + Number(fields[12]));
		} catch {
			// the process ended meanwhile
		}
	}
	let total = 0;
	for (const [pid, own] of ticks) {
		for (let at: number | undefined = pid; at !== undefined && at > 1; at = parent.get(at)) {
			if (at === root) {
				total += own;
				break;
			}
		}
	}
	return total * 10;
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Both triggers answer before their execution runs, so n8n can still be busy when the load stops: wait until
 * its process group uses under 10% of a core over half a second (bounded at 2 minutes); returns the wait.
 */
async function drain(group: number): Promise<number> {
	const started = Date.now();
	let last = groupCpuMs(group);
	if (Number.isNaN(last)) return 0;
	while (Date.now() - started < 120_000) {
		await sleep(500);
		const now = groupCpuMs(group);
		if (now - last < 50) return Date.now() - started - 500;
		last = now;
	}
	return Date.now() - started;
}

async function phase(agent: Agent, target: LoadTarget, pool: Pool, secret: string, plan: LoadPlan, durationMs: number, round: number): Promise<PhaseResult> {
	const connections = plan.connections;
	// Fresh v3 timestamps for this phase, signed before the clock starts.
	const nowMs = Date.now();
	pool.signed = pool.bodies.map((body) => sign(secret, target.signedUrl ?? target.url, body, nowMs));
	const latenciesMs: number[] = [];
	let errors = 0;
	let dropped = 0;
	await drain(plan.n8nGroup);
	const groups = Object.entries(plan.cpuGroups ?? {});
	const groupsBefore = groups.map(([, root]) => treeCpuMs(root));
	const cpuBefore = groupCpuMs(plan.n8nGroup);
	const started = process.hrtime.bigint();
	const deadline = started + BigInt(durationMs) * 1_000_000n;
	const worker = async (): Promise<void> => {
		while (process.hrtime.bigint() < deadline) {
			const delivery = pool.signed[pool.next++ % pool.signed.length];
			const sent = process.hrtime.bigint();
			try {
				const { status, text } = await send(agent, target.url, delivery);
				const done = process.hrtime.bigint();
				if (done > deadline) break;
				if (status !== (target.expectStatus ?? 200)) errors++;
				else if (target.checkEmitted && !emittedAll(text)) dropped++;
				latenciesMs.push(Number(done - sent) / 1e6);
			} catch {
				errors++;
			}
		}
	};
	await Promise.all(Array.from({ length: connections }, () => worker()));
	const drainMs = Math.max(0, await drain(plan.n8nGroup));
	const endUs = Number(process.hrtime.bigint() / 1000n);
	const n8nCpuMsPerRequest = (groupCpuMs(plan.n8nGroup) - cpuBefore) / Math.max(1, latenciesMs.length);
	const cpuMsByGroup = Object.fromEntries(groups.map(([name, root], index) => [name, treeCpuMs(root) - groupsBefore[index]]));
	const requests = latenciesMs.length;
	return {
		target: target.name,
		round,
		requests,
		answeredPerSecond: requests / (durationMs / 1000),
		perSecond: requests / ((durationMs + drainMs) / 1000),
		drainMs,
		errors,
		dropped,
		n8nCpuMsPerRequest,
		cpuMsByGroup,
		latenciesMs,
		startUs: Number(started / 1000n),
		endUs,
	};
}

async function main(): Promise<void> {
	const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;
	const secret = process.env.BENCH_N8N_SECRET ?? '';
	if (!secret) throw new Error('BENCH_N8N_SECRET is not set');
	for (const target of plan.targets) assertLoopback(target.url);
	const agent = new Agent({ keepAlive: true, maxSockets: plan.connections * plan.targets.length });
	// Each target cycles the pool on its own counter: a body comes back only after poolSize others, long after
	// our node's duplicate memory (5,000 keys = 50 deliveries) has forgotten its events, so nothing is dropped.
	// The very same bytes for every target unless it has its own first delivery; only the signatures differ (v3
	// covers the URL).
	const poolOf = (first: number) => Array.from({ length: plan.poolSize }, (_, delivery) => deliveryBody(first + delivery));
	const bodies = poolOf(plan.firstDelivery);
	const pools = new Map<string, Pool>(
		plan.targets.map((target) => [target.name, { bodies: target.firstDelivery === undefined ? bodies : poolOf(target.firstDelivery), signed: [], next: 0 }]),
	);
	const phases: PhaseResult[] = [];
	for (const target of plan.targets) {
		const warm = await phase(agent, target, pools.get(target.name) as Pool, secret, plan, plan.warmupMs, -1);
		process.stderr.write(`  warm-up ${target.name}: ${warm.requests} requests, ${warm.errors} errors\n`);
	}
	for (let round = 0; round < plan.rounds; round++) {
		for (const target of plan.targets) {
			const result = await phase(agent, target, pools.get(target.name) as Pool, secret, plan, plan.durationMs, round);
			process.stderr.write(`  round ${round + 1} ${target.name}: ${result.perSecond.toFixed(1)} req/s sustained (${result.answeredPerSecond.toFixed(1)} answered, drained in ${(result.drainMs / 1000).toFixed(1)} s), n8n CPU ${result.n8nCpuMsPerRequest.toFixed(1)} ms/request, ${result.errors} errors, ${result.dropped} dropped\n`);
			phases.push(result);
		}
	}
	agent.destroy();
	report('n8nLoad', { bodyBytes: bodies[0].length, phases } satisfies LoadResult);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
