// API v2 list endpoints: time window, sort, limit ≤ 500 and keyset cursors.
// Behaviour follows https://developers.pipedrive.com/docs/api/v1/Deals#getDeals (v2 section) and the v2 migration guide.
import type { JsonObject, PipedriveEntity, PipedriveRecord } from '../types';

export const LIST_MAX_LIMIT = 500;
const SORT_FIELDS = ['id', 'update_time', 'add_time'] as const;
type SortField = (typeof SORT_FIELDS)[number];
const DEAL_STATUSES = ['open', 'won', 'lost', 'deleted'];

export type ListOutcome = { ok: true; body: JsonObject } | { ok: false; message: string };

interface Cursor {
	key: string | number;
	id: number;
}

export function listRecords(
	entity: PipedriveEntity,
	query: URLSearchParams,
	source: { live: PipedriveRecord[]; deleted: PipedriveRecord[] },
): ListOutcome {
	const since = query.get('updated_since');
	const until = query.get('updated_until');
	if (entity === 'products' && (since !== null || until !== null)) {
		return { ok: false, message: 'Products do not support updated_since / updated_until' };
	}
	const sinceMs = since === null ? undefined : Date.parse(since);
	const untilMs = until === null ? undefined : Date.parse(until);
	if (Number.isNaN(sinceMs) || Number.isNaN(untilMs)) return { ok: false, message: 'updated_since / updated_until must be RFC 3339 date-times' };

	const sortBy = (query.get('sort_by') ?? 'id') as SortField;
	if (!SORT_FIELDS.includes(sortBy)) return { ok: false, message: `sort_by must be one of ${SORT_FIELDS.join(', ')}` };
	const direction = query.get('sort_direction') ?? 'asc';
	if (direction !== 'asc' && direction !== 'desc') return { ok: false, message: 'sort_direction must be asc or desc' };
	const limit = query.has('limit') ? Number(query.get('limit')) : 100;
	if (!Number.isInteger(limit) || limit < 1 || limit > LIST_MAX_LIMIT) return { ok: false, message: `limit must be an integer between 1 and ${LIST_MAX_LIMIT}` };
	const cursorText = query.get('cursor');
	const cursor = cursorText === null ? undefined : decodeCursor(cursorText);
	if (cursor === null) return { ok: false, message: 'invalid cursor' };

	let records = source.live;
	if (entity === 'deals' && query.has('status')) {
		const statuses = (query.get('status') ?? '').split(',');
		if (statuses.some((status) => !DEAL_STATUSES.includes(status))) return { ok: false, message: `status must be among ${DEAL_STATUSES.join(', ')}` };
		records = [
			...(statuses.includes('deleted') ? source.deleted : []),
			...source.live.filter((record) => statuses.includes(String(record.status))),
		];
	}
	records = records.filter((record) => {
		const updatedMs = Date.parse(record.update_time);
		return (sinceMs === undefined || updatedMs >= sinceMs) && (untilMs === undefined || updatedMs < untilMs);
	});

	const sign = direction === 'asc' ? 1 : -1;
	const keyOf = (record: PipedriveRecord): string | number => (sortBy === 'id' ? record.id : Date.parse(String(record[sortBy])));
	const compare = (a: Cursor, b: Cursor): number => sign * (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id - b.id);
	const keyed = records.map((record) => ({ record, position: { key: keyOf(record), id: record.id } })).sort((a, b) => compare(a.position, b.position));
	const remaining = cursor === undefined ? keyed : keyed.filter((item) => compare(item.position, cursor) > 0);
	const page = remaining.slice(0, limit);
	const last = page[page.length - 1];
	return {
		ok: true,
		body: {
			success: true,
			data: page.map((item) => ({ ...item.record })),
			additional_data: { next_cursor: remaining.length > limit && last ? encodeCursor(last.position) : null },
		},
	};
}

function encodeCursor(cursor: Cursor): string {
	return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** undefined = no cursor, null = malformed. */
function decodeCursor(text: string): Cursor | null {
	try {
		const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
		if ((typeof parsed.key === 'number' || typeof parsed.key === 'string') && typeof parsed.id === 'number') return { key: parsed.key, id: parsed.id };
		return null;
	} catch {
		return null;
	}
}
