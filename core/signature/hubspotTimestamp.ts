/** Why a v3 timestamp header was refused. */
export const HUBSPOT_TIMESTAMP_REJECT_REASONS = [
	'missing-timestamp',
	'invalid-timestamp',
	'stale-timestamp',
	'future-timestamp',
] as const;
export type HubSpotTimestampRejectReason = (typeof HUBSPOT_TIMESTAMP_REJECT_REASONS)[number];

export type HubSpotTimestampCheck =
	| { ok: true; timestampMs: number; signed: string }
	| { ok: false; reason: HubSpotTimestampRejectReason };

// HubSpot sends epoch milliseconds as plain digits. Anything else (`1700000000000.0`, `1.7e12`, ` 17…`) is
// refused rather than re-formatted: the signature covers the string as sent, so a re-formatted number would
// not match anyway, and a strict parser leaves nothing to interpret. 15 digits stay below 2^53.
const EPOCH_MS = /^[0-9]{1,15}$/;

/**
 * Checks the `X-HubSpot-Request-Timestamp` header against the clock in both directions: HubSpot refuses
 * requests older than five minutes, and a timestamp far in the future would let a captured request be
 * replayed for longer. A difference of exactly `toleranceMs` is accepted, as HubSpot's own SDKs do.
 * On success `signed` is the header string as received: the form that goes into the v3 signature.
 */
export function checkHubSpotTimestamp(header: string | undefined, nowMs: number, toleranceMs: number): HubSpotTimestampCheck {
	if (header === undefined || header === '') return { ok: false, reason: 'missing-timestamp' };
	if (!EPOCH_MS.test(header)) return { ok: false, reason: 'invalid-timestamp' };
	const timestampMs = Number(header);
	if (nowMs - timestampMs > toleranceMs) return { ok: false, reason: 'stale-timestamp' };
	if (timestampMs - nowMs > toleranceMs) return { ok: false, reason: 'future-timestamp' };
	return { ok: true, timestampMs, signed: header };
}
