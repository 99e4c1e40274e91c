import { caseTwin, decodeJson, invalid, optionalString } from './values';
import { isJsonObject, isValidPath, joinPath } from '../paths';
import type { ConfigWarning, Pagination } from '../types';
import { PollerConfigError } from '../types';

/** Our `pagination` extension: how to ask for the next page of a resource. */

export const PAGINATION_TYPES = ['none', 'cursor', 'offset', 'nextUrl'] as const;
type PaginationType = (typeof PAGINATION_TYPES)[number];

const KEYS: Record<PaginationType, readonly string[]> = {
	none: ['type'],
	cursor: ['type', 'nextPath', 'param', 'in'],
	offset: ['type', 'param', 'nextPath', 'morePath'],
	nextUrl: ['type', 'nextPath'],
};

const TYPE_LIST = PAGINATION_TYPES.map((t) => `"${t}"`).join(', ');

function requiredPath(obj: Record<string, unknown>, key: string, path: string, example: string): string {
	const keyPath = joinPath(path, key);
	const value = obj[key];
	if (value === undefined || value === null || value === '') {
		throw new PollerConfigError('MISSING_FIELD', keyPath, `required: the dotted path of the value in the response, e.g. "${example}"`);
	}
	const text = optionalString(value, keyPath);
	if (text === undefined || !isValidPath(text)) throw invalid(keyPath, `a dotted path such as "${example}"`, value);
	return text;
}

function requiredParam(obj: Record<string, unknown>, path: string, example: string): string {
	const keyPath = joinPath(path, 'param');
	const value = obj.param;
	if (value === undefined || value === null || value === '') {
		throw new PollerConfigError('MISSING_FIELD', keyPath, `required: the request parameter that carries it, e.g. "${example}"`);
	}
	const text = optionalString(value, keyPath, 'a parameter name');
	if (text === undefined) throw invalid(keyPath, 'a parameter name', value);
	return text;
}

function optionalPath(obj: Record<string, unknown>, key: string, path: string, example: string): string | undefined {
	const keyPath = joinPath(path, key);
	const text = optionalString(obj[key], keyPath, `a dotted path such as "${example}"`);
	if (text !== undefined && !isValidPath(text)) throw invalid(keyPath, `a dotted path such as "${example}"`, obj[key]);
	return text;
}

/** Reads `<resource>.pagination`; absent means one request per poll. */
export function parsePagination(value: unknown, path: string, method: 'GET' | 'POST', warnings: ConfigWarning[]): Pagination {
	if (value === undefined || value === null) return { type: 'none' };
	if (typeof value === 'string' && value.trim().toLowerCase() === 'none') return { type: 'none' };
	const expected = `an object with "type" (${TYPE_LIST})`;
	if (typeof value === 'string' && !value.trim().startsWith('{')) throw invalid(path, expected, value);
	const decoded = decodeJson(value, path);
	if (!isJsonObject(decoded)) throw invalid(path, expected, value);
	const typePath = joinPath(path, 'type');
	if (decoded.type === undefined || decoded.type === null || decoded.type === '') {
		throw new PollerConfigError('MISSING_FIELD', typePath, `required: one of ${TYPE_LIST}`);
	}
	const typeText = typeof decoded.type === 'string' ? decoded.type.trim().toLowerCase() : undefined;
	const type = PAGINATION_TYPES.find((t) => t.toLowerCase() === typeText);
	if (type === undefined) throw invalid(typePath, `one of ${TYPE_LIST}`, decoded.type);

	for (const key of Object.keys(decoded)) {
		if (KEYS[type].includes(key)) continue;
		const twin = caseTwin(KEYS[type], key);
		const message = twin !== undefined ? `unknown key, ignored (did you mean "${twin}"?)` : `not used by "${type}" pagination, ignored`;
		warnings.push({ path: joinPath(path, key), message });
	}

	switch (type) {
		case 'none':
			return { type };
		case 'cursor': {
			const nextPath = requiredPath(decoded, 'nextPath', path, 'paging.next.after');
			const param = requiredParam(decoded, path, 'after');
			const inPath = joinPath(path, 'in');
			const where = optionalString(decoded.in, inPath, '"query" or "body"')?.toLowerCase();
			if (where !== undefined && where !== 'query' && where !== 'body') throw invalid(inPath, '"query" or "body"', decoded.in);
			if (where === 'body' && method === 'GET') {
				throw new PollerConfigError('INVALID_VALUE', inPath, '"body" needs "method": "POST" (a GET request has no body)');
			}
			// A search body carries its own cursor (HubSpot's `after`); a GET has only the query.
			return { type, nextPath, param, in: where ?? (method === 'POST' ? 'body' : 'query') };
		}
		case 'offset': {
			const param = requiredParam(decoded, path, 'start');
			const nextPath = requiredPath(decoded, 'nextPath', path, 'additional_data.pagination.next_start');
			const morePath = optionalPath(decoded, 'morePath', path, 'additional_data.pagination.more_items_in_collection');
			return morePath === undefined ? { type, param, nextPath } : { type, param, nextPath, morePath };
		}
		case 'nextUrl':
			return { type, nextPath: requiredPath(decoded, 'nextPath', path, 'paging.next.link') };
	}
}
