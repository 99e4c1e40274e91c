/**
 * What can stop a poll once the configuration is valid. A poll that throws commits nothing: the caller keeps
 * the state it had, so the next poll reads the same records again.
 */

export const POLLER_HTTP_ERROR_CODES = [
	/** The provider refused the request (4xx other than 429, or a status outside 2xx–5xx). */
	'REQUEST_REJECTED',
	/** 429 for longer than the poll's budget or the retry limit allows. */
	'RATE_LIMITED',
	/** 5xx through every retry the budget allowed. */
	'SERVER_ERROR',
] as const;
export type PollerHttpErrorCode = (typeof POLLER_HTTP_ERROR_CODES)[number];

/**
 * A provider answered with an error. `providerMessage` is taken from the response body (never from request
 * headers) with anything that looks like a credential masked, so it is safe to show to the user.
 */
export class PollerHttpError extends Error {
	constructor(
		readonly code: PollerHttpErrorCode,
		readonly status: number,
		readonly providerMessage: string,
	) {
		super(`HTTP ${status}: ${providerMessage}`);
		this.name = 'PollerHttpError';
	}
}

export const POLLER_RESPONSE_ERROR_CODES = [
	/** A next-page link on another host than the API base URL (credentials must never go there). */
	'FOREIGN_NEXT_URL',
	/** A next-page link that is not a URL, or not http(s). */
	'INVALID_NEXT_URL',
	/** `recordsPath` points at something that is not an array. */
	'RECORDS_NOT_ARRAY',
	/** No `recordsPath` and no array where one is usually found. */
	'NO_RECORDS_ARRAY',
] as const;
export type PollerResponseErrorCode = (typeof POLLER_RESPONSE_ERROR_CODES)[number];

/** A successful response the configuration does not fit: the fix is in the configuration. */
export class PollerResponseError extends Error {
	constructor(
		readonly code: PollerResponseErrorCode,
		readonly resource: string,
		readonly problem: string,
	) {
		super(`${resource}: ${problem}`);
		this.name = 'PollerResponseError';
	}
}
