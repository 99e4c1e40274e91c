import {
	HUBSPOT_EVENT_OPTIONS,
	HUBSPOT_OBJECT_TYPES,
	addHubSpotObjectTypeId,
	hubspotObjectTypeIdOf,
	normaliseHubSpotDelivery,
	parseCustomObjectNames,
	parseHubSpotEvent,
	type NormalisedEvent,
} from '../../../core/events';
import objectTypes from '../../fixtures/events/hubspot-object-types.json';

const GENERIC_ACTIONS = [
	['creation', 'CREATED'],
	['deletion', 'DELETED'],
	['propertyChange', 'UPDATED'],
	['merge', 'MERGED'],
	['restore', 'RESTORED'],
	['associationChange', 'ASSOCIATION_CHANGE'],
] as const;

function namesOf(text: string) {
	const parsed = parseCustomObjectNames(text);
	if (!parsed.ok) throw new Error(`bad names ${text}`);
	return parsed.names;
}

function normaliseOne(event: Record<string, unknown>, customNames = ''): NormalisedEvent {
	const result = normaliseHubSpotDelivery([event], { nowMs: 0, rawBodySha256: 'x', customObjectNames: namesOf(customNames) });
	if (!result.ok) throw new Error(result.reason);
	return result.events[0];
}

describe('the one HubSpot object-type table', () => {
	test('holds exactly the standard object type ids HubSpot documents, each once', () => {
		expect(HUBSPOT_OBJECT_TYPES.map(({ id, name }) => ({ objectTypeId: id, objectType: name }))).toEqual(objectTypes.standard);
		expect(new Set(HUBSPOT_OBJECT_TYPES.map((type) => type.name)).size).toBe(HUBSPOT_OBJECT_TYPES.length);
	});

	describe.each(objectTypes.standard)('$objectType ($objectTypeId)', ({ objectTypeId, objectType }) => {
		test.each(GENERIC_ACTIONS)('object.%s is normalised, named and selectable', (action, eventType) => {
			const event = { subscriptionType: `object.${action}`, objectTypeId, objectId: 42, portalId: 7, occurredAt: 1_700_000_000_000 };
			const normalised = normaliseOne(event);
			expect(normalised.header).toEqual({ eventType, objectType, objectId: '42', occurredAt: '2023-11-14T22:13:20.000Z' });
			expect(normalised.subscription).toBe(`object.${action}.${objectTypeId}`);
			expect(HUBSPOT_EVENT_OPTIONS.map((option) => option.value)).toContain(normalised.subscription);
			expect(parseHubSpotEvent(normalised.subscription)).toEqual({
				value: normalised.subscription,
				kind: 'crmObjects',
				subscriptionType: `object.${action}`,
				objectTypeId,
				needsProperty: action === 'propertyChange',
			});
		});

		test('the name leads back to the id (record links)', () => {
			expect(hubspotObjectTypeIdOf(objectType)).toBe(objectTypeId);
		});
	});

	test.each(objectTypes.custom)('$name', ({ objectTypeId, customNames, objectType }) => {
		const normalised = normaliseOne({ subscriptionType: 'object.creation', objectTypeId, objectId: 1 }, customNames);
		expect(normalised.header.objectType).toBe(objectType);
		expect(normalised.subscription).toBe(`object.creation.${objectTypeId}`);
	});

	test('a generic event without objectTypeId keeps the bare subscription type', () => {
		const normalised = normaliseOne({ subscriptionType: 'object.creation', objectId: 1 });
		expect(normalised.header.objectType).toBe('');
		expect(normalised.subscription).toBe('object.creation');
	});

	test('the Events list has no duplicate values and keeps every classic name', () => {
		const values = HUBSPOT_EVENT_OPTIONS.map((option) => option.value);
		expect(new Set(values).size).toBe(values.length);
		for (const classic of ['contact.creation', 'contact.privacyDeletion', 'deal.propertyChange', 'line_item.associationChange']) {
			expect(values).toContain(classic);
		}
		expect(values).not.toContain('product.associationChange');
		expect(values).not.toContain('deal.privacyDeletion');
	});
});

describe('parseHubSpotEvent', () => {
	test.each([
		{ value: 'contact.creation', kind: 'legacyCrmObjects', subscriptionType: 'contact.creation', needsProperty: false },
		{ value: 'deal.propertyChange', kind: 'legacyCrmObjects', subscriptionType: 'deal.propertyChange', needsProperty: true },
		{ value: 'contact.privacyDeletion', kind: 'hubEvents', subscriptionType: 'contact.privacyDeletion', needsProperty: false },
		{ value: 'conversation.newMessage', kind: 'hubEvents', subscriptionType: 'conversation.newMessage', needsProperty: false },
		{ value: 'object.creation.2-123', kind: 'crmObjects', subscriptionType: 'object.creation', objectTypeId: '2-123', needsProperty: false },
	])('$value', (expected) => {
		expect(parseHubSpotEvent(expected.value)).toEqual(expected);
	});

	test.each(['object.creation', 'object.explode.0-1', 'object.creation.deal', 'object.creation.0-1.x', 'contact', 'Contact.creation', 'a.b.c', ''])(
		'%p is not an event name',
		(value) => expect(parseHubSpotEvent(value)).toBeUndefined(),
	);
});

describe('parseCustomObjectNames', () => {
	test.each([
		{ text: '', names: [] },
		{ text: '2-123=cars', names: [['2-123', 'cars']] },
		{ text: ' 2-123 = Cars , 2-456=pets,', names: [['2-123', 'cars'], ['2-456', 'pets']] },
	])('"$text"', ({ text, names }) => expect([...namesOf(text)]).toEqual(names));

	test.each(['cars', '0-1=contact2', '2-123=', '2-123=a b', '2-x=cars'])('"%s" is refused, naming the entry', (text) => {
		expect(parseCustomObjectNames(text)).toEqual({ ok: false, entry: text.trim() });
	});
});

describe('addHubSpotObjectTypeId', () => {
	test.each([
		{ name: 'classic deal event', subscriptionType: 'deal.creation', extra: {}, expected: '0-3' },
		{ name: 'generic event keeps the id it came with', subscriptionType: 'object.creation', extra: { objectTypeId: '0-48' }, expected: '0-48' },
		{ name: 'unknown classic object gets none', subscriptionType: 'conversation.creation', extra: {}, expected: undefined },
	])('$name', ({ subscriptionType, extra, expected }) => {
		const event = normaliseOne({ subscriptionType, objectId: 1, ...extra });
		addHubSpotObjectTypeId(event);
		expect(event.fields.objectTypeId).toBe(expected);
	});

	test('a custom object named by the option gets its id back', () => {
		const result = normaliseHubSpotDelivery({ id: '5', objectType: 'cars' }, { nowMs: 0, rawBodySha256: 'x' });
		if (!result.ok) throw new Error(result.reason);
		addHubSpotObjectTypeId(result.events[0], namesOf('2-123=cars'));
		expect(result.events[0].fields.objectTypeId).toBe('2-123');
	});
});
