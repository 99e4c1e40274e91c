import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

import {
	decideHubSpotTest,
	planHubSpotTestRemoval,
	readHubSpotTestRecord,
	type HubSpotTestChoice,
	type HubSpotTestDecision,
	type HubSpotTestRecord,
} from '../../core/registration';
import { clearTargetUrl, deleteSubscription, getTargetUrl, setTargetUrl, type HubSpotAppAccess } from '../shared/hubspot';
import { staticSlot, type StaticSlot } from '../shared/staticSlot';
import { apply, planFor, type DesiredSubscription } from './registration';

/*
 * Execute step with managed subscriptions: the test's own record, apart from the production one, so a test in an
 * active workflow neither reads nor overwrites what activation created.
 */
const TEST_REGISTRATION_KEY = 'hubspotTestRegistration';

function testSlot(ctx: IHookFunctions): StaticSlot<HubSpotTestRecord> {
	return staticSlot(ctx, TEST_REGISTRATION_KEY, readHubSpotTestRecord);
}

const CHOICES_HINT =
	'To test here, set "Execute Step Receives" to "A Test Delivery I Send" and send a signed test event to the Test URL (open the Test URL in a browser while listening for a ready command), or to "HubSpot Events, Borrowing the App" (the app then sends to the Test URL until you stop listening, and gets its URL back afterwards).';

function refusal(ctx: IHookFunctions, access: HubSpotAppAccess, decision: Extract<HubSpotTestDecision, { kind: 'refuse' }>): NodeOperationError {
	const where =
		decision.owner === 'this-workflow'
			? "this workflow's production URL (the workflow is active)"
			: `another URL, ${decision.targetUrl}, which another workflow or system owns`;
	return new NodeOperationError(
		ctx.getNode(),
		`HubSpot app ${access.appId} sends its webhooks to ${where}, so Execute step left it alone. ${CHOICES_HINT}`,
		{ description: `The app's target URL now: ${decision.targetUrl}. Nothing was changed in HubSpot.` },
	);
}

/** Where this node's production URL path ends, to recognise the app pointing at its own live workflow. */
function productionPathSuffix(ctx: IHookFunctions): string {
	const { webhookId } = ctx.getNode();
	return webhookId ? `/${webhookId}/webhook` : '';
}

export async function createTestRegistration(
	ctx: IHookFunctions,
	access: HubSpotAppAccess,
	desired: DesiredSubscription[],
	testUrl: string,
	choice: HubSpotTestChoice,
): Promise<void> {
	const currentTargetUrl = choice === 'manual' ? undefined : await getTargetUrl(ctx, access);
	const decision = decideHubSpotTest({ choice, testUrl, currentTargetUrl, productionPathSuffix: productionPathSuffix(ctx) });
	if (decision.kind === 'listen') return;
	if (decision.kind === 'refuse') throw refusal(ctx, access, decision);
	const slot = testSlot(ctx);
	if (decision.kind === 'borrow') {
		await setTargetUrl(ctx, access, testUrl);
		slot.save({ appId: access.appId, targetUrl: testUrl, previousTargetUrl: decision.previousTargetUrl, subscriptionIds: [] });
	}
	const stored = slot.load();
	const { actions, record } = await planFor(ctx, access, desired, testUrl, stored);
	const testRecord: HubSpotTestRecord = { ...record, previousTargetUrl: stored?.previousTargetUrl };
	for (const action of actions) {
		await apply(ctx, access, action, testRecord);
		slot.save(testRecord);
	}
}

export async function deleteTestRegistration(ctx: IHookFunctions, access: HubSpotAppAccess | undefined): Promise<void> {
	const slot = testSlot(ctx);
	const stored = slot.load();
	const reachable = stored !== undefined && access !== undefined && access.appId === stored.appId;
	const currentTargetUrl = reachable && stored.targetUrl !== undefined ? await getTargetUrl(ctx, access) : undefined;
	for (const action of planHubSpotTestRemoval({ stored, appId: access?.appId, currentTargetUrl })) {
		if (action.kind === 'forget') slot.save(undefined);
		else if (!access) continue;
		else if (action.kind === 'delete-subscription') await deleteSubscription(ctx, access, action.id);
		else if (action.kind === 'restore-target-url') await setTargetUrl(ctx, access, action.targetUrl);
		else await clearTargetUrl(ctx, access);
	}
}
