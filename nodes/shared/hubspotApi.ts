import type { IDataObject, IHookFunctions, IHttpRequestMethods } from 'n8n-workflow';

import { failOnProviderError, providerRequest, type Provider, type ProviderResult } from './providerHttp';

/** Calls to HubSpot's webhooks v3 API (https://developers.hubspot.com/docs/api/webhooks) with the app credential. */
export const HUBSPOT_APP_CREDENTIAL = 'crmListenersHubSpotApp';

export interface HubSpotAppAccess {
	appId: string;
	baseUrl: string;
	/** The credential's secret values, masked in every error built from HubSpot's answers. */
	secrets: readonly string[];
}

export interface HubSpotSubscription {
	id: string;
	eventType: string;
	objectTypeId?: string;
	propertyName?: string;
	active: boolean;
}

export type HubSpotHttpResult = ProviderResult;

const HUBSPOT: Provider = { name: 'HubSpot', messageKeys: ['message'], secretQueryKeys: ['hapikey'] };

export async function hubspotAppRequest(
	ctx: IHookFunctions,
	access: HubSpotAppAccess,
	method: IHttpRequestMethods,
	path: string,
	body?: IDataObject,
): Promise<HubSpotHttpResult> {
	const url = `${access.baseUrl}/webhooks/v3/${encodeURIComponent(access.appId)}${path}`;
	return await providerRequest(ctx, { ...HUBSPOT, secrets: access.secrets }, HUBSPOT_APP_CREDENTIAL, method, url, body);
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
