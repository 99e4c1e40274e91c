import { MAX_TRACE_KEY_LENGTH } from '../events/traceKey';
import type { NormalisedEvent } from '../events/types';
import { truncateText, type CompiledTemplate } from '../template';

export { MAX_TRACE_KEY_LENGTH };

/**
 * The event's trace key: the template's render, cut to `MAX_TRACE_KEY_LENGTH` (never inside a surrogate
 * pair), or the event's default key when there is no template or it renders blank. Blank counts as empty
 * because a key of only spaces or separators would be the same for every event, and de-duplication would
 * then drop all but the first.
 */
export function traceKeyOf(
	event: NormalisedEvent,
	context: Record<string, unknown>,
	template: CompiledTemplate | undefined,
	nowMs: number,
): string {
	if (template === undefined) return event.defaultTraceKey;
	const rendered = truncateText(template.render(context, { nowMs }), MAX_TRACE_KEY_LENGTH);
	return rendered.trim() === '' ? event.defaultTraceKey : rendered;
}
