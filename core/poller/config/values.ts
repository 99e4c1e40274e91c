import { attempt } from '../attempt';
import { isJsonObject } from '../paths';
import { PollerConfigError } from '../types';

/**
 * Reading single values out of a pasted poller configuration, each failure a `PollerConfigError` that names
 * the path and quotes the value.
 */

const MAX_QUOTED = 80;

/** How a value is quoted in an error: strings in JSON quotes (shortened), objects and arrays by kind. */
export function describeValue(value: unknown): string {
	if (typeof value === 'string') {
		const quoted = JSON.stringify(value);
		return quoted.length > MAX_QUOTED ? `${quoted.slice(0, MAX_QUOTED - 2)}…"` : quoted;
	}
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'an array';
	if (isJsonObject(value)) return 'an object';
	return String(value);
}

export function invalid(path: string, expected: string, value: unknown): PollerConfigError {
	return new PollerConfigError('INVALID_VALUE', path, `must be ${expected}, got ${describeValue(value)}`);
}

/** A string if present (undefined when the key is absent or null); anything else is an error. */
export function optionalString(value: unknown, path: string, expected = 'a string'): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string' || value.trim() === '') throw invalid(path, expected, value);
	return value.trim();
}

/** Booleans, and the strings "true"/"false" some tools write instead. */
export function optionalBoolean(value: unknown, path: string): boolean | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string') {
		const lower = value.trim().toLowerCase();
		if (lower === 'true') return true;
		if (lower === 'false') return false;
	}
	throw invalid(path, 'true or false', value);
}

export interface NumberRule {
	min: number;
	/** The minimum itself is not allowed. */
	minExclusive?: boolean;
	max?: number;
	integer?: boolean;
	/** The end of "must be …", e.g. `a whole number from 1 to 10000`. */
	expected: string;
}

const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;

/** Numbers, and numeric strings (configuration screens often store numbers as text). */
export function optionalNumber(value: unknown, path: string, rule: NumberRule): number | undefined {
	if (value === undefined || value === null) return undefined;
	let n: number | undefined;
	if (typeof value === 'number') n = value;
	else if (typeof value === 'string' && NUMBER_TEXT.test(value.trim())) n = Number(value.trim());
	const ok =
		n !== undefined &&
		Number.isFinite(n) &&
		(rule.minExclusive === true ? n > rule.min : n >= rule.min) &&
		(rule.max === undefined || n <= rule.max) &&
		(rule.integer !== true || Number.isInteger(n));
	if (!ok || n === undefined) throw invalid(path, rule.expected, value);
	return n;
}

const MAX_ENCODING_DEPTH = 3;

/** Where JSON.parse stopped, as line and column. Its own message may quote the input, so it is not shown. */
function whereParsingFailed(error: unknown, text: string): string {
	const message = error instanceof Error ? error.message : '';
	if (/unexpected end/i.test(message)) return ' (it ends too early)';
	const match = /at position (\d+)/.exec(message);
	if (match === null) return '';
	const before = text.slice(0, Number(match[1]));
	const lines = before.split('\n');
	return ` (line ${lines.length}, column ${lines[lines.length - 1].length + 1})`;
}

function parseJsonText(text: string, path: string): unknown {
	const trimmed = text.trim();
	if (trimmed === '') throw new PollerConfigError('INVALID_JSON', path, 'is empty: paste the poller configuration as JSON');
	const parsed = attempt(() => JSON.parse(trimmed) as unknown);
	if (parsed.ok) return parsed.value;
	// Copied out of a JSON string without its surrounding quotes: {\"contacts\":{…}}
	if (trimmed.includes('\\"')) {
		const unquoted = attempt(() => JSON.parse(`"${trimmed}"`) as unknown);
		if (unquoted.ok) return unquoted.value;
	}
	throw new PollerConfigError('INVALID_JSON', path, `is not valid JSON${whereParsingFailed(parsed.error, trimmed)}`);
}

/** A value that may be JSON text, possibly encoded twice (a JSON string holding JSON text), decoded. */
export function decodeJson(value: unknown, path: string): unknown {
	let current = value;
	for (let depth = 0; typeof current === 'string'; depth++) {
		if (depth === MAX_ENCODING_DEPTH) {
			throw new PollerConfigError('INVALID_JSON', path, `is JSON text encoded more than ${MAX_ENCODING_DEPTH} times`);
		}
		current = parseJsonText(current, path);
	}
	return current;
}

/** A key that differs from a known one only in case (`idfield`), to suggest the right spelling. */
export function caseTwin(known: readonly string[], key: string): string | undefined {
	const lower = key.toLowerCase();
	return known.find((k) => k !== key && k.toLowerCase() === lower);
}
