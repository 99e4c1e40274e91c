/**
 * In-process providers over a simulated world, shaped like the real endpoints the presets use:
 * - HubSpot CRM search: POST, filter `GTE` on the date, ascending sort, `after` = offset, a result cap (400
 *   past it), 429 "secondly limit" without headers;
 * - Pipedrive API v2 lists: GET, `updated_since` inclusive (seconds), ascending, opaque keyset cursor,
 *   429 with `x-ratelimit-reset`;
 * - a newest-first "recently updated" list without any date filter, keyset paged.
 * Each also injects 5xx answers and, rarely, a rate limit too long for a poll to wait out.
 */
import type { PageRequest } from '../../../../core/poller/pagination';
import type { HttpResponse } from '../../../../core/poller/retry';
import type { Random } from './random';
import type { Version, World } from './world';
import { compareVersions } from './world';

export interface FaultRates {
	rateLimit: number;
	serverError: number;
	/** A 429 asking for ten minutes. */
	outage: number;
}

export interface Fake {
	handle(request: PageRequest): HttpResponse;
	/** Requests refused for paging past the cap. */
	capRefusals: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const secondsIso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
	return { status, headers: { 'content-type': 'application/json', ...headers }, body };
}

function fault(random: Random, rates: FaultRates, rateLimited: () => HttpResponse): HttpResponse | undefined {
	if (random.chance(rates.outage)) return json(429, { message: 'daily limit' }, { 'retry-after': '600' });
	if (random.chance(rates.rateLimit)) return rateLimited();
	if (random.chance(rates.serverError)) {
		return random.chance(0.5)
			? { status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' }
			: json(503, { status: 'error', message: 'Service temporarily unavailable' });
	}
	return undefined;
}

export function hubspotSearch(world: World, clock: () => number, random: Random, rates: FaultRates, cap: number): Fake {
	const fake: Fake = {
		capRefusals: 0,
		handle(request) {
			const injected = fault(random, rates, () =>
				json(429, {
					status: 'error',
					message: 'You have reached your secondly limit.',
					errorType: 'RATE_LIMIT',
					policyName: 'SECONDLY',
				}),
			);
			if (injected) return injected;
			if (request.method !== 'POST' || request.url !== '/crm/v3/objects/contacts/search') {
				return json(404, { status: 'error', message: `no route ${request.method} ${request.url}` });
			}
			const body = request.body as {
				filterGroups: Array<{ filters: Array<{ propertyName: string; operator: string; value: string }> }>;
				limit: number;
				after?: string;
			};
			const filter = body.filterGroups[0].filters[0];
			if (filter.operator !== 'GTE' || filter.propertyName !== 'hs_lastmodifieddate') {
				return json(400, { status: 'error', message: 'unexpected filter' });
			}
			const fromMs = /^\d+$/.test(filter.value) ? Number(filter.value) : Date.parse(filter.value);
			const offset = body.after === undefined ? 0 : Number(body.after);
			if (offset >= cap) {
				fake.capRefusals++;
				return json(400, {
					status: 'error',
					message: `There was a problem with the request. Paging is limited to ${cap} results.`,
					category: 'VALIDATION_ERROR',
				});
			}
			const nowMs = clock();
			const page: Version[] = [];
			let matched = 0;
			let more = false;
			for (let i = world.firstAtOrAfter(fromMs); i < world.versions.length; i++) {
				const version = world.versions[i];
				if (!world.isShown(version, nowMs)) continue;
				if (matched >= offset + body.limit) {
					more = true;
					break;
				}
				if (matched >= offset) page.push(version);
				matched++;
			}
			const result: Record<string, unknown> = {
				results: page.map((v) => ({
					id: v.id,
					properties: { hs_object_id: v.id, createdate: iso(v.createdMs), hs_lastmodifieddate: iso(v.updatedMs) },
					createdAt: iso(v.createdMs),
					updatedAt: iso(v.updatedMs),
					archived: false,
				})),
			};
			if (more) result.paging = { next: { after: String(offset + body.limit) } };
			return json(200, result);
		},
	};
	return fake;
}

function encodeCursor(version: Version): string {
	return Buffer.from(JSON.stringify([version.updatedMs, version.id])).toString('base64url');
}

function decodeCursor(token: string): { updatedMs: number; id: string } {
	const [updatedMs, id] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as [number, string];
	return { updatedMs, id };
}

export function pipedriveList(world: World, clock: () => number, random: Random, rates: FaultRates): Fake {
	return {
		capRefusals: 0,
		handle(request) {
			const injected = fault(random, rates, () =>
				json(429, { success: false, error: 'Rate limit exceeded', error_info: 'Please retry later' }, { 'x-ratelimit-reset': '2' }),
			);
			if (injected) return injected;
			const url = new URL(request.url, 'https://acme.pipedrive.com');
			if (request.method !== 'GET' || url.pathname !== '/api/v2/deals') {
				return json(404, { success: false, error: 'Not found' });
			}
			const since = url.searchParams.get('updated_since');
			// updated_since is inclusive and read to the second.
			const fromMs = since === null ? 0 : Math.floor(Date.parse(since) / 1000) * 1000;
			const limit = Number(url.searchParams.get('limit') ?? '100');
			const token = url.searchParams.get('cursor');
			const after = token === null ? undefined : decodeCursor(token);
			const nowMs = clock();
			const page: Version[] = [];
			let more = false;
			for (let i = world.firstAtOrAfter(fromMs); i < world.versions.length; i++) {
				const version = world.versions[i];
				if (!world.isShown(version, nowMs)) continue;
				if (after !== undefined && compareVersions(version, { ...version, ...after }) <= 0) continue;
				if (page.length === limit) {
					more = true;
					break;
				}
				page.push(version);
			}
			return json(200, {
				success: true,
				data: page.map((v) => ({
					id: Number(v.id),
					title: `Deal ${v.id}`,
					add_time: secondsIso(v.createdMs),
					update_time: secondsIso(v.updatedMs),
				})),
				additional_data: { next_cursor: more ? encodeCursor(page[page.length - 1]) : null },
			});
		},
	};
}

export function recentlyUpdated(world: World, clock: () => number, random: Random, rates: FaultRates): Fake {
	return {
		capRefusals: 0,
		handle(request) {
			const injected = fault(random, rates, () => json(429, { message: 'Too many requests' }, { 'retry-after': '1' }));
			if (injected) return injected;
			const url = new URL(request.url, 'https://api.hubapi.com');
			if (request.method !== 'GET' || url.pathname !== '/contacts/v1/lists/recently_updated/contacts/recent') {
				return json(404, { message: 'not found' });
			}
			const count = Number(url.searchParams.get('count') ?? '20');
			const token = url.searchParams.get('offset');
			const after = token === null ? undefined : decodeCursor(token);
			const nowMs = clock();
			const page: Version[] = [];
			let more = false;
			for (let i = world.versions.length - 1; i >= 0; i--) {
				const version = world.versions[i];
				if (version.updatedMs > nowMs || !world.isShown(version, nowMs)) continue;
				if (after !== undefined && compareVersions(version, { ...version, ...after }) >= 0) continue;
				if (page.length === count) {
					more = true;
					break;
				}
				page.push(version);
			}
			return json(200, {
				contacts: page.map((v) => ({
					vid: Number(v.id),
					properties: {
						createdate: { value: String(v.createdMs) },
						lastmodifieddate: { value: String(v.updatedMs) },
					},
				})),
				'has-more': more,
				'next-offset': more ? encodeCursor(page[page.length - 1]) : null,
			});
		},
	};
}
