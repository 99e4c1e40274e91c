import { hashedTraceKeyStorageKey, storageKey, type SeenSet } from '../dedupe';
import type { EventHeader, NormalisedEvent } from '../events/types';
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
	// Each emitted key's storage form, made once for the lookup and kept for the add.
	const storedKeys: string[] = [];

	for (const event of events) {
		if (!keep(event.subscription)) {
			counts.filtered += 1;
			continue;
		}
		// The header, trace key and data URI come first (placeholders keep their places; a template reads them as
		// empty), then the provider's fields; the header is assigned again so its names win over a provider field's.
		const { header } = event;
		let withUri = dataUriTemplate !== undefined;
		for (let index = 0; withUri && index < requires.length; index++) {
			const field = requires[index];
			withUri = isPresent(field in header ? header[field as keyof EventHeader] : event.fields[field]);
		}
		// Built as a literal and filled by Object.assign: spreading the fields into an object that already has
		// properties takes V8's slow path, which tripled the garbage of a 10,000-event delivery.
		const json: Record<string, unknown> = { eventType: header.eventType, objectType: header.objectType, objectId: header.objectId, occurredAt: header.occurredAt, traceKey: '' };
		if (withUri) json.dataUri = '';
		copyFields(json, event.fields);
		// The header's four fields one by one: Object.assign here cost more than the rest of the item.
		json.eventType = header.eventType;
		json.objectType = header.objectType;
		json.objectId = header.objectId;
		json.occurredAt = header.occurredAt;
		const traceKey = traceKeyOf(event, json, traceKeyTemplate, nowMs);
		if (dedupe) {
			if (inDelivery.has(traceKey)) {
				counts.duplicates += 1;
				continue;
			}
			// The event's own hashed key needs no check of its form (the normaliser made it); any other is checked.
			const stored = event.defaultTraceKeyHashed === true && traceKey === event.defaultTraceKey ? hashedTraceKeyStorageKey(traceKey) : storageKey(traceKey);
			// A memory read from an earlier version's state may hold the key in the form that version stored: also
			// tried until those entries are gone (at most one window after the upgrade).
			if (seen.hasStored(stored, nowMs) || seen.hasOlderForm(traceKey, nowMs)) {
				counts.duplicates += 1;
				continue;
			}
			inDelivery.add(traceKey);
			storedKeys.push(stored);
		}
		json.traceKey = traceKey;
		if (withUri && dataUriTemplate !== undefined) json.dataUri = dataUriTemplate.render(json, { nowMs });
		// One item per event: the extra fields go straight onto this copy (same keys, order and precedence as
		// spreading them over it), which saves a second copy of every event.
		if (batchSize === 1 && extraFields) Object.assign(json, extraFields);
		traceKeys.push(traceKey);
		emitted.push(json);
	}

	if (storedKeys.length > 0) seen.addAllStored(storedKeys, nowMs);
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

/**
 * Copies the provider's fields onto an item as plain data: a key named `__proto__` becomes an own property, as
 * a spread would make it, instead of going through the prototype setter that assignment calls.
 */
function copyFields(target: Record<string, unknown>, fields: Record<string, unknown>): void {
	// Object.assign is ~3× faster than the loop; `__proto__` is the one own key it would not copy as data.
	if (!Object.hasOwn(fields, '__proto__')) {
		Object.assign(target, fields);
		return;
	}
	for (const key of Object.keys(fields)) {
		if (key === '__proto__') Object.defineProperty(target, key, { value: fields[key], enumerable: true, writable: true, configurable: true });
		else target[key] = fields[key];
	}
}
