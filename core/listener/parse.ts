import { exceedsDepth } from './jsonDepth';

export type ParseResult =
	| { ok: true; body: unknown }
	| { ok: false; status: 400 | 415; reason: 'unsupported-media-type' | 'invalid-json' | 'too-deep' };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Media types parsed as JSON (lower case, no parameters); an absent type is tolerated because some senders omit it. */
export function isJsonMediaType(contentType: string): boolean {
	return contentType === '' || contentType === 'application/json' || contentType.endsWith('+json');
}

/** The media type of a `Content-Type` header: lower case, without parameters; '' when absent. */
export function mediaTypeOf(header: string | undefined): string {
	return (header ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * A verified request body as JSON: 415 for a media type that is not JSON, 400 for bytes that are not UTF-8
 * JSON or nest deeper than the limit. Runs only after verification, on the bytes as received.
 */
export function parseDelivery(rawBody: Uint8Array, contentType: string): ParseResult {
	if (!isJsonMediaType(contentType)) return { ok: false, status: 415, reason: 'unsupported-media-type' };
	let body: unknown;
	try {
		body = JSON.parse(utf8.decode(rawBody));
	} catch {
		return { ok: false, status: 400, reason: 'invalid-json' };
	}
	if (exceedsDepth(body)) return { ok: false, status: 400, reason: 'too-deep' };
	return { ok: true, body };
}
