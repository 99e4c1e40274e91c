import { DateTime } from 'luxon';

import { BoundedCache } from '../cache';
import { compileJavaPattern, luxonForFormatting, luxonForParsing } from './javaPattern';
import type { DateField, DateFormat } from './types';
import { ZoneError } from './zones';

/**
 * Reading record dates and writing the cursor, in the formats a poller configuration names: `milliseconds`,
 * our `seconds` and `iso8601`, or a Java SimpleDateFormat pattern.
 */

/** Month and weekday names, AM/PM: Java's poller ran in an English locale, and APIs write English. */
const LOCALE = 'en-US';

/** The range of a JavaScript Date (and of Luxon). */
const MAX_EPOCH_MS = 8.64e15;

const DATE_FORMAT_KEYWORDS = ['milliseconds', 'seconds', 'iso8601'] as const;
type DateFormatKeyword = (typeof DATE_FORMAT_KEYWORDS)[number];

function isKeyword(text: string): text is DateFormatKeyword {
	return (DATE_FORMAT_KEYWORDS as readonly string[]).includes(text);
}

/**
 * A configured format: a keyword (any case) or a Java pattern, translated now so a bad pattern fails at
 * configuration time. Throws `PatternError`.
 */
export function dateFormatFromString(text: string): DateFormat {
	const keyword = text.trim().toLowerCase();
	if (isKeyword(keyword)) return { kind: keyword };
	const compiled = compileJavaPattern(text);
	return { kind: 'pattern', java: text, luxon: luxonForParsing(compiled, 'numeric') };
}

const EPOCH_TEXT = /^-?\d+(\.\d+)?$/;

function parseEpoch(value: unknown, msPerUnit: number): number | undefined {
	let n: number;
	if (typeof value === 'number') n = value;
	else if (typeof value === 'string' && EPOCH_TEXT.test(value.trim())) n = Number(value.trim());
	else return undefined;
	if (!Number.isFinite(n)) return undefined;
	const ms = Math.round(n * msPerUnit);
	return Math.abs(ms) <= MAX_EPOCH_MS ? ms : undefined;
}

/** A date first: Luxon would read a bare time (`12:00`) as today, which depends on when the poll runs. */
const STARTS_WITH_DATE = /^[+-]?\d{4}/;
const SPACE_SEPARATED = /^([+-]?\d{4,6}-\d{2}-\d{2}) (\d)/;

/** UTC timestamps as both CRMs write them (`2025-11-24T13:18:55Z`, `…55.724Z`). */
const PLAIN_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

function parseIso(text: string, zone: string): number | undefined {
	// Fast path for the common shape: Date.parse is ~25× cheaper than Luxon. The round trip rejects what
	// Date.parse would roll over (Feb 30) exactly as Luxon does.
	if (PLAIN_UTC.test(text)) return plainUtcMs(text);
	if (!STARTS_WITH_DATE.test(text)) return undefined;
	// RFC 3339 allows a lower-case `t`/`z` and a space between date and time; Luxon wants `T` and `Z`.
	const normalised = text.toUpperCase().replace(SPACE_SEPARATED, '$1T$2');
	const parsed = DateTime.fromISO(normalised, { zone });
	return parsed.isValid ? parsed.toMillis() : undefined;
}

/** Two or four digits of `text` at `at`, already checked by `PLAIN_UTC`. */
function digits(text: string, at: number, count: number): number {
	let value = 0;
	for (let i = at; i < at + count; i++) value = value * 10 + text.charCodeAt(i) - 48;
	return value;
}

/**
 * A `PLAIN_UTC` text read field by field, without allocating (a backlog poll reads two dates per record):
 * an impossible field (Feb 30, 24:00, :60) is refused, as Luxon refuses it, rather than rolled over.
 */
function plainUtcMs(text: string): number | undefined {
	const year = digits(text, 0, 4);
	const month = digits(text, 5, 2);
	const day = digits(text, 8, 2);
	const hour = digits(text, 11, 2);
	const minute = digits(text, 14, 2);
	const second = digits(text, 17, 2);
	if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
	// Date.UTC reads years 0–99 as 1900–1999: those take the allocating path.
	if (year < 100) {
		const ms = Date.parse(text);
		return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 19) === text.slice(0, 19) ? ms : undefined;
	}
	if (day > daysInMonth(year, month)) return undefined;
	const dayMs = Date.UTC(year, month - 1, day);
	// The fraction: `.5` is 500 ms, `.05` 50 ms, `.005` 5 ms.
	const fractionDigits = text.length - 21;
	const fraction = fractionDigits > 0 ? digits(text, 20, fractionDigits) * 10 ** (3 - fractionDigits) : 0;
	return dayMs + ((hour * 60 + minute) * 60 + second) * 1000 + fraction;
}

function daysInMonth(year: number, month: number): number {
	if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

type FormatParser = ReturnType<typeof DateTime.buildFormatParser>;
interface PatternParsers {
	numeric: FormatParser;
	/** Reads each offset field as the letter `Z` (UTC); only for patterns with an offset. */
	zulu?: FormatParser;
}

/**
 * Built parsers by Java pattern. Building one costs far more than using it, and a poll reads every record of
 * a resource with the same pattern. Bounded: configurations hold a handful of patterns.
 */
const parsers = new BoundedCache<string, PatternParsers>(64);

function parsersFor(java: string): PatternParsers {
	return parsers.getOrCreate(java, () => {
		const compiled = compileJavaPattern(java);
		const build = (offsets: 'numeric' | 'zulu'): FormatParser =>
			DateTime.buildFormatParser(luxonForParsing(compiled, offsets), { locale: LOCALE });
		const built: PatternParsers = { numeric: build('numeric') };
		if (compiled.hasOffset) built.zulu = build('zulu');
		return built;
	});
}

function parsePattern(text: string, java: string, zone: string): number | undefined {
	const { numeric, zulu } = parsersFor(java);
	const parsed = DateTime.fromFormatParser(text, numeric, { zone, locale: LOCALE });
	if (parsed.isValid) return parsed.toMillis();
	if (zulu === undefined) return undefined;
	// ISO offsets may be written `Z` for UTC (`2024-05-01T10:00:00Z` against `yyyy-MM-dd'T'HH:mm:ssXXX`).
	const utc = DateTime.fromFormatParser(text, zulu, { zone: 'UTC', locale: LOCALE });
	return utc.isValid ? utc.toMillis() : undefined;
}

/**
 * Epoch milliseconds of a record's date, or undefined when it is missing or cannot be read. Values without
 * an offset are read in the field's zone; a pattern must match the whole value.
 */
export function parseDate(value: unknown, field: DateField): number | undefined {
	const format = field.format;
	switch (format.kind) {
		case 'milliseconds':
			return parseEpoch(value, 1);
		case 'seconds':
			return parseEpoch(value, 1000);
		case 'iso8601':
			return typeof value === 'string' ? parseIso(value, field.zone) : undefined;
		case 'pattern':
			return typeof value === 'string' ? parsePattern(value, format.java, field.zone) : undefined;
	}
}

/** Writes an instant in a format and zone (a Luxon zone name, as `resolveZone` returns). */
export function formatDate(ms: number, format: DateFormat, zone: string): string {
	if (!Number.isFinite(ms) || Math.abs(ms) > MAX_EPOCH_MS) throw new RangeError(`instant out of range: ${ms}`);
	if (format.kind === 'milliseconds') return String(Math.trunc(ms));
	if (format.kind === 'seconds') return String(Math.floor(ms / 1000));
	const dt = DateTime.fromMillis(ms, { zone, locale: LOCALE });
	if (!dt.isValid) throw new ZoneError('UNKNOWN_ZONE', zone, `unknown time zone ${JSON.stringify(zone)}`);
	if (format.kind === 'iso8601') return dt.toISO({ suppressMilliseconds: true }) ?? '';
	return dt.toFormat(luxonForFormatting(compileJavaPattern(format.java), dt.offset));
}
