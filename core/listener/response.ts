import type { CompiledTemplate } from '../template';
import { ListenerError } from './errors';
import type { ListenerCounts } from './types';

export const RESPONSE_MEDIA_TYPES = ['application/json', 'application/xml', 'text/plain'] as const;
export type ResponseMediaType = (typeof RESPONSE_MEDIA_TYPES)[number];

/** Statuses that carry no body (RFC 9110 §15.3.5, §15.3.6), so no Content-Type either. */
const BODYLESS_STATUSES: ReadonlySet<number> = new Set([204, 205]);

export interface HttpReply {
	status: number;
	headers: Record<string, string>;
	body: string | undefined;
}

export interface SuccessResponseOptions {
	/** Any 2xx: the providers retry anything else (and Pipedrive bans a webhook after repeated failures). */
	statusCode: number;
	mediaType: ResponseMediaType;
	/** Rendered with `{ counts, traceKeys, statusCode }`; without it a short default body is sent. */
	bodyTemplate?: CompiledTemplate;
}

export interface SuccessResponseContext {
	counts: ListenerCounts;
	traceKeys: string[];
	nowMs: number;
}

/** Accepts only whole numbers from 200 to 299; throws `ListenerError` `INVALID_STATUS_CODE` otherwise. */
export function validateStatusCode(statusCode: number): number {
	if (!Number.isInteger(statusCode) || statusCode < 200 || statusCode > 299) {
		throw new ListenerError('INVALID_STATUS_CODE', `the success status must be a 2xx code, got ${String(statusCode)}`);
	}
	return statusCode;
}

function contentType(mediaType: ResponseMediaType): Record<string, string> {
	return { 'content-type': `${mediaType}; charset=utf-8` };
}

function defaultBody(mediaType: ResponseMediaType, counts: ListenerCounts): string {
	switch (mediaType) {
		case 'application/json':
			return JSON.stringify({ status: 'accepted', received: counts.received, emitted: counts.emitted });
		case 'application/xml':
			return (
				'<?xml version="1.0" encoding="UTF-8"?>' +
				`<response><status>accepted</status><received>${counts.received}</received><emitted>${counts.emitted}</emitted></response>`
			);
		case 'text/plain':
			return 'accepted';
	}
}

/**
 * The configured answer to an accepted delivery (integrator.io's "override success response"). The body
 * template sees only the counts and trace keys, never the payload or the request, so it cannot echo secrets.
 */
export function buildSuccessResponse(options: SuccessResponseOptions, context: SuccessResponseContext): HttpReply {
	const status = validateStatusCode(options.statusCode);
	if (BODYLESS_STATUSES.has(status)) return { status, headers: {}, body: undefined };
	const { counts, traceKeys, nowMs } = context;
	const body =
		options.bodyTemplate === undefined
			? defaultBody(options.mediaType, counts)
			: options.bodyTemplate.render({ counts: { ...counts }, traceKeys: [...traceKeys], statusCode: status }, { nowMs });
	return { status, headers: contentType(options.mediaType), body };
}

/** 500 is for our own failure (e.g. the raw body is unavailable, so nothing can be verified): the provider retries. */
export const REJECTION_STATUSES = [400, 401, 413, 415, 500] as const;
export type RejectionStatus = (typeof REJECTION_STATUSES)[number];

const REJECTION_ERRORS: Readonly<Record<RejectionStatus, string>> = {
	400: 'bad-request',
	401: 'unauthorized',
	413: 'payload-too-large',
	415: 'unsupported-media-type',
	500: 'internal-error',
};

/** What a reason must look like: a short kebab-case code such as `bad-signature`. */
const REASON_CODE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_REASON_LENGTH = 48;
/** Sent instead of a reason that is not a code, so free text (which might quote a secret) never leaves. */
export const FALLBACK_REASON = 'rejected';

/**
 * The answer to a request that is refused before any workflow runs. The reason must be a fixed code
 * (`bad-signature`, `stale-timestamp`, `invalid-json`…); anything else is replaced by `rejected`.
 */
export function buildRejection(status: RejectionStatus, reason: string): HttpReply {
	if (!REJECTION_STATUSES.includes(status)) {
		throw new ListenerError('INVALID_REJECTION_STATUS', `a rejection status must be one of ${REJECTION_STATUSES.join(', ')}, got ${String(status)}`);
	}
	const code = typeof reason === 'string' && reason.length <= MAX_REASON_LENGTH && REASON_CODE.test(reason) ? reason : FALLBACK_REASON;
	return {
		status,
		headers: contentType('application/json'),
		body: JSON.stringify({ error: REJECTION_ERRORS[status], reason: code }),
	};
}
