import { HUBSPOT_OBJECT_TYPES, isHubSpotObjectTypeId } from './hubspotObjectTypes';

/*
 * The HubSpot events a user can pick, as the node's Events values and as the `subscription` names the
 * normaliser gives events, so one string selects, subscribes and filters:
 * - classic names as HubSpot spells them: `contact.creation`, `deal.propertyChange`, `contact.privacyDeletion`;
 * - generic subscriptions with the object type appended: `object.creation.0-48` (calls created). HubSpot
 *   sends `subscriptionType: object.creation` plus `objectTypeId: 0-48`; the id makes the name unique.
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/configure-webhooks
 */

export const HUBSPOT_CLASSIC_ACTIONS = [
	'creation',
	'deletion',
	'propertyChange',
	'merge',
	'restore',
	'associationChange',
	'privacyDeletion',
] as const;
export const HUBSPOT_GENERIC_ACTIONS = ['creation', 'deletion', 'propertyChange', 'merge', 'restore', 'associationChange'] as const;
export type HubSpotGenericAction = (typeof HUBSPOT_GENERIC_ACTIONS)[number];

const ACTION_LABELS: Readonly<Record<string, string>> = {
	creation: 'Created',
	deletion: 'Deleted',
	propertyChange: 'Property Changed',
	merge: 'Merged',
	restore: 'Restored',
	associationChange: 'Association Changed',
	privacyDeletion: 'Deleted for Privacy',
};

/** Where a subscription goes in a project app's webhooks file, and how the webhooks API creates it. */
export type HubSpotEventKind = 'crmObjects' | 'legacyCrmObjects' | 'hubEvents';

export interface HubSpotEventSelection {
	/** The Events value and the normalised `subscription`. */
	value: string;
	kind: HubSpotEventKind;
	/** As HubSpot names the subscription type (`object.creation`, `contact.creation`). */
	subscriptionType: string;
	/** Generic subscriptions only. */
	objectTypeId?: string;
	/** Property-change subscriptions are made per property. */
	needsProperty: boolean;
}

/** The `subscription` of a generic event: its type, plus the object type id when HubSpot sent one. */
export function genericSubscriptionName(subscriptionType: string, objectTypeId: string): string {
	return objectTypeId === '' ? subscriptionType : `${subscriptionType}.${objectTypeId}`;
}

function classicSupported(name: string, action: string): boolean {
	if (action === 'privacyDeletion') return name === 'contact';
	if (name === 'product') return action !== 'associationChange';
	return true;
}

/** Every selectable event, labelled for the Events list and sorted by label. */
export const HUBSPOT_EVENT_OPTIONS: ReadonlyArray<{ name: string; value: string }> = [
	...HUBSPOT_OBJECT_TYPES.filter((type) => type.classic).flatMap((type) =>
		HUBSPOT_CLASSIC_ACTIONS.filter((action) => classicSupported(type.name, action)).map((action) => ({
			name: `${type.label} ${ACTION_LABELS[action]}`,
			value: `${type.name}.${action}`,
		})),
	),
	...HUBSPOT_OBJECT_TYPES.flatMap((type) =>
		HUBSPOT_GENERIC_ACTIONS.map((action) => ({
			name: `${type.label} ${ACTION_LABELS[action]} (object.${action})`,
			value: genericSubscriptionName(`object.${action}`, type.id),
		})),
	),
].sort((a, b) => a.name.localeCompare(b.name));

/** Hub events in a project app's file: privacy deletions and conversations. */
function isHubEvent(subscriptionType: string): boolean {
	return subscriptionType === 'contact.privacyDeletion' || subscriptionType.startsWith('conversation.');
}

/**
 * Reads one Events value. Generic values may name any object type id, custom objects (`2-…`) included;
 * `undefined` for anything that is not an event name (the caller reports it).
 */
export function parseHubSpotEvent(value: string): HubSpotEventSelection | undefined {
	const parts = value.split('.');
	if (parts[0] === 'object') {
		const [, action, objectTypeId, ...rest] = parts;
		const known = (HUBSPOT_GENERIC_ACTIONS as readonly string[]).includes(action ?? '');
		if (!known || rest.length > 0 || objectTypeId === undefined || !isHubSpotObjectTypeId(objectTypeId)) return undefined;
		const subscriptionType = `object.${action}`;
		return { value, kind: 'crmObjects', subscriptionType, objectTypeId, needsProperty: action === 'propertyChange' };
	}
	if (parts.length !== 2 || !/^[a-z_]+$/.test(parts[0]) || !/^[A-Za-z]+$/.test(parts[1])) return undefined;
	return {
		value,
		kind: isHubEvent(value) ? 'hubEvents' : 'legacyCrmObjects',
		subscriptionType: value,
		needsProperty: parts[1] === 'propertyChange',
	};
}
