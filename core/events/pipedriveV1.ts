import { firstId } from './idString';
import { isRecord } from './isRecord';
import { changedFieldsBetween } from './pipedriveChangedFields';
import { rejected, type NormaliseResult } from './result';
import { boundedTraceKey, hashedTraceKey } from './traceKey';
import { isoFromEpochMicros, isoFromTimestamp } from './timestamp';
import type { EventType } from './types';

/*
 * Pipedrive webhooks v1: `{ v: 1, meta, current, previous, event, retry, matches_filters }`.
 * https://pipedrive.readme.io/docs/guide-for-webhooks
 */

export const PIPEDRIVE_V1_ACTION_EVENT_TYPES: Readonly<Record<string, EventType>> = {
	added: 'CREATED',
	updated: 'UPDATED',
	deleted: 'DELETED',
	merged: 'MERGED',
};

export function normalisePipedriveV1(body: Record<string, unknown>, meta: Record<string, unknown>): NormaliseResult {
	const [eventAction, eventObject] = splitEvent(body.event);
	const action = nonEmptyString(meta.action) ?? eventAction;
	const object = nonEmptyString(meta.object) ?? eventObject;
	if (action === undefined || object === undefined) {
		return rejected('unknown-shape', 'webhooks v1 delivery without meta.action/meta.object or event');
	}
	const current = body.current ?? null;
	const previous = body.previous ?? null;
	const occurredAt = isoFromEpochMicros(meta.timestamp_micro) || isoFromTimestamp(meta.timestamp);

	return {
		ok: true,
		events: [
			{
				header: {
					eventType: Object.hasOwn(PIPEDRIVE_V1_ACTION_EVENT_TYPES, action) ? PIPEDRIVE_V1_ACTION_EVENT_TYPES[action] : 'UNKNOWN',
					objectType: object.toLowerCase(),
					objectId: firstId(meta.id, isRecord(current) ? current.id : undefined, isRecord(previous) ? previous.id : undefined),
					occurredAt,
				},
				subscription: `${action}.${object}`,
				defaultTraceKey: traceKey(meta, current, previous),
				fields: { current, previous, changedFields: changedFieldsBetween(current, previous), meta, version: 1 },
			},
		],
	};
}

/**
 * Pipedrive's own de-duplication key for v1: webhook, object and the microsecond time of the change; the
 * top-level `retry` counter is not part of it. Should one of the three be missing, the event's content
 * (meta, current, previous: all unchanged between retries) is hashed instead.
 */
function traceKey(meta: Record<string, unknown>, current: unknown, previous: unknown): string {
	const parts = [meta.webhook_id, meta.id, meta.timestamp_micro];
	if (parts.every((part) => typeof part === 'string' || typeof part === 'number')) {
		return boundedTraceKey('pipedrive-v1', parts.join(':'));
	}
	return hashedTraceKey('pipedrive-v1', [meta, current, previous]);
}

function splitEvent(event: unknown): [string | undefined, string | undefined] {
	if (typeof event !== 'string') return [undefined, undefined];
	const dot = event.indexOf('.');
	if (dot < 0) return [undefined, undefined];
	return [nonEmptyString(event.slice(0, dot)), nonEmptyString(event.slice(dot + 1))];
}

function nonEmptyString(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}
