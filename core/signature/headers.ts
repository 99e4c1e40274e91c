/** Request headers as Node and n8n hand them over: any name case, repeated headers as arrays. */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * The value of header `name` (matched case-insensitively, HubSpot spells `-v3` and `-V3`), or undefined.
 * A repeated header yields its first value.
 */
export function firstHeader(headers: RequestHeaders, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted || value === undefined) continue;
		if (typeof value === 'string') return value;
		if (value.length > 0) return value[0];
	}
	return undefined;
}
