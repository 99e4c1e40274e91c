import { BASIC_AUTH_REJECT_REASONS, parseBasicAuth, verifyBasicAuth, type BasicAuthResult } from '../../../core/signature';
import fixture from '../../fixtures/signature/basic-auth.json';

const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const basic = (text: string) => `Basic ${encode(text)}`;

const EXPECTED = fixture.expected;

interface VerifyCase {
	name: string;
	header: string | undefined;
	result: BasicAuthResult;
}

const verifyCases: VerifyCase[] = [
	...fixture.cases.map((c) => ({ name: c.name, header: c.header, result: c.result as BasicAuthResult })),
	{ name: 'correct', header: basic(`${EXPECTED.user}:${EXPECTED.password}`), result: { ok: true } },
	{ name: 'scheme in lower case', header: `basic ${encode(`${EXPECTED.user}:${EXPECTED.password}`)}`, result: { ok: true } },
	{ name: 'several spaces after the scheme', header: `Basic   ${encode(`${EXPECTED.user}:${EXPECTED.password}`)}`, result: { ok: true } },
	{ name: 'wrong user', header: basic(`someone:${EXPECTED.password}`), result: { ok: false, reason: 'mismatch' } },
	{ name: 'wrong password', header: basic(`${EXPECTED.user}:guess`), result: { ok: false, reason: 'mismatch' } },
	{ name: 'both wrong', header: basic('someone:guess'), result: { ok: false, reason: 'mismatch' } },
	{ name: 'password with a suffix', header: basic(`${EXPECTED.user}:${EXPECTED.password}x`), result: { ok: false, reason: 'mismatch' } },
	{ name: 'password truncated', header: basic(`${EXPECTED.user}:${EXPECTED.password.slice(0, -1)}`), result: { ok: false, reason: 'mismatch' } },
	{ name: 'user and password swapped around the first colon', header: basic(`${EXPECTED.user}:x:${EXPECTED.password}`), result: { ok: false, reason: 'mismatch' } },
	{ name: 'empty credentials ":"', header: basic(':'), result: { ok: false, reason: 'mismatch' } },
	{ name: 'missing', header: undefined, result: { ok: false, reason: 'missing' } },
	{ name: 'empty header', header: '', result: { ok: false, reason: 'missing' } },
	{ name: 'blank header', header: '   ', result: { ok: false, reason: 'missing' } },
	{ name: 'no colon', header: basic(EXPECTED.user + EXPECTED.password.replace(/:/g, '')), result: { ok: false, reason: 'malformed' } },
	{ name: 'Bearer scheme', header: 'Bearer x', result: { ok: false, reason: 'malformed' } },
	{ name: 'Bearer with the right token', header: `Bearer ${encode(`${EXPECTED.user}:${EXPECTED.password}`)}`, result: { ok: false, reason: 'malformed' } },
	{ name: 'scheme only', header: 'Basic', result: { ok: false, reason: 'malformed' } },
	{ name: 'scheme and space only', header: 'Basic ', result: { ok: false, reason: 'malformed' } },
	{ name: 'no space after the scheme', header: `Basic${encode('a:b')}`, result: { ok: false, reason: 'malformed' } },
	{ name: 'raw credentials, not base64', header: `Basic ${EXPECTED.user}:${EXPECTED.password}`, result: { ok: false, reason: 'malformed' } },
	{ name: 'base64url alphabet', header: 'Basic YTo-Pz8_', result: { ok: false, reason: 'malformed' } },
	{ name: 'invalid base64 character', header: 'Basic YTpi*A==', result: { ok: false, reason: 'malformed' } },
	{ name: 'base64 with impossible length', header: 'Basic YTpiY', result: { ok: false, reason: 'malformed' } },
	{ name: 'too much padding', header: 'Basic YTpi===', result: { ok: false, reason: 'malformed' } },
	{ name: 'padding at the wrong length', header: 'Basic YTpiYw=', result: { ok: false, reason: 'malformed' } },
	{ name: 'non-canonical base64 (stray bits)', header: 'Basic YTpiYx==', result: { ok: false, reason: 'malformed' } },
	{ name: 'two tokens', header: `Basic ${encode('a:b')} ${encode('c:d')}`, result: { ok: false, reason: 'malformed' } },
	{ name: 'invalid UTF-8 inside', header: `Basic ${Buffer.from([0x61, 0x3a, 0xff, 0xfe]).toString('base64')}`, result: { ok: false, reason: 'malformed' } },
	{ name: 'control character in the password', header: basic('a:b\u0000c'), result: { ok: false, reason: 'malformed' } },
	{ name: 'newline in the user', header: basic('a\nb:c'), result: { ok: false, reason: 'malformed' } },
];

describe('verifyBasicAuth', () => {
	test.each(verifyCases)('$name', ({ header, result }) => {
		expect(verifyBasicAuth(header, EXPECTED)).toEqual(result);
	});

	test('every reject reason is reached', () => {
		const reached = new Set(verifyCases.flatMap(({ result }) => (result.ok ? [] : [result.reason])));
		expect([...reached].sort()).toEqual([...BASIC_AUTH_REJECT_REASONS].sort());
	});

	test.each(verifyCases)('$name: the result never contains the password', ({ header }) => {
		expect(JSON.stringify(verifyBasicAuth(header, EXPECTED))).not.toContain(EXPECTED.password);
	});

	test.each([
		{ name: 'unicode password', user: 'hook', password: 'pässwörd-北京-🚀' },
		{ name: 'password with colons', user: 'hook', password: 'a:b::c:' },
		{ name: 'empty password', user: 'hook', password: '' },
		{ name: 'unicode user', user: 'ünïcode', password: 'x' },
		{ name: 'spaces kept', user: ' u ', password: ' p ' },
	])('round trip: $name', ({ user, password }) => {
		const header = basic(`${user}:${password}`);
		expect(parseBasicAuth(header)).toEqual({ user, password });
		expect(verifyBasicAuth(header, { user, password })).toEqual({ ok: true });
		expect(verifyBasicAuth(header, { user, password: `${password}!` })).toEqual({ ok: false, reason: 'mismatch' });
	});
});

describe('parseBasicAuth', () => {
	test.each([
		{ name: 'RFC 7617 example', header: 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==', expected: { user: 'Aladdin', password: 'open sesame' } },
		{ name: 'without padding', header: 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ', expected: { user: 'Aladdin', password: 'open sesame' } },
		{ name: 'surrounding whitespace', header: '  Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==  ', expected: { user: 'Aladdin', password: 'open sesame' } },
		{ name: 'BASIC upper case', header: 'BASIC QWxhZGRpbjpvcGVuIHNlc2FtZQ==', expected: { user: 'Aladdin', password: 'open sesame' } },
		{ name: 'undefined', header: undefined, expected: undefined },
		{ name: 'Digest scheme', header: 'Digest username="a"', expected: undefined },
	])('$name', ({ header, expected }) => {
		expect(parseBasicAuth(header)).toEqual(expected);
	});
});
