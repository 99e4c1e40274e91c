import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/** A private-app access token or service key, sent as a Bearer token (HubSpot retired account API keys in 2022). */
export class CrmListenersHubSpotApiKey implements ICredentialType {
	name = 'crmListenersHubSpotApiKey';

	// HubSpot retired account API keys: what this holds is an access token, and its name says so.
	displayName = 'HubSpot Access Token (CRM Listeners)';

	icon = 'file:icons/hubspot.svg' as const;

	documentationUrl = 'https://developers.hubspot.com/docs/api/private-apps';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Private-app access token or service key with CRM read scopes',
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: 'https://api.hubapi.com',
			description: 'Use https://api-eu1.hubapi.com for EU data-centre accounts; change for sandboxes or tests. Empty uses https://api.hubapi.com.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{(String($credentials.apiBaseUrl || "").trim() || "https://api.hubapi.com").replace(/\\/+$/, "")}}',
			url: '/account-info/v3/details',
		},
	};
}
