import { boundedTraceKey, hashedTraceKey, MAX_TRACE_KEY_LENGTH } from '../../../core/events/traceKey';

describe('hashedTraceKey', () => {
	test.each([
		{ name: 'string against number', a: ['1', 2], b: [1, '2'] },
		{ name: 'joined against split', a: ['a:b'], b: ['a', 'b'] },
		{ name: 'order of parts', a: [1, 2], b: [2, 1] },
		{ name: 'missing against empty string', a: [undefined], b: [''] },
		{ name: 'false against missing', a: [false], b: [undefined] },
		{ name: 'prefix differs', a: [1], b: [1], prefixB: 'other' },
	])('distinguishes $name', ({ a, b, prefixB }) => {
		expect(hashedTraceKey('p', a)).not.toBe(hashedTraceKey(prefixB ?? 'p', b));
	});

	test.each([
		{ name: 'same parts', a: [1, 'x', null], b: [1, 'x', null] },
		{ name: 'undefined and null are both "absent"', a: [undefined], b: [null] },
		{ name: 'bigint and its decimal string', a: [9007199254740993n], b: ['9007199254740993'] },
	])('equal for $name', ({ a, b }) => {
		expect(hashedTraceKey('p', a)).toBe(hashedTraceKey('p', b));
	});

	test('shape', () => {
		expect(hashedTraceKey('hubspot', [1])).toMatch(/^hubspot:[0-9a-f]{40}$/);
	});
});

describe('boundedTraceKey', () => {
	test.each([
		{ name: 'short key kept', key: 'abc', expected: 'abc' },
		{ name: 'exactly the limit kept', key: 'k'.repeat(MAX_TRACE_KEY_LENGTH), expected: 'k'.repeat(MAX_TRACE_KEY_LENGTH) },
	])('$name', ({ key, expected }) => {
		expect(boundedTraceKey('p', key)).toBe(expected);
	});

	test('one over the limit is hashed, and distinct long keys stay distinct', () => {
		const long = 'k'.repeat(MAX_TRACE_KEY_LENGTH + 1);
		expect(boundedTraceKey('p', long)).toMatch(/^p:[0-9a-f]{40}$/);
		expect(boundedTraceKey('p', long)).not.toBe(boundedTraceKey('p', `${long}x`));
	});
});
