import type { Part, Term } from './ast';
import { TemplateError } from './errors';
import type { Evaluate, RenderOptions } from './evaluate';
import { HELPERS } from './helpers';
import { compilePath } from './lookup';
import { MAX_SOURCE_LENGTH, parseTemplate } from './parser';
import { DEFAULT_OUTPUT_BUDGET, toText } from './text';
import { appendWithin, fitToBudget, TRUNCATION_MARKER, truncateText } from './truncate';

export interface CompileOptions {
	/** Cut every render to this many UTF-16 code units, silently (trace keys use 128). */
	maxLength?: number;
	/**
	 * Most UTF-16 code units any value built during a render may have, the output included (default
	 * `DEFAULT_OUTPUT_BUDGET`). A value that reaches it stops growing and ends with `TRUNCATION_MARKER`.
	 */
	outputBudget?: number;
}

/** The smallest output budget: room for the marker and some text before it. */
export const MIN_OUTPUT_BUDGET = 4 * TRUNCATION_MARKER.length;

export interface CompiledTemplate {
	readonly source: string;
	/**
	 * Never throws: missing values render empty, values without JSON render empty, and nothing longer than the
	 * output budget is built.
	 */
	render(context: unknown, options?: RenderOptions): string;
}

const NO_OPTIONS: RenderOptions = Object.freeze({});

/**
 * Parses once and builds a tree of closures, so a render is plain property reads and string concatenation.
 * (Generating JavaScript source, as Handlebars does, would need `new Function`, which community nodes may not use.)
 */
export function compileTemplate(source: string, options: CompileOptions = {}): CompiledTemplate {
	const { maxLength, outputBudget = DEFAULT_OUTPUT_BUDGET } = options;
	if (maxLength !== undefined && (!Number.isSafeInteger(maxLength) || maxLength < 1)) {
		throw new TemplateError('INVALID_OPTION', 0, `maxLength must be a positive integer, got ${String(maxLength)}`, '');
	}
	if (!Number.isSafeInteger(outputBudget) || outputBudget < MIN_OUTPUT_BUDGET) {
		throw new TemplateError(
			'INVALID_OPTION',
			0,
			`outputBudget must be an integer of at least ${MIN_OUTPUT_BUDGET}, got ${String(outputBudget)}`,
			'',
		);
	}
	if (source.length > MAX_SOURCE_LENGTH) {
		throw new TemplateError(
			'TOO_LONG',
			MAX_SOURCE_LENGTH,
			`template is ${source.length} characters long; the limit is ${MAX_SOURCE_LENGTH}`,
			source.slice(MAX_SOURCE_LENGTH),
		);
	}
	const render = compileParts(parseTemplate(source), outputBudget);
	if (maxLength === undefined) {
		return { source, render: (context, renderOptions) => render(context, renderOptions ?? NO_OPTIONS) };
	}
	return {
		source,
		render: (context, renderOptions) => truncateText(render(context, renderOptions ?? NO_OPTIONS), maxLength),
	};
}

/** The activation-time check: the error a compile would throw, or undefined when the template is fine. */
export function validateTemplate(source: string, options: CompileOptions = {}): TemplateError | undefined {
	let failure: unknown;
	try {
		compileTemplate(source, options);
		return undefined;
	} catch (error) {
		failure = error;
	}
	// Anything but a TemplateError is a bug here, not a verdict on the template: let it surface.
	if (failure instanceof TemplateError) return failure;
	throw failure;
}

type RenderParts = (context: unknown, options: RenderOptions) => string;

function compileParts(parts: Part[], budget: number): RenderParts {
	const pieces = parts.map((part): string | Evaluate =>
		part.kind === 'text' ? part.text : compileTerm(part.term, budget),
	);
	if (pieces.length === 0) return () => '';
	if (pieces.length === 1) {
		const [only] = pieces;
		if (typeof only === 'string') {
			const text = fitToBudget(only, budget);
			return () => text;
		}
		return (context, options) => toText(only(context, options), budget);
	}
	const count = pieces.length;
	return (context, options) => {
		let out = '';
		// Stops evaluating once the output is over the budget: later pieces could only be cut away.
		for (let index = 0; index < count && out.length <= budget; index++) {
			const piece = pieces[index];
			out = appendWithin(out, typeof piece === 'string' ? piece : toText(piece(context, options), budget), budget);
		}
		return fitToBudget(out, budget);
	};
}

function compileTerm(term: Term, budget: number): Evaluate {
	switch (term.kind) {
		case 'literal': {
			const { value } = term;
			return () => value;
		}
		case 'path':
			return compilePath(term.segments);
		case 'call': {
			const { run } = HELPERS[term.helper];
			const args = term.args.map((arg) => compileTerm(arg, budget));
			switch (args.length) {
				case 0:
					return (_context, options) => run([], options, budget);
				case 1: {
					const [first] = args;
					return (context, options) => run([first(context, options)], options, budget);
				}
				case 2: {
					const [first, second] = args;
					return (context, options) => run([first(context, options), second(context, options)], options, budget);
				}
				default:
					return (context, options) => {
						const values = new Array<unknown>(args.length);
						for (let index = 0; index < args.length; index++) values[index] = args[index](context, options);
						return run(values, options, budget);
					};
			}
		}
	}
}
