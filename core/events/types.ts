/**
 * The normalised header every trigger of this package puts on its items, so one workflow can take events
 * from the HubSpot and Pipedrive webhooks and from the poller alike.
 */
export const EVENT_TYPES = [
	'CREATED',
	'UPDATED',
	'DELETED',
	'MERGED',
	'RESTORED',
	'ASSOCIATION_CHANGE',
	'PRIVACY_DELETION',
	'UNKNOWN',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface EventHeader {
	eventType: EventType;
	/** Singular, lower case: `contact`, `deal`, `person`, `p12345_cars` for HubSpot custom objects. */
	objectType: string;
	/** Always a string: ids can exceed 2^53 and Pipedrive v2 sends them as strings. */
	objectId: string;
	/** ISO 8601 in UTC, milliseconds precision; empty string when the provider gave no usable time. */
	occurredAt: string;
}

/** One provider event, split out of a delivery and normalised, before filtering and de-duplication. */
export interface NormalisedEvent {
	header: EventHeader;
	/**
	 * The provider's own name for what happened, used by the node's event filter:
	 * HubSpot `contact.propertyChange`, Pipedrive `change.deal` (v2) / `updated.deal` (v1).
	 */
	subscription: string;
	/** A key that is the same for every retry of this event and differs between events. */
	defaultTraceKey: string;
	/**
	 * True when `defaultTraceKey` is made by `hashedTraceKey` (a prefix and 40 hex digits): its storage key is then
	 * taken without checking its form again (`storageKey` gives the same).
	 */
	defaultTraceKeyHashed?: boolean;
	/** The item body without the header: the provider's fields (HubSpot) or current/previous/meta (Pipedrive). */
	fields: Record<string, unknown>;
}
