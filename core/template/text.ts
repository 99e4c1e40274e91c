/**
 * How a value becomes output text. Missing values are empty (a trace key made of absent fields falls back to
 * the event's default key); objects and arrays are JSON so a response body can embed them. Nothing is
 * HTML-escaped: the output is a trace key, a URI or an HTTP body, never HTML.
 */
export function toText(value: unknown): string {
	if (typeof value === 'string') return value;
	if (value === undefined || value === null) return '';
	switch (typeof value) {
		case 'number':
		case 'boolean':
		case 'bigint':
			return String(value);
		case 'object':
			return toJsonText(value) ?? '';
		default:
			// Functions and symbols cannot come from a JSON payload; they render as missing.
			return '';
	}
}

/**
 * JSON of a value, or undefined when it has none. Rendering must never throw inside a webhook (a throw answers
 * 500 and the provider retries for a day), so cycles, BigInts, nesting too deep for the stack and a throwing
 * `toJSON` all count as "no JSON".
 */
export function toJsonText(value: unknown): string | undefined {
	try {
		return JSON.stringify(value);
	} catch {
		return undefined;
	}
}

/** The values `default` replaces and `join` skips. */
export function isEmptyValue(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}
