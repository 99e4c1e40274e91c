import { createHash } from 'node:crypto';

/** Keys up to this many UTF-16 code units are stored as they are. */
export const MAX_STORED_KEY_LENGTH = 128;
const DIGEST_PREFIX = 'sha256:';

/**
 * The form a trace key takes in the set. Long keys become a digest so one entry costs at most ~130 bytes of
 * static data. Keys that already look like a digest are hashed as well, so a short key crafted as
 * `sha256:<hex>` cannot stand for a long key it is not.
 */
export function storageKey(key: string): string {
	if (key.length <= MAX_STORED_KEY_LENGTH && !key.startsWith(DIGEST_PREFIX)) return key;
	return DIGEST_PREFIX + createHash('sha256').update(key, 'utf8').digest('hex');
}
