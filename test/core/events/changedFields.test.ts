import { deepEqual } from '../../../core/events/deepEqual';
import { changedFieldsBetween } from '../../../core/events/pipedriveChangedFields';

describe('deepEqual', () => {
	test.each([
		{ name: 'same number', a: 1, b: 1, expected: true },
		{ name: 'number and string', a: 1, b: '1', expected: false },
		{ name: 'null and undefined', a: null, b: undefined, expected: false },
		{ name: 'objects in other key order', a: { x: 1, y: [1, { z: 2 }] }, b: { y: [1, { z: 2 }], x: 1 }, expected: true },
		{ name: 'arrays in other order', a: [1, 2], b: [2, 1], expected: false },
		{ name: 'array and object with index keys', a: [1], b: { 0: 1 }, expected: false },
		{ name: 'extra key', a: { x: 1 }, b: { x: 1, y: undefined }, expected: false },
		{ name: 'different key, same count', a: { x: 1 }, b: { y: 1 }, expected: false },
		{ name: 'nested difference', a: { x: { y: { z: 1 } } }, b: { x: { y: { z: 2 } } }, expected: false },
		{ name: 'NaN equals NaN', a: Number.NaN, b: Number.NaN, expected: true },
	])('$name', ({ a, b, expected }) => {
		expect(deepEqual(a, b)).toBe(expected);
		expect(deepEqual(b, a)).toBe(expected);
	});
});

describe('changedFieldsBetween', () => {
	test.each([
		{ name: 'nothing changed', current: { a: 1, b: { c: 2 } }, previous: { b: { c: 2 }, a: 1 }, expected: [] },
		{ name: 'scalar changed', current: { a: 1, b: 2 }, previous: { a: 1, b: 3 }, expected: ['b'] },
		{ name: 'nested changed', current: { a: { v: 1 } }, previous: { a: { v: 2 } }, expected: ['a'] },
		{ name: 'null to value', current: { a: 'x' }, previous: { a: null }, expected: ['a'] },
		{ name: 'key added and removed', current: { a: 1, n: 1 }, previous: { a: 1, o: 1 }, expected: ['n', 'o'] },
		{ name: 'add (no previous)', current: { a: 1 }, previous: null, expected: [] },
		{ name: 'delete (no current)', current: null, previous: { a: 1 }, expected: [] },
		{ name: 'not objects', current: [1], previous: [2], expected: [] },
	])('$name', ({ current, previous, expected }) => {
		expect(changedFieldsBetween(current, previous)).toEqual(expected);
	});
});
