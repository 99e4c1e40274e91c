// The sandbox as a whole: the /_sandbox/ HTTP controls another process uses, logs, reset and lifecycle.
import { connect } from 'node:net';

import { call } from './http-client';
import type { Receiver } from './receiver';
import { startReceiver } from './receiver';
import type { DeliveryRecord, HubSpotRecord, PipedriveRecord, RequestLogEntry, Sandbox } from './index';
import { HUBSPOT_DEFAULT_IDENTITY, PIPEDRIVE_DEFAULT_IDENTITY, startSandbox } from './index';

const HS = { authorization: `Bearer ${HUBSPOT_DEFAULT_IDENTITY.accessTokens[0]}` };
const PD = { 'x-api-token': PIPEDRIVE_DEFAULT_IDENTITY.apiTokens[0] };
const APP = HUBSPOT_DEFAULT_IDENTITY.appId;
const KEY = `hapikey=${HUBSPOT_DEFAULT_IDENTITY.developerApiKey}`;

let sandbox: Sandbox;
let hook: Receiver;

beforeEach(async () => {
	sandbox = await startSandbox();
	hook = await startReceiver();
});

afterEach(async () => {
	await sandbox.close();
	await hook.close();
});

describe('lifecycle', () => {
	it('listens on 127.0.0.1 on a free port and refuses connections after close', async () => {
		expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		const other = await startSandbox();
		expect(other.port).not.toBe(sandbox.port);
		await other.close();
		await expect(call(other.url, 'GET', '/_sandbox/health')).rejects.toThrow();
	});

	it('close() cuts short a delivery waiting on a slow receiver and its retries', async () => {
		const slow = await startReceiver(() => ({ status: 200, delayMs: 5_000 }));
		sandbox.hubspot.configure({ deliveryTimeoutMs: 10_000, retryDelaysMs: [10_000] });
		await call(sandbox.url, 'PUT', `/webhooks/v3/${APP}/settings?${KEY}`, { body: { targetUrl: slow.url } });
		const pending = sandbox.hubspot.deliver([{ subscriptionType: 'contact.creation' }]);
		await new Promise((resolve) => setTimeout(resolve, 100));
		const started = Date.now();
		await sandbox.close();
		const record = await pending;
		expect(Date.now() - started).toBeLessThan(1_000);
		expect(record.state).toBe('failed');
		expect(record.attempts).toHaveLength(1);
		await slow.close();
	});

	it.each([
		{ name: 'unknown path', method: 'GET', path: '/nope', status: 404 },
		{ name: 'wrong method on a known path', method: 'PATCH', path: '/v1/webhooks', status: 405 },
	])('answers $name with $status', async ({ method, path, status }) => {
		expect((await call(sandbox.url, method, path, { headers: PD })).status).toBe(status);
	});
});

describe('HTTP controls under /_sandbox/', () => {
	it('create, update and delete HubSpot records; the change reaches search and the webhook target', async () => {
		await call(sandbox.url, 'PUT', `/webhooks/v3/${APP}/settings?${KEY}`, { body: { targetUrl: hook.url } });
		await call(sandbox.url, 'POST', `/webhooks/v3/${APP}/subscriptions?${KEY}`, { body: { eventType: 'contact.propertyChange', propertyName: 'email', active: true } });
		const created = await call(sandbox.url, 'POST', '/_sandbox/hubspot/records/contacts', { body: { properties: { email: 'a@example.test' } } });
		expect(created.status).toBe(201);
		const { id } = created.json as HubSpotRecord;
		expect((await call(sandbox.url, 'PATCH', `/_sandbox/hubspot/records/contacts/${id}`, { body: { properties: { email: 'b@example.test' } } })).status).toBe(200);
		await call(sandbox.url, 'POST', '/_sandbox/settle', { body: {} });
		expect(hook.received.map((r) => JSON.parse(r.rawBody)[0].propertyValue)).toEqual(['a@example.test', 'b@example.test']);
		const search = await call(sandbox.url, 'POST', '/crm/v3/objects/contacts/search', { headers: HS, body: {} });
		expect((search.json as { results: HubSpotRecord[] }).results[0].properties.email).toBe('b@example.test');
		expect((await call(sandbox.url, 'DELETE', `/_sandbox/hubspot/records/contacts/${id}`)).json).toMatchObject({ archived: true });
		expect((await call(sandbox.url, 'GET', '/_sandbox/hubspot/records/contacts?archived=true')).json).toMatchObject([{ id }]);
		expect((await call(sandbox.url, 'GET', '/_sandbox/hubspot/settings')).json).toMatchObject({ targetUrl: hook.url });
		expect((await call(sandbox.url, 'GET', '/_sandbox/hubspot/subscriptions')).json).toMatchObject([{ eventType: 'contact.propertyChange' }]);
	});

	it('create, update, merge and delete Pipedrive records', async () => {
		await call(sandbox.url, 'POST', '/v1/webhooks', { headers: PD, body: { subscription_url: hook.url, event_action: '*', event_object: 'deal' } });
		const a = (await call(sandbox.url, 'POST', '/_sandbox/pipedrive/records/deals', { body: { fields: { title: 'A' } } })).json as PipedriveRecord;
		const b = (await call(sandbox.url, 'POST', '/_sandbox/pipedrive/records/deals', { body: { fields: { title: 'B' }, emit: false } })).json as PipedriveRecord;
		await call(sandbox.url, 'PATCH', `/_sandbox/pipedrive/records/deals/${b.id}`, { body: { fields: { value: 10 } } });
		await call(sandbox.url, 'POST', `/_sandbox/pipedrive/records/deals/${a.id}/merge`, { body: { intoId: b.id } });
		await call(sandbox.url, 'DELETE', `/_sandbox/pipedrive/records/deals/${b.id}`);
		await call(sandbox.url, 'POST', '/_sandbox/settle');
		const actions = hook.received.map((r) => JSON.parse(r.rawBody).meta.action as string);
		expect(actions).toHaveLength(5);
		expect(actions.filter((a) => a === 'create')).toHaveLength(1);
		expect((await call(sandbox.url, 'GET', '/_sandbox/pipedrive/records/deals?deleted=true')).json).toHaveLength(2);
		expect((await call(sandbox.url, 'GET', '/_sandbox/pipedrive/webhooks')).json).toMatchObject([{ subscription_url: hook.url, version: '2.0' }]);
		const deliveries = (await call(sandbox.url, 'GET', '/_sandbox/deliveries?provider=pipedrive&state=succeeded')).json as DeliveryRecord[];
		expect(deliveries).toHaveLength(5);
	});

	it('deliver and redeliver over HTTP', async () => {
		await call(sandbox.url, 'PUT', `/webhooks/v3/${APP}/settings?${KEY}`, { body: { targetUrl: hook.url } });
		const delivered = await call(sandbox.url, 'POST', '/_sandbox/hubspot/deliver', { body: { events: [{ subscriptionType: 'deal.creation', objectId: 9 }], clientSecret: 'forged' } });
		expect(delivered.json).toMatchObject({ provider: 'hubspot', state: 'succeeded', attempts: [{ status: 200 }] });
		await call(sandbox.url, 'POST', `/_sandbox/hubspot/redeliver/${(delivered.json as DeliveryRecord).id}`);
		expect(hook.received).toHaveLength(2);
		expect(hook.received[1].rawBody).toBe(hook.received[0].rawBody);
	});

	it('injects failures for another process', async () => {
		expect((await call(sandbox.url, 'POST', '/_sandbox/failures', { body: { method: 'GET', pathPrefix: '/api/v2/deals', status: 500, count: 1 } })).status).toBe(200);
		const statuses = [(await call(sandbox.url, 'GET', '/api/v2/deals', { headers: PD })).status, (await call(sandbox.url, 'GET', '/api/v2/deals', { headers: PD })).status];
		expect(statuses).toEqual([500, 200]);
	});

	it('configures behaviour', async () => {
		const response = await call(sandbox.url, 'POST', '/_sandbox/hubspot/configure', { body: { searchLagMs: 1234, retryDelaysMs: [1, 2] } });
		expect(response.json).toMatchObject({ searchLagMs: 1234, retryDelaysMs: [1, 2] });
		expect(sandbox.hubspot.behaviour.searchLagMs).toBe(1234);
	});

	it.each([
		{ name: 'unknown key', body: { clientSecret: 'x' } },
		{ name: 'negative number', body: { searchLagMs: -1 } },
		{ name: 'text for a number', body: { searchLagMs: '5' } },
		{ name: 'retry delays not numbers', body: { retryDelaysMs: ['1'] } },
	])('refuses to configure $name', async ({ body }) => {
		expect((await call(sandbox.url, 'POST', '/_sandbox/hubspot/configure', { body })).status).toBe(400);
		expect(sandbox.hubspot.behaviour.searchLagMs).toBe(0);
	});

	it.each([
		{ name: 'not JSON', method: 'POST', path: '/_sandbox/hubspot/records/contacts', raw: '{', status: 400 },
		{ name: 'unknown Pipedrive entity', method: 'POST', path: '/_sandbox/pipedrive/records/leads', raw: '{}', status: 400 },
		{ name: 'update of a missing record', method: 'PATCH', path: '/_sandbox/hubspot/records/contacts/424242', raw: '{}', status: 404 },
		{ name: 'failure rule without status', method: 'POST', path: '/_sandbox/failures', raw: '{"pathPrefix":"/"}', status: 400 },
		{ name: 'deliver to a missing webhook', method: 'POST', path: '/_sandbox/pipedrive/deliver', raw: '{"webhookId":1,"body":{}}', status: 404 },
	])('refuses $name with $status', async ({ method, path, raw, status }) => {
		expect((await call(sandbox.url, method, path, { rawBody: raw })).status).toBe(status);
	});
});

describe('request log and reset', () => {
	it('logs provider calls with masked secrets and filters them', async () => {
		await call(sandbox.url, 'GET', `/webhooks/v3/${APP}/settings?${KEY}`);
		await call(sandbox.url, 'GET', '/account-info/v3/details', { headers: HS });
		await call(sandbox.url, 'GET', '/v1/users/me', { headers: PD });
		const logged = (await call(sandbox.url, 'GET', '/_sandbox/requests?provider=hubspot')).json as RequestLogEntry[];
		expect(logged.map((r) => [r.path, r.auth, r.status])).toEqual([
			[`/webhooks/v3/${APP}/settings`, 'hapikey', 404],
			['/account-info/v3/details', 'bearer', 200],
		]);
		expect(logged[0].query.hapikey).toBe('***');
		expect(logged[1].headers.authorization).toBe('***');
		const serialised = JSON.stringify(sandbox.requests());
		expect(serialised).not.toContain(HUBSPOT_DEFAULT_IDENTITY.developerApiKey);
		expect(serialised).not.toContain(HUBSPOT_DEFAULT_IDENTITY.accessTokens[0]);
	});

	it('names the client of each connection with clientOf, once per connection; without it logs no client', async () => {
		const asked: number[] = [];
		const named = await startSandbox({ clientOf: (port) => (asked.push(port), `from ${port}`) });
		try {
			// Two requests over one keep-alive connection, then one over another: the port is the client's own.
			const rawGets = (count: number) =>
				new Promise<number>((resolve, reject) => {
					const socket = connect({ host: '127.0.0.1', port: named.port }, () => {
						const get = `GET /v1/users/me HTTP/1.1\r\nhost: x\r\nx-api-token: ${PD['x-api-token']}\r\n\r\n`;
						socket.write(get.repeat(count - 1) + get.replace('\r\n\r\n', '\r\nconnection: close\r\n\r\n'));
					});
					socket.on('error', reject);
					socket.resume();
					const localPort = () => socket.localPort ?? 0;
					let port = 0;
					socket.on('connect', () => (port = localPort()));
					socket.on('close', () => resolve(port));
				});
			const first = await rawGets(2);
			const second = await rawGets(1);
			expect(named.requests().map((entry) => entry.client)).toEqual([`from ${first}`, `from ${first}`, `from ${second}`]);
			expect(asked).toEqual([first, second]);
		} finally {
			await named.close();
		}
		await call(sandbox.url, 'GET', '/v1/users/me', { headers: PD });
		expect(sandbox.requests().map((entry) => 'client' in entry)).toEqual([false]);
	});

	it('reset forgets data, registrations, logs and behaviour changes', async () => {
		sandbox.hubspot.create('contacts', {});
		sandbox.pipedrive.create('deals', {});
		sandbox.hubspot.configure({ searchLagMs: 99 });
		await call(sandbox.url, 'PUT', `/webhooks/v3/${APP}/settings?${KEY}`, { body: { targetUrl: hook.url } });
		sandbox.failNext({ pathPrefix: '/v1', status: 500, count: 5 });
		await call(sandbox.url, 'POST', '/_sandbox/reset');
		expect(sandbox.hubspot.list('contacts')).toEqual([]);
		expect(sandbox.pipedrive.list('deals')).toEqual([]);
		expect(sandbox.hubspot.settings()).toBeNull();
		expect(sandbox.hubspot.behaviour.searchLagMs).toBe(0);
		expect(sandbox.requests()).toEqual([]);
		expect((await call(sandbox.url, 'GET', '/v1/users/me', { headers: PD })).status).toBe(200);
	});
});
