// The sandbox's Pipedrive surface behaves like the parts of Pipedrive the nodes rely on.
import { call } from './http-client';
import type { Receiver } from './receiver';
import { startReceiver } from './receiver';
import type { JsonObject, Sandbox } from './index';
import { PIPEDRIVE_DEFAULT_IDENTITY, startSandbox } from './index';

const TOKEN = PIPEDRIVE_DEFAULT_IDENTITY.apiTokens[0];
const AUTH = { 'x-api-token': TOKEN };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let sandbox: Sandbox;
const receivers: Receiver[] = [];

beforeEach(async () => {
	sandbox = await startSandbox();
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

async function register(body: Record<string, unknown>): Promise<{ id: number; version: string }> {
	const response = await call(sandbox.url, 'POST', '/v1/webhooks', { headers: AUTH, body });
	expect(response.status).toBe(201);
	return (response.json as { data: { id: number; version: string } }).data;
}

describe('authentication', () => {
	it.each<{ name: string; path: string; headers: Record<string, string>; status: number }>([
		{ name: 'x-api-token header', path: '/v1/users/me', headers: AUTH, status: 200 },
		{ name: 'api_token query', path: `/v1/users/me?api_token=${TOKEN}`, headers: {}, status: 200 },
		{ name: 'OAuth bearer', path: '/v1/users/me', headers: { authorization: `Bearer ${PIPEDRIVE_DEFAULT_IDENTITY.oauthAccessTokens[0]}` }, status: 200 },
		{ name: 'API token used as bearer', path: '/v1/users/me', headers: { authorization: `Bearer ${TOKEN}` }, status: 401 },
		{ name: 'wrong token', path: '/v1/users/me', headers: { 'x-api-token': 'nope' }, status: 401 },
		{ name: 'nothing', path: '/v1/users/me', headers: {}, status: 401 },
		{ name: 'list without token', path: '/api/v2/deals', headers: {}, status: 401 },
	])('$name → $status', async ({ path, headers, status }) => {
		const response = await call(sandbox.url, 'GET', path, { headers });
		expect(response.status).toBe(status);
		expect(response.json).toMatchObject({ success: status === 200 });
	});

	it('masks tokens in the request log', async () => {
		await call(sandbox.url, 'GET', `/v1/users/me?api_token=${TOKEN}`);
		await call(sandbox.url, 'GET', '/v1/users/me', { headers: AUTH });
		const [query, header] = sandbox.pipedrive.requests();
		expect(query).toMatchObject({ auth: 'apiTokenQuery', query: { api_token: '***' } });
		expect(header).toMatchObject({ auth: 'apiTokenHeader', headers: { 'x-api-token': '***' } });
		expect(JSON.stringify(sandbox.requests())).not.toContain(TOKEN);
	});
});

describe('webhooks API', () => {
	it.each([
		{ name: 'missing subscription_url', body: { event_action: 'change', event_object: 'deal' } },
		{ name: 'missing event_action', body: { subscription_url: 'https://x.test/h', event_object: 'deal' } },
		{ name: 'missing event_object', body: { subscription_url: 'https://x.test/h', event_action: 'change' } },
		{ name: 'unknown action', body: { subscription_url: 'https://x.test/h', event_action: 'explode', event_object: 'deal' } },
		{ name: 'bad URL', body: { subscription_url: 'not a url', event_action: '*', event_object: '*' } },
		{ name: 'unknown version', body: { subscription_url: 'https://x.test/h', event_action: '*', event_object: '*', version: '3.0' } },
	])('refuses $name with 400', async ({ body }) => {
		const response = await call(sandbox.url, 'POST', '/v1/webhooks', { headers: AUTH, body });
		expect(response.status).toBe(400);
		expect(response.json).toMatchObject({ success: false, error: expect.any(String) });
	});

	it.each([
		{ name: 'no version → 2.0', version: undefined, expected: '2.0' },
		{ name: 'explicit 1.0', version: '1.0', expected: '1.0' },
		{ name: 'explicit 2.0', version: '2.0', expected: '2.0' },
	])('stores the version: $name', async ({ version, expected }) => {
		const created = await register({ subscription_url: 'https://x.test/h', event_action: 'change', event_object: 'deal', ...(version ? { version } : {}) });
		expect(created.version).toBe(expected);
	});

	it('creates, lists and deletes with the stored registration', async () => {
		const created = await register({ subscription_url: 'https://x.test/h', event_action: '*', event_object: 'person', http_auth_user: 'u', http_auth_password: 'p', name: 'wf-1' });
		const list = await call(sandbox.url, 'GET', '/v1/webhooks', { headers: AUTH });
		expect(list.json).toMatchObject({ success: true, data: [{ id: created.id, subscription_url: 'https://x.test/h', event_action: '*', event_object: 'person', http_auth_user: 'u', http_auth_password: 'p', name: 'wf-1', is_active: 1 }] });
		expect((await call(sandbox.url, 'DELETE', `/v1/webhooks/${created.id}`, { headers: AUTH })).json).toEqual({ success: true, status: 'ok' });
		expect((await call(sandbox.url, 'DELETE', `/v1/webhooks/${created.id}`, { headers: AUTH })).status).toBe(404);
		expect(sandbox.pipedrive.webhooks()).toEqual([]);
	});
});

describe('API v2 lists', () => {
	const t = (second: number): number => Date.UTC(2024, 0, 1, 0, 0, second);
	type Page = { data: Array<{ id: number; update_time: string }>; additional_data: { next_cursor: string | null } };

	function seed(): number[] {
		return [0, 10, 20, 30].map((s) => sandbox.pipedrive.create('deals', { title: `d${s}` }, { atMs: t(s), emit: false }).id);
	}

	it('returns RFC 3339 times and the record fields', async () => {
		seed();
		const page = (await call(sandbox.url, 'GET', '/api/v2/deals?limit=1', { headers: AUTH })).json as Page;
		expect(page.data[0]).toMatchObject({ id: 1, title: 'd0', add_time: '2024-01-01T00:00:00Z', update_time: '2024-01-01T00:00:00Z', status: 'open' });
	});

	it.each([
		{ name: 'since is inclusive', query: 'updated_since=2024-01-01T00:00:10Z', expected: [1, 2, 3] },
		{ name: 'until is exclusive', query: 'updated_until=2024-01-01T00:00:20Z', expected: [0, 1] },
		{ name: 'window', query: 'updated_since=2024-01-01T00:00:05Z&updated_until=2024-01-01T00:00:30Z', expected: [1, 2] },
		{ name: 'descending by update_time', query: 'sort_by=update_time&sort_direction=desc', expected: [3, 2, 1, 0] },
	])('$name', async ({ query, expected }) => {
		const ids = seed();
		const page = (await call(sandbox.url, 'GET', `/api/v2/deals?${query}`, { headers: AUTH })).json as Page;
		expect(page.data.map((d) => d.id)).toEqual(expected.map((i) => ids[i]));
	});

	it('pages with additional_data.next_cursor and a null cursor at the end', async () => {
		const ids = seed();
		const seen: number[] = [];
		let cursor: string | null = null;
		let pages = 0;
		do {
			const query: string = `sort_by=update_time&sort_direction=asc&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
			const page = (await call(sandbox.url, 'GET', `/api/v2/deals?${query}`, { headers: AUTH })).json as Page;
			seen.push(...page.data.map((d) => d.id));
			cursor = page.additional_data.next_cursor;
			pages++;
		} while (cursor);
		expect(seen).toEqual(ids);
		expect(pages).toBe(2);
	});

	it('lists deleted deals only with status=deleted', async () => {
		const ids = seed();
		sandbox.pipedrive.delete('deals', ids[1], { emit: false });
		const live = (await call(sandbox.url, 'GET', '/api/v2/deals', { headers: AUTH })).json as Page;
		expect(live.data.map((d) => d.id)).toEqual([ids[0], ids[2], ids[3]]);
		const deleted = (await call(sandbox.url, 'GET', '/api/v2/deals?status=deleted', { headers: AUTH })).json as Page;
		expect(deleted.data).toMatchObject([{ id: ids[1], is_deleted: true }]);
	});

	it.each([
		{ name: 'limit above 500', path: '/api/v2/deals?limit=501' },
		{ name: 'bad since', path: '/api/v2/persons?updated_since=yesterday' },
		{ name: 'bad cursor', path: '/api/v2/deals?cursor=%%%' },
		{ name: 'bad sort field', path: '/api/v2/deals?sort_by=title' },
		{ name: 'products have no updated_since', path: '/api/v2/products?updated_since=2024-01-01T00:00:00Z' },
	])('answers 400 for $name', async ({ path }) => {
		expect((await call(sandbox.url, 'GET', path, { headers: AUTH })).status).toBe(400);
	});
});

describe('webhook deliveries', () => {
	it('sends a v2 change with Basic auth, a UUID event id and only the changed fields in previous', async () => {
		const hook = await receiver();
		await register({ subscription_url: hook.url, event_action: 'change', event_object: 'deal', http_auth_user: 'n8n', http_auth_password: 's3cret:é' });
		const deal = sandbox.pipedrive.create('deals', { title: 'x', stage_id: 2 }, { atMs: Date.UTC(2024, 0, 1) });
		sandbox.pipedrive.update('deals', deal.id, { stage_id: 3, title: 'x' }, { atMs: Date.UTC(2024, 0, 2) });
		await sandbox.settle();
		expect(hook.received).toHaveLength(1);
		const [request] = hook.received;
		expect(request.headers.authorization).toBe(`Basic ${Buffer.from('n8n:s3cret:é', 'utf8').toString('base64')}`);
		const body = JSON.parse(request.rawBody) as { meta: JsonObject; data: JsonObject; previous: JsonObject };
		expect(body.meta).toMatchObject({ action: 'change', entity: 'deal', entity_id: String(deal.id), version: '2.0', attempt: 1, change_source: 'app', timestamp: '2024-01-02T00:00:00.000Z' });
		expect(body.meta.id).toMatch(UUID);
		expect(body.data).toMatchObject({ id: deal.id, stage_id: 3, update_time: '2024-01-02T00:00:00Z' });
		expect(body.previous).toEqual({ stage_id: 2, update_time: '2024-01-01T00:00:00Z' });
	});

	it.each([
		{ name: 'wildcards', action: '*', object: '*', expected: ['create', 'change', 'delete'] },
		{ name: 'v1 action name on a v2 webhook', action: 'added', object: 'deal', expected: ['create'] },
		{ name: 'other object', action: '*', object: 'person', expected: [] },
		{ name: 'delete only', action: 'delete', object: 'deal', expected: ['delete'] },
	])('matches registrations: $name', async ({ action, object, expected }) => {
		const hook = await receiver();
		await register({ subscription_url: hook.url, event_action: action, event_object: object });
		const deal = sandbox.pipedrive.create('deals', {});
		sandbox.pipedrive.update('deals', deal.id, { value: 5 });
		sandbox.pipedrive.delete('deals', deal.id);
		await sandbox.settle();
		const actions = hook.received.map((r) => (JSON.parse(r.rawBody) as { meta: { action: string } }).meta.action);
		expect(actions.sort()).toEqual([...expected].sort());
	});

	it('delete sends data null and the last state in previous', async () => {
		const hook = await receiver();
		await register({ subscription_url: hook.url, event_action: 'delete', event_object: 'person' });
		const person = sandbox.pipedrive.create('persons', { name: 'Ann' });
		sandbox.pipedrive.delete('persons', person.id);
		await sandbox.settle();
		const body = JSON.parse(hook.received[0].rawBody) as { data: unknown; previous: JsonObject };
		expect(body.data).toBeNull();
		expect(body.previous).toMatchObject({ id: person.id, name: 'Ann' });
	});

	it('sends v1 bodies to webhooks registered with version 1.0', async () => {
		const hook = await receiver();
		await register({ subscription_url: hook.url, event_action: 'updated', event_object: 'person', version: '1.0' });
		const person = sandbox.pipedrive.create('persons', { name: 'Ann' }, { atMs: Date.UTC(2024, 0, 1) });
		sandbox.pipedrive.update('persons', person.id, { name: 'Bo' }, { atMs: Date.UTC(2024, 0, 1, 1), changeSource: 'api' });
		await sandbox.settle();
		const body = JSON.parse(hook.received[0].rawBody) as JsonObject & { meta: JsonObject; current: JsonObject; previous: JsonObject };
		expect(body).toMatchObject({ v: 1, event: 'updated.person', retry: 0 });
		expect(body.meta).toMatchObject({ action: 'updated', object: 'person', id: person.id, timestamp: Date.UTC(2024, 0, 1, 1) / 1000, change_source: 'api' });
		expect(body.current).toMatchObject({ name: 'Bo', update_time: '2024-01-01 01:00:00' });
		expect(body.previous).toMatchObject({ name: 'Ann', update_time: '2024-01-01 00:00:00' });
	});

	it('retries failures with attempt 1..n and the same event id', async () => {
		const hook = await receiver((index) => ({ status: index < 3 ? 503 : 200 }));
		await register({ subscription_url: hook.url, event_action: '*', event_object: 'organization' });
		sandbox.pipedrive.create('organizations', { name: 'Acme' });
		await sandbox.settle();
		const metas = hook.received.map((r) => (JSON.parse(r.rawBody) as { meta: { attempt: number; id: string } }).meta);
		expect(metas.map((m) => m.attempt)).toEqual([1, 2, 3, 4]);
		expect(new Set(metas.map((m) => m.id)).size).toBe(1);
		expect(sandbox.pipedrive.deliveries()[0].state).toBe('succeeded');
		expect(sandbox.pipedrive.webhooks()[0].last_http_status).toBe(200);
	});

	it('merges as a delete with merged_to_id plus a change with merged_from_id', async () => {
		const hook = await receiver();
		await register({ subscription_url: hook.url, event_action: '*', event_object: 'person' });
		const a = sandbox.pipedrive.create('persons', { name: 'A' }, { emit: false });
		const b = sandbox.pipedrive.create('persons', { name: 'B' }, { emit: false });
		sandbox.pipedrive.merge('persons', a.id, b.id);
		await sandbox.settle();
		const metas = hook.received.map((r) => (JSON.parse(r.rawBody) as { meta: JsonObject }).meta);
		expect(metas).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ action: 'delete', entity_id: String(a.id), merged_to_id: String(b.id) }),
				expect.objectContaining({ action: 'change', entity_id: String(b.id), merged_from_id: String(a.id) }),
			]),
		);
	});

	it('delivers hand-made bodies with overridden auth', async () => {
		const hook = await receiver();
		const webhook = await register({ subscription_url: hook.url, event_action: '*', event_object: '*', http_auth_user: 'u', http_auth_password: 'p' });
		await sandbox.pipedrive.deliver(webhook.id, { hello: 'world' }, { auth: { user: 'u', password: 'wrong' } });
		await sandbox.pipedrive.deliver(webhook.id, { hello: 'again' }, { auth: null });
		expect(hook.received[0].headers.authorization).toBe(`Basic ${Buffer.from('u:wrong').toString('base64')}`);
		expect(hook.received[1].headers.authorization).toBeUndefined();
		expect(hook.received[1].rawBody).toBe('{"hello":"again"}');
	});
});

describe('OAuth token endpoint', () => {
	it('needs the client credentials and returns api_domain', async () => {
		const basic = Buffer.from(`${PIPEDRIVE_DEFAULT_IDENTITY.oauthClientId}:${PIPEDRIVE_DEFAULT_IDENTITY.oauthClientSecret}`).toString('base64');
		const form = 'grant_type=refresh_token&refresh_token=r1';
		const token = await call(sandbox.url, 'POST', '/oauth/token', { rawBody: form, headers: { authorization: `Basic ${basic}` } });
		expect(token.json).toMatchObject({ token_type: 'Bearer', refresh_token: 'r1', api_domain: sandbox.url });
		const accessToken = (token.json as { access_token: string }).access_token;
		expect((await call(sandbox.url, 'GET', '/v1/users/me', { headers: { authorization: `Bearer ${accessToken}` } })).status).toBe(200);
		expect((await call(sandbox.url, 'POST', '/oauth/token', { rawBody: form, headers: { authorization: 'Basic eDp5' } })).status).toBe(401);
	});
});
