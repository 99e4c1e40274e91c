import { DateTime } from 'luxon';

import { resolveZone, ZoneError } from '../../../core/poller/zones';

describe('resolveZone', () => {
	it.each([
		{ name: 'GMT', input: 'GMT', zone: 'UTC', offsetMinutes: 0 },
		{ name: 'UTC', input: 'UTC', zone: 'UTC', offsetMinutes: 0 },
		{ name: 'lower-case utc', input: 'utc', zone: 'UTC', offsetMinutes: 0 },
		{ name: 'Z', input: 'Z', zone: 'UTC', offsetMinutes: 0 },
		{ name: 'surrounding spaces', input: ' GMT ', zone: 'UTC', offsetMinutes: 0 },
		{ name: "Java's fixed EST", input: 'EST', zone: 'UTC-5', offsetMinutes: -300 },
		{ name: "Java's fixed MST", input: 'MST', zone: 'UTC-7', offsetMinutes: -420 },
		{ name: "Java's fixed HST", input: 'HST', zone: 'UTC-10', offsetMinutes: -600 },
		{ name: 'IANA name (summer)', input: 'America/New_York', zone: 'America/New_York', offsetMinutes: -240 },
		{ name: 'IANA name in other case', input: 'america/new_york', zone: 'America/New_York', offsetMinutes: -240 },
		{ name: 'IANA half-hour zone keeps its name', input: 'Asia/Kolkata', zone: 'Asia/Kolkata', offsetMinutes: 330 },
		{ name: 'IANA name ICU spells differently is kept as given', input: 'asia/kolkata', zone: 'asia/kolkata', offsetMinutes: 330 },
		{ name: 'IANA UTC alias', input: 'Etc/UTC', zone: 'Etc/UTC', offsetMinutes: 0 },
		{ name: 'IANA Etc zone (inverted sign)', input: 'Etc/GMT+5', zone: 'Etc/GMT+5', offsetMinutes: -300 },
		{ name: '+H', input: '+5', zone: 'UTC+5', offsetMinutes: 300 },
		{ name: '-HH', input: '-08', zone: 'UTC-8', offsetMinutes: -480 },
		{ name: '-H:MM', input: '-8:00', zone: 'UTC-8', offsetMinutes: -480 },
		{ name: '+HH:MM', input: '+05:30', zone: 'UTC+5:30', offsetMinutes: 330 },
		{ name: '-HH:MM with minutes', input: '-09:30', zone: 'UTC-9:30', offsetMinutes: -570 },
		{ name: '+HHMM', input: '+0545', zone: 'UTC+5:45', offsetMinutes: 345 },
		{ name: 'GMT+H', input: 'GMT+2', zone: 'UTC+2', offsetMinutes: 120 },
		{ name: 'GMT-HH:MM', input: 'GMT-08:00', zone: 'UTC-8', offsetMinutes: -480 },
		{ name: 'UTC+HHMM', input: 'UTC+0530', zone: 'UTC+5:30', offsetMinutes: 330 },
		{ name: 'zero offset', input: '+00:00', zone: 'UTC', offsetMinutes: 0 },
		{ name: 'negative zero', input: '-0', zone: 'UTC', offsetMinutes: 0 },
		{ name: 'the largest offset', input: '+18:00', zone: 'UTC+18', offsetMinutes: 1080 },
	])('$name: $input', ({ input, zone, offsetMinutes }) => {
		const resolved = resolveZone(input);
		expect(resolved).toBe(zone);
		const dt = DateTime.fromISO('2024-07-01T12:00:00Z', { zone: resolved });
		expect(dt.isValid).toBe(true);
		expect(dt.offset).toBe(offsetMinutes);
	});

	it.each([
		{
			name: 'a Java abbreviation with daylight saving',
			input: 'PST',
			code: 'UNKNOWN_ZONE',
			message: 'time zone "PST" is a Java abbreviation; Java reads it as America/Los_Angeles: write "America/Los_Angeles" instead',
		},
		{
			name: 'BST is not British Summer Time to Java',
			input: 'BST',
			code: 'UNKNOWN_ZONE',
			message: 'time zone "BST" is a Java abbreviation; Java reads it as Asia/Dhaka: write "Asia/Dhaka" instead',
		},
		{
			name: 'an unknown name',
			input: 'Mars/Olympus',
			code: 'UNKNOWN_ZONE',
			message:
				'unknown time zone "Mars/Olympus"; use GMT/UTC, an IANA name such as "America/New_York", EST/MST/HST or an offset such as "-08:00"',
		},
		{
			name: 'an empty string',
			input: '',
			code: 'UNKNOWN_ZONE',
			message: 'unknown time zone ""; use GMT/UTC, an IANA name such as "America/New_York", EST/MST/HST or an offset such as "-08:00"',
		},
		{
			name: 'an offset without sign',
			input: '8:00',
			code: 'UNKNOWN_ZONE',
			message: 'unknown time zone "8:00"; use GMT/UTC, an IANA name such as "America/New_York", EST/MST/HST or an offset such as "-08:00"',
		},
		{
			name: 'a three-digit offset',
			input: 'GMT+800',
			code: 'UNKNOWN_ZONE',
			message: 'unknown time zone "GMT+800"; use GMT/UTC, an IANA name such as "America/New_York", EST/MST/HST or an offset such as "-08:00"',
		},
		{ name: 'an offset past 18 hours', input: '+19:00', code: 'OFFSET_OUT_OF_RANGE', message: 'offset "+19:00" is out of range (-18:00 to +18:00)' },
		{ name: 'minutes past 59', input: '+05:60', code: 'OFFSET_OUT_OF_RANGE', message: 'offset "+05:60" is out of range (-18:00 to +18:00)' },
	])('rejects $name', ({ input, code, message }) => {
		let caught: unknown;
		try {
			resolveZone(input);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(ZoneError);
		expect(caught).toMatchObject({ code, input, message });
	});
});
