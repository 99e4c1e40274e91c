import { dateFormatFromString, formatDate, parseDate } from '../../../core/poller/dates';
import type { DateField } from '../../../core/poller/types';

const field = (format: string, zone = 'UTC'): DateField => ({ path: 'updated', format: dateFormatFromString(format), zone });
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('dateFormatFromString', () => {
	it.each([
		{ name: 'milliseconds', text: 'milliseconds', expected: { kind: 'milliseconds' } },
		{ name: 'keywords ignore case and spaces', text: ' Milliseconds ', expected: { kind: 'milliseconds' } },
		{ name: 'seconds', text: 'seconds', expected: { kind: 'seconds' } },
		{ name: 'iso8601', text: 'ISO8601', expected: { kind: 'iso8601' } },
		{
			name: 'a Java pattern keeps its text and Luxon translation',
			text: 'yyyy-MM-dd HH:mm:ss',
			expected: { kind: 'pattern', java: 'yyyy-MM-dd HH:mm:ss', luxon: "yyyy'-'MM'-'dd' 'HH':'mm':'ss" },
		},
	])('$name', ({ text, expected }) => {
		expect(dateFormatFromString(text)).toEqual(expected);
	});
});

describe('parseDate', () => {
	it.each([
		{ name: 'ms number', value: 1714557600000, format: 'milliseconds', expected: '2024-05-01T10:00:00.000Z' },
		{ name: 'ms numeric string (HubSpot)', value: '1714557600000', format: 'milliseconds', expected: '2024-05-01T10:00:00.000Z' },
		{ name: 'ms string with spaces', value: ' 1714557600000 ', format: 'milliseconds', expected: '2024-05-01T10:00:00.000Z' },
		{ name: 'ms before 1970', value: '-1000', format: 'milliseconds', expected: '1969-12-31T23:59:59.000Z' },
		{ name: 'ms ignores the zone', value: 0, format: 'milliseconds', zone: 'Asia/Tokyo', expected: '1970-01-01T00:00:00.000Z' },
		{ name: 'ms exponent string', value: '1.7e12', format: 'milliseconds', expected: undefined },
		{ name: 'ms word', value: 'yesterday', format: 'milliseconds', expected: undefined },
		{ name: 'ms empty string', value: '', format: 'milliseconds', expected: undefined },
		{ name: 'ms boolean', value: true, format: 'milliseconds', expected: undefined },
		{ name: 'ms null', value: null, format: 'milliseconds', expected: undefined },
		{ name: 'ms missing', value: undefined, format: 'milliseconds', expected: undefined },
		{ name: 'ms out of range', value: 1e20, format: 'milliseconds', expected: undefined },
		{ name: 'ms infinity', value: Infinity, format: 'milliseconds', expected: undefined },
		{ name: 'seconds number', value: 1714557600, format: 'seconds', expected: '2024-05-01T10:00:00.000Z' },
		{ name: 'seconds string with fraction', value: '1714557600.5', format: 'seconds', expected: '2024-05-01T10:00:00.500Z' },
		{ name: 'seconds ISO string', value: '2024-05-01T10:00:00Z', format: 'seconds', expected: undefined },
		{ name: 'iso8601 Z', value: '2024-05-01T10:00:00Z', format: 'iso8601', expected: '2024-05-01T10:00:00.000Z' },
		{ name: 'iso8601 offset', value: '2024-05-01T10:00:00+02:00', format: 'iso8601', expected: '2024-05-01T08:00:00.000Z' },
		{ name: 'iso8601 compact offset', value: '2024-05-01T10:00:00-0530', format: 'iso8601', expected: '2024-05-01T15:30:00.000Z' },
		{
			name: 'iso8601 without offset reads the field zone',
			value: '2024-05-01T10:00:00',
			format: 'iso8601',
			zone: 'America/New_York',
			expected: '2024-05-01T14:00:00.000Z',
		},
		{ name: 'iso8601 date only is midnight in the zone', value: '2024-05-01', format: 'iso8601', zone: 'UTC+2', expected: '2024-04-30T22:00:00.000Z' },
		{ name: 'iso8601 nanoseconds', value: '2024-05-01T10:00:00.123456789Z', format: 'iso8601', expected: '2024-05-01T10:00:00.123Z' },
		{ name: 'iso8601 space separator (RFC 3339)', value: '2024-05-01 10:00:00Z', format: 'iso8601', expected: '2024-05-01T10:00:00.000Z' },
		{ name: 'iso8601 lower case t and z', value: '2024-05-01t10:00:00z', format: 'iso8601', expected: '2024-05-01T10:00:00.000Z' },
		{ name: 'iso8601 basic format', value: '20240501T100000Z', format: 'iso8601', expected: '2024-05-01T10:00:00.000Z' },
		{ name: 'iso8601 bare time is refused', value: '10:00', format: 'iso8601', expected: undefined },
		{ name: 'iso8601 month 13', value: '2024-13-01T00:00:00Z', format: 'iso8601', expected: undefined },
		{ name: 'iso8601 number', value: 1714557600000, format: 'iso8601', expected: undefined },
		{ name: 'iso8601 trailing text', value: '2024-05-01T10:00:00Z junk', format: 'iso8601', expected: undefined },
		{ name: 'plain UTC: one fraction digit is tenths', value: '2024-05-01T10:00:00.5Z', format: 'iso8601', expected: '2024-05-01T10:00:00.500Z' },
		{ name: 'plain UTC: two fraction digits are hundredths', value: '2024-05-01T10:00:00.05Z', format: 'iso8601', expected: '2024-05-01T10:00:00.050Z' },
		{ name: 'plain UTC: leap day', value: '2024-02-29T23:59:59.999Z', format: 'iso8601', expected: '2024-02-29T23:59:59.999Z' },
		{ name: 'plain UTC: February 29 of a common year', value: '2025-02-29T00:00:00Z', format: 'iso8601', expected: undefined },
		{ name: 'plain UTC: 1900 is not a leap year', value: '1900-02-29T00:00:00Z', format: 'iso8601', expected: undefined },
		{ name: 'plain UTC: 2000 is a leap year', value: '2000-02-29T00:00:00Z', format: 'iso8601', expected: '2000-02-29T00:00:00.000Z' },
		{ name: 'plain UTC: April 31', value: '2024-04-31T00:00:00Z', format: 'iso8601', expected: undefined },
		{ name: 'plain UTC: hour 24', value: '2024-05-01T24:00:00Z', format: 'iso8601', expected: undefined },
		{ name: 'plain UTC: second 60', value: '2024-05-01T10:00:60Z', format: 'iso8601', expected: undefined },
		{ name: 'plain UTC: day 0', value: '2024-05-00T10:00:00Z', format: 'iso8601', expected: undefined },
		{ name: 'plain UTC: a two-digit year stays in the first century', value: '0099-12-31T10:00:00Z', format: 'iso8601', expected: '0099-12-31T10:00:00.000Z' },
		{ name: 'plain UTC: before 1970', value: '1969-12-31T23:59:59.001Z', format: 'iso8601', expected: '1969-12-31T23:59:59.001Z' },
		{ name: 'pattern: Pipedrive v1 date', value: '2022-11-24 13:18:55', format: 'yyyy-MM-dd HH:mm:ss', expected: '2022-11-24T13:18:55.000Z' },
		{
			name: 'pattern: read in the field zone',
			value: '2022-11-24 13:18:55',
			format: 'yyyy-MM-dd HH:mm:ss',
			zone: 'Europe/Berlin',
			expected: '2022-11-24T12:18:55.000Z',
		},
		{ name: 'pattern: trailing text', value: '2022-11-24 13:18:55x', format: 'yyyy-MM-dd HH:mm:ss', expected: undefined },
		{ name: 'pattern: leading space', value: ' 2022-11-24 13:18:55', format: 'yyyy-MM-dd HH:mm:ss', expected: undefined },
		{ name: 'pattern: date part only', value: '2022-11-24', format: 'yyyy-MM-dd HH:mm:ss', expected: undefined },
		{ name: 'pattern: February 30', value: '2024-02-30 00:00:00', format: 'yyyy-MM-dd HH:mm:ss', expected: undefined },
		{ name: 'pattern: number', value: 1714557600000, format: 'yyyy-MM-dd HH:mm:ss', expected: undefined },
		{ name: "pattern: literal 'Z'", value: '2024-05-01T10:00:00Z', format: "yyyy-MM-dd'T'HH:mm:ss'Z'", expected: '2024-05-01T10:00:00.000Z' },
		{ name: 'XXX with offset', value: '2024-05-01T10:00:00+02:00', format: "yyyy-MM-dd'T'HH:mm:ssXXX", expected: '2024-05-01T08:00:00.000Z' },
		{ name: 'XXX with Z', value: '2024-05-01T10:00:00Z', format: "yyyy-MM-dd'T'HH:mm:ssXXX", zone: 'Asia/Tokyo', expected: '2024-05-01T10:00:00.000Z' },
		{ name: 'XXX with minutes', value: '2024-05-01T10:00:00-05:30', format: "yyyy-MM-dd'T'HH:mm:ssXXX", expected: '2024-05-01T15:30:00.000Z' },
		{ name: 'X with hours', value: '2024-05-01T10:00:00+02', format: "yyyy-MM-dd'T'HH:mm:ssX", expected: '2024-05-01T08:00:00.000Z' },
		{ name: 'X with Z (Pipedrive v2)', value: '2022-11-24T15:11:55Z', format: "yyyy-MM-dd'T'HH:mm:ssX", expected: '2022-11-24T15:11:55.000Z' },
		{ name: 'XX', value: '2024-05-01T10:00:00+0200', format: "yyyy-MM-dd'T'HH:mm:ssXX", expected: '2024-05-01T08:00:00.000Z' },
		{ name: 'XXX missing offset', value: '2024-05-01T10:00:00', format: "yyyy-MM-dd'T'HH:mm:ssXXX", expected: undefined },
		{ name: 'Z accepts a Z too', value: '2024-05-01T10:00:00Z', format: "yyyy-MM-dd'T'HH:mm:ssZ", expected: '2024-05-01T10:00:00.000Z' },
		{
			name: 'SSS and RFC 822 offset',
			value: '2024-05-01T10:00:00.123-0800',
			format: "yyyy-MM-dd'T'HH:mm:ss.SSSZ",
			expected: '2024-05-01T18:00:00.123Z',
		},
		{ name: 'one fraction digit is tenths', value: '2024-05-01 10:00:00.5', format: 'yyyy-MM-dd HH:mm:ss.SSS', expected: '2024-05-01T10:00:00.500Z' },
		{ name: 'microseconds', value: '2024-05-01 10:00:00.123456', format: 'yyyy-MM-dd HH:mm:ss.SSS', expected: '2024-05-01T10:00:00.123Z' },
		{ name: 'nanoseconds against S', value: '2024-05-01 10:00:00.987654321', format: 'yyyy-MM-dd HH:mm:ss.S', expected: '2024-05-01T10:00:00.987Z' },
		{
			name: 'RFC 1123',
			value: 'Wed, 01 May 2024 10:00:00 +0000',
			format: 'EEE, dd MMM yyyy HH:mm:ss Z',
			expected: '2024-05-01T10:00:00.000Z',
		},
		{ name: 'full month name', value: 'May 1, 2024', format: 'MMMM d, yyyy', expected: '2024-05-01T00:00:00.000Z' },
		{ name: '12-hour clock', value: '01/05/2024 02:30 PM', format: 'dd/MM/yyyy hh:mm a', expected: '2024-05-01T14:30:00.000Z' },
		{ name: 'day of year', value: '2024-122', format: 'yyyy-DDD', expected: '2024-05-01T00:00:00.000Z' },
		{ name: 'two-digit year', value: '01.05.24', format: 'dd.MM.yy', expected: '2024-05-01T00:00:00.000Z' },
		{
			name: 'DST gap: a wall time that never happened moves forward',
			value: '2024-03-10 02:30:00',
			format: 'yyyy-MM-dd HH:mm:ss',
			zone: 'America/New_York',
			expected: '2024-03-10T07:30:00.000Z',
		},
		{
			name: 'DST overlap: an ambiguous wall time reads as standard time',
			value: '2024-11-03 01:30:00',
			format: 'yyyy-MM-dd HH:mm:ss',
			zone: 'America/New_York',
			expected: '2024-11-03T06:30:00.000Z',
		},
	])('$name', ({ value, format, zone, expected }) => {
		expect(iso(parseDate(value, field(format, zone)))).toBe(expected);
	});
});

describe('formatDate', () => {
	const may1 = Date.UTC(2024, 4, 1, 10, 0, 0, 123);
	it.each([
		{ name: 'milliseconds', format: 'milliseconds', zone: 'UTC', ms: may1, expected: '1714557600123' },
		{ name: 'seconds (floored)', format: 'seconds', zone: 'UTC', ms: may1, expected: '1714557600' },
		{ name: 'iso8601 UTC', format: 'iso8601', zone: 'UTC', ms: may1, expected: '2024-05-01T10:00:00.123Z' },
		{ name: 'iso8601 without milliseconds', format: 'iso8601', zone: 'UTC', ms: Date.UTC(2024, 4, 1), expected: '2024-05-01T00:00:00Z' },
		{ name: 'iso8601 in a zone', format: 'iso8601', zone: 'America/New_York', ms: may1, expected: '2024-05-01T06:00:00.123-04:00' },
		{ name: 'pattern UTC', format: 'yyyy-MM-dd HH:mm:ss', zone: 'UTC', ms: may1, expected: '2024-05-01 10:00:00' },
		{ name: 'pattern in a zone', format: 'yyyy-MM-dd HH:mm:ss', zone: 'Asia/Kolkata', ms: may1, expected: '2024-05-01 15:30:00' },
		{ name: "literal 'Z'", format: "yyyy-MM-dd'T'HH:mm:ss'Z'", zone: 'UTC', ms: may1, expected: '2024-05-01T10:00:00Z' },
		{ name: 'XXX prints Z in UTC', format: "yyyy-MM-dd'T'HH:mm:ssXXX", zone: 'UTC', ms: may1, expected: '2024-05-01T10:00:00Z' },
		{ name: 'XXX in a zone', format: "yyyy-MM-dd'T'HH:mm:ssXXX", zone: 'America/New_York', ms: may1, expected: '2024-05-01T06:00:00-04:00' },
		{ name: 'XX', format: 'HH:mmXX', zone: 'UTC-8', ms: may1, expected: '02:00-0800' },
		{ name: 'X drops minutes', format: 'HH:mmX', zone: 'UTC+5:30', ms: may1, expected: '15:30+05' },
		{ name: 'Z prints +0000 in UTC', format: 'HH:mm Z', zone: 'UTC', ms: may1, expected: '10:00 +0000' },
		{ name: 'SSS', format: 'ss.SSS', zone: 'UTC', ms: may1, expected: '00.123' },
		{ name: 'S prints milliseconds', format: 'ss.S', zone: 'UTC', ms: may1, expected: '00.123' },
		{ name: 'SSSSSS pads milliseconds', format: 'ss.SSSSSS', zone: 'UTC', ms: may1, expected: '00.123000' },
		{ name: 'English names', format: 'EEEE, d MMMM yyyy h:mm a', zone: 'UTC', ms: may1, expected: 'Wednesday, 1 May 2024 10:00 AM' },
		{ name: 'short names', format: 'EEE, dd MMM yy', zone: 'UTC', ms: may1, expected: 'Wed, 01 May 24' },
		{ name: 'weekday number', format: 'u', zone: 'UTC', ms: may1, expected: '3' },
		{ name: 'day of year', format: 'yyyy-DDD', zone: 'UTC', ms: Date.UTC(2024, 0, 5), expected: '2024-005' },
		{ name: "literal quote", format: "h 'o''clock'", zone: 'UTC', ms: may1, expected: "10 o'clock" },
		{
			name: 'before the spring-forward gap',
			format: 'yyyy-MM-dd HH:mm:ss Z',
			zone: 'America/New_York',
			ms: Date.UTC(2024, 2, 10, 6, 59, 59),
			expected: '2024-03-10 01:59:59 -0500',
		},
		{
			name: 'after the spring-forward gap',
			format: 'yyyy-MM-dd HH:mm:ss Z',
			zone: 'America/New_York',
			ms: Date.UTC(2024, 2, 10, 7, 0, 0),
			expected: '2024-03-10 03:00:00 -0400',
		},
	])('$name', ({ format, zone, ms, expected }) => {
		expect(formatDate(ms, dateFormatFromString(format), zone)).toBe(expected);
	});

	it('refuses an unknown zone', () => {
		expect(() => formatDate(0, dateFormatFromString('iso8601'), 'Mars/Olympus')).toThrow('unknown time zone "Mars/Olympus"');
	});

	it('refuses an instant out of range', () => {
		expect(() => formatDate(1e20, dateFormatFromString('milliseconds'), 'UTC')).toThrow(RangeError);
	});
});

describe('format then parse round trips', () => {
	const formats = [
		{ format: 'iso8601', keepsMs: true },
		{ format: "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", keepsMs: true },
		{ format: "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXX", keepsMs: true },
		{ format: 'EEE, dd MMM yyyy HH:mm:ss Z', keepsMs: false },
		{ format: 'milliseconds', keepsMs: true },
		{ format: 'seconds', keepsMs: false },
	];
	const zones = ['UTC', 'America/New_York', 'Europe/London', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC-9:30'];
	const instants = [
		{ name: 'spring', ms: Date.UTC(2024, 4, 1, 10, 0, 0, 123) },
		{ name: 'New York spring-forward', ms: Date.UTC(2024, 2, 10, 7, 0, 0, 1) },
		{ name: 'New York first 01:30', ms: Date.UTC(2024, 10, 3, 5, 30, 0, 456) },
		{ name: 'New York second 01:30', ms: Date.UTC(2024, 10, 3, 6, 30, 0, 789) },
		{ name: 'London fall-back', ms: Date.UTC(2024, 9, 27, 1, 15, 0, 999) },
		{ name: 'Lord Howe half-hour DST', ms: Date.UTC(2024, 3, 6, 14, 45, 0, 5) },
		{ name: 'epoch', ms: 0 },
		{ name: 'before 1970', ms: Date.UTC(1969, 6, 20, 20, 17, 40) },
	];
	const cases = formats.flatMap(({ format, keepsMs }) =>
		zones.flatMap((zone) => instants.map((instant) => ({ name: `${format} in ${zone}, ${instant.name}`, format, zone, keepsMs, ms: instant.ms }))),
	);
	it.each(cases)('$name', ({ format, zone, keepsMs, ms }) => {
		const dateField = field(format, zone);
		const text = formatDate(ms, dateField.format, zone);
		const expected = keepsMs ? ms : Math.floor(ms / 1000) * 1000;
		expect(parseDate(text, dateField)).toBe(expected);
	});

	it('round-trips wall times without offset where they are unambiguous', () => {
		const dateField = field('yyyy-MM-dd HH:mm:ss.SSS', 'America/New_York');
		for (const ms of [Date.UTC(2024, 2, 10, 6, 59, 59, 999), Date.UTC(2024, 2, 10, 7, 0, 0, 0), Date.UTC(2024, 10, 3, 6, 30, 0, 0)]) {
			expect(parseDate(formatDate(ms, dateField.format, dateField.zone), dateField)).toBe(ms);
		}
	});
});

describe('iso8601 fast path agrees with the general parser', () => {
	const field = { path: 'd', format: { kind: 'iso8601' as const }, zone: 'UTC' };
	it.each([
		{ text: '2025-11-24T13:18:55Z', expected: Date.UTC(2025, 10, 24, 13, 18, 55) },
		{ text: '2025-11-24T13:18:55.7Z', expected: Date.UTC(2025, 10, 24, 13, 18, 55, 700) },
		{ text: '2025-11-24T13:18:55.724Z', expected: Date.UTC(2025, 10, 24, 13, 18, 55, 724) },
		{ text: '2024-02-29T00:00:00Z', expected: Date.UTC(2024, 1, 29) },
		{ text: '2025-02-29T00:00:00Z', expected: undefined },
		{ text: '2025-02-30T00:00:00.000Z', expected: undefined },
		{ text: '2025-13-01T00:00:00Z', expected: undefined },
		{ text: '2025-11-24T24:00:00Z', expected: undefined },
	])('$text', ({ text, expected }) => {
		expect(parseDate(text, field)).toBe(expected);
	});
});
