/**
 * Seeded fuzzing of HubSpot request signatures: signed deliveries (v1 + v3, v1, v3, v2, a URL with escapes) are
 * mutated in their body bytes, headers, timestamp, URL, method and encodings. None may pass unless the oracle
 * (helpers/hubspotFuzz.ts, written from HubSpot's rules) says the signature and every byte it covers arrived
 * unchanged; mutations that change nothing signed (header-name case, chunked or gzip transfer…) must pass.
 * Most mutations go straight to `verifyHubSpotRequest`; a subset goes end to end through the node over HTTP.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { verifyHubSpotRequest } from '../../core/signature';
import { CrmListenersHubSpotApp } from '../../credentials/CrmListenersHubSpotApp.credentials';
import { HubSpotWebhookTrigger } from '../../nodes/HubSpotWebhookTrigger/HubSpotWebhookTrigger.node';
import {
	cloneWire,
	headerRecord,
	httpParts,
	isBenign,
	mutate,
	MUTATIONS,
	oracle,
	signedWire,
	type HeaderRecord,
	type SeenRequest,
	type SignatureScheme,
	type SignedBase,
} from './helpers/hubspotFuzz';
import { caseRng } from './helpers/prng';
import { sendRaw } from './helpers/rawHttp';
import { report } from './helpers/report';
import { startHostileServer, type HostileServer, type ObservedRequest } from './helpers/webhookServer';

const SECRET = 'c0ffee00-aaaa-bbbb-cccc-123456789abc';
const PREVIOUS_SECRET = 'old-secret-0000-1111-2222-333344445555';
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'nodes', name), 'utf8').trim();
const APP_BODY = fixture('hubspot-app-delivery.json');
const WORKFLOW_BODY = fixture('hubspot-workflow-delivery.json');
const OTHER_BODY = JSON.stringify([
	{ eventId: 900, subscriptionId: 2001, portalId: 62515, appId: 54321, occurredAt: 1764000009000, subscriptionType: 'contact.creation', attemptNumber: 0, objectId: 990 },
]);
// Escapes HubSpot decodes before signing v3 (%3A) and ones it keeps (%20, %26).
const QUERY = '?token=a%3Ab%20c&x=%26&t=(1)';

const CORE_SEED = 0x48_53_01;
const CORE_CASES = 10_000;
const HTTP_SEED = 0x48_53_02;
const HTTP_CASES = 400;
const NOW_MS = 1_764_000_600_000;
const TOLERANCE_MS = 300_000;

const BASES: Array<{ name: string; scheme: SignatureScheme; body: string; query: string }> = [
	{ name: 'app delivery, v1 + v3', scheme: 'v1+v3', body: APP_BODY, query: '' },
	{ name: 'app delivery, v1 only', scheme: 'v1', body: APP_BODY, query: '' },
	{ name: 'app delivery, v3 only', scheme: 'v3', body: APP_BODY, query: '' },
	{ name: 'workflow delivery, v2', scheme: 'v2', body: WORKFLOW_BODY, query: '' },
	{ name: 'app delivery, v1 + v3, query with escapes', scheme: 'v1+v3', body: APP_BODY, query: QUERY },
];

function signedBase(index: number, url: string, timestampMs: number): SignedBase {
	const base = BASES[index % BASES.length];
	return { name: base.name, scheme: base.scheme, wire: signedWire(base.scheme, SECRET, url + base.query, base.body, timestampMs) };
}

interface Tally {
	cases: number;
	accepted: number;
}

function count(tallies: Map<string, Tally>, names: string[], accepted: boolean): void {
	for (const name of names) {
		const tally = tallies.get(name) ?? { cases: 0, accepted: 0 };
		tally.cases += 1;
		if (accepted) tally.accepted += 1;
		tallies.set(name, tally);
	}
}

type Verify = typeof verifyHubSpotRequest;

/** Runs the seeded core cases against `verify`; returns what went wrong and what was drawn. */
function fuzzCore(verify: Verify, cases: number): { failures: string[]; accepted: number; tallies: Map<string, Tally> } {
	const url = 'https://n8n.example.com/webhook/0b7c2d9e/webhook';
	const other = signedWire('v1+v3', SECRET, url, OTHER_BODY, NOW_MS - 1_000);
	const tallies = new Map<string, Tally>();
	const failures: string[] = [];
	let accepted = 0;
	for (let index = 0; index < cases; index++) {
		const rng = caseRng(CORE_SEED, index);
		const base = signedBase(index, url, NOW_MS - 2_000);
		const wire = cloneWire(base.wire);
		const names = mutate(wire, rng, { other, http: false });
		const headers = headerRecord(wire.headers);
		const seen: SeenRequest = { method: wire.method, urls: [wire.url], headers, body: wire.body };
		const verdict = oracle(base, seen);
		const label = `#${index} ${base.name} [${names.join(', ')}]`;
		let result;
		try {
			result = verify({
				method: wire.method,
				url: wire.url,
				rawBody: wire.body,
				headers,
				secrets: rng.chance(0.25) ? [PREVIOUS_SECRET, SECRET] : [SECRET],
				nowMs: NOW_MS,
				toleranceMs: TOLERANCE_MS,
			});
		} catch (error) {
			failures.push(`${label}: threw ${String(error)}`);
			continue;
		}
		if (result.ok) {
			accepted += 1;
			if (!verdict.mayPass) failures.push(`${label}: accepted (${result.version}) although the signed content changed`);
			else if (result.version !== verdict.version) failures.push(`${label}: accepted as ${result.version}, expected ${verdict.version}`);
		}
		if (isBenign(names) && !result.ok) failures.push(`${label}: harmless mutation rejected (${result.reason})`);
		if (isBenign(names) && !verdict.mayPass) failures.push(`${label}: the oracle rejects a harmless mutation (test defect)`);
		count(tallies, names, result.ok);
	}
	return { failures, accepted, tallies };
}

describe('HubSpot signature fuzzer, straight against verifyHubSpotRequest (core)', () => {
	it(`${CORE_CASES.toLocaleString('en')} seeded mutations: none accepted unless signature and signed content are intact; harmless ones accepted`, () => {
		const { failures, accepted, tallies } = fuzzCore(verifyHubSpotRequest, CORE_CASES);
		report(`HubSpot signatures, core: ${CORE_CASES} tried, ${accepted} accepted (signed content intact), ${failures.length} failures`);
		expect(failures).toEqual([]);
		// The fuzzer must exercise both outcomes and every mutation that can travel this way.
		expect(accepted).toBeGreaterThan(CORE_CASES * 0.05);
		expect(accepted).toBeLessThan(CORE_CASES * 0.6);
		for (const mutation of MUTATIONS.filter((m) => !m.httpOnly)) {
			expect({ mutation: mutation.name, drawn: (tallies.get(mutation.name)?.cases ?? 0) > 20 }).toEqual({ mutation: mutation.name, drawn: true });
		}
	});

	// The fuzzer itself must catch verifiers that are wrong in the usual ways.
	it.each<{ name: string; verify: Verify }>([
		{
			name: 'a verifier that ignores the v3 timestamp header (signs the original one)',
			verify: (input) => {
				const headers = Object.fromEntries(Object.entries(input.headers).filter(([name]) => name.toLowerCase() !== 'x-hubspot-request-timestamp'));
				return verifyHubSpotRequest({ ...input, headers: { ...headers, 'X-HubSpot-Request-Timestamp': String(NOW_MS - 2_000) } });
			},
		},
		{
			name: 'a verifier that falls back to v1 when v3 fails',
			verify: (input) => {
				const result = verifyHubSpotRequest(input);
				if (result.ok) return result;
				const headers = Object.fromEntries(Object.entries(input.headers).filter(([name]) => !/-v3$|timestamp/i.test(name)));
				return verifyHubSpotRequest({ ...input, headers });
			},
		},
		{ name: 'a verifier that ignores the URL', verify: (input) => verifyHubSpotRequest({ ...input, url: 'https://n8n.example.com/webhook/0b7c2d9e/webhook' }) },
		{ name: 'a verifier that accepts everything', verify: () => ({ ok: true, version: 'v3', secretIndex: 0 }) },
	])('catches $name', ({ verify }) => {
		expect(fuzzCore(verify, 2_000).failures.length).toBeGreaterThan(0);
	});
});

function withoutVerification(items: INodeExecutionData[]): unknown[] {
	return items.map((item) => {
		const rest: IDataObject = { ...item.json };
		delete rest.verification;
		return rest;
	});
}

/**
 * What verification saw: the URL the node is configured at, with the query received. The loopback server trusts
 * no proxy (as n8n without N8N_PROXY_HOPS), so neither Host nor X-Forwarded-* adds a URL.
 */
function seenOverHttp(observed: ObservedRequest, configuredUrl: string): SeenRequest {
	const query = observed.originalUrl.includes('?') ? observed.originalUrl.slice(observed.originalUrl.indexOf('?')) : '';
	return {
		method: observed.method,
		urls: [configuredUrl + query],
		headers: observed.headers as HeaderRecord,
		body: observed.rawBody ?? Buffer.alloc(0),
	};
}

describe('HubSpot signature fuzzer, end to end through the node over HTTP (subset)', () => {
	const servers: HostileServer[] = [];
	afterAll(async () => Promise.all(servers.map((server) => server.close())));

	it(`${HTTP_CASES} seeded mutations through WebhookContext: accepted ones give the same items, rejected ones 401 and no execution, never 500`, async () => {
		const parameters: INodeParameters = { events: [], verification: 'signature', manageSubscriptions: false, options: { dedupe: false } };
		const start = async () => {
			const started = await startHostileServer({
				type: new HubSpotWebhookTrigger(),
				typeName: 'hubSpotWebhookTrigger',
				parameters,
				credentials: { crmListenersHubSpotApp: { clientSecret: SECRET } },
				credentialTypes: [new CrmListenersHubSpotApp()],
			});
			servers.push(started);
			return started;
		};
		// A node that accepted a v3 delivery refuses v1-only ones (replay by stripping v3): v1-only deliveries go to
		// a node of their own, as from a legacy private app that never sends v3.
		const withV3 = await start();
		const v1Only = await start();
		const serverFor = (index: number) => (BASES[index % BASES.length].scheme === 'v1' ? v1Only : withV3);

		// Every unmutated base is accepted, and its items are the reference for its mutations.
		const expected = new Map<string, unknown[]>();
		for (let index = 0; index < BASES.length; index++) {
			const server = serverFor(index);
			const before = server.executions.length;
			const base = signedBase(index, server.url, Date.now());
			const reply = await sendRaw(server.base, { method: base.wire.method, ...httpParts(base.wire) });
			expect({ base: base.name, status: reply.status }).toEqual({ base: base.name, status: 200 });
			expect(server.executions).toHaveLength(before + 1);
			expected.set(base.name, withoutVerification(server.executions[before]));
		}

		const tallies = new Map<string, Tally>();
		const failures: string[] = [];
		const statuses = new Map<number, number>();
		for (let index = 0; index < HTTP_CASES; index++) {
			const rng = caseRng(HTTP_SEED, index);
			const server = serverFor(index);
			const configuredUrl = server.url;
			const base = signedBase(index, configuredUrl, Date.now());
			const other = signedWire('v1+v3', SECRET, configuredUrl, OTHER_BODY, Date.now());
			const wire = cloneWire(base.wire);
			const names = mutate(wire, rng, { other, http: true });
			const label = `#${index} ${base.name} [${names.join(', ')}]`;
			const executionsBefore = server.executions.length;
			const observedBefore = server.observed.length;
			const reply = await sendRaw(server.base, { method: wire.method, ...httpParts(wire) });
			statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
			const started = server.executions.length - executionsBefore;
			if (server.observed.length !== observedBefore + 1) {
				failures.push(`${label}: answered ${reply.status} without reaching the node`);
				continue;
			}
			const observed = server.observed[server.observed.length - 1];
			const verdict = oracle(base, seenOverHttp(observed, configuredUrl));
			const accepted = reply.status >= 200 && reply.status < 300;
			count(tallies, names, accepted);
			if (accepted) {
				const items = server.executions[server.executions.length - 1];
				if (!verdict.mayPass) failures.push(`${label}: accepted although the signed content changed`);
				else if (started !== 1) failures.push(`${label}: accepted with ${started} executions`);
				else if (JSON.stringify(withoutVerification(items)) !== JSON.stringify(expected.get(base.name))) {
					failures.push(`${label}: accepted with different items`);
				} else if ((items[0].json.verification as IDataObject).version !== verdict.version) {
					failures.push(`${label}: verified as ${String((items[0].json.verification as IDataObject).version)}, expected ${verdict.version}`);
				} else if (server === withV3 && verdict.version === 'v1') {
					failures.push(`${label}: accepted a v1-only delivery on a node that accepted v3 before`);
				}
			} else if (reply.status === 401) {
				if (started !== 0) failures.push(`${label}: 401 but an execution started`);
				if (JSON.parse(reply.body).error !== 'unauthorized') failures.push(`${label}: 401 without the rejection body`);
			} else if ([400, 413, 415].includes(reply.status)) {
				// Refused after verification (media type, JSON) or before the body could be read at all.
				if (started !== 0) failures.push(`${label}: ${reply.status} but an execution started`);
				if (!verdict.mayPass && observed.rawBody !== undefined) failures.push(`${label}: ${reply.status} instead of 401 for a forged request`);
			} else {
				failures.push(`${label}: answered ${reply.status}${observed.thrown ? ` (${observed.thrown})` : ''}`);
			}
			if (isBenign(names) && !accepted) failures.push(`${label}: harmless mutation answered ${reply.status}`);
		}
		const acceptedCount = [...statuses.entries()].filter(([status]) => status < 300).reduce((sum, [, n]) => sum + n, 0);
		report(`HubSpot signatures, over HTTP: ${HTTP_CASES} tried, ${acceptedCount} accepted, ${statuses.get(401) ?? 0} refused 401, ${failures.length} failures`);
		expect(failures).toEqual([]);
		expect(acceptedCount).toBeGreaterThan(HTTP_CASES * 0.05);
		expect(statuses.get(401) ?? 0).toBeGreaterThan(HTTP_CASES * 0.3);
		expect(servers.every((server) => server.observed.every((request) => request.thrown === undefined))).toBe(true);
	});
});
