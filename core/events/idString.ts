/**
 * An id as a string, the form `EventHeader.objectId` promises. Numbers are written without exponent where
 * they are integers; anything that is not a string, number or bigint gives the empty string.
 */
export function idString(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'bigint') return value.toString();
	if (typeof value === 'number' && Number.isFinite(value)) {
		// A safe integer prints the same digits either way, without a BigInt per id; beyond 2^53 (1e21 and up would
		// print with an exponent) BigInt writes every digit.
		if (Number.isSafeInteger(value)) return String(value);
		return Number.isInteger(value) ? BigInt(value).toString() : String(value);
	}
	return '';
}

/** The first argument that gives a non-empty id string. */
export function firstId(...candidates: unknown[]): string {
	for (const candidate of candidates) {
		const id = idString(candidate);
		if (id !== '') return id;
	}
	return '';
}
