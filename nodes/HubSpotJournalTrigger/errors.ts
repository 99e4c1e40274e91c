/** Journal failures → n8n errors that say what happened and what the user can do. */
import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';

import { JournalFileError, JournalGapError, JournalRequestError, OutOfTime } from '../../core/journal';
import { maskSecrets } from '../shared/secrets';

const iso = (ms: number) => (ms > 0 ? new Date(ms).toISOString() : 'an unknown time');

export function gapDescription(offset: string, committedAtMs: number): string {
	return (
		`HubSpot keeps journal entries for three days. The trigger last read entry ${offset} at ${iso(committedAtMs)}; ` +
		'events from then until the oldest entry HubSpot still has may be missing (usually because the workflow was inactive or failing for days). ' +
		'To continue, set Options → On Expired Offset to "Restart at Earliest Retained Entry": the trigger resumes with the oldest kept entry and ' +
		'marks its first item with the gap. Events inside the gap are not recovered; the Event Poller Trigger with "Start From" can fill it from the CRM.'
	);
}

export function toNodeError(node: INode, error: unknown, secrets: readonly string[]): Error {
	if (error instanceof JournalGapError) {
		return new NodeOperationError(node, `The stored journal position is older than HubSpot keeps (offset ${error.offset})`, {
			description: gapDescription(error.offset, error.committedAtMs),
		});
	}
	if (error instanceof JournalRequestError) {
		const message = maskSecrets(error.providerMessage, secrets);
		return new NodeApiError(node, { message, statusCode: error.status } as JsonObject, {
			message: `HubSpot refused to ${error.what} (HTTP ${error.status})`,
			description: message || undefined,
			httpCode: String(error.status),
		});
	}
	if (error instanceof JournalFileError) {
		return new NodeOperationError(node, maskSecrets(error.message, secrets), {
			description: 'The position is not moved past this entry: the next poll tries it again.',
		});
	}
	if (error instanceof OutOfTime) {
		return new NodeApiError(node, { message: 'rate limited or unavailable' } as JsonObject, {
			message: `HubSpot kept answering HTTP ${error.lastStatus} for longer than this poll may run`,
			description: 'Nothing was lost: the next poll continues from the stored position.',
		});
	}
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, maskSecrets(error instanceof Error ? error.message : String(error), secrets));
}
