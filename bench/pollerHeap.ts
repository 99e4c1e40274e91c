/**
 * Where the poller's memory goes: the node pass of benchmark 4 against a replay of a recorded run (so it takes
 * seconds, not minutes), with the heap sampled every 5 ms and every garbage collection recorded.
 * `node --expose-gc pollerHeap.js <dir of a benchmark-4 run> [runs]` (the dir holds sequence.json, pages.json).
 * Per run: peak RSS growth, peak heap used / committed, peak external memory, collections by kind, and the
 * heap still used after each poll once collected (`BENCH_POLLER_HEAP_LIVE=1`, which collects after every poll).
 */
import './env';

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { PerformanceObserver } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { getHeapSpaceStatistics } from 'node:v8';
import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';

import { CrmListenersHubSpotApiKey } from '../credentials/CrmListenersHubSpotApiKey.credentials';
import { EventPollerTrigger } from '../nodes/EventPollerTrigger/EventPollerTrigger.node';
import { makeHarness, pollContext } from '../test/helpers/n8n';
import { collectGarbage, log, report } from './measure';

const MB = 1024 * 1024;
const mb = (bytes: number) => Number((bytes / MB).toFixed(1));

function startReplay(dir: string): Promise<{ url: string; stop: () => void }> {
	const child = spawn(process.execPath, [join(__dirname, 'pollerReplayServer.js'), join(dir, 'pages.json')], {
		stdio: ['pipe', 'pipe', 'inherit'],
	});
	return new Promise((resolve) => {
		createInterface({ input: child.stdout }).once('line', (line) => {
			resolve({ url: (JSON.parse(line) as { url: string }).url, stop: () => child.stdin.end() });
		});
	});
}

interface ProfileNode {
	callFrame: { functionName: string; url: string; lineNumber: number };
	selfSize: number;
	children: ProfileNode[];
}

/** Bytes allocated (collected or not) by package or by our own file, largest first. */
function allocationsByPlace(head: ProfileNode): string {
	const totals = new Map<string, number>();
	const walk = (node: ProfileNode, owner: string): void => {
		const url = node.callFrame.url;
		const ours = /bench-build\/(core|nodes)\//.exec(url);
		const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
		const place = ours ? `${url.slice(url.indexOf('bench-build/') + 12)} ${node.callFrame.functionName}:${node.callFrame.lineNumber + 1}` : pkg ? pkg[1] : url === '' ? owner : url.startsWith('node:') ? url : owner;
		totals.set(place, (totals.get(place) ?? 0) + node.selfSize);
		for (const child of node.children) walk(child, place);
	};
	walk(head, '(root)');
	return [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([place, bytes]) => `${mb(bytes).toString().padStart(8)} MB  ${place}`).join('\n');
}

async function main(): Promise<void> {
	const dir = process.argv[2];
	// The first recorded query starts at Start From minus the contacts preset's 30-second pollDelay.
	const sequence = JSON.parse(readFileSync(join(dir, 'sequence.json'), 'utf8')) as Array<{
		body: { filterGroups: Array<{ filters: Array<{ value: string }> }> };
	}>;
	const startDate = new Date(Number(sequence[0].body.filterGroups[0].filters[0].value) + 30_000).toISOString();
	const replay = await startReplay(dir);
	const h = makeHarness({
		type: new EventPollerTrigger(),
		typeName: 'eventPollerTrigger',
		parameters: { source: 'hubspot', authentication: 'apiKey', configurationMode: 'preset', hubspotObjects: ['contacts'], startDate, options: { includeDeleted: false, ...(process.env.BENCH_POLLER_MAX_EVENTS ? { maxEvents: Number(process.env.BENCH_POLLER_MAX_EVENTS) } : {}) } },
		credentials: { crmListenersHubSpotApiKey: { accessToken: 'replay', apiBaseUrl: replay.url } },
		credentialTypes: [new CrmListenersHubSpotApiKey()],
	});
	const type = h.workflow.nodeTypes.getByNameAndVersion(h.node.type);
	const live = process.env.BENCH_POLLER_HEAP_LIVE === '1';
	const gcs: Record<string, number> = {};
	const observer = new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			const kind = String((entry as unknown as { detail?: { kind?: number } }).detail?.kind ?? 'unknown');
			gcs[kind] = (gcs[kind] ?? 0) + 1;
		}
	});
	collectGarbage();
	const before = process.memoryUsage();
	const kernelPeakBefore = process.resourceUsage().maxRSS * 1024;
	const peak = { rss: before.rss, heapUsed: before.heapUsed, heapTotal: before.heapTotal, external: before.external, newSpace: 0, oldSpace: 0 };
	const sample = () => {
		const now = process.memoryUsage();
		peak.rss = Math.max(peak.rss, now.rss);
		peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
		peak.heapTotal = Math.max(peak.heapTotal, now.heapTotal);
		peak.external = Math.max(peak.external, now.external);
		for (const space of getHeapSpaceStatistics()) {
			if (space.space_name === 'new_space') peak.newSpace = Math.max(peak.newSpace, space.space_size);
			if (space.space_name === 'old_space') peak.oldSpace = Math.max(peak.oldSpace, space.space_size);
		}
	};
	observer.observe({ entryTypes: ['gc'] });
	const profiler = process.env.BENCH_POLLER_HEAP_PROFILE === '1' ? new Session() : undefined;
	if (profiler) {
		profiler.connect();
		await profiler.post('HeapProfiler.startSampling', { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: process.env.BENCH_POLLER_HEAP_PROMOTED !== '1' });
	}
	const sampler = setInterval(sample, 5);
	const liveAfterPoll: number[] = [];
	/** Heap a poll's result holds: collected while the items are referenced, minus collected once they are not. */
	const heldByPoll: number[] = [];
	let items = 0;
	const started = Date.now();
	const bare = process.env.BENCH_POLLER_HEAP_BARE === '1';
	if (bare) {
		// The same requests through the same helper, bodies dropped at once: n8n's HTTP stack alone.
		const ctx = pollContext(h, 'trigger', 30 * 60_000);
		for (const request of sequence as unknown as Array<{ method: IHttpRequestMethods; url: string; body: IDataObject }>) {
			const url = `${replay.url}${new URL(request.url).pathname}`;
			const options: IHttpRequestOptions = { method: request.method, url, body: request.body, json: true, returnFullResponse: true, ignoreHttpStatusErrors: true };
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'crmListenersHubSpotApiKey', options)) as { body: { results: unknown[] } };
			items += response.body.results.length;
		}
	}
	for (; !bare; ) {
		const result: INodeExecutionData[][] | null = await (type.poll as NonNullable<typeof type.poll>).call(pollContext(h, 'trigger', 30 * 60_000));
		sample();
		if (!result || result[0].length === 0) break;
		items += result[0].length;
		if (live) {
			collectGarbage();
			const holding = process.memoryUsage().heapUsed;
			result.length = 0;
			collectGarbage();
			liveAfterPoll.push(mb(process.memoryUsage().heapUsed - before.heapUsed));
			heldByPoll.push(mb(holding - process.memoryUsage().heapUsed));
		}
	}
	clearInterval(sampler);
	observer.disconnect();
	if (profiler) log(allocationsByPlace(((await profiler.post('HeapProfiler.getSamplingProfile')) as { profile: { head: ProfileNode } }).profile.head));
	replay.stop();
	const kernelPeak = process.resourceUsage().maxRSS * 1024;
	const figures = {
		items,
		seconds: (Date.now() - started) / 1000,
		peakRssGrowthMB: mb((kernelPeak > kernelPeakBefore ? Math.max(peak.rss, kernelPeak) : peak.rss) - before.rss),
		peakHeapUsedGrowthMB: mb(peak.heapUsed - before.heapUsed),
		peakHeapCommittedGrowthMB: mb(peak.heapTotal - before.heapTotal),
		peakNewSpaceMB: mb(peak.newSpace),
		peakOldSpaceMB: mb(peak.oldSpace),
		peakExternalGrowthMB: mb(peak.external - before.external),
		collections: gcs,
		liveAfterPollMB: liveAfterPoll,
		heldByPollMB: heldByPoll,
	};
	log(JSON.stringify(figures));
	report('poller-heap', figures);
}

main().catch((error: unknown) => {
	log(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exit(1);
});
