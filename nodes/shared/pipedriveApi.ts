import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { failOnProviderError, providerRequest, type Provider, type ProviderContext, type ProviderResult } from './providerHttp';

/** Calls to Pipedrive's API (https://developers.pipedrive.com/docs/api/v1) with either Pipedrive credential. */
export const PIPEDRIVE_API_KEY_TYPE_NAME = 'crmListenersPipedriveApiKey';
// The OAuth2 credential type's name (not a secret).
export const PIPEDRIVE_O2_TYPE_NAME = 'crmListenersPipedriveOAuth2Api';
export type PipedriveCredentialType = typeof PIPEDRIVE_API_KEY_TYPE_NAME | typeof PIPEDRIVE_O2_TYPE_NAME;

export type PipedriveHttpResult = ProviderResult;

/** API token credentials name their base URL; OAuth2 ones default to the `api_domain` of the token. */
export function pipedriveBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const tokenData = credentials.oauthTokenData as IDataObject | undefined;
	const configured = typeof credentials.apiBaseUrl === 'string' ? credentials.apiBaseUrl.trim() : '';
	const apiDomain = typeof tokenData?.api_domain === 'string' ? tokenData.api_domain : '';
	return (configured || apiDomain || 'https://api.pipedrive.com').replace(/\/+$/, '');
}

const PIPEDRIVE: Provider = { name: 'Pipedrive', messageKeys: ['error', 'message', 'error_info'], secretQueryKeys: ['api_token'] };

/** Where and as whom to call Pipedrive; `secrets` are masked in every error built from its answers. */
export interface PipedriveAccess {
	credentialType: PipedriveCredentialType;
	baseUrl: string;
	secrets: readonly string[];
}

export async function pipedriveRequest(
	ctx: ProviderContext,
	access: PipedriveAccess,
	method: IHttpRequestMethods,
	path: string,
	body?: IDataObject,
): Promise<PipedriveHttpResult> {
	const provider = { ...PIPEDRIVE, secrets: access.secrets };
	return await providerRequest(ctx, provider, access.credentialType, method, `${access.baseUrl}${path}`, body);
}

export function failOnPipedriveError(
	ctx: ProviderContext,
	access: PipedriveAccess,
	what: string,
	result: PipedriveHttpResult,
	allowed: number[] = [],
): void {
	failOnProviderError(ctx, { ...PIPEDRIVE, secrets: access.secrets }, what, result, allowed);
}
