/**
 * Java SimpleDateFormat patterns (what poller configurations are written in) translated to Luxon formats.
 *
 * Only letters whose meaning carries over exactly are accepted; anything else is a `PatternError` rather than
 * a date silently read wrong. Java's pattern letters:
 * https://docs.oracle.com/javase/8/docs/api/java/text/SimpleDateFormat.html
 * Luxon's tokens: https://moment.github.io/luxon/#/formatting?id=table-of-tokens
 */

export const PATTERN_ERROR_CODES = [
	'EMPTY_PATTERN',
	'UNTERMINATED_QUOTE',
	'UNSUPPORTED_LETTER',
	'UNSUPPORTED_WIDTH',
	'ADJACENT_FIELDS',
	'CONFLICTING_FIELDS',
	'NO_FIELDS',
] as const;
export type PatternErrorCode = (typeof PATTERN_ERROR_CODES)[number];

export class PatternError extends Error {
	constructor(
		readonly code: PatternErrorCode,
		/** Index in the Java pattern where the problem starts. */
		readonly position: number,
		message: string,
	) {
		super(message);
		this.name = 'PatternError';
	}
}

/** Java `X` widths: `-08`, `-0800`, `-08:00`, each printing `Z` for a zero offset. */
export type IsoOffsetWidth = 1 | 2 | 3;

/** One piece of a compiled pattern. */
export type PatternPiece =
	| { kind: 'literal'; text: string }
	/** A Luxon token that means the same as the Java field for parsing and formatting alike. */
	| { kind: 'field'; luxon: string }
	/** A Java `S` run, read as a fraction of a second (Java reads it as a count of milliseconds). */
	| { kind: 'fraction'; digits: number }
	/** Java `Z` (`-0800`) or `X`/`XX`/`XXX`; `isoWidth` is set for `X`, which prints `Z` for UTC. */
	| { kind: 'offset'; luxon: 'Z' | 'ZZ' | 'ZZZ'; isoWidth?: IsoOffsetWidth };

export interface CompiledPattern {
	java: string;
	pieces: PatternPiece[];
	hasOffset: boolean;
}

type RawToken =
	| { kind: 'field'; letter: string; count: number; position: number }
	| { kind: 'literal'; text: string; position: number };

const show = (java: string): string => JSON.stringify(java);

function isAsciiLetter(c: string): boolean {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/** Splits a Java pattern into letter runs and literals, following Java's quoting (`'T'`, `''`). */
function tokenize(java: string): RawToken[] {
	const tokens: RawToken[] = [];
	const pushLiteral = (text: string, position: number): void => {
		const last = tokens[tokens.length - 1];
		if (last?.kind === 'literal') last.text += text;
		else tokens.push({ kind: 'literal', text, position });
	};
	let i = 0;
	while (i < java.length) {
		const c = java[i];
		if (c === "'") {
			if (java[i + 1] === "'") {
				pushLiteral("'", i);
				i += 2;
				continue;
			}
			let text = '';
			let j = i + 1;
			for (;;) {
				if (j >= java.length) {
					throw new PatternError('UNTERMINATED_QUOTE', i, `unterminated quote in ${show(java)}`);
				}
				if (java[j] === "'") {
					if (java[j + 1] === "'") {
						text += "'";
						j += 2;
						continue;
					}
					break;
				}
				text += java[j];
				j++;
			}
			pushLiteral(text, i);
			i = j + 1;
		} else if (isAsciiLetter(c)) {
			let j = i;
			while (java[j] === c) j++;
			tokens.push({ kind: 'field', letter: c, count: j - i, position: i });
			i = j;
		} else {
			pushLiteral(c, i);
			i++;
		}
	}
	return tokens;
}

/** Letters Java knows but that have no faithful Luxon counterpart, with what to write instead. */
const UNSUPPORTED: Record<string, string> = {
	k: '(hour 1-24) has no equivalent; use "H" (hour 0-23)',
	K: '(hour 0-11) has no equivalent; use "h" (hour 1-12) with "a"',
	Y: '(week year) differs from the calendar year around New Year; use "y"',
	w: '(week in year) depends on the locale; it cannot be read or written faithfully',
	W: '(week in month) depends on the locale; it cannot be read or written faithfully',
	F: '(day of week in month) has no equivalent',
	z: '(time zone name) is ambiguous; use "X", "XX" or "XXX" (ISO offset) or "Z" (-0800)',
};

function widthError(token: { letter: string; count: number; position: number }, java: string, allowed: string): PatternError {
	const run = token.letter.repeat(token.count);
	return new PatternError(
		'UNSUPPORTED_WIDTH',
		token.position,
		`"${run}" at position ${token.position} has no faithful translation in ${show(java)}; use ${allowed}`,
	);
}

function translateField(token: { letter: string; count: number; position: number }, java: string): PatternPiece {
	const { letter, count } = token;
	const field = (luxon: string): PatternPiece => ({ kind: 'field', luxon });
	switch (letter) {
		case 'y':
			// Java: two letters = two-digit year, otherwise the year padded to the count.
			if (count === 1 || count === 2 || count === 4) return field(letter.repeat(count));
			throw widthError(token, java, '"y", "yy" or "yyyy"');
		case 'M':
		case 'L':
			// Java: 1-2 letters numeric, 3 short name, 4 or more the full name.
			return field(letter.repeat(Math.min(count, 4)));
		case 'd':
		case 'H':
		case 'h':
		case 'm':
		case 's':
			if (count <= 2) return field(letter.repeat(count));
			throw widthError(token, java, `"${letter}" or "${letter}${letter}"`);
		case 'D':
			if (count === 1) return field('o');
			if (count === 3) return field('ooo');
			throw widthError(token, java, '"D" or "DDD"');
		case 'E':
			return field(count <= 3 ? 'EEE' : 'EEEE');
		case 'u':
			if (count === 1) return field('E');
			throw widthError(token, java, '"u"');
		case 'a':
			return field('a');
		case 'G':
			return field(count <= 3 ? 'G' : 'GG');
		case 'S':
			return { kind: 'fraction', digits: count };
		case 'Z':
			return { kind: 'offset', luxon: 'ZZZ' };
		case 'X':
			if (count === 1) return { kind: 'offset', luxon: 'Z', isoWidth: 1 };
			if (count === 2) return { kind: 'offset', luxon: 'ZZZ', isoWidth: 2 };
			if (count === 3) return { kind: 'offset', luxon: 'ZZ', isoWidth: 3 };
			throw widthError(token, java, '"X", "XX" or "XXX"');
		default: {
			const why = UNSUPPORTED[letter] ?? 'is not a date pattern letter (quote literal text, as in \'T\')';
			throw new PatternError(
				'UNSUPPORTED_LETTER',
				token.position,
				`unsupported letter "${letter}" at position ${token.position} in ${show(java)}: "${letter}" ${why}`,
			);
		}
	}
}

/** The Luxon letter a piece starts with, to find two fields Luxon would merge into one token. */
function luxonLetter(piece: PatternPiece): string | undefined {
	switch (piece.kind) {
		case 'field':
			return piece.luxon[0];
		case 'fraction':
			return 'u';
		case 'offset':
			return 'Z';
		default:
			return undefined;
	}
}

/** Tokenizes and checks a Java pattern once; the result renders Luxon formats for parsing and formatting. */
export function compileJavaPattern(java: string): CompiledPattern {
	if (java === '') throw new PatternError('EMPTY_PATTERN', 0, 'empty date pattern');
	const tokens = tokenize(java);
	const pieces: PatternPiece[] = [];
	let previous: { piece: PatternPiece; token: RawToken } | undefined;
	for (const token of tokens) {
		if (token.kind === 'literal') {
			pieces.push({ kind: 'literal', text: token.text });
			previous = undefined;
			continue;
		}
		const piece = translateField(token, java);
		if (previous !== undefined && previous.token.kind === 'field' && luxonLetter(previous.piece) === luxonLetter(piece)) {
			const first = previous.token.letter.repeat(previous.token.count);
			throw new PatternError(
				'ADJACENT_FIELDS',
				token.position,
				`"${first}" and "${token.letter.repeat(token.count)}" at position ${token.position} cannot be told apart in ${show(java)}; put a separator between them`,
			);
		}
		pieces.push(piece);
		previous = { piece, token };
	}
	const fields = tokens.filter((t): t is Extract<RawToken, { kind: 'field' }> => t.kind === 'field');
	if (fields.length === 0) throw new PatternError('NO_FIELDS', 0, `${show(java)} has no date fields`);
	const meridiem = fields.find((t) => t.letter === 'a');
	if (meridiem !== undefined && fields.some((t) => t.letter === 'H')) {
		// Luxon refuses to parse a 24-hour clock together with AM/PM.
		throw new PatternError(
			'CONFLICTING_FIELDS',
			meridiem.position,
			`"a" (AM/PM) at position ${meridiem.position} cannot be combined with "H" (hour 0-23) in ${show(java)}; use "h" (hour 1-12) with "a"`,
		);
	}
	return { java, pieces, hasOffset: pieces.some((p) => p.kind === 'offset') };
}

/** Luxon quotes literal text in single quotes; a quote character itself is written `''` outside them. */
function luxonLiteral(text: string): string {
	return text
		.split("'")
		.map((part) => (part === '' ? '' : `'${part}'`))
		.join("''");
}

function render(pattern: CompiledPattern, renderPiece: (piece: PatternPiece) => string): string {
	return pattern.pieces.map((piece) => (piece.kind === 'literal' ? luxonLiteral(piece.text) : renderPiece(piece))).join('');
}

/** Luxon format to parse with. `zulu`: every offset field is the letter `Z` instead (read as UTC). */
export function luxonForParsing(pattern: CompiledPattern, offsets: 'numeric' | 'zulu'): string {
	return render(pattern, (piece) => {
		if (piece.kind === 'field') return piece.luxon;
		// Luxon's `u` reads 1 to 9 digits as a fraction of a second.
		if (piece.kind === 'fraction') return 'u';
		if (piece.kind === 'offset') return offsets === 'zulu' ? luxonLiteral('Z') : piece.luxon;
		return '';
	});
}

function pad2(n: number): string {
	return String(n).padStart(2, '0');
}

/** Java's `X` output: `Z` for UTC, else `+HH`, `+HHMM` or `+HH:MM` (the one-letter form drops minutes). */
export function isoOffset(offsetMinutes: number, width: IsoOffsetWidth): string {
	if (offsetMinutes === 0) return 'Z';
	const sign = offsetMinutes < 0 ? '-' : '+';
	const abs = Math.abs(offsetMinutes);
	const hours = pad2(Math.floor(abs / 60));
	const minutes = pad2(abs % 60);
	if (width === 1) return `${sign}${hours}`;
	return width === 2 ? `${sign}${hours}${minutes}` : `${sign}${hours}:${minutes}`;
}

/**
 * Luxon format to print an instant whose zone has `offsetMinutes`. Fractions print milliseconds, padded with
 * zeros when the run is longer than three letters (`SSSSSS` → `123000`), so the width stays the pattern's.
 */
export function luxonForFormatting(pattern: CompiledPattern, offsetMinutes: number): string {
	return render(pattern, (piece) => {
		if (piece.kind === 'field') return piece.luxon;
		if (piece.kind === 'fraction') return piece.digits > 3 ? `u${luxonLiteral('0'.repeat(piece.digits - 3))}` : 'u';
		if (piece.kind === 'offset') {
			return piece.isoWidth === undefined ? piece.luxon : luxonLiteral(isoOffset(offsetMinutes, piece.isoWidth));
		}
		return '';
	});
}

/**
 * The Luxon format string for a Java pattern: the same fields, `S` runs as `u` (fractional seconds), `X` as
 * `Z`/`ZZZ`/`ZZ`. Parsing and formatting with the exact Java behaviour (a `Z` for UTC, any fraction length)
 * go through `dates.ts`, which uses the compiled pattern.
 */
export function translateJavaPattern(java: string): string {
	return luxonForParsing(compileJavaPattern(java), 'numeric');
}
