/**
 * The output budget: values read from requests can be long, and helpers such as `join` (a separator repeated
 * per item) or `replace` (a replacement per occurrence) multiply two payload sizes. Every value built during a
 * render stops at the budget and ends with the truncation marker; nothing throws `Invalid string length`.
 */
import {
	compileTemplate,
	DEFAULT_OUTPUT_BUDGET,
	MIN_OUTPUT_BUDGET,
	TemplateError,
	TRUNCATION_MARKER,
} from '../../../core/template';

const BUDGET = 1_000;

/** An array whose element reads are counted, to show a render stops reading once its output is full. */
function countedArray(length: number, item: (index: number) => unknown): { array: unknown[]; reads: () => number } {
	let reads = 0;
	const target = new Array<unknown>(length).fill(0);
	const array = new Proxy(target, {
		get(object, key, receiver) {
			if (typeof key === 'string' && /^\d+$/.test(key)) {
				reads += 1;
				return item(Number(key));
			}
			return Reflect.get(object, key, receiver) as unknown;
		},
	});
	return { array, reads: () => reads };
}

describe('output budget: every render stays within it', () => {
	const long = 'x'.repeat(50_000);
	const ids = Array.from({ length: 20_000 }, (_, index) => 100_000 + index);
	it.each([
		{ name: 'join with a long separator over a long array', template: '{{join (json p) ids}}', context: { p: long, ids } },
		{ name: 'join of many long values', template: '{{join "," a a a a a a a a}}', context: { a: long } },
		{ name: 'replace of one character by a long text', template: '{{replace a "a" b}}', context: { a: 'a'.repeat(5_000), b: long } },
		{
			name: 'replace inside replace',
			template: '{{replace (replace a "a" b) "b" c}}',
			context: { a: 'a'.repeat(900), b: 'b'.repeat(900), c: 'c'.repeat(900) },
		},
		{ name: 'uppercase that lengthens (ß → SS)', template: '{{uppercase a}}', context: { a: 'ß'.repeat(900) } },
		{ name: 'json of control characters (1 → 6 characters each)', template: '{{json a}}', context: { a: '\u0001'.repeat(900) } },
		{
			name: 'json of an object with many keys',
			template: '{{json a}}',
			context: { a: Object.fromEntries(Array.from({ length: 5_000 }, (_, index) => [`k${index}`, index])) },
		},
		{ name: 'an array rendered as JSON', template: '[{{a}}]', context: { a: Array.from({ length: 5_000 }, () => 'item') } },
		{ name: 'many parts', template: '{{a}}-'.repeat(500), context: { a: 'abc' } },
		{ name: 'a long value read by a path', template: '{{a}}', context: { a: long } },
		{ name: 'long literal text', template: 't'.repeat(5_000), context: {} },
	])('$name', ({ template, context }) => {
		const out = compileTemplate(template, { outputBudget: BUDGET }).render(context);
		expect(out.length).toBeLessThanOrEqual(BUDGET);
		expect(out.length).toBeGreaterThan(BUDGET - TRUNCATION_MARKER.length - 10);
		expect(out.endsWith(TRUNCATION_MARKER)).toBe(true);
	});

	it('the template of issue 9 over a 409 KB event renders the default budget, marked, without throwing', () => {
		const context = { propertyValue: 'v'.repeat(200_000), mergedObjectIds: Array.from({ length: 20_000 }, (_, i) => 10_000_000 + i) };
		const out = compileTemplate('{{join (json propertyValue) mergedObjectIds}}').render(context);
		expect(out.length).toBeLessThanOrEqual(DEFAULT_OUTPUT_BUDGET);
		expect(out.startsWith(`10000000"${'v'.repeat(10)}`)).toBe(true);
		expect(out.endsWith(TRUNCATION_MARKER)).toBe(true);
	});

	it('a value that fits is not marked', () => {
		const compiled = compileTemplate('{{join "," a}}|{{replace b "x" "yy"}}|{{json c}}', { outputBudget: BUDGET });
		expect(compiled.render({ a: [1, 2, 3], b: 'axb', c: { d: [true, null] } })).toBe('1,2,3|ayyb|{"d":[true,null]}');
		const exactly = 'e'.repeat(BUDGET);
		expect(compileTemplate('{{a}}', { outputBudget: BUDGET }).render({ a: exactly })).toBe(exactly);
	});

	it('cuts the way truncateText does: never inside a surrogate pair', () => {
		const keep = BUDGET - TRUNCATION_MARKER.length;
		// The pair would straddle the cut: it is dropped whole.
		const out = compileTemplate('{{a}}', { outputBudget: BUDGET }).render({ a: `${'a'.repeat(keep - 1)}😀${'b'.repeat(50)}` });
		expect(out).toBe(`${'a'.repeat(keep - 1)}${TRUNCATION_MARKER}`);
	});

	it('join stops reading an array once its output is full', () => {
		const { array, reads } = countedArray(1_000_000, (index) => `item-${index}`);
		const out = compileTemplate('{{join "," a}}', { outputBudget: BUDGET }).render({ a: array });
		expect(out.endsWith(TRUNCATION_MARKER)).toBe(true);
		expect(reads()).toBeLessThan(200);
	});

	it('json stops reading an array once its output is full', () => {
		const { array, reads } = countedArray(1_000_000, (index) => ({ id: index }));
		const out = compileTemplate('{{json a}}', { outputBudget: BUDGET }).render({ a: array });
		expect(out.startsWith('[{"id":0},{"id":1}')).toBe(true);
		expect(reads()).toBeLessThan(200);
	});

	it.each([
		{ name: 'below the minimum', outputBudget: MIN_OUTPUT_BUDGET - 1 },
		{ name: 'fraction', outputBudget: 100.5 },
		{ name: 'NaN', outputBudget: Number.NaN },
	])('refuses outputBudget $name', ({ outputBudget }) => {
		expect(() => compileTemplate('{{a}}', { outputBudget })).toThrow(TemplateError);
	});
});

describe('json within the budget writes what JSON.stringify writes', () => {
	const date = new Date(Date.UTC(2024, 0, 31, 12));
	it.each([
		{ name: 'nested data', value: { a: [1, 'two', { three: 3.5 }], b: null, c: true, d: false, e: -0 } },
		{ name: 'escapes and unicode', value: { 'quote"key': 'line\nbreak\ttab\u0000nul "q" \\ é 😀 \ud800' } },
		{ name: 'integer-like keys come first, as in JSON.stringify', value: { b: 1, 2: 'two', a: 3, 1: 'one' } },
		{ name: 'undefined, functions and symbols', value: { u: undefined, f: () => 1, s: Symbol('s'), list: [undefined, () => 1, Symbol('t')] } },
		{ name: 'non-finite numbers', value: [Number.NaN, Infinity, -Infinity, 1e21, 5e-324] },
		{ name: 'toJSON (a Date)', value: { at: date, nested: [date] } },
		{ name: 'toJSON returning an object', value: { x: { toJSON: () => ({ y: [1] }) } } },
		{ name: 'boxed primitives', value: [Object(1), Object('s'), Object(false)] as unknown[] },
		{ name: 'a key named toJSON that is data', value: { toJSON: 'not a function' } },
		{ name: 'empty containers', value: { a: {}, b: [] } },
	])('$name', ({ value }) => {
		expect(compileTemplate('{{json a}}').render({ a: value })).toBe(JSON.stringify(value));
	});
});
