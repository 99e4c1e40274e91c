/**
 * Whether a provider's redirect may be followed with the credential. A request to a provider carries its
 * credential (a header, a query key, a generated password in the body), so a redirect is followed only to the
 * origin the request started on (scheme, host and port), the rule next-page links obey. Anything else is
 * refused rather than followed without the credential: the caller reports it and sends nothing further.
 * Redirect statuses and method changes follow RFC 9110 §15.4 (https://www.rfc-editor.org/rfc/rfc9110#section-15.4).
 */
export const REDIRECT_STATUSES = [301, 302, 303, 307, 308] as const;
export const MAX_REDIRECTS = 5;

export const REDIRECT_REFUSALS = ['no-location', 'invalid-location', 'other-origin', 'too-many'] as const;
export type RedirectRefusal = (typeof REDIRECT_REFUSALS)[number];

export interface RedirectInput {
	status: number;
	location: string | undefined;
	method: string;
	/** The URL that answered; a relative location is resolved against it. */
	currentUrl: string;
	/** The URL the whole request started at: its origin is the only one the credential may reach. */
	startUrl: string;
	/** Redirects already followed for this request. */
	hops: number;
}

export type RedirectVerdict =
	| { kind: 'final' }
	| { kind: 'follow'; url: string; method: string; keepBody: boolean }
	/** `target` is the origin asked for, never its path or query (they may echo a secret). */
	| { kind: 'refuse'; reason: RedirectRefusal; target?: string };

// Whitespace, control characters and backslashes are read differently by different URL parsers.
const AMBIGUOUS = /[\s\\\u0000-\u001f\u007f]/;

function originOf(url: string): string | undefined {
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : undefined;
	} catch {
		return undefined;
	}
}

/** 303 always, and 301/302 after a POST, turn into a GET without a body; 307/308 repeat the request as it was. */
function nextMethod(status: number, method: string): string {
	const upper = method.toUpperCase();
	if (upper === 'HEAD') return upper;
	if (status === 303 || ((status === 301 || status === 302) && upper === 'POST')) return 'GET';
	return upper;
}

export function judgeRedirect(input: RedirectInput): RedirectVerdict {
	if (!(REDIRECT_STATUSES as readonly number[]).includes(input.status)) return { kind: 'final' };
	const location = input.location?.trim() ?? '';
	if (location === '') return { kind: 'refuse', reason: 'no-location' };
	if (AMBIGUOUS.test(location)) return { kind: 'refuse', reason: 'invalid-location' };
	let target: URL;
	try {
		target = new URL(location, input.currentUrl);
	} catch {
		return { kind: 'refuse', reason: 'invalid-location' };
	}
	if (target.protocol !== 'https:' && target.protocol !== 'http:') return { kind: 'refuse', reason: 'invalid-location' };
	if (target.username !== '' || target.password !== '') return { kind: 'refuse', reason: 'invalid-location', target: target.origin };
	const start = originOf(input.startUrl);
	if (start === undefined || target.origin !== start) return { kind: 'refuse', reason: 'other-origin', target: target.origin };
	if (input.hops >= MAX_REDIRECTS) return { kind: 'refuse', reason: 'too-many', target: target.origin };
	const method = nextMethod(input.status, input.method);
	return { kind: 'follow', url: target.href, method, keepBody: method === input.method.toUpperCase() };
}
