import * as crypto from 'node:crypto';

/** Node's one-shot `crypto.hash` (Node ≥ 20.12 / 21.7): ~3× faster than createHash for short inputs. */
const oneShot: typeof crypto.hash | undefined = typeof crypto.hash === 'function' ? crypto.hash : undefined;

/** SHA-256 of `data` (a string is hashed as UTF-8), in hex or base64url. */
export function sha256(data: string | Uint8Array, encoding: 'hex' | 'base64url'): string {
	if (oneShot) return oneShot('sha256', data, encoding);
	return crypto.createHash('sha256').update(data).digest(encoding);
}
