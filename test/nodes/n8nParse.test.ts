/**
 * The webhook triggers take n8n's own parse of a body instead of parsing it a second time, only once the
 * request is verified and only where that parse is provably the node's own: a body n8n decoded as UTF-8 from
 * well-formed UTF-8 bytes, in a process where the first such parse was compared with the node's own and found
 * the same. Everything else is parsed from the verified bytes, as before.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { isWellFormedUtf8, parseDelivery } from '../../core/listener';
import { CrmListenersHubSpotApp } from '../../credentials/CrmListenersHubSpotApp.credentials';
import { CrmListenersPipedriveBasicAuth } from '../../credentials/CrmListenersPipedriveBasicAuth.credentials';
import { HubSpotWebhookTrigger } from '../../nodes/HubSpotWebhookTrigger/HubSpotWebhookTrigger.node';
import { PipedriveWebhookTrigger } from '../../nodes/PipedriveWebhookTrigger/PipedriveWebhookTrigger.node';
import { n8nParseCheck, resetN8nParseCheck } from '../../nodes/shared/n8nParse';
import { n8nParsesAsUtf8Json } from '../../nodes/shared/rawRequest';
import { appDeliveryHeaders, appDeliveryHeadersForBytes } from '../helpers/hubspotSigner';
import { startWebhookServer, type NodeUnderTest, type WebhookServer } from '../helpers/n8n';

const SECRET = 'c0ffee00-aaaa-bbbb-cccc-123456789abc';
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'nodes', name), 'utf8').trim();
const APP_DELIVERY = fixture('hubspot-app-delivery.json');
const V2_CHANGE = fixture('pipedrive-v2-change-deal.json');

/** The app delivery with other event ids: new events, not duplicates of the fixture's. */
const renumbered = (offset: number) => APP_DELIVERY.replace(/"eventId":(\d+)/g, (_match, id: string) => `"eventId":${Number(id) + offset}`);

const hubspot = () => ({
	type: new HubSpotWebhookTrigger(),
	typeName: 'hubSpotWebhookTrigger',
	parameters: { events: [], verification: 'signature', manageSubscriptions: false, options: {} },
	credentials: { crmListenersHubSpotApp: { clientSecret: SECRET } },
	credentialTypes: [new CrmListenersHubSpotApp()],
});

const headersForBytes = (url: string, bytes: Buffer) => appDeliveryHeadersForBytes(SECRET, url, bytes);

describe("the webhook triggers and n8n's parse of the body", () => {
	const servers: WebhookServer[] = [];
	beforeEach(() => resetN8nParseCheck());
	afterEach(async () => {
		await Promise.all(servers.splice(0).map((server) => server.close()));
		jest.restoreAllMocks();
	});
	async function start(spec: NodeUnderTest = hubspot(), parseJsonFirst: boolean | ((rawBody: Buffer) => unknown) = true) {
		const server = await startWebhookServer(spec, { parseJsonFirst });
		servers.push(server);
		return server;
	}

	it('reads it only after the signature checks out; compares the first one with its own parse, then takes them', async () => {
		const info = jest.spyOn(Container.get(Logger), 'info').mockImplementation(() => undefined);
		const server = await start();
		const forged = await server.send({ body: APP_DELIVERY, headers: appDeliveryHeaders('wrong-secret', server.url, APP_DELIVERY) });
		expect(forged.status).toBe(401);
		expect(server.bodyReads).toBe(0);
		expect(n8nParseCheck()).toBe('unchecked');
		const signed = await server.send({ body: APP_DELIVERY, headers: appDeliveryHeaders(SECRET, server.url, APP_DELIVERY) });
		expect(signed.status).toBe(200);
		expect(server.bodyReads).toBe(1);
		expect(n8nParseCheck()).toBe('trusted');
		const next = renumbered(1000);
		expect((await server.send({ body: next, headers: appDeliveryHeaders(SECRET, server.url, next) })).items).toHaveLength(5);
		expect(server.bodyReads).toBe(2);
		expect(server.executions).toHaveLength(2);
		// Once per process, when the comparison is made.
		expect(info.mock.calls.filter(([message]) => String(message).includes("n8n's parse of a verified JSON body matched"))).toHaveLength(1);
	});

	it('an n8n whose parse differs (here: one that drops a field) is caught on the first body and never used, with one warning', async () => {
		const warn = jest.spyOn(Container.get(Logger), 'warn').mockImplementation(() => undefined);
		const lossy = (rawBody: Buffer) => {
			const parsed = JSON.parse(rawBody.toString('utf8')) as Array<Record<string, unknown>>;
			for (const event of parsed) delete event.propertyValue;
			return parsed;
		};
		const server = await start(hubspot(), lossy);
		const reference = await start(hubspot(), false);
		for (const [index, server_] of [server, reference].entries()) {
			const body = renumbered(index * 1000);
			expect((await server_.send({ body, headers: appDeliveryHeaders(SECRET, server_.url, body) })).status).toBe(200);
		}
		expect(n8nParseCheck()).toBe('distrusted');
		const second = renumbered(5000);
		const reply = await server.send({ body: second, headers: appDeliveryHeaders(SECRET, server.url, second) });
		const withValue = (items: typeof reply.items) => (items ?? []).filter((item) => item.json.propertyValue !== undefined).length;
		// Every item keeps what the bytes say, on the first delivery (compared) and after it (n8n's parse unused).
		expect(withValue(server.executions[0])).toBe(withValue(reference.executions[0]));
		expect(withValue(server.executions[0])).toBeGreaterThan(0);
		expect(withValue(reply.items)).toBe(withValue(reference.executions[0]));
		expect(server.bodyReads).toBe(1);
		expect(warn).toHaveBeenCalledTimes(1);
		expect(String(warn.mock.calls[0][0])).toContain("n8n's parse of a verified JSON body differed");
		expect(JSON.stringify(warn.mock.calls)).not.toContain(SECRET);
	});

	it('emits the same items as from its own parse', async () => {
		const withParse = await start();
		const without = await start(hubspot(), false);
		const nowMs = Date.now();
		const a = await withParse.send({ body: APP_DELIVERY, headers: appDeliveryHeaders(SECRET, withParse.url, APP_DELIVERY, nowMs) });
		const b = await without.send({ body: APP_DELIVERY, headers: appDeliveryHeaders(SECRET, without.url, APP_DELIVERY, nowMs) });
		expect(withParse.bodyReads).toBe(1);
		expect(a.items).toHaveLength(5);
		expect(a.items).toEqual(b.items);
	});

	// (n8n hands the charset to Buffer#toString: `latin1` decodes, an encoding Node lacks such as ISO-8859-1 gets 422.)
	it('parses the bytes itself when n8n decoded them with another charset', async () => {
		const server = await start();
		const body = '[{"eventId":7,"subscriptionType":"contact.propertyChange","objectId":9,"portalId":1,"occurredAt":1764000000000,"propertyName":"firstname","propertyValue":"Zoë Ångström"}]';
		const reply = await server.send({
			body,
			headers: { ...appDeliveryHeaders(SECRET, server.url, body), 'content-type': 'application/json; charset=latin1' },
		});
		expect(reply.status).toBe(200);
		// n8n's latin-1 decoding of these UTF-8 bytes would read "ZoÃ« Ã…ngstrÃ¶m".
		expect(reply.items![0].json.propertyValue).toBe('Zoë Ångström');
		expect(server.bodyReads).toBe(0);
	});

	it('refuses signed bytes that are not UTF-8 even though n8n parsed them with replacement characters', async () => {
		const server = await start();
		const bytes = Buffer.concat([Buffer.from('[{"subscriptionType":"contact.creation","objectId":1,"propertyValue":"'), Buffer.from([0xff, 0xc0, 0xaf]), Buffer.from('"}]')]);
		const reply = await server.send({ body: bytes, headers: headersForBytes(server.url, bytes) });
		expect(reply.status).toBe(400);
		expect(JSON.parse(reply.body)).toMatchObject({ reason: 'invalid-json' });
		expect(server.executions).toHaveLength(0);
		// The same bytes without the damage are accepted: the signature over raw bytes is not what refused them.
		const fine = Buffer.from('[{"subscriptionType":"contact.creation","objectId":1,"propertyValue":"ok"}]');
		expect((await server.send({ body: fine, headers: headersForBytes(server.url, fine) })).status).toBe(200);
	});

	it('refuses a body nested too deep from n8n\'s parse as from its own', async () => {
		const server = await start();
		const deep = `[${'['.repeat(70)}${']'.repeat(70)}]`;
		const reply = await server.send({ body: deep, headers: appDeliveryHeaders(SECRET, server.url, deep) });
		expect(reply.status).toBe(400);
		expect(JSON.parse(reply.body)).toMatchObject({ reason: 'too-deep' });
		expect(server.bodyReads).toBe(1);
	});

	it('Pipedrive: reads it only after Basic auth succeeds, with the same items', async () => {
		const spec = () => ({
			type: new PipedriveWebhookTrigger(),
			typeName: 'pipedriveWebhookTrigger',
			parameters: { setup: 'manual', incomingAuth: 'basicAuth', entity: '*', action: '*', options: {} },
			credentials: { crmListenersPipedriveBasicAuth: { user: 'u', password: 'p' } },
			credentialTypes: [new CrmListenersPipedriveBasicAuth()],
		});
		const withParse = await start(spec());
		const without = await start(spec(), false);
		const auth = (password: string) => ({ authorization: `Basic ${Buffer.from(`u:${password}`).toString('base64')}` });
		expect((await withParse.send({ body: V2_CHANGE, headers: auth('wrong') })).status).toBe(401);
		expect(withParse.bodyReads).toBe(0);
		const a = await withParse.send({ body: V2_CHANGE, headers: auth('p') });
		const b = await without.send({ body: V2_CHANGE, headers: auth('p') });
		expect(withParse.bodyReads).toBe(1);
		expect(a.items).toHaveLength(1);
		expect(a.items).toEqual(b.items);
	});
});

describe('which bodies n8n parses as UTF-8 JSON', () => {
	test.each([
		['application/json', true],
		['application/json; charset=utf-8', true],
		['Application/JSON;charset="UTF-8"', true],
		['application/json; charset=utf8; foo=bar', true],
		[undefined, false],
		['', false],
		// n8n does not trim the type: it leaves this body unparsed.
		['application/json ; charset=utf-8', false],
		['application/vnd.api+json', false],
		['text/json', false],
		['application/json; charset=iso-8859-1', false],
		['application/json; charset=latin1', false],
		['application/json; charset=utf-16le', false],
		['application/json; charset=%75tf-8', false],
		['application/json; charset=utf-8=latin1', false],
		['application/json; charset=utf-8; charset=latin1', false],
	])('%s → %s', (header, expected) => {
		expect(n8nParsesAsUtf8Json(header)).toBe(expected);
	});
});

describe('parseDelivery with a parse handed in', () => {
	const bytes = Buffer.from('[{"a":"é","b":[1,{"c":null}]}]');
	const own = () => [{ a: 'é', b: [1, { c: null }] }];

	it('takes an object or array parse of well-formed bytes, and parses otherwise', () => {
		const handed = own();
		const taken = parseDelivery(bytes, 'application/json', { parsed: () => handed });
		expect(taken).toEqual({ ok: true, body: handed, hostParse: 'taken' });
		expect(taken.ok && taken.body).toBe(handed);
		for (const other of [undefined, null, 'text', 42]) {
			expect(parseDelivery(bytes, 'application/json', { parsed: () => other })).toEqual({ ok: true, body: own() });
		}
	});

	it('compares instead of taking when asked: same keys in the same order, same values', () => {
		const compare = (handed: unknown) => {
			const result = parseDelivery(bytes, 'application/json', { parsed: () => handed, compare: true });
			if (!result.ok) throw new Error('refused');
			expect(result.body).not.toBe(handed);
			expect(result.body).toEqual(own());
			return result.hostParse;
		};
		expect(compare(own())).toBe('same');
		expect(compare([{ b: [1, { c: null }], a: 'é' }])).toBe('different');
		expect(compare([{ a: 'é', b: [1, { c: 0 }] }])).toBe('different');
		expect(compare([{ a: 'é', b: [1, {}] }])).toBe('different');
		expect(compare([{ a: 'é', b: [1, { c: null }], d: 1 }])).toBe('different');
		expect(compare({})).toBe('different');
		expect(compare([])).toBe('different');
	});

	it('never calls it for a media type it refuses or an empty body', () => {
		const parsed = jest.fn(() => ({}));
		expect(parseDelivery(bytes, 'text/plain', { parsed })).toMatchObject({ ok: false, status: 415 });
		expect(parseDelivery(Buffer.alloc(0), 'application/json', { parsed })).toMatchObject({ ok: false, status: 400 });
		expect(parsed).not.toHaveBeenCalled();
	});
});

describe('isWellFormedUtf8', () => {
	const fatal = new TextDecoder('utf-8', { fatal: true });
	const oracle = (bytes: Uint8Array) => {
		try {
			fatal.decode(bytes);
			return true;
		} catch {
			return false;
		}
	};

	test.each([
		['ascii', [0x61, 0x62, 0x63, 0x64, 0x65], true],
		['two bytes', [0xc3, 0xa9], true],
		['four bytes', [0xf0, 0x9f, 0x98, 0x80], true],
		['overlong slash', [0xc0, 0xaf], false],
		['overlong three bytes', [0xe0, 0x80, 0xaf], false],
		['surrogate', [0xed, 0xa0, 0x80], false],
		['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], false],
		['truncated', [0x61, 0xe2, 0x82], false],
		['lone continuation', [0x61, 0x62, 0x63, 0x64, 0x80], false],
		['0xff', [0xff], false],
	])('%s', (_name, bytes, expected) => {
		expect(isWellFormedUtf8(Uint8Array.from(bytes))).toBe(expected);
		expect(oracle(Uint8Array.from(bytes))).toBe(expected);
	});

	it('agrees with a fatal decoder on every one- and two-byte string, every three-byte one led by E0–EF and every four-byte one led by F0 or F4', () => {
		let disagreements = 0;
		let checked = 0;
		const check = (bytes: Uint8Array) => {
			checked++;
			if (isWellFormedUtf8(bytes) !== oracle(bytes)) disagreements++;
		};
		for (let a = 0; a < 256; a++) {
			check(Uint8Array.of(a));
			for (let b = 0; b < 256; b++) check(Uint8Array.of(a, b));
		}
		for (let a = 0xe0; a <= 0xef; a++) for (let b = 0x70; b < 0xd0; b++) for (let c = 0x70; c < 0xd0; c++) check(Uint8Array.of(a, b, c));
		for (const a of [0xf0, 0xf4]) for (let b = 0x70; b < 0xd0; b++) for (let c = 0x78; c < 0xc8; c += 8) for (let d = 0x78; d < 0xc8; d += 8) check(Uint8Array.of(a, b, c, d));
		expect(disagreements).toBe(0);
		expect(checked).toBeGreaterThan(200_000);
	});

	it('agrees with a fatal decoder on 50,000 random byte strings biased towards multi-byte sequences', () => {
		let seed = 12345;
		const random = () => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed / 2147483648;
		};
		let disagreements = 0;
		let valid = 0;
		for (let run = 0; run < 50_000; run++) {
			const bytes = new Uint8Array(1 + Math.floor(random() * 9));
			for (let index = 0; index < bytes.length; index++) {
				const pick = random();
				bytes[index] = pick < 0.3 ? Math.floor(random() * 0x80) : pick < 0.6 ? 0x80 + Math.floor(random() * 0x40) : 0xc0 + Math.floor(random() * 0x40);
			}
			const expected = oracle(bytes);
			if (expected) valid++;
			if (isWellFormedUtf8(bytes) !== expected) disagreements++;
		}
		expect(disagreements).toBe(0);
		// Enough of both answers for the comparison to mean something.
		expect(valid).toBeGreaterThan(2_000);
	});
});
