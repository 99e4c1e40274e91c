/**
 * HubSpot's object types: the one table every part of the package reads (event normalisation, the Events
 * list, subscriptions, the hsmeta generator, record links).
 *
 * - `id`: the `objectTypeId` HubSpot sends with `object.*` events and uses in record URLs
 *   (https://developers.hubspot.com/docs/guides/crm/using-object-apis).
 * - `name`: our `objectType` in the event header: singular, lower case, like the first half of the classic
 *   subscription names (`contact.creation`).
 * - `subscriptionName`: the object type as generic `object.*` subscriptions name it, where it differs from
 *   `name` (the generic-subscription beta lists MEETING_EVENT for meetings)
 *   (https://developers.hubspot.com/changelog/public-beta-generic-webhook-subscriptions).
 * - `classic`: HubSpot also offers classic `<name>.<action>` subscriptions for it
 *   (https://developers.hubspot.com/docs/api/webhooks#webhook-subscriptions).
 */
export interface HubSpotObjectType {
	readonly id: string;
	readonly name: string;
	readonly label: string;
	readonly subscriptionName?: string;
	readonly classic?: boolean;
}

export const HUBSPOT_OBJECT_TYPES: readonly HubSpotObjectType[] = [
	{ id: '0-1', name: 'contact', label: 'Contact', classic: true },
	{ id: '0-2', name: 'company', label: 'Company', classic: true },
	{ id: '0-3', name: 'deal', label: 'Deal', classic: true },
	{ id: '0-5', name: 'ticket', label: 'Ticket', classic: true },
	{ id: '0-7', name: 'product', label: 'Product', classic: true },
	{ id: '0-8', name: 'line_item', label: 'Line Item', classic: true },
	{ id: '0-14', name: 'quote', label: 'Quote' },
	{ id: '0-18', name: 'communication', label: 'Communication' },
	{ id: '0-19', name: 'feedback_submission', label: 'Feedback Submission' },
	{ id: '0-27', name: 'task', label: 'Task' },
	{ id: '0-46', name: 'note', label: 'Note' },
	{ id: '0-47', name: 'meeting', label: 'Meeting', subscriptionName: 'meeting_event' },
	{ id: '0-48', name: 'call', label: 'Call' },
	{ id: '0-49', name: 'email', label: 'Email' },
	{ id: '0-53', name: 'invoice', label: 'Invoice' },
	{ id: '0-54', name: 'marketing_event', label: 'Marketing Event' },
	{ id: '0-69', name: 'subscription', label: 'Subscription' },
	{ id: '0-74', name: 'goal_target', label: 'Goal' },
	{ id: '0-84', name: 'discount', label: 'Discount' },
	{ id: '0-85', name: 'fee', label: 'Fee' },
	{ id: '0-86', name: 'tax', label: 'Tax' },
	{ id: '0-101', name: 'commerce_payment', label: 'Payment' },
	{ id: '0-115', name: 'user', label: 'User' },
	{ id: '0-116', name: 'postal_mail', label: 'Postal Mail' },
	{ id: '0-123', name: 'order', label: 'Order' },
	{ id: '0-136', name: 'lead', label: 'Lead' },
	{ id: '0-142', name: 'cart', label: 'Cart' },
	{ id: '0-162', name: 'service', label: 'Service' },
	{ id: '0-410', name: 'course', label: 'Course' },
	{ id: '0-420', name: 'listing', label: 'Listing' },
	{ id: '0-421', name: 'appointment', label: 'Appointment' },
	{ id: '0-970', name: 'project', label: 'Project' },
];

const byId = new Map(HUBSPOT_OBJECT_TYPES.map((type) => [type.id, type]));
const byName = new Map(HUBSPOT_OBJECT_TYPES.map((type) => [type.name, type]));

/** `2-…` ids are the account's custom objects; `0-…` the standard ones. */
const OBJECT_TYPE_ID = /^[0-9]+-[0-9]+$/;

export function isHubSpotObjectTypeId(value: string): boolean {
	return OBJECT_TYPE_ID.test(value);
}

/** Custom object names the user told the node, by id (`2-123` → `p12345_cars`): HubSpot's events carry only the id. */
export type CustomObjectNames = ReadonlyMap<string, string>;

/**
 * The object type name for an `objectTypeId`. Custom objects (`2-123`) and ids missing from the table keep
 * their id unless `customNames` knows it: the id alone does not tell a custom object's name, and the id is what
 * HubSpot's CRM API accepts in its paths (`/crm/v3/objects/2-123`).
 */
export function hubspotObjectTypeFromId(objectTypeId: string, customNames?: CustomObjectNames): string {
	return byId.get(objectTypeId)?.name ?? customNames?.get(objectTypeId) ?? objectTypeId.toLowerCase();
}

/** The `objectTypeId` for a header name (`deal` → `0-3`), an id as is, `undefined` when neither. */
export function hubspotObjectTypeIdOf(name: string, customNames?: CustomObjectNames): string | undefined {
	if (isHubSpotObjectTypeId(name)) return name;
	const standard = byName.get(name)?.id;
	if (standard !== undefined) return standard;
	for (const [id, customName] of customNames ?? []) if (customName === name) return id;
	return undefined;
}

export function hubspotObjectTypeById(objectTypeId: string): HubSpotObjectType | undefined {
	return byId.get(objectTypeId);
}

/**
 * Reads "2-123=p12345_cars, 2-456=pets" (the node's Custom Object Names option). Returns the map, or the
 * first entry that is not `<custom object type id>=<name>`.
 */
export function parseCustomObjectNames(text: string): { ok: true; names: CustomObjectNames } | { ok: false; entry: string } {
	const names = new Map<string, string>();
	for (const raw of text.split(',')) {
		const entry = raw.trim();
		if (entry === '') continue;
		const match = /^(2-[0-9]+)\s*=\s*([A-Za-z0-9_]+)$/.exec(entry);
		if (!match) return { ok: false, entry };
		names.set(match[1], match[2].toLowerCase());
	}
	return { ok: true, names };
}
