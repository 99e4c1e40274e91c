import type { HubSpotSignatureVersion } from './hubspot';

export interface HubSpotVersionPolicy {
	/** Accept only v3 signatures (the node's "Require Signature v3" option). */
	requireV3: boolean;
	/** This node has accepted a valid v3 delivery before (remembered by the caller). */
	v3Seen?: boolean;
}

export const HUBSPOT_POLICY_REASONS = ['v3-required', 'v3-expected'] as const;
export type HubSpotPolicyReason = (typeof HUBSPOT_POLICY_REASONS)[number];

export type HubSpotPolicyResult = { ok: true } | { ok: false; reason: HubSpotPolicyReason };

/**
 * Whether a delivery with a valid signature of `version` is accepted. A v1 signature covers the body only,
 * with no time, so a captured v3 + v1 delivery stripped of its v3 headers would verify for ever.
 * - `requireV3`: only v3 (`v3-required`).
 * - `v3Seen`: the sender of this node's deliveries signs with v3, so a v1-only delivery is such a stripped
 *   replay (`v3-expected`). v2 stays accepted: HubSpot signs workflow actions with v2 only, a v3 + v1 delivery
 *   cannot be turned into a v2 one without the secret (v2 covers method and URL), and a node may receive both.
 */
export function checkHubSpotVersion(version: HubSpotSignatureVersion, policy: HubSpotVersionPolicy): HubSpotPolicyResult {
	if (policy.requireV3 && version !== 'v3') return { ok: false, reason: 'v3-required' };
	if (policy.v3Seen === true && version === 'v1') return { ok: false, reason: 'v3-expected' };
	return { ok: true };
}
