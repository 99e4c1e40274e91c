// One incoming request, read completely, and the answer a route gives back.
import type { IncomingMessage } from 'node:http';

import type { AuthKind, JsonValue, Provider } from '../types';

export interface Exchange {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: Record<string, string>;
	rawBody: string;
	/** Parsed JSON, or undefined when the body is empty or not JSON. */
	json: JsonValue | undefined;
	/** Route parameters (`:name` segments). */
	params: Record<string, string>;
}

export interface Reply {
	status: number;
	body?: JsonValue | string;
	headers?: Record<string, string>;
}

/** What a route handler returns, plus how the caller authenticated (for the request log). */
export interface RouteResult extends Reply {
	auth?: AuthKind;
}

export type Handler = (exchange: Exchange) => RouteResult | Promise<RouteResult>;

export interface RouteOwner {
	provider: Provider | 'control';
}

export async function readExchange(req: IncomingMessage): Promise<Omit<Exchange, 'params'>> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) {
		chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
	}
	const rawBody = Buffer.concat(chunks).toString('utf8');
	const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(req.headers)) {
		if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
	}
	return {
		method: (req.method ?? 'GET').toUpperCase(),
		path: url.pathname,
		query: url.searchParams,
		headers,
		rawBody,
		json: parseJson(rawBody),
	};
}

export function parseJson(text: string): JsonValue | undefined {
	if (text.trim() === '') return undefined;
	try {
		return JSON.parse(text) as JsonValue;
	} catch {
		return undefined;
	}
}

/** Also accepts `application/x-www-form-urlencoded` bodies (OAuth token endpoints). */
export function formBody(exchange: Pick<Exchange, 'rawBody'>): URLSearchParams {
	return new URLSearchParams(exchange.rawBody);
}
