import type { INodeProperties } from 'n8n-workflow';

import { listenerOptionProperties } from '../shared/listenerOptions';
import { actionOptions, DEFAULT_DATA_URI, entityOptions } from './options';

export const pipedriveProperties: INodeProperties[] = [
	{
		displayName: 'Setup',
		name: 'setup',
		type: 'options',
		options: [
			{
				name: 'Register the Webhook in Pipedrive (Recommended)',
				value: 'register',
				description:
					'On activation the node creates the webhook with a random HTTP Basic user and password it checks on every delivery, and deletes it on deactivation',
			},
			{
				name: 'I Created the Webhook Myself',
				value: 'manual',
				description: 'Paste the production URL into Pipedrive (Tools → Webhooks) and give the node its HTTP Auth pair',
			},
		],
		default: 'register',
	},
	{
		displayName: 'API Authentication',
		name: 'apiAuthentication',
		type: 'options',
		options: [
			{ name: 'API Token', value: 'apiKey' },
			{ name: 'OAuth2', value: 'oAuth2' },
		],
		default: 'apiKey',
		displayOptions: { show: { setup: ['register'] } },
	},
	{
		displayName: 'Delivery Authentication',
		name: 'incomingAuth',
		type: 'options',
		options: [
			{
				name: 'HTTP Basic Auth',
				value: 'basicAuth',
				description: 'Check the user and password Pipedrive sends with each delivery',
			},
			{
				name: 'None (Unsafe)',
				value: 'none',
				description: 'Accept any request to the URL. Items then carry authentication.verified = false.',
			},
		],
		default: 'basicAuth',
		displayOptions: { show: { setup: ['manual'] } },
	},
	{
		displayName: 'Object',
		name: 'entity',
		type: 'options',
		options: entityOptions,
		default: 'deal',
		description: 'The object to listen to. With Setup "I Created the Webhook Myself", other objects are filtered out.',
	},
	{
		displayName: 'Action',
		name: 'action',
		type: 'options',
		options: actionOptions,
		default: '*',
		description: 'The action to listen to. With Setup "I Created the Webhook Myself", other actions are filtered out.',
	},
	{
		displayName: 'Webhook Version',
		name: 'webhookVersion',
		type: 'options',
		options: [
			{ name: 'Version 2 (Recommended)', value: '2.0' },
			{ name: 'Version 1', value: '1.0' },
		],
		default: '2.0',
		description: 'Payload version Pipedrive sends. Both are understood and give the same item shape.',
		displayOptions: { show: { setup: ['register'] } },
	},
	{
		displayName: 'Webhook Name',
		name: 'webhookName',
		type: 'string',
		default: '',
		placeholder: 'n8n CRM Listeners: <workflow name>',
		description: 'Name shown in Pipedrive. Empty uses "n8n CRM Listeners: " and the workflow name.',
		displayOptions: { show: { setup: ['register'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: (
			[
				{
					displayName: 'Include Raw Payload',
					name: 'includeRawPayload',
					type: 'boolean',
					default: false,
					description: 'Whether to add the delivery as Pipedrive sent it under "raw" on each event',
				},
				// The v2 default trace key, and the default record link.
				...listenerOptionProperties({ traceKey: '{{meta.id}}', dataUri: DEFAULT_DATA_URI }),
			] as INodeProperties[]
		).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];
