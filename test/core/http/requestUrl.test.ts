import { isPlainHost, signedUrlCandidates, type RequestUrlInput } from '../../../core/http';

const CONFIGURED = 'https://n8n.example.com/webhook/abc/webhook';
const PATH = '/webhook/abc/webhook?x=1';

describe('signedUrlCandidates', () => {
	it.each<{ name: string; input: RequestUrlInput; expected: string[] }>([
		{
			name: 'the Public URL alone, with the query received',
			input: { publicUrl: 'https://tunnel.example/hook', configuredUrl: CONFIGURED, originalUrl: PATH, trustedProxy: { protocol: 'https', host: 'x.example' } },
			expected: ['https://tunnel.example/hook?x=1'],
		},
		{ name: "n8n's configured URL when no proxy is trusted", input: { configuredUrl: CONFIGURED, originalUrl: PATH }, expected: [`${CONFIGURED}?x=1`] },
		{
			name: "the path n8n routed the request on (a Test URL) under n8n's configured origin",
			input: { configuredUrl: CONFIGURED, originalUrl: '/webhook-test/abc/webhook' },
			expected: [CONFIGURED, 'https://n8n.example.com/webhook-test/abc/webhook'],
		},
		{
			name: 'plus the forwarded URL where n8n trusts the proxy',
			input: { configuredUrl: CONFIGURED, originalUrl: PATH, trustedProxy: { protocol: 'https', host: 'public.example:8443' } },
			expected: [`${CONFIGURED}?x=1`, `https://public.example:8443${PATH}`],
		},
		{
			name: 'the same URL twice is tried once',
			input: { configuredUrl: CONFIGURED, originalUrl: PATH, trustedProxy: { protocol: 'HTTPS', host: 'n8n.example.com' } },
			expected: [`${CONFIGURED}?x=1`],
		},
		...['public.example/prefix', 'public.example?x=', 'user@public.example', 'public.example#f', 'pub lic.example', 'public.example:80:80', ''].map((host) => ({
			name: `a forwarded host carrying junk (${JSON.stringify(host)}) adds nothing`,
			input: { configuredUrl: CONFIGURED, originalUrl: PATH, trustedProxy: { protocol: 'https', host } },
			expected: [`${CONFIGURED}?x=1`],
		})),
		{
			name: 'a forwarded scheme other than http(s) adds nothing',
			input: { configuredUrl: CONFIGURED, originalUrl: PATH, trustedProxy: { protocol: 'javascript', host: 'public.example' } },
			expected: [`${CONFIGURED}?x=1`],
		},
		{ name: 'nothing configured, no proxy: no candidate', input: { originalUrl: PATH }, expected: [] },
	])('$name', ({ input, expected }) => {
		expect(signedUrlCandidates(input)).toEqual(expected);
	});
});

describe('isPlainHost', () => {
	it.each(['n8n.example.com', 'n8n.example.com:5678', 'localhost', '127.0.0.1:5678', '[::1]:5678', 'my_host.internal', 'example.com.'])('%s is a host', (host) => {
		expect(isPlainHost(host)).toBe(true);
	});
	it.each(['a.example/b', 'a.example\\b', 'a@b.example', 'a.example?', 'a.example#', 'a b', '-a.example', 'a.example:', 'a.example:123456', '[::1', 'x'.repeat(300)])(
		'%s is not',
		(host) => {
			expect(isPlainHost(host)).toBe(false);
		},
	);
});
