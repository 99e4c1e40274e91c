// The HTTP front: route, inject failures, log, answer.
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { FailureInjector } from './failures';
import type { RouteResult } from './http/exchange';
import { readExchange } from './http/exchange';
import type { Router } from './http/router';
import { hubspotError } from './hubspot/routes';
import { pipedriveError } from './pipedrive/routes';
import type { RequestLog } from './request-log';
import type { AuthKind, FailureRule, JsonValue, RequestLogEntry } from './types';

/** `clientOf`: the name of the client that sent a request, when the sandbox was asked to tell them apart. */
export function requestHandler(router: Router, failures: FailureInjector, log: RequestLog, clientOf?: (req: IncomingMessage) => string | undefined) {
	return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const exchange = await readExchange(req);
		const match = router.match(exchange.method, exchange.path);
		let provider: RequestLogEntry['provider'] | 'control' = 'unknown';
		let result: RouteResult;
		let injected = false;
		if (!match) {
			result = { status: 404, body: { error: 'NOT_FOUND', message: `no sandbox route for ${exchange.method} ${exchange.path}` } };
		} else if ('methodNotAllowed' in match) {
			provider = match.provider;
			result = { status: 405, body: { error: 'METHOD_NOT_ALLOWED', message: `${exchange.method} is not supported on ${exchange.path}` } };
		} else {
			const owner = match.provider;
			provider = owner;
			const failure = owner === 'control' ? undefined : failures.take(exchange.method, exchange.path);
			if (failure && owner !== 'control') {
				injected = true;
				result = failureReply(owner, failure);
			} else {
				try {
					result = await match.handler({ ...exchange, params: match.params });
				} catch (error) {
					result = { status: 500, body: { error: 'SANDBOX_FAILURE', message: error instanceof Error ? error.message : String(error) } };
				}
			}
		}
		// The log is about provider traffic; the sandbox's own controls would only add noise.
		if (provider !== 'control') log.record({
			provider: provider,
			method: exchange.method,
			path: exchange.path,
			query: exchange.query,
			headers: exchange.headers,
			auth: result.auth ?? detectAuth(exchange.headers, exchange.query),
			body: exchange.json ?? (exchange.rawBody === '' ? null : exchange.rawBody),
			status: result.status,
			injected,
			...(clientOf ? { client: clientOf(req) } : {}),
		});
		const headers: Record<string, string> = { ...result.headers };
		let payload = '';
		if (result.body !== undefined && result.status !== 204) {
			payload = typeof result.body === 'string' ? result.body : JSON.stringify(result.body);
			headers['content-type'] ??= typeof result.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
		}
		res.writeHead(result.status, headers);
		res.end(payload);
	};
}

function failureReply(provider: 'hubspot' | 'pipedrive', rule: FailureRule): RouteResult {
	const reply = provider === 'hubspot' ? hubspotFailure(rule.status) : pipedriveFailure(rule.status);
	return { ...reply, ...(rule.body === undefined ? {} : { body: rule.body as JsonValue }), headers: { ...reply.headers, ...rule.headers } };
}

function hubspotFailure(status: number): RouteResult {
	if (status === 429) {
		return {
			status,
			body: { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', correlationId: '00000000-0000-4000-8000-000000000429', policyName: 'SECONDLY' },
		};
	}
	return hubspotError(status, status >= 500 ? 'internal error' : `injected ${status}`, status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_ERROR');
}

function pipedriveFailure(status: number): RouteResult {
	if (status === 429) {
		return { ...pipedriveError(429, 'Request over limit'), headers: { 'x-ratelimit-limit': '80', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2' } };
	}
	return pipedriveError(status, status >= 500 ? 'Internal server error' : `injected ${status}`);
}

function detectAuth(headers: Record<string, string>, query: URLSearchParams): AuthKind {
	const authorization = headers.authorization ?? '';
	if (/^Bearer\s/i.test(authorization)) return 'bearer';
	if (/^Basic\s/i.test(authorization)) return 'basic';
	if (headers['x-api-token'] !== undefined) return 'apiTokenHeader';
	if (query.has('api_token')) return 'apiTokenQuery';
	if (query.has('hapikey')) return 'hapikey';
	return 'none';
}
