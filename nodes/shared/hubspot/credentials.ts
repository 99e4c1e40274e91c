import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { ProviderAccess } from '../providerHttp';
import { secretValues } from '../secrets';

/** The credential types this package defines for HubSpot (their `name`), used by the nodes and the poller. */
export const HUBSPOT_APP_CREDENTIAL = 'crmListenersHubSpotApp';
export const HUBSPOT_API_KEY_TYPE_NAME = 'crmListenersHubSpotApiKey';
// The OAuth2 credential type's name (not a secret).
export const HUBSPOT_O2_TYPE_NAME = 'crmListenersHubSpotOAuth2Api';
/** A developer-platform app's client credentials (OAuth2 client-credentials grant), for the journal trigger. */
export const HUBSPOT_JOURNAL_CREDENTIAL = 'crmListenersHubSpotAppClientCredentialsOAuth2Api';

/** HubSpot's public API host (https://developers.hubspot.com/docs/api/overview); credentials may point elsewhere for tests. */
export const HUBSPOT_DEFAULT_BASE_URL = 'https://api.hubapi.com';

export function hubspotBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	return (String(credentials.apiBaseUrl ?? '').trim() || HUBSPOT_DEFAULT_BASE_URL).replace(/\/+$/, '');
}

/** Calling the webhooks API of one public app with its developer key. */
export interface HubSpotAppAccess extends ProviderAccess {
	appId: string;
}

/** The app access a HubSpot App credential gives, or undefined when it lacks the app id or the developer key. */
export function accessFrom(credentials: ICredentialDataDecryptedObject): HubSpotAppAccess | undefined {
	const appId = String(credentials.appId ?? '').trim();
	const developerApiKey = String(credentials.developerApiKey ?? '').trim();
	if (appId === '' || developerApiKey === '') return undefined;
	return {
		credentialType: HUBSPOT_APP_CREDENTIAL,
		appId,
		baseUrl: hubspotBaseUrl(credentials),
		secrets: secretValues(credentials),
	};
}
