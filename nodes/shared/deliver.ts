import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { SeenSet, SeenSetMemory } from '../../core/dedupe';
import type { NormalisedEvent } from '../../core/events/types';
import { buildSuccessResponse, processEvents } from '../../core/listener';
import type { ListenerSettings } from './listenerOptions';
import { answer } from './responder';

export interface DeliveryInput {
	settings: ListenerSettings;
	/** The verified delivery's events, normalised. */
	events: NormalisedEvent[];
	/** Subscription names to keep (`contact.creation`, `change.deal`, `deal.*`); empty keeps all. */
	eventFilter: string[];
	/** Copied onto every item, e.g. how the request was authenticated. */
	extraFields: Record<string, unknown>;
	/** The request's clock, taken once. */
	nowMs: number;
}

const SEEN_KEY = 'seenTraceKeys';

/** This process's copies of each node's duplicate memory, in front of static data. */
const memory = new SeenSetMemory();

function memoryKey(ctx: IWebhookFunctions): string {
	return `${ctx.getWorkflow().id ?? ''}\u0000${ctx.getNode().id}\u0000${ctx.getMode()}`;
}

/**
 * The part of the webhook flow after parsing: filter → trace key → drop duplicates → items → answer with the
 * configured response. Static data is read and written here, around the pure pipeline, with no await between.
 */
export function deliver(ctx: IWebhookFunctions, input: DeliveryInput): IWebhookResponseData {
	const { settings, nowMs } = input;
	const staticData = ctx.getWorkflowStaticData('node') as IDataObject;
	const limits = { windowMs: settings.dedupeWindowMs, maxEntries: settings.dedupeMaxKeys };
	const key = memoryKey(ctx);
	const stored: unknown = staticData[SEEN_KEY];
	const seen = settings.dedupe ? memory.load(key, stored, limits) : SeenSet.create(limits);
	const result = processEvents(
		input.events,
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
	// Static data is saved by n8n after the execution this delivery starts; nothing new to save otherwise. With
	// a save interval, a change within it stays in this process's copy (n8n then writes no static data).
	if (settings.dedupe && result.items.length > 0) {
		if (memory.saveDue(key, nowMs, settings.dedupeSaveIntervalMs)) {
			staticData[SEEN_KEY] = memory.saveCompact(key, seen, limits, nowMs) as unknown as IDataObject;
		} else {
			memory.keep(key, seen, limits, stored);
		}
	}
	const reply = buildSuccessResponse(settings.response, { counts: result.counts, traceKeys: result.traceKeys, nowMs });
	return answer(
		ctx,
		reply,
		result.items.map((json) => ({ json: json as IDataObject })),
	);
}
