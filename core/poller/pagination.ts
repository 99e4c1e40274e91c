/**
 * Pagination: from the request just sent and its response, the request for the next page (or none).
 * It never loops on a provider that repeats itself: a next request identical to the current one ends paging.
 */
import { getPath, isJsonObject } from './paths';
import { PollerResponseError } from './runErrors';
import type { Pagination } from './types';

export interface PageRequest {
	method: 'GET' | 'POST';
	/** Relative to the credential's API base URL, or absolute on the same host. */
	url: string;
	body?: unknown;
}

export interface PagingContext {
	/** The resource name, for error messages. */
	resource: string;
	pagination: Pagination;
	/** The credential's API base URL; absolute next links must have its origin. */
	baseUrl?: string;
}

export function nextPageRequest(
	context: PagingContext,
	current: PageRequest,
	responseBody: unknown,
): PageRequest | undefined {
	const next = candidate(context, current, responseBody);
	if (next === undefined || sameRequest(next, current)) return undefined;
	return next;
}

function candidate(context: PagingContext, current: PageRequest, body: unknown): PageRequest | undefined {
	const pagination = context.pagination;
	switch (pagination.type) {
		case 'none':
			return undefined;
		case 'cursor': {
			const token = scalar(getPath(body, pagination.nextPath));
			if (token === undefined) return undefined;
			if (pagination.in === 'query') {
				return { ...current, url: setQueryParam(current.url, pagination.param, String(token)) };
			}
			const base = isJsonObject(current.body) ? current.body : {};
			// A computed key defines an own property even for `__proto__`.
			return { ...current, body: { ...base, [pagination.param]: token } };
		}
		case 'offset': {
			// Pipedrive's v1 lists say "more_items_in_collection": without it, the next offset means nothing.
			if (pagination.morePath !== undefined && getPath(body, pagination.morePath) !== true) return undefined;
			const offset = getPath(body, pagination.nextPath);
			const value = typeof offset === 'number' ? offset : typeof offset === 'string' ? Number(offset) : NaN;
			if (!Number.isSafeInteger(value) || value < 0) return undefined;
			return { ...current, url: setQueryParam(current.url, pagination.param, String(value)) };
		}
		case 'nextUrl': {
			const link = getPath(body, pagination.nextPath);
			if (typeof link !== 'string' || link === '') return undefined;
			return { ...current, url: checkedNextUrl(context, current, link) };
		}
	}
}

/**
 * A next link is followed with the credential attached, so it must stay on the API's origin: an absolute
 * link on the base URL's scheme, host and port, or a path on it. Anything else is refused, not skipped.
 */
export function checkedNextUrl(context: Pick<PagingContext, 'resource' | 'baseUrl'>, current: PageRequest, link: string): string {
	const invalid = (why: string): PollerResponseError =>
		new PollerResponseError('INVALID_NEXT_URL', context.resource, `next-page link ${why}`);
	// Whitespace, control characters and backslashes are read differently by different URL parsers.
	if (/[\s\\\u0000-\u001f\u007f]/.test(link)) throw invalid('contains whitespace, control characters or backslashes');
	if (link.startsWith('/')) {
		if (link.startsWith('//')) throw foreign(context.resource);
		return link;
	}
	let parsed: URL;
	try {
		parsed = new URL(link);
	} catch {
		throw invalid('is neither an absolute URL nor a path');
	}
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw invalid(`uses ${parsed.protocol}, not http(s)`);
	if (parsed.username !== '' || parsed.password !== '') throw invalid('carries credentials');
	const origin = originOf(context.baseUrl) ?? originOf(current.url);
	if (origin === undefined || parsed.origin !== origin) throw foreign(context.resource);
	return link;
}

function foreign(resource: string): PollerResponseError {
	return new PollerResponseError(
		'FOREIGN_NEXT_URL',
		resource,
		'next-page link points outside the API base URL; it is not followed so that credentials stay with the API',
	);
}

function originOf(url: string | undefined): string | undefined {
	if (url === undefined) return undefined;
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.origin : undefined;
	} catch {
		return undefined;
	}
}

/** Sets (or replaces) one query parameter, leaving the rest of the URL exactly as written. */
export function setQueryParam(url: string, name: string, value: string): string {
	const hashAt = url.indexOf('#');
	const withoutHash = hashAt === -1 ? url : url.slice(0, hashAt);
	const hash = hashAt === -1 ? '' : url.slice(hashAt);
	const queryAt = withoutHash.indexOf('?');
	const path = queryAt === -1 ? withoutHash : withoutHash.slice(0, queryAt);
	const query = queryAt === -1 ? '' : withoutHash.slice(queryAt + 1);
	const kept = query.split('&').filter((part) => part !== '' && decodedName(part) !== name);
	kept.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
	return `${path}?${kept.join('&')}${hash}`;
}

function decodedName(part: string): string {
	const raw = part.split('=', 1)[0].replace(/\+/g, ' ');
	try {
		return decodeURIComponent(raw);
	} catch {
		return raw;
	}
}

function scalar(value: unknown): string | number | undefined {
	if (typeof value === 'string') return value === '' ? undefined : value;
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	return undefined;
}

export function sameRequest(a: PageRequest, b: PageRequest): boolean {
	return a.method === b.method && a.url === b.url && JSON.stringify(a.body) === JSON.stringify(b.body);
}
