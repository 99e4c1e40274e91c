import { firstId } from './idString';
import { isRecord } from './isRecord';
import { rejected, type NormaliseResult } from './result';
import { boundedTraceKey, hashedTraceKey } from './traceKey';
import { isoFromTimestamp } from './timestamp';
import type { EventType } from './types';

/*
 * Pipedrive webhooks v2: `{ meta, data, previous }` with `meta.version` "2.0".
 * https://pipedrive.readme.io/docs/guide-for-webhooks-v2
 */

export const PIPEDRIVE_V2_ACTION_EVENT_TYPES: Readonly<Record<string, EventType>> = {
	create: 'CREATED',
	change: 'UPDATED',
	delete: 'DELETED',
};

// Fields of meta that change from one delivery attempt to the next; kept out of the fallback trace key.
const ATTEMPT_FIELDS = new Set(['attempt']);

export function normalisePipedriveV2(body: Record<string, unknown>, meta: Record<string, unknown>): NormaliseResult {
	const action = nonEmptyString(meta.action);
	const entity = nonEmptyString(meta.entity);
	if (action === undefined || entity === undefined) {
		return rejected('unknown-shape', 'webhooks v2 delivery without meta.action or meta.entity');
	}
	const current = body.data ?? null;
	const previous = body.previous ?? null;

	return {
		ok: true,
		events: [
			{
				header: {
					eventType: eventTypeOf(action, meta),
					objectType: entity.toLowerCase(),
					objectId: firstId(meta.entity_id, isRecord(current) ? current.id : undefined, isRecord(previous) ? previous.id : undefined),
					occurredAt: isoFromTimestamp(meta.timestamp),
				},
				subscription: `${action}.${entity}`,
				defaultTraceKey: traceKey(meta, current, previous),
				// On `change`, v2 sends in `previous` only the fields that changed.
				fields: {
					current,
					previous,
					changedFields: action === 'change' && isRecord(previous) ? Object.keys(previous) : [],
					meta,
					version: 2,
				},
			},
		],
	};
}

/**
 * v2 has no merge action: a merge arrives as a `delete` of the absorbed record carrying `merged_to_id` and a
 * `change` of the surviving record carrying `merged_from_id`. Both are reported as MERGED, each with its own
 * object id, so a workflow filtering on MERGED sees both halves and one filtering on DELETED does not take
 * a merge for a deletion.
 * https://pipedrive.readme.io/docs/webhooks-v2-migration-guide
 */
function eventTypeOf(action: string, meta: Record<string, unknown>): EventType {
	if (action === 'delete' && isPresent(meta.merged_to_id)) return 'MERGED';
	if (action === 'change' && isPresent(meta.merged_from_id)) return 'MERGED';
	return Object.hasOwn(PIPEDRIVE_V2_ACTION_EVENT_TYPES, action) ? PIPEDRIVE_V2_ACTION_EVENT_TYPES[action] : 'UNKNOWN';
}

/** `meta.id` is the event's own id (a UUID), the same on every attempt; else the attempt-independent content. */
function traceKey(meta: Record<string, unknown>, current: unknown, previous: unknown): string {
	const id = meta.id;
	if ((typeof id === 'string' && id !== '') || typeof id === 'number') return boundedTraceKey('pipedrive-v2', String(id));
	const stableMeta = Object.fromEntries(Object.entries(meta).filter(([key]) => !ATTEMPT_FIELDS.has(key)));
	return hashedTraceKey('pipedrive-v2', [stableMeta, current, previous]);
}

function isPresent(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}

function nonEmptyString(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}
