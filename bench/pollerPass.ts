/**
 * One pass of benchmark 4 in a process of its own (so each pass's memory figure starts from a clean heap):
 * - `node`: the Event Poller Trigger through n8n-core's PollContext, HubSpot contacts preset, from before the
 *   first record, one poll with a 30-minute budget; afterwards the search requests it sent are read back from
 *   the sandbox's log into `sequenceFile`.
 * - `bare`: the same requests, in the same order, through the same n8n HTTP helper and credential, keeping
 *   every page in memory and doing nothing else; the pages are written to `pagesFile` for the replay.
 * Prints one BENCH_RESULT line.
 */
import './env';

import { readFileSync, writeFileSync } from 'node:fs';
import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';

import { CrmListenersHubSpotApiKey } from '../credentials/CrmListenersHubSpotApiKey.credentials';
import { EventPollerTrigger } from '../nodes/EventPollerTrigger/EventPollerTrigger.node';
import { makeHarness, pollContext } from '../test/helpers/n8n';
import { collectGarbage, log, report } from './measure';

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

/** Wall time, CPU time of this process, and peak RSS above the level before (sampled, and the kernel's peak). */
async function measured<T>(work: () => Promise<T>) {
	collectGarbage();
	const rssBefore = process.memoryUsage.rss();
	const kernelPeakBefore = process.resourceUsage().maxRSS * 1024;
	let sampled = rssBefore;
	const sampler = setInterval(() => {
		sampled = Math.max(sampled, process.memoryUsage.rss());
	}, 10);
	const cpuBefore = process.cpuUsage();
	const start = process.hrtime.bigint();
	const result = await work();
	const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
	const cpu = process.cpuUsage(cpuBefore);
	clearInterval(sampler);
	sampled = Math.max(sampled, process.memoryUsage.rss());
	const kernelPeak = process.resourceUsage().maxRSS * 1024;
	const peakRss = kernelPeak > kernelPeakBefore ? Math.max(kernelPeak, sampled) : sampled;
	return { result, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, peakRssGrowthBytes: peakRss - rssBefore, heapUsedAfterBytes: process.memoryUsage().heapUsed };
}

async function nodePass(sandbox: Sandboxed, sequenceFile: string): Promise<void> {
	const h = harness(sandbox);
	const type = h.workflow.nodeTypes.getByNameAndVersion(h.node.type);
	// Polls until the backlog is drained: each poll returns at most the node's event cap (and n8n would run one
	// execution per poll), so only one poll's items are alive at a time.
	const run = await measured(async () => {
		const ids = new Set<unknown>();
		let items = 0;
		let polls = 0;
		for (;;) {
			const result: INodeExecutionData[][] | null = await (type.poll as NonNullable<typeof type.poll>).call(pollContext(h, 'trigger', BUDGET_MS));
			polls++;
			if (!result || result[0].length === 0) break;
			items += result[0].length;
			for (const item of result[0]) ids.add(item.json.objectId);
		}
		return { ids, items, polls };
	});
	const { ids, items: itemCount, polls } = run.result;
	const staticDataBytes = Buffer.byteLength(JSON.stringify(h.staticData()));
	const logged = (await (await fetch(`${sandbox.url}/_sandbox/requests?provider=hubspot&pathPrefix=/crm/v3/objects/contacts/search`)).json()) as Array<{
		method: IHttpRequestMethods;
		path: string;
		body: IDataObject;
	}>;
	const sequence: RecordedRequest[] = logged.map((entry) => ({ method: entry.method, url: `${sandbox.url}${entry.path}`, body: entry.body }));
	writeFileSync(sequenceFile, JSON.stringify(sequence));
	report('poller-node', {
		wallMs: run.wallMs,
		cpuMs: run.cpuMs,
		peakRssGrowthBytes: run.peakRssGrowthBytes,
		heapUsedAfterBytes: run.heapUsedAfterBytes,
		items: itemCount,
		polls,
		distinctIds: ids.size,
		requests: sequence.length,
		staticDataBytes,
		staticData: h.staticData(),
	});
}

async function barePass(sandbox: Sandboxed, sequenceFile: string, pagesFile: string): Promise<void> {
	const sequence = JSON.parse(readFileSync(sequenceFile, 'utf8')) as RecordedRequest[];
	const h = harness(sandbox);
	const ctx = pollContext(h, 'trigger', BUDGET_MS);
	const pages: unknown[] = [];
	let records = 0;
	const run = await measured(async () => {
		for (const request of sequence) {
			const options: IHttpRequestOptions = { ...request, json: true, returnFullResponse: true, ignoreHttpStatusErrors: true };
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL, options)) as { statusCode: number; body: { results?: unknown[] } };
			if (response.statusCode !== 200) throw new Error(`bare loop: HTTP ${response.statusCode}`);
			records += response.body.results?.length ?? 0;
			pages.push(response.body);
		}
		return pages;
	});
	writeFileSync(pagesFile, JSON.stringify(pages.map((page) => JSON.stringify(page))));
	report('poller-bare', {
		wallMs: run.wallMs,
		cpuMs: run.cpuMs,
		peakRssGrowthBytes: run.peakRssGrowthBytes,
		heapUsedAfterBytes: run.heapUsedAfterBytes,
		requests: sequence.length,
		records,
	});
}

async function main(): Promise<void> {
	const [mode, sandboxJson, sequenceFile, pagesFile] = process.argv.slice(2);
	const sandbox = JSON.parse(sandboxJson) as Sandboxed;
	if (mode === 'node') await nodePass(sandbox, sequenceFile);
	else await barePass(sandbox, sequenceFile, pagesFile);
}

main().catch((error: unknown) => {
	log(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exit(1);
});
