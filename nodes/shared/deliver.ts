import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { SeenSet } from '../../core/dedupe';
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
const memory = new Map<string, SeenSet>();
const MEMORY_LIMIT = 1000;

function memoryKey(ctx: IWebhookFunctions): string {
	return `${ctx.getWorkflow().id ?? ''}\u0000${ctx.getNode().id}\u0000${ctx.getMode()}`;
}

function remember(key: string, seen: SeenSet): void {
	memory.delete(key);
	if (memory.size >= MEMORY_LIMIT) {
		const oldest = memory.keys().next().value;
		if (oldest !== undefined) memory.delete(oldest);
	}
	memory.set(key, seen);
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
	const seen = SeenSet.fromJSON(settings.dedupe ? staticData[SEEN_KEY] : undefined, {
		windowMs: settings.dedupeWindowMs,
		maxEntries: settings.dedupeMaxKeys,
	});
	const cacheKey = memoryKey(ctx);
	const cached = settings.dedupe ? memory.get(cacheKey) : undefined;
	if (cached) seen.merge(cached);
	const result = processEvents(
		normalised.events,
		{
			eventFilter: input.eventFilter,
			traceKeyTemplate: settings.traceKeyTemplate,
			dataUriTemplate: settings.dataUriTemplate,
			batchSize: settings.batchSize,
			dedupe: settings.dedupe,
			extraFields: input.extraFields,
		},
		seen,
		nowMs,
	);
	// Static data is saved by n8n after the execution this delivery starts; nothing new to save otherwise.
	if (settings.dedupe && result.items.length > 0) {
		staticData[SEEN_KEY] = seen.toJSON() as unknown as IDataObject;
		remember(cacheKey, seen);
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
