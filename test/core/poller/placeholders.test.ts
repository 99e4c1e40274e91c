import { dateFormatFromString } from '../../../core/poller/dates';
import {
	expandBody,
	expandUrl,
	type PlaceholderContext,
	validateJsonPlaceholders,
	validatePlaceholders,
} from '../../../core/poller/placeholders';
import type { ResourceConfig } from '../../../core/poller/types';
import { PollerConfigError } from '../../../core/poller/types';

/** 2024-05-01T10:00:00.123Z */
const CURSOR_MS = Date.UTC(2024, 4, 1, 10, 0, 0, 123);

function resource(overrides: Partial<ResourceConfig> = {}): ResourceConfig {
	return {
		name: 'contacts',
		url: '/x',
		method: 'GET',
		idField: 'id',
		filterByUpdatedDate: true,
		filterByCurrentDate: false,
		pollDelayMs: 0,
		pageSize: 100,
		createdCheckToleranceMs: 10000,
		updated: { path: 'updatedAt', format: dateFormatFromString('milliseconds'), zone: 'UTC' },
		created: { path: 'createdAt', format: dateFormatFromString('milliseconds'), zone: 'UTC' },
		pagination: { type: 'none' },
		sortOrder: 'descending',
		...overrides,
	};
}

const ctx = (overrides: Partial<ResourceConfig> = {}): PlaceholderContext => ({ cursorMs: CURSOR_MS, resource: resource(overrides) });

describe('expandUrl', () => {
	it.each([
		{ name: '${date} in milliseconds', url: '/x?since=${date}', expected: '/x?since=1714557600123' },
		{
			name: '${date} in a pattern, URL-encoded',
			url: '/v1/recents?since_timestamp=${date}',
			updated: { path: 'u', format: dateFormatFromString('yyyy-MM-dd HH:mm:ss'), zone: 'UTC' },
			expected: '/v1/recents?since_timestamp=2024-05-01%2010%3A00%3A00',
		},
		{
			name: '${date} in the updated zone',
			url: '/x?since=${date}',
			updated: { path: 'u', format: dateFormatFromString('iso8601'), zone: 'America/New_York' },
			expected: '/x?since=2024-05-01T06%3A00%3A00.123-04%3A00',
		},
		{
			name: '${date} follows the created field when filtering by created date',
			url: '/x?since=${date}',
			filterByUpdatedDate: false,
			created: { path: 'c', format: dateFormatFromString('seconds'), zone: 'UTC' },
			expected: '/x?since=1714557600',
		},
		{
			name: '${date:FMT} in the resource zone',
			url: "/x?since=${date:yyyy-MM-dd'T'HH:mm:ssXXX}",
			updated: { path: 'u', format: dateFormatFromString('milliseconds'), zone: 'America/New_York' },
			expected: '/x?since=2024-05-01T06%3A00%3A00-04%3A00',
		},
		{ name: '${date:FMT} accepts a keyword', url: '/x?since=${date:iso8601}', expected: '/x?since=2024-05-01T10%3A00%3A00.123Z' },
		{
			name: '${gmtDate:FMT} ignores the resource zone',
			url: "/api/v2/deals?updated_since=${gmtDate:yyyy-MM-dd'T'HH:mm:ssXXX}",
			updated: { path: 'u', format: dateFormatFromString('milliseconds'), zone: 'Asia/Tokyo' },
			expected: '/api/v2/deals?updated_since=2024-05-01T10%3A00%3A00Z',
		},
		{
			name: '${dateTimeZone} with an offset holding a colon',
			url: "/x?since=${dateTimeZone:-8:00:yyyy-MM-dd'T'HH:mm:ssXXX}",
			expected: '/x?since=2024-05-01T02%3A00%3A00-08%3A00',
		},
		{ name: '${dateTimeZone} with an hours-only offset', url: '/x?t=${dateTimeZone:-8:HH:mm}', expected: '/x?t=02%3A00' },
		{ name: '${dateTimeZone} with GMT+H:MM', url: '/x?t=${dateTimeZone:GMT+5:30:HH:mm}', expected: '/x?t=15%3A30' },
		{ name: '${dateTimeZone} with an IANA name', url: '/x?t=${dateTimeZone:Asia/Kolkata:HH:mm}', expected: '/x?t=15%3A30' },
		{ name: '${dateTimeZone} with EST', url: '/x?t=${dateTimeZone:EST:HH:mm}', expected: '/x?t=05%3A00' },
		{ name: 'a plus sign survives', url: '/x?t=${dateTimeZone:+05:30:HH:mmXXX}', expected: '/x?t=15%3A30%2B05%3A30' },
		{ name: '${epoch}', url: '/x?t=${epoch}', expected: '/x?t=1714557600123' },
		{ name: '${epoch:s}', url: '/x?t=${epoch:s}', expected: '/x?t=1714557600' },
		{ name: '${epoch:ms}', url: '/x?t=${epoch:ms}', expected: '/x?t=1714557600123' },
		{ name: '${epoch:us}', url: '/x?t=${epoch:us}', expected: '/x?t=1714557600123000' },
		{ name: 'several placeholders', url: '/x?from=${epoch:s}&to=${epoch:s}&d=${gmtDate:yyyy}', expected: '/x?from=1714557600&to=1714557600&d=2024' },
		{ name: 'a lone dollar sign stays', url: '/x?price=$5&t=${epoch:s}', expected: '/x?price=$5&t=1714557600' },
		{ name: 'no placeholders', url: '/x?a=b', expected: '/x?a=b' },
	])('$name', ({ url, expected, ...overrides }) => {
		expect(expandUrl(url, ctx(overrides))).toBe(expected);
	});

	it('uses the cursor it is given (pollDelay already subtracted)', () => {
		expect(expandUrl('/x?t=${epoch}', { cursorMs: CURSOR_MS - 30000, resource: resource({ pollDelayMs: 30000 }) })).toBe('/x?t=1714557570123');
	});
});

describe('expandBody', () => {
	const body = {
		filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: '${epoch}' }] }],
		sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
		limit: 200,
		archived: false,
		after: null,
		label: 'since ${gmtDate:yyyy-MM-dd} "quoted"',
		'${date}': 'keys are not expanded',
	};

	it('expands strings anywhere and leaves other values alone', () => {
		expect(expandBody(body, ctx())).toEqual({
			filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: '1714557600123' }] }],
			sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
			limit: 200,
			archived: false,
			after: null,
			label: 'since 2024-05-01 "quoted"',
			'${date}': 'keys are not expanded',
		});
	});

	it('keeps a string that is exactly one placeholder a string', () => {
		expect(expandBody({ value: '${epoch:s}' }, ctx())).toEqual({ value: '1714557600' });
	});

	it('does not URL-encode and is JSON-escaped when serialised', () => {
		const expanded = expandBody({ q: "${date:'\"'yyyy-MM-dd HH:mm'\"'}" }, ctx());
		expect(expanded).toEqual({ q: '"2024-05-01 10:00"' });
		expect(JSON.stringify(expanded)).toBe('{"q":"\\"2024-05-01 10:00\\""}');
	});

	it('does not change the configured body', () => {
		const copy = JSON.parse(JSON.stringify(body)) as unknown;
		expandBody(body, ctx());
		expect(body).toEqual(copy);
	});

	it('keeps a __proto__ key as data', () => {
		const hostile = JSON.parse('{"__proto__": {"polluted": "${epoch:s}"}}') as unknown;
		const expanded = expandBody(hostile, ctx()) as Record<string, unknown>;
		expect(Object.getPrototypeOf(expanded)).toBe(Object.prototype);
		expect(Object.hasOwn(expanded, '__proto__')).toBe(true);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('expands a top-level array or string', () => {
		expect(expandBody(['${epoch:s}', 1], ctx())).toEqual(['1714557600', 1]);
		expect(expandBody('${epoch:s}', ctx())).toBe('1714557600');
	});
});

describe('validatePlaceholders', () => {
	const USAGE = 'use ${date}, ${date:FMT}, ${gmtDate:FMT}, ${dateTimeZone:ZONE:FMT}, ${epoch} or ${epoch:s|ms|us}';
	it.each([
		{ name: 'unknown name', text: '/x?since=${foo}', code: 'UNKNOWN_PLACEHOLDER', message: `contacts.url: unknown placeholder "\${foo}"; ${USAGE}` },
		{ name: 'names are case-sensitive', text: '/x?since=${DATE}', code: 'UNKNOWN_PLACEHOLDER', message: `contacts.url: unknown placeholder "\${DATE}"; ${USAGE}` },
		{ name: 'empty', text: '/x?since=${}', code: 'UNKNOWN_PLACEHOLDER', message: `contacts.url: unknown placeholder "\${}"; ${USAGE}` },
		{ name: 'spaces', text: '/x?since=${ date }', code: 'UNKNOWN_PLACEHOLDER', message: `contacts.url: unknown placeholder "\${ date }"; ${USAGE}` },
		{
			name: 'unknown epoch unit',
			text: '/x?t=${epoch:ns}',
			code: 'UNKNOWN_PLACEHOLDER',
			message: 'contacts.url: unknown placeholder "${epoch:ns}": ${epoch:…} takes s, ms or us',
		},
		{
			name: 'date with an empty format',
			text: '/x?t=${date:}',
			code: 'UNKNOWN_PLACEHOLDER',
			message: 'contacts.url: placeholder "${date:}" needs a date format after the colon, as in ${date:yyyy-MM-dd}',
		},
		{
			name: 'gmtDate without a format',
			text: '/x?t=${gmtDate}',
			code: 'UNKNOWN_PLACEHOLDER',
			message: 'contacts.url: placeholder "${gmtDate}" needs a date format, as in ${gmtDate:yyyy-MM-dd}',
		},
		{
			name: 'dateTimeZone without a zone',
			text: '/x?t=${dateTimeZone:yyyy}',
			code: 'UNKNOWN_PLACEHOLDER',
			message: 'contacts.url: placeholder "${dateTimeZone:yyyy}" needs a zone and a date format, as in ${dateTimeZone:America/New_York:yyyy-MM-dd}',
		},
		{
			name: 'dateTimeZone without a format',
			text: '/x?t=${dateTimeZone:-8:00}',
			code: 'UNKNOWN_PLACEHOLDER',
			message: 'contacts.url: placeholder "${dateTimeZone:-8:00}" needs a zone and a date format, as in ${dateTimeZone:America/New_York:yyyy-MM-dd}',
		},
		{
			name: 'dateTimeZone with an empty format',
			text: '/x?t=${dateTimeZone:UTC:}',
			code: 'UNKNOWN_PLACEHOLDER',
			message: 'contacts.url: placeholder "${dateTimeZone:UTC:}" needs a zone and a date format, as in ${dateTimeZone:America/New_York:yyyy-MM-dd}',
		},
		{
			name: 'dateTimeZone with an unknown zone',
			text: '/x?t=${dateTimeZone:Mars/Olympus:yyyy}',
			code: 'UNKNOWN_ZONE',
			message:
				'contacts.url: unknown time zone "Mars/Olympus"; use GMT/UTC, an IANA name such as "America/New_York", EST/MST/HST or an offset such as "-08:00" in placeholder "${dateTimeZone:Mars/Olympus:yyyy}"',
		},
		{
			name: 'a bad pattern',
			text: "/x?t=${date:yyyy'T}",
			code: 'INVALID_PATTERN',
			message: 'contacts.url: unterminated quote in "yyyy\'T" in placeholder "${date:yyyy\'T}"',
		},
		{
			name: 'an untranslatable letter',
			text: '/x?t=${gmtDate:kk}',
			code: 'INVALID_PATTERN',
			message:
				'contacts.url: unsupported letter "k" at position 0 in "kk": "k" (hour 1-24) has no equivalent; use "H" (hour 0-23) in placeholder "${gmtDate:kk}"',
		},
		{
			name: 'unterminated placeholder',
			text: '/x?t=${date',
			code: 'UNKNOWN_PLACEHOLDER',
			message: 'contacts.url: unterminated placeholder "${date" (no closing "}")',
		},
		{
			name: 'a long unterminated placeholder is shortened',
			text: `/x?t=\${gmtDate:${'y'.repeat(100)}`,
			code: 'UNKNOWN_PLACEHOLDER',
			message: `contacts.url: unterminated placeholder "\${gmtDate:${'y'.repeat(50)}…" (no closing "}")`,
		},
	])('$name', ({ text, code, message }) => {
		let caught: unknown;
		try {
			validatePlaceholders(text, 'contacts.url');
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(PollerConfigError);
		expect(caught).toMatchObject({ code, path: 'contacts.url', message });
	});

	it.each([
		{ name: 'every documented placeholder', text: "${date}${date:yyyy}${gmtDate:HH:mm}${dateTimeZone:-8:00:yyyy-MM-dd'T'HH:mm}${epoch}${epoch:s}${epoch:ms}${epoch:us}" },
		{ name: 'text without placeholders', text: '/crm/v3/objects/contacts?limit=100' },
		{ name: 'a dollar without a brace', text: '/x?q=$date' },
	])('accepts $name', ({ text }) => {
		expect(() => validatePlaceholders(text, 'contacts.url')).not.toThrow();
	});

	it('names the JSON path inside a body', () => {
		const body = { filterGroups: [{ filters: [{ value: '${oops}' }] }] };
		expect(() => validateJsonPlaceholders(body, 'contacts.body')).toThrow(
			`contacts.body.filterGroups[0].filters[0].value: unknown placeholder "\${oops}"`,
		);
	});
});
