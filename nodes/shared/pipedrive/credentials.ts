import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import type { ProviderAccess } from '../providerHttp';
import { secretValues } from '../secrets';

/** The credential types this package defines for Pipedrive (their `name`), used by the nodes and the poller. */
export const PIPEDRIVE_API_KEY_TYPE_NAME = 'crmListenersPipedriveApiKey';
// The OAuth2 credential type's name (not a secret).
export const PIPEDRIVE_O2_TYPE_NAME = 'crmListenersPipedriveOAuth2Api';
export const PIPEDRIVE_BASIC_AUTH_TYPE_NAME = 'crmListenersPipedriveBasicAuth';
export type PipedriveCredentialType = typeof PIPEDRIVE_API_KEY_TYPE_NAME | typeof PIPEDRIVE_O2_TYPE_NAME;

/** Pipedrive's public API host (https://developers.pipedrive.com/docs/api/v1); company domains also answer. */
export const PIPEDRIVE_DEFAULT_BASE_URL = 'https://api.pipedrive.com';

/** API token credentials name their base URL; OAuth2 ones default to the `api_domain` of the token. */
export function pipedriveBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const tokenData = credentials.oauthTokenData as IDataObject | undefined;
	const configured = typeof credentials.apiBaseUrl === 'string' ? credentials.apiBaseUrl.trim() : '';
	const apiDomain = typeof tokenData?.api_domain === 'string' ? tokenData.api_domain : '';
	return (configured || apiDomain || PIPEDRIVE_DEFAULT_BASE_URL).replace(/\/+$/, '');
}

export interface PipedriveAccess extends ProviderAccess {
	credentialType: PipedriveCredentialType;
}

export function accessFrom(credentialType: PipedriveCredentialType, credentials: ICredentialDataDecryptedObject): PipedriveAccess {
	return { credentialType, baseUrl: pipedriveBaseUrl(credentials), secrets: secretValues(credentials) };
}

/** The credential secret a webhook password derives from: the API token, or the OAuth2 client secret (tokens rotate). */
export function derivationKey(credentials: IDataObject, credentialType: PipedriveCredentialType): string {
	const key = credentialType === PIPEDRIVE_O2_TYPE_NAME ? credentials.clientSecret : credentials.apiToken;
	return typeof key === 'string' ? key : '';
}
