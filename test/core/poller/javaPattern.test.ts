import { DateTime } from 'luxon';

import {
	compileJavaPattern,
	isoOffset,
	luxonForFormatting,
	luxonForParsing,
	PatternError,
	translateJavaPattern,
} from '../../../core/poller/javaPattern';

describe('translateJavaPattern', () => {
	it.each([
		{ name: 'seed: space-separated date time', java: 'yyyy-MM-dd HH:mm:ss', luxon: "yyyy'-'MM'-'dd' 'HH':'mm':'ss" },
		{ name: "seed: literal 'Z'", java: "yyyy-MM-dd'T'HH:mm:ss'Z'", luxon: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'" },
		{ name: 'seed: ISO offset XXX', java: "yyyy-MM-dd'T'HH:mm:ssXXX", luxon: "yyyy'-'MM'-'dd'T'HH':'mm':'ssZZ" },
		{ name: 'X is a narrow offset', java: 'HHX', luxon: 'HHZ' },
		{ name: 'XX is a compact offset', java: 'HHXX', luxon: 'HHZZZ' },
		{ name: 'Z is RFC 822', java: 'HHZ', luxon: 'HHZZZ' },
		{ name: 'any Z count is RFC 822', java: 'HHZZZZ', luxon: 'HHZZZ' },
		{ name: 'S run is a fraction', java: 'ss.SSS', luxon: "ss'.'u" },
		{ name: 'long S run is a fraction', java: 'ss.SSSSSS', luxon: "ss'.'u" },
		{ name: 'D is the day of year', java: 'yyyy-D', luxon: "yyyy'-'o" },
		{ name: 'DDD is the padded day of year', java: 'yyyy-DDD', luxon: "yyyy'-'ooo" },
		{ name: 'E to EEE are short weekdays', java: 'E EE EEE', luxon: "EEE' 'EEE' 'EEE" },
		{ name: 'EEEE and longer are full weekdays', java: 'EEEE EEEEEE', luxon: "EEEE' 'EEEE" },
		{ name: 'u is the weekday number', java: 'u', luxon: 'E' },
		{ name: 'month widths', java: 'M MM MMM MMMM MMMMM', luxon: "M' 'MM' 'MMM' 'MMMM' 'MMMM" },
		{ name: 'stand-alone month', java: 'LLL', luxon: 'LLL' },
		{ name: 'two-digit and unpadded years', java: 'yy y', luxon: "yy' 'y" },
		{ name: '12-hour clock with AM/PM', java: 'hh:mm a', luxon: "hh':'mm' 'a" },
		{ name: 'aa is still AM/PM', java: 'h aa', luxon: "h' 'a" },
		{ name: 'era', java: 'yyyy G', luxon: "yyyy' 'G" },
		{ name: 'long era', java: 'yyyy GGGG', luxon: "yyyy' 'GG" },
		{ name: "'' is a literal quote", java: "HH''mm", luxon: "HH''mm" },
		{ name: 'quote inside a quoted literal', java: "h 'o''clock'", luxon: "h' o''''clock'" },
		{ name: 'quoted letters', java: "'at' HH", luxon: "'at 'HH" },
		{ name: 'no separators', java: 'yyyyMMddHHmmss', luxon: 'yyyyMMddHHmmss' },
		{ name: 'non-ASCII letters are literals', java: 'yyyyé', luxon: "yyyy'é'" },
	])('$name: $java', ({ java, luxon }) => {
		expect(translateJavaPattern(java)).toBe(luxon);
	});

	it("round-trips Luxon's own reading of the quoted literals", () => {
		const dt = DateTime.fromISO('2024-05-01T14:05:09.123Z', { zone: 'UTC' });
		expect(dt.toFormat(translateJavaPattern("h 'o''clock' '{'mm'}'"), { locale: 'en-US' })).toBe("2 o'clock {05}");
	});

	it.each([
		{
			name: 'unterminated quote (the reference example)',
			java: "yyyy-MM-dd'T",
			code: 'UNTERMINATED_QUOTE',
			position: 10,
			message: 'unterminated quote in "yyyy-MM-dd\'T"',
		},
		{
			name: 'unterminated quote after an escaped one',
			java: "HH 'o''clock",
			code: 'UNTERMINATED_QUOTE',
			position: 3,
			message: 'unterminated quote in "HH \'o\'\'clock"',
		},
		{
			name: 'k (hour 1-24)',
			java: 'kk:mm',
			code: 'UNSUPPORTED_LETTER',
			position: 0,
			message: 'unsupported letter "k" at position 0 in "kk:mm": "k" (hour 1-24) has no equivalent; use "H" (hour 0-23)',
		},
		{
			name: 'K (hour 0-11)',
			java: 'KK:mm a',
			code: 'UNSUPPORTED_LETTER',
			position: 0,
			message: 'unsupported letter "K" at position 0 in "KK:mm a": "K" (hour 0-11) has no equivalent; use "h" (hour 1-12) with "a"',
		},
		{
			name: 'Y (week year)',
			java: 'YYYY-MM-dd',
			code: 'UNSUPPORTED_LETTER',
			position: 0,
			message: 'unsupported letter "Y" at position 0 in "YYYY-MM-dd": "Y" (week year) differs from the calendar year around New Year; use "y"',
		},
		{
			name: 'w (week in year)',
			java: 'yyyy-ww',
			code: 'UNSUPPORTED_LETTER',
			position: 5,
			message: 'unsupported letter "w" at position 5 in "yyyy-ww": "w" (week in year) depends on the locale; it cannot be read or written faithfully',
		},
		{
			name: 'W (week in month)',
			java: 'W',
			code: 'UNSUPPORTED_LETTER',
			position: 0,
			message: 'unsupported letter "W" at position 0 in "W": "W" (week in month) depends on the locale; it cannot be read or written faithfully',
		},
		{
			name: 'F (day of week in month)',
			java: 'F',
			code: 'UNSUPPORTED_LETTER',
			position: 0,
			message: 'unsupported letter "F" at position 0 in "F": "F" (day of week in month) has no equivalent',
		},
		{
			name: 'z (zone name)',
			java: 'HH:mm z',
			code: 'UNSUPPORTED_LETTER',
			position: 6,
			message:
				'unsupported letter "z" at position 6 in "HH:mm z": "z" (time zone name) is ambiguous; use "X", "XX" or "XXX" (ISO offset) or "Z" (-0800)',
		},
		{
			name: 'an unquoted literal letter',
			java: "yyyy-MM-ddTHH:mm",
			code: 'UNSUPPORTED_LETTER',
			position: 10,
			message: 'unsupported letter "T" at position 10 in "yyyy-MM-ddTHH:mm": "T" is not a date pattern letter (quote literal text, as in \'T\')',
		},
		{
			name: 'the keyword milliseconds is not a pattern',
			java: 'milliseconds',
			code: 'UNSUPPORTED_LETTER',
			position: 1,
			message: 'unsupported letter "i" at position 1 in "milliseconds": "i" is not a date pattern letter (quote literal text, as in \'T\')',
		},
		{
			name: 'yyy',
			java: 'yyy',
			code: 'UNSUPPORTED_WIDTH',
			position: 0,
			message: '"yyy" at position 0 has no faithful translation in "yyy"; use "y", "yy" or "yyyy"',
		},
		{
			name: 'HHH',
			java: 'HHH:mm',
			code: 'UNSUPPORTED_WIDTH',
			position: 0,
			message: '"HHH" at position 0 has no faithful translation in "HHH:mm"; use "H" or "HH"',
		},
		{
			name: 'DD',
			java: 'yyyy DD',
			code: 'UNSUPPORTED_WIDTH',
			position: 5,
			message: '"DD" at position 5 has no faithful translation in "yyyy DD"; use "D" or "DDD"',
		},
		{ name: 'uu', java: 'uu', code: 'UNSUPPORTED_WIDTH', position: 0, message: '"uu" at position 0 has no faithful translation in "uu"; use "u"' },
		{
			name: 'XXXX',
			java: 'HHXXXX',
			code: 'UNSUPPORTED_WIDTH',
			position: 2,
			message: '"XXXX" at position 2 has no faithful translation in "HHXXXX"; use "X", "XX" or "XXX"',
		},
		{
			name: 'adjacent fields Luxon would merge',
			java: 'EEEu',
			code: 'ADJACENT_FIELDS',
			position: 3,
			message: '"EEE" and "u" at position 3 cannot be told apart in "EEEu"; put a separator between them',
		},
		{
			name: 'adjacent offsets',
			java: 'HHXZ',
			code: 'ADJACENT_FIELDS',
			position: 3,
			message: '"X" and "Z" at position 3 cannot be told apart in "HHXZ"; put a separator between them',
		},
		{
			name: 'AM/PM with a 24-hour clock',
			java: 'HH:mm a',
			code: 'CONFLICTING_FIELDS',
			position: 6,
			message: '"a" (AM/PM) at position 6 cannot be combined with "H" (hour 0-23) in "HH:mm a"; use "h" (hour 1-12) with "a"',
		},
		{ name: 'empty', java: '', code: 'EMPTY_PATTERN', position: 0, message: 'empty date pattern' },
		{ name: 'only literals', java: "'today' -", code: 'NO_FIELDS', position: 0, message: '"\'today\' -" has no date fields' },
	])('rejects $name', ({ java, code, position, message }) => {
		let caught: unknown;
		try {
			translateJavaPattern(java);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(PatternError);
		expect(caught).toMatchObject({ code, position, message });
	});
});

describe('compiled patterns', () => {
	it.each([
		{ name: 'X as Z in UTC', java: "HH'h'X", offset: 0, expected: "HH'h''Z'" },
		{ name: 'X drops minutes', java: 'HHX', offset: 330, expected: "HH'+05'" },
		{ name: 'XX', java: 'HHXX', offset: -480, expected: "HH'-0800'" },
		{ name: 'XXX', java: 'HHXXX', offset: -570, expected: "HH'-09:30'" },
		{ name: 'Z stays a Luxon token', java: 'HHZ', offset: 0, expected: 'HHZZZ' },
		{ name: 'short fraction prints milliseconds', java: 'ss.S', offset: 0, expected: "ss'.'u" },
		{ name: 'long fraction pads with zeros', java: 'ss.SSSSSS', offset: 0, expected: "ss'.'u'000'" },
	])('formatting: $name', ({ java, offset, expected }) => {
		expect(luxonForFormatting(compileJavaPattern(java), offset)).toBe(expected);
	});

	it('parses offsets as the letter Z in the zulu variant', () => {
		expect(luxonForParsing(compileJavaPattern("yyyy-MM-dd'T'HH:mm:ssXXX"), 'zulu')).toBe("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'");
	});

	it.each([
		{ name: 'no offset field', java: 'yyyy-MM-dd', hasOffset: false },
		{ name: 'X', java: 'yyyyX', hasOffset: true },
		{ name: 'Z', java: 'yyyyZ', hasOffset: true },
		{ name: "a quoted 'Z' is not an offset", java: "yyyy'Z'", hasOffset: false },
	])('hasOffset: $name', ({ java, hasOffset }) => {
		expect(compileJavaPattern(java).hasOffset).toBe(hasOffset);
	});

	it.each([
		{ name: 'zero', minutes: 0, width: 3 as const, expected: 'Z' },
		{ name: 'negative with minutes, width 1', minutes: -150, width: 1 as const, expected: '-02' },
		{ name: 'positive, width 2', minutes: 60, width: 2 as const, expected: '+0100' },
		{ name: 'positive, width 3', minutes: 765, width: 3 as const, expected: '+12:45' },
	])('isoOffset: $name', ({ minutes, width, expected }) => {
		expect(isoOffset(minutes, width)).toBe(expected);
	});
});
