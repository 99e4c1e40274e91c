// A self-signed certificate made at run time with node:crypto alone (no openssl binary), for the sandbox's
// https file server. An ECDSA P-256 key and a minimal X.509 v3 certificate for 127.0.0.1 / ::1 / localhost,
// CA:TRUE so it can be trusted directly as its own anchor (NODE_EXTRA_CA_CERTS, or `ca` in a test).
import { generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';

export interface SelfSignedCertificate {
	/** PEM certificate: what a client must trust. */
	cert: string;
	/** PEM PKCS#8 private key. */
	key: string;
}

function length(n: number): Buffer {
	if (n < 0x80) return Buffer.from([n]);
	const bytes: number[] = [];
	for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
	return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, content: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), length(content.length), content]);
const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, content: Buffer): Buffer => tlv(0xa0 + n, content);
const bool = (value: boolean): Buffer => tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
const octets = (content: Buffer): Buffer => tlv(0x04, content);
const bits = (content: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), content]));
const utf8 = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'));

/** A non-negative DER INTEGER in its one minimal form: no redundant leading zero, a zero added before a high bit. */
export function integer(bytes: Buffer): Buffer {
	let start = 0;
	while (start < bytes.length - 1 && bytes[start] === 0) start++;
	const minimal = bytes.subarray(start);
	return tlv(0x02, minimal[0] & 0x80 ? Buffer.concat([Buffer.from([0]), minimal]) : minimal);
}

function oid(dotted: string): Buffer {
	const [a, b, ...rest] = dotted.split('.').map(Number);
	const out = [40 * a + b];
	for (const part of rest) {
		const chunk: number[] = [part & 0x7f];
		for (let v = Math.floor(part / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
		out.push(...chunk);
	}
	return tlv(0x06, Buffer.from(out));
}

function utcTime(date: Date): Buffer {
	const p = (n: number) => String(n).padStart(2, '0');
	const text = `${p(date.getUTCFullYear() % 100)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z`;
	return tlv(0x17, Buffer.from(text, 'ascii'));
}

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

/** `dnsNames`: host names the certificate also covers (the benchmark's stand-in for a provider's API host). */
export function createSelfSignedCertificate(
	commonName = 'CRM Listeners sandbox',
	validDays = 7,
	dnsNames: readonly string[] = [],
): SelfSignedCertificate {
	const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
	const name = seq(set(seq(oid('2.5.4.3'), utf8(commonName))));
	const now = Date.now();
	const serial = randomBytes(16);
	// Positive and exactly 16 bytes long: the top bit clear, the next one set.
	serial[0] = (serial[0] & 0x3f) | 0x40;
	const altNames = seq(
		tlv(0x87, Buffer.from([127, 0, 0, 1])),
		tlv(0x87, Buffer.concat([Buffer.alloc(15), Buffer.from([1])])),
		tlv(0x82, Buffer.from('localhost', 'ascii')),
		...dnsNames.map((host) => tlv(0x82, Buffer.from(host, 'ascii'))),
	);
	const extensions = explicit(
		3,
		seq(
			seq(oid('2.5.29.19'), bool(true), octets(seq(bool(true)))),
			seq(oid('2.5.29.17'), octets(altNames)),
		),
	);
	const tbs = seq(
		explicit(0, integer(Buffer.from([2]))),
		integer(serial),
		ECDSA_SHA256,
		name,
		seq(utcTime(new Date(now - 60_000)), utcTime(new Date(now + validDays * 86_400_000))),
		name,
		publicKey.export({ type: 'spki', format: 'der' }),
		extensions,
	);
	const signature = sign('sha256', tbs, privateKey);
	const der = seq(tbs, ECDSA_SHA256, bits(signature));
	const cert = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
	// Parsing it back proves the encoding before any client sees it.
	new X509Certificate(cert);
	return { cert, key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}
