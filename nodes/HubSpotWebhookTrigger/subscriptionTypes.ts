/**
 * HubSpot webhook subscription types (https://developers.hubspot.com/docs/api/webhooks#webhook-subscriptions).
 * Used both to filter deliveries and to create subscriptions.
 */
export const HUBSPOT_OBJECTS = ['contact', 'company', 'deal', 'ticket', 'product', 'line_item'] as const;
export const HUBSPOT_ACTIONS = [
	'creation',
	'deletion',
	'propertyChange',
	'merge',
	'restore',
	'associationChange',
	'privacyDeletion',
] as const;
type HubSpotObject = (typeof HUBSPOT_OBJECTS)[number];
type HubSpotAction = (typeof HUBSPOT_ACTIONS)[number];

const objectLabels: Record<HubSpotObject, string> = {
	contact: 'Contact',
	company: 'Company',
	deal: 'Deal',
	ticket: 'Ticket',
	product: 'Product',
	line_item: 'Line Item',
};
const actionLabels: Record<HubSpotAction, string> = {
	creation: 'Created',
	deletion: 'Deleted',
	propertyChange: 'Property Changed',
	merge: 'Merged',
	restore: 'Restored',
	associationChange: 'Association Changed',
	privacyDeletion: 'Deleted for Privacy',
};

function supported(object: HubSpotObject, action: HubSpotAction): boolean {
	if (action === 'privacyDeletion') return object === 'contact';
	if (object === 'line_item' || object === 'product') return action !== 'associationChange' || object === 'line_item';
	return true;
}

export const subscriptionTypeOptions = HUBSPOT_OBJECTS.flatMap((object) =>
	HUBSPOT_ACTIONS.filter((action) => supported(object, action)).map((action) => ({
		name: `${objectLabels[object]} ${actionLabels[action]}`,
		value: `${object}.${action}`,
	})),
).sort((a, b) => a.name.localeCompare(b.name));

/** HubSpot's object type ids, for record links (https://developers.hubspot.com/docs/api/crm/understanding-the-crm). */
export const OBJECT_TYPE_IDS: Record<string, string> = {
	contact: '0-1',
	company: '0-2',
	deal: '0-3',
	ticket: '0-5',
	product: '0-7',
	line_item: '0-8',
};

export const DEFAULT_DATA_URI = 'https://app.hubspot.com/contacts/{{portalId}}/record/{{objectTypeId}}/{{objectId}}';
