import { firstId, idString } from './idString';
import { genericSubscriptionName } from './hubspotEventCatalog';
import { hubspotObjectTypeFromId, type CustomObjectNames } from './hubspotObjectTypes';
import { hashedTraceKey } from './traceKey';
import { isoFromEpochMs } from './timestamp';
import type { EventType, NormalisedEvent } from './types';

/*
 * One event of a HubSpot app webhook delivery (webhooks API subscriptions).
 * https://developers.hubspot.com/docs/api/webhooks#webhook-payloads
 */

/** The action half of `subscriptionType` (`contact.propertyChange`) → our event type. */
export const HUBSPOT_ACTION_EVENT_TYPES: Readonly<Record<string, EventType>> = {
	creation: 'CREATED',
	propertyChange: 'UPDATED',
	deletion: 'DELETED',
	privacyDeletion: 'PRIVACY_DELETION',
	merge: 'MERGED',
	restore: 'RESTORED',
	associationChange: 'ASSOCIATION_CHANGE',
};

const TRACE_KEY_PREFIX = 'hubspot';

/**
 * The fields that identify an event, in a fixed order (part of every trace key already stored: never change it).
 * `attemptNumber` is left out on purpose (it is what changes between retries); `eventId` alone is not enough
 * because HubSpot does not guarantee it to be unique, so the subscription, the object, the time and what changed
 * are part of the key too. Read by name: a keyed read per field name in a loop cost four times as much per event.
 */
export function identityOf(event: Record<string, unknown>): unknown[] {
	return [
		event.portalId,
		event.appId,
		event.subscriptionId,
		event.eventId,
		event.subscriptionType,
		event.objectTypeId,
		event.objectId,
		event.occurredAt,
		event.propertyName,
		event.propertyValue,
		event.primaryObjectId,
		event.mergedObjectIds,
		event.newObjectId,
		event.fromObjectId,
		event.toObjectId,
		event.associationType,
		event.associationRemoved,
	];
}

/**
 * `event` must have a string `subscriptionType`; the caller checks that. The fields are a copy of `event` with
 * `occurredAtMs` added, or with `inPlace` `event` itself with `occurredAtMs` added (same keys, order and values):
 * V8 copies an object from `JSON.parse` by spread at several microseconds per event, which was most of the
 * webhook's per-event time.
 */
export function normaliseHubSpotAppEvent(
	event: Record<string, unknown>,
	subscriptionType: string,
	customNames?: CustomObjectNames,
	inPlace = false,
): NormalisedEvent {
	const dot = subscriptionType.indexOf('.');
	const objectPart = dot < 0 ? subscriptionType : subscriptionType.slice(0, dot);
	const action = dot < 0 ? '' : subscriptionType.slice(dot + 1);
	const eventType = Object.hasOwn(HUBSPOT_ACTION_EVENT_TYPES, action) ? HUBSPOT_ACTION_EVENT_TYPES[action] : 'UNKNOWN';
	const occurredAtMs = epochMs(event.occurredAt);
	const objectTypeId = objectPart === 'object' ? idString(event.objectTypeId) : '';
	// Over the fields as received, before `occurredAtMs` (or a later `objectTypeId`) is added to them.
	const defaultTraceKey = hashedTraceKey(TRACE_KEY_PREFIX, identityOf(event));
	let fields: Record<string, unknown>;
	if (inPlace) {
		event.occurredAtMs = occurredAtMs;
		fields = event;
	} else {
		fields = { ...event, occurredAtMs };
	}

	return {
		header: {
			eventType,
			objectType: objectPart === 'object' ? objectTypeFromId(objectTypeId, customNames) : objectPart.toLowerCase(),
			objectId: objectIdOf(eventType, event),
			occurredAt: occurredAtMs === null ? '' : isoFromEpochMs(occurredAtMs),
		},
		subscription: objectPart === 'object' ? genericSubscriptionName(subscriptionType, objectTypeId) : subscriptionType,
		defaultTraceKey,
		defaultTraceKeyHashed: true,
		fields,
	};
}

/** `object.*` subscriptions name the type in `objectTypeId`; the others in the first half of the name. */
function objectTypeFromId(objectTypeId: string, customNames: CustomObjectNames | undefined): string {
	return objectTypeId === '' ? '' : hubspotObjectTypeFromId(objectTypeId, customNames);
}

/**
 * A merge names the record that exists afterwards: `newObjectId` when HubSpot created a new record for the
 * merge, else the `primaryObjectId` that absorbed the others (the merged-away ids stay in the fields).
 * Association changes carry no `objectId`; the record whose association changed is `fromObjectId`.
 */
function objectIdOf(eventType: EventType, event: Record<string, unknown>): string {
	if (eventType === 'MERGED') return firstId(event.newObjectId, event.primaryObjectId, event.objectId);
	if (eventType === 'ASSOCIATION_CHANGE') return firstId(event.objectId, event.fromObjectId);
	return idString(event.objectId);
}

/** HubSpot sends `occurredAt` as epoch milliseconds; a numeric string is taken too. */
function epochMs(value: unknown): number | null {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && /^[0-9]{1,16}$/.test(value)) return Number(value);
	return null;
}
