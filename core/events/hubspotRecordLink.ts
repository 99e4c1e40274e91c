import { hubspotObjectTypeIdOf, type CustomObjectNames } from './hubspotObjectTypes';
import type { NormalisedEvent } from './types';

/**
 * The record page in HubSpot's app: account, object type id, record id
 * (https://knowledge.hubspot.com/records/view-and-edit-records). All three must be known, or there is no link.
 */
export const HUBSPOT_DEFAULT_DATA_URI = 'https://app.hubspot.com/contacts/{{portalId}}/record/{{objectTypeId}}/{{objectId}}';
export const HUBSPOT_DEFAULT_DATA_URI_REQUIRES: readonly string[] = ['portalId', 'objectTypeId', 'objectId'];

/**
 * Adds `objectTypeId` to an event's fields when HubSpot left it implied (classic `deal.creation` events, workflow
 * records naming their `objectType`), so record links and templates can use it. Unknown types get none.
 */
export function addHubSpotObjectTypeId(event: NormalisedEvent, customNames?: CustomObjectNames): void {
	if (event.fields.objectTypeId !== undefined || event.header.objectType === '') return;
	const id = hubspotObjectTypeIdOf(event.header.objectType, customNames);
	if (id !== undefined) event.fields.objectTypeId = id;
}
