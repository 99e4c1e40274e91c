import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { legacyStorageKey } from '../../core/dedupe';
import { CrmListenersHubSpotApp } from '../../credentials/CrmListenersHubSpotApp.credentials';
import { HubSpotWebhookTrigger } from '../../nodes/HubSpotWebhookTrigger/HubSpotWebhookTrigger.node';
import { appDeliveryHeaders } from '../helpers/hubspotSigner';
import { startWebhookServer, type WebhookServer } from '../helpers/n8n';

/*
 * The duplicate memory as static data holds it: the compact form, a memory an earlier release stored, and the
 * save interval. A "restart" is a new node instance (its own in-process copy) handed a JSON copy of the static
 * data the previous one left, which is what n8n gives a new process.
 */

const SECRET = 'c0ffee00-aaaa-bbbb-cccc-123456789abc';
const APP_DELIVERY = readFileSync(join(__dirname, '..', 'fixtures', 'nodes', 'hubspot-app-delivery.json'), 'utf8').trim();
/** The same five events with other ids: a different delivery. */
const OTHER_DELIVERY = JSON.stringify(
	(JSON.parse(APP_DELIVERY) as Array<Record<string, unknown>>).map((event, index) => ({ ...event, eventId: 9_000 + index, objectId: 9_100 + index })),
);

describe('duplicate memory in static data', () => {
	const servers: WebhookServer[] = [];

	afterEach(async () => {
		await Promise.all(servers.splice(0).map((server) => server.close()));
	});

	async function start(parameters: INodeParameters = {}, staticData?: IDataObject): Promise<WebhookServer> {
		const server = await startWebhookServer(
			{
				type: new HubSpotWebhookTrigger(),
				typeName: 'hubSpotWebhookTrigger',
				parameters: { events: [], verification: 'signature', manageSubscriptions: false, options: {}, ...parameters },
				credentials: { crmListenersHubSpotApp: { clientSecret: SECRET } },
				credentialTypes: [new CrmListenersHubSpotApp()],
				staticData,
			},
			{ parseJsonFirst: true },
		);
		servers.push(server);
		return server;
	}

	async function send(server: WebhookServer, body: string) {
		const reply = await server.send({ body, headers: appDeliveryHeaders(SECRET, server.url, body, Date.now()) });
		expect(reply.status).toBe(200);
		return { emitted: (JSON.parse(reply.body) as { emitted: number }).emitted, items: reply.items };
	}

	/** What n8n hands a restarted process: a JSON copy of the workflow's static data. */
	const persisted = (server: WebhookServer) => JSON.parse(JSON.stringify(server.harness.workflow.staticData)) as IDataObject;
	const memoryOf = (server: WebhookServer) => server.harness.staticData().seenTraceKeys as { v: number; keys: string; dt?: unknown };
	/** How many keys a stored memory holds (20 characters each in version 3). */
	const keyCount = (server: WebhookServer) => memoryOf(server).keys.length / 20;

	it('stores the compact form, and a restarted process reading it drops a redelivery', async () => {
		const first = await start();
		expect((await send(first, APP_DELIVERY)).emitted).toBe(5);
		expect(memoryOf(first)).toMatchObject({ v: 3, t0: expect.any(Number), keys: expect.stringMatching(/^[\w-]{100}$/), dt: '0*5' });

		const restarted = await start({}, persisted(first));
		const again = await send(restarted, APP_DELIVERY);
		expect(again.emitted).toBe(0);
		expect(again.items).toBeUndefined();
		expect((await send(restarted, OTHER_DELIVERY)).emitted).toBe(5);
	});

	it('reads a memory an earlier release stored (version 1) and keeps its keys when it writes the compact form', async () => {
		const probe = await start({ options: { dedupe: false } });
		const traceKeys = (await send(probe, APP_DELIVERY)).items!.map((item) => String(item.json.traceKey));
		expect(traceKeys).toHaveLength(5);
		// Keys as earlier versions stored every key: the first 15 bytes of its SHA-256.
		const old = { v: 1, t0: Date.now() - 60_000, keys: traceKeys.map(legacyStorageKey), dtMs: [0, 0, 0, 0, 0] };
		const staticData = { 'node:Trigger': { seenTraceKeys: old } };

		const upgraded = await start({}, staticData);
		expect((await send(upgraded, APP_DELIVERY)).emitted).toBe(0);
		expect((await send(upgraded, OTHER_DELIVERY)).emitted).toBe(5);
		expect(memoryOf(upgraded)).toMatchObject({ v: 3 });
		expect(keyCount(upgraded)).toBe(10);
		const restarted = await start({}, persisted(upgraded));
		expect((await send(restarted, APP_DELIVERY)).emitted).toBe(0);
	});

	it('reads the memory the previous release stored (version 2, keys as an array) and keeps every key when it writes version 3', async () => {
		const probe = await start({ options: { dedupe: false } });
		const traceKeys = (await send(probe, APP_DELIVERY)).items!.map((item) => String(item.json.traceKey));
		const v2 = { v: 2, t0: Date.now() - 60_000, keys: traceKeys.map(legacyStorageKey), dt: '0*5' };
		const upgraded = await start({}, { 'node:Trigger': { seenTraceKeys: v2 } });
		expect((await send(upgraded, APP_DELIVERY)).emitted).toBe(0);
		expect((await send(upgraded, OTHER_DELIVERY)).emitted).toBe(5);
		expect(memoryOf(upgraded)).toMatchObject({ v: 3, t0: v2.t0, keys: expect.stringMatching(new RegExp(`^${v2.keys.join('')}[\\w-]{100}$`)) });
		const restarted = await start({}, persisted(upgraded));
		expect((await send(restarted, APP_DELIVERY)).emitted).toBe(0);
		expect((await send(restarted, OTHER_DELIVERY)).emitted).toBe(0);
	});

	it('reads the version 3 memory earlier versions stored (every key a SHA-256 digest) and drops a redelivery of its events', async () => {
		const probe = await start({ options: { dedupe: false } });
		const traceKeys = (await send(probe, APP_DELIVERY)).items!.map((item) => String(item.json.traceKey));
		const t0 = Date.now() - 60_000;
		const earlier = { v: 3, t0, keys: traceKeys.map(legacyStorageKey).join(''), dt: '0*5' };
		const upgraded = await start({}, { 'node:Trigger': { seenTraceKeys: earlier } });
		expect((await send(upgraded, APP_DELIVERY)).emitted).toBe(0);
		const other = await send(upgraded, OTHER_DELIVERY);
		expect(other.emitted).toBe(5);
		// The new keys are the trace keys' own first 20 hex digits; the state says the older form may still be held.
		const otherKeys = other.items!.map((item) => String(item.json.traceKey));
		expect(memoryOf(upgraded)).toMatchObject({ v: 3, f: 2, l: t0, keys: earlier.keys + otherKeys.map((key) => key.slice(-40, -20)).join('') });
		const restarted = await start({}, persisted(upgraded));
		expect((await send(restarted, APP_DELIVERY)).emitted).toBe(0);
		expect((await send(restarted, OTHER_DELIVERY)).emitted).toBe(0);
	});

	it('with a save interval, writes at most once per interval; the process still drops what it has not saved', async () => {
		const server = await start({ options: { dedupeSaveIntervalSeconds: 1 } });
		expect((await send(server, APP_DELIVERY)).emitted).toBe(5);
		const afterFirst = JSON.stringify(memoryOf(server));
		expect(keyCount(server)).toBe(5);

		// Within the interval: emitted, remembered by this process, static data left as it was.
		expect((await send(server, OTHER_DELIVERY)).emitted).toBe(5);
		expect(JSON.stringify(memoryOf(server))).toBe(afterFirst);
		expect((await send(server, OTHER_DELIVERY)).emitted).toBe(0);
		// The documented trade: a restart within the interval forgets the unsaved keys, not the saved ones.
		const restartedEarly = await start({ options: { dedupeSaveIntervalSeconds: 1 } }, persisted(server));
		expect((await send(restartedEarly, APP_DELIVERY)).emitted).toBe(0);
		expect((await send(restartedEarly, OTHER_DELIVERY)).emitted).toBe(5);

		// Once the interval has passed, the next change writes everything this process knows.
		await new Promise((resolve) => setTimeout(resolve, 1_100));
		const third = JSON.stringify((JSON.parse(OTHER_DELIVERY) as Array<Record<string, unknown>>).map((event) => ({ ...event, eventId: Number(event.eventId) + 500 })));
		expect((await send(server, third)).emitted).toBe(5);
		expect(keyCount(server)).toBe(15);
		const restarted = await start({}, persisted(server));
		for (const body of [APP_DELIVERY, OTHER_DELIVERY, third]) expect((await send(restarted, body)).emitted).toBe(0);
	});

	it('writes every change with the default interval of 0', async () => {
		const server = await start();
		await send(server, APP_DELIVERY);
		await send(server, OTHER_DELIVERY);
		expect(keyCount(server)).toBe(10);
	});
});
