/**
 * One response → events (the record extractor): unreadable records are counted, records before the cursor,
 * after the poll started (`filterByCurrentDate`) or already emitted (`seen`) are dropped, the rest classified.
 */
import { classifyRecord } from './classify';
import { recordKey } from './cursor';
import type { EmittedKey } from './cursor';
import { parseDate } from './dates';
import { getPath } from './paths';
import { extractRecords } from './records';
import type { Session } from './session';
import type { PollEvent, ResourceConfig } from './types';

export interface PageRead {
	events: PollEvent[];
	/** Parallel to `events`. */
	emitted: EmittedKey[];
	/** Array elements in the response, readable or not (what the provider's cap counts). */
	size: number;
	/** Largest readable date on the page. */
	maxMs: number | undefined;
	/** Whether the readable dates never decrease down the page. */
	ascending: boolean;
	/** Whether some record is dated before the cursor. */
	reachedCursor: boolean;
	/** Largest date of a record emitted now or recognised as emitted before. */
	readThroughMs: number | undefined;
}

export function readPage(
	session: Session,
	resource: ResourceConfig,
	body: unknown,
	cursorMs: number,
	seen: Set<string>,
): PageRead {
	const { records, notObjects } = extractRecords(resource.name, body, resource.recordsPath);
	session.stats.skipped += notObjects;
	const read: PageRead = {
		events: [],
		emitted: [],
		size: records.length + notObjects,
		maxMs: undefined,
		ascending: true,
		reachedCursor: false,
		readThroughMs: undefined,
	};
	for (const record of records) {
		const fields = readRecord(record, resource);
		if (fields === undefined) {
			session.stats.skipped++;
			continue;
		}
		const { id, dateMs } = fields;
		if (read.maxMs !== undefined && dateMs < read.maxMs) read.ascending = false;
		read.maxMs = Math.max(read.maxMs ?? dateMs, dateMs);
		if (dateMs < cursorMs) {
			read.reachedCursor = true;
			continue;
		}
		if (resource.filterByCurrentDate && dateMs > session.input.nowMs) continue;
		const key = recordKey(id, dateMs);
		if (seen.has(key)) {
			read.readThroughMs = Math.max(read.readThroughMs ?? dateMs, dateMs);
			continue;
		}
		const eventType = classifyRecord(record, resource, fields, cursorMs);
		if (eventType === undefined) continue;
		seen.add(key);
		read.readThroughMs = Math.max(read.readThroughMs ?? dateMs, dateMs);
		const objectType = resource.objectType ?? resource.name;
		read.events.push({
			eventType,
			objectType,
			objectId: id,
			occurredAt: new Date(dateMs).toISOString(),
			traceKey: `poller:${objectType}:${id}:${dateMs}`,
			record,
		});
		read.emitted.push({ key, dateMs });
	}
	return read;
}

interface RecordFields {
	id: string;
	/** The date the cursor follows: updated, or created when `filterByUpdatedDate` is off. */
	dateMs: number;
	updatedMs: number | undefined;
	createdMs: number | undefined;
}

function readRecord(record: Record<string, unknown>, resource: ResourceConfig): RecordFields | undefined {
	const rawId = getPath(record, resource.idField);
	const id =
		typeof rawId === 'string' && rawId !== ''
			? rawId
			: typeof rawId === 'number' && Number.isFinite(rawId)
				? String(rawId)
				: undefined;
	if (id === undefined) return undefined;
	const updatedMs = parseDate(getPath(record, resource.updated.path), resource.updated);
	const createdMs = parseDate(getPath(record, resource.created.path), resource.created);
	const dateMs = resource.filterByUpdatedDate ? updatedMs : createdMs;
	if (dateMs === undefined || !Number.isSafeInteger(dateMs)) return undefined;
	return { id, dateMs, updatedMs, createdMs };
}
