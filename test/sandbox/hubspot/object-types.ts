// Object type (URL segment) → names used in properties and webhook event types.

/** Contacts keep the older property name; every other object uses hs_lastmodifieddate. */
export function modifiedProperty(objectType: string): 'lastmodifieddate' | 'hs_lastmodifieddate' {
	return objectType === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
}

const EVENT_PREFIX: Record<string, string> = {
	contacts: 'contact',
	companies: 'company',
	deals: 'deal',
	tickets: 'ticket',
	products: 'product',
	line_items: 'line_item',
};

/** `contacts` → `contact` (the prefix of `contact.creation`). */
export function eventPrefix(objectType: string): string {
	return EVENT_PREFIX[objectType] ?? objectType.replace(/s$/, '');
}

/** The `objectTypeId` generic `object.*` events carry for the record types the sandbox stores. */
const OBJECT_TYPE_ID: Record<string, string> = {
	contacts: '0-1',
	companies: '0-2',
	deals: '0-3',
	tickets: '0-5',
	products: '0-7',
	line_items: '0-8',
	calls: '0-48',
};

export function objectTypeIdOf(objectType: string): string | undefined {
	return OBJECT_TYPE_ID[objectType];
}

export const HUBSPOT_EVENT_PREFIXES = ['contact', 'company', 'deal', 'ticket', 'product', 'line_item', 'conversation'] as const;
export const HUBSPOT_GENERIC_ACTIONS = ['creation', 'deletion', 'propertyChange', 'merge', 'restore', 'associationChange'] as const;
export const HUBSPOT_EVENT_ACTIONS = [
	'creation',
	'deletion',
	'propertyChange',
	'privacyDeletion',
	'merge',
	'restore',
	'associationChange',
	'newMessage',
	'privacyComplianceFinished',
] as const;
