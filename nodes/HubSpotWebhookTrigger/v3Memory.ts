import type { IWebhookFunctions } from 'n8n-workflow';

import { BoundedCache } from '../../core/cache';

/** Static-data key: true once this node accepted a valid v3 delivery. One flag, written once. */
const V3_SEEN_KEY = 'hubspotV3Seen';

/**
 * The same fact per process: n8n saves a request's whole static data after it, so a concurrent request that
 * loaded the static data before the flag was written can save it without the flag; this copy keeps it.
 */
const seenInProcess = new BoundedCache<string, true>(10_000);

function processKey(ctx: IWebhookFunctions): string {
	return `${ctx.getWorkflow().id ?? ''}\u0000${ctx.getNode().id}`;
}

/** Whether this node has accepted a valid v3 delivery before (see checkHubSpotVersion). */
export function hasSeenV3(ctx: IWebhookFunctions): boolean {
	return ctx.getWorkflowStaticData('node')[V3_SEEN_KEY] === true || seenInProcess.get(processKey(ctx)) === true;
}

/** Remembers a valid v3 delivery: from now on, a v1-only delivery to this node is refused. */
export function rememberV3(ctx: IWebhookFunctions): void {
	const staticData = ctx.getWorkflowStaticData('node');
	// Written only when missing: n8n saves static data that changed, and an unchanged flag costs nothing.
	if (staticData[V3_SEEN_KEY] !== true) staticData[V3_SEEN_KEY] = true;
	seenInProcess.set(processKey(ctx), true);
}
