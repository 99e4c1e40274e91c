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

export const HUBSPOT_EVENT_PREFIXES = ['contact', 'company', 'deal', 'ticket', 'product', 'line_item', 'conversation'] as const;
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
