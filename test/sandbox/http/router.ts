// A tiny method + path-pattern router: `/webhooks/v3/:appId/settings`.
import type { Exchange, Handler, RouteOwner } from './exchange';

interface Route extends RouteOwner {
	method: string;
	segments: string[];
	handler: Handler;
}

export interface Match extends RouteOwner {
	handler: Handler;
	params: Record<string, string>;
}

export class Router {
	private readonly routes: Route[] = [];

	add(provider: RouteOwner['provider'], method: string, pattern: string, handler: Handler): this {
		this.routes.push({ provider, method, segments: split(pattern), handler });
		return this;
	}

	match(method: string, path: string): Match | { provider: RouteOwner['provider']; methodNotAllowed: true } | undefined {
		const segments = split(path);
		let pathMatched: RouteOwner['provider'] | undefined;
		for (const route of this.routes) {
			const params = matchSegments(route.segments, segments);
			if (!params) continue;
			if (route.method === method) return { provider: route.provider, handler: route.handler, params };
			pathMatched = route.provider;
		}
		return pathMatched ? { provider: pathMatched, methodNotAllowed: true } : undefined;
	}
}

function split(path: string): string[] {
	return path.split('/').filter((segment) => segment !== '');
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
	if (pattern.length !== actual.length) return undefined;
	const params: Record<string, string> = {};
	for (let i = 0; i < pattern.length; i++) {
		const expected = pattern[i];
		const got = actual[i];
		if (expected.startsWith(':')) {
			params[expected.slice(1)] = decodeURIComponent(got);
		} else if (expected !== got) {
			return undefined;
		}
	}
	return params;
}

export type { Exchange };
