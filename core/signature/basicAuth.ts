import { safeEqual } from './constantTime';

export interface BasicCredentials {
	user: string;
	password: string;
}

export const BASIC_AUTH_REJECT_REASONS = ['missing', 'malformed', 'mismatch'] as const;
export type BasicAuthRejectReason = (typeof BASIC_AUTH_REJECT_REASONS)[number];

export type BasicAuthResult = { ok: true } | { ok: false; reason: BasicAuthRejectReason };

// RFC 7617: the scheme name is case-insensitive, one or more spaces, then the base64 token (RFC 7235 token68).
// https://www.rfc-editor.org/rfc/rfc7617#section-2
const BASIC = /^basic +([A-Za-z0-9+/]+)(=*)$/i;
// RFC 7617 forbids control characters in user-id and password.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Reads an `Authorization: Basic …` header. The password is everything after the first colon, so it may
 * contain colons; the user may not. Anything that is not canonical base64 of UTF-8 text with a colon,
 * including another scheme such as `Bearer`, yields undefined.
 */
export function parseBasicAuth(header: string | undefined): BasicCredentials | undefined {
	if (header === undefined) return undefined;
	const match = BASIC.exec(header.trim());
	if (!match) return undefined;
	const [, token, padding] = match;
	if (padding.length > 2 || (padding.length > 0 && (token.length + padding.length) % 4 !== 0)) return undefined;
	if (token.length % 4 === 1) return undefined;
	const bytes = Buffer.from(token, 'base64');
	// Node's decoder ignores stray bits and characters: re-encoding proves the token was canonical base64.
	if (bytes.toString('base64').replace(/=+$/, '') !== token) return undefined;
	const text = bytes.toString('utf8');
	// Invalid UTF-8 turns into U+FFFD and no longer round-trips to the same bytes.
	if (!Buffer.from(text, 'utf8').equals(bytes)) return undefined;
	if (CONTROL.test(text)) return undefined;
	const colon = text.indexOf(':');
	if (colon < 0) return undefined;
	return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * Checks a Basic `Authorization` header against the configured credentials. User and password are both
 * compared, always, in constant time, and a mismatch does not say which of them was wrong.
 */
export function verifyBasicAuth(header: string | undefined, expected: BasicCredentials): BasicAuthResult {
	if (header === undefined || header.trim() === '') return { ok: false, reason: 'missing' };
	const given = parseBasicAuth(header);
	if (!given) return { ok: false, reason: 'malformed' };
	const userEqual = safeEqual(given.user, expected.user);
	const passwordEqual = safeEqual(given.password, expected.password);
	return userEqual && passwordEqual ? { ok: true } : { ok: false, reason: 'mismatch' };
}
