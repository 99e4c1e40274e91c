import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The HTTP Basic pair a hand-made Pipedrive webhook sends with every delivery (Pipedrive webhooks carry no
 * signature: this pair is their only protection). Checked by the Pipedrive Webhook Trigger's credential test.
 */
export class CrmListenersPipedriveBasicAuth implements ICredentialType {
	name = 'crmListenersPipedriveBasicAuth';

	displayName = 'Pipedrive Webhook Basic Auth (CRM Listeners)';

	icon = 'file:icons/pipedrive.svg' as const;

	documentationUrl = 'https://pipedrive.readme.io/docs/guide-for-webhooks';

	properties: INodeProperties[] = [
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
			description: 'The "HTTP Auth username" of the webhook in Pipedrive',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The "HTTP Auth password" of the webhook in Pipedrive: at least 16 random characters',
			// Said where it is typed, before any test: the credential test refuses a shorter password.
			hint: 'At least 16 characters; use a random value.',
		},
	];
}
