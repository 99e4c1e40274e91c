import { firstId, idString } from '../../../core/events/idString';

describe('idString', () => {
	test.each([
		{ name: 'number', value: 123, expected: '123' },
		{ name: 'the largest safe integer', value: Number.MAX_SAFE_INTEGER, expected: '9007199254740991' },
		{ name: 'a negative integer', value: -42, expected: '-42' },
		{ name: 'minus zero', value: -0, expected: '0' },
		{ name: 'just beyond 2^53', value: 2 ** 53, expected: '9007199254740992' },
		{ name: 'an integer of 17 digits', value: 12345678901234568, expected: '12345678901234568' },
		{ name: 'string kept as is', value: '0042', expected: '0042' },
		{ name: 'integer above 1e21 without exponent', value: 1e21, expected: '1000000000000000000000' },
		{ name: 'bigint beyond 2^53', value: 9007199254740993n, expected: '9007199254740993' },
		{ name: 'non-integer number', value: 1.5, expected: '1.5' },
		{ name: 'NaN', value: Number.NaN, expected: '' },
		{ name: 'null', value: null, expected: '' },
		{ name: 'object', value: { id: 1 }, expected: '' },
		{ name: 'boolean', value: true, expected: '' },
	])('$name', ({ value, expected }) => {
		expect(idString(value)).toBe(expected);
	});

	test('firstId skips missing and empty candidates', () => {
		expect(firstId(undefined, '', null, 0, 5)).toBe('0');
		expect(firstId(undefined, null)).toBe('');
	});
});
