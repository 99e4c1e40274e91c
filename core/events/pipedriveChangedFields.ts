import { deepEqual } from './deepEqual';
import { isRecord } from './isRecord';

/**
 * Top-level keys whose values differ between two full records (webhooks v1 sends both in full).
 * Keys of `current` come first in their order, then keys only `previous` has. When either side is missing
 * (an add or a delete) nothing "changed": there is nothing to compare.
 */
export function changedFieldsBetween(current: unknown, previous: unknown): string[] {
	if (!isRecord(current) || !isRecord(previous)) return [];
	const keys = [...Object.keys(current), ...Object.keys(previous).filter((key) => !Object.hasOwn(current, key))];
	return keys.filter((key) => !deepEqual(current[key], previous[key]));
}
