import {
	compileTemplate,
	HELPER_NAMES,
	HELPERS,
	MAX_NESTING_DEPTH,
	MAX_SOURCE_LENGTH,
	TEMPLATE_ERROR_CODES,
	TemplateError,
	validateTemplate,
	type TemplateErrorCode,
} from '../../../core/template';
import errorCases from '../../fixtures/template/error-cases.json';
import renderCases from '../../fixtures/template/render-cases.json';

interface RenderCase {
	name: string;
	template: string;
	context: unknown;
	expected: string;
	nowMs?: number;
}

interface ErrorCase {
	name: string;
	template: string;
	code: TemplateErrorCode;
	position: number;
}

function compileError(source: string, options?: { maxLength?: number }): TemplateError {
	try {
		compileTemplate(source, options);
	} catch (error) {
		if (error instanceof TemplateError) return error;
		throw error;
	}
	throw new Error(`expected ${JSON.stringify(source)} not to compile`);
}

describe('compileTemplate: rendering', () => {
	it.each(renderCases as RenderCase[])('$name', ({ template, context, expected, nowMs }) => {
		const compiled = compileTemplate(template);
		expect(compiled.render(context, nowMs === undefined ? undefined : { nowMs })).toBe(expected);
		expect(validateTemplate(template)).toBeUndefined();
	});

	it('renders many contexts with one compiled template', () => {
		const compiled = compileTemplate('{{join "_" portalId objectId}}');
		const keys = Array.from({ length: 50 }, (_, index) => compiled.render({ portalId: 62515, objectId: index }));
		expect(keys[0]).toBe('62515_0');
		expect(keys[49]).toBe('62515_49');
		expect(new Set(keys).size).toBe(50);
	});

	it('gives `now` the nowMs of each render', () => {
		const compiled = compileTemplate('{{now}}');
		expect(compiled.render({}, { nowMs: 0 })).toBe('1970-01-01T00:00:00.000Z');
		expect(compiled.render({}, { nowMs: 1700000000123 })).toBe('2023-11-14T22:13:20.123Z');
	});

	it('keeps the source on the compiled template', () => {
		expect(compileTemplate('{{a}}').source).toBe('{{a}}');
	});
});

describe('compileTemplate: error messages as the editor shows them', () => {
	it('quote the fragment as typed: no escaped quotes', () => {
		let message = '';
		try {
			compileTemplate('{{join "_" portalId');
		} catch (error) {
			message = (error as Error).message;
		}
		expect(message).toBe(`'{{' is never closed with '}}' (at position 0: “{{join "_" portalId”)`);
		expect(message).not.toContain('\\"');
	});
});

describe('compileTemplate: malformed input', () => {
	it.each(errorCases as ErrorCase[])('$name → $code at $position', ({ template, code, position }) => {
		const error = compileError(template);
		expect(error).toBeInstanceOf(TemplateError);
		expect({ code: error.code, position: error.position }).toEqual({ code, position });
		// The message quotes the fragment that starts at the position, as typed (control characters escaped).
		expect(error.message).toContain(`“${error.fragment.replace(/[\u0000-\u001f]/g, (c) => JSON.stringify(c).slice(1, -1))}”`);
		expect(error.fragment.length).toBeGreaterThan(0);
		expect(template.startsWith(error.fragment.replace(/…$/, ''), position)).toBe(true);
		expect(validateTemplate(template)).toMatchObject({ code, position });
	});

	it('every error code is reachable from the tables or the tests below', () => {
		const covered = new Set<string>([...(errorCases as ErrorCase[]).map((c) => c.code), 'TOO_DEEP', 'TOO_LONG', 'INVALID_OPTION']);
		expect([...TEMPLATE_ERROR_CODES].filter((code) => !covered.has(code))).toEqual([]);
	});

	it('says that block helpers are not supported', () => {
		expect(compileError('{{#if a}}x{{/if}}').message).toMatch(/block helpers .* not supported/);
	});

	it('names the unknown helper and the expected argument count', () => {
		expect(compileError('{{frob a}}').message).toContain("unknown helper 'frob'");
		expect(compileError('{{substring a}}').message).toContain("'substring' takes 2 to 3 arguments (substring value start [end]), got 1");
	});

	it('truncates a very long fragment in the message', () => {
		const error = compileError(`{{join "${'x'.repeat(500)}`);
		expect(error.code).toBe('UNTERMINATED_STRING');
		expect(error.message.length).toBeLessThan(200);
	});

	it.each([
		{ name: 'zero', maxLength: 0 },
		{ name: 'negative', maxLength: -5 },
		{ name: 'fraction', maxLength: 1.5 },
		{ name: 'NaN', maxLength: Number.NaN },
		{ name: 'infinite', maxLength: Infinity },
	])('refuses maxLength $name', ({ maxLength }) => {
		expect(compileError('{{a}}', { maxLength }).code).toBe('INVALID_OPTION');
	});
});

describe('compileTemplate: maxLength', () => {
	const key = compileTemplate('{{a}}', { maxLength: 128 });

	it.each([
		{ name: 'short stays whole', value: 'abc', expected: 'abc' },
		{ name: 'exactly 128 stays whole', value: 'x'.repeat(128), expected: 'x'.repeat(128) },
		{ name: '129 is cut to 128', value: 'y'.repeat(129), expected: 'y'.repeat(128) },
		{ name: 'long value is cut to 128', value: 'z'.repeat(10_000), expected: 'z'.repeat(128) },
		// 127 ASCII + an emoji (2 code units) = 129: the pair must not be split, so 127 remain.
		{ name: 'surrogate pair across the limit is dropped whole', value: `${'a'.repeat(127)}😀b`, expected: 'a'.repeat(127) },
		{ name: 'surrogate pair ending at the limit is kept', value: `${'a'.repeat(126)}😀b`, expected: `${'a'.repeat(126)}😀` },
		{ name: 'non-BMP only', value: '😀'.repeat(100), expected: '😀'.repeat(64) },
	])('$name', ({ value, expected }) => {
		const out = key.render({ a: value });
		expect(out).toBe(expected);
		expect(out.length).toBeLessThanOrEqual(128);
		expect(out).not.toMatch(/[\uD800-\uDBFF]$/);
	});

	it('cuts the whole output, text included', () => {
		expect(compileTemplate('prefix-{{a}}', { maxLength: 10 }).render({ a: 'abcdefgh' })).toBe('prefix-abc');
	});
});

describe('compileTemplate: hostile paths', () => {
	const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();

	it.each([
		{ name: '__proto__', template: '{{__proto__}}' },
		{ name: '__proto__ in brackets', template: '{{[__proto__]}}' },
		{ name: 'constructor.name', template: '{{constructor.name}}' },
		{ name: 'constructor', template: '{{constructor}}' },
		{ name: 'toString', template: '{{toString}}' },
		{ name: 'hasOwnProperty', template: '{{hasOwnProperty}}' },
		{ name: 'prototype chain', template: '{{a.constructor.prototype}}' },
		{ name: '__proto__ of nested', template: '{{a.__proto__.polluted}}' },
		{ name: 'array constructor', template: '{{list.constructor.name}}' },
		{ name: 'string methods', template: '{{a.b.toUpperCase}}' },
		{ name: 'in helper args', template: '{{join "-" constructor.name __proto__ toString}}' },
		{ name: 'in default', template: '{{default constructor "none"}}' },
	])('$name renders empty or the fallback', ({ template }) => {
		const out = compileTemplate(template).render({ a: { b: 'text' }, list: [1] });
		expect(out === '' || out === 'none').toBe(true);
	});

	it('reads a payload key named __proto__ as data, without touching the prototype', () => {
		const context = JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"name":"mine"}}') as unknown;
		expect(compileTemplate('{{__proto__.polluted}}|{{constructor.name}}').render(context)).toBe('yes|mine');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});

	it('works with prototype-less contexts', () => {
		const context = Object.create(null) as Record<string, unknown>;
		context.a = 'x';
		expect(compileTemplate('{{a}}{{toString}}').render(context)).toBe('x');
	});

	it('leaves Object.prototype as it was', () => {
		expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
	});
});

describe('compileTemplate: render never throws', () => {
	const cyclic: Record<string, unknown> = { name: 'loop' };
	cyclic.self = cyclic;
	let deep: unknown = 'bottom';
	for (let index = 0; index < 200_000; index++) deep = [deep];

	it.each([
		{ name: 'cyclic object', template: '[{{a}}]', context: { a: cyclic }, expected: '[]' },
		{ name: 'cyclic object in json', template: '{{json a}}', context: { a: cyclic }, expected: 'null' },
		{ name: 'BigInt inside an object', template: '[{{a}}]', context: { a: { n: BigInt(1) } }, expected: '[]' },
		{ name: 'BigInt value', template: '{{a}}', context: { a: BigInt('12345678901234567890') }, expected: '12345678901234567890' },
		{ name: 'function value', template: '[{{a}}]', context: { a: () => 1 }, expected: '[]' },
		{ name: 'throwing toJSON', template: '[{{a}}]{{json a}}', context: { a: { toJSON: () => { throw new Error('boom'); } } }, expected: '[]null' },
		{ name: 'array nested too deep for JSON', template: '[{{a}}]', context: { a: deep }, expected: '[]' },
		{ name: 'join over a very deep array', template: '{{substring (join "," a) 0 4}}', context: { a: deep }, expected: '' },
	])('$name', ({ template, context, expected }) => {
		expect(compileTemplate(template).render(context)).toBe(expected);
	});
});

describe('compileTemplate: size limits', () => {
	it('compiles and renders a template of 10,000 expressions', () => {
		const source = Array.from({ length: 10_000 }, (_, index) => `{{v.${index % 10}}}`).join(',');
		expect(source.length).toBeLessThanOrEqual(MAX_SOURCE_LENGTH);
		const out = compileTemplate(source).render({ v: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] });
		expect(out.length).toBe(10_000 * 2 - 1);
		expect(out.startsWith('a,b,c')).toBe(true);
	});

	it('accepts a source of exactly the limit and refuses one more character', () => {
		const text = 'x'.repeat(MAX_SOURCE_LENGTH - 5);
		expect(compileTemplate(`${text}{{a}}`).render({ a: 'y' })).toBe(`${text}y`);
		const error = compileError(`${text}{{ab}}`);
		expect({ code: error.code, position: error.position }).toEqual({ code: 'TOO_LONG', position: MAX_SOURCE_LENGTH });
	});

	it(`allows sub-expressions ${MAX_NESTING_DEPTH} deep`, () => {
		const source = `{{lowercase ${'(lowercase '.repeat(MAX_NESTING_DEPTH)}a${')'.repeat(MAX_NESTING_DEPTH)}}}`;
		expect(compileTemplate(source).render({ a: 'DEEP' })).toBe('deep');
	});

	it(`refuses sub-expressions ${MAX_NESTING_DEPTH + 1} deep at the first '(' too many`, () => {
		const opening = '(lowercase '.repeat(MAX_NESTING_DEPTH + 1);
		const source = `{{lowercase ${opening}a${')'.repeat(MAX_NESTING_DEPTH + 1)}}}`;
		const error = compileError(source);
		expect(error.code).toBe('TOO_DEEP');
		expect(error.position).toBe('{{lowercase '.length + '(lowercase '.length * MAX_NESTING_DEPTH);
	});

	it('refuses 100,000 nested parentheses without overflowing the stack', () => {
		expect(compileError(`{{${'('.repeat(100_000)}`).code).toBe('TOO_LONG');
		expect(compileError(`{{${'('.repeat(90_000)}`).code).toBe('TOO_DEEP');
	});

	it('follows a long dotted path', () => {
		let context: unknown = 'end';
		for (let index = 0; index < 1000; index++) context = { k: context };
		expect(compileTemplate(`{{${Array(1000).fill('k').join('.')}}}`).render(context)).toBe('end');
	});
});

describe('HELPERS', () => {
	it.each(HELPER_NAMES.map((name) => ({ name })))('$name is documented in one line', ({ name }) => {
		const spec = HELPERS[name];
		expect(spec.usage.split(' ')[0]).toBe(name);
		expect(spec.description).toMatch(/^[A-Z`].*\.$/);
		expect(spec.description).not.toContain('\n');
		expect(spec.minArgs).toBeLessThanOrEqual(spec.maxArgs);
	});

	it('lists exactly the helpers of the table', () => {
		expect(Object.keys(HELPERS).sort()).toEqual([...HELPER_NAMES].sort());
	});
});
