import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_EVENTS_PER_POLL } from '../../core/poller';
import { HUBSPOT_PRESETS, hubspotPreset, PIPEDRIVE_PRESETS, pipedrivePreset } from './presets';

const label = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

const presetJson = (map: object) => JSON.stringify({ 'event.poller.configuration': map }, null, 2);

const PRESET_HINT =
	'For reference, not used by the node: to customise, copy it, set Configuration to "Poller Configuration (JSON)" and paste it there.';

export const pollerProperties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		options: [
			{ name: 'HubSpot', value: 'hubspot' },
			{ name: 'Pipedrive', value: 'pipedrive' },
		],
		default: 'hubspot',
	},
	{
		displayName: 'Authentication',
		name: 'authentication',
		type: 'options',
		options: [
			{ name: 'API Key / Access Token', value: 'apiKey' },
			{ name: 'OAuth2', value: 'oAuth2' },
		],
		default: 'apiKey',
	},
	{
		displayName: 'Configuration',
		name: 'configurationMode',
		type: 'options',
		options: [
			{ name: 'Preset', value: 'preset', description: 'A ready-made configuration for the chosen objects' },
			{
				name: 'Poller Configuration (JSON)',
				value: 'custom',
				description: 'Paste a Cloud Elements poller configuration, an instance configuration, or a whole instance body',
			},
		],
		default: 'preset',
	},
	{
		displayName: 'Objects',
		name: 'hubspotObjects',
		type: 'multiOptions',
		options: HUBSPOT_PRESETS.map((name) => ({ name: label(name), value: name })),
		default: ['contacts'],
		displayOptions: { show: { source: ['hubspot'], configurationMode: ['preset'] } },
	},
	{
		displayName: 'Objects',
		name: 'pipedriveObjects',
		type: 'multiOptions',
		options: PIPEDRIVE_PRESETS.map((name) => ({ name: label(name), value: name })),
		default: ['deals'],
		displayOptions: { show: { source: ['pipedrive'], configurationMode: ['preset'] } },
	},
	// The presets' JSON in a code field (formatted, wrapped, copyable), not in a warning-styled notice.
	{
		displayName: 'Preset Configuration (to Copy)',
		name: 'hubspotPresetConfiguration',
		type: 'json',
		default: presetJson(hubspotPreset(['contacts'])),
		typeOptions: { rows: 10 },
		noDataExpression: true,
		hint: PRESET_HINT,
		description:
			'The HubSpot preset polls CRM search ascending by last-modified date, 200 per page, and lists archived records as DELETED. Shown for Contacts; the other objects differ only in their paths and date fields.',
		displayOptions: { show: { source: ['hubspot'], configurationMode: ['preset'] } },
	},
	{
		displayName: 'Preset Configuration (to Copy)',
		name: 'pipedrivePresetConfiguration',
		type: 'json',
		default: presetJson(pipedrivePreset(['deals'])),
		typeOptions: { rows: 10 },
		noDataExpression: true,
		hint: PRESET_HINT,
		description:
			'The Pipedrive preset polls API v2 lists by update time (updated_since, cursor pages of 500) and lists deleted deals as DELETED. Shown for Deals; the other objects differ only in their paths.',
		displayOptions: { show: { source: ['pipedrive'], configurationMode: ['preset'] } },
	},
	{
		displayName: 'Poller Configuration',
		name: 'configuration',
		type: 'json',
		default: presetJson(hubspotPreset(['contacts'])),
		typeOptions: { rows: 12 },
		description:
			'Cloud Elements poller configuration. URLs are relative to the credential\'s API base URL (absolute URLs only on the same host). Fetch Test Event lists unknown or misspelled keys under configurationWarnings.',
		displayOptions: { show: { configurationMode: ['custom'] } },
	},
	{
		displayName: 'Start From',
		name: 'startDate',
		type: 'dateTime',
		default: '',
		description:
			'Where the first poll starts. Empty starts from the moment of activation (no flood of history).',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Include Deleted Records',
				name: 'includeDeleted',
				type: 'boolean',
				default: true,
				description:
					'Whether the preset also polls archived HubSpot records and deleted Pipedrive deals, as DELETED events',
			},
			{
				displayName: 'Max Events per Poll',
				name: 'maxEvents',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_EVENTS_PER_POLL,
				description:
					'A larger backlog is emitted over several polls (checked between pages, so a poll may return up to one page more). Keeps one execution from holding a huge backlog in memory.',
			},
			{
				displayName: 'Test Event Count',
				name: 'testLimit',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 50 },
				default: 5,
				description: 'How many recent records "Fetch Test Event" returns. It never moves the cursor.',
			},
		],
	},
];
