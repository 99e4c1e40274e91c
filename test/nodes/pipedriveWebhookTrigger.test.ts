import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeParameters } from 'n8n-workflow';

import { CrmListenersPipedriveBasicAuth } from '../../credentials/CrmListenersPipedriveBasicAuth.credentials';
import { PipedriveWebhookTrigger } from '../../nodes/PipedriveWebhookTrigger/PipedriveWebhookTrigger.node';
import { startWebhookServer, type WebhookServer } from '../helpers/n8n';

const USER = 'pd-hook-user';
const PASSWORD = 'S3cr3t-Pa55word-with:colon-and-ümlaut';
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'nodes', name), 'utf8').trim();
const V2_CHANGE = fixture('pipedrive-v2-change-deal.json');
const V1_DELETE = fixture('pipedrive-v1-deleted-person.json');

const basic = (user: string, password: string) => ({
	authorization: `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`,
});

function spec(parameters: INodeParameters = {}) {
	return {
		type: new PipedriveWebhookTrigger(),
		typeName: 'pipedriveWebhookTrigger',
		parameters: { setup: 'manual', incomingAuth: 'basicAuth', entity: '*', action: '*', options: {}, ...parameters },
		credentials: { crmListenersPipedriveBasicAuth: { user: USER, password: PASSWORD } },
		credentialTypes: [new CrmListenersPipedriveBasicAuth()],
	};
}

describe('Pipedrive Webhook Trigger through a real WebhookContext (hand-made webhook)', () => {
	let server: WebhookServer;
	afterEach(async () => server?.close());

	it('normalises a v2 change delivery', async () => {
		server = await startWebhookServer(spec());
		const reply = await server.send({ body: V2_CHANGE, headers: basic(USER, PASSWORD) });
		expect(reply.status).toBe(200);
		expect(reply.items).toHaveLength(1);
		expect(reply.items![0].json).toMatchObject({
			eventType: 'UPDATED',
			objectType: 'deal',
			objectId: '8',
			occurredAt: '2025-11-24T15:11:55.724Z',
			traceKey: 'df47d877-b58c-4886-91cd-1aa83e1d7366',
			authentication: { verified: true, method: 'basic' },
			dataUri: 'https://acme.pipedrive.com/deal/8',
		});
		expect(reply.items![0].json.changedFields).toEqual(expect.arrayContaining(['stage_id', 'update_time']));
		expect(reply.items![0].json.current).toMatchObject({ id: 8, stage_id: 3 });
		// The shared header first (Pipedrive's current/previous/meta after it), as on every trigger's items.
		expect(Object.keys(reply.items![0].json).slice(0, 6)).toEqual([...['eventType', 'objectType', 'objectId', 'occurredAt', 'traceKey'], 'dataUri']);
	});

	it('normalises a v1 delete delivery to the same shape', async () => {
		server = await startWebhookServer(spec());
		const reply = await server.send({ body: V1_DELETE, headers: basic(USER, PASSWORD) });
		expect(reply.items![0].json).toMatchObject({
			eventType: 'DELETED',
			objectType: 'person',
			objectId: '8',
			current: null,
			previous: { id: 8, name: 'Sample Person' },
		});
	});

	it.each([
		{ name: 'no Authorization header', headers: {} },
		{ name: 'wrong password', headers: basic(USER, `${PASSWORD}x`) },
		{ name: 'wrong user', headers: basic('someone', PASSWORD) },
		{ name: 'bearer instead of basic', headers: { authorization: 'Bearer abc' } },
		{ name: 'malformed base64', headers: { authorization: 'Basic %%%' } },
	])('answers 401 without a hint and starts nothing: $name', async ({ headers }) => {
		server = await startWebhookServer(spec());
		const reply = await server.send({ body: V2_CHANGE, headers });
		expect(reply.status).toBe(401);
		expect(server.executions).toHaveLength(0);
		expect(reply.body).not.toContain(PASSWORD);
		expect(reply.body).not.toMatch(/user|password/i);
	});

	it('drops retries of the same event (v2 attempt and v1 retry counters differ)', async () => {
		server = await startWebhookServer(spec());
		await server.send({ body: V2_CHANGE, headers: basic(USER, PASSWORD) });
		const retry = await server.send({ body: V2_CHANGE.replace('"attempt":1', '"attempt":2'), headers: basic(USER, PASSWORD) });
		expect(retry.status).toBe(200);
		expect(retry.items).toBeUndefined();
		await server.send({ body: V1_DELETE, headers: basic(USER, PASSWORD) });
		const v1Retry = await server.send({ body: V1_DELETE.replace('"retry":0', '"retry":1'), headers: basic(USER, PASSWORD) });
		expect(v1Retry.items).toBeUndefined();
		expect(server.executions).toHaveLength(2);
	});

	it('filters by object and action for wildcard webhooks', async () => {
		server = await startWebhookServer(spec({ entity: 'deal', action: 'delete' }));
		const reply = await server.send({ body: V2_CHANGE, headers: basic(USER, PASSWORD) });
		expect(reply.status).toBe(200);
		expect(reply.items).toBeUndefined();
	});

	it('matches v1 action words when filtering (delete ↔ deleted)', async () => {
		server = await startWebhookServer(spec({ entity: 'person', action: 'delete' }));
		const reply = await server.send({ body: V1_DELETE, headers: basic(USER, PASSWORD) });
		expect(reply.items).toHaveLength(1);
	});

	it('keeps the raw payload when asked, and applies response overrides', async () => {
		server = await startWebhookServer(
			spec({ options: { includeRawPayload: true, responseStatusCode: 202, responseMediaType: 'text/plain', responseBody: 'ok {{counts.emitted}}' } }),
		);
		const reply = await server.send({ body: V2_CHANGE, headers: basic(USER, PASSWORD) });
		expect(reply.status).toBe(202);
		expect(reply.body).toBe('ok 1');
		expect(reply.items![0].json.raw).toEqual(JSON.parse(V2_CHANGE));
	});

	it('accepts unauthenticated deliveries only when explicitly chosen, and says so', async () => {
		server = await startWebhookServer(spec({ incomingAuth: 'none' }));
		const reply = await server.send({ body: V2_CHANGE });
		expect(reply.status).toBe(200);
		expect(reply.items![0].json.authentication).toEqual({ verified: false, reason: 'authentication disabled' });
	});

	it('answers 400 to a malformed payload after authentication', async () => {
		server = await startWebhookServer(spec());
		const reply = await server.send({ body: '{"meta":', headers: basic(USER, PASSWORD) });
		expect(reply.status).toBe(400);
		const shapeless = await server.send({ body: '{"hello":"world"}', headers: basic(USER, PASSWORD) });
		expect(shapeless.status).toBe(400);
		expect(server.executions).toHaveLength(0);
	});
});

describe('Pipedrive Basic Auth credential test', () => {
	const test = new PipedriveWebhookTrigger().methods.credentialTest.pipedriveBasicAuthStrength;
	it.each([
		{ name: 'strong pair', data: { user: 'u', password: 'x'.repeat(16) }, status: 'OK' },
		{ name: 'short password', data: { user: 'u', password: 'short' }, status: 'Error' },
		{ name: 'empty user', data: { user: '', password: 'x'.repeat(20) }, status: 'Error' },
	])('$name', async ({ data, status }) => {
		const result = await test.call({} as never, { id: '1', name: 'c', type: 'crmListenersPipedriveBasicAuth', data });
		expect(result.status).toBe(status);
	});
});
