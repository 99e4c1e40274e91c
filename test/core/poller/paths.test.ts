import { getPath, isJsonObject, isValidPath, joinPath } from '../../../core/poller/paths';

const record = JSON.parse(
	'{"id": 7, "user": {"id": "u1", "tags": ["a", "b"]}, "results": [{"id": 1}, {"id": 2}], "0": "zero-key", "__proto__": {"polluted": true}, "nested": {"__proto__": "own"}}',
) as unknown;

describe('getPath', () => {
	it.each([
		{ name: 'top-level key', path: 'id', expected: 7 },
		{ name: 'nested key', path: 'user.id', expected: 'u1' },
		{ name: 'array index', path: 'results.1.id', expected: 2 },
		{ name: 'array index inside nested object', path: 'user.tags.0', expected: 'a' },
		{ name: 'numeric key on an object is a key', path: '0', expected: 'zero-key' },
		{ name: 'index past the end', path: 'results.5', expected: undefined },
		{ name: 'non-numeric segment on an array', path: 'results.length', expected: undefined },
		{ name: 'negative index', path: 'results.-1', expected: undefined },
		{ name: 'leading zero index', path: 'results.01', expected: undefined },
		{ name: 'missing key', path: 'user.name', expected: undefined },
		{ name: 'through a primitive', path: 'id.toString', expected: undefined },
		{ name: 'string length is not readable', path: 'user.id.length', expected: undefined },
		{ name: 'prototype method', path: 'constructor', expected: undefined },
		{ name: 'prototype through a nested object', path: 'user.constructor.name', expected: undefined },
		{ name: 'hasOwnProperty', path: 'user.hasOwnProperty', expected: undefined },
		{ name: 'an own __proto__ key from JSON is plain data', path: 'nested.__proto__', expected: 'own' },
		{ name: 'empty segment', path: 'user..id', expected: undefined },
	])('$name', ({ path, expected }) => {
		expect(getPath(record, path)).toEqual(expected);
	});

	it('returns the value itself for the empty path', () => {
		expect(getPath(record, '')).toBe(record);
	});

	it.each([
		{ name: 'null', value: null },
		{ name: 'undefined', value: undefined },
		{ name: 'a number', value: 5 },
		{ name: 'a string', value: 'abc' },
	])('returns undefined inside $name', ({ value }) => {
		expect(getPath(value, 'a')).toBeUndefined();
	});

	it('never reaches Object.prototype', () => {
		expect(getPath({}, '__proto__')).toBeUndefined();
		expect(getPath({}, 'toString')).toBeUndefined();
		expect(getPath([], 'constructor')).toBeUndefined();
	});
});

describe('isValidPath', () => {
	it.each([
		{ name: 'one segment', path: 'id', valid: true },
		{ name: 'dotted', path: 'properties.lastmodifieddate', valid: true },
		{ name: 'empty', path: '', valid: false },
		{ name: 'leading dot', path: '.id', valid: false },
		{ name: 'trailing dot', path: 'id.', valid: false },
		{ name: 'double dot', path: 'a..b', valid: false },
	])('$name', ({ path, valid }) => {
		expect(isValidPath(path)).toBe(valid);
	});
});

describe('isJsonObject and joinPath', () => {
	it.each([
		{ name: 'object', value: {}, expected: true },
		{ name: 'array', value: [], expected: false },
		{ name: 'null', value: null, expected: false },
		{ name: 'string', value: 'x', expected: false },
	])('isJsonObject: $name', ({ value, expected }) => {
		expect(isJsonObject(value)).toBe(expected);
	});

	it.each([
		{ name: 'root key', parent: '', key: 'contacts', expected: 'contacts' },
		{ name: 'child key', parent: 'contacts', key: 'url', expected: 'contacts.url' },
		{ name: 'array index', parent: 'contacts.body.sorts', key: 0, expected: 'contacts.body.sorts[0]' },
	])('joinPath: $name', ({ parent, key, expected }) => {
		expect(joinPath(parent, key)).toBe(expected);
	});
});
