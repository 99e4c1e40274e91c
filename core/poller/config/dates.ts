import { attempt } from '../attempt';
import { caseTwin, decodeJson, invalid, optionalNumber, optionalString } from './values';
import { dateFormatFromString } from '../dates';
import { PatternError } from '../javaPattern';
import { isJsonObject, isValidPath, joinPath } from '../paths';
import type { ConfigWarning, DateField, DateFormat } from '../types';
import { PollerConfigError } from '../types';
import { resolveZone, ZoneError } from '../zones';

/** A resource's `datesConfiguration`: which record fields hold its dates, how they are written, in which zone. */

export const DATES_KEYS = [
	'updatedDateField',
	'updatedDateFormat',
	'updatedDateTimezone',
	'createdDateField',
	'createdDateFormat',
	'createdDateTimezone',
	'createdCheckTolerance',
] as const;

export const TOLERANCE_RULE = { min: 0, expected: 'a number of seconds, 0 or more' };

const FORMAT_USAGE = `"milliseconds", "seconds", "iso8601" or a Java date pattern such as "yyyy-MM-dd'T'HH:mm:ssXXX"`;

export interface ParsedDates {
	updated: DateField;
	created: DateField;
	/** `datesConfiguration.createdCheckTolerance` in seconds, when set there. */
	toleranceSeconds: number | undefined;
}

interface Side {
	field: string | undefined;
	format: DateFormat | undefined;
	zone: string | undefined;
}

function readPath(value: unknown, path: string): string | undefined {
	const text = optionalString(value, path, 'a dotted path such as "properties.lastmodifieddate"');
	if (text !== undefined && !isValidPath(text)) throw invalid(path, 'a dotted path such as "properties.lastmodifieddate"', value);
	return text;
}

function readFormat(value: unknown, path: string): DateFormat | undefined {
	const text = optionalString(value, path, FORMAT_USAGE);
	if (text === undefined) return undefined;
	const result = attempt(() => dateFormatFromString(text));
	if (result.ok) return result.value;
	if (result.error instanceof PatternError) throw new PollerConfigError('INVALID_PATTERN', path, result.error.message);
	throw result.error;
}

export function readZone(value: unknown, path: string): string | undefined {
	const text = optionalString(value, path, 'a time zone such as "UTC", "America/New_York" or "-08:00"');
	if (text === undefined) return undefined;
	const result = attempt(() => resolveZone(text));
	if (result.ok) return result.value;
	if (result.error instanceof ZoneError) throw new PollerConfigError('UNKNOWN_ZONE', path, result.error.message);
	throw result.error;
}

function readSide(dates: Record<string, unknown>, path: string, prefix: 'updated' | 'created'): Side {
	return {
		field: readPath(dates[`${prefix}DateField`], joinPath(path, `${prefix}DateField`)),
		format: readFormat(dates[`${prefix}DateFormat`], joinPath(path, `${prefix}DateFormat`)),
		zone: readZone(dates[`${prefix}DateTimezone`], joinPath(path, `${prefix}DateTimezone`)),
	};
}

/**
 * Reads `datesConfiguration` (path `<resource>.datesConfiguration`). The field the cursor filters on is
 * required; each created setting defaults to the updated one (and the other way round when filtering by
 * created date); zones default to UTC.
 */
export function parseDatesConfiguration(
	value: unknown,
	path: string,
	filterByUpdatedDate: boolean,
	warnings: ConfigWarning[],
): ParsedDates {
	const decoded = value === undefined || value === null ? {} : decodeJson(value, path);
	if (!isJsonObject(decoded)) throw invalid(path, 'an object with updatedDateField and updatedDateFormat', value);
	for (const key of Object.keys(decoded)) {
		if ((DATES_KEYS as readonly string[]).includes(key)) continue;
		const twin = caseTwin(DATES_KEYS, key);
		warnings.push({ path: joinPath(path, key), message: twin === undefined ? 'unknown key, ignored' : `unknown key, ignored (did you mean "${twin}"?)` });
	}
	const updated = readSide(decoded, path, 'updated');
	const created = readSide(decoded, path, 'created');
	const toleranceSeconds = optionalNumber(decoded.createdCheckTolerance, joinPath(path, 'createdCheckTolerance'), TOLERANCE_RULE);

	const primary = filterByUpdatedDate ? 'updated' : 'created';
	const fieldPath = filterByUpdatedDate ? updated.field : (created.field ?? updated.field);
	if (fieldPath === undefined) {
		const why = filterByUpdatedDate
			? 'the dotted path of the record\'s last-modified date, e.g. "properties.lastmodifieddate"'
			: 'filterByUpdatedDate is false, so records are filtered by this created date, e.g. "add_time"';
		throw new PollerConfigError('MISSING_FIELD', joinPath(path, `${primary}DateField`), `required: ${why}`);
	}
	if (!filterByUpdatedDate && created.field === undefined) {
		warnings.push({
			path: joinPath(path, 'createdDateField'),
			message: `not set, so the created-date filter reads updatedDateField "${fieldPath}" and lets updated records through too`,
		});
	}
	// The filtered side must be complete; the other side falls back to it.
	const createdFormat = created.format ?? updated.format;
	const updatedFormat = filterByUpdatedDate ? updated.format : (updated.format ?? createdFormat);
	if (updatedFormat === undefined || createdFormat === undefined) {
		throw new PollerConfigError('MISSING_FIELD', joinPath(path, `${primary}DateFormat`), `required: ${FORMAT_USAGE}`);
	}
	return {
		updated: { path: updated.field ?? fieldPath, format: updatedFormat, zone: updated.zone ?? (filterByUpdatedDate ? undefined : created.zone) ?? 'UTC' },
		created: { path: created.field ?? fieldPath, format: createdFormat, zone: created.zone ?? updated.zone ?? 'UTC' },
		toleranceSeconds,
	};
}
