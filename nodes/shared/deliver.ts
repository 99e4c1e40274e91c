import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { SeenSet, type SeenSetState } from '../../core/dedupe';
import type { NormalisedEvent } from '../../core/events/types';
import { buildRejection, buildSuccessResponse, exceedsDepth, processEvents } from '../../core/listener';
import type { ListenerSettings } from './listenerOptions';
import { isJsonMediaType, type RawRequest } from './rawRequest';
import { answer } from './responder';

export type NormaliseOutcome = { ok: true; events: NormalisedEvent[] } | { ok: false; reason: string };

export interface DeliveryInput {
	settings: ListenerSettings;
	request: RawRequest;
	/** Subscription names to keep (`contact.creation`, `change.deal`, `deal.*`); empty keeps all. */
	eventFilter: string[];
	normalise: (body: unknown) => NormaliseOutcome;
	/** Runs on each normalised event before filtering, e.g. to add provider fields templates may use. */
	enrich?: (event: NormalisedEvent) => void;
	/** Copied onto every item, e.g. how the request was authenticated. */
	extraFields: Record<string, unknown>;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

const SEEN_KEY = 'seenTraceKeys';

/**
 * n8n loads static data fresh for each production request and saves it after the execution: two concurrent
 * deliveries each save their own copy, and the last writer wins, forgetting the other's keys. So each n8n
 * process also keeps its latest copy in memory and folds it into what it loads; between loading and storing
 * nothing awaits, so within one process no keys are lost and every saved copy holds both requests' keys.
 */
interface Remembered {
	seen: SeenSet;
	/** What this process last wrote to static data, to recognise it when n8n hands it back unchanged. */
	written: SeenSetState;
	windowMs: number;
	maxEntries: number;
}

const memory = new Map<string, Remembered>();
const MEMORY_LIMIT = 1000;

/** Static data still holds exactly what this process wrote last (n8n reloads it per request as a copy). */
function isWhatWeWrote(stored: unknown, written: SeenSetState): boolean {
	if (!stored || typeof stored !== 'object') return false;
	const state = stored as Partial<SeenSetState>;
	const last = written.keys.length - 1;
	return (
		state.t0 === written.t0 &&
		Array.isArray(state.keys) &&
		Array.isArray(state.dtMs) &&
		state.keys.length === written.keys.length &&
		(last < 0 || (state.keys[last] === written.keys[last] && state.dtMs[last] === written.dtMs[last] && state.keys[0] === written.keys[0]))
	);
}

function memoryKey(ctx: IWebhookFunctions): string {
	return `${ctx.getWorkflow().id ?? ''}\u0000${ctx.getNode().id}\u0000${ctx.getMode()}`;
}

function remember(key: string, entry: Remembered): void {
	memory.delete(key);
	if (memory.size >= MEMORY_LIMIT) {
		const oldest = memory.keys().next().value;
		if (oldest !== undefined) memory.delete(oldest);
	}
	memory.set(key, entry);
}

/** The memory for this request: our own copy when static data is what we wrote, else both folded together. */
function loadSeen(cacheKey: string, stored: unknown, limits: { windowMs: number; maxEntries: number }): SeenSet {
	const cached = memory.get(cacheKey);
	const sameLimits = cached?.windowMs === limits.windowMs && cached?.maxEntries === limits.maxEntries;
	if (cached && sameLimits && isWhatWeWrote(stored, cached.written)) return cached.seen;
	const seen = SeenSet.fromJSON(stored, limits);
	if (cached) seen.merge(cached.seen);
	return seen;
}

/**
 * The part of the webhook flow after authentication: parse → split into events → filter → trace key →
 * drop duplicates → items → answer with the configured response. Only called once the request is trusted.
 */
export function deliver(ctx: IWebhookFunctions, input: DeliveryInput): IWebhookResponseData {
	const { request, settings } = input;
	if (!isJsonMediaType(request.contentType)) return answer(ctx, buildRejection(415, 'unsupported-media-type'));

	let body: unknown;
	try {
		body = JSON.parse(utf8.decode(request.rawBody));
	} catch {
		return answer(ctx, buildRejection(400, 'invalid-json'));
	}
	if (exceedsDepth(body)) return answer(ctx, buildRejection(400, 'too-deep'));
	const normalised = input.normalise(body);
	if (!normalised.ok) return answer(ctx, buildRejection(400, normalised.reason));
	if (input.enrich) normalised.events.forEach(input.enrich);

	const nowMs = Date.now();
	const staticData = ctx.getWorkflowStaticData('node') as IDataObject;
	const limits = { windowMs: settings.dedupeWindowMs, maxEntries: settings.dedupeMaxKeys };
	const cacheKey = memoryKey(ctx);
	const seen = settings.dedupe ? loadSeen(cacheKey, staticData[SEEN_KEY], limits) : SeenSet.create(limits);
	const result = processEvents(
		normalised.events,
		{
			eventFilter: input.eventFilter,
			traceKeyTemplate: settings.traceKeyTemplate,
			dataUriTemplate: settings.dataUriTemplate,
			dataUriRequires: settings.dataUriRequires,
			batchSize: settings.batchSize,
			dedupe: settings.dedupe,
			extraFields: input.extraFields,
		},
		seen,
		nowMs,
	);
	// Static data is saved by n8n after the execution this delivery starts; nothing new to save otherwise.
	if (settings.dedupe && result.items.length > 0) {
		const written = seen.toJSON();
		staticData[SEEN_KEY] = written as unknown as IDataObject;
		remember(cacheKey, { seen, written, ...limits });
	}

	const reply = buildSuccessResponse(settings.response, {
		counts: result.counts,
		traceKeys: result.traceKeys,
		nowMs,
	});
	return answer(
		ctx,
		reply,
		result.items.map((json) => ({ json: json as IDataObject })),
	);
}
