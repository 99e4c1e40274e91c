import { MAX_TRACE_KEY_LENGTH, normalisePipedriveDelivery, type NormaliseResult, type NormalisedEvent } from '../../../core/events';
import deliveries from '../../fixtures/events/pipedrive-deliveries.json';

type Body = Record<string, unknown> & { meta: Record<string, unknown> };

interface Mutation {
	name: string;
	fixture: string;
	prepare?: (body: Body) => void;
	change: (body: Body) => void;
}

function only(result: NormaliseResult): NormalisedEvent {
	if (!result.ok) throw new Error(`expected ok, got ${result.reason}: ${result.detail}`);
	expect(result.events).toHaveLength(1);
	return result.events[0];
}

function byName(name: string): Body {
	const found = deliveries.find((delivery) => delivery.name === name);
	if (!found) throw new Error(`no fixture ${name}`);
	return structuredClone(found.body) as Body;
}

describe('normalisePipedriveDelivery', () => {
	test.each(deliveries)('$name', ({ body, expected }) => {
		const event = only(normalisePipedriveDelivery(body));
		expect(event.header).toEqual(expected.header);
		expect(event.subscription).toBe(expected.subscription);
		if (expected.defaultTraceKey !== null) expect(event.defaultTraceKey).toBe(expected.defaultTraceKey);
		expect(event.defaultTraceKey.length).toBeLessThanOrEqual(MAX_TRACE_KEY_LENGTH);
		expect(event.fields.changedFields).toEqual(expected.changedFields);
		expect(event.fields.version).toBe(expected.version);
		expect(event.fields.meta).toEqual(body.meta);
		expect(event.fields.previous).toEqual(body.previous);
		const current = 'data' in body && expected.version === 2 ? body.data : (body as { current?: unknown }).current;
		expect(event.fields.current).toEqual(current);
		expect(event.fields.current === null).toBe(expected.currentIsNull);
		expect(Object.keys(event.fields).sort()).toEqual(['changedFields', 'current', 'meta', 'previous', 'version']);
	});

	test('v1 deep compare ignores key order inside nested values', () => {
		const body = byName('v1 updated.deal (deep compare)') as Body & { current: Record<string, unknown> };
		body.current.org_id = { value: 1, name: 'Org' };
		expect(only(normalisePipedriveDelivery(body)).fields.changedFields).toEqual(['stage_id', 'update_time', 'label']);
	});

	test('v1 keys only in one side count as changed', () => {
		const body = byName('v1 updated.organization without timestamp_micro') as Body & {
			current: Record<string, unknown>;
			previous: Record<string, unknown>;
		};
		body.current.address = 'Main St 1';
		body.previous.label = 3;
		expect(only(normalisePipedriveDelivery(body)).fields.changedFields).toEqual(['name', 'address', 'label']);
	});

	test('v1 without meta.action/object falls back to the event name', () => {
		const body = byName('v1 added.deal');
		delete body.meta.action;
		delete body.meta.object;
		const event = only(normalisePipedriveDelivery(body));
		expect(event.subscription).toBe('added.deal');
		expect(event.header.eventType).toBe('CREATED');
		expect(event.header.objectType).toBe('deal');
	});

	test('v2 is recognised by shape even without meta.version', () => {
		const body = byName('v2 change.deal (reference example)');
		delete body.meta.version;
		expect(only(normalisePipedriveDelivery(body)).fields.version).toBe(2);
	});

	test('an unknown action is UNKNOWN, not an error', () => {
		const body = byName('v2 change.deal (reference example)');
		body.meta.action = 'archive';
		const event = only(normalisePipedriveDelivery(body));
		expect(event.header.eventType).toBe('UNKNOWN');
		expect(event.subscription).toBe('archive.deal');
	});
});

const setMeta = (key: string, value: unknown) => (body: Body) => {
	body.meta[key] = value;
};
const setTop = (key: string, value: unknown) => (body: Body) => {
	body[key] = value;
};
const dropMetaId = (body: Body) => {
	delete body.meta.id;
};

describe('normalisePipedriveDelivery: trace keys', () => {
	test.each<Mutation>([
		{ name: 'v2 attempt 2', fixture: 'v2 change.deal (reference example)', change: setMeta('attempt', 2) },
		{ name: 'v2 attempt 4', fixture: 'v2 delete.person', change: setMeta('attempt', 4) },
		{ name: 'v2 merge half, attempt 3', fixture: 'v2 merge, delete half (merged_to_id)', change: setMeta('attempt', 3) },
		{ name: 'v1 retry 1', fixture: 'v1 updated.deal (deep compare)', change: setTop('retry', 1) },
		{ name: 'v1 retry 3', fixture: 'v1 deleted.person (reference example)', change: setTop('retry', 3) },
		{ name: 'v1 without timestamp_micro (hashed), retry 2', fixture: 'v1 updated.organization without timestamp_micro', change: setTop('retry', 2) },
		{ name: 'v2 without meta.id (hashed), attempt 2', fixture: 'v2 change.user with epoch-seconds timestamp', prepare: dropMetaId, change: setMeta('attempt', 2) },
	])('stable across retries: $name', ({ fixture, change, prepare }) => {
		const first = byName(fixture);
		prepare?.(first);
		const again = structuredClone(first);
		change(again);
		expect(JSON.stringify(again)).not.toBe(JSON.stringify(first));
		expect(only(normalisePipedriveDelivery(again)).defaultTraceKey).toBe(only(normalisePipedriveDelivery(first)).defaultTraceKey);
	});

	test.each<Mutation>([
		{ name: 'v2 other event id', fixture: 'v2 change.deal (reference example)', change: setMeta('id', 'e0000000-0000-4000-8000-000000000000') },
		{ name: 'v1 other change time', fixture: 'v1 updated.deal (deep compare)', change: setMeta('timestamp_micro', 1669302715724001) },
		{ name: 'v1 other webhook', fixture: 'v1 updated.deal (deep compare)', change: setMeta('webhook_id', 4710827) },
		{ name: 'v1 other object', fixture: 'v1 updated.deal (deep compare)', change: setMeta('id', 9) },
		{ name: 'v1 hashed: other content', fixture: 'v1 updated.organization without timestamp_micro', change: setTop('current', { id: 1, name: 'Org C' }) },
		{ name: 'v2 hashed: other time', fixture: 'v2 change.user with epoch-seconds timestamp', prepare: dropMetaId, change: setMeta('timestamp', 1669303186) },
	])('differs between events: $name', ({ fixture, change, prepare }) => {
		const first = byName(fixture);
		prepare?.(first);
		const other = structuredClone(first);
		change(other);
		expect(only(normalisePipedriveDelivery(other)).defaultTraceKey).not.toBe(only(normalisePipedriveDelivery(first)).defaultTraceKey);
	});

	test('a hostile 10 000-character event id gives a bounded key', () => {
		const body = byName('v2 change.deal (reference example)');
		body.meta.id = 'x'.repeat(10_000);
		const key = only(normalisePipedriveDelivery(body)).defaultTraceKey;
		expect(key.length).toBeLessThanOrEqual(MAX_TRACE_KEY_LENGTH);
		expect(key).toMatch(/^pipedrive-v2:[0-9a-f]{40}$/);
	});
});

describe('normalisePipedriveDelivery: malformed deliveries', () => {
	const withoutAction = byName('v2 change.deal (reference example)');
	delete withoutAction.meta.action;
	const v1WithoutObject = byName('v1 added.deal');
	delete v1WithoutObject.meta.object;
	delete v1WithoutObject.event;
	const v2WithoutEntity = byName('v2 create.deal');
	delete v2WithoutEntity.meta.entity;

	test.each([
		{ name: 'null', body: null, reason: 'not-object-or-array' },
		{ name: 'an array', body: [byName('v2 create.deal')], reason: 'not-object-or-array' },
		{ name: 'a string', body: 'updated.deal', reason: 'not-object-or-array' },
		{ name: 'no meta', body: { data: {}, previous: null }, reason: 'missing-meta' },
		{ name: 'meta is a string', body: { meta: 'x', data: {} }, reason: 'missing-meta' },
		{ name: 'meta is an array', body: { meta: [], data: {} }, reason: 'missing-meta' },
		{ name: 'meta without any version sign', body: { meta: { action: 'change' } }, reason: 'unknown-shape' },
		{ name: 'v2 without meta.action', body: withoutAction, reason: 'unknown-shape' },
		{ name: 'v2 without meta.entity', body: v2WithoutEntity, reason: 'unknown-shape' },
		{ name: 'v1 without object and event', body: v1WithoutObject, reason: 'unknown-shape' },
		{ name: 'v1 with an event name lacking a dot', body: { v: 1, meta: { v: 1 }, event: 'updated', current: {} }, reason: 'unknown-shape' },
	])('$name', ({ body, reason }) => {
		expect(normalisePipedriveDelivery(body)).toMatchObject({ ok: false, reason });
	});
});
