import { exceedsDepth, MAX_JSON_DEPTH } from './jsonDepth';
import { isWellFormedUtf8 } from './utf8';

export type ParseResult =
	| {
			ok: true;
			body: unknown;
			/**
			 * What became of the host's parse: `taken` (used as the body), `same` or `different` (compared with the
			 * node's own parse, which is the body either way); absent when there was none to take.
			 */
			hostParse?: 'taken' | 'same' | 'different';
	  }
	| { ok: false; status: 400 | 415; reason: 'unsupported-media-type' | 'invalid-json' | 'too-deep' };

/** The host's parse of the same bytes, see `parseDelivery`. */
export interface HostParse {
	/** The host's `JSON.parse` of the bytes decoded as UTF-8 (BOM dropped), or undefined when it has none. */
	parsed: () => unknown;
	/** Parse the bytes anyway and compare, instead of taking the host's parse. */
	compare?: boolean;
}

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
 * `host`, when given, offers the host's parse of these same bytes; the caller vouches for what it is (n8n
 * parses a JSON body before the node runs, see nodes/shared/n8nParse.ts). It is taken instead of parsing the
 * bytes a second time when it is an object or an array and the bytes are well-formed UTF-8: for such bytes both
 * decodings give the same text, so both parses the same value. (A lenient decoder turns a broken sequence into
 * U+FFFD where ours refuses it; the check keeps that refusal.) With `compare`, the bytes are parsed as well and
 * the two values compared (same keys in the same order, same values), and the node's own parse is the body.
 */
export function parseDelivery(rawBody: Uint8Array, contentType: string, host?: HostParse): ParseResult {
	if (!isJsonMediaType(contentType)) return { ok: false, status: 415, reason: 'unsupported-media-type' };
	const offered: unknown = host !== undefined && rawBody.length > 0 ? host.parsed() : undefined;
	const usable = offered !== null && typeof offered === 'object' && isWellFormedUtf8(rawBody);
	if (usable && host?.compare !== true) {
		if (exceedsDepth(offered)) return { ok: false, status: 400, reason: 'too-deep' };
		return { ok: true, body: offered, hostParse: 'taken' };
	}
	let body: unknown;
	try {
		body = JSON.parse(utf8.decode(rawBody));
	} catch {
		return { ok: false, status: 400, reason: 'invalid-json' };
	}
	if (exceedsDepth(body)) return { ok: false, status: 400, reason: 'too-deep' };
	// Both are within the depth limit here (the same value nests as deep), so the comparison cannot recurse far.
	if (usable) return { ok: true, body, hostParse: sameJson(body, offered, 0) ? 'same' : 'different' };
	return { ok: true, body };
}

/**
 * Whether two parsed JSON values are the same: the same keys in the same order, the same array elements, the
 * same primitives (`Object.is`). Gives up (different) past the depth limit rather than recursing further.
 */
function sameJson(a: unknown, b: unknown, depth: number): boolean {
	if (Object.is(a, b)) return true;
	if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || depth > MAX_JSON_DEPTH) return false;
	if (Array.isArray(a)) {
		if (!Array.isArray(b) || a.length !== b.length) return false;
		for (let index = 0; index < a.length; index++) if (!sameJson(a[index], b[index], depth + 1)) return false;
		return true;
	}
	if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
	const keys = Object.keys(a);
	const otherKeys = Object.keys(b);
	if (keys.length !== otherKeys.length) return false;
	for (let index = 0; index < keys.length; index++) {
		const key = keys[index];
		if (key !== otherKeys[index]) return false;
		if (!sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], depth + 1)) return false;
	}
	return true;
}
