/**
 * Signed HubSpot deliveries as they travel (method, URL, ordered headers, body bytes), the mutations the
 * fuzzer applies to them, and the oracle that says whether a mutated request may still pass verification.
 *
 * The oracle is written from HubSpot's rules, not from our verifier: a request may pass only if the signature
 * the design picks (v3 when its header is present, else v1/v2 by the version header) is the original one and
 * every byte that signature covers is unchanged as the node receives it:
 * v1 the body; v2 method + URL + body; v3 method + decoded URL + body + timestamp string.
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation
 */
import { gzipSync } from 'node:zlib';

import { signV1, signV2, signV3 } from '../../helpers/hubspotSigner';
import type { Prng } from './prng';

export const SIGNATURE_SCHEMES = ['v1+v3', 'v1', 'v2', 'v3'] as const;
export type SignatureScheme = (typeof SIGNATURE_SCHEMES)[number];
export type SignatureVersion = 'v1' | 'v2' | 'v3';

export type HeaderList = Array<[string, string]>;

export interface HubSpotWire {
	method: string;
	/** The full URL: the signed one, or what a mutation made of it. */
	url: string;
	headers: HeaderList;
	body: Buffer;
	/** HTTP only: send without Content-Length / gzip-compressed. */
	chunked: boolean;
	gzip: boolean;
}

export interface SignedBase {
	name: string;
	scheme: SignatureScheme;
	wire: HubSpotWire;
}

export const H_V1 = 'X-HubSpot-Signature';
export const H_VERSION = 'X-HubSpot-Signature-Version';
export const H_V3 = 'X-HubSpot-Signature-v3';
export const H_TIMESTAMP = 'X-HubSpot-Request-Timestamp';
const SIGNATURE_HEADERS = [H_V1, H_VERSION, H_V3, H_TIMESTAMP];

export function signedWire(scheme: SignatureScheme, secret: string, url: string, body: string, timestampMs: number): HubSpotWire {
	const headers: HeaderList = [['Content-Type', 'application/json']];
	if (scheme === 'v1' || scheme === 'v1+v3') headers.push([H_V1, signV1(secret, body)], [H_VERSION, 'v1']);
	if (scheme === 'v2') headers.push([H_V1, signV2(secret, 'POST', url, body)], [H_VERSION, 'v2']);
	if (scheme === 'v3' || scheme === 'v1+v3') {
		const timestamp = String(timestampMs);
		headers.push([H_V3, signV3(secret, 'POST', url, body, timestamp)], [H_TIMESTAMP, timestamp]);
	}
	return { method: 'POST', url, headers, body: Buffer.from(body, 'utf8'), chunked: false, gzip: false };
}

export function cloneWire(wire: HubSpotWire): HubSpotWire {
	return { ...wire, headers: wire.headers.map(([name, value]) => [name, value]), body: Buffer.from(wire.body) };
}

// ---------- the request as the verifier sees it ----------

export type HeaderRecord = Record<string, string | string[] | undefined>;

/** What the node hands to verification: one or more URLs it may have been sent to. */
export interface SeenRequest {
	method: string;
	urls: string[];
	headers: HeaderRecord;
	body: Buffer;
}

/** Headers as a plain record: same-name repeats become arrays, other spellings stay separate keys. */
export function headerRecord(headers: HeaderList): HeaderRecord {
	const record: HeaderRecord = {};
	for (const [name, value] of headers) {
		const existing = record[name];
		if (existing === undefined) record[name] = value;
		else record[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	return record;
}

/** The first value of a header in any case, as HubSpot's rules ask; an array gives its first element. */
export function headerValue(headers: HeaderRecord, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== wanted || value === undefined) continue;
		if (typeof value === 'string') return value;
		if (value.length > 0) return value[0];
	}
	return undefined;
}

const V3_DECODED: Record<string, string> = {
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

export function decodeV3Url(url: string): string {
	return url.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => V3_DECODED[hex.toUpperCase()] ?? escape);
}

/** The version the design lets decide: v3 whenever its header is there, else the version header. */
export function decidingVersion(headers: HeaderRecord): SignatureVersion | undefined {
	if (headerValue(headers, H_V3) !== undefined) return 'v3';
	if (headerValue(headers, H_V1) === undefined) return undefined;
	const version = headerValue(headers, H_VERSION)?.trim().toLowerCase();
	return version === 'v1' || version === 'v2' ? version : undefined;
}

function schemeVersions(scheme: SignatureScheme): SignatureVersion[] {
	return scheme === 'v1+v3' ? ['v1', 'v3'] : [scheme];
}

function normalisedSignature(version: SignatureVersion, headers: HeaderRecord): string | undefined {
	const raw = headerValue(headers, version === 'v3' ? H_V3 : H_V1)?.trim();
	return version === 'v3' ? raw : raw?.toLowerCase();
}

export interface Verdict {
	mayPass: boolean;
	version: SignatureVersion | undefined;
}

/** May `seen` pass verification, given that `original` is the delivery HubSpot signed? */
export function oracle(original: SignedBase, seen: SeenRequest): Verdict {
	const version = decidingVersion(seen.headers);
	if (version === undefined || !schemeVersions(original.scheme).includes(version)) return { mayPass: false, version };
	const signed = original.wire;
	const signedHeaders = headerRecord(signed.headers);
	const sameSignature = normalisedSignature(version, seen.headers) === normalisedSignature(version, signedHeaders);
	const sameBody = seen.body.equals(signed.body);
	const sameMethod = seen.method.toUpperCase() === signed.method.toUpperCase();
	let sameContent = sameBody;
	if (version === 'v2') sameContent = sameBody && sameMethod && seen.urls.includes(signed.url);
	if (version === 'v3') {
		const signedUrl = decodeV3Url(signed.url);
		sameContent =
			sameBody &&
			sameMethod &&
			seen.urls.some((url) => decodeV3Url(url) === signedUrl) &&
			headerValue(seen.headers, H_TIMESTAMP) === headerValue(signedHeaders, H_TIMESTAMP);
	}
	return { mayPass: sameSignature && sameContent, version };
}

// ---------- mutations ----------

export interface MutationContext {
	/** Another delivery signed with the same secret, for splicing signatures and bodies. */
	other: HubSpotWire;
	/** Whether the mutation will travel over HTTP (some byte-level tricks cannot). */
	http: boolean;
}

export interface Mutation {
	name: string;
	/** Leaves every signed byte and the signature intact: the request must still be accepted. */
	benign?: boolean;
	/** Not representable over HTTP/1.1 with Node's client (or rejected by Node's parser before any node runs). */
	coreOnly?: boolean;
	httpOnly?: boolean;
	/** Changes the wire; false when it does not apply to this request (another mutation is drawn). */
	apply(wire: HubSpotWire, rng: Prng, ctx: MutationContext): boolean;
}

function findHeader(wire: HubSpotWire, name: string): number {
	return wire.headers.findIndex(([key]) => key.toLowerCase() === name.toLowerCase());
}

function pickSignatureHeader(wire: HubSpotWire, rng: Prng): number {
	const present = wire.headers
		.map(([name], index) => ({ name, index }))
		.filter(({ name }) => SIGNATURE_HEADERS.some((header) => header.toLowerCase() === name.toLowerCase()));
	return present.length === 0 ? -1 : rng.pick(present).index;
}

function setBody(wire: HubSpotWire, body: Buffer): boolean {
	if (body.equals(wire.body)) return false;
	wire.body = body;
	return true;
}

function mapJson(wire: HubSpotWire, change: (value: unknown) => unknown): boolean {
	let parsed: unknown;
	try {
		parsed = JSON.parse(wire.body.toString('utf8'));
	} catch {
		return false;
	}
	const changed = change(parsed);
	return changed === undefined ? false : setBody(wire, Buffer.from(JSON.stringify(changed), 'utf8'));
}

function randomCase(text: string, rng: Prng): string {
	let out = '';
	for (const char of text) out += rng.chance(0.5) ? char.toUpperCase() : char.toLowerCase();
	return out;
}

/** `scheme://authority` and the rest (path, query, fragment) of a URL kept as a string. */
export function splitUrl(url: string): { origin: string; rest: string } {
	const match = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(.*)$/i.exec(url);
	return match ? { origin: match[1], rest: match[2] || '/' } : { origin: '', rest: url };
}

function mutateUrl(wire: HubSpotWire, change: (url: string) => string): boolean {
	const next = change(wire.url);
	if (next === wire.url) return false;
	wire.url = next;
	return true;
}

const V3_ENCODABLE = [':', '/', '?', '@', '!', '$', "'", '(', ')', '*', ',', ';'];

export const MUTATIONS: readonly Mutation[] = [
	// --- body bytes ---
	{
		name: 'body.flip-bit',
		apply: (w, rng) => {
			if (w.body.length === 0) return false;
			const body = Buffer.from(w.body);
			const at = rng.int(0, body.length - 1);
			body[at] ^= 1 << rng.int(0, 7);
			return setBody(w, body);
		},
	},
	{
		name: 'body.insert-byte',
		apply: (w, rng) => {
			const at = rng.int(0, w.body.length);
			return setBody(w, Buffer.concat([w.body.subarray(0, at), Buffer.from([rng.int(0, 255)]), w.body.subarray(at)]));
		},
	},
	{
		name: 'body.delete-bytes',
		apply: (w, rng) => {
			if (w.body.length === 0) return false;
			const at = rng.int(0, w.body.length - 1);
			return setBody(w, Buffer.concat([w.body.subarray(0, at), w.body.subarray(at + rng.int(1, 4))]));
		},
	},
	{
		name: 'body.replace-byte',
		apply: (w, rng) => {
			if (w.body.length === 0) return false;
			const body = Buffer.from(w.body);
			body[rng.int(0, body.length - 1)] = rng.int(0, 255);
			return setBody(w, body);
		},
	},
	{ name: 'body.truncate', apply: (w, rng) => w.body.length > 0 && setBody(w, w.body.subarray(0, rng.int(0, w.body.length - 1))) },
	{ name: 'body.append-whitespace', apply: (w, rng) => setBody(w, Buffer.concat([w.body, Buffer.from(rng.pick([' ', '\n', '\r\n', '\t']))])) },
	{ name: 'body.prepend-whitespace', apply: (w, rng) => setBody(w, Buffer.concat([Buffer.from(rng.pick([' ', '\n'])), w.body])) },
	{ name: 'body.prepend-bom', apply: (w) => setBody(w, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), w.body])) },
	{ name: 'body.reserialise', apply: (w) => mapJson(w, (value) => value) || true },
	{
		name: 'body.pretty-print',
		apply: (w) => {
			try {
				return setBody(w, Buffer.from(JSON.stringify(JSON.parse(w.body.toString('utf8')), null, 2), 'utf8'));
			} catch {
				return false;
			}
		},
	},
	{
		name: 'encoding.escape-non-ascii',
		apply: (w) =>
			setBody(
				w,
				Buffer.from(
					w.body.toString('utf8').replace(/[^\x00-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`),
					'utf8',
				),
			),
	},
	{ name: 'encoding.escape-ascii-letter', apply: (w) => setBody(w, Buffer.from(w.body.toString('utf8').replace('"a', '"\\u0061'), 'utf8')) },
	{ name: 'encoding.nfd', apply: (w) => setBody(w, Buffer.from(w.body.toString('utf8').normalize('NFD'), 'utf8')) },
	{ name: 'encoding.latin1', apply: (w) => setBody(w, Buffer.from(w.body.toString('utf8'), 'latin1')) },
	{ name: 'encoding.utf16le', apply: (w) => setBody(w, Buffer.from(w.body.toString('utf8'), 'utf16le')) },
	{
		name: 'body.change-number',
		apply: (w, rng) => {
			const text = w.body.toString('utf8');
			const numbers = [...text.matchAll(/:(\d+)/g)];
			if (numbers.length === 0) return false;
			const match = rng.pick(numbers);
			const at = (match.index ?? 0) + 1;
			const changed = String(Number(match[1]) + rng.pick([1, -1, 10]));
			return setBody(w, Buffer.from(text.slice(0, at) + changed + text.slice(at + match[1].length), 'utf8'));
		},
	},
	{
		name: 'body.number-format',
		apply: (w) => setBody(w, Buffer.from(w.body.toString('utf8').replace(/"attemptNumber":0/, '"attemptNumber":0.0'), 'utf8')),
	},
	{
		name: 'body.swap-events',
		apply: (w) => mapJson(w, (value) => (Array.isArray(value) && value.length > 1 ? [value[1], value[0], ...value.slice(2)] : undefined)),
	},
	{ name: 'body.drop-event', apply: (w) => mapJson(w, (value) => (Array.isArray(value) && value.length > 1 ? value.slice(1) : undefined)) },
	{ name: 'body.duplicate-event', apply: (w) => mapJson(w, (value) => (Array.isArray(value) ? [...value, value[0]] : undefined)) },
	{
		name: 'body.reorder-keys',
		apply: (w) =>
			mapJson(w, (value) => {
				const reverse = (item: unknown) =>
					item && typeof item === 'object' && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).reverse()) : item;
				return Array.isArray(value) ? value.map(reverse) : reverse(value);
			}),
	},
	{ name: 'body.empty', apply: (w) => setBody(w, Buffer.alloc(0)) },
	{ name: 'body.other-delivery', apply: (w, _rng, ctx) => setBody(w, Buffer.from(ctx.other.body)) },

	// --- transport: the same bytes arrive ---
	{ name: 'transport.chunked', benign: true, httpOnly: true, apply: (w) => !w.chunked && (w.chunked = true) },
	{
		name: 'transport.gzip',
		benign: true,
		httpOnly: true,
		apply: (w) => {
			if (w.gzip) return false;
			w.gzip = true;
			return true;
		},
	},
	{
		name: 'transport.bogus-content-encoding',
		httpOnly: true,
		apply: (w, rng) => {
			w.headers.push(['Content-Encoding', rng.pick(['gzip', 'deflate'])]);
			return true;
		},
	},

	// --- headers ---
	{
		name: 'header.name-case',
		benign: true,
		apply: (w, rng) => {
			const index = rng.int(0, w.headers.length - 1);
			const [name, value] = w.headers[index];
			const renamed = randomCase(name, rng);
			if (renamed === name) return false;
			w.headers[index] = [renamed, value];
			return true;
		},
	},
	{
		name: 'header.reorder',
		benign: true,
		apply: (w, rng) => {
			if (w.headers.length < 2) return false;
			const a = rng.int(0, w.headers.length - 1);
			const b = (a + rng.int(1, w.headers.length - 1)) % w.headers.length;
			[w.headers[a], w.headers[b]] = [w.headers[b], w.headers[a]];
			return true;
		},
	},
	{
		name: 'header.add-unrelated',
		benign: true,
		apply: (w, rng) => {
			w.headers.push(
				rng.pick<[string, string]>([
					['X-Forwarded-Host', 'evil.example.com'],
					['X-Forwarded-Proto', 'https'],
					['X-HubSpot-Something', 'v3'],
					['Accept', '*/*'],
				]),
			);
			return true;
		},
	},
	{
		name: 'header.remove-signature-part',
		apply: (w, rng) => {
			const index = pickSignatureHeader(w, rng);
			if (index < 0) return false;
			w.headers.splice(index, 1);
			return true;
		},
	},
	{
		name: 'header.remove-content-type',
		apply: (w) => {
			const index = findHeader(w, 'content-type');
			if (index < 0) return false;
			w.headers.splice(index, 1);
			return true;
		},
	},
	{
		name: 'header.content-type',
		apply: (w, rng) => {
			const index = findHeader(w, 'content-type');
			const value = rng.pick([
				'text/plain',
				'application/x-www-form-urlencoded',
				'application/json; charset=utf-16',
				'APPLICATION/JSON',
				'application/vnd.hubspot+json',
				'multipart/form-data; boundary=x',
			]);
			if (index < 0) w.headers.push(['Content-Type', value]);
			else w.headers[index] = [w.headers[index][0], value];
			return true;
		},
	},
	{
		name: 'header.duplicate-same',
		apply: (w, rng) => {
			const index = pickSignatureHeader(w, rng);
			if (index < 0) return false;
			w.headers.splice(index + 1, 0, [w.headers[index][0], w.headers[index][1]]);
			return true;
		},
	},
	{
		name: 'header.duplicate-other',
		apply: (w, rng, ctx) => {
			const index = pickSignatureHeader(w, rng);
			if (index < 0) return false;
			const [name] = w.headers[index];
			const otherValue =
				ctx.other.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1] ?? 'Zm9yZ2VkLXNpZ25hdHVyZQ==';
			const spelled = rng.chance(0.5) ? name : randomCase(name, rng);
			w.headers.splice(rng.chance(0.5) ? index : index + 1, 0, [spelled, otherValue]);
			return true;
		},
	},
	{
		name: 'header.value-flip',
		apply: (w, rng) => {
			const index = pickSignatureHeader(w, rng);
			if (index < 0 || w.headers[index][1].length === 0) return false;
			const [name, value] = w.headers[index];
			const at = rng.int(0, value.length - 1);
			w.headers[index] = [name, value.slice(0, at) + rng.printable(value[at]) + value.slice(at + 1)];
			return true;
		},
	},
	{
		name: 'header.value-truncate',
		apply: (w, rng) => {
			const index = pickSignatureHeader(w, rng);
			if (index < 0 || w.headers[index][1].length === 0) return false;
			const [name, value] = w.headers[index];
			w.headers[index] = [name, value.slice(0, rng.int(0, value.length - 1))];
			return true;
		},
	},
	{
		name: 'header.value-extend',
		apply: (w, rng) => {
			const index = pickSignatureHeader(w, rng);
			if (index < 0) return false;
			const [name, value] = w.headers[index];
			w.headers[index] = [name, rng.chance(0.5) ? value + rng.printable() : rng.printable() + value];
			return true;
		},
	},
	{
		name: 'header.value-case',
		apply: (w, rng) => {
			const index = pickSignatureHeader(w, rng);
			if (index < 0) return false;
			const [name, value] = w.headers[index];
			const changed = rng.chance(0.5) ? value.toUpperCase() : value.toLowerCase();
			if (changed === value) return false;
			w.headers[index] = [name, changed];
			return true;
		},
	},
	{
		name: 'signature.v1-hex-uppercase',
		benign: true,
		apply: (w) => {
			const index = findHeader(w, H_V1);
			if (index < 0) return false;
			w.headers[index] = [w.headers[index][0], w.headers[index][1].toUpperCase()];
			return true;
		},
	},
	{
		name: 'signature.padded',
		benign: true,
		apply: (w, rng) => {
			const index = findHeader(w, rng.chance(0.5) ? H_V1 : H_V3);
			if (index < 0) return false;
			w.headers[index] = [w.headers[index][0], ` ${w.headers[index][1]} `];
			return true;
		},
	},
	{
		name: 'signature.v3-base64url',
		apply: (w) => {
			const index = findHeader(w, H_V3);
			if (index < 0) return false;
			const value = w.headers[index][1].replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
			w.headers[index] = [w.headers[index][0], value];
			return true;
		},
	},
	{
		name: 'signature.spliced',
		apply: (w, rng, ctx) => {
			const name = rng.pick([H_V1, H_V3]);
			const index = findHeader(w, name);
			const value = ctx.other.headers.find(([key]) => key === name)?.[1];
			if (index < 0 || value === undefined) return false;
			w.headers[index] = [w.headers[index][0], value];
			return true;
		},
	},
	{
		name: 'signature.version-header',
		apply: (w, rng) => {
			const index = findHeader(w, H_VERSION);
			const value = rng.pick(['v2', 'v3', 'V1', 'v1 ', '', 'v0', 'v1,v2']);
			if (index < 0) w.headers.push([H_VERSION, value]);
			else w.headers[index] = [w.headers[index][0], value];
			return true;
		},
	},
	{
		name: 'timestamp.shift',
		apply: (w, rng) => {
			const index = findHeader(w, H_TIMESTAMP);
			if (index < 0 || !/^\d+$/.test(w.headers[index][1])) return false;
			const delta = rng.pick([1, 1000, 60_000, 299_000, 301_000, 600_000, 86_400_000]) * (rng.chance(0.5) ? 1 : -1);
			w.headers[index] = [w.headers[index][0], String(Number(w.headers[index][1]) + delta)];
			return true;
		},
	},
	{
		name: 'timestamp.reformat',
		apply: (w, rng) => {
			const index = findHeader(w, H_TIMESTAMP);
			if (index < 0) return false;
			const value = w.headers[index][1];
			const formats = [`${value}.0`, `0${value}`, `+${value}`, `${Number(value) / 1000}e3`, ` ${value}`, `${value} `, `${value}\t`];
			w.headers[index] = [w.headers[index][0], rng.pick(formats)];
			return true;
		},
	},

	// --- URL and method ---
	{ name: 'url.trailing-slash', apply: (w) => mutateUrl(w, (url) => url.replace(/(\?|$)/, (m) => `/${m}`)) },
	{
		name: 'url.path-case',
		apply: (w) =>
			mutateUrl(w, (url) => {
				const { origin, rest } = splitUrl(url);
				return origin + rest.replace(/webhook/i, 'Webhook');
			}),
	},
	{ name: 'url.add-query', apply: (w, rng) => mutateUrl(w, (url) => url + (url.includes('?') ? '&' : '?') + rng.pick(['a=1', 'x', 'token=evil'])) },
	{ name: 'url.drop-query', apply: (w) => mutateUrl(w, (url) => url.replace(/\?.*$/, '')) },
	{ name: 'url.empty-query', apply: (w) => mutateUrl(w, (url) => (url.includes('?') ? url : `${url}?`)) },
	{
		name: 'url.encode-v3-decoded-char',
		apply: (w, rng) =>
			mutateUrl(w, (url) => {
				const { origin, rest } = splitUrl(url);
				const candidates = [...rest].map((char, index) => ({ char, index })).filter(({ char, index }) => index > 0 && V3_ENCODABLE.includes(char));
				if (candidates.length === 0) return url;
				const { char, index } = rng.pick(candidates);
				const hex = char.charCodeAt(0).toString(16).toUpperCase();
				return origin + rest.slice(0, index) + `%${rng.chance(0.5) ? hex : hex.toLowerCase()}` + rest.slice(index + 1);
			}),
	},
	{
		name: 'url.decode-escape',
		apply: (w) => mutateUrl(w, (url) => url.replace(/%([0-9A-Fa-f]{2})/, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))),
	},
	{
		name: 'url.encode-other-char',
		apply: (w) =>
			mutateUrl(w, (url) => {
				const { origin, rest } = splitUrl(url);
				return origin + rest.replace(/[a-z]/, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
			}),
	},
	{ name: 'url.host-case', apply: (w) => mutateUrl(w, (url) => url.replace(/^(\w+:\/\/)([^/?#]+)/, (_m, scheme: string, host: string) => scheme + host.toUpperCase().replace('LOCALHOST', 'LocalHost'))) },
	{ name: 'url.host', apply: (w) => mutateUrl(w, (url) => url.replace(/^(\w+:\/\/)[^/?#:]+/, '$1evil.example.com')) },
	{ name: 'url.scheme', apply: (w) => mutateUrl(w, (url) => (url.startsWith('https:') ? url.replace(/^https:/, 'http:') : url.replace(/^http:/, 'https:'))) },
	{ name: 'url.fragment', coreOnly: true, apply: (w) => mutateUrl(w, (url) => `${url}#frag`) },
	{
		name: 'method.other',
		apply: (w, rng) => {
			const method = rng.pick(['PUT', 'GET', 'PATCH', 'DELETE']);
			w.method = method;
			return true;
		},
	},
	{
		name: 'method.lowercase',
		benign: true,
		// Node's HTTP parser answers 400 to a lower-case method before any node runs.
		coreOnly: true,
		apply: (w) => {
			w.method = w.method.toLowerCase();
			return true;
		},
	},
];

/** Applies 1–3 mutations drawn with `rng`; returns their names in order. */
export function mutate(wire: HubSpotWire, rng: Prng, ctx: MutationContext): string[] {
	const pool = MUTATIONS.filter((mutation) => (ctx.http ? !mutation.coreOnly : !mutation.httpOnly));
	const roll = rng.next();
	const count = roll < 0.6 ? 1 : roll < 0.9 ? 2 : 3;
	const applied: string[] = [];
	for (let attempts = 0; applied.length < count && attempts < 50; attempts++) {
		const mutation = rng.pick(pool);
		if (mutation.apply(wire, rng, ctx)) applied.push(mutation.name);
	}
	return applied;
}

export function isBenign(names: readonly string[]): boolean {
	return names.length > 0 && names.every((name) => MUTATIONS.find((mutation) => mutation.name === name)?.benign === true);
}

/** The bytes that go on the wire for a mutated request over HTTP. */
export function httpParts(wire: HubSpotWire): { path: string; headers: HeaderList; body: Buffer; contentLength: boolean } {
	const { origin, rest } = splitUrl(wire.url);
	const headers: HeaderList = [['Host', origin.replace(/^\w+:\/\//, '')], ...wire.headers];
	let body = wire.body;
	if (wire.gzip) {
		body = gzipSync(body);
		headers.push(['Content-Encoding', 'gzip']);
	}
	return { path: rest, headers, body, contentLength: !wire.chunked };
}
