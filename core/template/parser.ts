import type { Part, Term } from './ast';
import { TemplateError, type TemplateErrorCode } from './errors';
import { HELPERS, isHelperName } from './helpers';

/** Longer sources are refused: a template is configuration, and this bounds compile time and memory. */
export const MAX_SOURCE_LENGTH = 100_000;
/** How deep `(helper (helper ...))` may nest; also bounds the parser's recursion. */
export const MAX_NESTING_DEPTH = 8;

/** Characters that cannot be part of a bare path segment (Handlebars' set); anything else can, `-` and `:` included. */
const NOT_IN_SEGMENT = new Set('!"#%&\'()*+,./;<=>@[\\]^`{|}~');
const NUMBER = /-?\d+(?:\.\d+)?/y;
const WHITESPACE = /\s/;
const KEYWORDS: Readonly<Record<string, boolean | null>> = { true: true, false: false, null: null };
const STRING_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r' };

function isSegmentChar(char: string): boolean {
	return !NOT_IN_SEGMENT.has(char) && !WHITESPACE.test(char);
}

/** Parses a whole template into text and expression parts. Throws `TemplateError`. */
export function parseTemplate(source: string): Part[] {
	return new Parser(source).parse();
}

class Parser {
	private pos = 0;
	/** Where the current `{{` starts, and what closes it. */
	private openPos = 0;
	private closer = '}}';

	constructor(private readonly source: string) {}

	parse(): Part[] {
		const { source } = this;
		const parts: Part[] = [];
		let textStart = 0;
		for (;;) {
			const open = source.indexOf('{{', this.pos);
			const close = source.indexOf('}}', this.pos);
			if (close !== -1 && (open === -1 || close < open)) {
				this.fail(
					'STRAY_CLOSE',
					close,
					close + 2,
					"'}}' without a '{{' before it (in literal text such as JSON, put a space between the braces: '} }')",
				);
			}
			if (open === -1) break;
			if (open > textStart) parts.push({ kind: 'text', text: source.slice(textStart, open) });
			parts.push({ kind: 'expression', term: this.parseMustache(open) });
			textStart = this.pos;
		}
		if (textStart < source.length) parts.push({ kind: 'text', text: source.slice(textStart) });
		return parts;
	}

	private parseMustache(open: number): Term {
		const triple = this.source.startsWith('{{{', open);
		this.openPos = open;
		this.closer = triple ? '}}}' : '}}';
		this.pos = open + this.closer.length;
		this.skipWhitespace();
		this.checkLeadingSyntax();
		const terms = this.parseTerms(0);
		if (terms.length === 0) this.fail('EMPTY_EXPRESSION', open, this.pos, 'empty expression');
		const term = this.buildExpression(terms, open, false);
		if (term.kind === 'path' && term.name === 'else') {
			this.fail('BLOCK_NOT_SUPPORTED', open, this.pos, "'{{else}}' belongs to block helpers, which are not supported");
		}
		return term;
	}

	/** Handlebars syntax recognised by its first character, refused with a message that names it. */
	private checkLeadingSyntax(): void {
		const char = this.source[this.pos];
		const end = this.source.indexOf(this.closer, this.pos);
		const fragmentEnd = end === -1 ? this.source.length : end + this.closer.length;
		if (char === '#' || char === '/' || char === '^') {
			this.fail(
				'BLOCK_NOT_SUPPORTED',
				this.openPos,
				fragmentEnd,
				`block helpers ('{{${char}...}}') are not supported; use sub-expressions such as (default a b)`,
			);
		}
		const unsupported: Readonly<Record<string, string>> = {
			'>': 'partials are not supported',
			'!': 'comments are not supported',
			'&': "'{{&...}}' is not needed: output is never HTML-escaped",
		};
		if (char !== undefined && Object.prototype.hasOwnProperty.call(unsupported, char)) {
			this.fail('UNSUPPORTED_SYNTAX', this.openPos, fragmentEnd, unsupported[char]);
		}
	}

	/** Arguments up to the closer (depth 0) or up to `)` (inside a sub-expression). Consumes the terminator. */
	private parseTerms(depth: number): Term[] {
		const { source } = this;
		const terms: Term[] = [];
		const start = this.pos - 1;
		for (;;) {
			this.skipWhitespace();
			if (this.pos >= source.length) {
				this.fail('UNCLOSED_EXPRESSION', this.openPos, source.length, `'${this.opener()}' is never closed with '${this.closer}'`);
			}
			if (source.startsWith(this.closer, this.pos)) {
				if (depth > 0) this.fail('UNBALANCED_PAREN', start, this.pos, "'(' is never closed with ')'");
				this.pos += this.closer.length;
				return terms;
			}
			if (source.startsWith('{{', this.pos)) {
				this.fail('UNCLOSED_EXPRESSION', this.openPos, this.pos, `'${this.opener()}' is not closed before the next '{{'`);
			}
			const char = source[this.pos];
			if (char === ')') {
				if (depth === 0) this.fail('UNBALANCED_PAREN', this.pos, this.pos + 1, "')' without a '(' before it");
				this.pos += 1;
				return terms;
			}
			terms.push(this.parseTerm(depth));
			this.expectDelimiter();
		}
	}

	private parseTerm(depth: number): Term {
		const { source } = this;
		const position = this.pos;
		const char = source[position];
		if (char === '(') {
			if (depth + 1 > MAX_NESTING_DEPTH) {
				this.fail('TOO_DEEP', position, position + 1, `sub-expressions nest deeper than ${MAX_NESTING_DEPTH} levels`);
			}
			this.pos += 1;
			const terms = this.parseTerms(depth + 1);
			if (terms.length === 0) this.fail('EMPTY_EXPRESSION', position, this.pos, 'empty sub-expression');
			return this.buildExpression(terms, position, true);
		}
		if (char === '"' || char === "'") return this.parseString();
		if (char === '}') {
			this.fail('UNCLOSED_EXPRESSION', this.openPos, position + 1, `'${this.opener()}' must be closed with '${this.closer}'`);
		}
		if (char === '-' || (char >= '0' && char <= '9')) {
			NUMBER.lastIndex = position;
			const match = NUMBER.exec(source);
			if (match !== null && this.isDelimiterAt(position + match[0].length)) {
				this.pos = position + match[0].length;
				return { kind: 'literal', value: Number(match[0]), position };
			}
		}
		if (char === '.' && this.isDelimiterAt(position + 1)) {
			this.pos += 1;
			return { kind: 'path', segments: [], position };
		}
		return this.parsePath();
	}

	private parseString(): Term {
		const { source } = this;
		const position = this.pos;
		const quote = source[position];
		let value = '';
		let chunkStart = position + 1;
		for (let index = position + 1; index < source.length; index++) {
			const char = source[index];
			if (char === quote) {
				this.pos = index + 1;
				return { kind: 'literal', value: value + source.slice(chunkStart, index), position };
			}
			if (char === '\\' && index + 1 < source.length) {
				const escaped = source[index + 1];
				value += source.slice(chunkStart, index) + (STRING_ESCAPES[escaped] ?? escaped);
				index += 1;
				chunkStart = index + 1;
			}
		}
		return this.fail('UNTERMINATED_STRING', position, source.length, `string literal without its closing ${quote}`);
	}

	private parsePath(): Term {
		const { source } = this;
		const position = this.pos;
		const segments: string[] = [];
		let bare = true;
		for (;;) {
			const segmentStart = this.pos;
			const char = source[segmentStart];
			if (char === '[') {
				const close = source.indexOf(']', segmentStart + 1);
				if (close === -1) this.fail('UNCLOSED_BRACKET', segmentStart, source.length, "'[' without its closing ']'");
				segments.push(source.slice(segmentStart + 1, close));
				bare = false;
				this.pos = close + 1;
			} else {
				while (this.pos < source.length && isSegmentChar(source[this.pos])) this.pos += 1;
				if (this.pos === segmentStart) this.failUnexpected(segments.length > 0);
				segments.push(source.slice(segmentStart, this.pos));
			}
			if (source[this.pos] !== '.') break;
			if (source[this.pos + 1] === '.') {
				this.fail('UNSUPPORTED_SYNTAX', this.pos, this.pos + 2, "parent paths ('..') are not supported");
			}
			this.pos += 1;
		}
		const next = source[this.pos];
		if (next === '=') this.fail('UNSUPPORTED_SYNTAX', position, this.pos + 1, 'hash arguments (key=value) are not supported');
		if (next === '/') this.fail('UNSUPPORTED_SYNTAX', position, this.pos + 1, "use '.' between path segments, not '/'");
		if (bare && segments.length === 1) {
			const [word] = segments;
			if (Object.prototype.hasOwnProperty.call(KEYWORDS, word)) return { kind: 'literal', value: KEYWORDS[word], position };
			if (word !== 'this') return { kind: 'path', segments, name: word, position };
		}
		// `this` is the context itself; only a bare leading `this` means that (`[this]` is a key named "this").
		if (source.startsWith('this', position) && (segments.length === 1 || source[position + 4] === '.')) {
			segments.shift();
		}
		return { kind: 'path', segments, position };
	}

	/** Turns the terms of `{{...}}` or `(...)` into one term: a helper call or a lone value. */
	private buildExpression(terms: Term[], position: number, isSubExpression: boolean): Term {
		const [head, ...args] = terms;
		if (head.kind === 'path' && head.name !== undefined && isHelperName(head.name)) {
			const helper = HELPERS[head.name];
			if (args.length < helper.minArgs || args.length > helper.maxArgs) {
				const expected =
					helper.minArgs === helper.maxArgs
						? `${helper.minArgs}`
						: helper.maxArgs === Infinity
							? `at least ${helper.minArgs}`
							: `${helper.minArgs} to ${helper.maxArgs}`;
				this.fail(
					'WRONG_ARG_COUNT',
					head.position,
					this.pos,
					`'${head.name}' takes ${expected} argument${expected === '1' ? '' : 's'} (${helper.usage}), got ${args.length}`,
				);
			}
			return { kind: 'call', helper: head.name, args, position: head.position };
		}
		if (args.length === 0 && !isSubExpression) return head;
		if (head.kind === 'path') {
			const name = this.source.slice(head.position, this.endOfTerm(head.position));
			this.fail('UNKNOWN_HELPER', head.position, this.pos, `unknown helper '${name}'`);
		}
		return this.fail('UNEXPECTED_TOKEN', position, this.pos, 'a helper name must come first');
	}

	private failUnexpected(afterDot: boolean): never {
		const { source, pos } = this;
		const char = source[pos];
		if (afterDot) this.fail('UNEXPECTED_TOKEN', pos - 1, pos + 1, "a path must not end with '.'");
		if (char === '.' && source[pos + 1] === '.') this.fail('UNSUPPORTED_SYNTAX', pos, pos + 2, "parent paths ('..') are not supported");
		if (char === '@') this.fail('UNSUPPORTED_SYNTAX', pos, this.endOfTerm(pos + 1), 'data variables (@index, @root, ...) are not supported');
		if (char === '~') this.fail('UNSUPPORTED_SYNTAX', pos, pos + 1, "whitespace control ('~') is not supported");
		return this.fail('UNEXPECTED_TOKEN', pos, pos + 1, `unexpected character '${char}'`);
	}

	/** After an argument: whitespace, `)`, the closer, or the end (reported by the caller). */
	private expectDelimiter(): void {
		if (this.source[this.pos] === '~') {
			this.fail('UNSUPPORTED_SYNTAX', this.pos, this.pos + 1, "whitespace control ('~') is not supported");
		}
		if (!this.isDelimiterAt(this.pos)) {
			this.fail('UNEXPECTED_TOKEN', this.pos, this.pos + 1, `unexpected '${this.source[this.pos]}' (separate arguments with a space)`);
		}
	}

	private isDelimiterAt(index: number): boolean {
		const char = this.source[index];
		return char === undefined || char === ')' || char === '}' || WHITESPACE.test(char);
	}

	private endOfTerm(from: number): number {
		let index = from;
		while (index < this.source.length && !this.isDelimiterAt(index)) index += 1;
		return index;
	}

	private skipWhitespace(): void {
		while (this.pos < this.source.length && WHITESPACE.test(this.source[this.pos])) this.pos += 1;
	}

	private opener(): string {
		return this.closer === '}}}' ? '{{{' : '{{';
	}

	private fail(code: TemplateErrorCode, position: number, end: number, problem: string): never {
		throw new TemplateError(code, position, problem, this.source.slice(position, Math.max(end, position + 1)));
	}
}
