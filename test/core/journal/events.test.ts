import { isSelected, journalTraceKey, toJournalItem, type JournalSelection } from '../../../core/journal';
import fixture from '../../fixtures/journal/selection.json';

const selection = fixture.selection as JournalSelection;

describe('which journal events this node emits', () => {
	it.each(fixture.cases)('$name', ({ event, selected }) => {
		expect(isSelected(event as Record<string, unknown>, selection)).toBe(selected);
	});

	it('every property counts when none is listed', () => {
		const event = { portalId: 62515, action: 'UPDATE', objectTypeId: '0-1', objectId: 1, propertyChanges: { phone: {} } };
		expect(isSelected(event, { ...selection, properties: [] })).toBe(true);
	});
});

describe('journal event → item', () => {
	it.each([
		{ action: 'CREATE', eventType: 'CREATED' },
		{ action: 'UPDATE', eventType: 'UPDATED' },
		{ action: 'DELETE', eventType: 'DELETED' },
		{ action: 'MERGE', eventType: 'MERGED' },
		{ action: 'RESTORE', eventType: 'RESTORED' },
		{ action: 'ASSOCIATION_ADDED', eventType: 'ASSOCIATION_CHANGE' },
		{ action: 'ASSOCIATION_REMOVED', eventType: 'ASSOCIATION_CHANGE' },
		{ action: 'GDPR_DELETE', eventType: 'PRIVACY_DELETION' },
		{ action: 'SOMETHING_NEW', eventType: 'UNKNOWN' },
	])('$action → $eventType', ({ action, eventType }) => {
		expect(toJournalItem({ action, objectTypeId: '0-3', objectId: 12345678901234567890n, occurredAt: '2026-04-01T10:00:00Z' }, 'off-1', 62515)).toEqual({
			eventType,
			objectType: 'deal',
			objectId: '12345678901234567890',
			occurredAt: '2026-04-01T10:00:00.000Z',
			traceKey: expect.stringMatching(/^hubspot-journal:[0-9a-f]{40}$/),
			portalId: '62515',
			journalOffset: 'off-1',
			event: expect.objectContaining({ action }),
		});
	});

	it('times in milliseconds, custom objects by id, and no invented time', () => {
		const item = toJournalItem({ action: 'CREATE', objectTypeId: '2-77', objectId: 5, occurredAt: 1775037600000 }, 'o', 1);
		expect([item.objectType, item.occurredAt]).toEqual(['2-77', '2026-04-01T10:00:00.000Z']);
		expect(toJournalItem({ action: 'CREATE', objectId: 5 }, 'o', 1).occurredAt).toBe('');
	});

	it('trace keys: the same event twice shares one, different events do not; HubSpot ids win', () => {
		const event = { portalId: 1, action: 'UPDATE', objectTypeId: '0-1', objectId: 5, occurredAt: 1, propertyChanges: { email: { newValue: 'a' } } };
		expect(journalTraceKey({ ...event })).toBe(journalTraceKey({ ...event }));
		expect(journalTraceKey(event)).not.toBe(journalTraceKey({ ...event, propertyChanges: { email: { newValue: 'b' } } }));
		expect(journalTraceKey(event)).not.toBe(journalTraceKey({ ...event, occurredAt: 2 }));
		expect(journalTraceKey({ ...event, eventId: 'e-1' })).toBe('hubspot-journal:e-1');
		expect(journalTraceKey({ ...event, eventId: 'x'.repeat(500) })).toMatch(/^hubspot-journal:[0-9a-f]{40}$/);
	});
});
