import { sha256 } from '../hash';

/** Every stored key is a digest of exactly this many characters. */
export const MAX_STORED_KEY_LENGTH = 20;

/**
 * The form a trace key takes in the set: 120 bits of its SHA-256 in base64url. Static data is rewritten on
 * every execution, so each remembered key costs ~30 bytes whatever its length (a 128-character template key
 * would otherwise cost 130); a collision needs ~2^60 keys, far beyond the set's bound.
 */
export function storageKey(key: string): string {
	// 20 base64url characters are exactly the digest's first 15 bytes.
	return sha256(key, 'base64url').slice(0, MAX_STORED_KEY_LENGTH);
}
