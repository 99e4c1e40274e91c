/**
 * HubSpot's ids for its standard object types, as sent in `objectTypeId` by `object.*` subscriptions.
 * https://developers.hubspot.com/docs/guides/crm/using-object-apis
 */
export const HUBSPOT_OBJECT_TYPE_IDS: Readonly<Record<string, string>> = {
	'0-1': 'contact',
	'0-2': 'company',
	'0-3': 'deal',
	'0-5': 'ticket',
	'0-7': 'product',
	'0-8': 'line_item',
	'0-27': 'task',
	'0-46': 'note',
	'0-47': 'meeting',
	'0-48': 'call',
	'0-49': 'email',
};

/**
 * The object type name for an `objectTypeId`. Custom objects (`2-123`) and standard types missing from the
 * table keep their id as the name: the id alone does not tell the custom object's name (`p12345_cars`), and
 * the id is what HubSpot's CRM API accepts in its paths (`/crm/v3/objects/2-123`).
 */
export function hubspotObjectTypeFromId(objectTypeId: string): string {
	return HUBSPOT_OBJECT_TYPE_IDS[objectTypeId] ?? objectTypeId.toLowerCase();
}
