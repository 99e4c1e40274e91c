import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/** What the journal trigger needs: the journal, the v4 subscriptions, and contacts to read from. */
const DEFAULT_SCOPES = [
	'developer.webhooks_journal.read',
	'developer.webhooks_journal.subscriptions.read',
	'developer.webhooks_journal.subscriptions.write',
	'crm.objects.contacts.read',
];

/**
 * A HubSpot developer-platform app's client credentials. n8n's OAuth2 support requests the token with the
 * client-credentials grant (`client_id`, `client_secret` and `scope` in the form body, as HubSpot asks:
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/overview), keeps it in
 * the credential and requests a new one when HubSpot answers 401.
 */
export class CrmListenersHubSpotAppClientCredentialsOAuth2Api implements ICredentialType {
	name = 'crmListenersHubSpotAppClientCredentialsOAuth2Api';

	displayName = 'HubSpot App Client Credentials OAuth2 (CRM Listeners)';

	icon = 'file:icons/hubspot.svg' as const;

	extends = ['oAuth2Api'];

	documentationUrl = 'https://developers.hubspot.com/docs/api-reference/latest/webhooks-journal/guide';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'clientCredentials',
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: 'https://api.hubapi.com',
			description: 'Use https://api-eu1.hubapi.com for EU data-centre accounts; change only for tests or a proxy. Empty uses https://api.hubapi.com.',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: '={{(String($self["apiBaseUrl"] || "").trim() || "https://api.hubapi.com").replace(/\\/+$/, "")}}/oauth/v1/token',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: 'https://app.hubspot.com/oauth/authorize',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: DEFAULT_SCOPES.join(' '),
			description:
				"Space-separated. Keep the three developer.webhooks_journal scopes and add the read scope of every object the trigger subscribes to (crm.objects.deals.read, tickets, …); the app's Auth tab must list them too.",
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];

	// Listing the app's v4 subscriptions needs a token first: a pass proves id, secret and scopes together.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{(String($credentials.apiBaseUrl || "").trim() || "https://api.hubapi.com").replace(/\\/+$/, "")}}',
			url: '/webhooks-journal/subscriptions/2026-03',
		},
	};
}
