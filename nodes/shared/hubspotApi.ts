import { NodeApiError, type IDataObject, type IHookFunctions, type IHttpRequestMethods, type JsonObject } from 'n8n-workflow';

/** Calls to HubSpot's webhooks v3 API (https://developers.hubspot.com/docs/api/webhooks) with the app credential. */
export const HUBSPOT_APP_CREDENTIAL = 'crmListenersHubSpotApp';

export interface HubSpotAppAccess {
	appId: string;
	baseUrl: string;
}

export interface HubSpotSubscription {
	id: string;
	eventType: string;
	propertyName?: string;
	active: boolean;
}

export interface HubSpotHttpResult {
	statusCode: number;
	body: unknown;
}

/** The developer key never appears in what we throw: we build the error from status and HubSpot's message only. */
function providerMessage(body: unknown): string {
	if (body && typeof body === 'object') {
		const message = (body as IDataObject).message;
		if (typeof message === 'string') return message;
	}
	return typeof body === 'string' && body.length < 500 ? body : '';
}

export async function hubspotAppRequest(
	ctx: IHookFunctions,
	access: HubSpotAppAccess,
	method: IHttpRequestMethods,
	path: string,
	body?: IDataObject,
): Promise<HubSpotHttpResult> {
	let response: { statusCode: number; body: unknown };
	try {
		response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, HUBSPOT_APP_CREDENTIAL, {
			method,
			url: `${access.baseUrl}/webhooks/v3/${encodeURIComponent(access.appId)}${path}`,
			body,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number; body: unknown };
	} catch (error) {
		// A transport failure: rethrow without the request options, whose query string holds the developer key.
		const reason = error instanceof Error ? error.message.replace(/hapikey=[^&\s]+/gi, 'hapikey=***') : 'unknown error';
		throw new NodeApiError(ctx.getNode(), { message: reason } as JsonObject, {
			message: `Could not reach HubSpot's webhooks API: ${reason}`,
		});
	}
	return { statusCode: response.statusCode, body: response.body };
}

export function failOnHttpError(ctx: IHookFunctions, what: string, result: HubSpotHttpResult, allowed: number[] = []): void {
	if ((result.statusCode >= 200 && result.statusCode < 300) || allowed.includes(result.statusCode)) return;
	const message = providerMessage(result.body);
	throw new NodeApiError(ctx.getNode(), { message, statusCode: result.statusCode } as JsonObject, {
		message: `HubSpot refused to ${what} (HTTP ${result.statusCode})`,
		description: message || undefined,
		httpCode: String(result.statusCode),
	});
}

export async function getTargetUrl(ctx: IHookFunctions, access: HubSpotAppAccess): Promise<string | undefined> {
	const result = await hubspotAppRequest(ctx, access, 'GET', '/settings');
	if (result.statusCode === 404) return undefined;
	failOnHttpError(ctx, 'read the webhook settings', result);
	const targetUrl = (result.body as IDataObject | undefined)?.targetUrl;
	return typeof targetUrl === 'string' && targetUrl !== '' ? targetUrl : undefined;
}

export async function listSubscriptions(ctx: IHookFunctions, access: HubSpotAppAccess): Promise<HubSpotSubscription[]> {
	const result = await hubspotAppRequest(ctx, access, 'GET', '/subscriptions');
	if (result.statusCode === 404) return [];
	failOnHttpError(ctx, 'list the subscriptions', result);
	const results = (result.body as IDataObject | undefined)?.results;
	if (!Array.isArray(results)) return [];
	return (results as IDataObject[]).map((entry) => ({
		id: String(entry.id),
		eventType: String(entry.eventType),
		propertyName: typeof entry.propertyName === 'string' ? entry.propertyName : undefined,
		active: entry.active !== false,
	}));
}
