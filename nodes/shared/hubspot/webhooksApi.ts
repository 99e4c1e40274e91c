import type { IDataObject, IHookFunctions, IHttpRequestMethods } from 'n8n-workflow';

import { failOnProviderError, providerRequest, type Provider, type ProviderResult } from '../providerHttp';
import type { HubSpotAppAccess } from './credentials';

/** Calls to HubSpot's webhooks v3 API (https://developers.hubspot.com/docs/api/webhooks) with the app credential. */
export interface HubSpotSubscription {
	id: string;
	eventType: string;
	objectTypeId?: string;
	propertyName?: string;
	active: boolean;
}

export type HubSpotHttpResult = ProviderResult;

/** How HubSpot answers: its errors say why in `message`; the developer key travels as `hapikey`. */
export const HUBSPOT: Provider = { name: 'HubSpot', messageKeys: ['message'], secretQueryKeys: ['hapikey'] };

export async function hubspotAppRequest(
	ctx: IHookFunctions,
	access: HubSpotAppAccess,
	method: IHttpRequestMethods,
	path: string,
	body?: IDataObject,
): Promise<HubSpotHttpResult> {
	const url = `${access.baseUrl}/webhooks/v3/${encodeURIComponent(access.appId)}${path}`;
	return await providerRequest(ctx, { ...HUBSPOT, secrets: access.secrets }, access.credentialType, method, url, body);
}

export function failOnHttpError(
	ctx: IHookFunctions,
	access: HubSpotAppAccess,
	what: string,
	result: HubSpotHttpResult,
	allowed: number[] = [],
): void {
	failOnProviderError(ctx, { ...HUBSPOT, secrets: access.secrets }, what, result, allowed);
}

export async function getTargetUrl(ctx: IHookFunctions, access: HubSpotAppAccess): Promise<string | undefined> {
	const result = await hubspotAppRequest(ctx, access, 'GET', '/settings');
	if (result.statusCode === 404) return undefined;
	failOnHttpError(ctx, access, 'read the webhook settings', result);
	const targetUrl = (result.body as IDataObject | undefined)?.targetUrl;
	return typeof targetUrl === 'string' && targetUrl !== '' ? targetUrl : undefined;
}

export async function setTargetUrl(ctx: IHookFunctions, access: HubSpotAppAccess, targetUrl: string): Promise<void> {
	const result = await hubspotAppRequest(ctx, access, 'PUT', '/settings', {
		targetUrl,
		throttling: { maxConcurrentRequests: 10, period: 'SECONDLY' },
	});
	failOnHttpError(ctx, access, 'set the target URL', result);
}

export async function clearTargetUrl(ctx: IHookFunctions, access: HubSpotAppAccess): Promise<void> {
	const result = await hubspotAppRequest(ctx, access, 'DELETE', '/settings');
	failOnHttpError(ctx, access, 'clear the target URL', result, [404]);
}

export async function listSubscriptions(ctx: IHookFunctions, access: HubSpotAppAccess): Promise<HubSpotSubscription[]> {
	const result = await hubspotAppRequest(ctx, access, 'GET', '/subscriptions');
	if (result.statusCode === 404) return [];
	failOnHttpError(ctx, access, 'list the subscriptions', result);
	const results = (result.body as IDataObject | undefined)?.results;
	if (!Array.isArray(results)) return [];
	return (results as IDataObject[]).map((entry) => ({
		id: String(entry.id),
		eventType: String(entry.eventType),
		objectTypeId: typeof entry.objectTypeId === 'string' ? entry.objectTypeId : undefined,
		propertyName: typeof entry.propertyName === 'string' ? entry.propertyName : undefined,
		active: entry.active !== false,
	}));
}

/** Creates an active subscription and returns HubSpot's id for it (undefined when HubSpot sent none). */
export async function createSubscription(
	ctx: IHookFunctions,
	access: HubSpotAppAccess,
	wanted: { eventType: string; objectTypeId?: string; propertyName?: string },
): Promise<string | undefined> {
	const body: IDataObject = { eventType: wanted.eventType, active: true };
	if (wanted.objectTypeId) body.objectTypeId = wanted.objectTypeId;
	if (wanted.propertyName) body.propertyName = wanted.propertyName;
	const result = await hubspotAppRequest(ctx, access, 'POST', '/subscriptions', body);
	const what = [wanted.objectTypeId, wanted.propertyName].filter(Boolean).join(', ');
	failOnHttpError(ctx, access, `subscribe to ${wanted.eventType}${what ? ` (${what})` : ''}`, result);
	const id = (result.body as IDataObject | undefined)?.id;
	return id === undefined || id === null ? undefined : String(id);
}

export async function deleteSubscription(ctx: IHookFunctions, access: HubSpotAppAccess, id: string): Promise<void> {
	const result = await hubspotAppRequest(ctx, access, 'DELETE', `/subscriptions/${encodeURIComponent(id)}`);
	failOnHttpError(ctx, access, `delete subscription ${id}`, result, [404]);
}
