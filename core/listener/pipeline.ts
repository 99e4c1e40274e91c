import type { SeenSet } from '../dedupe';
import type { NormalisedEvent } from '../events/types';
import { ListenerError } from './errors';
import { compileEventFilter } from './eventFilter';
import { traceKeyOf } from './traceKey';
import type { ListenerOptions, ListenerResult } from './types';

/**
 * Filter → trace key → de-duplicate → items, for events that were already verified and normalised.
 * Adds the emitted keys to `seen`; saving `seen` is the caller's job.
 */
export function processEvents(
	events: NormalisedEvent[],
	options: ListenerOptions,
	seen: SeenSet,
	nowMs: number,
): ListenerResult {
	const { batchSize, dedupe, traceKeyTemplate, dataUriTemplate, extraFields } = options;
	const requires = options.dataUriRequires ?? [];
	if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
		throw new ListenerError('INVALID_BATCH_SIZE', `batchSize must be a whole number of at least 1, got ${String(batchSize)}`);
	}
	const keep = compileEventFilter(options.eventFilter);
	const counts = { received: events.length, filtered: 0, duplicates: 0, emitted: 0 };
	const traceKeys: string[] = [];
	const emitted: Array<Record<string, unknown>> = [];
	const inDelivery = new Set<string>();

	for (const event of events) {
		if (!keep(event.subscription)) {
			counts.filtered += 1;
			continue;
		}
		// Header last: the normalised names win over a provider field of the same name.
		const json: Record<string, unknown> = { ...event.fields, ...event.header };
		const traceKey = traceKeyOf(event, json, traceKeyTemplate, nowMs);
		if (dedupe) {
			if (inDelivery.has(traceKey) || seen.has(traceKey, nowMs)) {
				counts.duplicates += 1;
				continue;
			}
			inDelivery.add(traceKey);
		}
		json.traceKey = traceKey;
		if (dataUriTemplate !== undefined && requires.every((field) => isPresent(json[field]))) {
			json.dataUri = dataUriTemplate.render(json, { nowMs });
		}
		// One item per event: the extra fields go straight onto this copy (same keys, order and precedence as
		// spreading them over it), which saves a second copy of every event.
		if (batchSize === 1 && extraFields) Object.assign(json, extraFields);
		traceKeys.push(traceKey);
		emitted.push(json);
	}

	if (dedupe) for (const key of traceKeys) seen.add(key, nowMs);
	counts.emitted = emitted.length;
	return { items: toItems(emitted, batchSize, extraFields), counts, traceKeys };
}

function toItems(
	events: Array<Record<string, unknown>>,
	batchSize: number,
	extraFields: Record<string, unknown> | undefined,
): Array<Record<string, unknown>> {
	if (batchSize === 1) return events;
	const items: Array<Record<string, unknown>> = [];
	for (let start = 0; start < events.length; start += batchSize) {
		const batch = events.slice(start, start + batchSize);
		items.push({ events: batch, count: batch.length, ...extraFields });
	}
	return items;
}

function isPresent(value: unknown): boolean {
	return value !== undefined && value !== null && value !== '';
}
