/**
 * An independent implementation of HubSpot's request signatures with crypto-js, used by the tests to check
 * `core/signature` without reusing any of its code (or node:crypto).
 */
import CryptoJS from 'crypto-js';

type WordArray = CryptoJS.lib.WordArray;

const DECODED: ReadonlyArray<[string, string]> = [
	['3A', ':'],
	['2F', '/'],
	['3F', '?'],
	['40', '@'],
	['21', '!'],
	['24', '$'],
	['27', "'"],
	['28', '('],
	['29', ')'],
	['2A', '*'],
	['2C', ','],
	['3B', ';'],
];

/** Replaces each escape in turn; safe because no decoded character is `%` or a hex digit. */
export function oracleDecodeV3Uri(uri: string): string {
	let out = uri;
	for (const [hex, char] of DECODED) {
		out = out.split(`%${hex}`).join(char).split(`%${hex.toLowerCase()}`).join(char);
	}
	return out;
}

function bytes(value: Buffer): WordArray {
	return CryptoJS.enc.Hex.parse(value.toString('hex'));
}

function utf8(value: string): WordArray {
	return CryptoJS.enc.Utf8.parse(value);
}

function concat(...parts: WordArray[]): WordArray {
	const out = CryptoJS.lib.WordArray.create();
	for (const part of parts) out.concat(part);
	return out;
}

export function oracleV1(secret: string, body: Buffer): string {
	return CryptoJS.SHA256(concat(utf8(secret), bytes(body))).toString(CryptoJS.enc.Hex);
}

export function oracleV2(secret: string, method: string, url: string, body: Buffer): string {
	return CryptoJS.SHA256(concat(utf8(secret), utf8(method.toUpperCase()), utf8(url), bytes(body))).toString(
		CryptoJS.enc.Hex,
	);
}

export function oracleV3(secret: string, method: string, url: string, body: Buffer, timestamp: string): string {
	const message = concat(utf8(method.toUpperCase()), utf8(oracleDecodeV3Uri(url)), bytes(body), utf8(timestamp));
	return CryptoJS.HmacSHA256(message, utf8(secret)).toString(CryptoJS.enc.Base64);
}

export interface SignedRequestSpec {
	version: 'v1' | 'v2' | 'v3';
	secret: string;
	method: string;
	url: string;
	body: Buffer;
	timestamp?: string;
}

/** The headers HubSpot would send for this request, signed by the oracle. */
export function oracleHeaders(spec: SignedRequestSpec): Record<string, string> {
	if (spec.version === 'v3') {
		const timestamp = spec.timestamp ?? '';
		return {
			'x-hubspot-signature-v3': oracleV3(spec.secret, spec.method, spec.url, spec.body, timestamp),
			'x-hubspot-request-timestamp': timestamp,
		};
	}
	const signature =
		spec.version === 'v1' ? oracleV1(spec.secret, spec.body) : oracleV2(spec.secret, spec.method, spec.url, spec.body);
	return { 'x-hubspot-signature': signature, 'x-hubspot-signature-version': spec.version };
}
