/**
 * The HubSpot Journal Trigger through n8n-core's real PollContext, n8n's real OAuth2 client-credentials flow
 * and real HTTP: the sandbox's journal API on loopback and its presigned files over https with a certificate
 * made for this run (trusted by this process only while the tests run).
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { CrmListenersHubSpotAppClientCredentialsOAuth2Api } from '../../credentials/CrmListenersHubSpotAppClientCredentialsOAuth2Api.credentials';
import { HubSpotJournalTrigger } from '../../nodes/HubSpotJournalTrigger/HubSpotJournalTrigger.node';
import { makeHarness, pollContext, type Harness } from '../helpers/n8n';
import { startSandbox, type Sandbox } from '../sandbox';
import { trustCertificateInThisProcess } from '../sandbox/tls/trust';

const type = new HubSpotJournalTrigger();
const CREDENTIAL = 'crmListenersHubSpotAppClientCredentialsOAuth2Api';
const SCOPES = 'developer.webhooks_journal.read developer.webhooks_journal.subscriptions.read developer.webhooks_journal.subscriptions.write crm.objects.contacts.read';

function harnessFor(sandbox: Sandbox, parameters: INodeParameters = {}, scope = SCOPES, staticData?: IDataObject): Harness {
	return makeHarness({
		staticData,
		type,
		typeName: 'hubSpotJournalTrigger',
		parameters: { portalId: sandbox.hubspot.identity.portalId, objects: ['0-1'], customObjectTypeIds: '', actions: ['CREATE', 'UPDATE', 'DELETE'], properties: '', start: 'latest', options: {}, ...parameters },
		credentials: {
			[CREDENTIAL]: {
				grantType: 'clientCredentials',
				clientId: sandbox.hubspot.identity.oauthClientId,
				clientSecret: sandbox.hubspot.identity.clientSecret,
				accessTokenUrl: `${sandbox.url}/oauth/v1/token`,
				scope,
				authentication: 'body',
				apiBaseUrl: sandbox.url,
			},
		},
		credentialTypes: [new CrmListenersHubSpotAppClientCredentialsOAuth2Api()],
	});
}

async function poll(h: Harness, mode: 'trigger' | 'manual' = 'trigger', budgetMs = 60_000): Promise<IDataObject[]> {
	const result: INodeExecutionData[][] | null = await type.poll!.call(pollContext(h, mode, budgetMs));
	return result ? result[0].map((item) => item.json) : [];
}

const contact = (sandbox: Sandbox, email: string) => sandbox.hubspot.create('contacts', { email }, { emit: true });

describe('HubSpot Journal Trigger through a real PollContext', () => {
	let sandbox: Sandbox;
	let untrust: () => void;
	beforeAll(async () => {
		sandbox = await startSandbox();
		untrust = trustCertificateInThisProcess(sandbox.journal.certificate);
	});
	afterAll(async () => {
		untrust();
		await sandbox.close();
	});
	beforeEach(() => sandbox.reset());

	it('creates its subscriptions, starts after the latest entry, then emits each change once with the shared header', async () => {
		const h = harnessFor(sandbox, { properties: 'email' });
		sandbox.journal.publish([{ portalId: sandbox.hubspot.identity.portalId, action: 'CREATE', objectTypeId: '0-1', objectId: 1, occurredAt: '2026-01-01T00:00:00Z' }]);
		expect(await poll(h)).toEqual([]);
		expect(sandbox.journal.subscriptions()).toEqual([
			expect.objectContaining({ subscriptionType: 'OBJECT', portalId: sandbox.hubspot.identity.portalId, objectTypeId: '0-1', actions: ['CREATE', 'UPDATE', 'DELETE'], properties: ['email'] }),
		]);
		const ada = contact(sandbox, 'ada@example.com');
		sandbox.hubspot.update('contacts', ada.id, { firstname: 'Ada' });
		sandbox.hubspot.update('contacts', ada.id, { email: 'ada@lovelace.example' });
		sandbox.hubspot.archive('contacts', ada.id);
		const events = await poll(h);
		expect(events.map((e) => `${e.eventType} ${e.objectType} ${e.objectId}`)).toEqual([`CREATED contact ${ada.id}`, `UPDATED contact ${ada.id}`, `DELETED contact ${ada.id}`]);
		for (const event of events) {
			expect(event.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT/);
			expect(event.traceKey).toMatch(/^hubspot-journal:/);
			expect(Object.keys(event).slice(0, 5)).toEqual(['eventType', 'objectType', 'objectId', 'occurredAt', 'traceKey']);
			expect(event.portalId).toBe(String(sandbox.hubspot.identity.portalId));
			expect(event.event).toEqual(expect.objectContaining({ objectId: Number(ada.id) }));
		}
		expect(await poll(h)).toEqual([]);
		expect(sandbox.journal.fileStats()).toEqual(expect.objectContaining({ withAuthorization: 0 }));
		expect(sandbox.journal.fileStats().downloads).toBeGreaterThan(0);
	});

	it('starts at the earliest retained entry when asked, and reads one-event, array and NDJSON files alike', async () => {
		const portalId = sandbox.hubspot.identity.portalId;
		const event = (objectId: number, extra: IDataObject = {}) => ({ portalId, action: 'CREATE', objectTypeId: '0-1', objectId, occurredAt: 1767225600000, unknownField: { kept: true }, ...extra });
		sandbox.journal.configure({ fileFormat: 'single' });
		sandbox.journal.publish([event(1)]);
		const h = harnessFor(sandbox, { start: 'earliest', options: { manageSubscriptions: false } });
		expect((await poll(h)).map((e) => e.objectId)).toEqual(['1']);
		sandbox.journal.configure({ fileFormat: 'array' });
		sandbox.journal.publish([event(2), event(3)]);
		sandbox.journal.configure({ fileFormat: 'ndjson' });
		sandbox.journal.publish([event(4), event(5, { action: 'SNAPSHOT' }), event(6)]);
		const events = await poll(h);
		expect(events.map((e) => e.objectId)).toEqual(['2', '3', '4', '6']);
		expect(events[0].event).toEqual(expect.objectContaining({ unknownField: { kept: true } }));
		expect(events[0].occurredAt).toBe('2026-01-01T00:00:00.000Z');
	});

	it('keeps only what it asked for: other objects, actions, accounts and unwatched properties are left out', async () => {
		const portalId = sandbox.hubspot.identity.portalId;
		const h = harnessFor(sandbox, { actions: ['UPDATE'], properties: 'email', options: { manageSubscriptions: false } });
		await poll(h);
		sandbox.journal.publish([
			{ portalId, action: 'UPDATE', objectTypeId: '0-1', objectId: 1, propertyChanges: { email: { newValue: 'x' } } },
			{ portalId, action: 'UPDATE', objectTypeId: '0-1', objectId: 2, propertyChanges: { phone: { newValue: 'y' } } },
			{ portalId, action: 'CREATE', objectTypeId: '0-1', objectId: 3 },
			{ portalId, action: 'UPDATE', objectTypeId: '0-3', objectId: 4, propertyChanges: { email: { newValue: 'z' } } },
			{ portalId: portalId + 1, action: 'UPDATE', objectTypeId: '0-1', objectId: 5, propertyChanges: { email: { newValue: 'w' } } },
		]);
		expect((await poll(h)).map((e) => e.objectId)).toEqual(['1']);
	});

	it('spreads a burst over polls with Max Events per Poll, never splitting an entry, losing or repeating nothing', async () => {
		const h = harnessFor(sandbox, { options: { maxEvents: 10 } });
		await poll(h);
		const ids: string[] = [];
		for (let i = 0; i < 12; i++) {
			const changes = Array.from({ length: 4 }, (_, j) => ({ objectTypeId: '0-1', objectId: i * 4 + j + 1, action: 'CREATE' }));
			sandbox.journal.record(changes);
			ids.push(...changes.map((c) => String(c.objectId)));
		}
		const sizes: number[] = [];
		const seen: unknown[] = [];
		for (let i = 0; i < 6; i++) {
			const events = await poll(h);
			sizes.push(events.length);
			seen.push(...events.map((e) => e.objectId));
		}
		expect(sizes).toEqual([12, 12, 12, 12, 0, 0]);
		expect(seen).toEqual(ids);
	});

	it('retries 429 and 5xx from HubSpot and the file store within the poll', async () => {
		const h = harnessFor(sandbox);
		await poll(h);
		contact(sandbox, 'retry@example.com');
		sandbox.failNext({ pathPrefix: '/webhooks-journal/journal-local/', status: 429, count: 1, headers: { 'retry-after': '0' } });
		sandbox.failNext({ pathPrefix: '/webhooks-journal/journal-local/', status: 502, count: 1 });
		sandbox.journal.failFiles(503, 1);
		expect((await poll(h)).map((e) => e.eventType)).toEqual(['CREATED']);
	});

	it('asks for a fresh URL when a presigned URL has expired', async () => {
		const h = harnessFor(sandbox);
		await poll(h);
		contact(sandbox, 'late@example.com');
		sandbox.journal.configure({ presignTtlMs: -1 });
		await expect(poll(h)).rejects.toThrow(/refused 4 fresh URLs/);
		expect(sandbox.journal.fileStats().refusedExpired).toBe(4);
		sandbox.journal.configure({ presignTtlMs: 60_000 });
		expect((await poll(h)).map((e) => e.eventType)).toEqual(['CREATED']);
	});

	it('fails with the gap and the recovery choice when the stored offset has expired, and recovers when told to', async () => {
		const h = harnessFor(sandbox);
		await poll(h);
		contact(sandbox, 'first@example.com');
		expect(await poll(h)).toHaveLength(1);
		// Four days pass: everything read so far is gone from the journal, a new change is there.
		sandbox.journal.configure({ retentionMs: 0 });
		const later = sandbox.hubspot.create('contacts', { email: 'later@example.com' }, { atMs: Date.now() + 1000 });
		const before = JSON.stringify(h.staticData());
		await expect(poll(h)).rejects.toThrow(/older than HubSpot keeps/);
		try {
			await poll(h);
		} catch (error) {
			expect((error as { description?: string }).description).toMatch(/three days.*may be missing.*Restart at Earliest Retained Entry/s);
		}
		expect(JSON.stringify(h.staticData())).toBe(before);
		h.setParameters({ ...h.node.parameters, options: { onExpiredOffset: 'restartAtEarliest' } });
		const events = await poll(h);
		expect(events.map((e) => e.objectId)).toEqual([later.id]);
		expect(events[0].journalGap).toEqual(expect.objectContaining({ expiredOffset: expect.any(String) }));
	});

	it('Fetch Test Event shows recent events without moving the offset or touching subscriptions', async () => {
		const h = harnessFor(sandbox);
		await poll(h);
		const state = JSON.stringify(h.staticData());
		const subscriptions = JSON.stringify(sandbox.journal.subscriptions());
		for (let i = 0; i < 3; i++) contact(sandbox, `sample${i}@example.com`);
		const samples = await poll(h, 'manual');
		expect(samples).toHaveLength(3);
		expect(JSON.stringify(h.staticData())).toBe(state);
		expect(JSON.stringify(sandbox.journal.subscriptions())).toBe(subscriptions);
		expect(await poll(h)).toHaveLength(3);
	});

	it('Fetch Test Event explains an empty journal', async () => {
		const h = harnessFor(sandbox);
		await expect(poll(h, 'manual')).rejects.toThrow(/no recent event/);
	});

	it('updates its own subscriptions when the settings change and never deletes or narrows someone else\'s', async () => {
		const portalId = sandbox.hubspot.identity.portalId;
		const foreign = sandbox.journal.addForeignSubscription({ subscriptionType: 'OBJECT', portalId, objectTypeId: '0-3', actions: ['DELETE'], properties: null, objectIds: null, associatedObjectTypeIds: null });
		const h = harnessFor(sandbox, { objects: ['0-1', '0-3'], actions: ['CREATE'] });
		await poll(h);
		const deal = sandbox.journal.subscriptions().find((s) => s.id === foreign.id)!;
		expect(deal.actions.sort()).toEqual(['CREATE', 'DELETE']);
		h.setParameters({ ...h.node.parameters, objects: ['0-2'], actions: ['CREATE', 'ASSOCIATION_ADDED'] });
		await poll(h);
		const after = sandbox.journal.subscriptions();
		expect(after.find((s) => s.id === foreign.id)).toBeDefined();
		expect(after.filter((s) => s.objectTypeId === '0-1')).toEqual([]);
		expect(after.filter((s) => s.objectTypeId === '0-2').map((s) => s.subscriptionType).sort()).toEqual(['ASSOCIATION', 'OBJECT']);
		const calls = sandbox.requests({ method: 'DELETE' }).map((r) => r.path);
		expect(calls.some((path) => path.endsWith(`/${foreign.id}`))).toBe(false);
	});

	it('checks its subscriptions again in a new n8n process and recreates one someone deleted', async () => {
		const h = harnessFor(sandbox);
		await poll(h);
		const [created] = sandbox.journal.subscriptions();
		sandbox.journal.clearSubscriptions();
		// Same workflow static data, a new process (the per-process check is keyed by node; a new harness is a new node).
		const restarted = harnessFor(sandbox, {}, SCOPES, JSON.parse(JSON.stringify(h.workflow.staticData)) as IDataObject);
		contact(sandbox, 'before-repair@example.com');
		await poll(restarted);
		expect(sandbox.journal.subscriptions()).toEqual([expect.objectContaining({ objectTypeId: created.objectTypeId, actions: created.actions })]);
		const after = contact(sandbox, 'after-repair@example.com');
		expect((await poll(restarted)).map((e) => e.objectId)).toEqual([after.id]);
	});

	it('gets a new token when HubSpot answers 401, and keeps static data small', async () => {
		const h = harnessFor(sandbox);
		await poll(h);
		const issued = sandbox.journal.tokensIssued();
		sandbox.journal.expireTokens();
		contact(sandbox, 'token@example.com');
		expect(await poll(h)).toHaveLength(1);
		expect(sandbox.journal.tokensIssued()).toBe(issued + 1);
		expect(Buffer.byteLength(JSON.stringify(h.staticData()))).toBeLessThan(16 * 1024);
	});

	it('renews a token about to expire before using it (n8n records the expiry), so HubSpot never sees it lapse', async () => {
		sandbox.journal.configure({ tokenTtlSeconds: 120 });
		const h = harnessFor(sandbox);
		await poll(h);
		const issued = sandbox.journal.tokensIssued();
		await poll(h);
		expect(sandbox.journal.tokensIssued()).toBe(issued + 1);
		expect(sandbox.requests().filter((r) => r.status === 401)).toEqual([]);
	});

	it('reports missing scopes with HubSpot\'s message', async () => {
		const h = harnessFor(sandbox, {}, 'developer.webhooks_journal.read');
		await expect(poll(h)).rejects.toThrow(/HubSpot refused to list the journal subscriptions \(HTTP 403\)/);
	});

	it('refuses a file URL that is not https, without downloading it or showing its signature', async () => {
		const h = harnessFor(sandbox);
		sandbox.journal.publish([]);
		await poll(h);
		sandbox.failNext({
			pathPrefix: '/webhooks-journal/journal-local/2026-03/offset/',
			status: 200,
			count: 1,
			body: { url: 'http://127.0.0.1:9/journal-files/x.json?X-Amz-Signature=topsecret', expiresAt: '2030-01-01T00:00:00Z', currentOffset: 'plain-offset' },
		});
		const downloads = sandbox.journal.fileStats().downloads;
		const error = await poll(h).then(() => undefined, (e: Error) => e);
		expect(error?.message).toMatch(/not https/);
		expect(error?.message).not.toMatch(/topsecret/);
		expect(sandbox.journal.fileStats().downloads).toBe(downloads);
	});
});
