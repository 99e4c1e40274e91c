import { firstId } from './idString';
import { isRecord } from './isRecord';
import { hubspotObjectTypeFromId, isHubSpotObjectTypeId, type CustomObjectNames } from './hubspotObjectTypes';
import { boundedTraceKey, hashedTraceKey } from './traceKey';
import { isoFromTimestamp } from './timestamp';
import type { EventType, NormalisedEvent } from './types';

/*
 * A delivery of a HubSpot workflow "Send a webhook" action: one CRM record, as the object APIs return it
 * (v3 shape `{id, properties, createdAt, updatedAt, archived}`, legacy contact shape `{vid, properties:
 * {name: {value}}}`, or the flat property map of a customised request body), not an event.
 * https://knowledge.hubspot.com/workflows/how-do-i-use-webhooks-with-hubspot-workflows
 */

/** The `subscription` of every workflow delivery, for the node's event filter. */
export const HUBSPOT_WORKFLOW_SUBSCRIPTION = 'workflow';

const LAST_MODIFIED_PROPERTIES = ['hs_lastmodifieddate', 'lastmodifieddate'] as const;

export function normaliseHubSpotWorkflowRecord(
	record: Record<string, unknown>,
	rawBodySha256: () => string,
	customNames?: CustomObjectNames,
): NormalisedEvent {
	const properties = isRecord(record.properties) ? record.properties : {};
	const objectType = objectTypeOf(record, customNames);
	const objectId = firstId(
		record.objectId,
		record.id,
		record.vid,
		propertyValue(properties, 'hs_object_id'),
		propertyValue(record, 'hs_object_id'),
	);
	const lastModified = lastModifiedOf(record, properties);
	// The action does not say what happened to the record; an archived record is the one thing we can tell.
	// Without any record id the body is not a CRM record at all (a custom body such as HubSpot's own
	// `{"example_field":"example_value"}` example): nothing about it is known.
	const eventType: EventType = objectId === '' ? 'UNKNOWN' : record.archived === true ? 'DELETED' : 'UPDATED';

	return {
		header: { eventType, objectType, objectId, occurredAt: isoFromTimestamp(lastModified) },
		subscription: HUBSPOT_WORKFLOW_SUBSCRIPTION,
		// A retry re-sends the same record state, so id + last-modified identify it; without both the bytes of
		// the body are all we have (which also stay the same across retries).
		defaultTraceKey:
			objectId !== '' && lastModified !== undefined
				? hashedTraceKey('hubspot-record', [objectType, objectId, String(lastModified)])
				: boundedTraceKey('hubspot-body', `hubspot-body:${rawBodySha256()}`),
		fields: record,
	};
}

function objectTypeOf(record: Record<string, unknown>, customNames: CustomObjectNames | undefined): string {
	if (typeof record.objectType === 'string' && record.objectType !== '') {
		const name = record.objectType.toLowerCase();
		return isHubSpotObjectTypeId(name) ? hubspotObjectTypeFromId(name, customNames) : name;
	}
	// Only the legacy contacts API names its records by `vid`.
	if (record.vid !== undefined || record['canonical-vid'] !== undefined) return 'contact';
	return '';
}

function lastModifiedOf(record: Record<string, unknown>, properties: Record<string, unknown>): unknown {
	for (const name of LAST_MODIFIED_PROPERTIES) {
		const value = propertyValue(properties, name);
		if (isPresent(value)) return value;
	}
	if (isPresent(record.updatedAt)) return record.updatedAt;
	for (const name of LAST_MODIFIED_PROPERTIES) {
		const value = propertyValue(record, name);
		if (isPresent(value)) return value;
	}
	return undefined;
}

/** A property either as a plain value (v3 APIs) or wrapped as `{value, versions}` (legacy contacts API). */
function propertyValue(properties: Record<string, unknown>, name: string): unknown {
	const value = properties[name];
	return isRecord(value) ? value.value : value;
}

function isPresent(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}
