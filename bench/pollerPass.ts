/**
 * One side of benchmark 4 in a process of its own (so each side's memory figure starts from a clean heap of its
 * own), driven step by step over stdin/stdout by bench/poller.ts so the two sides alternate and share the
 * machine's load:
 * - `node`: the Event Poller Trigger through n8n-core's PollContext, HubSpot contacts preset, from before the
 *   first record; each `poll` command runs one poll (one n8n execution), as n8n does every poll interval.
 * - `bare`: each `requests` command sends the given requests, in order, through the same n8n HTTP helper and
 *   credential, keeping every page in memory and doing nothing else (the pages are written out at the end for
 *   the replay).
 * Memory is sampled every 10 ms from just before the first command to the last: RSS (and the kernel's peak),
 * V8's heap used and its spaces, external memory, and every garbage collection by kind.
 * Commands and answers are one JSON line each.
 */
import './env';

import { writeFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { getHeapSpaceStatistics } from 'node:v8';
import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';

import { CrmListenersHubSpotApiKey } from '../credentials/CrmListenersHubSpotApiKey.credentials';
import { EventPollerTrigger } from '../nodes/EventPollerTrigger/EventPollerTrigger.node';
import { makeHarness, pollContext } from '../test/helpers/n8n';
import { collectGarbage, log } from './measure';

export interface RecordedRequest {
	method: IHttpRequestMethods;
	url: string;
	body?: IDataObject;
}

interface Sandboxed {
	url: string;
	token: string;
	firstMs: number;
	records: number;
}

export type PassCommand = { op: 'poll' } | { op: 'requests'; requests: RecordedRequest[] } | { op: 'finish'; pagesFile?: string };

/** What one step took: wall and CPU time of this process, and what it produced. */
export interface StepAnswer {
	wallMs: number;
	cpuMs: number;
	items: number;
	/** Node: the object ids of the poll's items, checked for loss and repeats by the caller (not kept here). */
	ids?: string[];
}

/** The memory figures of a whole pass, growth above the level measured after a full collection before it. */
export interface PassMemory {
	peakRssGrowthBytes: number;
	peakHeapUsedGrowthBytes: number;
	peakNewSpaceBytes: number;
	peakOldSpaceUsedGrowthBytes: number;
	peakExternalGrowthBytes: number;
	/** Heap still used after a full collection at the end (what the pass keeps: node, its state and n8n's; bare, every page). */
	retainedHeapBytes: number;
	/** Garbage collections by V8's kind: 1 scavenge, 2 minor mark-compact, 4 mark-compact, 8 incremental marking, 16 weak callbacks. */
	collections: Record<string, number>;
}

const BUDGET_MS = 30 * 60_000;
const CREDENTIAL = 'crmListenersHubSpotApiKey';

function harness(sandbox: Sandboxed) {
	return makeHarness({
		type: new EventPollerTrigger(),
		typeName: 'eventPollerTrigger',
		parameters: {
			source: 'hubspot',
			authentication: 'apiKey',
			configurationMode: 'preset',
			hubspotObjects: ['contacts'],
			startDate: new Date(sandbox.firstMs - 60_000).toISOString(),
			options: { includeDeleted: false },
		},
		credentials: { [CREDENTIAL]: { accessToken: sandbox.token, apiBaseUrl: sandbox.url } },
		credentialTypes: [new CrmListenersHubSpotApiKey()],
	});
}

/** Samples memory from now until `stop()`: peaks above the level after a full collection now. */
function memoryWatch() {
	collectGarbage();
	const before = process.memoryUsage();
	const oldUsed = () => getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')?.space_used_size ?? 0;
	const oldBefore = oldUsed();
	const kernelPeakBefore = process.resourceUsage().maxRSS * 1024;
	const peak = { rss: before.rss, heapUsed: before.heapUsed, external: before.external, newSpace: 0, oldUsed: oldBefore };
	const sample = () => {
		const now = process.memoryUsage();
		peak.rss = Math.max(peak.rss, now.rss);
		peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
		peak.external = Math.max(peak.external, now.external);
		for (const space of getHeapSpaceStatistics()) {
			if (space.space_name === 'new_space') peak.newSpace = Math.max(peak.newSpace, space.space_size);
			if (space.space_name === 'old_space') peak.oldUsed = Math.max(peak.oldUsed, space.space_used_size);
		}
	};
	const collections: Record<string, number> = {};
	const observer = new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			const kind = String((entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? 'unknown');
			collections[kind] = (collections[kind] ?? 0) + 1;
		}
	});
	observer.observe({ entryTypes: ['gc'] });
	const timer = setInterval(sample, 10);
	return {
		sample,
		stop(): PassMemory {
			clearInterval(timer);
			sample();
			observer.disconnect();
			const kernelPeak = process.resourceUsage().maxRSS * 1024;
			const peakRss = kernelPeak > kernelPeakBefore ? Math.max(kernelPeak, peak.rss) : peak.rss;
			collectGarbage();
			return {
				peakRssGrowthBytes: peakRss - before.rss,
				peakHeapUsedGrowthBytes: peak.heapUsed - before.heapUsed,
				peakNewSpaceBytes: peak.newSpace,
				peakOldSpaceUsedGrowthBytes: peak.oldUsed - oldBefore,
				peakExternalGrowthBytes: peak.external - before.external,
				retainedHeapBytes: process.memoryUsage().heapUsed - before.heapUsed,
				collections,
			};
		},
	};
}

async function timed(work: () => Promise<number>): Promise<StepAnswer> {
	const cpuBefore = process.cpuUsage();
	const start = process.hrtime.bigint();
	const items = await work();
	const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
	const cpu = process.cpuUsage(cpuBefore);
	return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, items };
}

/** Marks an answer line (n8n writes notices of its own to stdout). */
export const ANSWER = 'POLLER_PASS ';

function answer(value: unknown): void {
	process.stdout.write(`${ANSWER}${JSON.stringify(value)}\n`);
}

async function main(): Promise<void> {
	const [mode, sandboxJson] = process.argv.slice(2);
	const sandbox = JSON.parse(sandboxJson) as Sandboxed;
	const h = harness(sandbox);
	const type = h.workflow.nodeTypes.getByNameAndVersion(h.node.type);
	const ctx = pollContext(h, 'trigger', BUDGET_MS);
	let ids: string[] = [];
	const pages: unknown[] = [];
	let polls = 0;
	let watch: ReturnType<typeof memoryWatch> | undefined;

	const poll = async (): Promise<number> => {
		// One poll = one n8n execution: its items are dropped once counted, as n8n hands them on.
		const result: INodeExecutionData[][] | null = await (type.poll as NonNullable<typeof type.poll>).call(pollContext(h, 'trigger', BUDGET_MS));
		polls++;
		watch?.sample();
		if (!result) return 0;
		ids = result[0].map((item) => String(item.json.objectId));
		return result[0].length;
	};
	const send = async (requests: RecordedRequest[]): Promise<number> => {
		let records = 0;
		for (const request of requests) {
			const options: IHttpRequestOptions = { ...request, json: true, returnFullResponse: true, ignoreHttpStatusErrors: true };
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL, options)) as { statusCode: number; body: { results?: unknown[] } };
			if (response.statusCode !== 200) throw new Error(`bare loop: HTTP ${response.statusCode}`);
			records += response.body.results?.length ?? 0;
			pages.push(response.body);
		}
		return records;
	};

	answer({ ready: true });
	for await (const line of createInterface({ input: process.stdin })) {
		const command = JSON.parse(line) as PassCommand;
		watch ??= memoryWatch();
		if (command.op === 'poll') {
			const step = await timed(poll);
			answer({ ...step, ids });
			ids = [];
		}
		else if (command.op === 'requests') answer(await timed(async () => await send(command.requests)));
		else {
			const memory = watch.stop();
			if (command.pagesFile) writeFileSync(command.pagesFile, JSON.stringify(pages.map((page) => JSON.stringify(page))));
			const staticData = mode === 'node' ? h.staticData() : undefined;
			answer({
				...memory,
				polls,
				staticDataBytes: staticData === undefined ? undefined : Buffer.byteLength(JSON.stringify(staticData)),
				staticData,
				pagesKept: pages.length,
			});
			break;
		}
	}
}

if (require.main === module) {
	main().catch((error: unknown) => {
		log(error instanceof Error ? (error.stack ?? error.message) : String(error));
		process.exit(1);
	});
}
