/**
 * HubSpot's webhooks journal (API version 2026-03) as the journal trigger sees it.
 * https://developers.hubspot.com/docs/api-reference/latest/webhooks-journal/guide
 */
import type { EventType } from '../events/types';

/** What a v4 subscription can ask for, as the node offers it (snapshots and list membership are left out). */
export const JOURNAL_ACTIONS = [
	'CREATE',
	'UPDATE',
	'DELETE',
	'MERGE',
	'RESTORE',
	'ASSOCIATION_ADDED',
	'ASSOCIATION_REMOVED',
] as const;
export type JournalAction = (typeof JOURNAL_ACTIONS)[number];

/** Actions that live on an OBJECT subscription; the others need an ASSOCIATION subscription. */
export const OBJECT_ACTIONS: readonly JournalAction[] = ['CREATE', 'UPDATE', 'DELETE', 'MERGE', 'RESTORE'];
export const ASSOCIATION_ACTIONS: readonly JournalAction[] = ['ASSOCIATION_ADDED', 'ASSOCIATION_REMOVED'];

/** One journal entry as `earliest`, `latest` and `offset/{offset}/next` describe it. */
export interface JournalEntryRef {
	/** Presigned file URL, fetched without any credential. */
	url: string;
	/** When `url` stops working (ISO 8601); '' when HubSpot did not say. */
	expiresAt: string;
	/** The entry's own offset; `next` after it gives the following entry. */
	currentOffset: string;
}

/** What the node asks HubSpot for and lets through. */
export interface JournalSelection {
	portalId: number;
	/** HubSpot object type ids (`0-1`, `2-123`). */
	objectTypeIds: string[];
	actions: JournalAction[];
	/** Properties whose changes count for UPDATE; empty = every property. */
	properties: string[];
}

/** The header every trigger of this package shares, then the journal's own fields. */
export interface JournalItem {
	eventType: EventType;
	objectType: string;
	objectId: string;
	occurredAt: string;
	traceKey: string;
	portalId: string;
	/** The offset of the journal entry the event came from. */
	journalOffset: string;
	/** The event exactly as HubSpot wrote it in the file, unknown fields included. */
	event: Record<string, unknown>;
}

/** Where the reader stands; lives in static data as JSON. */
export interface JournalCursor {
	/**
	 * The offset of the last entry whose events were emitted (or skipped as "before activation"); `null` means
	 * "start at the earliest retained entry", used when the journal was empty at activation.
	 */
	offset: string | null;
	/** When that entry was committed (ms), to say how long a gap may be when the offset has expired. */
	committedAtMs: number;
}
