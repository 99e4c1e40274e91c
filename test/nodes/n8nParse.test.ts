/**
 * The webhook triggers take n8n's own parse of a body instead of parsing it a second time, only once the
 * request is verified and only where that parse is provably the node's own: a body n8n decoded as UTF-8 from
 * well-formed UTF-8 bytes. Everything else is parsed from the verified bytes, as before.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { isWellFormedUtf8, parseDelivery } from '../../core/listener';
import { CrmListenersHubSpotApp } from '../../credentials/CrmListenersHubSpotApp.credentials';
import { CrmListenersPipedriveBasicAuth } from '../../credentials/CrmListenersPipedriveBasicAuth.credentials';
import { HubSpotWebhookTrigger } from '../../nodes/HubSpotWebhookTrigger/HubSpotWebhookTrigger.node';
import { PipedriveWebhookTrigger } from '../../nodes/PipedriveWebhookTrigger/PipedriveWebhookTrigger.node';
import { n8nParsesAsUtf8Json } from '../../nodes/shared/rawRequest';
import { appDeliveryHeaders, appDeliveryHeadersForBytes } from '../helpers/hubspotSigner';
import { startWebhookServer, type NodeUnderTest, type WebhookServer } from '../helpers/n8n';

const SECRET = 'c0ffee00-aaaa-bbbb-cccc-123456789abc';
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'nodes', name), 'utf8').trim();
const APP_DELIVERY = fixture('hubspot-app-delivery.json');
const V2_CHANGE = fixture('pipedrive-v2-change-deal.json');

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
	afterEach(async () => {
		await Promise.all(servers.splice(0).map((server) => server.close()));
	});
	async function start(spec: NodeUnderTest = hubspot(), parseJsonFirst = true) {
		const server = await startWebhookServer(spec, { parseJsonFirst });
		servers.push(server);
		return server;
	}

	it('reads it only after the signature checks out', async () => {
		const server = await start();
		const forged = await server.send({ body: APP_DELIVERY, headers: appDeliveryHeaders('wrong-secret', server.url, APP_DELIVERY) });
		expect(forged.status).toBe(401);
		expect(server.bodyReads).toBe(0);
		const signed = await server.send({ body: APP_DELIVERY, headers: appDeliveryHeaders(SECRET, server.url, APP_DELIVERY) });
		expect(signed.status).toBe(200);
		expect(server.bodyReads).toBe(1);
		expect(server.executions).toHaveLength(1);
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
	const bytes = Buffer.from('[{"a":"é"}]');

	it('takes an object or array parse of well-formed bytes, and parses otherwise', () => {
		const handed = [{ a: 'é' }];
		const taken = parseDelivery(bytes, 'application/json', () => handed);
		expect(taken.ok && taken.body).toBe(handed);
		for (const other of [undefined, null, 'text', 42]) {
			const parsed = parseDelivery(bytes, 'application/json', () => other);
			expect(parsed).toEqual({ ok: true, body: [{ a: 'é' }] });
		}
	});

	it('never calls it for a media type it refuses or an empty body', () => {
		const handed = jest.fn(() => ({}));
		expect(parseDelivery(bytes, 'text/plain', handed)).toMatchObject({ ok: false, status: 415 });
		expect(parseDelivery(Buffer.alloc(0), 'application/json', handed)).toMatchObject({ ok: false, status: 400 });
		expect(handed).not.toHaveBeenCalled();
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
