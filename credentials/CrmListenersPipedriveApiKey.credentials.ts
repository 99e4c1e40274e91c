import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/** A Pipedrive API token, sent in the `x-api-token` header (https://pipedrive.readme.io/docs/how-to-find-the-api-token). */
export class CrmListenersPipedriveApiKey implements ICredentialType {
	name = 'crmListenersPipedriveApiKey';

	displayName = 'Pipedrive API Key (CRM Listeners)';

	icon = 'file:icons/pipedrive.svg' as const;

	documentationUrl = 'https://pipedrive.readme.io/docs/how-to-find-the-api-token';

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: 'https://api.pipedrive.com',
			placeholder: 'https://yourcompany.pipedrive.com',
			description: 'Your company domain or https://api.pipedrive.com; change for tests. Empty uses https://api.pipedrive.com.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'x-api-token': '={{$credentials.apiToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{(String($credentials.apiBaseUrl || "").trim() || "https://api.pipedrive.com").replace(/\\/+$/, "")}}',
			url: '/v1/users/me',
		},
	};
}
