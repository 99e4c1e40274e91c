/**
 * Benchmark 4, the poller: a backlog of 100,000 HubSpot contacts (10 bulk imports of 250 contacts sharing one
 * modification time among them) read through CRM search, 200 per page, restarting at the 10,000-result cap.
 *
 * 1. Against the sandbox (its own process, no rate limit, no indexing lag): the Event Poller Trigger through
 *    PollContext versus a bare loop sending the very same requests through the same n8n HTTP helper and keeping
 *    the pages. Wall time is mostly the sandbox's search; the CPU time of the client process is our cost.
 *    Each side runs in a process of its own (for its memory figures: RSS and V8's heap), and the two alternate
 *    poll by poll (the node polls once, the bare loop sends the requests that poll sent), so both see the same
 *    load on a shared machine. `BENCH_POLLER_RUNS` runs (default 3), each with fresh processes: median and
 *    spread.
 * 2. Replayed from memory (the pages recorded in 1): `runPoll` versus a loop that only parses the same pages,
 *    several interleaved runs, so the engine's own cost is measured without HTTP or sandbox noise.
 */
import './env';

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { DEFAULT_MAX_EVENTS_PER_POLL, emptyState, loadState, parsePollerConfig, runPoll, serializedBytes, type HttpResponse } from '../core/poller';
import { hubspotPreset } from '../nodes/EventPollerTrigger/presets';
import { interleave, log, median, report, spread, timeBatch } from './measure';
import { ANSWER, type PassCommand, type PassMemory, type RecordedRequest, type StepAnswer } from './pollerPass';

const RECORDS = Number(process.env.BENCH_POLLER_RECORDS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** Runs against the sandbox, each a fresh node process and a fresh bare process alternating poll by poll. */
const RUNS = Number(process.env.BENCH_POLLER_RUNS ?? 3);
const MB = 1024 * 1024;

interface Sandboxed {
	url: string;
	token: string;
	firstMs: number;
	lastMs: number;
	records: number;
}

function startSandboxProcess(): Promise<{ sandbox: Sandboxed; stop: () => void }> {
	const child = spawn(process.execPath, [join(__dirname, 'sandboxProcess.js'), String(RECORDS)], { stdio: ['pipe', 'pipe', 'inherit'] });
	return new Promise((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
		createInterface({ input: child.stdout }).once('line', (line) => {
			resolve({ sandbox: JSON.parse(line) as Sandboxed, stop: () => child.stdin.end() });
		});
	});
}

/** A pass process (bench/pollerPass.ts) answering one JSON line per command. */
async function startPass(mode: 'node' | 'bare', sandbox: Sandboxed) {
	const child = spawn(process.execPath, ['--expose-gc', join(__dirname, 'pollerPass.js'), mode, JSON.stringify(sandbox)], { stdio: ['pipe', 'pipe', 'inherit'] });
	const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
	const next = async <T>(): Promise<T> => {
		for (;;) {
			const line = await lines.next();
			if (line.done) throw new Error(`poller ${mode} pass exited early`);
			// n8n writes notices of its own to stdout: answers are the lines marked as such.
			if (line.value.startsWith(ANSWER)) return JSON.parse(line.value.slice(ANSWER.length)) as T;
		}
	};
	await next<{ ready: true }>();
	return {
		async send<T>(command: PassCommand): Promise<T> {
			child.stdin.write(`${JSON.stringify(command)}\n`);
			return await next<T>();
		},
		close: () => child.stdin.end(),
	};
}

interface PassTotals {
	wallMs: number;
	cpuMs: number;
	items: number;
}

/** The search requests the sandbox logged after the first `skip`. */
async function loggedRequests(sandbox: Sandboxed, skip: number): Promise<RecordedRequest[]> {
	const logged = (await (await fetch(`${sandbox.url}/_sandbox/requests?provider=hubspot&pathPrefix=/crm/v3/objects/contacts/search`)).json()) as Array<{
		method: RecordedRequest['method'];
		path: string;
		body: RecordedRequest['body'];
	}>;
	return logged.slice(skip).map((entry) => ({ method: entry.method, url: `${sandbox.url}${entry.path}`, body: entry.body }));
}

/**
 * One run: a node pass and a bare pass, each in a fresh process, alternating: the node polls once (one n8n
 * execution), then the bare loop sends the very requests that poll sent; until a poll returns nothing.
 */
async function oneRun(sandbox: Sandboxed, pagesFile: string | undefined) {
	const node = await startPass('node', sandbox);
	const bare = await startPass('bare', sandbox);
	const nodeTotals: PassTotals = { wallMs: 0, cpuMs: 0, items: 0 };
	const bareTotals: PassTotals = { wallMs: 0, cpuMs: 0, items: 0 };
	const ids = new Set<string>();
	const sequence: RecordedRequest[] = [];
	let logged = (await loggedRequests(sandbox, 0)).length;
	try {
		for (;;) {
			const polled = await node.send<StepAnswer>({ op: 'poll' });
			nodeTotals.wallMs += polled.wallMs;
			nodeTotals.cpuMs += polled.cpuMs;
			nodeTotals.items += polled.items;
			for (const id of polled.ids ?? []) ids.add(id);
			const requests = await loggedRequests(sandbox, logged);
			logged += requests.length * 2;
			for (const request of requests) sequence.push(request);
			if (requests.length > 0) {
				const sent = await bare.send<StepAnswer>({ op: 'requests', requests });
				bareTotals.wallMs += sent.wallMs;
				bareTotals.cpuMs += sent.cpuMs;
				bareTotals.items += sent.items;
			}
			if (polled.items === 0) break;
		}
		const nodeMemory = await node.send<PassMemory & { polls: number; staticDataBytes: number; staticData: unknown }>({ op: 'finish' });
		const bareMemory = await bare.send<PassMemory & { pagesKept: number }>({ op: 'finish', pagesFile });
		return { node: { ...nodeTotals, ...nodeMemory, distinctIds: ids.size, requests: sequence.length }, bare: { ...bareTotals, ...bareMemory }, sequence };
	} finally {
		node.close();
		bare.close();
	}
}

/** The node's default "Max Events per Poll". */
const MAX_EVENTS_PER_POLL = DEFAULT_MAX_EVENTS_PER_POLL;

const mb = (bytes: unknown) => `${(Number(bytes) / MB).toFixed(1)} MB`;

async function main(): Promise<void> {
	const seeding = Date.now();
	const { sandbox, stop } = await startSandboxProcess();
	log(`poller: sandbox seeded with ${sandbox.records.toLocaleString('en')} contacts in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
	const dir = mkdtempSync(join(tmpdir(), 'crm-listeners-poller-bench-'));
	const pagesFile = join(dir, 'pages.json');
	const runs: Array<Awaited<ReturnType<typeof oneRun>>> = [];
	try {
		for (let run = 0; run < RUNS; run++) {
			const result = await oneRun(sandbox, run === 0 ? pagesFile : undefined);
			const { node, bare } = result;
			log(
				`poller run ${run + 1}: wall node ${(node.wallMs / 1000).toFixed(1)} s / bare ${(bare.wallMs / 1000).toFixed(1)} s = ${(node.wallMs / bare.wallMs).toFixed(2)}×; ` +
					`peak RSS growth node ${mb(node.peakRssGrowthBytes)} (heap used ${mb(node.peakHeapUsedGrowthBytes)}), bare ${mb(bare.peakRssGrowthBytes)} (heap used ${mb(bare.peakHeapUsedGrowthBytes)}); ` +
					`${node.items} items in ${node.polls} polls, ${node.requests} requests`,
			);
			if (node.items !== RECORDS || node.distinctIds !== RECORDS) throw new Error(`the poller emitted ${node.items} items (${node.distinctIds} distinct), expected ${RECORDS}`);
			if (bare.pagesKept !== node.requests) throw new Error(`the bare loop sent ${bare.pagesKept} of the node's ${node.requests} requests`);
			runs.push(result);
		}
	} finally {
		stop();
	}

	// Replay: the engine alone against the recorded pages, versus parsing them.
	const sequence = runs[0].sequence;
	const pages = JSON.parse(readFileSync(pagesFile, 'utf8')) as string[];
	const map = hubspotPreset(['contacts']);
	delete map.contacts_archived;
	const config = parsePollerConfig(map, { baseUrl: sandbox.url });
	let replayEvents = 0;
	let stateBytes = 0;
	const engine = async () =>
		await timeBatch(1, async () => {
			let index = 0;
			const fetch = async (request: { method: string; url: string; body?: unknown }): Promise<HttpResponse> => {
				const expected = sequence[index];
				const url = /^https?:/.test(request.url) ? request.url : `${sandbox.url}${request.url}`;
				if (!expected || expected.method !== request.method || expected.url !== url || JSON.stringify(expected.body) !== JSON.stringify(request.body)) {
					throw new Error(`replay: request ${index} differs from the recorded one`);
				}
				return { status: 200, headers: {}, body: JSON.parse(pages[index++]) as unknown };
			};
			// The node drains the backlog over several polls (its "Max Events per Poll"): replay the same polls.
			let state = emptyState();
			let events = 0;
			for (;;) {
				const outcome = await runPoll({
					config,
					state,
					nowMs: Date.now(),
					budgetMs: 30 * 60_000,
					mode: 'poll',
					fetch,
					sleep: async () => undefined,
					clock: () => Date.now(),
					startMs: sandbox.firstMs - 60_000,
					baseUrl: sandbox.url,
					maxEvents: MAX_EVENTS_PER_POLL,
				});
				events += outcome.events.length;
				state = loadState(JSON.parse(JSON.stringify(outcome.state)));
				stateBytes = serializedBytes(outcome.state);
				if (outcome.events.length === 0) break;
			}
			replayEvents = events;
		});
	const parseOnly = async () =>
		await timeBatch(1, () => {
			const held: unknown[] = [];
			for (const page of pages) held.push(JSON.parse(page));
			if (held.length !== pages.length) throw new Error('lost a page');
		});
	await engine();
	await parseOnly();
	const [engineRuns, bareRuns] = await interleave(ROUNDS, [
		{ name: 'runPoll over recorded pages', run: engine },
		{ name: 'JSON.parse of the same pages', run: parseOnly },
	]);
	if (replayEvents !== RECORDS) throw new Error(`replay emitted ${replayEvents} events`);
	const engineMs = median(engineRuns.runs) / 1e6;
	const bareMs = median(bareRuns.runs) / 1e6;

	// Per run: ratios within the run (the two sides alternated poll by poll, so they shared the machine's load).
	const perRun = runs.map(({ node, bare }) => ({
		wall: node.wallMs / bare.wallMs,
		clientCpu: node.cpuMs / bare.cpuMs,
		nodeRss: node.peakRssGrowthBytes,
		bareRss: bare.peakRssGrowthBytes,
		nodeHeap: node.peakHeapUsedGrowthBytes,
		bareHeap: bare.peakHeapUsedGrowthBytes,
		nodeNewSpace: node.peakNewSpaceBytes,
		nodeOld: node.peakOldSpaceUsedGrowthBytes,
		nodeExternal: node.peakExternalGrowthBytes,
		nodeRetained: node.retainedHeapBytes,
		nodeWallMs: node.wallMs,
		bareWallMs: bare.wallMs,
	}));
	const of = (key: keyof (typeof perRun)[number]) => perRun.map((run) => run[key]);
	const range = (values: number[], show: (value: number) => string) =>
		`${show(median(values))} (${show(Math.min(...values))}–${show(Math.max(...values))})`;
	const times = (value: number) => `${value.toFixed(2)}×`;
	const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;
	const last = runs[runs.length - 1].node;

	log(`\nagainst the sandbox: ${RUNS} runs, node and bare loop alternating poll by poll; median (min–max)`);
	log(`  wall time, node / bare loop            ${range(of('wall'), times)}   [node ${range(of('nodeWallMs'), seconds)}, bare ${range(of('bareWallMs'), seconds)}]`);
	log(`  CPU of the client process, node / bare ${range(of('clientCpu'), times)}`);
	log(`  peak RSS growth, node                  ${range(of('nodeRss'), mb)}   bare loop ${range(of('bareRss'), mb)}`);
	log(`  peak heap used growth, node            ${range(of('nodeHeap'), mb)}   bare loop ${range(of('bareHeap'), mb)}`);
	log(`  node: young generation at its peak ${range(of('nodeNewSpace'), mb)}, old space used growth ${range(of('nodeOld'), mb)}, external ${range(of('nodeExternal'), mb)}, heap kept after the drain ${range(of('nodeRetained'), mb)}`);
	log(`  node collections per run: ${runs.map((run) => JSON.stringify(run.node.collections)).join(' ')}`);
	log(`  requests ${last.requests}, items ${last.items} in ${last.polls} polls, static data after the run ${last.staticDataBytes} bytes`);
	log(`replayed from memory (${ROUNDS} runs): runPoll ${engineMs.toFixed(0)} ms (${spread(engineRuns.runs)}), parse only ${bareMs.toFixed(0)} ms (${spread(bareRuns.runs)}) → ${(engineMs / bareMs).toFixed(2)}×, ${((RECORDS / engineMs) * 1000).toFixed(0)} records/s; state ${stateBytes} bytes`);
	report('poller', {
		records: RECORDS,
		runs: runs.map(({ node, bare }) => ({ node: { ...node, staticData: undefined }, bare })),
		node: {
			peakRssGrowthBytes: median(of('nodeRss')),
			maxPeakRssGrowthBytes: Math.max(...of('nodeRss')),
			peakHeapUsedGrowthBytes: median(of('nodeHeap')),
			staticDataBytes: last.staticDataBytes,
		},
		ratios: {
			wall: median(of('wall')),
			maxWall: Math.max(...of('wall')),
			clientCpu: median(of('clientCpu')),
			replay: engineMs / bareMs,
		},
		replay: { rounds: ROUNDS, engineMsRuns: engineRuns.runs.map((ns) => ns / 1e6), parseMsRuns: bareRuns.runs.map((ns) => ns / 1e6), stateBytes },
		staticData: last.staticData,
	});
}

main().catch((error: unknown) => {
	log(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exit(1);
});
