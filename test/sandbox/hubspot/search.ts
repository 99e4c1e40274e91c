// CRM search over what the index sees: filters, one sort, limit ≤ 200, offset paging with a total cap.
// Behaviour follows https://developers.hubspot.com/docs/api/crm/search
import type { HubSpotRecord, JsonObject, JsonValue } from '../types';

export const SEARCH_OPERATORS = ['EQ', 'NEQ', 'GT', 'GTE', 'LT', 'LTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY'] as const;
type Operator = (typeof SEARCH_OPERATORS)[number];

export const SEARCH_MAX_LIMIT = 200;

interface Filter {
	propertyName: string;
	operator: Operator;
	value?: string;
	highValue?: string;
	values?: string[];
}

export type SearchOutcome = { ok: true; body: JsonObject } | { ok: false; message: string };

export function search(records: HubSpotRecord[], request: JsonValue | undefined, resultCap: number): SearchOutcome {
	const body = isObject(request) ? request : {};
	const groups = parseGroups(body.filterGroups);
	if (typeof groups === 'string') return { ok: false, message: groups };
	const sort = parseSort(body.sorts);
	if (typeof sort === 'string') return { ok: false, message: sort };
	const limit = body.limit === undefined ? 10 : Number(body.limit);
	if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_MAX_LIMIT) {
		return { ok: false, message: `limit must be an integer between 1 and ${SEARCH_MAX_LIMIT}, got ${JSON.stringify(body.limit)}` };
	}
	const offset = body.after === undefined || body.after === null || body.after === '' ? 0 : Number(body.after);
	if (!Number.isInteger(offset) || offset < 0) return { ok: false, message: `invalid paging cursor 'after': ${JSON.stringify(body.after)}` };
	if (offset >= resultCap) {
		return { ok: false, message: `Search results are limited to ${resultCap} per query; page from a later filter value instead (after=${offset})` };
	}
	const properties = Array.isArray(body.properties) ? body.properties.filter((p): p is string => typeof p === 'string') : [];

	const matching = records.filter((record) => groups.length === 0 || groups.some((group) => group.every((f) => matches(record, f))));
	matching.sort((a, b) => compareRecords(a, b, sort));
	const page = matching.slice(offset, offset + limit);
	const result: JsonObject = {
		total: matching.length,
		results: page.map((record) => present(record, properties)),
	};
	if (offset + limit < matching.length) result.paging = { next: { after: String(offset + limit) } };
	return { ok: true, body: result };
}

function parseGroups(raw: JsonValue | undefined): Filter[][] | string {
	if (raw === undefined) return [];
	if (!Array.isArray(raw)) return 'filterGroups must be an array';
	if (raw.length > 5) return 'at most 5 filterGroups are allowed';
	const groups: Filter[][] = [];
	for (const group of raw) {
		if (!isObject(group) || !Array.isArray(group.filters)) return 'each filter group needs a filters array';
		const filters: Filter[] = [];
		for (const filter of group.filters) {
			if (!isObject(filter) || typeof filter.propertyName !== 'string') return 'each filter needs a propertyName';
			const operator = String(filter.operator) as Operator;
			if (!SEARCH_OPERATORS.includes(operator)) return `unknown filter operator ${JSON.stringify(filter.operator)}`;
			filters.push({
				propertyName: filter.propertyName,
				operator,
				value: filter.value === undefined || filter.value === null ? undefined : String(filter.value),
				highValue: filter.highValue === undefined || filter.highValue === null ? undefined : String(filter.highValue),
				values: Array.isArray(filter.values) ? filter.values.map(String) : undefined,
			});
		}
		groups.push(filters);
	}
	return groups;
}

interface Sort {
	propertyName: string;
	descending: boolean;
}

function parseSort(raw: JsonValue | undefined): Sort | undefined | string {
	if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) return undefined;
	if (!Array.isArray(raw)) return 'sorts must be an array';
	if (raw.length > 1) return 'only one sort is allowed';
	const sort = raw[0];
	if (typeof sort === 'string') return { propertyName: sort.replace(/^-/, ''), descending: sort.startsWith('-') };
	if (!isObject(sort) || typeof sort.propertyName !== 'string') return 'a sort needs a propertyName';
	const direction = sort.direction ?? 'ASCENDING';
	if (direction !== 'ASCENDING' && direction !== 'DESCENDING') return `unknown sort direction ${JSON.stringify(direction)}`;
	return { propertyName: sort.propertyName, descending: direction === 'DESCENDING' };
}

function matches(record: HubSpotRecord, filter: Filter): boolean {
	const actual = record.properties[filter.propertyName] ?? null;
	switch (filter.operator) {
		case 'HAS_PROPERTY':
			return actual !== null && actual !== '';
		case 'NOT_HAS_PROPERTY':
			return actual === null || actual === '';
		case 'IN':
			return actual !== null && (filter.values ?? []).some((value) => compareValues(actual, value) === 0);
		case 'NOT_IN':
			return actual === null || !(filter.values ?? []).some((value) => compareValues(actual, value) === 0);
		default:
			break;
	}
	if (actual === null || filter.value === undefined) return filter.operator === 'NEQ' && actual !== null;
	const order = compareValues(actual, filter.value);
	switch (filter.operator) {
		case 'EQ':
			return order === 0;
		case 'NEQ':
			return order !== 0;
		case 'GT':
			return order > 0;
		case 'GTE':
			return order >= 0;
		case 'LT':
			return order < 0;
		case 'LTE':
			return order <= 0;
		case 'BETWEEN':
			return order >= 0 && filter.highValue !== undefined && compareValues(actual, filter.highValue) <= 0;
	}
}

/** Dates compare as instants (filter values may be epoch ms or ISO), numbers as numbers, the rest as text. */
function compareValues(actual: string, expected: string): number {
	const actualTime = asTime(actual);
	if (actualTime !== undefined) {
		const expectedTime = /^-?\d+$/.test(expected) ? Number(expected) : asTime(expected);
		if (expectedTime !== undefined) return Math.sign(actualTime - expectedTime);
	}
	if (isNumeric(actual) && isNumeric(expected)) return Math.sign(Number(actual) - Number(expected));
	return actual.toLowerCase() < expected.toLowerCase() ? -1 : actual.toLowerCase() > expected.toLowerCase() ? 1 : 0;
}

function asTime(value: string): number | undefined {
	if (!/^\d{4}-\d{2}-\d{2}(T|$)/.test(value)) return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? undefined : ms;
}

function isNumeric(value: string): boolean {
	return value.trim() !== '' && Number.isFinite(Number(value));
}

function compareRecords(a: HubSpotRecord, b: HubSpotRecord, sort: Sort | undefined): number {
	if (sort) {
		const left = a.properties[sort.propertyName] ?? null;
		const right = b.properties[sort.propertyName] ?? null;
		let order = 0;
		if (left === null || right === null) order = left === right ? 0 : left === null ? 1 : -1;
		else order = compareValues(left, right);
		if (order !== 0) return sort.descending ? -order : order;
	}
	return Number(a.id) - Number(b.id);
}

/** Requested properties (null when unset) plus the ones HubSpot always returns; all of them when none asked. */
function present(record: HubSpotRecord, properties: string[]): JsonObject {
	let selected: Record<string, string | null> = record.properties;
	if (properties.length > 0) {
		selected = {};
		for (const name of Object.keys(record.properties)) {
			if (name === 'createdate' || name === 'hs_object_id' || name.endsWith('lastmodifieddate')) selected[name] = record.properties[name];
		}
		for (const name of properties) selected[name] = record.properties[name] ?? null;
	}
	return { id: record.id, properties: { ...selected }, createdAt: record.createdAt, updatedAt: record.updatedAt, archived: false };
}

function isObject(value: JsonValue | undefined): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
