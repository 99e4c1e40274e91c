import {
	hubspotPlanIsSettled,
	planHubSpotRegistration,
	planHubSpotRemoval,
	readHubSpotRecord,
	type HubSpotAction,
	type HubSpotRecord,
	type HubSpotRemovalAction,
	type HubSpotRemovalSituation,
	type HubSpotSituation,
} from '../../../core/registration';
import fixtures from '../../fixtures/registration/hubspot-plans.json';

interface PlanCase {
	name: string;
	situation: Omit<HubSpotSituation, 'currentTargetUrl' | 'stored'> & { currentTargetUrl?: string; stored?: HubSpotRecord };
	actions: HubSpotAction[];
	record: HubSpotRecord;
	settled: boolean;
}

interface RemovalCase {
	name: string;
	situation: Partial<HubSpotRemovalSituation>;
	actions: HubSpotRemovalAction[];
}

describe('HubSpot registration planner', () => {
	it.each(fixtures.plans as PlanCase[])('$name', ({ situation, actions, record, settled }) => {
		const plan = planHubSpotRegistration({ currentTargetUrl: undefined, stored: undefined, ...situation });
		expect(plan.actions).toEqual(actions);
		expect(plan.record).toEqual(expect.objectContaining(record));
		if (record.targetUrl === undefined) expect(plan.record.targetUrl).toBeUndefined();
		expect(hubspotPlanIsSettled(plan)).toBe(settled);
	});

	it('never lets the plan share the stored record, so applying it cannot alter what was loaded', () => {
		const stored: HubSpotRecord = { appId: '42', subscriptionIds: ['7'] };
		const plan = planHubSpotRegistration({
			appId: '42',
			webhookUrl: 'https://n8n.example.com/w',
			currentTargetUrl: undefined,
			existing: [],
			desired: [{ eventType: 'contact.creation' }],
			stored,
		});
		plan.record.subscriptionIds.push('8');
		expect(stored.subscriptionIds).toEqual(['7']);
	});
});

describe('HubSpot removal planner', () => {
	it.each(fixtures.removals as RemovalCase[])('$name', ({ situation, actions }) => {
		expect(planHubSpotRemoval({ stored: undefined, appId: undefined, currentTargetUrl: undefined, ...situation })).toEqual(actions);
	});
});

describe('HubSpot record from static data', () => {
	it.each(fixtures.records)('$name', ({ value, valid }) => {
		expect(readHubSpotRecord(value)).toEqual(valid ? value : undefined);
	});
});
