import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * A HubSpot public app as the webhook trigger sees it: the client secret signs every delivery
 * (https://developers.hubspot.com/docs/api/webhooks/validating-requests); the developer API key and app ID
 * are only needed when the trigger should manage the app's webhook target URL and subscriptions itself.
 */
export class CrmListenersHubSpotApp implements ICredentialType {
	name = 'crmListenersHubSpotApp';

	displayName = 'HubSpot App (CRM Listeners)';

	icon = 'file:icons/hubspot.svg' as const;

	documentationUrl = 'https://developers.hubspot.com/docs/api/webhooks';

	properties: INodeProperties[] = [
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: "The app's client secret (app settings → Auth). HubSpot signs every delivery with it.",
		},
		{
			displayName: 'Previous Client Secret',
			name: 'previousClientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'While you rotate the client secret, put the old one here: deliveries signed with either are accepted. Clear it once the rotation is done.',
		},
		{
			displayName: 'App ID',
			name: 'appId',
			type: 'string',
			default: '',
			description: 'Needed only for automatic subscription management',
		},
		{
			displayName: 'Developer API Key',
			name: 'developerApiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Key of the developer account that owns the app. With it and the App ID, the trigger sets the app's target URL and creates its subscriptions on activation. Leave empty to paste the URL into HubSpot yourself.",
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: 'https://api.hubapi.com',
			description: 'Change only for tests or a proxy. Empty uses https://api.hubapi.com.',
		},
	];

	// Only the webhooks API uses this credential for calls; the developer key travels as `hapikey`.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			qs: {
				hapikey: '={{$credentials.developerApiKey}}',
			},
		},
	};

	// 200 (settings exist) and 404 (valid key, nothing set yet) both prove the key works for this app.
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{(String($credentials.apiBaseUrl || "").trim() || "https://api.hubapi.com").replace(/\\/+$/, "")}}',
			url: '=/webhooks/v3/{{$credentials.appId || "0"}}/settings',
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'HubSpot rejected the developer API key (or none is set). The client secret alone cannot be tested: it is checked on each signed delivery.',
				},
			},
			{
				type: 'responseCode',
				properties: { value: 403, message: 'The developer API key does not own this app ID' },
			},
			{
				type: 'responseCode',
				properties: { value: 400, message: 'HubSpot did not accept the app ID' },
			},
		],
	};
}
