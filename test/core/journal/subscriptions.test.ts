import {
	desiredSubscriptions,
	ownedAfter,
	planSubscriptions,
	readSubscriptions,
	replacedIds,
	type JournalSelection,
	type V4Subscription,
} from '../../../core/journal';
import cases from '../../fixtures/journal/subscription-plans.json';

describe('v4 subscription plans', () => {
	it.each(cases)('$name', (c) => {
		const plan = planSubscriptions(c.existing as V4Subscription[], desiredSubscriptions(c.selection as JournalSelection), c.owned);
		expect(plan).toEqual({ upserts: c.upserts, keep: c.keep, shared: c.shared, deletes: c.deletes });
	});

	it('owns what it created, not what it widened; a replaced id is deleted only when HubSpot gave a new one', () => {
		const plan = {
			upserts: [
				{ request: { subscriptionType: 'OBJECT' as const, portalId: 5, objectTypeId: '0-1', actions: ['CREATE'] }, replaces: '11' },
				{ request: { subscriptionType: 'OBJECT' as const, portalId: 5, objectTypeId: '0-2', actions: ['CREATE'] }, widens: '20' },
				{ request: { subscriptionType: 'OBJECT' as const, portalId: 5, objectTypeId: '0-3', actions: ['CREATE'] } },
			],
			keep: ['9'],
			shared: [],
			deletes: [],
		};
		expect(ownedAfter(plan, ['11', '20', '31']).sort()).toEqual(['11', '31', '9']);
		expect(replacedIds(plan, ['11', '20', '31'])).toEqual([]);
		expect(replacedIds(plan, ['12', '20', '31'])).toEqual(['11']);
	});

	it('reads HubSpot\'s list answer, skipping deleted and id-less entries', () => {
		const body = {
			results: [
				{ id: 7001, appId: 1, subscriptionType: 'OBJECT', portalId: 5, objectTypeId: '0-1', actions: ['CREATE'], properties: null, objectIds: null, associatedObjectTypeIds: null, deletedAt: null },
				{ id: 7002, portalId: 5, objectTypeId: '0-1', actions: ['CREATE'], deletedAt: '2026-01-01T00:00:00Z' },
				{ portalId: 5 },
				'junk',
			],
		};
		expect(readSubscriptions(body)).toEqual([
			{ id: '7001', subscriptionType: 'OBJECT', portalId: '5', objectTypeId: '0-1', actions: ['CREATE'], properties: [], associatedObjectTypeIds: [], objectIds: [] },
		]);
		expect(readSubscriptions({ message: 'nope' })).toEqual([]);
	});
});
