import { NodeOperationError, type IDataObject, type IHookFunctions, type INode } from 'n8n-workflow';

import { parseHubSpotEvent } from '../../core/events';

import {
	failOnHttpError,
	getTargetUrl,
	hubspotAppRequest,
	HUBSPOT_APP_CREDENTIAL,
	listSubscriptions,
	type HubSpotAppAccess,
	type HubSpotSubscription,
} from '../shared/hubspotApi';
import { secretValues } from '../shared/secrets';
import type { HubSpotSettings } from './settings';

/** What this node created in HubSpot, kept in static data so deactivation removes exactly that. */
interface Registration {
	appId: string;
	/** Set only when this node wrote the target URL itself. */
	targetUrl?: string;
	subscriptionIds: string[];
}

export interface DesiredSubscription {
	eventType: string;
	/** Generic `object.*` subscriptions name their object type. */
	objectTypeId?: string;
	propertyName?: string;
}

const REGISTRATION_KEY = 'hubspotRegistration';

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

function sameSubscription(existing: HubSpotSubscription, wanted: DesiredSubscription): boolean {
	return (
		existing.eventType === wanted.eventType &&
		(existing.objectTypeId ?? '') === (wanted.objectTypeId ?? '') &&
		(existing.propertyName ?? '') === (wanted.propertyName ?? '')
	);
}

/** The app access when the credential allows subscription management and the user wants it. */
export async function appAccess(ctx: IHookFunctions, manageSubscriptions: boolean): Promise<HubSpotAppAccess | undefined> {
	if (!manageSubscriptions) return undefined;
	const credentials = await ctx.getCredentials(HUBSPOT_APP_CREDENTIAL);
	const appId = String(credentials.appId ?? '').trim();
	const developerApiKey = String(credentials.developerApiKey ?? '').trim();
	if (appId === '' || developerApiKey === '') return undefined;
	const baseUrl = String(credentials.apiBaseUrl || 'https://api.hubapi.com').replace(/\/+$/, '');
	return { appId, baseUrl, secrets: secretValues(credentials) };
}

function loadRegistration(ctx: IHookFunctions): Registration | undefined {
	const value = (ctx.getWorkflowStaticData('node') as IDataObject)[REGISTRATION_KEY];
	if (!value || typeof value !== 'object') return undefined;
	const candidate = value as Partial<Registration>;
	if (typeof candidate.appId !== 'string' || !Array.isArray(candidate.subscriptionIds)) return undefined;
	return candidate as Registration;
}

function saveRegistration(ctx: IHookFunctions, registration: Registration | undefined): void {
	const staticData = ctx.getWorkflowStaticData('node') as IDataObject;
	if (registration) staticData[REGISTRATION_KEY] = registration as unknown as IDataObject;
	else delete staticData[REGISTRATION_KEY];
}

export async function registrationExists(
	ctx: IHookFunctions,
	access: HubSpotAppAccess,
	desired: DesiredSubscription[],
	webhookUrl: string,
): Promise<boolean> {
	if ((await getTargetUrl(ctx, access)) !== webhookUrl) return false;
	const existing = await listSubscriptions(ctx, access);
	return desired.every((wanted) => existing.some((sub) => sameSubscription(sub, wanted)));
}

export async function createRegistration(
	ctx: IHookFunctions,
	access: HubSpotAppAccess,
	desired: DesiredSubscription[],
	webhookUrl: string,
): Promise<void> {
	const current = await getTargetUrl(ctx, access);
	const previous = loadRegistration(ctx);
	if (current !== undefined && current !== webhookUrl) {
		throw new NodeOperationError(
			ctx.getNode(),
			`HubSpot app ${access.appId} already sends its webhooks to another URL: ${current}`,
			{
				description:
					'A HubSpot app has exactly one target URL, and it belongs to another workflow or system. This trigger will not take it over. Deactivate the workflow that owns it (or clear the target URL in the app settings), or use a separate HubSpot app for this workflow.',
			},
		);
	}
	const registration: Registration = {
		appId: access.appId,
		targetUrl: previous?.appId === access.appId ? previous.targetUrl : undefined,
		subscriptionIds: previous?.appId === access.appId ? [...previous.subscriptionIds] : [],
	};
	if (current === undefined) {
		const result = await hubspotAppRequest(ctx, access, 'PUT', '/settings', {
			targetUrl: webhookUrl,
			throttling: { maxConcurrentRequests: 10, period: 'SECONDLY' },
		});
		failOnHttpError(ctx, access, 'set the target URL', result);
		registration.targetUrl = webhookUrl;
	}
	// Save after every step, so a failure half-way still lets deactivation clean up what was made.
	saveRegistration(ctx, registration);

	const existing = await listSubscriptions(ctx, access);
	for (const wanted of desired) {
		if (existing.some((sub) => sameSubscription(sub, wanted))) continue;
		const body: IDataObject = { eventType: wanted.eventType, active: true };
		if (wanted.objectTypeId) body.objectTypeId = wanted.objectTypeId;
		if (wanted.propertyName) body.propertyName = wanted.propertyName;
		const result = await hubspotAppRequest(ctx, access, 'POST', '/subscriptions', body);
		const what = [wanted.objectTypeId, wanted.propertyName].filter(Boolean).join(', ');
		failOnHttpError(ctx, access, `subscribe to ${wanted.eventType}${what ? ` (${what})` : ''}`, result);
		const id = (result.body as IDataObject | undefined)?.id;
		if (id !== undefined && id !== null) {
			registration.subscriptionIds.push(String(id));
			saveRegistration(ctx, registration);
		}
	}
}

export async function deleteRegistration(ctx: IHookFunctions, access: HubSpotAppAccess | undefined): Promise<void> {
	const registration = loadRegistration(ctx);
	if (!registration) return;
	if (!access || access.appId !== registration.appId) {
		// The credential changed or lost its key: we can no longer prove what is ours, so we touch nothing.
		saveRegistration(ctx, undefined);
		return;
	}
	for (const id of registration.subscriptionIds) {
		const result = await hubspotAppRequest(ctx, access, 'DELETE', `/subscriptions/${encodeURIComponent(id)}`);
		failOnHttpError(ctx, access, `delete subscription ${id}`, result, [404]);
	}
	if (registration.targetUrl !== undefined && (await getTargetUrl(ctx, access)) === registration.targetUrl) {
		const result = await hubspotAppRequest(ctx, access, 'DELETE', '/settings');
		failOnHttpError(ctx, access, 'clear the target URL', result, [404]);
	}
	saveRegistration(ctx, undefined);
}
