/**
 * The journal trigger's static data: where it stands in the journal and which v4 subscriptions it created.
 * Loaded defensively (static data is JSON anyone with database access could have edited) and kept small.
 */
import { isRecord } from '../events/isRecord';
import { sha256 } from '../hash';
import type { JournalCursor, JournalSelection } from './types';

export const STATE_VERSION = 1;
/** Subscription ids remembered at most; a node asks for two per object type. */
export const MAX_OWNED_SUBSCRIPTIONS = 200;

export interface JournalState {
	v: typeof STATE_VERSION;
	/** Absent until the first poll has found its starting point. */
	cursor?: JournalCursor;
	/** `selectionKey` of the settings the subscriptions were last made to match. */
	selectionKey?: string;
	/** Ids of the v4 subscriptions this node created (the only ones it ever changes or deletes). */
	owned: string[];
}

const OFFSET = /^[A-Za-z0-9._:-]{1,200}$/;

export function emptyState(): JournalState {
	return { v: STATE_VERSION, owned: [] };
}

/** Static data → state; anything unreadable counts as a first activation rather than inventing an offset. */
export function loadJournalState(raw: unknown): JournalState {
	if (!isRecord(raw) || raw.v !== STATE_VERSION) return emptyState();
	const state = emptyState();
	const cursor = raw.cursor;
	if (isRecord(cursor) && (cursor.offset === null || (typeof cursor.offset === 'string' && OFFSET.test(cursor.offset)))) {
		const committedAtMs = typeof cursor.committedAtMs === 'number' && Number.isFinite(cursor.committedAtMs) ? cursor.committedAtMs : 0;
		state.cursor = { offset: cursor.offset, committedAtMs };
	}
	if (typeof raw.selectionKey === 'string' && raw.selectionKey.length <= 64) state.selectionKey = raw.selectionKey;
	if (Array.isArray(raw.owned)) {
		state.owned = raw.owned.filter((id): id is string => typeof id === 'string' && /^[0-9A-Za-z-]{1,40}$/.test(id)).slice(0, MAX_OWNED_SUBSCRIPTIONS);
	}
	return state;
}

/** A short fingerprint of what the subscriptions must cover; order of the user's choices does not matter. */
export function selectionKey(selection: JournalSelection): string {
	const canonical = JSON.stringify([
		selection.portalId,
		[...selection.objectTypeIds].sort(),
		[...selection.actions].sort(),
		[...selection.properties].sort(),
	]);
	return sha256(canonical, 'hex').slice(0, 32);
}
