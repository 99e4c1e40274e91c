import { isRecord } from './isRecord';
import { normalisePipedriveV1 } from './pipedriveV1';
import { normalisePipedriveV2 } from './pipedriveV2';
import { rejected, type NormaliseResult } from './result';

/**
 * Turns a Pipedrive webhook delivery (one event per request) into a normalised event. Both webhook
 * versions run side by side, so the shape decides: `meta.version` "2.x" or a `data` key means v2,
 * `v: 1` / `meta.v: 1` or a `current` key means v1.
 */
export interface PipedriveNormaliseOptions {
	/** Put the whole delivery on the event as `raw`, for workflows that need fields we do not map. */
	includeRaw?: boolean;
}

export function normalisePipedriveDelivery(body: unknown, opts: PipedriveNormaliseOptions = {}): NormaliseResult {
	const result = splitPipedriveDelivery(body);
	if (result.ok && opts.includeRaw === true) for (const event of result.events) event.fields.raw = body;
	return result;
}

function splitPipedriveDelivery(body: unknown): NormaliseResult {
	if (!isRecord(body)) return rejected('not-object-or-array', 'the body is not a JSON object');
	const meta = body.meta;
	if (!isRecord(meta)) return rejected('missing-meta', 'the body has no meta object');
	if (typeof meta.version === 'string' && meta.version.startsWith('2')) return normalisePipedriveV2(body, meta);
	if (body.v === 1 || meta.v === 1) return normalisePipedriveV1(body, meta);
	if (Object.hasOwn(body, 'data')) return normalisePipedriveV2(body, meta);
	if (Object.hasOwn(body, 'current')) return normalisePipedriveV1(body, meta);
	return rejected('unknown-shape', 'neither a webhooks v1 nor a v2 delivery');
}
