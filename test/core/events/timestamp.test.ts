import { isoFromEpochMicros, isoFromEpochMs, isoFromTimestamp } from '../../../core/events';

describe('isoFromTimestamp', () => {
	test.each([
		{ name: 'epoch seconds', value: 1669303185, expected: '2022-11-24T15:19:45.000Z' },
		{ name: 'epoch seconds with fraction', value: 1669303185.149, expected: '2022-11-24T15:19:45.149Z' },
		{ name: 'epoch milliseconds', value: 1669303185149, expected: '2022-11-24T15:19:45.149Z' },
		{ name: 'epoch microseconds', value: 1669303185149000, expected: '2022-11-24T15:19:45.149Z' },
		{ name: 'epoch seconds as string', value: '1669303185', expected: '2022-11-24T15:19:45.000Z' },
		{ name: 'epoch milliseconds as string', value: '1669303185149', expected: '2022-11-24T15:19:45.149Z' },
		{ name: 'zero', value: 0, expected: '1970-01-01T00:00:00.000Z' },
		{ name: 'RFC 3339 with Z and milliseconds', value: '2022-11-24T15:11:55.724Z', expected: '2022-11-24T15:11:55.724Z' },
		{ name: 'RFC 3339 with offset', value: '2022-11-24T15:11:55+02:00', expected: '2022-11-24T13:11:55.000Z' },
		{ name: 'RFC 3339 with negative offset', value: '2022-11-24T23:30:00-05:00', expected: '2022-11-25T04:30:00.000Z' },
		{ name: 'RFC 3339 with microseconds (truncated)', value: '2022-11-24T15:11:55.123999Z', expected: '2022-11-24T15:11:55.123Z' },
		{ name: 'lower-case t and z', value: '2022-11-24t15:11:55z', expected: '2022-11-24T15:11:55.000Z' },
		{ name: 'Pipedrive SQL style, UTC', value: '2022-11-24 15:19:45', expected: '2022-11-24T15:19:45.000Z' },
		{ name: 'ISO without offset is UTC', value: '2022-11-24T15:19:45', expected: '2022-11-24T15:19:45.000Z' },
		{ name: 'surrounding whitespace', value: ' 2022-11-24 15:19:45 ', expected: '2022-11-24T15:19:45.000Z' },
		{ name: 'impossible date', value: '2022-02-30T10:00:00Z', expected: '' },
		{ name: 'impossible time', value: '2022-11-24T25:00:00Z', expected: '' },
		{ name: 'date only', value: '2022-11-24', expected: '' },
		{ name: 'a bare number such as 2022 is epoch seconds, not a year', value: '2022', expected: '1970-01-01T00:33:42.000Z' },
		{ name: 'ISO week date', value: '2022-W47-4T10:00:00Z', expected: '' },
		{ name: 'free text', value: 'yesterday', expected: '' },
		{ name: 'empty string', value: '', expected: '' },
		{ name: 'null', value: null, expected: '' },
		{ name: 'object', value: { seconds: 1 }, expected: '' },
		{ name: 'NaN', value: Number.NaN, expected: '' },
		{ name: 'Infinity', value: Number.POSITIVE_INFINITY, expected: '' },
		{ name: 'beyond the representable range', value: 1e20, expected: '' },
		{ name: 'year 5138 as microseconds is still a time', value: 1e17, expected: '5138-11-16T09:46:40.000Z' },
		{ name: 'exponent string', value: '1.7e12', expected: '' },
	])('$name', ({ value, expected }) => {
		expect(isoFromTimestamp(value)).toBe(expected);
	});
});

describe('isoFromEpochMs / isoFromEpochMicros', () => {
	test.each([
		{ name: 'ms', actual: () => isoFromEpochMs(1564113600000), expected: '2019-07-26T04:00:00.000Z' },
		{ name: 'ms, small values are not taken for seconds', actual: () => isoFromEpochMs(1000), expected: '1970-01-01T00:00:01.000Z' },
		{ name: 'ms NaN', actual: () => isoFromEpochMs(Number.NaN), expected: '' },
		{ name: 'ms last moment of year 9999', actual: () => isoFromEpochMs(253402300799999), expected: '9999-12-31T23:59:59.999Z' },
		{ name: 'ms year 10000 is refused', actual: () => isoFromEpochMs(253402300800000), expected: '' },
		{ name: 'ms before 1970', actual: () => isoFromEpochMs(-1), expected: '1969-12-31T23:59:59.999Z' },
		{ name: 'micros number', actual: () => isoFromEpochMicros(1669303185149000), expected: '2022-11-24T15:19:45.149Z' },
		{ name: 'micros string', actual: () => isoFromEpochMicros('1669303185149999'), expected: '2022-11-24T15:19:45.149Z' },
		{ name: 'micros junk', actual: () => isoFromEpochMicros('soon'), expected: '' },
		{ name: 'micros missing', actual: () => isoFromEpochMicros(undefined), expected: '' },
	])('$name', ({ actual, expected }) => {
		expect(actual()).toBe(expected);
	});

	test("gives Date's own ISO string for every representable millisecond tried", () => {
		const first = -62_135_596_800_000;
		const last = 253_402_300_799_999;
		const day = 86_400_000;
		const tried = [first, first + 1, last, last - 1, 0, -1, 1, -day, -day - 1, day - 1, day, 951_782_400_000, 4_107_542_399_999, -0.5, 1.999, -1.5];
		let seed = 3;
		const random = () => {
			seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
			return seed / 2_147_483_648;
		};
		for (let index = 0; index < 20_000; index++) {
			const base = index % 2 === 0 ? first + random() * (last - first) : 1_700_000_000_000 + random() * 5 * day;
			tried.push(Math.floor(base), Math.floor(base / day) * day, Math.floor(base / day) * day - 1);
		}
		for (const ms of tried) expect([ms, isoFromEpochMs(ms)]).toEqual([ms, new Date(Math.trunc(ms)).toISOString()]);
	});
});
