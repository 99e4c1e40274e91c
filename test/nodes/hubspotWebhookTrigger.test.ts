import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { CrmListenersHubSpotApp } from '../../credentials/CrmListenersHubSpotApp.credentials';
import { HubSpotWebhookTrigger } from '../../nodes/HubSpotWebhookTrigger/HubSpotWebhookTrigger.node';
import { appDeliveryHeaders, appDeliveryHeadersForBytes, signV1, signV3, workflowDeliveryHeaders } from '../helpers/hubspotSigner';
import { hookContext, makeHarness, startWebhookServer, type WebhookServer } from '../helpers/n8n';

const SECRET = 'c0ffee00-aaaa-bbbb-cccc-123456789abc';
const PREVIOUS_SECRET = 'old-secret-0000-1111-2222-333344445555';
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'nodes', name), 'utf8');
const APP_DELIVERY = fixture('hubspot-app-delivery.json').trim();
const WORKFLOW_DELIVERY = fixture('hubspot-workflow-delivery.json').trim();

function spec(parameters: INodeParameters = {}, credentials: IDataObject = {}) {
	return {
		type: new HubSpotWebhookTrigger(),
		typeName: 'hubSpotWebhookTrigger',
		parameters: { events: [], verification: 'signature', manageSubscriptions: true, options: {}, ...parameters },
		credentials: { crmListenersHubSpotApp: { clientSecret: SECRET, ...credentials } },
		credentialTypes: [new CrmListenersHubSpotApp()],
	};
}

describe('HubSpot Webhook Trigger through a real WebhookContext', () => {
	let server: WebhookServer;

	afterEach(async () => {
		await server?.close();
	});

	async function start(parameters: INodeParameters = {}, credentials: IDataObject = {}, parseJsonFirst = true) {
		server = await startWebhookServer(spec(parameters, credentials), { parseJsonFirst });
		return server;
	}

	function signedApp(body = APP_DELIVERY, nowMs = Date.now(), secret = SECRET) {
		return { body, headers: appDeliveryHeaders(secret, server.url, body, nowMs) };
	}

	it('accepts a signed app delivery (v1 + v3) and emits one item per event with the normalised header', async () => {
		await start();
		const reply = await server.send(signedApp());
		expect(reply.status).toBe(200);
		expect(JSON.parse(reply.body)).toMatchObject({ received: 5, emitted: 5 });
		expect(server.executions).toHaveLength(1);
		const items = reply.items!.map((item) => item.json);
		expect(items).toHaveLength(5);
		expect(items[0]).toMatchObject({
			eventType: 'CREATED',
			objectType: 'contact',
			objectId: '501',
			occurredAt: new Date(1764000000000).toISOString(),
			subscriptionType: 'contact.creation',
			portalId: 62515,
			verification: { verified: true, version: 'v3' },
			dataUri: 'https://app.hubspot.com/contacts/62515/record/0-1/501',
		});
		expect(items.map((item) => item.eventType)).toEqual(['CREATED', 'UPDATED', 'DELETED', 'UPDATED', 'MERGED']);
		expect(items[3].propertyValue).toBe('Ünïcödé GmbH');
		expect(new Set(items.map((item) => item.traceKey)).size).toBe(5);
		// The shared header first, as on every trigger's items, then the data URI, then HubSpot's fields.
		for (const item of items) expect(Object.keys(item).slice(0, 6)).toEqual([...['eventType', 'objectType', 'objectId', 'occurredAt', 'traceKey'], 'dataUri']);
	});

	it('accepts a v2-signed workflow delivery (one object)', async () => {
		await start();
		const reply = await server.send({
			body: WORKFLOW_DELIVERY,
			headers: workflowDeliveryHeaders(SECRET, server.url, WORKFLOW_DELIVERY),
		});
		expect(reply.status).toBe(200);
		expect(reply.items).toHaveLength(1);
		expect(reply.items![0].json).toMatchObject({ objectId: '8801', verification: { verified: true, version: 'v2' } });
	});

	it('accepts the previous client secret while it is set (rotation)', async () => {
		await start({}, { previousClientSecret: PREVIOUS_SECRET });
		const reply = await server.send(signedApp(APP_DELIVERY, Date.now(), PREVIOUS_SECRET));
		expect(reply.status).toBe(200);
		expect(server.executions).toHaveLength(1);
	});

	const hostile: Array<{ name: string; make: (s: WebhookServer) => { body: string; headers: Record<string, string> } }> = [
		{ name: 'no signature headers', make: () => ({ body: APP_DELIVERY, headers: {} }) },
		{
			name: 'signed with a wrong secret',
			make: (s) => ({ body: APP_DELIVERY, headers: appDeliveryHeaders('wrong-secret', s.url, APP_DELIVERY) }),
		},
		{
			name: 'tampered body (one byte)',
			make: (s) => ({
				body: APP_DELIVERY.replace('"objectId":501', '"objectId":502'),
				headers: appDeliveryHeaders(SECRET, s.url, APP_DELIVERY),
			}),
		},
		{
			name: 'stale v3 timestamp (6 minutes old)',
			make: (s) => ({ body: APP_DELIVERY, headers: appDeliveryHeaders(SECRET, s.url, APP_DELIVERY, Date.now() - 360_000) }),
		},
		{
			name: 'future v3 timestamp (6 minutes ahead)',
			make: (s) => ({ body: APP_DELIVERY, headers: appDeliveryHeaders(SECRET, s.url, APP_DELIVERY, Date.now() + 360_000) }),
		},
		{
			name: 'valid v1 but forged v3 (v3 wins)',
			make: (s) => ({
				body: APP_DELIVERY,
				headers: { ...appDeliveryHeaders(SECRET, s.url, APP_DELIVERY), 'X-HubSpot-Signature-v3': 'Zm9yZ2Vk' },
			}),
		},
		{
			name: 'v3 signed for another URL',
			make: () => {
				const ts = String(Date.now());
				return {
					body: APP_DELIVERY,
					headers: {
						'X-HubSpot-Signature-v3': signV3(SECRET, 'POST', 'https://elsewhere.example.com/hook', APP_DELIVERY, ts),
						'X-HubSpot-Request-Timestamp': ts,
					},
				};
			},
		},
		{
			name: 'v3 timestamp missing',
			make: (s) => {
				const headers = appDeliveryHeaders(SECRET, s.url, APP_DELIVERY);
				delete headers['X-HubSpot-Request-Timestamp'];
				return { body: APP_DELIVERY, headers };
			},
		},
		{
			name: 'v1 only, over a different body',
			make: () => ({
				body: APP_DELIVERY,
				headers: { 'X-HubSpot-Signature': signV1(SECRET, '[]'), 'X-HubSpot-Signature-Version': 'v1' },
			}),
		},
	];

	it.each(hostile)('answers 401 and starts nothing: $name', async ({ make }) => {
		await start();
		const reply = await server.send(make(server));
		expect(reply.status).toBe(401);
		expect(server.executions).toHaveLength(0);
		expect(reply.body).not.toContain(SECRET);
		expect(JSON.parse(reply.body)).toHaveProperty('error');
	});

	it('with "Require Signature v3", refuses a delivery stripped of its v3 headers (replay of a captured v1)', async () => {
		await start({ options: { requireV3: true } });
		const { body, headers } = signedApp();
		const v1Only = { 'X-HubSpot-Signature': headers['X-HubSpot-Signature'], 'X-HubSpot-Signature-Version': 'v1' };
		const replay = await server.send({ body, headers: v1Only });
		expect(replay.status).toBe(401);
		expect(JSON.parse(replay.body)).toMatchObject({ reason: 'v3-required' });
		expect((await server.send({ body, headers })).status).toBe(200);
		expect(server.executions).toHaveLength(1);
	});

	it('without it, accepts a v1-only app delivery', async () => {
		await start();
		const { body, headers } = signedApp();
		const reply = await server.send({ body, headers: { 'X-HubSpot-Signature': headers['X-HubSpot-Signature'], 'X-HubSpot-Signature-Version': 'v1' } });
		expect(reply.status).toBe(200);
		expect(reply.items![0].json.verification).toEqual({ verified: true, version: 'v1' });
	});

	it('answers 400 to a signed body that is not JSON, and 415 to a non-JSON media type', async () => {
		// Without n8n's parse first: n8n answers 422 itself to an `application/json` body it cannot parse.
		await start({}, {}, false);
		const notJson = '{"eventId": 1,';
		const bad = await server.send({ body: notJson, headers: appDeliveryHeaders(SECRET, server.url, notJson) });
		expect(bad.status).toBe(400);
		const form = 'a=1&b=2';
		const unsupported = await server.send({
			body: form,
			headers: { ...appDeliveryHeaders(SECRET, server.url, form), 'content-type': 'application/x-www-form-urlencoded' },
		});
		expect(unsupported.status).toBe(415);
		expect(server.executions).toHaveLength(0);
	});

	it('answers 400 to invalid UTF-8 and 413 to a body over the size limit', async () => {
		await start({ options: { maxBodyKb: 1 } });
		const invalid = Buffer.from([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d]);
		// Signed over the bytes themselves, so the signature holds and the body is what is refused.
		const invalidReply = await server.send({ body: invalid, headers: appDeliveryHeadersForBytes(SECRET, server.url, invalid) });
		expect(invalidReply.status).toBe(400);
		expect(JSON.parse(invalidReply.body)).toMatchObject({ reason: 'invalid-json' });
		const big = JSON.stringify([{ pad: 'x'.repeat(2048) }]);
		const bigReply = await server.send({ body: big, headers: appDeliveryHeaders(SECRET, server.url, big) });
		expect(bigReply.status).toBe(413);
		expect(server.executions).toHaveLength(0);
	});

	it('drops a repeated delivery and a retry with a higher attemptNumber, answering 2xx without an execution', async () => {
		await start();
		expect((await server.send(signedApp())).items).toHaveLength(5);
		const again = await server.send(signedApp());
		expect(again.status).toBe(200);
		expect(again.items).toBeUndefined();
		const retried = APP_DELIVERY.replace(/"attemptNumber":0/g, '"attemptNumber":1');
		const retry = await server.send(signedApp(retried));
		expect(retry.status).toBe(200);
		expect(JSON.parse(retry.body)).toMatchObject({ received: 5, emitted: 0 });
		expect(server.executions).toHaveLength(1);
		expect(server.harness.staticData()).toHaveProperty('seenTraceKeys');
	});

	it('still drops a redelivery when a concurrent request saved static data without its keys (last writer wins)', async () => {
		await start();
		expect((await server.send(signedApp())).items).toHaveLength(5);
		// n8n loads static data per request and the last execution to finish saves its copy: simulate a
		// concurrent delivery whose copy (loaded before ours was saved) overwrote ours.
		const staticData = server.harness.staticData();
		for (const key of Object.keys(staticData)) delete staticData[key];
		const again = await server.send(signedApp());
		expect(again.status).toBe(200);
		expect(again.items).toBeUndefined();
		expect(server.executions).toHaveLength(1);
	});

	it('applies a custom timestamp tolerance', async () => {
		await start({ options: { toleranceSeconds: 30 } });
		const old = await server.send(signedApp(APP_DELIVERY, Date.now() - 60_000));
		expect(old.status).toBe(401);
		expect(JSON.parse(old.body)).toMatchObject({ reason: 'stale-timestamp' });
		expect((await server.send(signedApp(APP_DELIVERY, Date.now() - 10_000))).status).toBe(200);
	});

	it('renders a custom data URI template, or none when turned off', async () => {
		await start({ options: { dataUriTemplate: 'https://crm.example.com/{{objectType}}/{{objectId}}?p={{portalId}}' } });
		const reply = await server.send(signedApp());
		expect(reply.items![0].json.dataUri).toBe('https://crm.example.com/contact/501?p=62515');
		await server.close();
		await start({ options: { includeDataUri: false } });
		const without = await server.send(signedApp());
		expect(without.items![0].json).not.toHaveProperty('dataUri');
	});

	it('keeps only the selected generic object.* events, named from objectTypeId, with a record link', async () => {
		await start({ events: ['object.creation.0-48', 'object.propertyChange.2-123'], options: { customObjectNames: '2-123=cars' } });
		const base = { eventId: 1, subscriptionId: 9, portalId: 62515, appId: 1, occurredAt: 1764000000000, attemptNumber: 0 };
		const body = JSON.stringify([
			{ ...base, subscriptionType: 'object.creation', objectTypeId: '0-48', objectId: 11 },
			{ ...base, eventId: 2, subscriptionType: 'object.creation', objectTypeId: '0-3', objectId: 12 },
			{ ...base, eventId: 3, subscriptionType: 'object.propertyChange', objectTypeId: '2-123', objectId: 13, propertyName: 'color', propertyValue: 'red' },
			{ ...base, eventId: 4, subscriptionType: 'object.creation', objectTypeId: '2-123', objectId: 14 },
		]);
		const reply = await server.send(signedApp(body));
		expect(JSON.parse(reply.body)).toMatchObject({ received: 4, emitted: 2 });
		expect(reply.items!.map((item) => item.json)).toEqual([
			expect.objectContaining({ eventType: 'CREATED', objectType: 'call', objectId: '11', dataUri: 'https://app.hubspot.com/contacts/62515/record/0-48/11' }),
			expect.objectContaining({ eventType: 'UPDATED', objectType: 'cars', objectId: '13', dataUri: 'https://app.hubspot.com/contacts/62515/record/2-123/13' }),
		]);
	});

	it.each([
		{ name: "HubSpot's v2 example body", body: '{"example_field":"example_value"}' },
		{ name: 'arbitrary nested JSON', body: '{"order":{"lines":[1,2]},"empty":null,"text":"é"}' },
	])('a workflow action body that is no CRM event ($name) gives one UNKNOWN item with the body as sent, no data URI', async ({ body }) => {
		await start();
		const reply = await server.send({ body, headers: workflowDeliveryHeaders(SECRET, server.url, body) });
		expect(reply.status).toBe(200);
		expect(reply.items).toHaveLength(1);
		const item = reply.items![0].json;
		expect(item).toMatchObject({ ...JSON.parse(body), eventType: 'UNKNOWN', objectType: '', objectId: '', occurredAt: '' });
		expect(item).not.toHaveProperty('dataUri');
		expect(item).not.toHaveProperty('objectTypeId');
	});

	it('a workflow record without portalId gets no half-built record link', async () => {
		await start();
		const body = '{"id":"9001","objectType":"DEAL","properties":{"hs_lastmodifieddate":"2025-01-01T00:00:00Z"}}';
		const reply = await server.send({ body, headers: workflowDeliveryHeaders(SECRET, server.url, body) });
		expect(reply.items![0].json).toMatchObject({ eventType: 'UPDATED', objectType: 'deal', objectId: '9001', objectTypeId: '0-3' });
		expect(reply.items![0].json).not.toHaveProperty('dataUri');
	});

	it('remembers at most "Duplicate Memory" keys', async () => {
		await start({ options: { dedupeMaxKeys: 10 } });
		const events = Array.from({ length: 30 }, (_, i) => ({ ...JSON.parse(APP_DELIVERY)[0], eventId: 1000 + i, objectId: 7000 + i }));
		await server.send(signedApp(JSON.stringify(events)));
		// One string of 20-character keys (state version 3).
		const stored = server.harness.staticData().seenTraceKeys as { v: number; keys: string };
		expect(stored.v).toBe(3);
		expect(stored.keys).toHaveLength(10 * 20);
	});

	it('keeps duplicates when the option is off', async () => {
		await start({ options: { dedupe: false } });
		await server.send(signedApp());
		await server.send(signedApp());
		expect(server.executions).toHaveLength(2);
	});

	it('answers with the configured status, media type and body template', async () => {
		await start({
			options: {
				responseStatusCode: 202,
				responseMediaType: 'application/xml',
				responseBody: '<ok received="{{counts.received}}" emitted="{{counts.emitted}}"/>',
			},
		});
		const reply = await server.send(signedApp());
		expect(reply.status).toBe(202);
		expect(reply.headers['content-type']).toMatch(/^application\/xml/);
		expect(reply.body).toBe('<ok received="5" emitted="5"/>');
	});

	it('applies changed parameters to the next delivery, and an expression in them on every delivery', async () => {
		const base = spec().parameters;
		await start({ options: { dedupe: false, responseStatusCode: 202, responseBody: 'first {{counts.emitted}}' } });
		expect(await server.send(signedApp())).toMatchObject({ status: 202, body: 'first 5' });
		server.harness.setParameters({ ...base, options: { dedupe: false, responseStatusCode: 203, responseBody: 'second {{counts.emitted}}' } });
		expect(await server.send(signedApp())).toMatchObject({ status: 203, body: 'second 5' });
		server.harness.setParameters({ ...base, options: { dedupe: false, responseStatusCode: '={{ 200 + 1 }}', responseBody: 'third' } });
		expect(await server.send(signedApp())).toMatchObject({ status: 201, body: 'third' });
		server.harness.setParameters({ ...base, options: { dedupe: false, responseStatusCode: 202, responseBody: 'first {{counts.emitted}}' } });
		expect(await server.send(signedApp())).toMatchObject({ status: 202, body: 'first 5' });
		// A bad value is refused on every delivery, not only the first.
		server.harness.setParameters({ ...base, options: { dedupe: false, responseStatusCode: 302 } });
		expect((await server.send(signedApp())).status).toBe(500);
		expect((await server.send(signedApp())).status).toBe(500);
		expect(server.executions).toHaveLength(4);
	});

	it('sends no body with 204', async () => {
		await start({ options: { responseStatusCode: 204 } });
		const reply = await server.send(signedApp());
		expect(reply.status).toBe(204);
		expect(reply.body).toBe('');
		expect(server.executions).toHaveLength(1);
	});

	it('answers plain text when asked', async () => {
		await start({ options: { responseMediaType: 'text/plain' } });
		const reply = await server.send(signedApp());
		expect(reply.headers['content-type']).toMatch(/^text\/plain/);
	});

	it('computes trace keys from a template and de-duplicates on them', async () => {
		await start({ options: { traceKeyTemplate: '{{join "_" portalId objectId}}' } });
		const reply = await server.send(signedApp());
		const keys = reply.items!.map((item) => item.json.traceKey);
		// Events 0 and 1 share a contact: the template makes them one key, so the second is a duplicate.
		expect(keys).toEqual(['62515_501', '62515_9001', '62515_77', '62515_502']);
	});

	it('pages events into items of N', async () => {
		await start({ options: { batchSize: 2 } });
		const reply = await server.send(signedApp());
		expect(reply.items).toHaveLength(3);
		expect(reply.items!.map((item) => (item.json.events as unknown[]).length)).toEqual([2, 2, 1]);
		expect(reply.items![0].json).toMatchObject({ count: 2, verification: { verified: true } });
	});

	it('filters by subscription type, answering 2xx with no execution when nothing is left', async () => {
		await start({ events: ['contact.creation', 'deal.deletion'] });
		const reply = await server.send(signedApp());
		expect(reply.items!.map((item) => item.json.subscriptionType)).toEqual(['contact.creation', 'deal.deletion']);
		const onlyCompany = JSON.stringify([JSON.parse(APP_DELIVERY)[3]]);
		const none = await server.send(signedApp(onlyCompany));
		expect(none.status).toBe(200);
		expect(none.items).toBeUndefined();
	});

	it('accepts unsigned requests only when verification is explicitly off, and says so on each item', async () => {
		await start({ verification: 'none' });
		const reply = await server.send({ body: APP_DELIVERY, headers: {} });
		expect(reply.status).toBe(200);
		expect(reply.items![0].json.verification).toEqual({ verified: false, reason: 'verification disabled' });
	});

	it('verifies against the configured public URL (proxy or tunnel)', async () => {
		const publicUrl = 'https://n8n.example.com/webhook/abc/webhook';
		await start({ options: { publicUrl } });
		const ok = await server.send({ body: APP_DELIVERY, headers: appDeliveryHeaders(SECRET, publicUrl, APP_DELIVERY) });
		expect(ok.status).toBe(200);
		const local = await server.send({ body: '[]', headers: appDeliveryHeaders(SECRET, server.url, '[]') });
		expect(local.status).toBe(401);
	});

	it('keeps the query string HubSpot signed, escapes included', async () => {
		await start();
		const query = '?token=a%3Ab%20c&x=%26';
		const url = server.url + query;
		const reply = await server.send({
			path: new URL(url).pathname + query,
			body: APP_DELIVERY,
			headers: appDeliveryHeaders(SECRET, url, APP_DELIVERY),
		});
		expect(reply.status).toBe(200);
	});
});

describe('HubSpot Webhook Trigger activation checks', () => {
	it.each([
		{ name: 'unclosed trace key template', options: { traceKeyTemplate: '{{objectId' }, message: /Trace Key Template/ },
		{ name: 'unknown helper', options: { traceKeyTemplate: '{{nope objectId}}' }, message: /Trace Key Template/ },
		{ name: 'bad response body template', options: { responseBody: '{{' }, message: /Response Body Template/ },
		{ name: 'status outside 2xx', options: { responseStatusCode: 302 }, message: /not a 2xx/ },
		{ name: 'relative public URL', options: { publicUrl: '/webhook/x' }, message: /Public URL/ },
		{ name: 'generic event without object type', events: ['object.creation'], message: /Events: "object.creation" is not a HubSpot event name/ },
		{ name: 'malformed custom object names', options: { customObjectNames: '2-1=cars, pets' }, message: /Custom Object Names: "pets"/ },
	])('fails activation with a clear message: $name', async ({ options, events, message }) => {
		const h = makeHarness(spec({ options: options ?? {}, events: events ?? [] }));
		const type = new HubSpotWebhookTrigger();
		await expect(type.webhookMethods.default.checkExists.call(hookContext(h))).rejects.toThrow(message);
	});

	it('needs a property for property-change subscriptions when it manages them', async () => {
		const h = makeHarness(spec({ events: ['contact.propertyChange'] }, { appId: '1', developerApiKey: 'k' }));
		const type = new HubSpotWebhookTrigger();
		await expect(type.webhookMethods.default.checkExists.call(hookContext(h))).rejects.toThrow(/Properties to Watch/);
	});

	it('registers nothing without a developer key', async () => {
		const h = makeHarness(spec({ events: ['contact.creation'] }));
		const type = new HubSpotWebhookTrigger();
		await expect(type.webhookMethods.default.checkExists.call(hookContext(h))).resolves.toBe(true);
		expect(h.staticData()).toEqual({});
	});
});
