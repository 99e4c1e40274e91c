import fixture from '../../fixtures/poller/engine/error-responses.json';
import type { PageRequest } from '../../../core/poller/pagination';
import {
	backoffMs,
	fetchWithRetry,
	judgeResponse,
	MAX_PROVIDER_MESSAGE_LENGTH,
	providerMessage,
	redactSecrets,
	retryAfterMs,
	RETRY_POLICY,
} from '../../../core/poller/retry';
import type { HttpResponse } from '../../../core/poller/retry';
import { PollerHttpError } from '../../../core/poller/runErrors';

const NOW = Date.parse(fixture.nowIso);

interface Expected {
	kind: string;
	code: string;
	waitMs?: number | string;
	message: string;
}

describe('judgeResponse (provider responses)', () => {
	it.each(fixture.cases)('$name', ({ status, headers, body, expected }) => {
		const want = expected as Expected;
		const verdict = judgeResponse({ status, headers: headers as Record<string, string>, body }, 0, NOW, () => 0.5);
		expect(verdict.kind).toBe(want.kind);
		if (verdict.kind === 'ok') return;
		expect(verdict.code).toBe(want.code);
		expect(verdict.providerMessage).toBe(want.message);
		if (verdict.kind === 'retry' && want.waitMs !== undefined) {
			expect(verdict.waitMs).toBe(want.waitMs === 'Infinity' ? Number.POSITIVE_INFINITY : want.waitMs);
		}
	});

	it.each([200, 201, 204, 299])('%i is a success', (status) => {
		expect(judgeResponse({ status, headers: {}, body: {} }, 0, NOW, () => 0)).toEqual({ kind: 'ok' });
	});

	it.each([301, 302, 304, 400, 401, 403, 404, 409, 422, 600])('%i fails at once', (status) => {
		expect(judgeResponse({ status, headers: {}, body: {} }, 0, NOW, () => 0).kind).toBe('fail');
	});

	it('doubles the header-less 429 wait per retry, up to the ceiling', () => {
		const waits = [0, 1, 2, 10].map((attempt) => {
			const verdict = judgeResponse({ status: 429, headers: {}, body: {} }, attempt, NOW, () => 0);
			return verdict.kind === 'retry' ? verdict.waitMs : -1;
		});
		expect(waits).toEqual([1_000, 2_000, 4_000, RETRY_POLICY.maxBackoffMs]);
	});

	it('reads an x-ratelimit-reset given as epoch seconds', () => {
		const verdict = judgeResponse({ status: 429, headers: { 'X-RateLimit-Reset': String(NOW / 1000 + 7) }, body: {} }, 0, NOW, () => 0);
		expect(verdict).toMatchObject({ kind: 'retry', waitMs: 7_000 });
	});
});

describe('retryAfterMs', () => {
	it.each([
		{ name: 'seconds', value: '5', ms: 5_000 },
		{ name: 'fractional seconds', value: '1.5', ms: 1_500 },
		{ name: 'zero', value: '0', ms: 0 },
		{ name: 'padded', value: ' 3 ', ms: 3_000 },
		{ name: 'an HTTP date', value: 'Mon, 03 Mar 2025 09:01:00 GMT', ms: 60_000 },
		{ name: 'garbage', value: 'soon', ms: undefined },
		{ name: 'negative', value: '-5', ms: undefined },
		{ name: 'empty', value: '', ms: undefined },
	])('$name', ({ value, ms }) => {
		expect(retryAfterMs({ 'Retry-After': value }, NOW)).toBe(ms);
	});

	it('is undefined without the header', () => {
		expect(retryAfterMs({ 'content-type': 'application/json', 'retry-after': undefined }, NOW)).toBeUndefined();
	});
});

describe('backoffMs', () => {
	it.each([
		{ attempt: 0, random: 0, ms: 500 },
		{ attempt: 0, random: 0.999999, ms: 1_000 },
		{ attempt: 3, random: 0.5, ms: 6_000 },
		{ attempt: 20, random: 1, ms: RETRY_POLICY.maxBackoffMs },
		{ attempt: 1, random: 7, ms: 2_000 },
		{ attempt: 1, random: -3, ms: 1_000 },
	])('attempt $attempt with random $random waits $ms ms', ({ attempt, random, ms }) => {
		expect(backoffMs(attempt, () => random)).toBe(ms);
	});
});

describe('provider messages never carry credentials', () => {
	it.each([
		{ name: 'a Pipedrive token in an echoed URL', body: { error: 'Bad request to /v1/deals?api_token=9f8e7d6c5b4a&start=0' }, secret: '9f8e7d6c5b4a' },
		{ name: 'a legacy hapikey', body: { message: 'Invalid hapikey=aaaa-bbbb-cccc used' }, secret: 'aaaa-bbbb-cccc' },
		{ name: 'a bearer header echoed back', body: 'Authorization: Bearer eyJhbGciOi.payload.sig rejected', secret: 'eyJhbGciOi.payload.sig' },
		{ name: 'basic credentials', body: { message: 'got Basic dXNlcjpwYXNz' }, secret: 'dXNlcjpwYXNz' },
		{ name: 'a HubSpot private-app token', body: { message: 'token pat-na1-11111111-2222-3333-4444-555555555555 is revoked' }, secret: '11111111-2222' },
		{ name: 'a JSON access token', body: { message: 'rejected {"access_token":"ya29.secret"}' }, secret: 'ya29.secret' },
		{ name: 'a client secret', body: { error_description: 'client_secret=shh-123 does not match' }, secret: 'shh-123' },
		{ name: 'an x-api-token header dump', body: '<html><pre>x-api-token: tok_live_42</pre></html>', secret: 'tok_live_42' },
	])('$name', ({ body, secret }) => {
		const message = providerMessage(401, body);
		expect(message).not.toContain(secret);
		expect(message).toContain('***');
	});

	it('leaves ordinary text alone', () => {
		expect(redactSecrets('Contact 42 not found; token bucket empty')).toBe('Contact 42 not found; token bucket empty');
	});

	it('bounds the length', () => {
		const message = providerMessage(500, { message: 'x'.repeat(10_000) });
		expect(message.length).toBe(MAX_PROVIDER_MESSAGE_LENGTH);
		expect(message.endsWith('…')).toBe(true);
	});
});

/** A provider answering from a script, on a clock that sleeping moves. */
function scripted(responses: HttpResponse[]) {
	let nowMs = NOW;
	const sent: PageRequest[] = [];
	const slept: number[] = [];
	return {
		sent,
		slept,
		context: (deadlineMs: number) => ({
			fetch: async (request: PageRequest): Promise<HttpResponse> => {
				sent.push(request);
				const response = responses.shift();
				if (response === undefined) throw new Error('script exhausted');
				return response;
			},
			sleep: async (ms: number): Promise<void> => {
				slept.push(ms);
				nowMs += ms;
			},
			clock: () => nowMs,
			random: () => 0.5,
			deadlineMs,
		}),
	};
}

const ok: HttpResponse = { status: 200, headers: {}, body: { results: [] } };
const limited = (retryAfter: string): HttpResponse => ({ status: 429, headers: { 'retry-after': retryAfter }, body: { message: 'limited' } });
const unavailable: HttpResponse = { status: 503, headers: {}, body: { message: 'down' } };
const request: PageRequest = { method: 'GET', url: '/items' };

describe('fetchWithRetry', () => {
	it('waits as told, then succeeds', async () => {
		const script = scripted([limited('2'), unavailable, ok]);
		const result = await fetchWithRetry(request, script.context(NOW + 60_000));
		expect(result).toMatchObject({ kind: 'ok', retries: 2 });
		expect(script.slept).toEqual([2_000, 750]);
		expect(script.sent).toHaveLength(3);
	});

	it('gives up on 5xx after the retry limit', async () => {
		const script = scripted(Array.from({ length: 10 }, () => unavailable));
		const result = await fetchWithRetry(request, script.context(NOW + 3_600_000));
		expect(result.kind).toBe('failed');
		expect(script.sent).toHaveLength(RETRY_POLICY.maxServerErrorRetries + 1);
		if (result.kind === 'failed') {
			expect(result.error).toBeInstanceOf(PollerHttpError);
			expect(result.error).toMatchObject({ code: 'SERVER_ERROR', status: 503, providerMessage: 'down' });
		}
	});

	it('gives up on 429 after the retry limit', async () => {
		const script = scripted(Array.from({ length: 20 }, () => limited('0')));
		const result = await fetchWithRetry(request, script.context(NOW + 3_600_000));
		expect(result).toMatchObject({ kind: 'failed', error: { code: 'RATE_LIMITED' } });
		expect(script.sent).toHaveLength(RETRY_POLICY.maxRateLimitRetries + 1);
	});

	it('reports a wait that would end after the deadline instead of sleeping', async () => {
		const script = scripted([limited('120')]);
		const result = await fetchWithRetry(request, script.context(NOW + 60_000));
		expect(result).toMatchObject({ kind: 'out-of-time', error: { code: 'RATE_LIMITED', status: 429 } });
		expect(script.slept).toEqual([]);
	});

	it('never retries a refusal', async () => {
		const script = scripted([{ status: 401, headers: {}, body: { message: 'expired' } }, ok]);
		const result = await fetchWithRetry(request, script.context(NOW + 60_000));
		expect(result).toMatchObject({ kind: 'failed', error: { code: 'REQUEST_REJECTED', status: 401, message: 'HTTP 401: expired' } });
		expect(script.sent).toHaveLength(1);
	});

	it('lets a network error through untouched', async () => {
		const boom = new Error('ECONNRESET');
		const context = { ...scripted([]).context(NOW + 60_000), fetch: () => Promise.reject(boom) };
		await expect(fetchWithRetry(request, context)).rejects.toBe(boom);
	});
});
