// The sandbox's HubSpot surface behaves like the parts of HubSpot the nodes rely on.
import { createHash, createHmac } from 'node:crypto';

import { call } from './http-client';
import type { Receiver } from './receiver';
import { startReceiver } from './receiver';
import type { HubSpotEvent, Sandbox } from './index';
import { HUBSPOT_DEFAULT_IDENTITY, startSandbox } from './index';

const TOKEN = { authorization: `Bearer ${HUBSPOT_DEFAULT_IDENTITY.accessTokens[0]}` };
const APP = HUBSPOT_DEFAULT_IDENTITY.appId;
const KEY = `hapikey=${HUBSPOT_DEFAULT_IDENTITY.developerApiKey}`;
const SECRET = HUBSPOT_DEFAULT_IDENTITY.clientSecret;

let sandbox: Sandbox;
const receivers: Receiver[] = [];

beforeEach(async () => {
	sandbox = await startSandbox({ hubspot: { searchRateLimitPerSecond: 0 } });
});

afterEach(async () => {
	await sandbox.close();
	await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

async function receiver(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
	const started = await startReceiver(...args);
	receivers.push(started);
	return started;
}

async function registerTarget(targetUrl: string, subscriptions: Array<{ eventType: string; propertyName?: string }>): Promise<void> {
	expect((await call(sandbox.url, 'PUT', `/webhooks/v3/${APP}/settings?${KEY}`, { body: { targetUrl, throttling: { maxConcurrentRequests: 10, period: 'SECONDLY' } } })).status).toBe(200);
	for (const subscription of subscriptions) {
		expect((await call(sandbox.url, 'POST', `/webhooks/v3/${APP}/subscriptions?${KEY}`, { body: { ...subscription, active: true } })).status).toBe(201);
	}
}

function searchBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return { filterGroups: [], sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }], limit: 200, ...overrides };
}

describe('authentication', () => {
	it.each([
		{ name: 'private-app token', headers: TOKEN, status: 200 },
		{ name: 'OAuth token', headers: { authorization: `Bearer ${HUBSPOT_DEFAULT_IDENTITY.accessTokens[1]}` }, status: 200 },
		{ name: 'no credentials', headers: {}, status: 401 },
		{ name: 'unknown token', headers: { authorization: 'Bearer nope' }, status: 401 },
		{ name: 'token without Bearer', headers: { authorization: HUBSPOT_DEFAULT_IDENTITY.accessTokens[0] }, status: 401 },
		{ name: 'developer key is not a CRM credential', headers: {}, query: `?${KEY}`, status: 401 },
	])('account info with $name → $status', async ({ headers, status, query }) => {
		const response = await call(sandbox.url, 'GET', `/account-info/v3/details${query ?? ''}`, { headers });
		expect(response.status).toBe(status);
		if (status === 200) expect(response.json).toMatchObject({ portalId: HUBSPOT_DEFAULT_IDENTITY.portalId });
		else expect(response.json).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
	});

	it.each([
		{ name: 'right key, right app', path: `/webhooks/v3/${APP}/settings?${KEY}`, status: 404 },
		{ name: 'no key', path: `/webhooks/v3/${APP}/settings`, status: 401 },
		{ name: 'wrong key', path: `/webhooks/v3/${APP}/settings?hapikey=wrong`, status: 401 },
		{ name: 'another app', path: `/webhooks/v3/999/settings?${KEY}`, status: 404 },
	])('webhook settings with $name → $status', async ({ path, status }) => {
		expect((await call(sandbox.url, 'GET', path)).status).toBe(status);
	});
});

describe('webhook settings and subscriptions', () => {
	it('settings: 404 until set, then the stored shape, 204 on delete', async () => {
		const path = `/webhooks/v3/${APP}/settings?${KEY}`;
		expect((await call(sandbox.url, 'GET', path)).status).toBe(404);
		const put = await call(sandbox.url, 'PUT', path, { body: { targetUrl: 'https://example.test/hook', throttling: { maxConcurrentRequests: 5, period: 'SECONDLY' } } });
		expect(put.status).toBe(200);
		expect(put.json).toMatchObject({ targetUrl: 'https://example.test/hook', throttling: { maxConcurrentRequests: 5, period: 'SECONDLY' }, createdAt: expect.any(String) });
		expect((await call(sandbox.url, 'GET', path)).json).toEqual(put.json);
		expect(sandbox.hubspot.settings()?.targetUrl).toBe('https://example.test/hook');
		expect((await call(sandbox.url, 'DELETE', path)).status).toBe(204);
		expect((await call(sandbox.url, 'GET', path)).status).toBe(404);
	});

	it.each([
		{ name: 'no body', body: undefined },
		{ name: 'relative URL', body: { targetUrl: '/hook' } },
		{ name: 'non-http scheme', body: { targetUrl: 'ftp://example.test/hook' } },
	])('settings refuse $name with 400', async ({ body }) => {
		expect((await call(sandbox.url, 'PUT', `/webhooks/v3/${APP}/settings?${KEY}`, { body })).status).toBe(400);
	});

	it.each([
		{ name: 'creation', body: { eventType: 'contact.creation', active: true }, status: 201 },
		{ name: 'property change', body: { eventType: 'deal.propertyChange', propertyName: 'dealstage', active: true }, status: 201 },
		{ name: 'property change without property', body: { eventType: 'deal.propertyChange', active: true }, status: 400 },
		{ name: 'unknown event type', body: { eventType: 'contact.exploded', active: true }, status: 400 },
		{ name: 'nested junk', body: { eventType: 'contact.creation.extra' }, status: 400 },
	])('subscription $name → $status', async ({ body, status }) => {
		const response = await call(sandbox.url, 'POST', `/webhooks/v3/${APP}/subscriptions?${KEY}`, { body });
		expect(response.status).toBe(status);
		if (status === 201) expect(response.json).toMatchObject({ id: expect.any(String), eventType: body.eventType, active: true, createdAt: expect.any(String) });
	});

	it('lists, refuses duplicates, deletes subscriptions', async () => {
		const base = `/webhooks/v3/${APP}/subscriptions`;
		const created = await call(sandbox.url, 'POST', `${base}?${KEY}`, { body: { eventType: 'contact.creation', active: true } });
		const { id } = created.json as { id: string };
		expect((await call(sandbox.url, 'POST', `${base}?${KEY}`, { body: { eventType: 'contact.creation', active: true } })).status).toBe(409);
		expect((await call(sandbox.url, 'GET', `${base}?${KEY}`)).json).toEqual({ results: [created.json] });
		expect((await call(sandbox.url, 'DELETE', `${base}/${id}?${KEY}`)).status).toBe(204);
		expect((await call(sandbox.url, 'DELETE', `${base}/${id}?${KEY}`)).status).toBe(404);
		expect(sandbox.hubspot.subscriptions()).toEqual([]);
	});
});

describe('CRM search', () => {
	function seedContacts(count: number, startMs = Date.UTC(2024, 0, 1)): string[] {
		return Array.from({ length: count }, (_, i) => sandbox.hubspot.create('contacts', { email: `c${i}@example.test` }, { atMs: startMs + i * 1000, emit: false }).id);
	}

	it('filters GTE on the modified date (epoch ms) and sorts ascending', async () => {
		const ids = seedContacts(5);
		const response = await call(sandbox.url, 'POST', '/crm/v3/objects/contacts/search', {
			headers: TOKEN,
			body: searchBody({ filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(Date.UTC(2024, 0, 1, 0, 0, 2)) }] }] }),
		});
		expect(response.status).toBe(200);
		const body = response.json as { total: number; results: Array<{ id: string; properties: Record<string, string> }> };
		expect(body.total).toBe(3);
		expect(body.results.map((r) => r.id)).toEqual(ids.slice(2));
		expect(body.results[0]).toMatchObject({ properties: { lastmodifieddate: '2024-01-01T00:00:02.000Z', hs_object_id: ids[2] }, archived: false, createdAt: '2024-01-01T00:00:02.000Z' });
	});

	it.each([
		{ name: 'GT excludes the boundary', operator: 'GT', value: '2024-01-01T00:00:02.000Z', expected: [3, 4] },
		{ name: 'LT', operator: 'LT', value: String(Date.UTC(2024, 0, 1, 0, 0, 1)), expected: [0] },
		{ name: 'LTE', operator: 'LTE', value: String(Date.UTC(2024, 0, 1, 0, 0, 1)), expected: [0, 1] },
		{ name: 'EQ', operator: 'EQ', value: String(Date.UTC(2024, 0, 1, 0, 0, 3)), expected: [3] },
	])('operator $name', async ({ operator, value, expected }) => {
		const ids = seedContacts(5);
		const response = await call(sandbox.url, 'POST', '/crm/v3/objects/contacts/search', {
			headers: TOKEN,
			body: searchBody({ filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator, value }] }] }),
		});
		expect((response.json as { results: Array<{ id: string }> }).results.map((r) => r.id)).toEqual(expected.map((i) => ids[i]));
	});

	it('sorts descending and uses hs_lastmodifieddate for deals', async () => {
		const a = sandbox.hubspot.create('deals', { dealname: 'a' }, { atMs: Date.UTC(2024, 0, 1), emit: false });
		const b = sandbox.hubspot.create('deals', { dealname: 'b' }, { atMs: Date.UTC(2024, 0, 2), emit: false });
		expect(a.properties.hs_lastmodifieddate).toBe('2024-01-01T00:00:00.000Z');
		const response = await call(sandbox.url, 'POST', '/crm/v3/objects/deals/search', {
			headers: TOKEN,
			body: searchBody({ sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'DESCENDING' }], properties: ['dealname'] }),
		});
		const results = (response.json as { results: Array<{ id: string; properties: Record<string, unknown> }> }).results;
		expect(results.map((r) => r.id)).toEqual([b.id, a.id]);
		expect(Object.keys(results[0].properties).sort()).toEqual(['createdate', 'dealname', 'hs_lastmodifieddate', 'hs_object_id']);
	});

	it('pages with paging.next.after until the end', async () => {
		const ids = seedContacts(5);
		const seen: string[] = [];
		let after: string | undefined;
		let pages = 0;
		do {
			const response = await call(sandbox.url, 'POST', '/crm/v3/objects/contacts/search', { headers: TOKEN, body: searchBody({ limit: 2, ...(after ? { after } : {}) }) });
			const body = response.json as { results: Array<{ id: string }>; paging?: { next: { after: string } } };
			seen.push(...body.results.map((r) => r.id));
			after = body.paging?.next.after;
			pages++;
		} while (after);
		expect(seen).toEqual(ids);
		expect(pages).toBe(3);
	});

	it.each([
		{ name: 'limit above 200', body: { limit: 201 } },
		{ name: 'two sorts', body: { sorts: ['createdate', 'email'] } },
		{ name: 'unknown operator', body: { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'LIKE', value: 'x' }] }] } },
		{ name: 'garbage cursor', body: { after: 'abc' } },
	])('answers 400 for $name', async ({ body }) => {
		const response = await call(sandbox.url, 'POST', '/crm/v3/objects/contacts/search', { headers: TOKEN, body: searchBody(body) });
		expect(response.status).toBe(400);
		expect(response.json).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
	});

	it('refuses to page past the result cap', async () => {
		sandbox.hubspot.configure({ searchResultCap: 4 });
		seedContacts(6);
		const last = await call(sandbox.url, 'POST', '/crm/v3/objects/contacts/search', { headers: TOKEN, body: searchBody({ limit: 2, after: '2' }) });
		expect(last.status).toBe(200);
		expect((last.json as { total: number; paging: { next: { after: string } } }).paging.next.after).toBe('4');
		expect((await call(sandbox.url, 'POST', '/crm/v3/objects/contacts/search', { headers: TOKEN, body: searchBody({ limit: 2, after: '4' }) })).status).toBe(400);
	});

	it('does not see changes younger than the indexing lag', async () => {
		sandbox.hubspot.configure({ searchLagMs: 300 });
		const contact = sandbox.hubspot.create('contacts', { email: 'old@example.test' }, { emit: false });
		const search = async (): Promise<Array<{ properties: Record<string, string> }>> =>
			((await call(sandbox.url, 'POST', '/crm/v3/objects/contacts/search', { headers: TOKEN, body: searchBody() })).json as { results: Array<{ properties: Record<string, string> }> }).results;
		expect(await search()).toEqual([]);
		await new Promise((resolve) => setTimeout(resolve, 350));
		expect((await search()).map((r) => r.properties.email)).toEqual(['old@example.test']);
		sandbox.hubspot.update('contacts', contact.id, { email: 'new@example.test' }, { emit: false });
		expect((await search()).map((r) => r.properties.email)).toEqual(['old@example.test']);
		await new Promise((resolve) => setTimeout(resolve, 350));
		expect((await search()).map((r) => r.properties.email)).toEqual(['new@example.test']);
	});

	it('answers 429 with the secondly-limit message past N calls per second', async () => {
		sandbox.hubspot.configure({ searchRateLimitPerSecond: 2 });
		const statuses: number[] = [];
		for (let i = 0; i < 3; i++) statuses.push((await call(sandbox.url, 'POST', '/crm/v3/objects/contacts/search', { headers: TOKEN, body: searchBody() })).status);
		expect(statuses).toEqual([200, 200, 429]);
		const limited = sandbox.hubspot.requests({ pathPrefix: '/crm/v3/objects/contacts/search' })[2];
		expect(limited.status).toBe(429);
		const again = await call(sandbox.url, 'POST', '/crm/v3/objects/contacts/search', { headers: TOKEN, body: searchBody() });
		expect(again.json).toMatchObject({ message: 'You have reached your secondly limit.' });
	});
});

describe('archived records', () => {
	it('leave search and appear in ?archived=true with archivedAt, paged', async () => {
		const kept = sandbox.hubspot.create('companies', { name: 'kept' }, { emit: false });
		const gone = [1, 2, 3].map((i) => sandbox.hubspot.create('companies', { name: `gone${i}` }, { emit: false }));
		for (const record of gone) sandbox.hubspot.archive('companies', record.id, { atMs: Date.UTC(2024, 5, 1), emit: false });
		const search = await call(sandbox.url, 'POST', '/crm/v3/objects/companies/search', { headers: TOKEN, body: {} });
		expect((search.json as { results: Array<{ id: string }> }).results.map((r) => r.id)).toEqual([kept.id]);
		const first = await call(sandbox.url, 'GET', '/crm/v3/objects/companies?archived=true&limit=2', { headers: TOKEN });
		const firstBody = first.json as { results: Array<{ id: string; archived: boolean; archivedAt: string }>; paging: { next: { after: string } } };
		expect(firstBody.results).toHaveLength(2);
		expect(firstBody.results[0]).toMatchObject({ archived: true, archivedAt: '2024-06-01T00:00:00.000Z' });
		const second = await call(sandbox.url, 'GET', `/crm/v3/objects/companies?archived=true&limit=2&after=${firstBody.paging.next.after}`, { headers: TOKEN });
		expect((second.json as { results: Array<{ id: string }>; paging?: unknown }).results.map((r) => r.id)).toEqual([gone[2].id]);
		expect((second.json as { paging?: unknown }).paging).toBeUndefined();
	});
});

describe('webhook deliveries', () => {
	it('signs v1 and v3 over the exact bytes and the target URL', async () => {
		const hook = await receiver();
		await registerTarget(`${hook.url}?wf=1&x=a%3Ab`, [{ eventType: 'contact.creation' }, { eventType: 'contact.propertyChange', propertyName: 'email' }]);
		const contact = sandbox.hubspot.create('contacts', { email: 'é@example.test', firstname: 'Ann' });
		await sandbox.settle();
		expect(hook.received).toHaveLength(1);
		const [request] = hook.received;
		const events = JSON.parse(request.rawBody) as HubSpotEvent[];
		expect(events.map((e) => e.subscriptionType)).toEqual(['contact.creation', 'contact.propertyChange']);
		expect(events[0]).toMatchObject({ objectId: Number(contact.id), portalId: HUBSPOT_DEFAULT_IDENTITY.portalId, appId: APP, attemptNumber: 0, changeSource: 'CRM', changeFlag: 'NEW' });
		expect(events[1]).toMatchObject({ propertyName: 'email', propertyValue: 'é@example.test' });
		expect(request.headers['x-hubspot-signature-version']).toBe('v1');
		expect(request.headers['x-hubspot-signature']).toBe(createHash('sha256').update(SECRET + request.rawBody, 'utf8').digest('hex'));
		const timestamp = request.headers['x-hubspot-request-timestamp'];
		expect(Math.abs(Date.now() - Number(timestamp))).toBeLessThan(5000);
		// The receiver decodes %3A before hashing: the URI signed is the decoded form.
		const uri = `${hook.url}?wf=1&x=a:b`;
		const v3 = createHmac('sha256', SECRET).update(`POST${uri}${request.rawBody}${timestamp}`, 'utf8').digest('base64');
		expect(request.headers['x-hubspot-signature-v3']).toBe(v3);
	});

	it('a forged delivery carries a signature that does not verify', async () => {
		const hook = await receiver();
		await registerTarget(hook.url, []);
		await sandbox.hubspot.deliver([{ subscriptionType: 'contact.deletion', objectId: 5 }], { clientSecret: 'attacker' });
		const [request] = hook.received;
		expect(request.headers['x-hubspot-signature']).not.toBe(createHash('sha256').update(SECRET + request.rawBody, 'utf8').digest('hex'));
	});

	it('only active, matching subscriptions produce events', async () => {
		const hook = await receiver();
		await registerTarget(hook.url, [{ eventType: 'deal.deletion' }, { eventType: 'contact.propertyChange', propertyName: 'lastname' }]);
		const contact = sandbox.hubspot.create('contacts', { email: 'a@example.test' });
		sandbox.hubspot.update('contacts', contact.id, { email: 'b@example.test' });
		await sandbox.settle();
		expect(hook.received).toHaveLength(0);
		sandbox.hubspot.update('contacts', contact.id, { lastname: 'Doe' });
		const deal = sandbox.hubspot.create('deals', { dealname: 'x' });
		sandbox.hubspot.archive('deals', deal.id);
		await sandbox.settle();
		const types = hook.received.map((r) => (JSON.parse(r.rawBody) as HubSpotEvent[]).map((e) => e.subscriptionType)).flat();
		expect(types.sort()).toEqual(['contact.propertyChange', 'deal.deletion']);
	});

	it('retries non-2xx answers with a growing attemptNumber', async () => {
		const hook = await receiver((index) => ({ status: index < 2 ? 500 : 204 }));
		await registerTarget(hook.url, [{ eventType: 'ticket.creation' }]);
		sandbox.hubspot.create('tickets', { subject: 'help' });
		await sandbox.settle();
		expect(hook.received.map((r) => (JSON.parse(r.rawBody) as HubSpotEvent[])[0].attemptNumber)).toEqual([0, 1, 2]);
		const [delivery] = sandbox.hubspot.deliveries();
		expect(delivery.state).toBe('succeeded');
		expect(delivery.attempts.map((a) => a.status)).toEqual([500, 500, 204]);
		// Each attempt is signed over its own body.
		for (const attempt of delivery.attempts) {
			expect(attempt.headers['X-HubSpot-Signature']).toBe(createHash('sha256').update(SECRET + attempt.body, 'utf8').digest('hex'));
		}
	});

	it('counts a slow answer as a failure and gives up after the last retry', async () => {
		sandbox.hubspot.configure({ deliveryTimeoutMs: 100, retryDelaysMs: [20] });
		const hook = await receiver(() => ({ status: 200, delayMs: 300 }));
		await registerTarget(hook.url, [{ eventType: 'contact.creation' }]);
		sandbox.hubspot.create('contacts', {});
		await sandbox.settle();
		const [delivery] = sandbox.hubspot.deliveries();
		expect(delivery.state).toBe('failed');
		expect(delivery.attempts.map((a) => a.status)).toEqual([null, null]);
		expect(delivery.attempts[0].error).toMatch(/timeout/);
	});

	it('batches events of several changes into one delivery', async () => {
		sandbox.hubspot.configure({ batchWindowMs: 100 });
		const hook = await receiver();
		await registerTarget(hook.url, [{ eventType: 'contact.creation' }]);
		sandbox.hubspot.create('contacts', {});
		sandbox.hubspot.create('contacts', {});
		sandbox.hubspot.create('contacts', {});
		await sandbox.settle();
		expect(hook.received).toHaveLength(1);
		expect(JSON.parse(hook.received[0].rawBody)).toHaveLength(3);
	});

	it('redelivers the same events (same eventIds) as a duplicate', async () => {
		const hook = await receiver();
		await registerTarget(hook.url, [{ eventType: 'contact.creation' }]);
		sandbox.hubspot.create('contacts', {});
		await sandbox.settle();
		await sandbox.hubspot.redeliver(sandbox.hubspot.deliveries()[0].id);
		expect(hook.received).toHaveLength(2);
		expect(hook.received[1].rawBody).toBe(hook.received[0].rawBody);
	});
});

describe('failure injection', () => {
	it('answers the next N matching requests with the injected status', async () => {
		sandbox.hubspot.failNext({ method: 'POST', pathPrefix: '/crm/v3/objects/contacts/search', status: 429, count: 2 });
		const statuses: number[] = [];
		for (let i = 0; i < 3; i++) statuses.push((await call(sandbox.url, 'POST', '/crm/v3/objects/contacts/search', { headers: TOKEN, body: {} })).status);
		expect(statuses).toEqual([429, 429, 200]);
		expect(sandbox.hubspot.requests().map((r) => r.injected)).toEqual([true, true, false]);
		expect((await call(sandbox.url, 'POST', '/crm/v3/objects/deals/search', { headers: TOKEN, body: {} })).status).toBe(200);
	});
});

describe('OAuth token endpoint', () => {
	it('issues a token the CRM endpoints accept', async () => {
		const form = new URLSearchParams({ grant_type: 'refresh_token', client_id: HUBSPOT_DEFAULT_IDENTITY.oauthClientId, client_secret: SECRET, refresh_token: 'r1' });
		const token = await call(sandbox.url, 'POST', '/oauth/v1/token', { rawBody: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
		expect(token.status).toBe(200);
		const { access_token: accessToken } = token.json as { access_token: string };
		expect((await call(sandbox.url, 'GET', '/account-info/v3/details', { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(200);
		form.set('client_secret', 'wrong');
		expect((await call(sandbox.url, 'POST', '/oauth/v1/token', { rawBody: form.toString() })).status).toBe(400);
	});
});

describe('project app (hs project upload of a webhooks component)', () => {
	const component = (targetUrl: string) => ({
		uid: 'webhooks',
		type: 'webhooks',
		config: {
			settings: { targetUrl, maxConcurrentRequests: 10 },
			subscriptions: {
				crmObjects: [
					{ subscriptionType: 'object.creation', objectType: 'deal', active: true },
					{ subscriptionType: 'object.propertyChange', objectType: 'deal', propertyName: 'dealstage', active: true },
					{ subscriptionType: 'object.deletion', objectType: 'deal', active: false },
				],
				legacyCrmObjects: [{ subscriptionType: 'contact.creation', active: true }],
				hubEvents: [],
			},
		},
	});

	it('delivers the uploaded subscriptions to the static target URL, signed v3 and v1', async () => {
		const hook = await receiver();
		const upload = await call(sandbox.url, 'PUT', '/_sandbox/hubspot/project', { body: component(hook.url) });
		expect(upload.status).toBe(200);
		expect(upload.json).toEqual({ targetUrl: hook.url, subscriptions: 3 });
		const deal = sandbox.hubspot.create('deals', { dealname: 'x', dealstage: 'open' });
		sandbox.hubspot.archive('deals', deal.id);
		sandbox.hubspot.create('contacts', { email: 'p@example.test' });
		await sandbox.settle();
		const events = hook.received.flatMap((r) => JSON.parse(r.rawBody) as HubSpotEvent[]);
		expect(events.map((e) => `${e.subscriptionType}/${String(e.objectTypeId ?? '')}/${e.propertyName ?? ''}`).sort()).toEqual([
			'contact.creation//',
			'object.creation/0-3/',
			'object.propertyChange/0-3/dealstage',
		]);
		for (const request of hook.received) {
			const timestamp = request.headers['x-hubspot-request-timestamp'];
			expect(request.headers['x-hubspot-signature-v3']).toBe(createHmac('sha256', SECRET).update(`POST${hook.url}${request.rawBody}${timestamp}`, 'utf8').digest('base64'));
			expect(request.headers['x-hubspot-signature']).toBe(createHash('sha256').update(SECRET + request.rawBody, 'utf8').digest('hex'));
		}
		// The webhooks API knows nothing of it: a project app has no settings there.
		expect(sandbox.hubspot.settings()).toBeNull();
	});

	it.each([
		{ name: 'not a webhooks component', body: { type: 'app' } },
		{ name: 'relative target URL', body: component('/webhook/x') },
		{ name: 'crmObjects entry without objectType', body: { type: 'webhooks', config: { settings: { targetUrl: 'https://x.test/' }, subscriptions: { crmObjects: [{ subscriptionType: 'object.creation' }] } } } },
		{ name: 'objectType outside crmObjects', body: { type: 'webhooks', config: { settings: { targetUrl: 'https://x.test/' }, subscriptions: { legacyCrmObjects: [{ subscriptionType: 'contact.creation', objectType: 'contact' }] } } } },
	])('refuses an upload HubSpot would refuse: $name', async ({ body }) => {
		expect((await call(sandbox.url, 'PUT', '/_sandbox/hubspot/project', { body })).status).toBe(400);
		expect(sandbox.hubspot.project()).toBeNull();
	});
});
