import {
	HUBSPOT_REJECT_REASONS,
	SignatureConfigError,
	signHubSpotV1,
	signHubSpotV2,
	signHubSpotV3,
	verifyHubSpotRequest,
	type HubSpotVerifyInput,
	type HubSpotVerifyResult,
} from '../../../core/signature';
import published from '../../fixtures/signature/hubspot-published-vectors.json';
import own from '../../fixtures/signature/hubspot-own-vectors.json';
import { oracleDecodeV3Uri, oracleHeaders, oracleV1, oracleV2, oracleV3 } from './cryptoJsOracle';

interface Vector {
	name: string;
	version: string;
	method: string;
	url: string;
	body: string;
	timestamp?: string;
	expected: string;
	secret?: string;
	decodedUrl?: string;
}

const publishedVectors: Vector[] = published.vectors.map((vector) => ({ ...vector, secret: published.secret }));
const ownVectors: Vector[] = own.vectors;
const allVectors = [...publishedVectors, ...ownVectors];

function ourSignature(vector: Vector, secret: string): string {
	const body = Buffer.from(vector.body, 'utf8');
	if (vector.version === 'v1') return signHubSpotV1(secret, body);
	if (vector.version === 'v2') return signHubSpotV2(secret, vector.method, vector.url, body);
	return signHubSpotV3(secret, vector.method, vector.url, body, vector.timestamp ?? '');
}

function oracleSignature(vector: Vector, secret: string): string {
	const body = Buffer.from(vector.body, 'utf8');
	if (vector.version === 'v1') return oracleV1(secret, body);
	if (vector.version === 'v2') return oracleV2(secret, vector.method, vector.url, body);
	return oracleV3(secret, vector.method, vector.url, body, vector.timestamp ?? '');
}

function headersFor(vector: Vector, signature: string): Record<string, string> {
	if (vector.version === 'v3') {
		return { 'X-HubSpot-Signature-v3': signature, 'X-HubSpot-Request-Timestamp': vector.timestamp ?? '' };
	}
	return { 'X-HubSpot-Signature': signature, 'X-HubSpot-Signature-Version': vector.version };
}

describe('HubSpot signature vectors', () => {
	test.each(allVectors)('$name: ours, crypto-js and the fixture agree', (vector) => {
		const secret = vector.secret ?? '';
		expect(ourSignature(vector, secret)).toBe(vector.expected);
		expect(oracleSignature(vector, secret)).toBe(vector.expected);
	});

	test.each(ownVectors.filter((vector) => vector.version === 'v3'))('$name: the oracle decodes the URI as the fixture says', (vector) => {
		expect(oracleDecodeV3Uri(vector.url)).toBe(vector.decodedUrl);
	});

	test.each(allVectors)('$name: verifyHubSpotRequest accepts it', (vector) => {
		const nowMs = vector.timestamp ? Number(vector.timestamp) + 1000 : 0;
		const result = verifyHubSpotRequest({
			method: vector.method,
			url: vector.url,
			rawBody: Buffer.from(vector.body, 'utf8'),
			headers: headersFor(vector, vector.expected),
			secrets: [vector.secret ?? ''],
			nowMs,
			toleranceMs: 300_000,
		});
		expect(result).toEqual({ ok: true, version: vector.version, secretIndex: 0 });
	});
});

// ---------------------------------------------------------------------------------------------------------
// Hostile and edge cases, every request signed by the crypto-js oracle.

const SECRET = 'current-secret-0b5f3c1e';
const OLD_SECRET = 'previous-secret-9a7d2e44';
const URL = 'https://hooks.example.com/webhook/hubspot?tenant=a%20b&ref=x%3Ay';
const BODY = Buffer.from(
	'[{"eventId":7,"subscriptionId":5,"portalId":62515,"occurredAt":1700000000000,"subscriptionType":"contact.propertyChange","propertyName":"firstname","propertyValue":"Zoë","objectId":9007199254740993,"attemptNumber":0}]',
	'utf8',
);
const TS = '1700000000000';
const NOW = 1_700_000_100_000;
const TOLERANCE = 300_000;

function request(overrides: Partial<HubSpotVerifyInput> = {}): HubSpotVerifyInput {
	return {
		method: 'POST',
		url: URL,
		rawBody: BODY,
		headers: {},
		secrets: [SECRET],
		nowMs: NOW,
		toleranceMs: TOLERANCE,
		...overrides,
	};
}

const v1 = (secret = SECRET, body = BODY) => oracleHeaders({ version: 'v1', secret, method: 'POST', url: URL, body });
const v2 = (secret = SECRET, body = BODY, url = URL, method = 'POST') =>
	oracleHeaders({ version: 'v2', secret, method, url, body });
const v3 = (secret = SECRET, body = BODY, url = URL, timestamp = TS, method = 'POST') =>
	oracleHeaders({ version: 'v3', secret, method, url, body, timestamp });

function flipByte(buffer: Buffer, index: number): Buffer {
	const copy = Buffer.from(buffer);
	copy[index] ^= 0x01;
	return copy;
}

interface Case {
	name: string;
	input: HubSpotVerifyInput;
	expected: HubSpotVerifyResult;
}

const ok = (version: 'v1' | 'v2' | 'v3', secretIndex = 0): HubSpotVerifyResult => ({ ok: true, version, secretIndex });
const no = (reason: (typeof HUBSPOT_REJECT_REASONS)[number]): HubSpotVerifyResult => ({ ok: false, reason });

const tsMs = Number(TS);

const cases: Case[] = [
	// accepted
	{ name: 'valid v1', input: request({ headers: v1() }), expected: ok('v1') },
	{ name: 'valid v2', input: request({ headers: v2() }), expected: ok('v2') },
	{ name: 'valid v3', input: request({ headers: v3() }), expected: ok('v3') },
	{ name: 'v1 and v3 both valid: v3 decides', input: request({ headers: { ...v1(), ...v3() } }), expected: ok('v3') },
	{
		name: 'v3 with a version header saying v1 still verifies as v3',
		input: request({ headers: { ...v3(), 'x-hubspot-signature-version': 'v1' } }),
		expected: ok('v3'),
	},
	{
		name: 'lower-case method, v3',
		input: request({ method: 'post', headers: { ...v3(SECRET, BODY, URL, TS, 'POST') } }),
		expected: ok('v3'),
	},
	{ name: 'lower-case method, v2', input: request({ method: 'post', headers: v2() }), expected: ok('v2') },
	{
		name: 'upper-case hex v1 signature',
		input: request({ headers: { ...v1(), 'x-hubspot-signature': v1()['x-hubspot-signature'].toUpperCase() } }),
		expected: ok('v1'),
	},
	{
		name: 'header names in any case (-V3)',
		input: request({
			headers: {
				'X-HUBSPOT-SIGNATURE-V3': v3()['x-hubspot-signature-v3'],
				'x-HubSpot-request-TIMESTAMP': TS,
			},
		}),
		expected: ok('v3'),
	},
	{
		name: 'repeated headers: the first value counts',
		input: request({ headers: { 'x-hubspot-signature-v3': [v3()['x-hubspot-signature-v3'], 'junk'], 'x-hubspot-request-timestamp': [TS] } }),
		expected: ok('v3'),
	},
	{
		name: 'rotation: signed with the previous secret',
		input: request({ secrets: [SECRET, OLD_SECRET], headers: v3(OLD_SECRET) }),
		expected: ok('v3', 1),
	},
	{
		name: 'rotation: signed with the current secret',
		input: request({ secrets: [SECRET, OLD_SECRET], headers: v1() }),
		expected: ok('v1', 0),
	},
	{ name: 'rotation: v2 with the previous secret', input: request({ secrets: [SECRET, OLD_SECRET], headers: v2(OLD_SECRET) }), expected: ok('v2', 1) },
	{ name: 'the same secret twice: first index', input: request({ secrets: [SECRET, SECRET], headers: v1() }), expected: ok('v1', 0) },
	{ name: 'an empty secret is skipped, not matched', input: request({ secrets: ['', SECRET], headers: v1() }), expected: ok('v1', 1) },
	{ name: 'timestamp exactly toleranceMs old', input: request({ nowMs: tsMs + TOLERANCE, headers: v3() }), expected: ok('v3') },
	{ name: 'timestamp exactly toleranceMs ahead', input: request({ nowMs: tsMs - TOLERANCE, headers: v3() }), expected: ok('v3') },
	{ name: 'v1 has no timestamp: old requests pass (replays are left to dedupe)', input: request({ nowMs: tsMs * 2, headers: v1() }), expected: ok('v1') },

	// rejected: signature
	{ name: 'v1 wrong secret', input: request({ headers: v1('wrong-secret') }), expected: no('bad-signature') },
	{ name: 'v2 wrong secret', input: request({ headers: v2('wrong-secret') }), expected: no('bad-signature') },
	{ name: 'v3 wrong secret', input: request({ headers: v3('wrong-secret') }), expected: no('bad-signature') },
	{ name: 'rotation: neither secret matches', input: request({ secrets: [SECRET, OLD_SECRET], headers: v3('third') }), expected: no('bad-signature') },
	{ name: 'v1 body tampered by one byte', input: request({ rawBody: flipByte(BODY, 40), headers: v1() }), expected: no('bad-signature') },
	{ name: 'v2 body tampered by one byte', input: request({ rawBody: flipByte(BODY, 0), headers: v2() }), expected: no('bad-signature') },
	{ name: 'v3 body tampered by one byte', input: request({ rawBody: flipByte(BODY, BODY.length - 1), headers: v3() }), expected: no('bad-signature') },
	{
		name: 'v3 body re-serialised (JSON.stringify(JSON.parse)) loses the big id',
		input: request({ rawBody: Buffer.from(JSON.stringify(JSON.parse(BODY.toString('utf8'))), 'utf8'), headers: v3() }),
		expected: no('bad-signature'),
	},
	{
		name: 'v1 UTF-8 body hashed as latin1 bytes',
		input: request({ rawBody: Buffer.from(BODY.toString('utf8'), 'latin1'), headers: v1() }),
		expected: no('bad-signature'),
	},
	{ name: 'v2 URL tampered (host)', input: request({ url: URL.replace('hooks.', 'evil.'), headers: v2() }), expected: no('bad-signature') },
	{ name: 'v3 URL tampered (host)', input: request({ url: URL.replace('hooks.', 'evil.'), headers: v3() }), expected: no('bad-signature') },
	{ name: 'v3 URL tampered (scheme)', input: request({ url: URL.replace('https:', 'http:'), headers: v3() }), expected: no('bad-signature') },
	{ name: 'v3 URL tampered (trailing slash)', input: request({ url: URL.replace('hubspot?', 'hubspot/?'), headers: v3() }), expected: no('bad-signature') },
	{ name: 'v3 URL tampered (query order)', input: request({ url: 'https://hooks.example.com/webhook/hubspot?ref=x%3Ay&tenant=a%20b', headers: v3() }), expected: no('bad-signature') },
	{ name: 'v3 URL tampered (%20 decoded)', input: request({ url: URL.replace('%20', ' '), headers: v3() }), expected: no('bad-signature') },
	{ name: 'v2 URL %3A decoded (v2 signs the URL as given)', input: request({ url: URL.replace('%3A', ':'), headers: v2() }), expected: no('bad-signature') },
	{ name: 'v2 method changed', input: request({ method: 'PUT', headers: v2() }), expected: no('bad-signature') },
	{ name: 'v3 method changed', input: request({ method: 'GET', headers: v3() }), expected: no('bad-signature') },
	{
		name: 'v3 timestamp header swapped for another valid time',
		input: request({ headers: { ...v3(), 'x-hubspot-request-timestamp': String(tsMs + 1) } }),
		expected: no('bad-signature'),
	},
	{
		name: 'v3 present but invalid, valid v1 beside it: v3 wins, rejected',
		input: request({ headers: { ...v1(), ...v3('wrong-secret') } }),
		expected: no('bad-signature'),
	},
	{
		name: 'v3 present but stale, valid v1 beside it: rejected',
		input: request({ nowMs: tsMs + TOLERANCE + 1, headers: { ...v1(), ...v3() } }),
		expected: no('stale-timestamp'),
	},
	{
		name: 'v1 signature offered as v2',
		input: request({ headers: { ...v1(), 'x-hubspot-signature-version': 'v2' } }),
		expected: no('bad-signature'),
	},
	{
		name: 'v1 signature truncated by one hex digit',
		input: request({ headers: { ...v1(), 'x-hubspot-signature': v1()['x-hubspot-signature'].slice(0, -1) } }),
		expected: no('bad-signature'),
	},
	{
		name: 'v1 signature with one extra hex digit',
		input: request({ headers: { ...v1(), 'x-hubspot-signature': `${v1()['x-hubspot-signature']}0` } }),
		expected: no('bad-signature'),
	},
	{
		name: 'v1 signature doubled',
		input: request({ headers: { ...v1(), 'x-hubspot-signature': v1()['x-hubspot-signature'].repeat(2) } }),
		expected: no('bad-signature'),
	},
	{
		name: 'v3 signature without its padding',
		input: request({ headers: { ...v3(), 'x-hubspot-signature-v3': v3()['x-hubspot-signature-v3'].replace(/=+$/, '') } }),
		expected: no('bad-signature'),
	},
	{
		name: 'v3 signature with the case of one letter flipped',
		input: request({ headers: { ...v3(), 'x-hubspot-signature-v3': flipFirstLetterCase(v3()['x-hubspot-signature-v3']) } }),
		expected: no('bad-signature'),
	},
	{
		name: 'v3 signature given in hex instead of base64',
		input: request({
			headers: { ...v3(), 'x-hubspot-signature-v3': Buffer.from(v3()['x-hubspot-signature-v3'], 'base64').toString('hex') },
		}),
		expected: no('bad-signature'),
	},
	{
		name: 'repeated headers: junk first, valid second',
		input: request({ headers: { ...v1(), 'x-hubspot-signature': ['junk', v1()['x-hubspot-signature']] } }),
		expected: no('bad-signature'),
	},

	// rejected: missing pieces
	{ name: 'no signature headers at all', input: request({ headers: {} }), expected: no('missing-signature') },
	{ name: 'only a version header', input: request({ headers: { 'x-hubspot-signature-version': 'v1' } }), expected: no('missing-signature') },
	{ name: 'empty v1 signature', input: request({ headers: { ...v1(), 'x-hubspot-signature': '' } }), expected: no('missing-signature') },
	{ name: 'empty v3 signature', input: request({ headers: { ...v3(), 'x-hubspot-signature-v3': '' } }), expected: no('missing-signature') },
	{ name: 'empty header array', input: request({ headers: { 'x-hubspot-signature': [], 'x-hubspot-signature-version': 'v1' } }), expected: no('missing-signature') },
	{ name: 'v3 without timestamp header', input: request({ headers: { 'x-hubspot-signature-v3': v3()['x-hubspot-signature-v3'] } }), expected: no('missing-timestamp') },
	{ name: 'v3 with empty timestamp header', input: request({ headers: { ...v3(), 'x-hubspot-request-timestamp': '' } }), expected: no('missing-timestamp') },
	{ name: 'v1 signature without version header', input: request({ headers: { 'x-hubspot-signature': v1()['x-hubspot-signature'] } }), expected: no('unsupported-version') },
	{ name: 'version header v3 but only the old signature header', input: request({ headers: { ...v1(), 'x-hubspot-signature-version': 'v3' } }), expected: no('unsupported-version') },
	{ name: 'version header v4', input: request({ headers: { ...v1(), 'x-hubspot-signature-version': 'v4' } }), expected: no('unsupported-version') },
	{ name: 'empty secrets list', input: request({ secrets: [], headers: v1() }), expected: no('no-secret') },
	{ name: 'only empty secrets (v1 would be a bare hash of the body)', input: request({ secrets: [''], headers: v1('') }), expected: no('no-secret') },
	{
		name: 'an empty secret beside a real one does not accept a bare hash of the body',
		input: request({ secrets: ['', SECRET], headers: v1('') }),
		expected: no('bad-signature'),
	},

	// rejected: timestamps
	{ name: 'timestamp one ms too old', input: request({ nowMs: tsMs + TOLERANCE + 1, headers: v3() }), expected: no('stale-timestamp') },
	{ name: 'timestamp one ms too far ahead', input: request({ nowMs: tsMs - TOLERANCE - 1, headers: v3() }), expected: no('future-timestamp') },
	{ name: 'timestamp in seconds (looks 54 years old)', input: request({ headers: v3(SECRET, BODY, URL, '1700000000') }), expected: no('stale-timestamp') },
	{ name: 'non-numeric timestamp', input: request({ headers: v3(SECRET, BODY, URL, 'yesterday') }), expected: no('invalid-timestamp') },
	{ name: 'timestamp 1700000000000.0 (signed as sent)', input: request({ headers: v3(SECRET, BODY, URL, '1700000000000.0') }), expected: no('invalid-timestamp') },
	{ name: 'timestamp in exponent notation', input: request({ headers: v3(SECRET, BODY, URL, '1.7e12') }), expected: no('invalid-timestamp') },
	{ name: 'negative timestamp', input: request({ headers: v3(SECRET, BODY, URL, '-1700000000000') }), expected: no('invalid-timestamp') },
	{ name: 'timestamp with a leading space', input: request({ headers: v3(SECRET, BODY, URL, ' 1700000000000') }), expected: no('invalid-timestamp') },
	{ name: 'timestamp hex', input: request({ headers: v3(SECRET, BODY, URL, '0x18bcfe56800') }), expected: no('invalid-timestamp') },
	{ name: 'timestamp with 400 digits', input: request({ headers: v3(SECRET, BODY, URL, '1'.repeat(400)) }), expected: no('invalid-timestamp') },
];

function flipFirstLetterCase(value: string): string {
	const index = value.search(/[A-Za-z]/);
	const char = value[index];
	const flipped = char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase();
	return value.slice(0, index) + flipped + value.slice(index + 1);
}

describe('verifyHubSpotRequest', () => {
	test.each(cases)('$name', ({ input, expected }) => {
		expect(verifyHubSpotRequest(input)).toEqual(expected);
	});

	test.each(cases)('$name: the result never contains a secret', ({ input }) => {
		const text = JSON.stringify(verifyHubSpotRequest(input));
		for (const secret of input.secrets.filter((s) => s !== '')) expect(text).not.toContain(secret);
	});

	test('every reject reason is reached by some case', () => {
		const reached = new Set(cases.flatMap(({ expected }) => (expected.ok ? [] : [expected.reason])));
		expect([...reached].sort()).toEqual([...HUBSPOT_REJECT_REASONS].sort());
	});

	test('does not mutate the body buffer', () => {
		const body = Buffer.from(BODY);
		verifyHubSpotRequest(request({ rawBody: body, headers: v3() }));
		expect(body.equals(BODY)).toBe(true);
	});

	test.each([
		{ name: 'negative tolerance', overrides: { toleranceMs: -1 }, code: 'invalid-tolerance' },
		{ name: 'NaN tolerance', overrides: { toleranceMs: Number.NaN }, code: 'invalid-tolerance' },
		{ name: 'infinite tolerance', overrides: { toleranceMs: Number.POSITIVE_INFINITY }, code: 'invalid-tolerance' },
		{ name: 'NaN clock', overrides: { nowMs: Number.NaN }, code: 'invalid-clock' },
	])('configuration mistake throws a typed error: $name', ({ overrides, code }) => {
		const call = () => verifyHubSpotRequest(request({ ...overrides, headers: v3() }));
		expect(call).toThrow(SignatureConfigError);
		try {
			call();
		} catch (error) {
			expect((error as SignatureConfigError).code).toBe(code);
		}
	});
});
