import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

const scopes = [
	'crm.objects.contacts.read',
	'crm.objects.companies.read',
	'crm.objects.deals.read',
	'tickets',
	'oauth',
];

/** HubSpot OAuth2 (https://developers.hubspot.com/docs/api/oauth-quickstart-guide): client id/secret go in the token request body. */
export class CrmListenersHubSpotOAuth2Api implements ICredentialType {
	name = 'crmListenersHubSpotOAuth2Api';

	displayName = 'HubSpot OAuth2 API (CRM Listeners)';

	icon = 'file:icons/hubspot.svg' as const;

	extends = ['oAuth2Api'];

	documentationUrl = 'https://developers.hubspot.com/docs/api/oauth-quickstart-guide';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: 'https://app.hubspot.com/oauth/authorize',
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: 'https://api.hubapi.com/oauth/v1/token',
			required: true,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: scopes.join(' '),
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
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: 'https://api.hubapi.com',
			description: 'Use https://api-eu1.hubapi.com for EU data-centre accounts; change for sandboxes or tests. Empty uses https://api.hubapi.com.',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{(String($credentials.apiBaseUrl || "").trim() || "https://api.hubapi.com").replace(/\\/+$/, "")}}',
			url: '/account-info/v3/details',
		},
	};
}
