import { NORMALISE_REJECT_REASONS, normaliseHubSpotDelivery, normalisePipedriveDelivery, type NormaliseResult } from '../../../core/events';

const hubspot = (body: unknown) => normaliseHubSpotDelivery(body, { nowMs: 0, rawBodySha256: '0'.repeat(64) });

const hostile: Array<{ name: string; result: () => NormaliseResult }> = [
	{ name: 'HubSpot: string body', result: () => hubspot('x') },
	{ name: 'HubSpot: number element', result: () => hubspot([1]) },
	{ name: 'HubSpot: element without subscriptionType', result: () => hubspot([{}]) },
	{ name: 'Pipedrive: no meta', result: () => normalisePipedriveDelivery({}) },
	{ name: 'Pipedrive: unknown shape', result: () => normalisePipedriveDelivery({ meta: {} }) },
];

test('every reject reason is reachable from hostile input', () => {
	const reached = new Set(hostile.map(({ result }) => {
		const outcome = result();
		return outcome.ok ? 'ok' : outcome.reason;
	}));
	expect([...reached].sort()).toEqual([...NORMALISE_REJECT_REASONS].sort());
});
