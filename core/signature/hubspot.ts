import { safeEqual } from './constantTime';
import { SignatureConfigError } from './errors';
import { firstHeader, type RequestHeaders } from './headers';
import { signHubSpotV1, signHubSpotV2, signHubSpotV3 } from './hubspotSign';
import { checkHubSpotTimestamp } from './hubspotTimestamp';

export const HUBSPOT_SIGNATURE_VERSIONS = ['v1', 'v2', 'v3'] as const;
export type HubSpotSignatureVersion = (typeof HUBSPOT_SIGNATURE_VERSIONS)[number];

export const HUBSPOT_REJECT_REASONS = [
	'missing-signature',
	'bad-signature',
	'missing-timestamp',
	'invalid-timestamp',
	'stale-timestamp',
	'future-timestamp',
	'unsupported-version',
	'no-secret',
] as const;
export type HubSpotRejectReason = (typeof HUBSPOT_REJECT_REASONS)[number];

export interface HubSpotVerifyInput {
	method: string;
	/**
	 * The full public URL HubSpot called (scheme, host, path, query in original order), or every URL it may
	 * have called (behind a proxy or tunnel the node cannot always know which): v2 and v3 try each, the way
	 * they try each secret.
	 */
	url: string | readonly string[];
	/** The request body exactly as received. */
	rawBody: Buffer;
	/** Any header-name case; repeated headers as arrays (the first value counts). */
	headers: RequestHeaders;
	/** App client secrets, current first, then previous ones while a rotation is under way. */
	secrets: readonly string[];
	nowMs: number;
	/** Largest accepted distance between the v3 timestamp and `nowMs`, both directions (HubSpot: 300000). */
	toleranceMs: number;
}

export type HubSpotVerifyResult =
	| { ok: true; version: HubSpotSignatureVersion; secretIndex: number }
	| { ok: false; reason: HubSpotRejectReason };

const HEADER_V3 = 'x-hubspot-signature-v3';
const HEADER_TIMESTAMP = 'x-hubspot-request-timestamp';
const HEADER_V1_V2 = 'x-hubspot-signature';
const HEADER_VERSION = 'x-hubspot-signature-version';

/**
 * Verifies a HubSpot request before anything reads its body.
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
 *
 * The algorithm is picked by the headers present, not by `X-HubSpot-Signature-Version`, which has been seen
 * saying `v3` beside a v1 signature: when the v3 header is there, v3 alone decides (an invalid v3 next to a
 * valid v1 is rejected); otherwise the version header chooses between v1 and v2.
 */
export function verifyHubSpotRequest(input: HubSpotVerifyInput): HubSpotVerifyResult {
	assertClock(input.nowMs, input.toleranceMs);
	// An empty secret would make v1 a bare SHA-256 of the body, which anyone can compute.
	if (!input.secrets.some((secret) => secret !== '')) return { ok: false, reason: 'no-secret' };

	const v3Signature = firstHeader(input.headers, HEADER_V3);
	if (v3Signature !== undefined) return verifyV3(input, v3Signature.trim());

	const signature = firstHeader(input.headers, HEADER_V1_V2)?.trim();
	if (!signature) return { ok: false, reason: 'missing-signature' };
	// HubSpot sends hex in lower case; upper-case hex is the same signature.
	const received = signature.toLowerCase();
	const version = firstHeader(input.headers, HEADER_VERSION)?.trim().toLowerCase();
	if (version === 'v1') {
		return verdict('v1', matchingSecret(input.secrets, [''], received, (secret) => signHubSpotV1(secret, input.rawBody)));
	}
	if (version === 'v2') {
		return verdict(
			'v2',
			matchingSecret(input.secrets, urlsOf(input), received, (secret, url) =>
				signHubSpotV2(secret, input.method, url, input.rawBody),
			),
		);
	}
	return { ok: false, reason: 'unsupported-version' };
}

function verifyV3(input: HubSpotVerifyInput, signature: string): HubSpotVerifyResult {
	if (signature === '') return { ok: false, reason: 'missing-signature' };
	const timestamp = checkHubSpotTimestamp(firstHeader(input.headers, HEADER_TIMESTAMP), input.nowMs, input.toleranceMs);
	if (!timestamp.ok) return { ok: false, reason: timestamp.reason };
	return verdict(
		'v3',
		matchingSecret(input.secrets, urlsOf(input), signature, (secret, url) =>
			signHubSpotV3(secret, input.method, url, input.rawBody, timestamp.signed),
		),
	);
}

function urlsOf(input: HubSpotVerifyInput): readonly string[] {
	if (typeof input.url === 'string') return [input.url];
	return input.url.length > 0 ? input.url : [''];
}

/**
 * Index of the first secret whose signature (over any of the URLs) equals `received`, or -1. Every secret and
 * URL is tried and compared in constant time, so the time taken does not depend on which (if any) matched.
 */
function matchingSecret(
	secrets: readonly string[],
	urls: readonly string[],
	received: string,
	sign: (secret: string, url: string) => string,
): number {
	let matched = -1;
	secrets.forEach((secret, index) => {
		if (secret === '') return;
		for (const url of urls) {
			const equal = safeEqual(sign(secret, url), received);
			if (equal && matched === -1) matched = index;
		}
	});
	return matched;
}

function verdict(version: HubSpotSignatureVersion, secretIndex: number): HubSpotVerifyResult {
	return secretIndex >= 0 ? { ok: true, version, secretIndex } : { ok: false, reason: 'bad-signature' };
}

function assertClock(nowMs: number, toleranceMs: number): void {
	if (!Number.isFinite(nowMs)) throw new SignatureConfigError('invalid-clock', 'nowMs must be a finite number');
	if (!Number.isFinite(toleranceMs) || toleranceMs < 0) {
		throw new SignatureConfigError('invalid-tolerance', 'toleranceMs must be a finite number >= 0');
	}
}
