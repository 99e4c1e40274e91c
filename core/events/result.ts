import type { NormalisedEvent } from './types';

/** Why a delivery could not be split into events; the webhook node answers 400 for all of them. */
export const NORMALISE_REJECT_REASONS = [
	/** The body is neither a JSON object nor an array. */
	'not-object-or-array',
	/** An element of a HubSpot event array is not an object. */
	'event-not-object',
	/** An element of a HubSpot event array has no `subscriptionType`. */
	'event-without-subscription-type',
	/** A Pipedrive delivery without a `meta` object. */
	'missing-meta',
	/** A Pipedrive delivery that is neither webhooks v1 nor v2, or lacks the action or object. */
	'unknown-shape',
] as const;
export type NormaliseRejectReason = (typeof NORMALISE_REJECT_REASONS)[number];

export type NormaliseResult =
	| { ok: true; events: NormalisedEvent[] }
	/** `detail` says where, for the response body and logs; it never quotes the payload. */
	| { ok: false; reason: NormaliseRejectReason; detail: string };

export function rejected(reason: NormaliseRejectReason, detail: string): NormaliseResult {
	return { ok: false, reason, detail };
}
