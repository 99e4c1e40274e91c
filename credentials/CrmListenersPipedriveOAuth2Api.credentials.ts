import type { ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Pipedrive OAuth2 (https://pipedrive.readme.io/docs/marketplace-oauth-authorization): client credentials go
 * as HTTP Basic to the token endpoint, and API calls go to the `api_domain` the token response names.
 */
export class CrmListenersPipedriveOAuth2Api implements ICredentialType {
	name = 'crmListenersPipedriveOAuth2Api';

	displayName = 'Pipedrive OAuth2 API (CRM Listeners)';

	icon = 'file:icons/pipedrive.svg' as const;

	extends = ['oAuth2Api'];

	documentationUrl = 'https://pipedrive.readme.io/docs/marketplace-oauth-authorization';

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
			default: 'https://oauth.pipedrive.com/oauth/authorize',
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: 'https://oauth.pipedrive.com/oauth/token',
			required: true,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			// Pipedrive sets scopes on the app itself; the authorize request carries none.
			default: '',
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
			default: 'header',
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://yourcompany.pipedrive.com',
			description:
				'Leave empty to use the api_domain Pipedrive returns with the token; set your company domain or a test URL to override it',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{($credentials.apiBaseUrl || ($credentials.oauthTokenData && $credentials.oauthTokenData.api_domain) || "https://api.pipedrive.com").replace(/\\/+$/, "")}}',
			url: '/v1/users/me',
		},
	};
}
