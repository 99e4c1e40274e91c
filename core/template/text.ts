import { boundedJson } from './json';
import { fitToBudget } from './truncate';

/**
 * Most UTF-16 code units any value built during a render may have (1 Mi, at most 3 MB as UTF-8): the output,
 * and each helper's result on the way to it. A template is configuration, but the values it reads come from
 * requests; without a bound, `join` with a long separator over a long array, or `replace` of one character by
 * a long text, grows with the product of two payload sizes and throws `Invalid string length`.
 */
export const DEFAULT_OUTPUT_BUDGET = 1_048_576;

/**
 * How a value becomes output text, cut to `budget` (`fitToBudget`). Missing values are empty (a trace key made
 * of absent fields falls back to the event's default key); objects and arrays are JSON so a response body can
 * embed them. Nothing is HTML-escaped: the output is a trace key, a URI or an HTTP body, never HTML.
 */
export function toText(value: unknown, budget: number): string {
	if (typeof value === 'string') return fitToBudget(value, budget);
	if (value === undefined || value === null) return '';
	switch (typeof value) {
		case 'number':
		case 'boolean':
			return String(value);
		case 'bigint':
			return fitToBudget(String(value), budget);
		case 'object':
			return toJsonText(value, budget) ?? '';
		default:
			// Functions and symbols cannot come from a JSON payload; they render as missing.
			return '';
	}
}

/**
 * JSON of a value within `budget`, or undefined when it has none. Rendering must never throw inside a webhook
 * (a throw answers 500 and the provider retries for a day), so cycles, BigInts, nesting too deep and a throwing
 * `toJSON` all count as "no JSON".
 */
export function toJsonText(value: unknown, budget: number): string | undefined {
	return boundedJson(value, budget);
}

/** The values `default` replaces and `join` skips. */
export function isEmptyValue(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}
