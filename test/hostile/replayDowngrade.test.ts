/**
 * Replay by downgrade: HubSpot app deliveries carry v3 (timestamped) and v1 (body only). An attacker who captured
 * one can strip the v3 headers and send it again later: the v1 signature still matches. Once a node has
 * accepted a valid v3 delivery it refuses v1-only ones (401 `v3-expected`, no execution), under default options
 * and whatever the duplicate memory remembers; workflow-action deliveries, signed with v2 only, keep working.
 * Real HubSpot node, n8n-core's WebhookContext, real HTTP on loopback.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { CrmListenersHubSpotApp } from '../../credentials/CrmListenersHubSpotApp.credentials';
import { HubSpotWebhookTrigger } from '../../nodes/HubSpotWebhookTrigger/HubSpotWebhookTrigger.node';
import { signV2 } from '../helpers/hubspotSigner';
import { sendRaw } from './helpers/rawHttp';
import { signedHeaders } from './helpers/signBytes';
import { startHostileServer, type HostileServer } from './helpers/webhookServer';

const SECRET = 'replay-downgrade-client-secret-0123456789';
const servers: HostileServer[] = [];
let nextEvent = 0;

function appDelivery(): Buffer {
	const index = nextEvent++;
	return Buffer.from(
		JSON.stringify([
			{
				eventId: 7000 + index,
				subscriptionId: 2001,
				portalId: 62515,
				appId: 54321,
				occurredAt: 1764000000000 + index,
				subscriptionType: 'contact.creation',
				attemptNumber: 0,
				objectId: 900 + index,
				changeSource: 'CRM',
			},
		]),
	);
}

function workflowDelivery(): Buffer {
	const index = nextEvent++;
	return Buffer.from(JSON.stringify({ objectId: 5000 + index, portalId: 62515, properties: { email: `w${index}@example.com` } }));
}

async function start(options: INodeParameters = {}, staticData?: IDataObject): Promise<HostileServer> {
	const server = await startHostileServer({
		type: new HubSpotWebhookTrigger(),
		typeName: 'hubSpotWebhookTrigger',
		parameters: { events: [], verification: 'signature', manageSubscriptions: false, appModel: 'configuredInHubSpot', options },
		credentials: { crmListenersHubSpotApp: { clientSecret: SECRET } },
		credentialTypes: [new CrmListenersHubSpotApp()],
		staticData,
	});
	servers.push(server);
	return server;
}

async function post(server: HostileServer, body: Buffer, headers: Array<[string, string]>): Promise<{ status: number; reason?: string }> {
	const reply = await sendRaw(server.base, {
		method: 'POST',
		path: new URL(server.url).pathname,
		headers: [['Content-Type', 'application/json'], ...headers],
		body,
	});
	const reason = reply.status === 401 ? (JSON.parse(reply.body) as { reason: string }).reason : undefined;
	return { status: reply.status, reason };
}

/** What is left of a captured v3 + v1 delivery once its v3 headers are removed. */
const stripV3 = (headers: Array<[string, string]>) => headers.filter(([name]) => !/-v3$|request-timestamp/i.test(name));
const v2Headers = (server: HostileServer, body: Buffer): Array<[string, string]> => [
	['X-HubSpot-Signature', signV2(SECRET, 'POST', server.url, body.toString('utf8'))],
	['X-HubSpot-Signature-Version', 'v2'],
];

afterAll(async () => {
	await Promise.all(servers.map((server) => server.close()));
});

describe('a captured v3 + v1 delivery stripped of v3 is not accepted again', () => {
	it.each([
		{ name: 'default options (the duplicate memory on)', options: {} },
		{ name: 'duplicate memory off: the v3 memory alone refuses it', options: { dedupe: false } },
		{ name: 'duplicate memory of 10 keys, flushed by 12 other deliveries', options: { dedupeMaxKeys: 10 }, flush: 12 },
	])('$name: 401 v3-expected, no execution', async ({ options, flush }) => {
		const server = await start(options);
		const captured = appDelivery();
		const headers = signedHeaders(SECRET, server.url, captured);
		expect(await post(server, captured, headers)).toEqual({ status: 200 });
		for (let index = 0; index < (flush ?? 0); index++) {
			const other = appDelivery();
			expect((await post(server, other, signedHeaders(SECRET, server.url, other))).status).toBe(200);
		}
		const executions = server.executions.length;
		expect(executions).toBe(1 + (flush ?? 0));
		expect(server.harness.staticData()).toMatchObject({ hubspotV3Seen: true });

		expect(await post(server, captured, stripV3(headers))).toEqual({ status: 401, reason: 'v3-expected' });
		expect(server.executions).toHaveLength(executions);
	});

	it('the same replay with its v3 headers intact, after the timestamp window: 401 stale-timestamp', async () => {
		const server = await start({ dedupe: false });
		const captured = appDelivery();
		expect((await post(server, captured, signedHeaders(SECRET, server.url, captured))).status).toBe(200);
		const late = signedHeaders(SECRET, server.url, captured, Date.now() - 10 * 60_000);
		expect(await post(server, captured, late)).toEqual({ status: 401, reason: 'stale-timestamp' });
		expect(server.executions).toHaveLength(1);
	});

	it('the memory is in the static data n8n saves: a node starting from it refuses the replay too', async () => {
		const first = await start({ dedupe: false });
		const captured = appDelivery();
		const headers = signedHeaders(SECRET, first.url, captured);
		expect((await post(first, captured, headers)).status).toBe(200);
		const saved = first.harness.staticData();
		expect(JSON.stringify(saved).length).toBeLessThan(64);

		// n8n keeps a workflow's static data per node name; a restart loads it back from the database as JSON.
		const workflowStaticData: IDataObject = { [`node:${first.harness.node.name}`]: JSON.parse(JSON.stringify(saved)) as IDataObject };
		const restarted = await start({ dedupe: false }, workflowStaticData);
		const replayed = stripV3(signedHeaders(SECRET, restarted.url, captured));
		expect(await post(restarted, captured, replayed)).toEqual({ status: 401, reason: 'v3-expected' });
		expect(restarted.executions).toHaveLength(0);
	});
});

describe('what keeps working', () => {
	it('workflow-action deliveries (v2 only) on a node that also receives v3 app deliveries', async () => {
		const server = await start();
		const app = appDelivery();
		expect((await post(server, app, signedHeaders(SECRET, server.url, app))).status).toBe(200);
		for (let index = 0; index < 3; index++) {
			const body = workflowDelivery();
			expect(await post(server, body, v2Headers(server, body))).toEqual({ status: 200 });
		}
		expect(server.executions).toHaveLength(4);
	});

	it('a node that only ever receives v2 (workflow actions) or v1 (legacy private apps)', async () => {
		const server = await start();
		for (let index = 0; index < 3; index++) {
			const body = workflowDelivery();
			expect(await post(server, body, v2Headers(server, body))).toEqual({ status: 200 });
			const app = appDelivery();
			expect(await post(server, app, stripV3(signedHeaders(SECRET, server.url, app)))).toEqual({ status: 200 });
		}
		expect(server.executions).toHaveLength(6);
		expect(server.harness.staticData()).not.toHaveProperty('hubspotV3Seen');
	});
});
