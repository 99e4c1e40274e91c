import { safeEqual } from '../../../core/signature';

const cases = [
	{ name: 'equal strings', a: 'abc', b: 'abc', expected: true },
	{ name: 'equal buffers', a: Buffer.from([0, 1, 2]), b: Buffer.from([0, 1, 2]), expected: true },
	{ name: 'string and its UTF-8 buffer', a: 'Zoë', b: Buffer.from('Zoë', 'utf8'), expected: true },
	{ name: 'both empty', a: '', b: '', expected: true },
	{ name: 'one byte differs', a: 'abcd', b: 'abce', expected: false },
	{ name: 'case differs', a: 'abc', b: 'ABC', expected: false },
	{ name: 'prefix of the other', a: 'abc', b: 'abcd', expected: false },
	{ name: 'empty against non-empty', a: '', b: 'a', expected: false },
	{ name: 'much longer', a: 'a', b: 'a'.repeat(10_000), expected: false },
	{ name: 'NFC against NFD', a: 'é', b: 'e\u0301', expected: false },
	{ name: 'latin1 bytes against UTF-8 bytes', a: Buffer.from('é', 'latin1'), b: Buffer.from('é', 'utf8'), expected: false },
	{ name: 'trailing NUL', a: 'abc', b: 'abc\u0000', expected: false },
];

describe('safeEqual', () => {
	test.each(cases)('$name', ({ a, b, expected }) => {
		expect(safeEqual(a, b)).toBe(expected);
		expect(safeEqual(b, a)).toBe(expected);
	});
});
