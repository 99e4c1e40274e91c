import type { INodeProperties } from 'n8n-workflow';

import { listenerOptionProperties } from '../shared/listenerOptions';
import { HUBSPOT_DEFAULT_DATA_URI, HUBSPOT_EVENT_OPTIONS } from '../../core/events';

export const hubSpotProperties: INodeProperties[] = [
	{
		displayName: 'HubSpot App',
		name: 'appModel',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Legacy Public App (Subscriptions Set by n8n)',
				value: 'legacyPublicApp',
				description:
					'An app made before June 2026 with a developer API key: this trigger sets its target URL and subscriptions',
			},
			{
				name: 'Project App, Private App or Workflow Action (Set in HubSpot)',
				value: 'configuredInHubSpot',
				description:
					'You declare the webhooks in HubSpot (hsmeta file and hs project upload, the private app Webhooks tab, or a workflow action); this trigger receives and verifies',
			},
		],
		default: 'legacyPublicApp',
	},
	{
		displayName:
			'With a developer API key and app ID in the credential this trigger sets the app\'s target URL and subscriptions on activation (HubSpot stops supporting legacy apps in September 2027). Without them, paste the Production URL above into the app\'s Webhooks settings.',
		name: 'setupNotice',
		// A neutral callout, not a (warning-styled) notice: it informs, whatever the credential holds.
		type: 'callout',
		default: '',
		displayOptions: { show: { appModel: ['legacyPublicApp'] } },
	},
	{
		displayName:
			'HubSpot sends to this workflow\'s Production URL. To get your project\'s webhooks file (that URL and the events below) and the deploy steps: click Execute step, then open the Test URL above in your browser; the setup appears here as output. Put the app\'s client secret in the credential.',
		name: 'projectSetupNotice',
		type: 'callout',
		default: '',
		displayOptions: { show: { appModel: ['configuredInHubSpot'] } },
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: [...HUBSPOT_EVENT_OPTIONS],
		default: [],
		description:
			'Events to accept, and to subscribe to when subscriptions are managed. "(object.…)" entries are HubSpot\'s generic subscriptions, one per object type. None selected accepts every event HubSpot sends.',
	},
	{
		displayName: 'Properties to Watch',
		name: 'propertyNames',
		type: 'string',
		default: '',
		placeholder: 'email, lifecyclestage',
		description:
			'Comma-separated property names. Each selected "Property Changed" event is subscribed once per property (HubSpot requires a property for those subscriptions).',
	},
	{
		displayName: 'Manage Subscriptions',
		name: 'manageSubscriptions',
		type: 'boolean',
		default: true,
		description:
			"Whether to set the app's target URL and create the selected subscriptions on activation, and remove what this node created on deactivation. Needs a developer API key and app ID in the credential.",
		displayOptions: { show: { appModel: ['legacyPublicApp'] } },
	},
	{
		displayName: 'Execute Step Receives',
		name: 'testDeliveries',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'A Test Delivery I Send',
				value: 'manual',
				description:
					'Changes nothing in HubSpot. While listening, open the Test URL in a browser for a command that sends a signed test event to it.',
			},
			{
				name: 'HubSpot Events, Borrowing the App',
				value: 'borrow',
				description:
					"Points the app at the Test URL even when another URL (such as this workflow's production URL) has it, and puts that URL back when the test ends. Deliveries meanwhile go to the test.",
			},
			{
				name: 'HubSpot Events When the App Is Free',
				value: 'ifFree',
				description:
					'Points the app at the Test URL only when it has no target URL, and clears it when the test ends. When a workflow already receives its events, Execute step stops and says what to do.',
			},
		],
		default: 'ifFree',
		displayOptions: { show: { appModel: ['legacyPublicApp'], manageSubscriptions: [true] } },
	},
	{
		displayName: 'Signature Verification',
		name: 'verification',
		type: 'options',
		options: [
			{
				name: 'Verify HubSpot Signature',
				value: 'signature',
				description: 'Reject every request that is not signed with the app\'s client secret (v1, v2 or v3)',
			},
			{
				name: 'Do Not Verify (Unsafe)',
				value: 'none',
				description: 'Accept unsigned requests. Items then carry verification.verified = false.',
			},
		],
		default: 'signature',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: ([
			{
				displayName: 'Custom Object Names',
				name: 'customObjectNames',
				type: 'string',
				default: '',
				placeholder: '2-123=cars, 2-456=pets',
				description:
					'Names for your custom object type IDs, used as objectType on their events. Without a name the ID (2-123) is the objectType.',
			},
			{
				displayName: 'Public URL',
				name: 'publicUrl',
				type: 'string',
				default: '',
				placeholder: 'https://n8n.example.com/webhook/…',
				description:
					'The exact URL HubSpot calls, when n8n runs behind a proxy or tunnel that changes scheme, host or path. Signatures v2 and v3 cover the URL.',
			},
			{
				displayName: 'Require Signature v3',
				name: 'requireV3',
				type: 'boolean',
				default: false,
				description:
					'Whether to accept only timestamped v3 signatures. Without it, once this node has accepted a v3 delivery it refuses v1-only ones (a captured delivery stripped of its v3 headers); turn it on to refuse them from the first delivery. Leave it off for workflow actions, which HubSpot signs with v2 only.',
			},
			{
				displayName: 'Timestamp Tolerance (Seconds)',
				name: 'toleranceSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300,
				description: 'How far a v3 request timestamp may lie from now, in either direction',
			},
			// The default trace key hashes these (and the other identifying fields); the default record link.
			...listenerOptionProperties({
				traceKey: '{{join ":" portalId subscriptionId eventId objectId occurredAtMs propertyName}}',
				dataUri: HUBSPOT_DEFAULT_DATA_URI,
			}),
		] as INodeProperties[]).sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];
