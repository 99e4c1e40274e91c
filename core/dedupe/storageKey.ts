import { createHash } from 'node:crypto';

/** Every stored key is a digest of exactly this many characters. */
export const MAX_STORED_KEY_LENGTH = 20;

/**
 * The form a trace key takes in the set: 120 bits of its SHA-256 in base64url. Static data is rewritten on
 * every execution, so each remembered key costs ~30 bytes whatever its length (a 128-character template key
 * would otherwise cost 130); a collision needs ~2^60 keys, far beyond the set's bound.
 */
export function storageKey(key: string): string {
	const hit = recent.get(key);
	if (hit !== undefined) return hit;
	const digest = createHash('sha256').update(key, 'utf8').digest().subarray(0, 15).toString('base64url');
	// A delivery looks each key up (has) and then stores it (add): remember the last few digests.
	if (recent.size >= RECENT_LIMIT) recent.clear();
	recent.set(key, digest);
	return digest;
}

const recent = new Map<string, string>();
const RECENT_LIMIT = 1024;
