export const TEMPLATE_ERROR_CODES = [
	/** `{{` (or `{{{`) that is never closed, or closed by the next `{{`. */
	'UNCLOSED_EXPRESSION',
	/** `}}` in text with no `{{` before it. */
	'STRAY_CLOSE',
	/** `{{}}`, `{{ }}` or `()`. */
	'EMPTY_EXPRESSION',
	/** A call to a name that is not in `HELPERS`. */
	'UNKNOWN_HELPER',
	/** A helper called with too few or too many arguments. */
	'WRONG_ARG_COUNT',
	/** A string literal without its closing quote. */
	'UNTERMINATED_STRING',
	/** A `[key` path segment without its `]`. */
	'UNCLOSED_BRACKET',
	/** `(` without `)` or `)` without `(`. */
	'UNBALANCED_PAREN',
	/** A character that cannot start or continue an argument here. */
	'UNEXPECTED_TOKEN',
	/** `{{#each}}`, `{{/if}}`, `{{^x}}`, `{{else}}`: this language has no blocks. */
	'BLOCK_NOT_SUPPORTED',
	/** Other Handlebars syntax this language leaves out: partials, comments, `@data`, `../`, hash arguments, `~`. */
	'UNSUPPORTED_SYNTAX',
	/** Sub-expressions nested deeper than `MAX_NESTING_DEPTH`. */
	'TOO_DEEP',
	/** A source longer than `MAX_SOURCE_LENGTH`. */
	'TOO_LONG',
	/** A compile option out of range (e.g. `maxLength` that is not a positive integer). */
	'INVALID_OPTION',
] as const;
export type TemplateErrorCode = (typeof TEMPLATE_ERROR_CODES)[number];

/** How much of the source an error message quotes. */
const MAX_FRAGMENT_LENGTH = 60;

/**
 * A malformed template. `position` is the 0-based index into the source where the offending fragment starts;
 * the message quotes that fragment so the user can find it in a long template.
 */
export class TemplateError extends Error {
	readonly fragment: string;

	constructor(
		readonly code: TemplateErrorCode,
		readonly position: number,
		readonly problem: string,
		fragment: string,
	) {
		const quoted = fragment.length > MAX_FRAGMENT_LENGTH ? `${fragment.slice(0, MAX_FRAGMENT_LENGTH)}…` : fragment;
		super(`${problem} (at position ${position}: “${readable(quoted)}”)`);
		this.name = 'TemplateError';
		this.fragment = quoted;
	}
}

/**
 * A template fragment as the editor shows it: quotes as typed (no `\"`), control characters escaped so a message
 * stays on one line and shows what is really there.
 */
function readable(fragment: string): string {
	return fragment.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
}
