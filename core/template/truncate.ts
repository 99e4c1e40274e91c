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
