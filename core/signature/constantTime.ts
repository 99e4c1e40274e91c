import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two values without leaking where they differ or how long the expected one is.
 *
 * `timingSafeEqual` needs equal lengths, and returning early on a length mismatch would tell an attacker the
 * length of the secret value. Both sides are therefore reduced to SHA-256 digests (always 32 bytes) and the
 * digests are compared in constant time; the extra length check only rules out the theoretical collision.
 * Strings are compared as their UTF-8 bytes.
 */
export function safeEqual(a: string | Buffer, b: string | Buffer): boolean {
	const left = typeof a === 'string' ? Buffer.from(a, 'utf8') : a;
	const right = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
	const digestsEqual = timingSafeEqual(sha256(left), sha256(right));
	return digestsEqual && left.length === right.length;
}

function sha256(value: Buffer): Buffer {
	return createHash('sha256').update(value).digest();
}
