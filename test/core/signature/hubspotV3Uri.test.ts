import { decodeHubSpotV3Uri } from '../../../core/signature';
import { oracleDecodeV3Uri } from './cryptoJsOracle';

const cases = [
	{ name: 'nothing to decode', uri: 'https://example.com/webhook_uri', expected: 'https://example.com/webhook_uri' },
	{ name: 'all twelve, upper case', uri: '/%3A%2F%3F%40%21%24%27%28%29%2A%2C%3B', expected: "/:/?@!$'()*,;" },
	{ name: 'all twelve, lower case', uri: '/%3a%2f%3f%40%21%24%27%28%29%2a%2c%3b', expected: "/:/?@!$'()*,;" },
	{ name: 'mixed case hex', uri: '/%3a%2F%3A', expected: '/:/:' },
	{ name: 'space, ampersand, equals and plus stay', uri: '?q=a%20b%26c%3Dd%2Be+f', expected: '?q=a%20b%26c%3Dd%2Be+f' },
	{ name: 'percent sign stays, no double decoding', uri: '?x=%253A%25', expected: '?x=%253A%25' },
	{ name: 'decoded character never forms a new escape', uri: '?x=%%3A3A', expected: '?x=%:3A' },
	{ name: 'UTF-8 escapes stay', uri: '/Zo%C3%AB', expected: '/Zo%C3%AB' },
	{ name: 'hash, brackets and quote stay', uri: '?a=%23%5B%5D%22', expected: '?a=%23%5B%5D%22' },
	{ name: 'truncated escape at the end stays', uri: '/a%3', expected: '/a%3' },
	{ name: 'invalid hex stays', uri: '/a%GZ%3Ab', expected: '/a%GZ:b' },
	{ name: 'empty', uri: '', expected: '' },
];

describe('decodeHubSpotV3Uri', () => {
	test.each(cases)('$name', ({ uri, expected }) => {
		expect(decodeHubSpotV3Uri(uri)).toBe(expected);
		expect(oracleDecodeV3Uri(uri)).toBe(expected);
	});
});
