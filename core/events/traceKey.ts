import { sha256 } from '../hash';

/** Trace keys are stored in the de-duplication set and shown to users: keep them bounded. */
export const MAX_TRACE_KEY_LENGTH = 128;

// 40 hex digits = 160 bits: collisions between distinct events are out of reach, and the key stays short.
const HASH_HEX_DIGITS = 40;

/**
 * `prefix:` + a SHA-256 prefix over the JSON of `parts`. Parts are positional and JSON keeps strings and
 * numbers apart, so `['1', 2]` and `[1, '2']` or `['a:b']` and `['a', 'b']` never share a key. `prefix` is
 * `[a-z][a-z0-9-]*`, at most 32 characters: the duplicate memory recognises such keys by that form and keeps
 * their own digits (`storageKey`).
 */
export function hashedTraceKey(prefix: string, parts: readonly unknown[]): string {
	// JSON writes an undefined array element as null, which is what a missing part should be.
	let json: string;
	try {
		// The plain call is about twice as fast as one with a replacer; bigints are the only thing it refuses.
		json = JSON.stringify(parts);
	} catch {
		// A lossless JSON parser upstream may hand us bigints.
		json = JSON.stringify(parts, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
	}
	return `${prefix}:${sha256(json, 'hex').slice(0, HASH_HEX_DIGITS)}`;
}

/** `key` itself when short enough, else a hash of it: the key of a hostile body cannot grow the store. */
export function boundedTraceKey(prefix: string, key: string): string {
	return key.length <= MAX_TRACE_KEY_LENGTH ? key : hashedTraceKey(prefix, [key]);
}
