/**
 * One journal event → an item with the header every trigger of this package shares, and the filter that keeps
 * only what this node asked for: the journal holds every event of the app's subscriptions for the account,
 * including those another workflow subscribed to.
 */
import { hubspotObjectTypeFromId } from '../events/hubspotObjectTypes';
import { firstId, idString } from '../events/idString';
import { isRecord } from '../events/isRecord';
import { isoFromTimestamp } from '../events/timestamp';
import { boundedTraceKey, hashedTraceKey } from '../events/traceKey';
import type { EventType } from '../events/types';
import type { JournalAction, JournalItem, JournalSelection } from './types';

const EVENT_TYPE_OF_ACTION: Readonly<Record<string, EventType>> = {
	CREATE: 'CREATED',
	UPDATE: 'UPDATED',
	DELETE: 'DELETED',
	MERGE: 'MERGED',
	RESTORE: 'RESTORED',
	ASSOCIATION_ADDED: 'ASSOCIATION_CHANGE',
	ASSOCIATION_REMOVED: 'ASSOCIATION_CHANGE',
	GDPR_DELETE: 'PRIVACY_DELETION',
};

const TRACE_PREFIX = 'hubspot-journal';

export function actionOf(event: Record<string, unknown>): string {
	return typeof event.action === 'string' ? event.action.toUpperCase() : '';
}

/** The properties an UPDATE event says changed: keys of `propertyChanges`, or `propertyName`. */
export function changedProperties(event: Record<string, unknown>): string[] {
	const changes = event.propertyChanges;
	if (isRecord(changes)) return Object.keys(changes);
	if (Array.isArray(changes)) {
		return changes.map((change) => (isRecord(change) ? idString(change.propertyName ?? change.name) : '')).filter((name) => name !== '');
	}
	return typeof event.propertyName === 'string' ? [event.propertyName] : [];
}

/** True when the event is one this node subscribed to: its account, object type, action and (for UPDATE) properties. */
export function isSelected(event: Record<string, unknown>, selection: JournalSelection): boolean {
	const portalId = idString(event.portalId);
	if (portalId !== '' && portalId !== String(selection.portalId)) return false;
	const action = actionOf(event) as JournalAction;
	if (!selection.actions.includes(action)) return false;
	const objectTypeId = idString(event.objectTypeId);
	if (objectTypeId !== '' && !selection.objectTypeIds.includes(objectTypeId)) return false;
	if (action !== 'UPDATE' || selection.properties.length === 0) return true;
	const changed = changedProperties(event);
	// An UPDATE that does not say what changed is kept: dropping it could lose a change the user asked for.
	return changed.length === 0 || changed.some((name) => selection.properties.includes(name));
}

/**
 * A key that stays the same when HubSpot writes the same event twice and differs between events: HubSpot's own
 * event id when the event carries one, else a hash of what identifies the change.
 */
export function journalTraceKey(event: Record<string, unknown>): string {
	const own = firstId(event.eventId, event.id);
	if (own !== '') return boundedTraceKey(TRACE_PREFIX, `${TRACE_PREFIX}:${own}`);
	return hashedTraceKey(TRACE_PREFIX, [
		idString(event.portalId),
		actionOf(event),
		idString(event.objectTypeId),
		idString(event.objectId),
		event.occurredAt,
		idString(event.associatedObjectId),
		event.propertyChanges ?? event.propertyName ?? null,
	]);
}

export function toJournalItem(event: Record<string, unknown>, entryOffset: string, fallbackPortalId: number): JournalItem {
	const objectTypeId = idString(event.objectTypeId);
	return {
		eventType: EVENT_TYPE_OF_ACTION[actionOf(event)] ?? 'UNKNOWN',
		objectType: objectTypeId === '' ? '' : hubspotObjectTypeFromId(objectTypeId),
		objectId: idString(event.objectId),
		occurredAt: isoFromTimestamp(event.occurredAt),
		traceKey: journalTraceKey(event),
		portalId: firstId(event.portalId, fallbackPortalId),
		journalOffset: entryOffset,
		event,
	};
}
