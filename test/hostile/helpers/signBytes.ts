/**
 * Signs arbitrary body bytes (invalid UTF-8 included) the way HubSpot signs a delivery: v1 and v3 together.
 * helpers/hubspotSigner.ts signs text only; hostile bodies need bytes.
 */
import { createHash, createHmac } from 'node:crypto';

export function signedHeaders(secret: string, url: string, body: Buffer, nowMs = Date.now()): Array<[string, string]> {
	const timestamp = String(nowMs);
	const decodedUrl = url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (escape) =>
		decodeURIComponent(escape),
	);
	return [
		['X-HubSpot-Signature', createHash('sha256').update(secret).update(body).digest('hex')],
		['X-HubSpot-Signature-Version', 'v1'],
		['X-HubSpot-Signature-v3', createHmac('sha256', secret).update(`POST${decodedUrl}`).update(body).update(timestamp).digest('base64')],
		['X-HubSpot-Request-Timestamp', timestamp],
	];
}
