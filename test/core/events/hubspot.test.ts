import { createHash } from 'node:crypto';

import { MAX_TRACE_KEY_LENGTH, normaliseHubSpotDelivery, type NormaliseResult, type NormalisedEvent } from '../../../core/events';
import appEvents from '../../fixtures/events/hubspot-app-events.json';
import workflowRecords from '../../fixtures/events/hubspot-workflow-records.json';

const NOW = 1_700_000_100_000;
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const opts = (body: unknown) => ({ nowMs: NOW, rawBodySha256: sha256(JSON.stringify(body)) });

function events(result: NormaliseResult): NormalisedEvent[] {
	if (!result.ok) throw new Error(`expected ok, got ${result.reason}: ${result.detail}`);
	return result.events;
}

function normaliseOne(event: Record<string, unknown>): NormalisedEvent {
	const [only, ...rest] = events(normaliseHubSpotDelivery([event], { nowMs: NOW, rawBodySha256: sha256('body') }));
	expect(rest).toHaveLength(0);
	return only;
}

describe('normaliseHubSpotDelivery: app events', () => {
	test.each(appEvents)('$name', ({ event, expected }) => {
		const normalised = normaliseOne(event);
		expect(normalised.header).toEqual(expected);
		const generic = event.subscriptionType.startsWith('object.') && 'objectTypeId' in event;
		expect(normalised.subscription).toBe(generic ? `${event.subscriptionType}.${String(event.objectTypeId)}` : event.subscriptionType);
		expect(normalised.fields).toEqual({ ...event, occurredAtMs: 'occurredAt' in event ? event.occurredAt : null });
		expect(normalised.defaultTraceKey).toMatch(/^hubspot:[0-9a-f]{40}$/);
	});

	test('a whole delivery keeps order and gives every event its own trace key', () => {
		const body = appEvents.map(({ event }) => event);
		const normalised = events(normaliseHubSpotDelivery(body, opts(body)));
		expect(normalised.map((event) => event.header)).toEqual(appEvents.map(({ expected }) => expected));
		expect(new Set(normalised.map((event) => event.defaultTraceKey)).size).toBe(body.length);
	});

	test('does not change the events it was given', () => {
		const body = appEvents.map(({ event }) => event);
		const before = JSON.stringify(body);
		normaliseHubSpotDelivery(body, opts(body));
		expect(JSON.stringify(body)).toBe(before);
	});

	test('the default trace key is the digest of the 17 identity fields in their fixed order (keys already stored stay valid)', () => {
		const fields = ['portalId', 'appId', 'subscriptionId', 'eventId', 'subscriptionType', 'objectTypeId', 'objectId', 'occurredAt', 'propertyName', 'propertyValue', 'primaryObjectId', 'mergedObjectIds', 'newObjectId', 'fromObjectId', 'toObjectId', 'associationType', 'associationRemoved'];
		const event: Record<string, unknown> = Object.fromEntries(fields.map((field, index) => [field, `${field}-${index}`]));
		event.subscriptionType = 'object.merge';
		event.occurredAt = 1_764_000_000_123;
		event.mergedObjectIds = [1, 2];
		event.associationRemoved = false;
		event.attemptNumber = 3;
		const expected = `hubspot:${sha256(JSON.stringify(fields.map((field) => event[field]))).slice(0, 40)}`;
		expect(normaliseOne(event).defaultTraceKey).toBe(expected);
		// Pinned: the key an earlier version stored for this event.
		expect(expected).toBe('hubspot:45a6a3205ffe80a0586e072094d3c14b08a0488c');
	});

	test('a body handed over gives the same events, fields in the same order, built on its own elements', () => {
		const hostile = JSON.parse(
			'{"__proto__":{"polluted":true},"subscriptionType":"contact.propertyChange","objectId":7,"occurredAt":1700000000000,"occurredAtMs":"sent"}',
		) as Record<string, unknown>;
		const copy = () => JSON.parse(JSON.stringify([...appEvents.map(({ event }) => event), hostile])) as Array<Record<string, unknown>>;
		const options = { nowMs: NOW, rawBodySha256: sha256('x'), addObjectTypeId: true };
		const copied = events(normaliseHubSpotDelivery(copy(), options));
		const body = copy();
		const handedOver = events(normaliseHubSpotDelivery(body, { ...options, bodyHandedOver: true }));
		expect(handedOver).toEqual(copied);
		handedOver.forEach((event, index) => {
			expect(event.fields).toBe(body[index]);
			expect(Object.keys(event.fields)).toEqual(Object.keys(copied[index].fields));
			expect(Object.getPrototypeOf(event.fields)).toBe(Object.prototype);
		});
		expect(Object.keys(handedOver[handedOver.length - 1].fields)).toContain('__proto__');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	test('the clock does not change the result (times come from HubSpot only)', () => {
		const body = appEvents.map(({ event }) => event);
		const sha = sha256('x');
		expect(normaliseHubSpotDelivery(body, { nowMs: 0, rawBodySha256: sha })).toEqual(
			normaliseHubSpotDelivery(body, { nowMs: NOW, rawBodySha256: sha }),
		);
	});

	test('an empty array is a delivery with no events', () => {
		expect(normaliseHubSpotDelivery([], opts([]))).toEqual({ ok: true, events: [] });
	});

	test('more than HubSpot’s 100 events are accepted', () => {
		const body = Array.from({ length: 250 }, (_, index) => ({ ...appEvents[0].event, eventId: index }));
		expect(events(normaliseHubSpotDelivery(body, opts(body)))).toHaveLength(250);
	});

	test('a single app event sent as an object is one event', () => {
		const { event, expected } = appEvents[1];
		const [only] = events(normaliseHubSpotDelivery(event, opts(event)));
		expect(only.header).toEqual(expected);
		expect(only.subscription).toBe(event.subscriptionType);
	});
});

describe('normaliseHubSpotDelivery: trace keys', () => {
	const propertyChange = appEvents.find(({ name }) => name === 'deal.propertyChange')?.event as Record<string, unknown>;
	const merge = appEvents.find(({ name }) => name === 'contact.merge with newObjectId')?.event as Record<string, unknown>;
	const association = appEvents.find(({ name }) => name === 'contact.associationChange')?.event as Record<string, unknown>;

	test.each<{ name: string; base: Record<string, unknown>; retry: Record<string, unknown>; reorder?: boolean }>([
		{ name: 'attemptNumber 1', base: propertyChange, retry: { attemptNumber: 1 } },
		{ name: 'attemptNumber 9', base: propertyChange, retry: { attemptNumber: 9 } },
		{ name: 'merge retried', base: merge, retry: { attemptNumber: 3 } },
		{ name: 'association change retried', base: association, retry: { attemptNumber: 2 } },
		{ name: 'retry with keys in another order', base: propertyChange, retry: { attemptNumber: 1 }, reorder: true },
	])('stable across retries: $name', ({ base, retry, reorder }) => {
		const retried = { ...base, ...retry };
		const again = reorder ? Object.fromEntries(Object.entries(retried).reverse()) : retried;
		expect(normaliseOne(again).defaultTraceKey).toBe(normaliseOne(base).defaultTraceKey);
	});

	test.each<{ name: string; base: Record<string, unknown>; change: Record<string, unknown> }>([
		{ name: 'other object', base: propertyChange, change: { objectId: 9002 } },
		{ name: 'other property', base: propertyChange, change: { propertyName: 'amount' } },
		{ name: 'other property value', base: propertyChange, change: { propertyValue: 'closedlost' } },
		{ name: 'other time', base: propertyChange, change: { occurredAt: 1700000000124 } },
		{ name: 'other subscription', base: propertyChange, change: { subscriptionId: 12346 } },
		{ name: 'other portal', base: propertyChange, change: { portalId: 62516 } },
		{ name: 'other app', base: propertyChange, change: { appId: 1 } },
		{ name: 'other subscription type', base: propertyChange, change: { subscriptionType: 'contact.propertyChange' } },
		{ name: 'id as string instead of number', base: propertyChange, change: { objectId: '9001' } },
		{ name: 'other merged ids', base: merge, change: { mergedObjectIds: [104] } },
		{ name: 'association removed instead of added', base: association, change: { associationRemoved: true } },
		{ name: 'other association target', base: association, change: { toObjectId: 457 } },
	])('differs between events sharing an eventId: $name', ({ base, change }) => {
		const other = { ...base, ...change };
		expect(other.eventId).toBe(base.eventId);
		expect(normaliseOne(other).defaultTraceKey).not.toBe(normaliseOne(base).defaultTraceKey);
	});

	test('a huge property value still gives a short key', () => {
		const key = normaliseOne({ ...propertyChange, propertyValue: 'x'.repeat(100_000) }).defaultTraceKey;
		expect(key.length).toBeLessThanOrEqual(MAX_TRACE_KEY_LENGTH);
	});

	test('bigint ids from a lossless JSON parser are accepted', () => {
		const event = { ...propertyChange, objectId: 9007199254740993n };
		const normalised = normaliseOne(event);
		expect(normalised.header.objectId).toBe('9007199254740993');
		expect(normalised.defaultTraceKey).toMatch(/^hubspot:[0-9a-f]{40}$/);
	});
});

describe('normaliseHubSpotDelivery: workflow records', () => {
	test.each(workflowRecords)('$name', ({ record, expected, traceKeyFrom }) => {
		const options = opts(record);
		const [only, ...rest] = events(normaliseHubSpotDelivery(record, options));
		expect(rest).toHaveLength(0);
		expect(only.header).toEqual(expected);
		expect(only.subscription).toBe('workflow');
		expect(only.fields).toEqual(record);
		if (traceKeyFrom === 'body') expect(only.defaultTraceKey).toBe(`hubspot-body:${options.rawBodySha256}`);
		else expect(only.defaultTraceKey).toMatch(/^hubspot-record:[0-9a-f]{40}$/);
	});

	const v3Record = workflowRecords[0].record as Record<string, unknown> & { properties: Record<string, unknown> };

	test('a retried record (same state, other bytes) keeps its trace key', () => {
		const retried = { ...v3Record, properties: { ...v3Record.properties } };
		const first = events(normaliseHubSpotDelivery(v3Record, { nowMs: NOW, rawBodySha256: sha256('a') }))[0];
		const second = events(normaliseHubSpotDelivery(retried, { nowMs: NOW + 60_000, rawBodySha256: sha256('b') }))[0];
		expect(second.defaultTraceKey).toBe(first.defaultTraceKey);
	});

	test('a later change of the same record gets another trace key', () => {
		const later = { ...v3Record, properties: { ...v3Record.properties, hs_lastmodifieddate: '2023-11-14T22:14:00.000Z' } };
		expect(events(normaliseHubSpotDelivery(later, opts(later)))[0].defaultTraceKey).not.toBe(
			events(normaliseHubSpotDelivery(v3Record, opts(v3Record)))[0].defaultTraceKey,
		);
	});

	test('another record with the same modified time gets another trace key', () => {
		const other = { ...v3Record, id: '9002', properties: { ...v3Record.properties, hs_object_id: '9002' } };
		expect(events(normaliseHubSpotDelivery(other, opts(other)))[0].defaultTraceKey).not.toBe(
			events(normaliseHubSpotDelivery(v3Record, opts(v3Record)))[0].defaultTraceKey,
		);
	});
});

describe('normaliseHubSpotDelivery: malformed deliveries', () => {
	test.each([
		{ name: 'a number in the array', body: [appEvents[0].event, 42], reason: 'event-not-object' },
		{ name: 'a string in the array', body: ['contact.creation'], reason: 'event-not-object' },
		{ name: 'null in the array', body: [null], reason: 'event-not-object' },
		{ name: 'a nested array', body: [[appEvents[0].event]], reason: 'event-not-object' },
		{ name: 'an object without subscriptionType', body: [{ objectId: 1 }], reason: 'event-without-subscription-type' },
		{ name: 'a numeric subscriptionType', body: [{ subscriptionType: 5 }], reason: 'event-without-subscription-type' },
		{ name: 'an empty subscriptionType', body: [{ ...appEvents[0].event, subscriptionType: '' }], reason: 'event-without-subscription-type' },
		{ name: 'a string body', body: 'hello', reason: 'not-object-or-array' },
		{ name: 'a number body', body: 7, reason: 'not-object-or-array' },
		{ name: 'null body', body: null, reason: 'not-object-or-array' },
		{ name: 'undefined body', body: undefined, reason: 'not-object-or-array' },
		{ name: 'boolean body', body: true, reason: 'not-object-or-array' },
	])('$name', ({ body, reason }) => {
		const result = normaliseHubSpotDelivery(body, { nowMs: NOW, rawBodySha256: sha256('') });
		expect(result).toMatchObject({ ok: false, reason });
		if (!result.ok) expect(result.detail).not.toContain('contact.creation');
	});
});
