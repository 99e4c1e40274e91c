/**
 * Benchmark 4, the poller: a backlog of 100,000 HubSpot contacts (10 bulk imports of 250 contacts sharing one
 * modification time among them) read through CRM search, 200 per page, restarting at the 10,000-result cap.
 *
 * 1. Against the sandbox (its own process, no rate limit, no indexing lag): the Event Poller Trigger through
 *    PollContext versus a bare loop sending the very same requests through the same n8n HTTP helper and keeping
 *    the pages. Wall time is mostly the sandbox's search; the CPU time of the client process is our cost.
 *    Each pass runs in a process of its own for its memory figure.
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
import type { RecordedRequest } from './pollerPass';

const RECORDS = Number(process.env.BENCH_POLLER_RECORDS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
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

function pass(args: string[]): Promise<Record<string, unknown>> {
	const child = spawn(process.execPath, ['--expose-gc', join(__dirname, 'pollerPass.js'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	return new Promise((resolve, reject) => {
		child.once('exit', (code) => {
			const line = output.split('\n').find((candidate) => candidate.startsWith('BENCH_RESULT '));
			if (code !== 0 || !line) reject(new Error(`poller pass ${args[0]} failed (${code})`));
			else resolve((JSON.parse(line.slice('BENCH_RESULT '.length)) as { result: Record<string, unknown> }).result);
		});
	});
}

/** The node's default "Max Events per Poll". */
const MAX_EVENTS_PER_POLL = DEFAULT_MAX_EVENTS_PER_POLL;

const mb = (bytes: unknown) => `${(Number(bytes) / MB).toFixed(1)} MB`;

async function main(): Promise<void> {
	const seeding = Date.now();
	const { sandbox, stop } = await startSandboxProcess();
	log(`poller: sandbox seeded with ${sandbox.records.toLocaleString('en')} contacts in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
	const dir = mkdtempSync(join(tmpdir(), 'crm-listeners-poller-bench-'));
	const sequenceFile = join(dir, 'sequence.json');
	const pagesFile = join(dir, 'pages.json');
	let node: Record<string, unknown>;
	let bare: Record<string, unknown>;
	try {
		node = await pass(['node', JSON.stringify(sandbox), sequenceFile, pagesFile]);
		log(`poller: node pass ${(Number(node.wallMs) / 1000).toFixed(1)} s, ${node.items} items, ${node.requests} requests`);
		bare = await pass(['bare', JSON.stringify(sandbox), sequenceFile, pagesFile]);
		log(`poller: bare pass ${(Number(bare.wallMs) / 1000).toFixed(1)} s`);
	} finally {
		stop();
	}
	if (node.items !== RECORDS || node.distinctIds !== RECORDS) throw new Error(`the poller emitted ${node.items} items (${node.distinctIds} distinct), expected ${RECORDS}`);

	// Replay: the engine alone against the recorded pages, versus parsing them.
	const sequence = JSON.parse(readFileSync(sequenceFile, 'utf8')) as RecordedRequest[];
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

	log(`\nagainst the sandbox (one pass each, own process)      node            bare loop       ratio`);
	log(`  wall time                                   ${`${(Number(node.wallMs) / 1000).toFixed(1)} s`.padStart(12)}  ${`${(Number(bare.wallMs) / 1000).toFixed(1)} s`.padStart(12)}  ${(Number(node.wallMs) / Number(bare.wallMs)).toFixed(2)}×`);
	log(`  CPU time of the client process              ${`${(Number(node.cpuMs) / 1000).toFixed(1)} s`.padStart(12)}  ${`${(Number(bare.cpuMs) / 1000).toFixed(1)} s`.padStart(12)}  ${(Number(node.cpuMs) / Number(bare.cpuMs)).toFixed(2)}×`);
	log(`  peak RSS growth                             ${mb(node.peakRssGrowthBytes).padStart(12)}  ${mb(bare.peakRssGrowthBytes).padStart(12)}`);
	log(`  requests ${String(node.requests)}, items ${String(node.items)}, static data after the run ${String(node.staticDataBytes)} bytes`);
	log(`replayed from memory (${ROUNDS} runs): runPoll ${engineMs.toFixed(0)} ms (${spread(engineRuns.runs)}), parse only ${bareMs.toFixed(0)} ms (${spread(bareRuns.runs)}) → ${(engineMs / bareMs).toFixed(2)}×, ${((RECORDS / engineMs) * 1000).toFixed(0)} records/s; state ${stateBytes} bytes`);
	report('poller', {
		records: RECORDS,
		node: { ...node, staticData: undefined },
		bare,
		ratios: {
			wall: Number(node.wallMs) / Number(bare.wallMs),
			clientCpu: Number(node.cpuMs) / Number(bare.cpuMs),
			replay: engineMs / bareMs,
		},
		replay: { rounds: ROUNDS, engineMsRuns: engineRuns.runs.map((ns) => ns / 1e6), parseMsRuns: bareRuns.runs.map((ns) => ns / 1e6), stateBytes },
		staticData: node.staticData,
	});
}

main().catch((error: unknown) => {
	log(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exit(1);
});
