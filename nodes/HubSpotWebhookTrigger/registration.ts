import { NodeOperationError, type IHookFunctions, type INode } from 'n8n-workflow';

import { parseHubSpotEvent } from '../../core/events';
import {
	hubspotPlanIsSettled,
	planHubSpotRegistration,
	planHubSpotRemoval,
	readHubSpotRecord,
	type HubSpotAction,
	type HubSpotPlan,
	type HubSpotRecord,
	type HubSpotWantedSubscription,
} from '../../core/registration';
import {
	accessFrom,
	clearTargetUrl,
	createSubscription,
	deleteSubscription,
	getTargetUrl,
	HUBSPOT_APP_CREDENTIAL,
	listSubscriptions,
	setTargetUrl,
	type HubSpotAppAccess,
} from '../shared/hubspot';
import { staticSlot, type StaticSlot } from '../shared/staticSlot';
import type { HubSpotSettings } from './settings';

export type DesiredSubscription = HubSpotWantedSubscription;

const REGISTRATION_KEY = 'hubspotRegistration';

function slot(ctx: IHookFunctions): StaticSlot<HubSpotRecord> {
	return staticSlot(ctx, REGISTRATION_KEY, readHubSpotRecord);
}

/** Reads the app's state and plans; `stored` is what this node (or this test) created earlier. */
export async function planFor(
	ctx: IHookFunctions,
	access: HubSpotAppAccess,
	desired: DesiredSubscription[],
	webhookUrl: string,
	stored: HubSpotRecord | undefined,
): Promise<HubSpotPlan> {
	return planHubSpotRegistration({
		appId: access.appId,
		webhookUrl,
		currentTargetUrl: await getTargetUrl(ctx, access),
		existing: await listSubscriptions(ctx, access),
		desired,
		stored,
	});
}

export function desiredSubscriptions(node: INode, settings: HubSpotSettings): DesiredSubscription[] {
	const desired: DesiredSubscription[] = [];
	for (const value of settings.events) {
		const selection = parseHubSpotEvent(value);
		if (!selection) continue;
		const { subscriptionType: eventType, objectTypeId } = selection;
		if (!selection.needsProperty) {
			desired.push({ eventType, objectTypeId });
			continue;
		}
		if (settings.propertyNames.length === 0) {
			throw new NodeOperationError(node, `"${value}" needs at least one property in "Properties to Watch"`, {
				description: 'HubSpot creates property-change subscriptions per property.',
			});
		}
		for (const propertyName of settings.propertyNames) desired.push({ eventType, objectTypeId, propertyName });
	}
	return desired;
}

/** The app access when the credential allows subscription management and the user wants it. */
export async function appAccess(ctx: IHookFunctions, manageSubscriptions: boolean): Promise<HubSpotAppAccess | undefined> {
	if (!manageSubscriptions) return undefined;
	return accessFrom(await ctx.getCredentials(HUBSPOT_APP_CREDENTIAL));
}

async function plan(ctx: IHookFunctions, access: HubSpotAppAccess, desired: DesiredSubscription[], webhookUrl: string): Promise<HubSpotPlan> {
	return await planFor(ctx, access, desired, webhookUrl, slot(ctx).load());
}

export async function registrationExists(
	ctx: IHookFunctions,
	access: HubSpotAppAccess,
	desired: DesiredSubscription[],
	webhookUrl: string,
): Promise<boolean> {
	return hubspotPlanIsSettled(await plan(ctx, access, desired, webhookUrl));
}

function conflictError(ctx: IHookFunctions, access: HubSpotAppAccess, targetUrl: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `HubSpot app ${access.appId} already sends its webhooks to another URL: ${targetUrl}`, {
		description:
			'A HubSpot app has exactly one target URL, and it belongs to another workflow or system. This trigger will not take it over. Deactivate the workflow that owns it (or clear the target URL in the app settings), or use a separate HubSpot app for this workflow.',
	});
}

export async function apply(ctx: IHookFunctions, access: HubSpotAppAccess, action: HubSpotAction, record: HubSpotRecord): Promise<void> {
	switch (action.kind) {
		case 'conflict':
			throw conflictError(ctx, access, action.targetUrl);
		case 'create-target-url':
			await setTargetUrl(ctx, access, action.targetUrl);
			record.targetUrl = action.targetUrl;
			return;
		case 'create-subscription': {
			const id = await createSubscription(ctx, access, action.subscription);
			if (id !== undefined) record.subscriptionIds.push(id);
			return;
		}
		default:
			return;
	}
}

export async function createRegistration(
	ctx: IHookFunctions,
	access: HubSpotAppAccess,
	desired: DesiredSubscription[],
	webhookUrl: string,
): Promise<void> {
	const { actions, record } = await plan(ctx, access, desired, webhookUrl);
	for (const action of actions) {
		await apply(ctx, access, action, record);
		// Saved after every step, so a failure half-way still lets deactivation clean up what was made.
		slot(ctx).save(record);
	}
}

export async function deleteRegistration(ctx: IHookFunctions, access: HubSpotAppAccess | undefined): Promise<void> {
	const stored = slot(ctx).load();
	// The current target URL matters only to clear one this node set, in the app it set it in.
	const reachable = stored !== undefined && access !== undefined && access.appId === stored.appId;
	const currentTargetUrl = reachable && stored.targetUrl !== undefined ? await getTargetUrl(ctx, access) : undefined;
	for (const action of planHubSpotRemoval({ stored, appId: access?.appId, currentTargetUrl })) {
		if (action.kind === 'forget') slot(ctx).save(undefined);
		else if (access && action.kind === 'delete-subscription') await deleteSubscription(ctx, access, action.id);
		else if (access) await clearTargetUrl(ctx, access);
	}
}
