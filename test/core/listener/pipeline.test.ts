import { SeenSet, storageKey } from '../../../core/dedupe';
import type { NormalisedEvent } from '../../../core/events/types';
import { ListenerError, MAX_TRACE_KEY_LENGTH, processEvents, type ListenerOptions } from '../../../core/listener';
import { compileTemplate } from '../../../core/template';
import fixtureEvents from '../../fixtures/listener/events.json';

const NOW = 1_700_000_000_000;
const DAY = 86_400_000;
const events = fixtureEvents as NormalisedEvent[];
const [contactCreated, contactChanged, dealCreated, , pipedriveV2, pipedriveV1] = events;

function freshSeen(maxEntries = 1000): SeenSet {
	return SeenSet.create({ windowMs: DAY, maxEntries });
}

function options(overrides: Partial<ListenerOptions> = {}): ListenerOptions {
	return { eventFilter: [], batchSize: 1, dedupe: true, ...overrides };
}

/** A fresh copy, as each delivery is a freshly parsed body. */
function copy<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

describe('processEvents: event filter', () => {
	it.each([
		{ name: 'empty keeps all', eventFilter: [], kept: events.map((e) => e.subscription) },
		{ name: 'blank entries keep all', eventFilter: ['', '  '], kept: events.map((e) => e.subscription) },
		{ name: 'star keeps all', eventFilter: ['*'], kept: events.map((e) => e.subscription) },
		{ name: 'star.star keeps two-part names', eventFilter: ['*.*'], kept: events.map((e) => e.subscription) },
		{ name: 'exact name', eventFilter: ['contact.creation'], kept: ['contact.creation'] },
		{ name: 'exact name with spaces around', eventFilter: [' deal.creation '], kept: ['deal.creation'] },
		{ name: 'object wildcard', eventFilter: ['contact.*'], kept: ['contact.creation', 'contact.propertyChange'] },
		{ name: 'action wildcard', eventFilter: ['*.deal'], kept: ['change.deal', 'updated.deal'] },
		{ name: 'several entries', eventFilter: ['deal.*', 'deleted.*', 'company.deletion'], kept: ['deal.creation', 'company.deletion', 'deleted.person'] },
		{ name: 'case matters', eventFilter: ['Contact.creation', 'CONTACT.*'], kept: [] },
		{ name: 'no prefix match without a dot', eventFilter: ['contact'], kept: [] },
		{ name: 'star inside a part is literal', eventFilter: ['contact*', 'con*.creation'], kept: [] },
		{ name: 'part count must match', eventFilter: ['contact.creation.*', '*.*.*'], kept: [] },
		{ name: 'unknown name', eventFilter: ['ticket.creation'], kept: [] },
	])('$name', ({ eventFilter, kept }) => {
		const result = processEvents(copy(events), options({ eventFilter }), freshSeen(), NOW);
		expect(result.items.map((item) => item.traceKey)).toEqual(
			events.filter((e) => kept.includes(e.subscription)).map((e) => e.defaultTraceKey),
		);
		expect(result.counts).toEqual({ received: events.length, filtered: events.length - kept.length, duplicates: 0, emitted: kept.length });
	});

	it('does not remember filtered-out events', () => {
		const seen = freshSeen();
		processEvents(copy(events), options({ eventFilter: ['contact.*'] }), seen, NOW);
		const later = processEvents(copy(events), options(), seen, NOW + 1);
		expect(later.counts).toEqual({ received: 7, filtered: 0, duplicates: 2, emitted: 5 });
	});
});

describe('processEvents: trace keys', () => {
	it.each([
		{ name: 'no template uses the default key', template: undefined, event: contactCreated, expected: contactCreated.defaultTraceKey },
		{ name: 'join portal and object', template: '{{join "_" portalId objectId}}', event: contactCreated, expected: '62515_123' },
		{ name: 'header fields', template: '{{objectType}}/{{eventType}}/{{objectId}}/{{occurredAt}}', event: dealCreated, expected: 'deal/CREATED/9001/2019-07-26T04:00:01.000Z' },
		{ name: 'Pipedrive v2 meta.id', template: '{{meta.id}}', event: pipedriveV2, expected: 'df47d877-b58c-4886-91cd-1aa83e1d7366' },
		{ name: 'Pipedrive v1 composite', template: '{{join ":" meta.webhook_id meta.id meta.timestamp_micro}}', event: pipedriveV1, expected: '4710826:9:1669303115149000' },
		{ name: 'header wins over a provider field', template: '{{objectId}}|{{occurredAt}}', event: contactChanged, expected: '1246965|2016-05-02T19:11:47.945Z' },
		{ name: 'empty render falls back', template: '{{nothing.here}}', event: contactCreated, expected: contactCreated.defaultTraceKey },
		{ name: 'blank render falls back', template: '{{a}} {{b}}', event: contactCreated, expected: contactCreated.defaultTraceKey },
		{ name: 'now comes from nowMs', template: '{{objectId}}@{{now}}', event: contactCreated, expected: '123@2023-11-14T22:13:20.000Z' },
		{ name: 'hashed key', template: '{{sha256 (join ":" portalId eventId)}}', event: contactCreated, expected: 'fd26dd27ef91030ed77c8eb9a9178855d9b408e8fb81a104e75a7b986e10dc28' },
	])('$name', ({ template, event, expected }) => {
		const result = processEvents(
			[copy(event)],
			options({ traceKeyTemplate: template === undefined ? undefined : compileTemplate(template) }),
			freshSeen(),
			NOW,
		);
		expect(result.items[0].traceKey).toBe(expected);
		expect(result.traceKeys).toEqual([expected]);
	});

	it(`cuts a long render to ${MAX_TRACE_KEY_LENGTH} characters without splitting a surrogate pair`, () => {
		const event = copy(contactCreated);
		event.fields.note = `${'n'.repeat(MAX_TRACE_KEY_LENGTH - 1)}😀tail`;
		const result = processEvents([event], options({ traceKeyTemplate: compileTemplate('{{note}}') }), freshSeen(), NOW);
		expect(result.items[0].traceKey).toBe('n'.repeat(MAX_TRACE_KEY_LENGTH - 1));
	});
});

describe('processEvents: duplicates', () => {
	it('drops a whole delivery seen before', () => {
		const seen = freshSeen();
		const first = processEvents(copy(events), options(), seen, NOW);
		const retry = processEvents(copy(events), options(), seen, NOW + 60_000);
		expect(first.counts).toEqual({ received: 7, filtered: 0, duplicates: 0, emitted: 7 });
		expect(retry.counts).toEqual({ received: 7, filtered: 0, duplicates: 7, emitted: 0 });
		expect(retry.items).toEqual([]);
	});

	it('remembers across deliveries through static data (JSON)', () => {
		const limits = { windowMs: DAY, maxEntries: 100 };
		let staticData: unknown;
		for (const [index, delivery] of [[contactCreated, dealCreated], [dealCreated, pipedriveV2], [contactCreated, pipedriveV2]].entries()) {
			const seen = SeenSet.fromJSON(staticData, limits);
			const result = processEvents(copy(delivery), options(), seen, NOW + index * 1000);
			staticData = JSON.parse(JSON.stringify(seen));
			expect(result.counts.emitted).toBe([2, 1, 0][index]);
		}
	});

	it('drops repeats within one delivery, keeping the first', () => {
		const delivery = copy([contactCreated, dealCreated, contactCreated, contactCreated]);
		delivery[2].fields.attemptNumber = 3;
		const result = processEvents(delivery, options(), freshSeen(), NOW);
		expect(result.counts).toEqual({ received: 4, filtered: 0, duplicates: 2, emitted: 2 });
		expect(result.items.map((item) => item.attemptNumber)).toEqual([0, 0]);
	});

	it('emits again once the window has passed', () => {
		const seen = freshSeen();
		processEvents(copy([contactCreated]), options(), seen, NOW);
		expect(processEvents(copy([contactCreated]), options(), seen, NOW + DAY).counts.emitted).toBe(0);
		expect(processEvents(copy([contactCreated]), options(), seen, NOW + DAY + 1).counts.emitted).toBe(1);
	});

	it('uses the template key: a coarse template merges distinct events', () => {
		const traceKeyTemplate = compileTemplate('{{portalId}}');
		const result = processEvents(copy([contactCreated, dealCreated]), options({ traceKeyTemplate }), freshSeen(), NOW);
		expect(result.counts).toEqual({ received: 2, filtered: 0, duplicates: 1, emitted: 1 });
	});

	it('with dedupe off keeps repeats and leaves the seen-set alone', () => {
		const seen = freshSeen();
		seen.add(contactCreated.defaultTraceKey, NOW - 1);
		const result = processEvents(copy([contactCreated, contactCreated]), options({ dedupe: false }), seen, NOW);
		expect(result.counts).toEqual({ received: 2, filtered: 0, duplicates: 0, emitted: 2 });
		expect(seen.toJSON().keys).toEqual([storageKey(contactCreated.defaultTraceKey)]);
	});

	it('adds every emitted key to the seen-set', () => {
		const seen = freshSeen();
		processEvents(copy(events), options({ eventFilter: ['*.deal'] }), seen, NOW);
		expect(seen.toJSON().keys).toEqual([pipedriveV2.defaultTraceKey, pipedriveV1.defaultTraceKey].map(storageKey));
	});

	it('stores an event\'s own hashed key by its digits and a template\'s key by its digest, finding each again', () => {
		const hashedKey = `hubspot:${'0123456789abcdef'.repeat(2)}01234567`;
		const event: NormalisedEvent = { ...contactCreated, defaultTraceKey: hashedKey, defaultTraceKeyHashed: true };
		const seen = freshSeen();
		processEvents(copy([event]), options(), seen, NOW);
		processEvents(copy([event]), options({ traceKeyTemplate: compileTemplate('{{objectId}}-x') }), seen, NOW);
		expect(seen.toJSON().keys).toEqual([hashedKey.slice(8, 28), storageKey('123-x')]);
		const again = processEvents(copy([event, event]), options(), seen, NOW + 1);
		expect(again.counts.duplicates).toBe(2);
		// A template that renders the hashed key itself finds the same entry.
		const rendered = processEvents(copy([{ ...event, defaultTraceKeyHashed: false }]), options({ traceKeyTemplate: compileTemplate(hashedKey) }), seen, NOW + 2);
		expect(rendered.counts.duplicates).toBe(1);
	});

	it('an empty delivery emits nothing', () => {
		expect(processEvents([], options(), freshSeen(), NOW)).toEqual({
			items: [],
			counts: { received: 0, filtered: 0, duplicates: 0, emitted: 0 },
			traceKeys: [],
		});
	});
});

describe('processEvents: items', () => {
	const dataUriTemplate = compileTemplate('https://app.hubspot.com/contacts/{{portalId}}/record/0-1/{{objectId}}');

	it('one item per event: fields, then header, trace key, data URI and extra fields', () => {
		const extraFields = { verified: true, signatureVersion: 'v3' };
		const [item] = processEvents(copy([contactCreated]), options({ dataUriTemplate, extraFields }), freshSeen(), NOW).items;
		expect(item).toEqual({
			...contactCreated.fields,
			...contactCreated.header,
			traceKey: contactCreated.defaultTraceKey,
			dataUri: 'https://app.hubspot.com/contacts/62515/record/0-1/123',
			verified: true,
			signatureVersion: 'v3',
		});
		expect(item.objectId).toBe('123');
	});

	it('has no dataUri without a template', () => {
		const [item] = processEvents(copy([contactCreated]), options(), freshSeen(), NOW).items;
		expect(item).not.toHaveProperty('dataUri');
	});

	it.each([
		{ name: 'all required fields present', change: {}, linked: true },
		{ name: 'required field absent', change: { portalId: undefined }, linked: false },
		{ name: 'required field null', change: { portalId: null }, linked: false },
		{ name: 'required field empty', change: { portalId: '' }, linked: false },
		{ name: 'zero is a value', change: { portalId: 0 }, linked: true },
	])('renders the data URI only when its required fields are there: $name', ({ change, linked }) => {
		const event = copy(contactCreated);
		Object.assign(event.fields, change);
		if ('portalId' in change && change.portalId === undefined) delete event.fields.portalId;
		const [item] = processEvents([event], options({ dataUriTemplate, dataUriRequires: ['portalId', 'objectId'] }), freshSeen(), NOW).items;
		expect('dataUri' in item).toBe(linked);
	});

	it('an empty header objectId counts as missing', () => {
		const event = copy(contactCreated);
		event.header.objectId = '';
		const [item] = processEvents([event], options({ dataUriTemplate, dataUriRequires: ['objectId'] }), freshSeen(), NOW).items;
		expect(item).not.toHaveProperty('dataUri');
	});

	it('lets the data URI use the trace key', () => {
		const template = compileTemplate('urn:event:{{traceKey}}');
		const [item] = processEvents(copy([pipedriveV2]), options({ dataUriTemplate: template }), freshSeen(), NOW).items;
		expect(item.dataUri).toBe(`urn:event:${pipedriveV2.defaultTraceKey}`);
	});

	it.each([
		{ name: 'size 1', batchSize: 1, itemCount: 7 },
		{ name: 'size 2 with a remainder', batchSize: 2, sizes: [2, 2, 2, 1] },
		{ name: 'size 3 with a remainder', batchSize: 3, sizes: [3, 3, 1] },
		{ name: 'size 7 exactly', batchSize: 7, sizes: [7] },
		{ name: 'size 100', batchSize: 100, sizes: [7] },
	])('batches of $name', ({ batchSize, sizes, itemCount }) => {
		const extraFields = { verified: true };
		const result = processEvents(copy(events), options({ batchSize, extraFields }), freshSeen(), NOW);
		if (sizes === undefined) {
			expect(result.items).toHaveLength(itemCount);
			expect(result.items.every((item) => item.verified === true && typeof item.traceKey === 'string')).toBe(true);
			return;
		}
		expect(result.items.map((item) => item.count)).toEqual(sizes);
		const flattened = result.items.flatMap((item) => item.events as Array<Record<string, unknown>>);
		expect(flattened.map((event) => event.traceKey)).toEqual(events.map((e) => e.defaultTraceKey));
		for (const item of result.items) {
			expect(Object.keys(item).sort()).toEqual(['count', 'events', 'verified']);
			expect((item.events as unknown[]).length).toBe(item.count);
		}
		// Extra fields sit on the batch, not on each event.
		expect(flattened.some((event) => 'verified' in event)).toBe(false);
		expect(result.counts.emitted).toBe(7);
	});

	it('batches only what survives filtering and de-duplication', () => {
		const seen = freshSeen();
		processEvents(copy([contactCreated]), options(), seen, NOW);
		const result = processEvents(copy(events), options({ batchSize: 2, eventFilter: ['contact.*', '*.deal'] }), seen, NOW + 1);
		expect(result.counts).toEqual({ received: 7, filtered: 3, duplicates: 1, emitted: 3 });
		expect(result.items.map((item) => item.count)).toEqual([2, 1]);
	});

	it.each([
		{ name: 'zero', batchSize: 0 },
		{ name: 'negative', batchSize: -2 },
		{ name: 'fraction', batchSize: 1.5 },
		{ name: 'NaN', batchSize: Number.NaN },
		{ name: 'infinite', batchSize: Infinity },
	])('refuses a batch size of $name before touching the seen-set', ({ batchSize }) => {
		const seen = freshSeen();
		expect(() => processEvents(copy(events), options({ batchSize }), seen, NOW)).toThrow(ListenerError);
		expect(seen.size).toBe(0);
	});

	it('copies a payload key named __proto__ as data without changing prototypes', () => {
		const event = copy(contactCreated);
		event.fields = JSON.parse('{"__proto__":{"polluted":true},"objectId":5}') as Record<string, unknown>;
		const [item] = processEvents([event], options({ extraFields: JSON.parse('{"__proto__":{"extra":true}}') as Record<string, unknown> }), freshSeen(), NOW).items;
		expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
		expect(Object.prototype.hasOwnProperty.call(item, '__proto__')).toBe(true);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(({} as Record<string, unknown>).extra).toBeUndefined();
		expect(item.objectId).toBe('123');
	});
});
