/**
 * CREATED / UPDATED / DELETED for one record, as the Cloud Elements framework decided it: a forced type wins,
 * then the deleted marker, then the distance between the created and updated dates.
 */
import { getPath, isJsonObject } from './paths';
import type { PollEventType, ResourceConfig } from './types';

export interface RecordDates {
	updatedMs: number | undefined;
	createdMs: number | undefined;
}

export type ClassifiedResource = Pick<
	ResourceConfig,
	'eventType' | 'deleted' | 'filterByUpdatedDate' | 'createdCheckToleranceMs'
>;

/**
 * The event type, or undefined when the record does not count as an event: with `filterByUpdatedDate` off
 * only records created at or after the cursor do (and they are all CREATED). A record whose created date is
 * unreadable cannot be shown to be new, so it is UPDATED.
 */
export function classifyRecord(
	record: Record<string, unknown>,
	resource: ClassifiedResource,
	dates: RecordDates,
	cursorMs: number,
): PollEventType | undefined {
	if (resource.eventType !== undefined) return resource.eventType;
	if (resource.deleted !== undefined && sameValue(getPath(record, resource.deleted.field), resource.deleted.value)) {
		return 'DELETED';
	}
	const { updatedMs, createdMs } = dates;
	if (!resource.filterByUpdatedDate) {
		return createdMs !== undefined && createdMs >= cursorMs ? 'CREATED' : undefined;
	}
	if (updatedMs !== undefined && createdMs !== undefined && Math.abs(updatedMs - createdMs) <= resource.createdCheckToleranceMs) {
		return 'CREATED';
	}
	return 'UPDATED';
}

/**
 * Configured values are typed by hand (`"deletedValue": "true"`) while APIs send booleans or numbers, so
 * scalars compare by their text; objects and arrays compare structurally.
 */
function sameValue(actual: unknown, expected: unknown): boolean {
	if (actual === undefined) return false;
	if (isScalar(actual) && isScalar(expected)) return String(actual) === String(expected);
	if ((isJsonObject(actual) || Array.isArray(actual)) && (isJsonObject(expected) || Array.isArray(expected))) {
		return JSON.stringify(actual) === JSON.stringify(expected);
	}
	return false;
}

function isScalar(value: unknown): value is string | number | boolean | null {
	return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
