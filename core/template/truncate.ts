/**
 * Cut a string to at most `maxLength` UTF-16 code units without leaving half of a surrogate pair at the end
 * (a lone surrogate is not valid UTF-8 and would be mangled when the key is stored or sent).
 */
export function truncateText(text: string, maxLength: number): string {
	if (text.length <= maxLength) return text;
	let end = maxLength;
	const last = text.charCodeAt(end - 1);
	if (last >= 0xd800 && last <= 0xdbff) end -= 1;
	return text.slice(0, end);
}

/** Ends a value that reached its output budget, so a cut value never passes for a whole one. */
export const TRUNCATION_MARKER = '…[truncated]';

/**
 * `text` when it fits `budget`, otherwise its start cut the way `truncateText` cuts (never inside a surrogate
 * pair) followed by `TRUNCATION_MARKER`, `budget` code units at most in all.
 */
export function fitToBudget(text: string, budget: number): string {
	if (text.length <= budget) return text;
	return truncateText(text, budget - TRUNCATION_MARKER.length) + TRUNCATION_MARKER;
}

/**
 * `out + piece`, but never longer than `budget + 1`: one code unit over tells the caller the budget was
 * reached, and `fitToBudget` then cuts and marks. Lets a loop stop building as soon as it is full.
 */
export function appendWithin(out: string, piece: string, budget: number): string {
	const room = budget + 1 - out.length;
	if (room <= 0) return out;
	return piece.length <= room ? out + piece : out + piece.slice(0, room);
}
