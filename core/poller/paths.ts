/**
 * Dotted paths into JSON values (`properties.lastmodifieddate`, `results.0.id`), as the poller configuration
 * writes them for ids, dates, record arrays and pagination cursors.
 *
 * Only own properties are read, so a path such as `constructor.name` or `__proto__.x` can never reach an
 * object's prototype, whatever a provider response or a pasted configuration contains.
 */

/** A JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

/** A path is one or more non-empty segments separated by dots. */
export function isValidPath(dottedPath: string): boolean {
	return dottedPath !== '' && dottedPath.split('.').every((segment) => segment !== '');
}

/**
 * The value at `dottedPath`, or undefined when any step is missing. Numeric segments index arrays; on an
 * object they are ordinary keys. The empty path is the value itself.
 */
export function getPath(obj: unknown, dottedPath: string): unknown {
	if (dottedPath === '') return obj;
	let current: unknown = obj;
	for (const segment of segmentsOf(dottedPath)) {
		if (Array.isArray(current)) {
			if (!ARRAY_INDEX.test(segment)) return undefined;
			const index = Number(segment);
			if (index >= current.length) return undefined;
			current = current[index];
		} else if (isJsonObject(current)) {
			if (!Object.hasOwn(current, segment)) return undefined;
			current = current[segment];
		} else {
			return undefined;
		}
	}
	return current;
}

/** Paths are read for every record of every page: split each once (a bounded memo, configured paths are few). */
const SEGMENTS = new Map<string, readonly string[]>();
const MAX_MEMO_PATHS = 256;

function segmentsOf(dottedPath: string): readonly string[] {
	let segments = SEGMENTS.get(dottedPath);
	if (segments === undefined) {
		if (SEGMENTS.size >= MAX_MEMO_PATHS) SEGMENTS.clear();
		segments = dottedPath.split('.');
		SEGMENTS.set(dottedPath, segments);
	}
	return segments;
}

/** The JSON path of a child, for error messages: `contacts.body.filters[0].value`. */
export function joinPath(parent: string, key: string | number): string {
	if (typeof key === 'number') return `${parent}[${key}]`;
	return parent === '' ? key : `${parent}.${key}`;
}
