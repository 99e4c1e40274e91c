// Signs a delivery the way HubSpot does for app webhooks: v1 (plain SHA-256 of secret + body) and v3
// (HMAC-SHA256 over method + URI + body + timestamp). https://developers.hubspot.com/docs/api/webhooks/validating-requests
import { createHash, createHmac } from 'node:crypto';

// The receiver decodes exactly these escapes before hashing the URI, so the signer hashes the decoded form.
const DECODED_ESCAPES: Record<string, string> = {
	'%3A': ':',
	'%2F': '/',
	'%3F': '?',
	'%40': '@',
	'%21': '!',
	'%24': '$',
	'%27': "'",
	'%28': '(',
	'%29': ')',
	'%2A': '*',
	'%2C': ',',
	'%3B': ';',
};

export function signV1(clientSecret: string, body: string): string {
	return createHash('sha256').update(clientSecret + body, 'utf8').digest('hex');
}

export function signV3(clientSecret: string, method: string, uri: string, body: string, timestamp: string): string {
	const decodedUri = uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (escape) => DECODED_ESCAPES[escape.toUpperCase()]);
	return createHmac('sha256', clientSecret).update(method + decodedUri + body + timestamp, 'utf8').digest('base64');
}

export function signatureHeaders(
	clientSecret: string,
	targetUrl: string,
	body: string,
	timestampMs: number,
	versions: ReadonlyArray<'v1' | 'v3'>,
): Record<string, string> {
	const headers: Record<string, string> = {};
	if (versions.includes('v1')) {
		headers['X-HubSpot-Signature'] = signV1(clientSecret, body);
		headers['X-HubSpot-Signature-Version'] = 'v1';
	}
	if (versions.includes('v3')) {
		const timestamp = String(timestampMs);
		headers['X-HubSpot-Signature-v3'] = signV3(clientSecret, 'POST', targetUrl, body, timestamp);
		headers['X-HubSpot-Request-Timestamp'] = timestamp;
	}
	return headers;
}
