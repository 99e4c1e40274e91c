/**
 * HTTP for the journal trigger: journal and v4 subscription calls with the app's client-credentials token, and
 * file downloads with no credential at all. Nothing here follows a redirect to another origin: a token or a
 * presigned file must never be sent to, or fetched from, an origin HubSpot did not name.
 * https://developers.hubspot.com/docs/api-reference/latest/webhooks-journal/guide
 */
import { NodeApiError, type IDataObject, type IHttpRequestMethods, type IPollFunctions, type JsonObject } from 'n8n-workflow';

import type { HttpResponse } from '../../../core/journal';
import { headersOf, providerRequest, type Provider } from '../providerHttp';
import { HUBSPOT_JOURNAL_CREDENTIAL } from './credentials';
import { HUBSPOT } from './webhooksApi';

export const JOURNAL_API_VERSION = '2026-03';

/** Renew the token this long before n8n's recorded expiry (n8n ≥ 2.40 records it). */
const REFRESH_AHEAD_MS = 5 * 60_000;

/** The status and body a thrown NodeApiError / axios error carries, when it carries one. */
function answerOfError(error: unknown): HttpResponse | undefined {
	type Carrier = { status?: number; headers?: unknown; data?: unknown };
	const e = error as { httpCode?: unknown; cause?: { response?: Carrier }; response?: Carrier };
	const response = e?.response ?? e?.cause?.response;
	if (response && typeof response.status === 'number') return { status: response.status, headers: headersOf(response.headers), body: response.data };
	const code = Number(e?.httpCode);
	return Number.isInteger(code) && code >= 400 ? { status: code, headers: {}, body: error instanceof Error ? error.message : '' } : undefined;
}

export interface HubSpotApiCaller {
	call(method: IHttpRequestMethods, path: string, body?: IDataObject): Promise<HttpResponse>;
}

/**
 * Calls with the client-credentials token through the shared provider path. Statuses come back as answers
 * (429/5xx are the caller's to retry). n8n renews an OAuth2 token only when a request *throws* on 401, which
 * the shared path never lets happen; so a 401 is asked once more in the throwing form.
 */
export function hubspotAppApi(ctx: IPollFunctions, baseUrl: string, secrets: readonly string[]): HubSpotApiCaller {
	const provider: Provider = { ...HUBSPOT, secrets };
	const askAgainLettingN8nRenew = async (method: IHttpRequestMethods, url: string, body: IDataObject | undefined): Promise<HttpResponse> => {
		try {
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, HUBSPOT_JOURNAL_CREDENTIAL, {
				method,
				url,
				body,
				json: true,
				returnFullResponse: true,
				disableFollowRedirect: true,
			})) as { statusCode: number; headers: unknown; body: unknown };
			return { status: response.statusCode, headers: headersOf(response.headers), body: response.body };
		} catch (error) {
			const answer = answerOfError(error);
			if (answer) return answer;
			throw new NodeApiError(ctx.getNode(), { message: error instanceof Error ? error.message : String(error) } as JsonObject, { message: 'Could not reach HubSpot' });
		}
	};
	return {
		async call(method, path, body) {
			const url = `${baseUrl}${path}`;
			const first = await providerRequest(ctx, provider, HUBSPOT_JOURNAL_CREDENTIAL, method, url, body);
			if (first.statusCode !== 401) return { status: first.statusCode, headers: first.headers, body: first.body };
			return await askAgainLettingN8nRenew(method, url, body);
		},
	};
}

/**
 * n8n renews a client-credentials token only after a 401. Where n8n records the expiry and offers a refresh
 * (≥ 2.40), renew ahead of it instead, so no poll starts with a token about to lapse.
 */
export async function renewTokenIfExpiring(ctx: IPollFunctions, nowMs: number): Promise<boolean> {
	const helpers = ctx.helpers as IPollFunctions['helpers'] & { refreshOAuth2Token?: (type: string) => Promise<unknown> };
	if (typeof helpers.refreshOAuth2Token !== 'function') return false;
	const credentials = await ctx.getCredentials(HUBSPOT_JOURNAL_CREDENTIAL);
	const tokenData = credentials.oauthTokenData as IDataObject | undefined;
	const expiresAtMs = Number(tokenData?.n8n_expires_at);
	if (!tokenData?.access_token || !Number.isFinite(expiresAtMs) || expiresAtMs - nowMs > REFRESH_AHEAD_MS) return false;
	await helpers.refreshOAuth2Token.call(ctx, HUBSPOT_JOURNAL_CREDENTIAL);
	return true;
}

/** A presigned file: GET with no credential, no redirects, the body as text. */
export async function downloadWithoutCredentials(ctx: IPollFunctions, url: string): Promise<HttpResponse> {
	const response = (await ctx.helpers.httpRequest({
		method: 'GET',
		url,
		encoding: 'text',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
	})) as { statusCode: number; headers: unknown; body: unknown };
	return { status: response.statusCode, headers: headersOf(response.headers), body: response.body };
}
