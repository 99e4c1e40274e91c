/**
 * One journal request with the retries a poll can afford: 429 waits as long as HubSpot asks, 5xx and transport
 * failures back off; a wait that would end after the poll's deadline is not slept through: the read stops there
 * and the next poll resumes from the last committed offset.
 */
import { judgeResponse, providerMessage, RETRY_POLICY, type HttpResponse } from '../poller/retry';

export type { HttpResponse };

export interface Clock {
	/** Milliseconds, monotonic enough for deadlines. */
	now(): number;
	sleep(ms: number): Promise<void>;
	/** [0, 1), only spreads backoffs. */
	random(): number;
}

/** The read must stop: the next wait would run past the poll's deadline. */
export class OutOfTime extends Error {
	constructor(readonly lastStatus: number) {
		super('out of time');
	}
}

export interface CallStats {
	retries: number;
}

const TRANSPORT_FAILURE = 0;

/**
 * Runs `send` until it answers something other than 429/5xx (returned as is, for the caller to judge), the
 * retries run out (the last answer is returned) or the deadline would be passed (throws `OutOfTime`).
 */
export async function callWithRetry(send: () => Promise<HttpResponse>, clock: Clock, deadlineMs: number, stats: CallStats): Promise<HttpResponse> {
	let rateLimited = 0;
	let failed = 0;
	for (;;) {
		let response: HttpResponse;
		try {
			response = await send();
		} catch (error) {
			response = { status: TRANSPORT_FAILURE, headers: {}, body: error instanceof Error ? error.message : String(error) };
		}
		const serverSide = response.status === TRANSPORT_FAILURE || (response.status >= 500 && response.status < 600);
		if (response.status !== 429 && !serverSide) return response;
		if (response.status === 429 ? rateLimited >= RETRY_POLICY.maxRateLimitRetries : failed >= RETRY_POLICY.maxServerErrorRetries) return response;
		const attempt = response.status === 429 ? rateLimited++ : failed++;
		const verdict = judgeResponse(serverSide ? { ...response, status: 503 } : response, attempt, clock.now(), clock.random);
		const waitMs = verdict.kind === 'retry' ? verdict.waitMs : 0;
		if (!Number.isFinite(waitMs) || clock.now() + waitMs >= deadlineMs) throw new OutOfTime(response.status);
		stats.retries += 1;
		await clock.sleep(waitMs);
	}
}

const PRESIGNED_QUERY = /((?:X-Amz-[A-Za-z-]+|Signature|Expires|sig|token)=)[^&\s"'<]+/gi;

/** HubSpot's (or the file store's) own words for a failed answer: short, credentials and URL signatures masked. */
export function answerMessage(response: HttpResponse): string {
	return providerMessage(response.status, response.body).replace(PRESIGNED_QUERY, '$1***');
}

/** A promise's outcome as a value, so callers can pass some failures on and act on others. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
	try {
		return { ok: true, value: await promise };
	} catch (error) {
		return { ok: false, error };
	}
}
