/**
 * Benchmark 5, the HubSpot Journal Trigger: a journal of 500 entries × 40 contact events (the sandbox in its
 * own process, files over https). Interleaved rounds of
 * - the node: `poll()` through n8n-core's PollContext and n8n's OAuth2 client-credentials path, from the earliest
 *   entry until caught up (subscriptions left alone), versus
 * - a bare loop: the same `next` calls and file downloads through the same n8n HTTP helper with a fixed Bearer
 *   token, `JSON.parse` of each file, counting events.
 * Target: the node's time ≤ 1.2 × the bare loop's, static data ≤ 16 KB. Wall time is mostly HTTP and TLS (n8n's
 * helper opens a connection per request) and the machine is shared, so the client process's CPU time is
 * reported beside it: that is the node's own cost.
 */
import './env';

import { spawn } from 'node:child_process';
import { PollContext } from 'n8n-core';
import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

import { CrmListenersHubSpotAppClientCredentialsOAuth2Api } from '../credentials/CrmListenersHubSpotAppClientCredentialsOAuth2Api.credentials';
import { HubSpotJournalTrigger } from '../nodes/HubSpotJournalTrigger/HubSpotJournalTrigger.node';
import { makeHarness, pollContext, type Harness } from '../test/helpers/n8n';
import { trustCertificateInThisProcess } from '../test/sandbox/tls/trust';
import { elapsedMs, interleave, log, median, nowNs, report, spread } from './measure';

const ENTRIES = Number(process.env.BENCH_JOURNAL_ENTRIES ?? 500);
const PER_ENTRY = Number(process.env.BENCH_JOURNAL_EVENTS_PER_ENTRY ?? 40);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SCOPES = 'developer.webhooks_journal.read developer.webhooks_journal.subscriptions.read developer.webhooks_journal.subscriptions.write';
const CREDENTIAL = 'crmListenersHubSpotAppClientCredentialsOAuth2Api';

interface SandboxInfo {
	url: string;
	certificate: string;
	identity: { portalId: number; oauthClientId: string; clientSecret: string };
	events: number;
}

function startSandboxProcess(): Promise<{ info: SandboxInfo; stop: () => void }> {
	const child = spawn(process.execPath, [join(__dirname, 'journalSandbox.js'), String(ENTRIES), String(PER_ENTRY)], { stdio: ['pipe', 'pipe', 'inherit'] });
	return new Promise((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
		createInterface({ input: child.stdout }).once('line', (line) => resolve({ info: JSON.parse(line) as SandboxInfo, stop: () => child.stdin.end() }));
	});
}

function harness(info: SandboxInfo): Harness {
	return makeHarness({
		type: new HubSpotJournalTrigger(),
		typeName: 'hubSpotJournalTrigger',
		parameters: { portalId: info.identity.portalId, objects: ['0-1'], customObjectTypeIds: '', actions: ['CREATE', 'UPDATE'], properties: '', start: 'earliest', options: { manageSubscriptions: false, maxEvents: 100_000 } },
		credentials: {
			[CREDENTIAL]: { grantType: 'clientCredentials', clientId: info.identity.oauthClientId, clientSecret: info.identity.clientSecret, accessTokenUrl: `${info.url}/oauth/v1/token`, scope: SCOPES, authentication: 'body', apiBaseUrl: info.url },
		},
		credentialTypes: [new CrmListenersHubSpotAppClientCredentialsOAuth2Api()],
	});
}

/** The node from the earliest entry until a poll returns nothing; events counted, static data measured. */
const cpuMs = (since: NodeJS.CpuUsage): number => {
	const used = process.cpuUsage(since);
	return (used.user + used.system) / 1000;
};

async function nodePass(info: SandboxInfo): Promise<{ ms: number; cpuMs: number; events: number; staticDataBytes: number }> {
	const h = harness(info);
	const type = new HubSpotJournalTrigger();
	const cpu = process.cpuUsage();
	const start = nowNs();
	let events = 0;
	for (;;) {
		const result = await type.poll.call(pollContext(h, 'trigger', 300_000));
		if (!result) break;
		events += result[0].length;
	}
	return { ms: elapsedMs(start), cpuMs: cpuMs(cpu), events, staticDataBytes: Buffer.byteLength(JSON.stringify(h.staticData())) };
}

async function token(ctx: IPollFunctions, info: SandboxInfo): Promise<string> {
	const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: info.identity.oauthClientId, client_secret: info.identity.clientSecret, scope: SCOPES }).toString();
	const answer = (await ctx.helpers.httpRequest({ method: 'POST', url: `${info.url}/oauth/v1/token`, body, headers: { 'content-type': 'application/x-www-form-urlencoded' }, json: true })) as IDataObject;
	return String(answer.access_token);
}

/** The floor: the same calls and downloads with n8n's plain HTTP helper, each file parsed, events counted. */
async function barePass(info: SandboxInfo, h: Harness): Promise<{ ms: number; cpuMs: number; events: number }> {
	const ctx = pollContext(h, 'trigger', 300_000) as PollContext & IPollFunctions;
	const cpu = process.cpuUsage();
	const start = nowNs();
	const bearer = { authorization: `Bearer ${await token(ctx, info)}` };
	const base = `${info.url}/webhooks-journal/journal-local/2026-03`;
	const portal = `installPortalId=${info.identity.portalId}`;
	let events = 0;
	let answer = (await ctx.helpers.httpRequest({ url: `${base}/earliest?${portal}`, headers: bearer, json: true, returnFullResponse: true })) as { statusCode: number; body: IDataObject };
	while (answer.statusCode === 200) {
		const text = (await ctx.helpers.httpRequest({ url: String(answer.body.url), encoding: 'text', json: false })) as string;
		events += ((JSON.parse(text) as { journalEvents: unknown[] }).journalEvents ?? []).length;
		answer = (await ctx.helpers.httpRequest({ url: `${base}/offset/${String(answer.body.currentOffset)}/next?${portal}`, headers: bearer, json: true, returnFullResponse: true })) as { statusCode: number; body: IDataObject };
	}
	return { ms: elapsedMs(start), cpuMs: cpuMs(cpu), events };
}

async function main(): Promise<void> {
	const { info, stop } = await startSandboxProcess();
	const untrust = trustCertificateInThisProcess(info.certificate);
	const h = harness(info);
	let staticDataBytes = 0;
	const cpu: { node: number[]; bare: number[] } = { node: [], bare: [] };
	try {
		// One warm-up of each: module loading and TLS session set-up are not what is measured.
		await nodePass(info);
		await barePass(info, h);
		const variants = await interleave(ROUNDS, [
			{
				name: 'node',
				run: async () => {
					const pass = await nodePass(info);
					if (pass.events !== info.events) throw new Error(`node emitted ${pass.events} of ${info.events} events`);
					staticDataBytes = pass.staticDataBytes;
					cpu.node.push(pass.cpuMs);
					return pass.ms;
				},
			},
			{
				name: 'bare',
				run: async () => {
					const pass = await barePass(info, h);
					if (pass.events !== info.events) throw new Error(`bare loop read ${pass.events} of ${info.events} events`);
					cpu.bare.push(pass.cpuMs);
					return pass.ms;
				},
			},
		]);
		const [node, bare] = variants.map((v) => median(v.runs));
		log(`journal: ${ENTRIES} entries × ${PER_ENTRY} events, ${ROUNDS} rounds`);
		log(`  node  ${node.toFixed(0)} ms (${spread(variants[0].runs.map((ms) => ms * 1e6))}), ${((info.events / node) * 1000).toFixed(0)} events/s`);
		log(`  bare  ${bare.toFixed(0)} ms (${spread(variants[1].runs.map((ms) => ms * 1e6))}), ${((info.events / bare) * 1000).toFixed(0)} events/s`);
		const [nodeCpu, bareCpu] = [median(cpu.node), median(cpu.bare)];
		log(`  node / bare ${(node / bare).toFixed(2)}× wall (target ≤ 1.20×), ${(nodeCpu / bareCpu).toFixed(2)}× client CPU (${nodeCpu.toFixed(0)} / ${bareCpu.toFixed(0)} ms); static data ${staticDataBytes} bytes (target ≤ 16 KB)`);
		report('journal', {
			events: info.events,
			node: { medianMs: node, cpuMs: nodeCpu, eventsPerSecond: (info.events / node) * 1000, staticDataBytes },
			bare: { medianMs: bare, cpuMs: bareCpu, eventsPerSecond: (info.events / bare) * 1000 },
			ratios: { nodeToBare: node / bare, cpuNodeToBare: nodeCpu / bareCpu },
		});
	} finally {
		untrust();
		stop();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
	process.exit(1);
});
