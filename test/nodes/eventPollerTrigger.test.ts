import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { CrmListenersHubSpotApiKey } from '../../credentials/CrmListenersHubSpotApiKey.credentials';
import { CrmListenersPipedriveApiKey } from '../../credentials/CrmListenersPipedriveApiKey.credentials';
import { EventPollerTrigger } from '../../nodes/EventPollerTrigger/EventPollerTrigger.node';
import { pipedrivePreset } from '../../nodes/EventPollerTrigger/presets';
import { makeHarness, pollContext, type Harness } from '../helpers/n8n';
import { startSandbox, type Sandbox } from '../sandbox';

const type = new EventPollerTrigger();

function harnessFor(sandbox: Sandbox, parameters: INodeParameters): Harness {
	return makeHarness({
		type,
		typeName: 'eventPollerTrigger',
		parameters: { authentication: 'apiKey', configurationMode: 'preset', startDate: '', options: {}, ...parameters },
		credentials: {
			crmListenersHubSpotApiKey: { accessToken: sandbox.hubspot.identity.accessTokens[0], apiBaseUrl: sandbox.url },
			crmListenersPipedriveApiKey: { apiToken: sandbox.pipedrive.identity.apiTokens[0], apiBaseUrl: sandbox.url },
		},
		credentialTypes: [new CrmListenersHubSpotApiKey(), new CrmListenersPipedriveApiKey()],
	});
}

async function poll(h: Harness, mode: 'trigger' | 'manual' = 'trigger'): Promise<IDataObject[]> {
	const result: INodeExecutionData[][] | null = await type.poll!.call(pollContext(h, mode, 60_000));
	return result ? result[0].map((item) => item.json) : [];
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Event Poller Trigger through a real PollContext, HubSpot preset', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startSandbox({ hubspot: { searchRateLimitPerSecond: 0 } });
	});
	afterEach(async () => sandbox.close());

	it('starts from now, then emits each change exactly once with the shared header', async () => {
		const old = sandbox.hubspot.create('contacts', { email: 'old@example.com' }, { atMs: Date.now() - 3_600_000, emit: false });
		const h = harnessFor(sandbox, { source: 'hubspot', hubspotObjects: ['contacts'] });
		expect(await poll(h)).toEqual([]);
		expect(h.staticData()).toHaveProperty('pollerState');

		await pause(5);
		const ada = sandbox.hubspot.create('contacts', { email: 'ada@example.com' }, { emit: false });
		sandbox.hubspot.update('contacts', old.id, { email: 'old-new@example.com' }, { emit: false });
		sandbox.hubspot.archive('contacts', ada.id, { emit: false });
		const grace = sandbox.hubspot.create('contacts', { email: 'grace@example.com' }, { emit: false });
		await pause(5);

		const events = await poll(h);
		const summary = events.map((event) => `${event.eventType} ${event.objectType} ${event.objectId}`).sort();
		expect(summary).toEqual([`CREATED contact ${grace.id}`, `DELETED contact ${ada.id}`, `UPDATED contact ${old.id}`].sort());
		for (const event of events) {
			expect(typeof event.occurredAt).toBe('string');
			expect(Object.keys(event)).toEqual([...['eventType', 'objectType', 'objectId', 'occurredAt', 'traceKey'], 'record']);
			expect(event.traceKey).toBe(`poller:contact:${String(event.objectId)}:${Date.parse(String(event.occurredAt))}`);
			expect(event.record).toEqual(expect.objectContaining({ id: event.objectId }));
		}
		expect(await poll(h)).toEqual([]);
	});

	it('spreads a backlog over several polls with "Max Events per Poll", losing and repeating nothing', async () => {
		const h = harnessFor(sandbox, { source: 'hubspot', hubspotObjects: ['contacts'], options: { includeDeleted: false, maxEvents: 10 } });
		await poll(h);
		await pause(5);
		const created = Array.from({ length: 250 }, (_, i) => sandbox.hubspot.create('contacts', { email: `c${i}@example.com` }, { emit: false }).id);
		await pause(5);
		const sizes: number[] = [];
		const ids: unknown[] = [];
		for (let i = 0; i < 5; i++) {
			const events = await poll(h);
			sizes.push(events.length);
			ids.push(...events.map((event) => event.objectId));
		}
		// The cap is checked between pages of 200: the first poll stops after one page, later polls take the rest
		// (how they split it depends on how many records share a millisecond), and nothing comes twice.
		expect(sizes[0]).toBe(200);
		expect(sizes.filter((size) => size > 0).length).toBeGreaterThan(1);
		expect(sizes[sizes.length - 1]).toBe(0);
		expect(ids.sort()).toEqual([...created].sort());
	});

	it('caps a poll at 2,000 events by default, so one execution holds a bounded part of a backlog', async () => {
		const startMs = Date.now() - 3_600_000;
		const created = Array.from({ length: 2_600 }, (_, i) =>
			sandbox.hubspot.create('contacts', { email: `d${i}@example.com` }, { atMs: startMs + i, emit: false }).id,
		);
		const h = harnessFor(sandbox, {
			source: 'hubspot',
			hubspotObjects: ['contacts'],
			startDate: new Date(startMs - 60_000).toISOString(),
			options: { includeDeleted: false },
		});
		const first = await poll(h);
		// Checked between pages of 200: the poll that reaches the cap stops after that page.
		expect(first.length).toBeGreaterThanOrEqual(2_000);
		expect(first.length).toBeLessThan(2_200);
		const ids = first.map((event) => event.objectId);
		for (let i = 0; i < 3; i++) ids.push(...(await poll(h)).map((event) => event.objectId));
		expect(ids.sort()).toEqual([...created].sort());
	});

	it('starts from "Start From" instead of now when it is set', async () => {
		const old = sandbox.hubspot.create('contacts', { email: 'history@example.com' }, { atMs: Date.now() - 3_600_000, emit: false });
		const h = harnessFor(sandbox, {
			source: 'hubspot',
			hubspotObjects: ['contacts'],
			startDate: new Date(Date.now() - 2 * 3_600_000).toISOString(),
			options: { includeDeleted: false },
		});
		expect((await poll(h)).map((event) => event.objectId)).toEqual([old.id]);
	});

	it('returns at most "Test Event Count" records for a test event', async () => {
		const h = harnessFor(sandbox, { source: 'hubspot', hubspotObjects: ['contacts'], options: { includeDeleted: false, testLimit: 2 } });
		for (let i = 0; i < 5; i++) sandbox.hubspot.create('contacts', { email: `t${i}@example.com` }, { emit: false });
		await pause(5);
		expect(await poll(h, 'manual')).toHaveLength(2);
	});

	it('returns recent records for "fetch test event" without moving the cursor', async () => {
		const h = harnessFor(sandbox, { source: 'hubspot', hubspotObjects: ['contacts'] });
		await poll(h);
		const before = JSON.stringify(h.staticData());
		sandbox.hubspot.create('contacts', { email: 'sample@example.com' }, { emit: false });
		await pause(5);
		const samples = await poll(h, 'manual');
		expect(samples.length).toBeGreaterThan(0);
		expect(JSON.stringify(h.staticData())).toBe(before);
		// The real poll still sees the record.
		expect((await poll(h)).map((event) => event.eventType)).toEqual(['CREATED']);
	});

	it('fails the poll with HubSpot\'s message and leaves the cursor untouched', async () => {
		const h = harnessFor(sandbox, { source: 'hubspot', hubspotObjects: ['contacts'], options: { includeDeleted: false } });
		await poll(h);
		sandbox.hubspot.create('contacts', { email: 'kept@example.com' }, { emit: false });
		const before = JSON.stringify(h.staticData());
		sandbox.hubspot.failNext({ pathPrefix: '/crm/v3/objects/contacts/search', status: 403, count: 1, body: { status: 'error', message: 'This app lacks the crm.objects.contacts.read scope' } });
		await expect(poll(h)).rejects.toThrow(/HTTP 403: .*lacks the crm\.objects\.contacts\.read scope/);
		expect(JSON.stringify(h.staticData())).toBe(before);
		expect((await poll(h)).map((event) => event.eventType)).toEqual(['CREATED']);
	});

	it('retries 429 and 5xx within the poll', async () => {
		const h = harnessFor(sandbox, { source: 'hubspot', hubspotObjects: ['contacts'], options: { includeDeleted: false } });
		await poll(h);
		sandbox.hubspot.create('contacts', { email: 'retry@example.com' }, { emit: false });
		sandbox.hubspot.failNext({ pathPrefix: '/crm/v3/objects/contacts/search', status: 429, count: 1, headers: { 'retry-after': '0' } });
		sandbox.hubspot.failNext({ pathPrefix: '/crm/v3/objects/contacts/search', status: 502, count: 1 });
		expect((await poll(h)).map((event) => event.eventType)).toEqual(['CREATED']);
	});

	it.each([
		{
			name: 'a Cloud Elements hub URL',
			configuration: { contacts: { url: "/hubs/crm/contacts?where=lastmodifieddate='${date}'", idField: 'vid', datesConfiguration: { updatedDateField: 'properties.lastmodifieddate', updatedDateFormat: 'milliseconds' } } },
			message: /contacts\.url: .*Preset/,
		},
		{
			name: 'an unterminated quote in a date pattern',
			configuration: { contacts: { url: '/crm/v3/objects/contacts', idField: 'id', datesConfiguration: { updatedDateField: 'updatedAt', updatedDateFormat: "yyyy-MM-dd'T" } } },
			message: /contacts\.datesConfiguration\.updatedDateFormat: .*quote/,
		},
		{
			name: 'a missing idField',
			configuration: { contacts: { url: '/crm/v3/objects/contacts', datesConfiguration: { updatedDateField: 'updatedAt', updatedDateFormat: 'iso8601' } } },
			message: /contacts\.idField/,
		},
		{
			name: 'an unknown placeholder',
			configuration: { contacts: { url: '/crm/v3/objects/contacts?since=${yesterday}', idField: 'id', datesConfiguration: { updatedDateField: 'updatedAt', updatedDateFormat: 'iso8601' } } },
			message: /contacts\.url: .*yesterday/,
		},
		{
			name: 'an absolute URL on another host',
			configuration: { contacts: { url: 'https://evil.example.com/steal', idField: 'id', datesConfiguration: { updatedDateField: 'updatedAt', updatedDateFormat: 'iso8601' } } },
			message: /contacts\.url/,
		},
	])('fails activation on $name, naming the JSON path', async ({ configuration, message }) => {
		const h = harnessFor(sandbox, { source: 'hubspot', configurationMode: 'custom', configuration: JSON.stringify(configuration) });
		await expect(poll(h)).rejects.toThrow(message);
		expect(sandbox.requests().filter((r) => r.provider === 'hubspot')).toHaveLength(0);
	});
});

describe('Event Poller Trigger through a real PollContext, Pipedrive preset', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startSandbox();
	});
	afterEach(async () => sandbox.close());

	it('emits created, updated and deleted deals once each', async () => {
		const existing = sandbox.pipedrive.create('deals', { title: 'Existing' }, { atMs: Date.now() - 3_600_000, emit: false });
		const h = harnessFor(sandbox, { source: 'pipedrive', pipedriveObjects: ['deals', 'persons'] });
		expect(await poll(h)).toEqual([]);
		await pause(1100);
		const fresh = sandbox.pipedrive.create('deals', { title: 'Fresh' }, { emit: false });
		sandbox.pipedrive.update('deals', existing.id, { title: 'Existing, renamed' }, { emit: false });
		const person = sandbox.pipedrive.create('persons', { name: 'Ada' }, { emit: false });
		sandbox.pipedrive.delete('deals', fresh.id, { emit: false });
		await pause(1100);
		const events = await poll(h);
		const summary = events.map((event) => `${event.eventType} ${event.objectType} ${event.objectId}`).sort();
		expect(summary).toEqual(
			[`DELETED deal ${fresh.id}`, `UPDATED deal ${existing.id}`, `CREATED person ${person.id}`].sort(),
		);
		expect(await poll(h)).toEqual([]);
	});
});

describe('Event Poller Trigger: what it tells about the configuration (real PollContext)', () => {
	let sandbox: Sandbox;
	beforeEach(async () => {
		sandbox = await startSandbox();
	});
	afterEach(async () => sandbox.close());

	/** The Pipedrive deals preset as a custom configuration, with a typo and the legacy spelling. */
	function customWithWarnings(): string {
		const deals = { ...pipedrivePreset(['deals']).deals } as Record<string, unknown>;
		delete deals.pageSize;
		deals.pageSzie = 500;
		deals.filterByUpdateDate = true;
		return JSON.stringify({ 'event.poller.configuration': { deals } }, null, 2);
	}

	it('Fetch Test Event shows the configuration warnings on each test item; a real poll keeps items clean', async () => {
		sandbox.pipedrive.create('deals', { title: 'Sample' }, { emit: false });
		const h = harnessFor(sandbox, { source: 'pipedrive', configurationMode: 'custom', configuration: customWithWarnings() });
		const samples = await poll(h, 'manual');
		expect(samples.length).toBeGreaterThan(0);
		for (const sample of samples) {
			expect(sample.configurationWarnings).toEqual([
				expect.stringMatching(/deals\.pageSzie: unknown key, ignored/),
				expect.stringMatching(/deals\.filterByUpdateDate: read as "filterByUpdatedDate"/),
			]);
			expect(Object.keys(sample).slice(-1)).toEqual(['configurationWarnings']);
		}
		await poll(h);
		await pause(1100);
		const fresh = sandbox.pipedrive.create('deals', { title: 'Fresh' }, { emit: false });
		await pause(1100);
		const events = await poll(h);
		expect(events.map((event) => event.objectId)).toContain(String(fresh.id));
		for (const event of events) expect(event).not.toHaveProperty('configurationWarnings');
	});

	it('names a broken configuration once and words the next step for a test', async () => {
		const h = harnessFor(sandbox, { source: 'pipedrive', configurationMode: 'custom', configuration: '{ "deals": ' });
		const error = await poll(h, 'manual').then(
			() => undefined,
			(thrown: unknown) => thrown as Error & { description?: string },
		);
		expect(error?.message).toMatch(/^Poller configuration: /);
		expect(error?.message).not.toMatch(/configuration: configuration/);
		expect(error?.description).toMatch(/fetch the test event again/);
		expect(error?.description).not.toMatch(/activate again/);
	});
});
