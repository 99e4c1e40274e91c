/**
 * Mutations of the `Authorization: Basic …` header a Pipedrive webhook sends, and the oracle that says whether
 * a mutated header still carries exactly the expected pair. The oracle follows RFC 7617 / RFC 7235, not our
 * parser: scheme `Basic` in any case, one or more spaces, then the base64 of UTF-8 `user:password` (with or
 * without its padding), surrounding whitespace ignored.
 */
import type { HeaderList } from './hubspotFuzz';
import type { Prng } from './prng';

export interface Pair {
	user: string;
	password: string;
}

export function basicToken(pair: Pair, encoding: BufferEncoding = 'utf8'): string {
	return Buffer.from(`${pair.user}:${pair.password}`, encoding).toString('base64');
}

export function mayPass(header: string | undefined, expected: Pair): boolean {
	if (header === undefined) return false;
	const match = /^basic +(\S+)$/i.exec(header.trim());
	if (!match) return false;
	const canonical = basicToken(expected);
	return match[1] === canonical || match[1] === canonical.replace(/=+$/, '');
}

export interface AuthWire {
	/** Authorization headers (any spelling) in order; empty for none. */
	headers: HeaderList;
}

export interface AuthMutation {
	name: string;
	benign?: boolean;
	/** Uses characters Node's HTTP client refuses to send (outside Latin-1 or control characters). */
	coreOnly?: boolean;
	/** Needs several headers: only HTTP has them (the core check takes one string). */
	httpOnly?: boolean;
	apply(wire: AuthWire, rng: Prng, expected: Pair): boolean;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Rewrites the first header's value; false when there is none or nothing changed. */
function rewrite(wire: AuthWire, change: (value: string) => string): boolean {
	if (wire.headers.length === 0) return false;
	const [name, value] = wire.headers[0];
	const next = change(value);
	if (next === value) return false;
	wire.headers[0] = [name, next];
	return true;
}

/** Rewrites the token (what follows the scheme and its spaces). */
function rewriteToken(wire: AuthWire, change: (token: string) => string): boolean {
	return rewrite(wire, (value) => {
		const match = /^(\s*\S+ +)(\S*)(\s*)$/.exec(value);
		return match ? match[1] + change(match[2]) + match[3] : value;
	});
}

function withPair(wire: AuthWire, pair: Pair, encoding: BufferEncoding = 'utf8'): boolean {
	return rewrite(wire, () => `Basic ${basicToken(pair, encoding)}`);
}

export const AUTH_MUTATIONS: readonly AuthMutation[] = [
	// --- the token ---
	{
		name: 'token.replace-char',
		apply: (w, rng) =>
			rewriteToken(w, (token) => {
				if (token.length === 0) return token;
				const at = rng.int(0, token.length - 1);
				const replacement = rng.chance(0.7) ? rng.pick([...BASE64]) : rng.printable();
				return token.slice(0, at) + replacement + token.slice(at + 1);
			}),
	},
	{
		name: 'token.insert-char',
		apply: (w, rng) =>
			rewriteToken(w, (token) => {
				const at = rng.int(0, token.length);
				return token.slice(0, at) + (rng.chance(0.7) ? rng.pick([...BASE64]) : rng.printable()) + token.slice(at);
			}),
	},
	{
		name: 'token.delete-chars',
		apply: (w, rng) =>
			rewriteToken(w, (token) => {
				if (token.length === 0) return token;
				const at = rng.int(0, token.length - 1);
				return token.slice(0, at) + token.slice(at + rng.int(1, 4));
			}),
	},
	{ name: 'token.truncate', apply: (w, rng) => rewriteToken(w, (token) => token.slice(0, rng.int(0, Math.max(0, token.length - 1)))) },
	{ name: 'token.extra-padding', apply: (w, rng) => rewriteToken(w, (token) => token + rng.pick(['=', '==', '===', 'A', 'A=='])) },
	{ name: 'token.strip-padding', benign: true, apply: (w) => rewriteToken(w, (token) => token.replace(/=+$/, '')) },
	{ name: 'token.base64url', apply: (w) => rewriteToken(w, (token) => token.replace(/\+/g, '-').replace(/\//g, '_')) },
	{
		name: 'token.inner-whitespace',
		apply: (w, rng) =>
			rewriteToken(w, (token) => {
				const at = rng.int(1, Math.max(1, token.length - 1));
				return token.slice(0, at) + rng.pick([' ', '\t', '  ']) + token.slice(at);
			}),
	},
	{ name: 'token.case', apply: (w, rng) => rewriteToken(w, (token) => (rng.chance(0.5) ? token.toUpperCase() : token.toLowerCase())) },
	{ name: 'token.doubled', apply: (w) => rewriteToken(w, (token) => token + token) },
	{ name: 'token.very-long', apply: (w, rng) => rewriteToken(w, (token) => token + 'A'.repeat(rng.pick([1_000, 4_000, 7_000]))) },

	// --- scheme and separator ---
	{ name: 'scheme.case', benign: true, apply: (w, rng) => rewrite(w, (value) => value.replace(/^Basic/i, rng.pick(['basic', 'BASIC', 'bAsIc', 'BaSiC']))) },
	{
		name: 'scheme.other',
		apply: (w, rng) => rewrite(w, (value) => value.replace(/^\S+/, rng.pick(['Bearer', 'Digest', 'Basic:', 'Basicx', 'Token', 'Negotiate', 'B', '']))),
	},
	{ name: 'scheme.dropped', apply: (w) => rewrite(w, (value) => value.replace(/^\S+ +/, '')) },
	{ name: 'separator.spaces', benign: true, apply: (w, rng) => rewrite(w, (value) => value.replace(/^(\S+) +/, `$1${' '.repeat(rng.int(2, 5))}`)) },
	{ name: 'separator.tab', apply: (w) => rewrite(w, (value) => value.replace(/^(\S+) +/, '$1\t')) },
	{ name: 'separator.none', apply: (w) => rewrite(w, (value) => value.replace(/^(\S+) +/, '$1')) },
	{ name: 'value.padded', benign: true, apply: (w, rng) => rewrite(w, (value) => rng.pick([' ', '  ', '\t']) + value + rng.pick(['', ' ', '\t'])) },
	{ name: 'value.empty', apply: (w) => rewrite(w, () => '') },

	// --- the pair inside ---
	{ name: 'pair.user-case', apply: (w, _rng, pair) => withPair(w, { ...pair, user: pair.user.toUpperCase() }) },
	{ name: 'pair.user-suffix', apply: (w, rng, pair) => withPair(w, { ...pair, user: pair.user + rng.printable(':') }) },
	{ name: 'pair.user-prefix', apply: (w, rng, pair) => withPair(w, { ...pair, user: rng.printable(':') + pair.user }) },
	{ name: 'pair.user-empty', apply: (w, _rng, pair) => withPair(w, { ...pair, user: '' }) },
	{ name: 'pair.password-suffix', apply: (w, rng, pair) => withPair(w, { ...pair, password: pair.password + rng.printable() }) },
	{ name: 'pair.password-prefix', apply: (w, rng, pair) => withPair(w, { ...pair, password: rng.printable() + pair.password }) },
	{ name: 'pair.password-truncated', apply: (w, rng, pair) => withPair(w, { ...pair, password: pair.password.slice(0, rng.int(0, pair.password.length - 1)) }) },
	{ name: 'pair.password-case', apply: (w, _rng, pair) => withPair(w, { ...pair, password: pair.password.toUpperCase() }) },
	{ name: 'pair.password-empty', apply: (w, _rng, pair) => withPair(w, { ...pair, password: '' }) },
	{ name: 'pair.password-nfd', apply: (w, _rng, pair) => withPair(w, { ...pair, password: pair.password.normalize('NFD') }) },
	{ name: 'pair.password-whitespace', apply: (w, rng, pair) => withPair(w, { ...pair, password: rng.chance(0.5) ? ` ${pair.password}` : `${pair.password} ` }) },
	{ name: 'pair.swapped', apply: (w, _rng, pair) => withPair(w, { user: pair.password, password: pair.user }) },
	{ name: 'pair.colon-moved', apply: (w, _rng, pair) => rewrite(w, () => `Basic ${Buffer.from(`${pair.user}${pair.password}:`).toString('base64')}`) },
	{ name: 'pair.no-colon', apply: (w, _rng, pair) => rewrite(w, () => `Basic ${Buffer.from(pair.user + pair.password).toString('base64')}`) },
	{ name: 'pair.latin1', apply: (w, _rng, pair) => withPair(w, pair, 'latin1') },
	{ name: 'pair.utf16', apply: (w, _rng, pair) => withPair(w, pair, 'utf16le') },
	{ name: 'pair.control-char', apply: (w, rng, pair) => withPair(w, { ...pair, password: `${pair.password}${rng.pick(['\u0000', '\n', '\u007f'])}` }) },
	{
		name: 'pair.invalid-utf8',
		apply: (w, _rng, pair) =>
			rewrite(w, () => `Basic ${Buffer.concat([Buffer.from(`${pair.user}:`), Buffer.from([0xc3, 0x28]), Buffer.from(pair.password)]).toString('base64')}`),
	},
	{ name: 'pair.unicode-in-header', coreOnly: true, apply: (w, _rng, pair) => rewrite(w, () => `Basic ${pair.user}:${pair.password}`) },

	// --- headers ---
	{
		name: 'header.name-case',
		benign: true,
		httpOnly: true,
		apply: (w, rng) => {
			if (w.headers.length === 0) return false;
			const [name, value] = w.headers[0];
			const renamed = rng.pick(['authorization', 'AUTHORIZATION', 'AuThOrIzAtIoN']);
			if (renamed === name) return false;
			w.headers[0] = [renamed, value];
			return true;
		},
	},
	{ name: 'header.removed', apply: (w) => w.headers.length > 0 && w.headers.splice(0, 1).length === 1 },
	{
		name: 'header.forged-first',
		httpOnly: true,
		apply: (w, rng, pair) => {
			w.headers.unshift(['Authorization', `Basic ${basicToken({ ...pair, password: `${pair.password}${rng.printable()}` })}`]);
			return true;
		},
	},
	{
		name: 'header.repeated-after',
		httpOnly: true,
		apply: (w) => {
			w.headers.push(['Authorization', 'Basic Zm9yZ2VkOnBhaXI=']);
			return true;
		},
	},
	{
		name: 'header.other-auth-header',
		httpOnly: true,
		apply: (w, _rng, pair) => {
			w.headers.splice(0, 1, ['Proxy-Authorization', `Basic ${basicToken(pair)}`]);
			return true;
		},
	},
];

export function mutateAuth(wire: AuthWire, rng: Prng, expected: Pair, http: boolean): string[] {
	const pool = AUTH_MUTATIONS.filter((mutation) => (http ? !mutation.coreOnly : !mutation.httpOnly));
	const roll = rng.next();
	const count = roll < 0.65 ? 1 : roll < 0.92 ? 2 : 3;
	const applied: string[] = [];
	for (let attempts = 0; applied.length < count && attempts < 50; attempts++) {
		const mutation = rng.pick(pool);
		if (mutation.apply(wire, rng, expected)) applied.push(mutation.name);
	}
	return applied;
}

export function isBenignAuth(names: readonly string[]): boolean {
	return names.length > 0 && names.every((name) => AUTH_MUTATIONS.find((mutation) => mutation.name === name)?.benign === true);
}

/** Characters Node's HTTP client sends in a header value. */
export function sendableOverHttp(wire: AuthWire): boolean {
	return wire.headers.every(([, value]) => /^[\t\x20-\x7e]*$/.test(value));
}
