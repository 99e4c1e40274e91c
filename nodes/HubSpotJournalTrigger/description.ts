import type { INodeProperties } from 'n8n-workflow';

import { JOURNAL_OBJECTS } from './objects';

export const journalProperties: INodeProperties[] = [
	{
		displayName: 'Account (Portal) ID',
		name: 'portalId',
		type: 'number',
		default: 0,
		required: true,
		description: 'The HubSpot account the app is installed in (Settings → Account details, or the number in app.hubspot.com URLs)',
	},
	{
		displayName: 'Objects',
		name: 'objects',
		type: 'multiOptions',
		options: [...JOURNAL_OBJECTS],
		default: ['0-1'],
		description: 'Object types to subscribe to. The credential needs the read scope of each.',
	},
	{
		displayName: 'Custom Object Type IDs',
		name: 'customObjectTypeIds',
		type: 'string',
		default: '',
		placeholder: '2-123456, 2-654321',
		description: 'Comma-separated IDs of custom objects (or other standard objects) to add',
	},
	{
		displayName: 'Actions',
		name: 'actions',
		type: 'multiOptions',
		options: [
			{ name: 'Association Added', value: 'ASSOCIATION_ADDED' },
			{ name: 'Association Removed', value: 'ASSOCIATION_REMOVED' },
			{ name: 'Create', value: 'CREATE' },
			{ name: 'Delete', value: 'DELETE' },
			{ name: 'Merge', value: 'MERGE' },
			{ name: 'Restore', value: 'RESTORE' },
			{ name: 'Update', value: 'UPDATE' },
		],
		default: ['CREATE', 'UPDATE', 'DELETE'],
	},
	{
		displayName: 'Properties to Watch',
		name: 'properties',
		type: 'string',
		default: '',
		placeholder: 'email, lifecyclestage',
		description: 'Comma-separated property names: updates are emitted only when one of them changed. Empty = every property.',
		displayOptions: { show: { actions: ['UPDATE'] } },
	},
	{
		displayName: 'Start From',
		name: 'start',
		type: 'options',
		options: [
			{ name: 'Now (Latest Entry)', value: 'latest', description: 'Emit only what happens after activation' },
			{ name: 'Earliest Retained Entry', value: 'earliest', description: 'Also emit what the journal still holds (up to three days back)' },
		],
		default: 'latest',
		description: 'Where the first poll after activation starts; later polls continue from the stored position',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Manage Subscriptions',
				name: 'manageSubscriptions',
				type: 'boolean',
				default: true,
				description:
					"Whether the trigger creates and updates the app's journal subscriptions for this account to match the settings. Turn off to manage them yourself.",
			},
			{
				displayName: 'Max Events per Poll',
				name: 'maxEvents',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 5000,
				description: 'A poll stops taking new journal entries once it has this many events; the next poll continues. An entry is never split.',
			},
			{
				displayName: 'On Expired Offset',
				name: 'onExpiredOffset',
				type: 'options',
				options: [
					{ name: 'Fail and Explain the Gap', value: 'fail' },
					{ name: 'Restart at Earliest Retained Entry', value: 'restartAtEarliest' },
				],
				default: 'fail',
				description:
					'What to do when the stored position is older than the three days HubSpot keeps. Restarting resumes with the oldest entry still kept; events in between are lost and the first item says so.',
			},
			{
				displayName: 'Test Event Count',
				name: 'testLimit',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 5,
				description: 'How many recent events "Fetch Test Event" shows',
			},
		],
	},
];
