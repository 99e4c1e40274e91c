import { exceedsDepth } from './jsonDepth';
import { isWellFormedUtf8 } from './utf8';

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
 *
 * `parsedByHost`, when given, returns the host's `JSON.parse` of these same bytes decoded as UTF-8 (BOM
 * dropped), or undefined when it has none; the caller vouches for that (n8n parses a JSON body before the node
 * runs, see nodes/shared/rawRequest.ts). It is taken instead of parsing the bytes a second time when it is an
 * object or an array and the bytes are well-formed UTF-8: for such bytes both decodings give the same text, so
 * both parses the same value. (A lenient decoder turns a broken sequence into U+FFFD where ours refuses it; the
 * check keeps that refusal.) It is called only here, after the media type check.
 */
export function parseDelivery(rawBody: Uint8Array, contentType: string, parsedByHost?: () => unknown): ParseResult {
	if (!isJsonMediaType(contentType)) return { ok: false, status: 415, reason: 'unsupported-media-type' };
	let body: unknown = rawBody.length > 0 ? parsedByHost?.() : undefined;
	if (body === null || typeof body !== 'object' || !isWellFormedUtf8(rawBody)) {
		try {
			body = JSON.parse(utf8.decode(rawBody));
		} catch {
			return { ok: false, status: 400, reason: 'invalid-json' };
		}
	}
	if (exceedsDepth(body)) return { ok: false, status: 400, reason: 'too-deep' };
	return { ok: true, body };
}
