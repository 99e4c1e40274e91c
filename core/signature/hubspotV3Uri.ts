/**
 * HubSpot decodes a fixed set of percent-escapes in the request URI before it signs a v3 request, and leaves
 * every other escape (`%20`, `%26`, `%3D`, …) as it is. We must rebuild the exact same string.
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation#validate-the-v3-request-signature
 */
const DECODED_BY_HUBSPOT: Readonly<Record<string, string>> = {
	'3A': ':',
	'2F': '/',
	'3F': '?',
	'40': '@',
	'21': '!',
	'24': '$',
	'27': "'",
	'28': '(',
	'29': ')',
	'2A': '*',
	'2C': ',',
	'3B': ';',
};

// One left-to-right pass: a decoded character is never re-read, so `%253A` stays `%253A`.
const ESCAPE = /%([0-9A-Fa-f]{2})/g;

/** Returns `uri` with only the escapes HubSpot decodes for v3 replaced by their characters (either hex case). */
export function decodeHubSpotV3Uri(uri: string): string {
	return uri.replace(ESCAPE, (escape: string, hex: string) => DECODED_BY_HUBSPOT[hex.toUpperCase()] ?? escape);
}
