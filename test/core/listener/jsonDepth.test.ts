import { exceedsDepth, MAX_JSON_DEPTH } from '../../../core/listener';

const nested = (depth: number): unknown => {
	let value: unknown = 1;
	for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { v: value };
	return value;
};

describe('exceedsDepth', () => {
	it.each([
		{ name: 'a scalar', value: 'x', limit: 1, expected: false },
		{ name: 'an empty array at limit 1', value: [], limit: 1, expected: false },
		{ name: 'exactly the limit', value: nested(MAX_JSON_DEPTH), limit: MAX_JSON_DEPTH, expected: false },
		{ name: 'one beyond the limit', value: nested(MAX_JSON_DEPTH + 1), limit: MAX_JSON_DEPTH, expected: true },
		{ name: '100,000 levels, without a stack overflow', value: nested(100_000), limit: MAX_JSON_DEPTH, expected: true },
		{ name: 'deep under an own "__proto__" key (as JSON.parse makes it)', value: JSON.parse(`{"__proto__":${'['.repeat(70)}${']'.repeat(70)}}`) as unknown, limit: MAX_JSON_DEPTH, expected: true },
		{ name: 'deep under a key of an object in an array', value: JSON.parse(`[1,{"a":"x","b":${'{"c":'.repeat(70)}1${'}'.repeat(70)}}]`) as unknown, limit: MAX_JSON_DEPTH, expected: true },
		{ name: 'an inherited enumerable property is not part of the value', value: Object.create({ deep: nested(100) }) as unknown, limit: 3, expected: false },
		{ name: 'wide but shallow', value: Array.from({ length: 10_000 }, (_, i) => ({ i, a: [i] })), limit: 3, expected: false },
	])('$name', ({ value, limit, expected }) => {
		expect(exceedsDepth(value, limit)).toBe(expected);
	});
});
