import type { CompiledTemplate } from '../template';

export interface ListenerOptions {
	/**
	 * Subscriptions to keep; empty keeps all. An entry matches `NormalisedEvent.subscription` exactly, or with
	 * `*` standing for one whole dot-separated part: `contact.*`, `*.deal`, `*` (everything).
	 */
	eventFilter: string[];
	/** Renders the trace key from `{ ...event.fields, ...event.header }`; empty output falls back to the default key. */
	traceKeyTemplate?: CompiledTemplate;
	/** Renders `dataUri` from the same context plus `traceKey`. Without it items carry no `dataUri`. */
	dataUriTemplate?: CompiledTemplate;
	/**
	 * Top-level item fields the data URI needs: an event missing any of them (absent, null or '') gets no
	 * `dataUri` rather than a broken link. Empty: always rendered.
	 */
	dataUriRequires?: readonly string[];
	/** 1 = one item per event; N > 1 = items holding `events` arrays of up to N events. */
	batchSize: number;
	/** Drop events whose trace key is in the seen-set or repeats within the delivery. */
	dedupe: boolean;
	/** Copied onto every item (e.g. how the request was verified). */
	extraFields?: Record<string, unknown>;
}

export interface ListenerCounts {
	/** Events in the delivery. */
	received: number;
	/** Events dropped by the event filter. */
	filtered: number;
	/** Events dropped as already seen (earlier delivery or earlier in this one). */
	duplicates: number;
	/** Events put on items (`received = filtered + duplicates + emitted`). */
	emitted: number;
}

export interface ListenerResult {
	items: Array<Record<string, unknown>>;
	counts: ListenerCounts;
	/** Trace keys of the emitted events, in order. */
	traceKeys: string[];
}
