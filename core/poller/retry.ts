/**
 * One request with the retries the providers ask for: 429 waits for as long as the provider says, 5xx backs off
 * exponentially with jitter, anything else fails at once with the provider's own message. Every wait must end
 * before the poll's deadline; one that would not is reported back (`out-of-time`) instead of slept through.
 */
import type { PageRequest } from './pagination';
import { isJsonObject } from './paths';
import { MAX_TEXT_BODY_CHARS, plainText, type ScanMeter } from './plainText';
import { PollerHttpError } from './runErrors';

export interface HttpResponse {
	status: number;
	headers: Record<string, string | undefined>;
	body: unknown;
}

export type HttpFetch = (request: PageRequest) => Promise<HttpResponse>;

export const RETRY_POLICY = {
	/** 429s in a row on one request before the poll fails. */
	maxRateLimitRetries: 8,
	/** 5xx in a row on one request before the poll fails. */
	maxServerErrorRetries: 5,
	/** First 5xx backoff; doubles per retry up to `maxBackoffMs`, half of it random. */
	firstBackoffMs: 1_000,
	maxBackoffMs: 30_000,
	/**
	 * A 429 without Retry-After or reset header: HubSpot's search limit is per second ("You have reached your
	 * secondly limit", https://developers.hubspot.com/docs/api/usage-details), so a second usually clears it;
	 * it doubles on each further 429.
	 */
	defaultRateLimitWaitMs: 1_000,
} as const;

/** How much of a provider message is kept. */
export const MAX_PROVIDER_MESSAGE_LENGTH = 300;

export type ResponseVerdict =
	| { kind: 'ok' }
	| { kind: 'retry'; code: 'RATE_LIMITED' | 'SERVER_ERROR'; waitMs: number; providerMessage: string }
	| { kind: 'fail'; code: 'REQUEST_REJECTED'; providerMessage: string };

/**
 * What to do with a response. `attempt` counts the retries of this request so far (0 on the first answer);
 * `random` returns [0, 1) and only spreads 5xx backoffs.
 */
export function judgeResponse(response: HttpResponse, attempt: number, nowMs: number, random: () => number): ResponseVerdict {
	const { status } = response;
	if (status >= 200 && status < 300) return { kind: 'ok' };
	const message = providerMessage(status, response.body);
	if (status === 429) {
		return { kind: 'retry', code: 'RATE_LIMITED', waitMs: rateLimitWaitMs(response, attempt, nowMs), providerMessage: message };
	}
	if (status >= 500 && status < 600) {
		return { kind: 'retry', code: 'SERVER_ERROR', waitMs: backoffMs(attempt, random), providerMessage: message };
	}
	return { kind: 'fail', code: 'REQUEST_REJECTED', providerMessage: message };
}

/**
 * How long a 429 asks us to wait: `Retry-After` (seconds or an HTTP date, RFC 9110 §10.2.3), else Pipedrive's
 * `x-ratelimit-reset` (seconds until the window resets, https://pipedrive.readme.io/docs/core-api-concepts-rate-limiting),
 * else HubSpot's policy: a daily limit cannot be waited out in a poll (Infinity), anything else gets the
 * default, doubled per retry.
 */
export function rateLimitWaitMs(response: HttpResponse, attempt: number, nowMs: number): number {
	const retryAfter = retryAfterMs(response.headers, nowMs);
	if (retryAfter !== undefined) return retryAfter;
	const reset = header(response.headers, 'x-ratelimit-reset');
	if (reset !== undefined && /^\d+(\.\d+)?$/.test(reset.trim())) {
		const value = Number(reset);
		// Some gateways send the reset as epoch seconds rather than a delay.
		return value > 1e9 ? Math.max(0, Math.ceil(value * 1000 - nowMs)) : Math.ceil(value * 1000);
	}
	if (isJsonObject(response.body) && response.body.policyName === 'DAILY') return Number.POSITIVE_INFINITY;
	return Math.min(RETRY_POLICY.maxBackoffMs, RETRY_POLICY.defaultRateLimitWaitMs * 2 ** attempt);
}

/** `Retry-After` in milliseconds, or undefined when absent or unreadable. */
export function retryAfterMs(headers: Record<string, string | undefined>, nowMs: number): number | undefined {
	const value = header(headers, 'retry-after')?.trim();
	if (value === undefined || value === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
	// An HTTP date names its weekday and month; without letters `Date.parse` would read "-5" as a year.
	if (!/[A-Za-z]/.test(value)) return undefined;
	const dateMs = Date.parse(value);
	return Number.isFinite(dateMs) ? Math.max(0, dateMs - nowMs) : undefined;
}

/** Exponential backoff with "equal jitter": half the step is fixed, half random, so retries spread out. */
export function backoffMs(attempt: number, random: () => number): number {
	const step = Math.min(RETRY_POLICY.maxBackoffMs, RETRY_POLICY.firstBackoffMs * 2 ** attempt);
	const r = Math.min(Math.max(random(), 0), 1);
	return Math.round(step / 2 + (step / 2) * r);
}

/**
 * The provider's own words from an error body: HubSpot's `message`, Pipedrive's `error` and `error_info`, an
 * OAuth-style `error_description`, or the text of an HTML error page. Credentials are masked, length bounded.
 * `meter` counts the characters the text passes examine (see plainText.ts).
 */
export function providerMessage(status: number, body: unknown, meter?: ScanMeter): string {
	// A message field can be as long as the body: redaction reads a bounded part, truncation keeps less.
	const text = messageOf(body, meter).slice(0, MAX_TEXT_BODY_CHARS);
	const message = text === '' ? `the provider answered HTTP ${status} without a message` : text;
	return truncate(redactSecrets(message));
}

function messageOf(body: unknown, meter?: ScanMeter): string {
	if (typeof body === 'string') {
		const trimmed = body.trim();
		if (trimmed.startsWith('{')) {
			try {
				return messageOf(JSON.parse(trimmed) as unknown, meter);
			} catch {
				// not JSON after all: read it as text
			}
		}
		return plainText(trimmed, meter);
	}
	if (!isJsonObject(body)) return '';
	const parts: string[] = [];
	const add = (value: unknown): void => {
		if (typeof value === 'string' && value.trim() !== '' && !parts.includes(value.trim())) parts.push(value.trim());
	};
	add(body.message);
	if (isJsonObject(body.error)) add(body.error.message);
	else add(body.error);
	add(body.error_description);
	add(body.error_info);
	if (Array.isArray(body.errors) && isJsonObject(body.errors[0])) add(body.errors[0].message);
	return parts.join(' — ');
}

const SECRET_ASSIGNMENT =
	/((?:api[_-]?token|api[_-]?key|hapikey|access[_-]?token|refresh[_-]?token|client[_-]?secret|password|secret|token)["']?\s*[:=]\s*["']?)[^\s&"',;}]+/gi;
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi;
/** HubSpot private-app tokens look like `pat-na1-<uuid>`. */
const HUBSPOT_TOKEN = /\bpat-[a-z]{2}\d-[0-9a-f-]{16,}/gi;

/** Masks anything in a message that looks like a credential (some APIs echo the request URL or headers). */
export function redactSecrets(text: string): string {
	return text.replace(SECRET_ASSIGNMENT, '$1***').replace(AUTH_SCHEME, '$1 ***').replace(HUBSPOT_TOKEN, '***');
}

function truncate(text: string): string {
	return text.length <= MAX_PROVIDER_MESSAGE_LENGTH ? text : `${text.slice(0, MAX_PROVIDER_MESSAGE_LENGTH - 1)}…`;
}

function header(headers: Record<string, string | undefined>, name: string): string | undefined {
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() === name && typeof value === 'string') return value;
	}
	return undefined;
}

export interface RetryContext {
	fetch: HttpFetch;
	sleep: (ms: number) => Promise<void>;
	clock: () => number;
	random: () => number;
	/** Clock value by which every wait must have ended. */
	deadlineMs: number;
}

export type RetryResult =
	| { kind: 'ok'; response: HttpResponse; retries: number }
	/** The provider asked for a wait that would end after the deadline; `error` says what it answered. */
	| { kind: 'out-of-time'; error: PollerHttpError; retries: number }
	/** Refused (4xx), or 429/5xx through every retry allowed. */
	| { kind: 'failed'; error: PollerHttpError; retries: number };

/**
 * Sends `request` until it succeeds, fails for good or runs out of time. Provider answers never throw; what
 * `fetch` itself throws (network errors) passes through untouched.
 */
export async function fetchWithRetry(request: PageRequest, context: RetryContext): Promise<RetryResult> {
	let rateLimited = 0;
	let serverErrors = 0;
	for (;;) {
		const response = await context.fetch(request);
		const verdict = judgeResponse(
			response,
			response.status === 429 ? rateLimited : serverErrors,
			context.clock(),
			context.random,
		);
		const retries = rateLimited + serverErrors;
		if (verdict.kind === 'ok') return { kind: 'ok', response, retries };
		const error = new PollerHttpError(verdict.code, response.status, verdict.providerMessage);
		if (verdict.kind === 'fail') return { kind: 'failed', error, retries };
		const exhausted =
			verdict.code === 'RATE_LIMITED'
				? rateLimited >= RETRY_POLICY.maxRateLimitRetries
				: serverErrors >= RETRY_POLICY.maxServerErrorRetries;
		if (exhausted) return { kind: 'failed', error, retries };
		if (context.clock() + verdict.waitMs > context.deadlineMs) return { kind: 'out-of-time', error, retries };
		await context.sleep(verdict.waitMs);
		if (verdict.code === 'RATE_LIMITED') rateLimited++;
		else serverErrors++;
	}
}
