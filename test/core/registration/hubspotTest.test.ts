import {
	decideHubSpotTest,
	planHubSpotTestRemoval,
	readHubSpotTestRecord,
	type HubSpotTestChoice,
	type HubSpotTestDecision,
	type HubSpotTestRecord,
	type HubSpotTestRemovalAction,
} from '../../../core/registration';
import fixtures from '../../fixtures/registration/hubspot-test-decisions.json';

const TEST_URL = 'https://n8n.example.com/webhook-test/abc/webhook';

describe('Execute step on a legacy public app: where deliveries go', () => {
	it.each(fixtures.decisions)('$name', ({ situation, decision }) => {
		expect(
			decideHubSpotTest({
				choice: situation.choice as HubSpotTestChoice,
				currentTargetUrl: (situation as { currentTargetUrl?: string }).currentTargetUrl,
				testUrl: TEST_URL,
				productionPathSuffix: '/abc/webhook',
			}),
		).toEqual(decision as HubSpotTestDecision);
	});

	it('a node without webhook id never claims a URL as its own', () => {
		expect(
			decideHubSpotTest({ choice: 'ifFree', currentTargetUrl: 'https://x.example.com/', testUrl: TEST_URL, productionPathSuffix: '' }),
		).toMatchObject({ owner: 'elsewhere' });
	});
});

describe('the end of a test', () => {
	it.each(fixtures.removals)('$name', ({ situation, actions }) => {
		const stored = (situation as { stored?: HubSpotTestRecord }).stored;
		expect(planHubSpotTestRemoval({ appId: situation.appId, currentTargetUrl: situation.currentTargetUrl, stored })).toEqual(
			actions as HubSpotTestRemovalAction[],
		);
	});

	it.each([
		{ name: 'garbage', value: 'x', record: undefined },
		{ name: 'no previous URL', value: { appId: '1', subscriptionIds: [] }, record: { appId: '1', subscriptionIds: [], previousTargetUrl: undefined } },
		{ name: 'previous URL not a string', value: { appId: '1', subscriptionIds: [], previousTargetUrl: 5 }, record: { appId: '1', subscriptionIds: [], previousTargetUrl: undefined } },
		{ name: 'previous URL kept', value: { appId: '1', subscriptionIds: ['2'], previousTargetUrl: 'https://a/' }, record: { appId: '1', subscriptionIds: ['2'], previousTargetUrl: 'https://a/' } },
	])('reads a stored test record: $name', ({ value, record }) => {
		expect(readHubSpotTestRecord(value)).toEqual(record);
	});
});
