/**
 * Pipedrive webhook objects and actions (https://pipedrive.readme.io/docs/guide-for-webhooks-v2).
 * v2 speaks of create/change/delete, v1 of added/updated/deleted (+ merged): we show v2 words and
 * translate for v1 registrations and for filtering v1 deliveries.
 */
export const PIPEDRIVE_ENTITIES = [
	'activity',
	'deal',
	'lead',
	'note',
	'organization',
	'person',
	'pipeline',
	'product',
	'project',
	'stage',
	'task',
	'user',
] as const;

export const PIPEDRIVE_ACTIONS = ['create', 'change', 'delete'] as const;
export type PipedriveAction = (typeof PIPEDRIVE_ACTIONS)[number] | '*';

const V1_ACTION: Record<PipedriveAction, string> = { create: 'added', change: 'updated', delete: 'deleted', '*': '*' };

/** The provider words a delivery may carry for one chosen action, in both webhook versions. */
const DELIVERY_ACTIONS: Record<PipedriveAction, string[]> = {
	create: ['create', 'added'],
	change: ['change', 'updated', 'merged'],
	delete: ['delete', 'deleted'],
	'*': ['*'],
};

export function registrationAction(action: PipedriveAction, version: '1.0' | '2.0'): string {
	return version === '1.0' ? V1_ACTION[action] : action;
}

/** Subscription patterns for the shared event filter; empty means everything. */
export function deliveryFilter(action: PipedriveAction, entity: string): string[] {
	if (action === '*' && entity === '*') return [];
	return DELIVERY_ACTIONS[action].map((word) => `${word}.${entity}`);
}

export const entityOptions = [
	{ name: 'All Objects', value: '*' },
	...PIPEDRIVE_ENTITIES.map((entity) => ({
		name: entity.charAt(0).toUpperCase() + entity.slice(1),
		value: entity,
	})),
];

export const actionOptions = [
	{ name: 'All Actions', value: '*' },
	{ name: 'Created', value: 'create' },
	{ name: 'Updated (Includes Merges)', value: 'change' },
	{ name: 'Deleted', value: 'delete' },
];

export const DEFAULT_DATA_URI = 'https://{{meta.host}}/{{objectType}}/{{objectId}}';
