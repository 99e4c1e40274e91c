/**
 * A journal entry's file → the events in it. HubSpot documents the file only as "the data for the entry"
 * (https://developers.hubspot.com/docs/api-reference/latest/webhooks-journal/journal-entries/guide), so this
 * reader accepts every shape seen or plausible and keeps fields it does not know:
 * - an envelope `{"offset", "publishedAt", "journalEvents": [...]}` (what HubSpot's sample tooling reads),
 *   or the same with `events` / `results`;
 * - a bare array of events;
 * - one event object (a file per event);
 * - several JSON documents, one a line (NDJSON).
 */
import { exceedsDepth, MAX_JSON_DEPTH } from '../listener/jsonDepth';
import { isRecord } from '../events/isRecord';

const EVENT_LIST_KEYS = ['journalEvents', 'events', 'results'] as const;

export type EntryFileResult =
	| { ok: true; events: Array<Record<string, unknown>>; skipped: number }
	| { ok: false; reason: string };

/** Parses the text of one file. Never throws. */
export function parseEntryFile(text: string): EntryFileResult {
	const trimmed = text.trim();
	if (trimmed === '') return { ok: true, events: [], skipped: 0 };
	const whole = tryParse(trimmed);
	const documents = whole.ok ? [whole.value] : parseLines(trimmed);
	if (documents === undefined) return { ok: false, reason: `the file is not JSON (${whole.ok ? '' : whole.reason})` };
	const events: Array<Record<string, unknown>> = [];
	let skipped = 0;
	for (const document of documents) {
		if (exceedsDepth(document, MAX_JSON_DEPTH)) return { ok: false, reason: `the file nests deeper than ${MAX_JSON_DEPTH} levels` };
		const found = eventsOf(document);
		if (found === undefined) return { ok: false, reason: 'the file holds neither an event nor a list of events' };
		for (const candidate of found) {
			if (isRecord(candidate)) events.push(candidate);
			else skipped += 1;
		}
	}
	return { ok: true, events, skipped };
}

function eventsOf(document: unknown): unknown[] | undefined {
	if (Array.isArray(document)) return document;
	if (!isRecord(document)) return undefined;
	for (const key of EVENT_LIST_KEYS) {
		if (Array.isArray(document[key])) return document[key] as unknown[];
	}
	return looksLikeEvent(document) ? [document] : undefined;
}

/** An object that names a CRM object or an action is an event; an envelope with no list of events is not. */
function looksLikeEvent(value: Record<string, unknown>): boolean {
	return 'objectId' in value || 'action' in value || 'objectTypeId' in value || 'subscriptionType' in value;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch (error) {
		return { ok: false, reason: error instanceof Error ? error.message.slice(0, 120) : 'unreadable' };
	}
}

function parseLines(text: string): unknown[] | undefined {
	const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
	if (lines.length < 2) return undefined;
	const values: unknown[] = [];
	for (const line of lines) {
		const parsed = tryParse(line);
		if (!parsed.ok) return undefined;
		values.push(parsed.value);
	}
	return values;
}
