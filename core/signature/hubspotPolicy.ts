import type { HubSpotSignatureVersion } from './hubspot';

export interface HubSpotVersionPolicy {
	/** Accept only v3 signatures (the node's "Require Signature v3" option). */
	requireV3: boolean;
}

export type HubSpotPolicyResult = { ok: true } | { ok: false; reason: 'v3-required' };

/**
 * Whether a delivery with a valid signature of `version` is accepted. A v1 signature covers the body only,
 * with no time, so a captured delivery stripped of its v3 headers would verify for ever: requiring v3 closes
 * that replay.
 */
export function checkHubSpotVersion(version: HubSpotSignatureVersion, policy: HubSpotVersionPolicy): HubSpotPolicyResult {
	return policy.requireV3 && version !== 'v3' ? { ok: false, reason: 'v3-required' } : { ok: true };
}
