/**
 * The text of an HTML (or plain) error page, for a provider message. An error body is untrusted and may be
 * huge or built to be slow: only its first `MAX_TEXT_BODY_CHARS` are read, and every pass moves forward only,
 * so the work is linear in what is read. (The regular expressions this replaces scanned to the end of the text
 * from every `<` that had no `>` after it, and from every `<script` without a closing tag: quadratic.)
 */

/** How much of a text body is read for a message (the message itself keeps far less). */
export const MAX_TEXT_BODY_CHARS = 65_536;

/** Counts the characters each pass examines, so tests can check the work is linear without timing it. */
export interface ScanMeter {
	reads: number;
}

export function plainText(text: string, meter: ScanMeter = { reads: 0 }): string {
	const bounded = text.length > MAX_TEXT_BODY_CHARS ? text.slice(0, MAX_TEXT_BODY_CHARS) : text;
	const stripped = stripTags(stripBlocks(bounded, meter), meter);
	meter.reads += stripped.length;
	return stripped.replace(/\s+/g, ' ').trim();
}

const BLOCK_OPEN = /<(script|style)\b/gi;
const BLOCK_CLOSE = { script: /<\/script\s*>/gi, style: /<\/style\s*>/gi } as const;
type Block = keyof typeof BLOCK_CLOSE;

/** `<script …>…</script>` and `<style …>…</style>` become a space; an unclosed opener stays (a tag pass follows). */
function stripBlocks(text: string, meter: ScanMeter): string {
	const parts: string[] = [];
	// Once no closer follows some position, none follows any later one: never search for that kind again.
	const unclosed = new Set<Block>();
	let kept = 0;
	BLOCK_OPEN.lastIndex = 0;
	for (;;) {
		const from = BLOCK_OPEN.lastIndex;
		const open = BLOCK_OPEN.exec(text);
		meter.reads += (open === null ? text.length : BLOCK_OPEN.lastIndex) - from;
		if (open === null) break;
		const kind = open[1].toLowerCase() as Block;
		if (unclosed.has(kind)) continue;
		const close = BLOCK_CLOSE[kind];
		close.lastIndex = BLOCK_OPEN.lastIndex;
		const end = close.exec(text);
		meter.reads += (end === null ? text.length : close.lastIndex) - BLOCK_OPEN.lastIndex;
		if (end === null) {
			unclosed.add(kind);
			continue;
		}
		parts.push(text.slice(kept, open.index), ' ');
		kept = close.lastIndex;
		BLOCK_OPEN.lastIndex = kept;
	}
	parts.push(text.slice(kept));
	return parts.join('');
}

/** Every `<…>` becomes a space, as `/<[^>]*>/g` would: a `<` with no `>` after it is text. */
function stripTags(text: string, meter: ScanMeter): string {
	const lastClose = text.lastIndexOf('>');
	meter.reads += text.length - Math.max(lastClose, 0);
	const parts: string[] = [];
	let kept = 0;
	for (;;) {
		const open = text.indexOf('<', kept);
		if (open === -1 || open > lastClose) {
			meter.reads += text.length - kept;
			break;
		}
		const close = text.indexOf('>', open);
		meter.reads += close + 1 - kept;
		parts.push(text.slice(kept, open), ' ');
		kept = close + 1;
	}
	parts.push(text.slice(kept));
	return parts.join('');
}
