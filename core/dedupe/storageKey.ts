import { sha256 } from '../hash';

/** Every stored key is a digest of exactly this many characters. */
export const MAX_STORED_KEY_LENGTH = 20;

/** The hex digits after the colon of a hashed trace key (`hashedTraceKey`: `prefix:` + 40 hex digits). */
const DIGEST_HEX_DIGITS = 40;
/** The longest prefix a hashed trace key is recognised with (ours are 7 to 14 characters). */
const MAX_PREFIX_LENGTH = 32;

/**
 * The form a trace key takes in the set: 20 characters, whatever the key's length (static data is rewritten on
 * every execution, so each remembered key costs ~20 bytes; a 128-character template key would otherwise cost
 * 130).
 * - A hashed trace key (a lowercase prefix, a colon and 40 lowercase hex digits: every default key made from an
 *   event's identity fields) is already a SHA-256 digest: its first 20 hex digits (80 bits) are taken as they
 *   are. A false match needs ~2^80 / 100,000 lookups against the largest memory; a SHA-256 per key was the
 *   largest cost of de-duplication.
 * - Any other key: the first 120 bits of its SHA-256 in base64url (`legacyStorageKey`), as earlier versions stored
 *   every key.
 *
 * Either way the result is a function of the key's text alone, so the same trace key always finds itself.
 */
export function storageKey(key: string): string {
	return isHashedTraceKey(key) ? hashedTraceKeyStorageKey(key) : legacyStorageKey(key);
}

/** `storageKey` of a key made by `hashedTraceKey`, without checking its form: its first 20 hex digits. */
export function hashedTraceKeyStorageKey(key: string): string {
	return key.slice(key.length - DIGEST_HEX_DIGITS, key.length - DIGEST_HEX_DIGITS / 2);
}

/**
 * The storage key earlier versions of this package gave every key: 20 base64url characters, the first 15 bytes of
 * its SHA-256.
 */
export function legacyStorageKey(key: string): string {
	// 20 base64url characters are exactly the digest's first 15 bytes.
	return sha256(key, 'base64url').slice(0, MAX_STORED_KEY_LENGTH);
}

/**
 * The storage key earlier versions gave `key` when it differs from today's (a hashed trace key), else undefined:
 * what a memory they wrote may hold for it.
 */
export function olderStorageKey(key: string): string | undefined {
	return isHashedTraceKey(key) ? legacyStorageKey(key) : undefined;
}

/** Character classes for `isHashedTraceKey`, by char code below 128. */
const LOWERCASE = 1;
const HEX_DIGIT = 2;
const PREFIX_ONLY = 4;
const CLASSES = new Uint8Array(128);
for (let code = 0x61; code <= 0x7a; code++) CLASSES[code] = LOWERCASE;
for (let code = 0x61; code <= 0x66; code++) CLASSES[code] = LOWERCASE | HEX_DIGIT;
for (let code = 0x30; code <= 0x39; code++) CLASSES[code] = HEX_DIGIT | PREFIX_ONLY;
CLASSES[0x2d] = PREFIX_ONLY;

/**
 * `[a-z][a-z0-9-]*:` (up to 32 characters before the colon) followed by exactly 40 lowercase hex digits. A table
 * lookup per character (a code of 128 or more reads undefined, which is no class): twice as fast as comparisons
 * or a regular expression.
 */
function isHashedTraceKey(key: string): boolean {
	const colon = key.length - DIGEST_HEX_DIGITS - 1;
	if (colon < 1 || colon > MAX_PREFIX_LENGTH || key.charCodeAt(colon) !== 0x3a) return false;
	if ((CLASSES[key.charCodeAt(0)] & LOWERCASE) === 0) return false;
	for (let index = 1; index < colon; index++) if ((CLASSES[key.charCodeAt(index)] & (LOWERCASE | PREFIX_ONLY)) === 0) return false;
	for (let index = colon + 1; index < key.length; index++) if ((CLASSES[key.charCodeAt(index)] & HEX_DIGIT) === 0) return false;
	return true;
}
