/**
 * Signs HubSpot deliveries the way HubSpot does, with crypto-js: an implementation independent of the
 * node:crypto code under test.
 */
import CryptoJS from 'crypto-js';

export const V3_DECODED: Record<string, string> = {
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

/** The URL as v3 signs it: HubSpot's partial percent-decoding. */
function decodeV3Uri(url: string): string {
	return url.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => V3_DECODED[m.toUpperCase()]);
}

function utf8(text: string) {
	return CryptoJS.enc.Utf8.parse(text);
}

export function signV1(secret: string, body: string): string {
	return CryptoJS.SHA256(utf8(secret + body)).toString(CryptoJS.enc.Hex);
}

export function signV2(secret: string, method: string, url: string, body: string): string {
	return CryptoJS.SHA256(utf8(secret + method.toUpperCase() + url + body)).toString(CryptoJS.enc.Hex);
}

export function signV3(secret: string, method: string, url: string, body: string, timestamp: string): string {
	const decoded = decodeV3Uri(url);
	return CryptoJS.HmacSHA256(utf8(method.toUpperCase() + decoded + body + timestamp), utf8(secret)).toString(
		CryptoJS.enc.Base64,
	);
}

/** The headers of an app delivery: v1 and v3 together, as HubSpot sends them to OAuth apps. */
export function appDeliveryHeaders(secret: string, url: string, body: string, nowMs = Date.now()): Record<string, string> {
	const timestamp = String(nowMs);
	return {
		'X-HubSpot-Signature': signV1(secret, body),
		'X-HubSpot-Signature-Version': 'v1',
		'X-HubSpot-Signature-v3': signV3(secret, 'POST', url, body, timestamp),
		'X-HubSpot-Request-Timestamp': timestamp,
	};
}

export function workflowDeliveryHeaders(secret: string, url: string, body: string): Record<string, string> {
	return { 'X-HubSpot-Signature': signV2(secret, 'POST', url, body), 'X-HubSpot-Signature-Version': 'v2' };
}

/** `appDeliveryHeaders` over a body's bytes as they are (for bodies that are not UTF-8 text). */
export function appDeliveryHeadersForBytes(secret: string, url: string, bytes: Uint8Array, nowMs = Date.now()): Record<string, string> {
	const timestamp = String(nowMs);
	const body = CryptoJS.enc.Latin1.parse(Buffer.from(bytes).toString('latin1'));
	const decoded = decodeV3Uri(url);
	return {
		'X-HubSpot-Signature': CryptoJS.SHA256(utf8(secret).concat(body)).toString(CryptoJS.enc.Hex),
		'X-HubSpot-Signature-Version': 'v1',
		'X-HubSpot-Signature-v3': CryptoJS.HmacSHA256(utf8(`POST${decoded}`).concat(body).concat(utf8(timestamp)), utf8(secret)).toString(CryptoJS.enc.Base64),
		'X-HubSpot-Request-Timestamp': timestamp,
	};
}
