import { parseDatesConfiguration, TOLERANCE_RULE } from './dates';
import { parsePagination } from './pagination';
import { checkUrl, type UrlContext } from './url';
import { caseTwin, decodeJson, describeValue, invalid, optionalBoolean, optionalNumber, optionalString } from './values';
import { isJsonObject, isValidPath, joinPath } from '../paths';
import { validateJsonPlaceholders } from '../placeholders';
import type { ConfigWarning, PollEventType, ResourceConfig } from '../types';
import { POLL_EVENT_TYPES, PollerConfigError } from '../types';

/** One resource of the poller configuration (`"contacts": { … }`), validated with every default applied. */

export const RESOURCE_KEYS = [
	'url',
	'idField',
	'filterByUpdatedDate',
	'filterByUpdateDate',
	'filterByCurrentDate',
	'pollDelay',
	'pageSize',
	'createdCheckTolerance',
	'datesConfiguration',
	'method',
	'body',
	'recordsPath',
	'pagination',
	'sortOrder',
	'eventType',
	'deletedField',
	'deletedValue',
	'objectType',
	'maxResultsPerQuery',
] as const;

/** Keys the Cloud Elements platform runs itself; nothing here can run them. */
const PLATFORM_ONLY_KEYS = ['postHooks', 'preHooks'];

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 10000;
const DEFAULT_TOLERANCE_SECONDS = 10;

const PAGE_SIZE_RULE = { min: 1, max: MAX_PAGE_SIZE, integer: true, expected: `a whole number from 1 to ${MAX_PAGE_SIZE}` };
const POLL_DELAY_RULE = { min: 0, expected: 'a number of seconds, 0 or more' };

function requiredString(obj: Record<string, unknown>, key: string, path: string, what: string): string {
	const keyPath = joinPath(path, key);
	const value = obj[key];
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		const twin = Object.keys(obj).find((k) => k !== key && k.toLowerCase() === key.toLowerCase());
		const found = twin === undefined ? '' : ` (found "${twin}": keys are case-sensitive)`;
		throw new PollerConfigError('MISSING_FIELD', keyPath, `required: ${what}${found}`);
	}
	const text = optionalString(value, keyPath);
	if (text === undefined) throw invalid(keyPath, 'a string', value);
	return text;
}

function dottedPath(value: unknown, path: string, example: string): string | undefined {
	const text = optionalString(value, path, `a dotted path such as "${example}"`);
	if (text !== undefined && !isValidPath(text)) throw invalid(path, `a dotted path such as "${example}"`, value);
	return text;
}

function readMethod(value: unknown, path: string): 'GET' | 'POST' | undefined {
	const text = optionalString(value, path, '"GET" or "POST"')?.toUpperCase();
	if (text === undefined || text === 'GET' || text === 'POST') return text;
	throw invalid(path, '"GET" or "POST"', value);
}

function readBody(value: unknown, path: string): unknown {
	if (value === undefined || value === null) return undefined;
	const decoded = decodeJson(value, path);
	if (!isJsonObject(decoded) && !Array.isArray(decoded)) throw invalid(path, 'a JSON object or array', value);
	validateJsonPlaceholders(decoded, path);
	return decoded;
}

const SORT_ORDERS_TEXT = '"ascending", "descending" or "unordered"';

function readSortOrder(value: unknown, path: string): ResourceConfig['sortOrder'] | undefined {
	const text = optionalString(value, path, SORT_ORDERS_TEXT)?.toLowerCase();
	if (text === undefined) return undefined;
	if (text === 'ascending' || text === 'asc') return 'ascending';
	if (text === 'descending' || text === 'desc') return 'descending';
	if (text === 'unordered' || text === 'none') return 'unordered';
	throw invalid(path, SORT_ORDERS_TEXT, value);
}

const MAX_RESULTS_RULE = { min: 1, integer: true, expected: 'a whole number of at least 1' };

function readEventType(value: unknown, path: string): PollEventType | undefined {
	const list = POLL_EVENT_TYPES.map((t) => `"${t}"`).join(', ');
	const text = optionalString(value, path, `one of ${list}`)?.toUpperCase();
	if (text === undefined) return undefined;
	const type = POLL_EVENT_TYPES.find((t) => t === text);
	if (type === undefined) throw invalid(path, `one of ${list}`, value);
	return type;
}

function readDeleted(obj: Record<string, unknown>, path: string): ResourceConfig['deleted'] {
	const field = dottedPath(obj.deletedField, joinPath(path, 'deletedField'), 'archived');
	const hasValue = obj.deletedValue !== undefined;
	if (field === undefined) {
		if (hasValue) throw new PollerConfigError('MISSING_FIELD', joinPath(path, 'deletedField'), 'required when deletedValue is set: the dotted path of the field to compare');
		return undefined;
	}
	if (!hasValue) return { field, value: true };
	const value = obj.deletedValue;
	if (value !== null && typeof value === 'object') throw invalid(joinPath(path, 'deletedValue'), 'a string, number, true, false or null', value);
	return { field, value };
}

function readFilterByUpdatedDate(obj: Record<string, unknown>, path: string, warnings: ConfigWarning[]): boolean {
	const proper = optionalBoolean(obj.filterByUpdatedDate, joinPath(path, 'filterByUpdatedDate'));
	if (obj.filterByUpdateDate === undefined) return proper ?? true;
	const aliasPath = joinPath(path, 'filterByUpdateDate');
	const alias = optionalBoolean(obj.filterByUpdateDate, aliasPath);
	if (proper !== undefined) {
		warnings.push({ path: aliasPath, message: 'misspelled key ignored: "filterByUpdatedDate" is also set' });
		return proper;
	}
	warnings.push({ path: aliasPath, message: 'read as "filterByUpdatedDate" (misspelled key)' });
	return alias ?? true;
}

function warnUnknownKeys(obj: Record<string, unknown>, path: string, warnings: ConfigWarning[]): void {
	for (const key of Object.keys(obj)) {
		if ((RESOURCE_KEYS as readonly string[]).includes(key)) continue;
		const twin = caseTwin(RESOURCE_KEYS, key);
		let message = 'unknown key, ignored';
		if (PLATFORM_ONLY_KEYS.includes(key)) message = 'runs only inside Cloud Elements, ignored';
		else if (twin !== undefined) message = `unknown key, ignored (did you mean "${twin}"?)`;
		warnings.push({ path: joinPath(path, key), message });
	}
}

/** Parses the resource called `name`; its error paths start with the name (`contacts.url`). */
export function parseResource(name: string, value: unknown, ctx: UrlContext, warnings: ConfigWarning[]): ResourceConfig {
	const path = name;
	if (!isJsonObject(value)) {
		throw new PollerConfigError('INVALID_SHAPE', path, `must be an object with "url" and "idField", got ${describeValue(value)}`);
	}
	warnUnknownKeys(value, path, warnings);

	const url = checkUrl(
		requiredString(value, 'url', path, 'the path to poll, relative to the API base URL (e.g. "/api/v2/deals")'),
		joinPath(path, 'url'),
		ctx,
	);
	const idField = requiredString(value, 'idField', path, 'the dotted path of the record id (e.g. "id" or "vid")');
	if (!isValidPath(idField)) throw invalid(joinPath(path, 'idField'), 'a dotted path such as "id" or "user.id"', value.idField);

	const body = readBody(value.body, joinPath(path, 'body'));
	const method = readMethod(value.method, joinPath(path, 'method')) ?? (body === undefined ? 'GET' : 'POST');
	if (method === 'GET' && body !== undefined) {
		throw new PollerConfigError('INVALID_VALUE', joinPath(path, 'body'), 'a GET request has no body; set "method": "POST"');
	}

	const filterByUpdatedDate = readFilterByUpdatedDate(value, path, warnings);
	const dates = parseDatesConfiguration(value.datesConfiguration, joinPath(path, 'datesConfiguration'), filterByUpdatedDate, warnings);
	const resourceTolerance = optionalNumber(value.createdCheckTolerance, joinPath(path, 'createdCheckTolerance'), TOLERANCE_RULE);
	if (resourceTolerance !== undefined && dates.toleranceSeconds !== undefined && resourceTolerance !== dates.toleranceSeconds) {
		warnings.push({
			path: joinPath(path, 'createdCheckTolerance'),
			message: `ignored: datesConfiguration.createdCheckTolerance (${dates.toleranceSeconds}) is also set and wins`,
		});
	}
	const toleranceSeconds = dates.toleranceSeconds ?? resourceTolerance ?? DEFAULT_TOLERANCE_SECONDS;

	const resource: ResourceConfig = {
		name,
		url,
		method,
		idField,
		filterByUpdatedDate,
		filterByCurrentDate: optionalBoolean(value.filterByCurrentDate, joinPath(path, 'filterByCurrentDate')) ?? false,
		pollDelayMs: Math.round((optionalNumber(value.pollDelay, joinPath(path, 'pollDelay'), POLL_DELAY_RULE) ?? 0) * 1000),
		pageSize: optionalNumber(value.pageSize, joinPath(path, 'pageSize'), PAGE_SIZE_RULE) ?? DEFAULT_PAGE_SIZE,
		createdCheckToleranceMs: Math.round(toleranceSeconds * 1000),
		updated: dates.updated,
		created: dates.created,
		pagination: parsePagination(value.pagination, joinPath(path, 'pagination'), method, warnings),
		// Unknown order is read as descending: the engine then reads back to the cursor before committing,
		// which is right for either order (ascending only lets it commit earlier).
		sortOrder: readSortOrder(value.sortOrder, joinPath(path, 'sortOrder')) ?? 'descending',
	};
	if (body !== undefined) resource.body = body;
	const recordsPath = dottedPath(value.recordsPath, joinPath(path, 'recordsPath'), 'results');
	if (recordsPath !== undefined) resource.recordsPath = recordsPath;
	const eventType = readEventType(value.eventType, joinPath(path, 'eventType'));
	if (eventType !== undefined) resource.eventType = eventType;
	const deleted = readDeleted(value, path);
	if (deleted !== undefined) resource.deleted = deleted;
	const objectType = optionalString(value.objectType, joinPath(path, 'objectType'));
	// Singular like every trigger's objectType (`contacts` → `contact`) unless the configuration names it.
	resource.objectType = objectType !== undefined && objectType.trim() !== '' ? objectType.trim() : singularObjectType(name);
	const maxResults = optionalNumber(value.maxResultsPerQuery, joinPath(path, 'maxResultsPerQuery'), MAX_RESULTS_RULE);
	if (maxResults !== undefined) resource.maxResultsPerQuery = maxResults;
	return resource;
}

/**
 * A resource name as the singular objectType every trigger uses: a `_deleted` / `_archived` suffix dropped, then
 * English plurals (`activities` → `activity`, `addresses` → `address`, `deals` → `deal`; `status` stays).
 */
export function singularObjectType(name: string): string {
	const base = name.replace(/_(deleted|archived)$/i, '');
	if (/ies$/i.test(base)) return `${base.slice(0, -3)}y`;
	if (/(ss|sh|ch|x)es$/i.test(base)) return base.slice(0, -2);
	if (/[^su]s$/i.test(base)) return base.slice(0, -1);
	return base;
}
