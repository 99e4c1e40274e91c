import { createHash, createHmac } from 'node:crypto';

import { decodeHubSpotV3Uri } from './hubspotV3Uri';

/*
 * The three HubSpot request signatures, computed over raw bytes: each part is fed to the hash in turn, which
 * equals hashing their concatenation without ever turning the body into a string.
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
 */

/** v1: lower-case hex SHA-256 of secret + body (a plain hash, not an HMAC). */
export function signHubSpotV1(secret: string, rawBody: Buffer): string {
	return createHash('sha256').update(secret, 'utf8').update(rawBody).digest('hex');
}

/** v2: lower-case hex SHA-256 of secret + METHOD + URI + body; the URI is the full URL, used as is. */
export function signHubSpotV2(secret: string, method: string, url: string, rawBody: Buffer): string {
	return createHash('sha256')
		.update(secret, 'utf8')
		.update(method.toUpperCase(), 'utf8')
		.update(url, 'utf8')
		.update(rawBody)
		.digest('hex');
}

/**
 * v3: base64 HMAC-SHA256 keyed with the secret over METHOD + decoded URI + body + timestamp, where the
 * timestamp is the header string exactly as received.
 */
export function signHubSpotV3(secret: string, method: string, url: string, rawBody: Buffer, timestamp: string): string {
	return createHmac('sha256', secret)
		.update(method.toUpperCase(), 'utf8')
		.update(decodeHubSpotV3Uri(url), 'utf8')
		.update(rawBody)
		.update(timestamp, 'utf8')
		.digest('base64');
}
