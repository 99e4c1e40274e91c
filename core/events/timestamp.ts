import { DateTime } from 'luxon';

/*
 * Provider times → `EventHeader.occurredAt`: ISO 8601 in UTC with milliseconds, or '' when unusable.
 * Never invents a time from the clock: an event without a usable time says so.
 */

// Epoch numbers carry no unit, so the magnitude decides: below 1e11 are seconds (1e11 s is the year 5138),
// below 1e14 milliseconds, above that microseconds. Every real timestamp since 1973 falls unambiguously.
const SECONDS_BELOW = 1e11;
const MILLISECONDS_BELOW = 1e14;

const NUMERIC = /^-?[0-9]+(\.[0-9]+)?$/;
// RFC 3339 date-time, also with a space instead of `T` and without offset (Pipedrive's `YYYY-MM-DD HH:MM:SS`,
// which is UTC). Checked first so that Luxon's wider ISO grammar (week dates, bare years) is not accepted.
const DATE_TIME = /^([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt ]([0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?)([Zz]|[+-][0-9]{2}:?[0-9]{2})?$/;

// 0001-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the years a four-digit ISO string can show.
const FIRST_MS = -62_135_596_800_000;
const LAST_MS = 253_402_300_799_999;

const MINUTE_MS = 60_000;
/** The last minute formatted, as `YYYY-MM-DDTHH:MM:`: the events of one delivery mostly share their minute. */
let lastMinute = NaN;
let lastMinutePrefix = '';

/** Milliseconds since the epoch → ISO string (UTC, milliseconds, `Z`), '' when not a representable time. */
export function isoFromEpochMs(ms: number): string {
	if (!Number.isFinite(ms)) return '';
	const whole = Math.trunc(ms);
	if (whole < FIRST_MS || whole > LAST_MS) return '';
	// Date's own formatter (the same string Luxon gives in UTC) once per minute; seconds and milliseconds by
	// arithmetic, which is faster than a Date per event.
	const minute = Math.floor(whole / MINUTE_MS);
	if (minute !== lastMinute) {
		lastMinutePrefix = new Date(minute * MINUTE_MS).toISOString().slice(0, 17);
		lastMinute = minute;
	}
	const inMinute = whole - minute * MINUTE_MS;
	const millis = inMinute % 1000;
	const seconds = (inMinute - millis) / 1000;
	return `${lastMinutePrefix}${seconds < 10 ? '0' : ''}${seconds}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}

/** Microseconds since the epoch (Pipedrive v1 `timestamp_micro`) → ISO string. */
export function isoFromEpochMicros(micros: unknown): string {
	const value = typeof micros === 'string' && NUMERIC.test(micros) ? Number(micros) : micros;
	if (typeof value !== 'number') return '';
	return isoFromEpochMs(value / 1000);
}

/**
 * A time in any of the forms the providers use: epoch seconds, milliseconds or microseconds (number or
 * numeric string), RFC 3339, or `YYYY-MM-DD HH:MM:SS` in UTC.
 */
export function isoFromTimestamp(value: unknown): string {
	if (typeof value === 'number') return isoFromEpochNumber(value);
	if (typeof value !== 'string') return '';
	const text = value.trim();
	if (NUMERIC.test(text)) return isoFromEpochNumber(Number(text));
	const match = DATE_TIME.exec(text);
	if (!match) return '';
	const [, date, time, , , offset] = match;
	const parsed = DateTime.fromISO(`${date}T${time}${offset === undefined ? '' : offset.toUpperCase()}`, { zone: 'utc' });
	if (!parsed.isValid) return '';
	return isoFromEpochMs(parsed.toMillis());
}

function isoFromEpochNumber(value: number): string {
	const magnitude = Math.abs(value);
	if (magnitude < SECONDS_BELOW) return isoFromEpochMs(value * 1000);
	if (magnitude < MILLISECONDS_BELOW) return isoFromEpochMs(value);
	return isoFromEpochMs(value / 1000);
}
