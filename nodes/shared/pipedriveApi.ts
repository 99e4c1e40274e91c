import {
	NodeApiError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IPollFunctions,
	type JsonObject,
} from 'n8n-workflow';

/** Calls to Pipedrive's API (https://developers.pipedrive.com/docs/api/v1) with either Pipedrive credential. */
export const PIPEDRIVE_API_KEY_TYPE_NAME = 'crmListenersPipedriveApiKey';
// The OAuth2 credential type's name (not a secret).
export const PIPEDRIVE_O2_TYPE_NAME = 'crmListenersPipedriveOAuth2Api';
export type PipedriveCredentialType = typeof PIPEDRIVE_API_KEY_TYPE_NAME | typeof PIPEDRIVE_O2_TYPE_NAME;

type RequestContext = IHookFunctions | IPollFunctions | IExecuteFunctions;

export interface PipedriveHttpResult {
	statusCode: number;
	body: unknown;
}

/** API token credentials name their base URL; OAuth2 ones default to the `api_domain` of the token. */
export function pipedriveBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const tokenData = credentials.oauthTokenData as IDataObject | undefined;
	const configured = typeof credentials.apiBaseUrl === 'string' ? credentials.apiBaseUrl.trim() : '';
	const apiDomain = typeof tokenData?.api_domain === 'string' ? tokenData.api_domain : '';
	return (configured || apiDomain || 'https://api.pipedrive.com').replace(/\/+$/, '');
}

function providerMessage(body: unknown): string {
	if (body && typeof body === 'object') {
		const record = body as IDataObject;
		for (const key of ['error', 'message', 'error_info']) {
			if (typeof record[key] === 'string') return record[key] as string;
		}
	}
	return typeof body === 'string' && body.length < 500 ? body : '';
}

export async function pipedriveRequest(
	ctx: RequestContext,
	credentialType: PipedriveCredentialType,
	baseUrl: string,
	method: IHttpRequestMethods,
	path: string,
	body?: IDataObject,
): Promise<PipedriveHttpResult> {
	let response: { statusCode: number; body: unknown };
	try {
		response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, {
			method,
			url: `${baseUrl}${path}`,
			body,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number; body: unknown };
	} catch (error) {
		const reason = error instanceof Error ? error.message.replace(/api_token=[^&\s]+/gi, 'api_token=***') : 'unknown error';
		throw new NodeApiError(ctx.getNode(), { message: reason } as JsonObject, {
			message: `Could not reach Pipedrive: ${reason}`,
		});
	}
	return { statusCode: response.statusCode, body: response.body };
}

export function failOnPipedriveError(
	ctx: RequestContext,
	what: string,
	result: PipedriveHttpResult,
	allowed: number[] = [],
): void {
	if ((result.statusCode >= 200 && result.statusCode < 300) || allowed.includes(result.statusCode)) return;
	const message = providerMessage(result.body);
	throw new NodeApiError(ctx.getNode(), { message, statusCode: result.statusCode } as JsonObject, {
		message: `Pipedrive refused to ${what} (HTTP ${result.statusCode})`,
		description: message || undefined,
		httpCode: String(result.statusCode),
	});
}
