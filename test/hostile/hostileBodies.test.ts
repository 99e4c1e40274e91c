/**
 * Hostile bodies through the real nodes over loopback HTTP: oversized (declared, chunked, gzip bombs), deeply
 * nested JSON, non-JSON media types, empty bodies, 10,000-event arrays, invalid UTF-8, prototype keys. Each must
 * get a clear 4xx or be processed correctly (items n8n can store), never a 500, and never make the process grow
 * past a generous bound. HubSpot bodies carry valid signatures, Pipedrive ones the right Basic pair, so the body
 * handling after authentication is what is tested. Cases run against the node alone and, where n8n's own JSON
 * parsing runs first for a version-1 webhook node, as n8n 2.40 serves them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { CrmListenersHubSpotApp } from '../../credentials/CrmListenersHubSpotApp.credentials';
import { CrmListenersPipedriveBasicAuth } from '../../credentials/CrmListenersPipedriveBasicAuth.credentials';
import { HubSpotWebhookTrigger } from '../../nodes/HubSpotWebhookTrigger/HubSpotWebhookTrigger.node';
import { PipedriveWebhookTrigger } from '../../nodes/PipedriveWebhookTrigger/PipedriveWebhookTrigger.node';
import { MB, measureGrowth } from './helpers/memory';
import { sendRaw, type RawHttpResponse } from './helpers/rawHttp';
import { signedHeaders } from './helpers/signBytes';
import { startHostileServer, type HostileServer } from './helpers/webhookServer';

const SECRET = 'hostile-bodies-client-secret-0123456789';
const PAIR = { user: 'pd-hostile', password: 'hostile-bodies-password-0123456789' };
const V2_CHANGE = readFileSync(join(__dirname, '..', 'fixtures', 'nodes', 'pipedrive-v2-change-deal.json'), 'utf8').trim();
const DEPTH = 100_000;

type Provider = 'hubspot' | 'pipedrive';
type Mode = 'node alone' | 'as n8n serves it';

interface BodyCase {
	name: string;
	provider: Provider;
	body: () => Buffer | Readable;
	/** Default application/json; null sends none. */
	contentType?: string | null;
	headers?: Array<[string, string]>;
	/** Sign (HubSpot) or authenticate (Pipedrive) the request; default true. */
	authentic?: boolean;
	contentLength?: boolean;
	options?: INodeParameters;
	/** Acceptable answers; 2xx means the delivery must be processed into storable items. */
	statuses: number[];
	/** Items expected when accepted. */
	items?: number;
	modes?: Mode[];
	memoryBoundMb?: number;
	check?: (items: INodeExecutionData[], server: HostileServer) => void;
}

let nextEventIndex = 0;

/** A HubSpot event; without an index, one no earlier case used (the nodes drop repeats). */
function event(index = nextEventIndex++ + 100_000, extra: IDataObject = {}): IDataObject {
	return {
		eventId: 1000 + index,
		subscriptionId: 2001,
		portalId: 62515,
		appId: 54321,
		occurredAt: 1764000000000 + index,
		subscriptionType: 'contact.propertyChange',
		attemptNumber: 0,
		objectId: 500000 + index,
		propertyName: 'email',
		propertyValue: `person${index}@example.com`,
		changeSource: 'CRM',
		...extra,
	};
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');
const nestedArrays = (depth: number, leaf = '') => '['.repeat(depth) + leaf + ']'.repeat(depth);
const nestedObjects = (depth: number, leaf = '1') => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);

/** `chunkCount` chunks of `chunk`, produced as they are read (never held in memory at once). */
function streamOf(chunk: Buffer, chunkCount: number): Readable {
	let sent = 0;
	return new Readable({
		read() {
			this.push(sent++ < chunkCount ? chunk : null);
		},
	});
}

const HOSTILE_JOIN_TEMPLATE = '{{join (json propertyValue) mergedObjectIds}}';
/**
 * One merge event of 409 KB: a 200,000-character property value and 19,000 merged ids. Joined with the value's
 * JSON as separator that is ~3.8 GB of text, past V8's longest string: unbounded rendering throws and answers 500.
 */
const mergeBomb = json([
	event(undefined, {
		subscriptionType: 'contact.merge',
		propertyValue: 'v'.repeat(200_000),
		mergedObjectIds: Array.from({ length: 19_000 }, (_, index) => 9_000_000_000 + index),
	}),
]);

let gzipBomb = Buffer.alloc(0);

async function makeGzipBomb(inflatedMb: number): Promise<Buffer> {
	const gzip = createGzip({ level: 9 });
	const chunks: Buffer[] = [];
	gzip.on('data', (chunk: Buffer) => chunks.push(chunk));
	const done = new Promise((resolve) => gzip.on('end', resolve));
	const zeros = Buffer.alloc(MB, 0x20);
	for (let index = 0; index < inflatedMb; index++) {
		if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
	}
	gzip.end();
	await done;
	return Buffer.concat(chunks);
}

const v1Deep = () =>
	Buffer.from(
		`{"v":1,"event":"updated.deal","meta":{"v":1,"action":"updated","object":"deal","id":8,"webhook_id":1,"timestamp_micro":1669303185149000},` +
			`"current":{"id":8,"deep":${nestedArrays(DEPTH, '1')}},"previous":{"id":8,"deep":${nestedArrays(DEPTH, '2')}}}`,
	);

const CASES: BodyCase[] = [
	// --- size ---
	{
		name: 'declared 64 MB (Content-Length), streamed: refused before reading',
		provider: 'hubspot',
		body: () => streamOf(Buffer.alloc(MB, 0x78), 64),
		headers: [['Content-Length', String(64 * MB)]],
		authentic: false,
		contentLength: false,
		statuses: [413],
		memoryBoundMb: 32,
		check: (_items, server) => expect(server.observed[server.observed.length - 1].bytesRead).toBeLessThan(8 * MB),
	},
	{
		name: '64 MB chunked (no Content-Length): bounded by n8n\'s 16 MB reader, then 413',
		provider: 'hubspot',
		body: () => streamOf(Buffer.alloc(MB, 0x78), 64),
		authentic: false,
		contentLength: false,
		statuses: [413],
		memoryBoundMb: 96,
	},
	{
		name: '1.5 MB chunked, over the node\'s 1 MB limit but under n8n\'s: 413',
		provider: 'pipedrive',
		body: () => streamOf(Buffer.alloc(MB / 2, 0x78), 3),
		contentLength: false,
		statuses: [413],
	},
	{
		name: 'gzip bomb: 256 MB of spaces in ~250 KB, Content-Encoding gzip: 413 after at most 16 MB inflated',
		provider: 'hubspot',
		body: () => gzipBomb,
		headers: [['Content-Encoding', 'gzip']],
		authentic: false,
		statuses: [413],
		memoryBoundMb: 96,
	},
	{
		name: 'body of 1 MB + 1 byte with a valid signature: 413',
		provider: 'hubspot',
		body: () => json([event(undefined, { propertyValue: 'x'.repeat(MB) })]),
		statuses: [413],
	},
	{
		name: 'one 900 KB property value: processed, trace key stays short',
		provider: 'hubspot',
		body: () => json([event(undefined, { propertyValue: 'ü'.repeat(450_000) })]),
		statuses: [200],
		items: 1,
		check: (items) => expect(String(items[0].json.traceKey).length).toBeLessThanOrEqual(128),
	},
	// --- templates over hostile values (issue 9): a separator repeated per item multiplies two payload sizes ---
	...[
		{ option: 'traceKeyTemplate', field: 'traceKey', maxLength: 128 },
		{ option: 'dataUriTemplate', field: 'dataUri', maxLength: 2048 },
	].map(
		({ option, field, maxLength }): BodyCase => ({
			name: `${option} {{join (json propertyValue) mergedObjectIds}} over a signed 409 KB merge: the configured 202, ${field} bounded`,
			provider: 'hubspot',
			body: () => mergeBomb,
			options: { [option]: HOSTILE_JOIN_TEMPLATE, responseStatusCode: 202 },
			statuses: [202],
			items: 1,
			modes: ['node alone', 'as n8n serves it'],
			check: (items) => {
				const value = String(items[0].json[field]);
				expect(value.length).toBeLessThanOrEqual(maxLength);
				expect(value.startsWith('9000000000"vvvv')).toBe(true);
			},
		}),
	),
	// --- nesting ---
	{
		name: `body nested ${DEPTH.toLocaleString('en')} arrays deep: 400`,
		provider: 'hubspot',
		body: () => Buffer.from(nestedArrays(DEPTH)),
		statuses: [400],
		modes: ['node alone', 'as n8n serves it'],
	},
	{
		name: `Pipedrive body nested ${DEPTH.toLocaleString('en')} objects deep: 400`,
		provider: 'pipedrive',
		body: () => Buffer.from(nestedObjects(DEPTH)),
		statuses: [400],
		modes: ['node alone', 'as n8n serves it'],
	},
	// --- media types ---
	...['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/octet-stream', 'text/html'].map(
		(contentType): BodyCase => ({
			name: `HubSpot delivery sent as ${contentType}: 415`,
			provider: 'hubspot',
			body: () => json([event()]),
			contentType,
			statuses: [415],
		}),
	),
	{ name: 'Pipedrive delivery sent as text/plain: 415', provider: 'pipedrive', body: () => Buffer.from(V2_CHANGE), contentType: 'text/plain', statuses: [415] },
	{ name: 'no Content-Type: tolerated, processed', provider: 'hubspot', body: () => json([event()]), contentType: null, statuses: [200], items: 1 },
	{ name: 'APPLICATION/JSON; charset=UTF-8: processed', provider: 'hubspot', body: () => json([event()]), contentType: 'APPLICATION/JSON; charset=UTF-8', statuses: [200], items: 1 },
	{ name: 'application/vnd.api+json: processed', provider: 'hubspot', body: () => json([event()]), contentType: 'application/vnd.api+json', statuses: [200], items: 1 },
	// --- empty ---
	{ name: 'empty body, signed: 400', provider: 'hubspot', body: () => Buffer.alloc(0), statuses: [400], modes: ['node alone', 'as n8n serves it'] },
	{ name: 'empty body, unsigned: 401', provider: 'hubspot', body: () => Buffer.alloc(0), authentic: false, statuses: [401] },
	{ name: 'empty JSON array, signed: 2xx and no execution', provider: 'hubspot', body: () => Buffer.from('[]'), statuses: [200], items: 0 },
	{ name: 'empty body, Pipedrive: 400', provider: 'pipedrive', body: () => Buffer.alloc(0), statuses: [400], modes: ['node alone', 'as n8n serves it'] },
	{ name: 'JSON null, Pipedrive: 400', provider: 'pipedrive', body: () => Buffer.from('null'), statuses: [400] },
	// --- 10,000 events ---
	{
		name: '10,000 events under the default 1 MB limit: 413',
		provider: 'hubspot',
		body: () => json(Array.from({ length: 10_000 }, () => event())),
		statuses: [413],
	},
	{
		name: '10,000 distinct events with an 8 MB limit: 10,000 items, bounded de-duplication memory',
		provider: 'hubspot',
		body: () => json(Array.from({ length: 10_000 }, () => event())),
		options: { maxBodyKb: 8192 },
		statuses: [200],
		items: 10_000,
		memoryBoundMb: 160,
		modes: ['node alone', 'as n8n serves it'],
		check: (_items, server) => {
			// One string of 20-character keys (state version 3): at most 5,000 of them.
			const seen = server.harness.staticData().seenTraceKeys as { v: number; keys: string };
			expect(seen.v).toBe(3);
			expect(seen.keys.length).toBeLessThanOrEqual(5000 * 20);
			expect(JSON.stringify(server.harness.staticData()).length).toBeLessThan(512 * 1024);
		},
	},
	{
		name: '10,000 copies of one event: one item',
		provider: 'hubspot',
		body: () => json(Array.from({ length: 10_000 }, () => event(7))),
		options: { maxBodyKb: 8192 },
		statuses: [200],
		items: 1,
	},
	{
		name: '10,000 events, the last without a subscriptionType: 400, nothing emitted',
		provider: 'hubspot',
		body: () => json([...Array.from({ length: 9_999 }, () => event()), { objectId: 1 }]),
		options: { maxBodyKb: 8192 },
		statuses: [400],
	},
	{
		name: '10,000 events in batches of 100: 100 items',
		provider: 'hubspot',
		body: () => json(Array.from({ length: 10_000 }, () => event())),
		options: { maxBodyKb: 8192, batchSize: 100 },
		statuses: [200],
		items: 100,
	},
	// --- encodings ---
	...[
		{ label: 'a lone 0xFF byte', bytes: [0xff] },
		{ label: 'an overlong encoding of "/" (C0 AF)', bytes: [0xc0, 0xaf] },
		{ label: 'a UTF-8-encoded surrogate (ED A0 80)', bytes: [0xed, 0xa0, 0x80] },
		{ label: 'a code point above U+10FFFF (F4 90 80 80)', bytes: [0xf4, 0x90, 0x80, 0x80] },
	].map(
		({ label, bytes }): BodyCase => ({
			name: `invalid UTF-8 inside a string, ${label}: 400`,
			provider: 'hubspot',
			body: () => Buffer.concat([Buffer.from('[{"subscriptionType":"contact.creation","objectId":1,"propertyValue":"'), Buffer.from(bytes), Buffer.from('"}]')]),
			statuses: [400],
			modes: ['node alone', 'as n8n serves it'],
		}),
	),
	{
		name: 'invalid UTF-8 truncated at the end (E2 82): 400',
		provider: 'pipedrive',
		body: () => Buffer.concat([Buffer.from(V2_CHANGE), Buffer.from([0xe2, 0x82])]),
		statuses: [400],
	},
	{
		name: 'UTF-16LE body with BOM: 400',
		provider: 'hubspot',
		body: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify([event()]), 'utf16le')]),
		statuses: [400],
		modes: ['node alone', 'as n8n serves it'],
	},
	{ name: 'UTF-8 BOM before valid JSON: processed', provider: 'hubspot', body: () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json([event()])]), statuses: [200], items: 1 },
	{
		name: 'JSON-escaped lone surrogates: processed into storable items',
		provider: 'hubspot',
		body: () => Buffer.from(`[${JSON.stringify(event()).replace('"CRM"', '"\\ud800"')},${JSON.stringify(event()).replace('"CRM"', '"\\udfff"')}]`),
		statuses: [200],
		items: 2,
	},
	// --- shapes ---
	{
		name: '__proto__ and constructor keys: processed as plain data, nothing polluted',
		provider: 'hubspot',
		body: () => Buffer.from(`[${JSON.stringify(event()).replace(/}$/, ',"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}')}]`),
		statuses: [200],
		items: 1,
		check: (items) => {
			expect(({} as IDataObject).polluted).toBeUndefined();
			expect(Object.getPrototypeOf(items[0].json)).toBe(Object.prototype);
		},
	},
	{
		name: 'an event with 30,000 keys: processed',
		provider: 'hubspot',
		body: () => json([event(undefined, Object.fromEntries(Array.from({ length: 30_000 }, (_, index) => [`k${index}`, index])))]),
		statuses: [200],
		items: 1,
	},
	{
		name: 'numbers out of range (1e400, -0, 1e21 ids): processed',
		provider: 'hubspot',
		body: () => Buffer.from('[{"subscriptionType":"contact.creation","objectId":1e21,"occurredAt":1e400,"eventId":-0,"portalId":123456789012345678901234567890}]'),
		statuses: [200],
		items: 1,
	},
	{ name: 'a JSON string body: 400', provider: 'hubspot', body: () => Buffer.from('"hello"'), statuses: [400] },
	{ name: 'an array of numbers: 400', provider: 'hubspot', body: () => Buffer.from('[1,2,3]'), statuses: [400] },
	{ name: 'Pipedrive v2 without meta.action: 400', provider: 'pipedrive', body: () => Buffer.from('{"meta":{"version":"2.0"},"data":{}}'), statuses: [400] },
];

/**
 * Deeply nested values inside an otherwise valid, authenticated delivery. V8 parses any depth, but three places
 * after parsing recurse over the value: `hashedTraceKey` (core/events/traceKey.ts, JSON.stringify of the identity
 * fields) for HubSpot app events and Pipedrive v2 events without `meta.id`, and `deepEqual`
 * (core/events/deepEqual.ts) for Pipedrive v1's changed fields. Beyond a few thousand levels (a 10 KB body) they
 * throw RangeError and n8n answers 500, so the provider retries for a day. Where nothing recurses, the node
 * accepts the delivery but emits items n8n cannot store (JSON.stringify of the execution data overflows the
 * same way), so the events are lost after a 200. So the triggers refuse JSON deeper than a fixed limit with 400
 * right after parsing (an iterative depth check in core/listener/parse.ts).
 */
const DEEP_CASES: BodyCase[] = [
	{
		name: 'HubSpot event whose propertyValue is nested 5,000 deep (a 10 KB body)',
		provider: 'hubspot',
		body: () => Buffer.from(`[${JSON.stringify(event()).replace(/"propertyValue":"[^"]*"/, `"propertyValue":${nestedArrays(5_000)}`)}]`),
		statuses: [200, 400],
		items: 1,
	},
	{
		name: `HubSpot event whose propertyValue is nested ${DEPTH.toLocaleString('en')} deep`,
		provider: 'hubspot',
		body: () => Buffer.from(`[${JSON.stringify(event()).replace(/"propertyValue":"[^"]*"/, `"propertyValue":${nestedArrays(DEPTH)}`)}]`),
		statuses: [200, 400],
		items: 1,
	},
	{
		name: `HubSpot workflow record with a property nested ${DEPTH.toLocaleString('en')} deep`,
		provider: 'hubspot',
		body: () => Buffer.from(`{"objectId":1,"properties":{"lastmodifieddate":{"value":"1764000100000"},"deep":${nestedObjects(DEPTH)}}}`),
		statuses: [200, 400],
		items: 1,
	},
	{
		name: `Pipedrive v1 with current and previous nested ${DEPTH.toLocaleString('en')} deep`,
		provider: 'pipedrive',
		body: v1Deep,
		statuses: [200, 400],
		items: 1,
	},
	{
		name: `Pipedrive v2 without meta.id, data nested ${DEPTH.toLocaleString('en')} deep`,
		provider: 'pipedrive',
		body: () => Buffer.from(`{"meta":{"version":"2.0","action":"change","entity":"deal","entity_id":"8"},"data":${nestedObjects(DEPTH)},"previous":null}`),
		statuses: [200, 400],
		items: 1,
	},
	{
		name: `Pipedrive v2 with meta.id, data nested ${DEPTH.toLocaleString('en')} deep`,
		provider: 'pipedrive',
		body: () => Buffer.from(`{"meta":{"version":"2.0","action":"change","entity":"deal","entity_id":"8","id":"e1"},"data":${nestedObjects(DEPTH)},"previous":null}`),
		statuses: [200, 400],
		items: 1,
	},
];

const servers = new Map<string, HostileServer>();

async function serverFor(provider: Provider, mode: Mode, options: INodeParameters): Promise<HostileServer> {
	const key = `${provider}|${mode}|${JSON.stringify(options)}`;
	const existing = servers.get(key);
	if (existing) return existing;
	const server =
		provider === 'hubspot'
			? await startHostileServer(
					{
						type: new HubSpotWebhookTrigger(),
						typeName: 'hubSpotWebhookTrigger',
						parameters: { events: [], verification: 'signature', manageSubscriptions: false, options },
						credentials: { crmListenersHubSpotApp: { clientSecret: SECRET } },
						credentialTypes: [new CrmListenersHubSpotApp()],
					},
					{ n8nParsesBody: mode === 'as n8n serves it' },
				)
			: await startHostileServer(
					{
						type: new PipedriveWebhookTrigger(),
						typeName: 'pipedriveWebhookTrigger',
						parameters: { setup: 'manual', incomingAuth: 'basicAuth', entity: '*', action: '*', options },
						credentials: { crmListenersPipedriveBasicAuth: PAIR },
						credentialTypes: [new CrmListenersPipedriveBasicAuth()],
					},
					{ n8nParsesBody: mode === 'as n8n serves it' },
				);
	servers.set(key, server);
	return server;
}

async function run(testCase: BodyCase, mode: Mode): Promise<void> {
	const server = await serverFor(testCase.provider, mode, testCase.options ?? {});
	const body = testCase.body();
	const headers: Array<[string, string]> = [];
	if (testCase.contentType !== null) headers.push(['Content-Type', testCase.contentType ?? 'application/json']);
	if (testCase.authentic !== false) {
		if (testCase.provider === 'hubspot') headers.push(...signedHeaders(SECRET, server.url, body as Buffer));
		else headers.push(['Authorization', `Basic ${Buffer.from(`${PAIR.user}:${PAIR.password}`).toString('base64')}`]);
	}
	headers.push(...(testCase.headers ?? []));
	const executionsBefore = server.executions.length;
	const { result: reply, growth } = await measureGrowth<RawHttpResponse>(() =>
		sendRaw(server.base, { method: 'POST', path: new URL(server.url).pathname, headers, body, contentLength: testCase.contentLength }),
	);
	const observed = server.observed[server.observed.length - 1];
	const started = server.executions.slice(executionsBefore);
	// When the server cut an unfinished upload short, its answer can be lost with the connection: use its record.
	const status = reply.reset ? (observed.status ?? 0) : reply.status;

	// HOSTILE_REPORT=1 prints what each case cost, for the figures in bench/RESULTS.md.
	if (process.env.HOSTILE_REPORT) {
		process.stdout.write(`${testCase.name}: ${status}, peak RSS +${(growth.peakRssBytes / MB).toFixed(1)} MB (${growth.source}), read ${(observed.bytesRead / MB).toFixed(1)} MB\n`);
	}
	// n8n answers bodies it cannot parse itself (422) before a version-1 webhook node runs.
	const allowed = mode === 'as n8n serves it' ? [...testCase.statuses, 422] : testCase.statuses;
	expect({ status, thrown: observed?.thrown }).toEqual({ status: allowed.includes(status) ? status : allowed, thrown: undefined });
	expect(growth.peakRssBytes).toBeLessThan((testCase.memoryBoundMb ?? 64) * MB);
	if (status >= 200 && status < 300) {
		const items = started[0] ?? [];
		expect(items).toHaveLength(testCase.items ?? 0);
		expect(started).toHaveLength(items.length > 0 ? 1 : 0);
		// n8n stores every execution's items as JSON: what the node emits must serialise.
		expect(() => JSON.stringify(items)).not.toThrow();
		testCase.check?.(items, server);
	} else {
		// A clear refusal: a short JSON body saying why (unless the connection was cut under it).
		expect(started).toHaveLength(0);
		if (!reply.reset) expect(reply.body).toMatch(/^\{"(error|code)":.{0,200}\}$/);
	}
}

const expanded = (cases: BodyCase[]) =>
	cases.flatMap((testCase) => (testCase.modes ?? ['node alone']).map((mode) => ({ ...testCase, mode, name: `${testCase.name} (${mode})` })));

describe('hostile bodies through the webhook nodes over HTTP', () => {
	beforeAll(async () => {
		gzipBomb = await makeGzipBomb(256);
	});
	afterAll(async () => {
		await Promise.all([...servers.values()].map((server) => server.close()));
	});

	it.each(expanded(CASES))('$name', async (testCase) => {
		await run(testCase, testCase.mode);
	});

	it.each(expanded(DEEP_CASES))('deep nesting is refused with 400 before anything recurses: $name', async (testCase) => {
		await run(testCase, testCase.mode);
	});
});
