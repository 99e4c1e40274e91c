import hubspotPages from '../../fixtures/poller/engine/hubspot-search-pages.json';
import pipedrivePage from '../../fixtures/poller/engine/pipedrive-deals-page.json';
import { emptyState, loadState } from '../../../core/poller/cursor';
import type { PollerState } from '../../../core/poller/cursor';
import { runPoll, TEST_LOOKBACK_MS } from '../../../core/poller/engine';
import type { PollInput, PollOutcome } from '../../../core/poller/engine';
import type { PageRequest } from '../../../core/poller/pagination';
import type { HttpResponse } from '../../../core/poller/retry';
import { PollerHttpError, PollerResponseError } from '../../../core/poller/runErrors';
import type { PollerConfig, ResourceConfig } from '../../../core/poller/types';

const T = Date.UTC(2025, 2, 3, 9, 0, 0);
const SECOND = 1_000;
const MINUTE = 60 * SECOND;

interface Row {
	id: string;
	updatedMs: number;
	createdMs?: number;
	/** When the row becomes searchable; default its date. */
	visibleAtMs?: number;
}

/**
 * A search endpoint in the style of HubSpot's: `from` is an inclusive lower bound on the date, ascending
 * by date then id, `after` an offset, an optional cap past which paging is refused with 400.
 */
class SearchApi {
	rows: Row[] = [];
	readonly log: Array<{ atMs: number; request: PageRequest }> = [];
	/** Answers given instead of the rows, one per request, while any are left (undefined = answer normally). */
	readonly script: Array<HttpResponse | undefined> = [];
	cap = Number.POSITIVE_INFINITY;
	/** Runs after each normal answer (to change the data while a poll pages through it). */
	afterServe?: (served: Row[]) => void;

	constructor(private readonly clock: () => number) {}

	handle(request: PageRequest): HttpResponse {
		const nowMs = this.clock();
		this.log.push({ atMs: nowMs, request });
		const scripted = this.script.shift();
		if (scripted !== undefined) return scripted;
		const body = request.body as { from: string; limit: number; after?: string };
		const offset = Number(body.after ?? 0);
		if (offset >= this.cap) return { status: 400, headers: {}, body: { status: 'error', message: `paging stops at ${this.cap}` } };
		const matching = this.rows
			.filter((row) => (row.visibleAtMs ?? row.updatedMs) <= nowMs && row.updatedMs >= Number(body.from))
			.sort((a, b) => a.updatedMs - b.updatedMs || Number(a.id) - Number(b.id));
		const page = matching.slice(offset, offset + body.limit);
		const result: Record<string, unknown> = {
			results: page.map((row) => ({ id: row.id, updatedAt: row.updatedMs, createdAt: row.createdMs ?? row.updatedMs - MINUTE })),
		};
		if (offset + body.limit < matching.length) result.paging = { next: { after: String(offset + body.limit) } };
		this.afterServe?.(page);
		return { status: 200, headers: {}, body: result };
	}

	/** The `from` of every request, and its `after` when paging. */
	get trail(): string[] {
		return this.log.map(({ request }) => {
			const body = request.body as { from: string; after?: string };
			return body.after === undefined ? `from ${Number(body.from) - T}` : `from ${Number(body.from) - T} after ${body.after}`;
		});
	}
}

function searchResource(overrides: Partial<ResourceConfig> = {}): ResourceConfig {
	return {
		name: 'contacts',
		url: '/search',
		method: 'POST',
		body: { from: '${epoch}', limit: 5 },
		idField: 'id',
		filterByUpdatedDate: true,
		filterByCurrentDate: false,
		pollDelayMs: 30 * SECOND,
		pageSize: 5,
		createdCheckToleranceMs: 10 * SECOND,
		updated: { path: 'updatedAt', format: { kind: 'milliseconds' }, zone: 'UTC' },
		created: { path: 'createdAt', format: { kind: 'milliseconds' }, zone: 'UTC' },
		recordsPath: 'results',
		pagination: { type: 'cursor', nextPath: 'paging.next.after', param: 'after', in: 'body' },
		sortOrder: 'ascending',
		...overrides,
	};
}

const config = (...resources: ResourceConfig[]): PollerConfig => ({ resources, warnings: [] });

function deepFreeze<V>(value: V): V {
	if (typeof value === 'object' && value !== null) {
		Object.values(value).forEach(deepFreeze);
		Object.freeze(value);
	}
	return value;
}

/** A simulated clock, an API on it, and a way to build poll inputs at the current time. */
function rig(latencyMs = 100) {
	let nowMs = T;
	const api = new SearchApi(() => nowMs);
	const slept: number[] = [];
	const fetch = async (request: PageRequest): Promise<HttpResponse> => {
		nowMs += latencyMs;
		return api.handle(request);
	};
	return {
		api,
		slept,
		at(ms: number): void {
			nowMs = ms;
		},
		now: () => nowMs,
		input(overrides: Partial<PollInput> = {}): PollInput {
			return {
				config: config(searchResource()),
				state: deepFreeze(emptyState()),
				nowMs,
				budgetMs: 5 * MINUTE,
				mode: 'poll',
				fetch,
				sleep: async (ms) => {
					slept.push(ms);
					nowMs += ms;
				},
				clock: () => nowMs,
				random: () => 0.5,
				baseUrl: 'https://api.example.test',
				...overrides,
			};
		},
	};
}

const ids = (outcome: PollOutcome): string[] => outcome.events.map((event) => event.objectId);
/** The state as n8n would hand it back next time: through JSON, frozen so the engine cannot mutate it. */
const stored = (outcome: PollOutcome): PollerState => deepFreeze(loadState(JSON.parse(JSON.stringify(outcome.state))));

describe('first activation', () => {
	it('starts from now: only the overlap before activation is read', async () => {
		const r = rig();
		r.api.rows = [
			{ id: '1', updatedMs: T - 10 * MINUTE },
			{ id: '2', updatedMs: T - 10 * SECOND },
		];
		const outcome = await runPoll(r.input());
		expect(r.api.trail[0]).toBe(`from ${-30 * SECOND}`);
		expect(ids(outcome)).toEqual(['2']);
		expect(outcome.state.resources.contacts.markMs).toBe(T);
	});

	it('starts from the start date when one is given', async () => {
		const r = rig();
		r.api.rows = [
			{ id: '1', updatedMs: T - 2 * 60 * MINUTE },
			{ id: '2', updatedMs: T - 50 * MINUTE },
		];
		const outcome = await runPoll(r.input({ startMs: T - 60 * MINUTE }));
		expect(ids(outcome)).toEqual(['2']);
		// Catching up: the next query starts at the newest record read, without an overlap.
		expect(outcome.state.resources.contacts.markMs - 30 * SECOND).toBe(T - 50 * MINUTE);
	});
});

describe('events', () => {
	it('carry the normalised header and the record', async () => {
		const r = rig();
		r.api.rows = [
			{ id: '7', updatedMs: T - 5 * SECOND, createdMs: T - 6 * SECOND },
			{ id: '8', updatedMs: T - 4 * SECOND, createdMs: T - 2 * MINUTE },
		];
		const outcome = await runPoll(r.input());
		expect(outcome.events).toEqual([
			{
				eventType: 'CREATED',
				objectType: 'contacts',
				objectId: '7',
				occurredAt: new Date(T - 5 * SECOND).toISOString(),
				traceKey: `poller:contacts:7:${T - 5 * SECOND}`,
				record: { id: '7', updatedAt: T - 5 * SECOND, createdAt: T - 6 * SECOND },
			},
			expect.objectContaining({ eventType: 'UPDATED', objectId: '8' }),
		]);
		// The header first, in the webhook triggers' order.
		expect(Object.keys(outcome.events[0])).toEqual(['eventType', 'objectType', 'objectId', 'occurredAt', 'traceKey', 'record']);
	});

	it('come from HubSpot-shaped search pages', async () => {
		const pages = [...hubspotPages.pages];
		const resource = searchResource({
			url: '/crm/v3/objects/contacts/search',
			updated: { path: 'properties.lastmodifieddate', format: { kind: 'iso8601' }, zone: 'UTC' },
			created: { path: 'properties.createdate', format: { kind: 'iso8601' }, zone: 'UTC' },
		});
		const outcome = await runPoll({
			...rig().input({ config: config(resource) }),
			fetch: async () => ({ status: 200, headers: {}, body: pages.shift() }),
		});
		expect(outcome.events.map(({ eventType, objectId, occurredAt }) => ({ eventType, objectId, occurredAt }))).toEqual(hubspotPages.expected);
		expect(outcome.stats.skipped).toBe(hubspotPages.expectedSkipped);
	});

	it('come from a Pipedrive-shaped list, numeric ids as text, deleted marker honoured', async () => {
		const resource = searchResource({
			name: 'deals',
			method: 'GET',
			url: '/api/v2/deals?updated_since=${date}&sort_by=update_time&sort_direction=asc&limit=500',
			body: undefined,
			updated: { path: 'update_time', format: { kind: 'iso8601' }, zone: 'UTC' },
			created: { path: 'add_time', format: { kind: 'iso8601' }, zone: 'UTC' },
			recordsPath: 'data',
			pagination: { type: 'cursor', nextPath: 'additional_data.next_cursor', param: 'cursor', in: 'query' },
			deleted: { field: 'status', value: 'deleted' },
		});
		const sent: PageRequest[] = [];
		const outcome = await runPoll({
			...rig().input({ config: config(resource) }),
			fetch: async (request) => {
				sent.push(request);
				return { status: 200, headers: {}, body: pipedrivePage.page };
			},
		});
		expect(sent.map((request) => request.url)).toEqual([
			'/api/v2/deals?updated_since=2025-03-03T08%3A59%3A30Z&sort_by=update_time&sort_direction=asc&limit=500',
		]);
		expect(outcome.events.map(({ eventType, objectId, occurredAt }) => ({ eventType, objectId, occurredAt }))).toEqual(pipedrivePage.expected);
		expect(outcome.stats.skipped).toBe(pipedrivePage.expectedSkipped);
	});

	it.each([
		{ name: 'no id', record: { updatedAt: T } },
		{ name: 'an empty id', record: { id: '', updatedAt: T } },
		{ name: 'an object id', record: { id: { v: 1 }, updatedAt: T } },
		{ name: 'no date', record: { id: '1' } },
		{ name: 'an unreadable date', record: { id: '1', updatedAt: 'yesterday' } },
		{ name: 'a date out of range', record: { id: '1', updatedAt: 9e15 } },
	])('skip and count a record with $name', async ({ record }) => {
		const outcome = await runPoll({
			...rig().input(),
			fetch: async () => ({ status: 200, headers: {}, body: { results: [record, 'not a record', { id: 'ok', updatedAt: T - SECOND }] } }),
		});
		expect(ids(outcome)).toEqual(['ok']);
		expect(outcome.stats.skipped).toBe(2);
	});

	it('by created date: only records created since the cursor, all CREATED', async () => {
		const r = rig();
		const resource = searchResource({ filterByUpdatedDate: false });
		const rows = [
			{ id: '1', updatedAt: T - SECOND, createdAt: T - 10 * MINUTE },
			{ id: '2', updatedAt: T - SECOND, createdAt: T - 20 * SECOND },
		];
		const outcome = await runPoll({
			...r.input({ config: config(resource) }),
			fetch: async () => ({ status: 200, headers: {}, body: { results: rows } }),
		});
		expect(outcome.events.map((event) => [event.objectId, event.eventType, event.occurredAt])).toEqual([
			['2', 'CREATED', new Date(T - 20 * SECOND).toISOString()],
		]);
	});
});

describe('between polls', () => {
	it('repeats nothing and catches a record that became searchable late', async () => {
		const r = rig();
		r.api.rows = [
			{ id: '1', updatedMs: T - 5 * SECOND },
			{ id: '2', updatedMs: T - 3 * SECOND, visibleAtMs: T + 20 * SECOND },
		];
		const first = await runPoll(r.input());
		expect(ids(first)).toEqual(['1']);

		r.at(T + MINUTE);
		const second = await runPoll(r.input({ state: stored(first) }));
		expect(ids(second)).toEqual(['2']);

		r.at(T + 2 * MINUTE);
		const third = await runPoll(r.input({ state: stored(second) }));
		expect(ids(third)).toEqual([]);
	});

	it('emits a new version of a record already emitted', async () => {
		const r = rig();
		r.api.rows = [{ id: '1', updatedMs: T - 5 * SECOND }];
		const first = await runPoll(r.input());
		r.api.rows = [{ id: '1', updatedMs: T + 30 * SECOND }];
		r.at(T + MINUTE);
		const second = await runPoll(r.input({ state: stored(first) }));
		expect(second.events.map((event) => event.occurredAt)).toEqual([new Date(T + 30 * SECOND).toISOString()]);
	});

	it('filterByCurrentDate holds back what changed after the poll started, for the next poll', async () => {
		const r = rig(1_000);
		const resource = searchResource({ filterByCurrentDate: true });
		r.api.rows = [
			{ id: '1', updatedMs: T - 5 * SECOND },
			{ id: '2', updatedMs: T + 500 },
			...Array.from({ length: 10 }, (_, i) => ({ id: String(10 + i), updatedMs: T + 600 + i })),
		];
		const first = await runPoll(r.input({ config: config(resource) }));
		expect(ids(first)).toEqual(['1']);
		// Nothing past the poll's start can be emitted now: it stops reading there.
		expect(r.api.log).toHaveLength(1);
		r.at(T + MINUTE);
		const second = await runPoll(r.input({ config: config(resource), state: stored(first) }));
		expect(ids(second)).toEqual(['2', ...Array.from({ length: 10 }, (_, i) => String(10 + i))]);
	});

	it('drops the state of resources no longer configured', async () => {
		const r = rig();
		const state = deepFreeze(loadState({ version: 1, resources: { companies: { markMs: T, keys: [] } } }));
		const outcome = await runPoll(r.input({ state }));
		expect(Object.keys(outcome.state.resources)).toEqual(['contacts']);
	});
});

describe('paging', () => {
	it('re-anchors each page at its last date instead of paging by offset', async () => {
		const r = rig();
		r.api.rows = Array.from({ length: 12 }, (_, i) => ({ id: String(i + 1), updatedMs: T - 20 * SECOND + i * SECOND }));
		const outcome = await runPoll(r.input());
		expect(ids(outcome)).toEqual(r.api.rows.map((row) => row.id));
		expect(r.api.trail).toEqual([`from ${-30 * SECOND}`, `from ${-16 * SECOND}`, `from ${-12 * SECOND}`]);
		expect(outcome.stats).toMatchObject({ reanchors: 2, pages: 3, requests: 3 });
	});

	it('pages by offset through a run of one date, then reads the run again', async () => {
		const r = rig();
		const runMs = T - 10 * SECOND;
		r.api.rows = [
			...Array.from({ length: 8 }, (_, i) => ({ id: String(i + 1), updatedMs: runMs })),
			{ id: '20', updatedMs: T - 5 * SECOND },
		];
		const outcome = await runPoll(r.input());
		expect(new Set(ids(outcome)).size).toBe(9);
		expect(ids(outcome)).toHaveLength(9);
		expect(r.api.trail).toEqual([
			`from ${-30 * SECOND}`,
			`from ${-10 * SECOND}`,
			`from ${-10 * SECOND} after 5`,
			`from ${-10 * SECOND}`,
			`from ${-10 * SECOND} after 5`,
		]);
		expect(outcome.stats.rereads).toBe(1);
	});

	it('finds on the second read a record the first read skipped when the run shifted', async () => {
		const r = rig();
		const runMs = T - 10 * SECOND;
		r.api.rows = Array.from({ length: 8 }, (_, i) => ({ id: String(i + 1), updatedMs: runMs }));
		let shifted = false;
		r.api.afterServe = (served) => {
			// Right after the first page of the run, record 1 changes: the run shifts up by one under the reader.
			if (!shifted && served.length === 5 && served.every((row) => row.updatedMs === runMs)) {
				shifted = true;
				r.api.rows = r.api.rows.map((row) => (row.id === '1' ? { id: '1', updatedMs: T - SECOND } : row));
			}
		};
		const outcome = await runPoll(r.input());
		expect([...ids(outcome)].sort()).toEqual(['1', '1', '2', '3', '4', '5', '6', '7', '8']);
		expect(outcome.stats.rereads).toBe(1);
	});

	it('holds the mark on a run whose second pass the budget cut off, so the next poll reads it again', async () => {
		const r = rig(1_000);
		const runMs = T - 10 * MINUTE;
		r.api.rows = [
			...Array.from({ length: 8 }, (_, i) => ({ id: String(i + 1), updatedMs: runMs })),
			{ id: '20', updatedMs: T - 9 * MINUTE },
		];
		let runPagesServed = 0;
		r.api.afterServe = (served) => {
			// Record 1 changes between the run's first and second page: the run shifts up under the reader.
			if (served.length === 5 && served.every((row) => row.updatedMs === runMs) && ++runPagesServed === 2) {
				r.api.rows = r.api.rows.map((row) => (row.id === '1' ? { id: '1', updatedMs: T - 30 * SECOND } : row));
			}
		};
		// Three requests fit: the query, then the run's two pages (the second skips record 6); no second pass.
		const first = await runPoll(r.input({ startMs: T - 20 * MINUTE, budgetMs: 3_300 }));
		expect(r.api.log).toHaveLength(3);
		expect(ids(first).filter((id) => id === '6')).toEqual([]);
		expect(first.complete).toBe(false);

		r.at(T + MINUTE);
		const second = await runPoll(r.input({ state: stored(first) }));
		expect(ids(second)).toEqual(['6']);
	});

	it('gives up a date with more records than one query can page through, and does not loop on it', async () => {
		const r = rig();
		const runMs = T - 10 * SECOND;
		r.api.rows = [
			...Array.from({ length: 12 }, (_, i) => ({ id: String(i + 1), updatedMs: runMs })),
			{ id: '50', updatedMs: T - 5 * SECOND },
		];
		r.api.cap = 10;
		const resource = searchResource({ maxResultsPerQuery: 10 });
		const first = await runPoll(r.input({ config: config(resource) }));
		expect(ids(first)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '50']);
		expect(first.stats).toMatchObject({ skippedDates: 1 });
		expect(first.stats.restarts).toBeGreaterThanOrEqual(1);
		expect(r.api.log.some(({ request }) => (request.body as { after?: string }).after === '10')).toBe(false);

		r.at(T + MINUTE);
		const second = await runPoll(r.input({ config: config(resource), state: stored(first) }));
		expect(ids(second)).toEqual([]);
		expect(second.complete).toBe(true);
	});

	it('restarts when the provider refuses to page past its cap (400), without knowing the cap', async () => {
		const r = rig();
		const runMs = T - 10 * SECOND;
		r.api.rows = [
			...Array.from({ length: 12 }, (_, i) => ({ id: String(i + 1), updatedMs: runMs })),
			{ id: '50', updatedMs: T - 5 * SECOND },
		];
		r.api.cap = 10;
		const outcome = await runPoll(r.input());
		expect(ids(outcome)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '50']);
		expect(outcome.stats).toMatchObject({ restarts: 1, skippedDates: 1 });
	});

	it('fails on a 400 for the first page of a query (that is a real error)', async () => {
		const r = rig();
		r.api.script.push({ status: 400, headers: {}, body: { status: 'error', message: 'Invalid filter' } });
		await expect(runPoll(r.input())).rejects.toMatchObject({ status: 400, providerMessage: 'Invalid filter' });
	});

	it('refuses a next link to another host before sending anything there', async () => {
		const resource = searchResource({ pagination: { type: 'nextUrl', nextPath: 'next' } });
		const sent: string[] = [];
		const attempt = runPoll({
			...rig().input({ config: config(resource) }),
			fetch: async (request) => {
				sent.push(request.url);
				return { status: 200, headers: {}, body: { results: [{ id: '1', updatedAt: T }], next: 'https://collector.evil.example/steal' } };
			},
		});
		await expect(attempt).rejects.toBeInstanceOf(PollerResponseError);
		await expect(attempt).rejects.toMatchObject({ code: 'FOREIGN_NEXT_URL' });
		expect(sent).toEqual(['/search']);
	});
});

describe('the mark and the time a poll takes', () => {
	it('does not pass the first request, so a record indexed late behind the reader is still ahead', async () => {
		const r = rig();
		const resource = searchResource({ pollDelayMs: 10 * SECOND, body: { from: '${epoch}', limit: 2 } });
		r.api.rows = [
			{ id: '1', updatedMs: T - 3 * SECOND },
			{ id: '2', updatedMs: T - 2 * SECOND, visibleAtMs: T + 5 * SECOND },
			{ id: '3', updatedMs: T - 1 * SECOND },
			{ id: '5', updatedMs: T - 500 },
			{ id: '4', updatedMs: T + 15 * SECOND },
		];
		// The second request meets a rate limit: by the time the poll goes on, record 4 exists, and the page
		// that held record 2's date has already been read.
		r.api.script.push(undefined, { status: 429, headers: { 'retry-after': '20' }, body: { message: 'slow down' } });
		const first = await runPoll(r.input({ config: config(resource) }));
		expect(ids(first)).toEqual(['1', '3', '5', '4']);
		expect(first.state.resources.contacts.markMs).toBeLessThanOrEqual(T);

		r.at(T + MINUTE);
		const second = await runPoll(r.input({ config: config(resource), state: stored(first) }));
		expect(ids(second)).toEqual(['2']);
	});
});

describe('time budget', () => {
	it('stops early, keeps exactly what it emitted, and resumes', async () => {
		const r = rig(1_000);
		r.api.rows = Array.from({ length: 60 }, (_, i) => ({ id: String(i + 1), updatedMs: T - 20 * MINUTE + i * SECOND }));
		const input = r.input({ startMs: T - 30 * MINUTE, budgetMs: 4_000 });
		const first = await runPoll(input);
		expect(first.complete).toBe(false);
		expect(first.events.length).toBeGreaterThan(0);
		expect(first.events.length).toBeLessThan(60);
		expect(first.state.resources.contacts.markMs - 30 * SECOND).toBe(Date.parse(first.events[first.events.length - 1].occurredAt));
		expect(r.now()).toBeLessThanOrEqual(input.nowMs + 4_000);
		expect(first.state.lastSuccessMs).toBeUndefined();

		const all = [...ids(first)];
		let state = stored(first);
		for (let poll = 1; poll < 30 && all.length < 60; poll++) {
			r.at(T + poll * MINUTE);
			const next = await runPoll(r.input({ state, budgetMs: 4_000 }));
			all.push(...ids(next));
			state = stored(next);
		}
		expect(all).toEqual(r.api.rows.map((row) => row.id));
	});

	it('moves on even when a whole poll is spent re-reading records it emitted before', async () => {
		const r = rig(1_000);
		const markMs = T - 10 * MINUTE;
		// 40 records already emitted, one a second up to the mark: more than one poll's budget can re-read.
		const known = Array.from({ length: 40 }, (_, i) => ({ id: String(i + 1), updatedMs: markMs - 39 * SECOND + i * SECOND }));
		const fresh = Array.from({ length: 5 }, (_, i) => ({ id: String(100 + i), updatedMs: markMs + (i + 1) * SECOND }));
		r.api.rows = [...known, ...fresh];
		let state = deepFreeze(
			loadState({ version: 1, resources: { contacts: { markMs, keys: known.map((row) => `${row.id}@${row.updatedMs}`) } } }),
		);
		const emitted: string[] = [];
		for (let poll = 0; poll < 6; poll++) {
			r.at(T + poll * MINUTE);
			const outcome = await runPoll(r.input({ state, budgetMs: 4_000 }));
			emitted.push(...ids(outcome));
			state = stored(outcome);
		}
		expect(emitted).toEqual(fresh.map((row) => row.id));
	});

	it('shares the budget so one long backlog does not starve the next resource', async () => {
		const r = rig(1_000);
		r.api.rows = Array.from({ length: 100 }, (_, i) => ({ id: String(i + 1), updatedMs: T - 20 * MINUTE + i * SECOND }));
		const other = searchResource({ name: 'companies' });
		const outcome = await runPoll(r.input({ config: config(searchResource(), other), startMs: T - 30 * MINUTE, budgetMs: 10_000 }));
		const types = new Set(outcome.events.map((event) => event.objectType));
		expect(types).toEqual(new Set(['contacts', 'companies']));
		expect(outcome.complete).toBe(false);
	});
});

describe('failures', () => {
	it('a refusal fails the poll with the provider message and commits nothing', async () => {
		const r = rig();
		const state = deepFreeze(loadState({ version: 1, resources: { contacts: { markMs: T - MINUTE, keys: ['1@5'] } }, lastSuccessMs: T - MINUTE }));
		r.api.script.push({ status: 401, headers: { 'www-authenticate': 'Bearer' }, body: { status: 'error', message: 'Authentication credentials not found.' } });
		const attempt = runPoll(r.input({ state }));
		await expect(attempt).rejects.toBeInstanceOf(PollerHttpError);
		await expect(attempt).rejects.toMatchObject({ code: 'REQUEST_REJECTED', status: 401, providerMessage: 'Authentication credentials not found.' });
		expect(state.resources.contacts).toEqual({ markMs: T - MINUTE, keys: ['1@5'] });
	});

	it('waits out a rate limit and a server error within the budget', async () => {
		const r = rig();
		r.api.rows = [{ id: '1', updatedMs: T - SECOND }];
		r.api.script.push(
			{ status: 429, headers: { 'Retry-After': '2' }, body: { message: 'slow down' } },
			{ status: 502, headers: {}, body: '<h1>Bad gateway</h1>' },
		);
		const outcome = await runPoll(r.input());
		expect(ids(outcome)).toEqual(['1']);
		expect(r.slept).toEqual([2_000, 750]);
		expect(outcome.stats).toMatchObject({ requests: 3, retries: 2, pages: 1 });
	});

	it('a rate limit longer than the budget fails the poll when nothing was emitted', async () => {
		const r = rig();
		r.api.script.push({ status: 429, headers: {}, body: { status: 'error', message: 'You have reached your daily limit.', policyName: 'DAILY' } });
		await expect(runPoll(r.input())).rejects.toMatchObject({ code: 'RATE_LIMITED', status: 429 });
		expect(r.slept).toEqual([]);
	});

	it('a rate limit longer than the budget keeps what was already emitted', async () => {
		const r = rig();
		r.api.rows = [{ id: '1', updatedMs: T - SECOND }];
		r.api.script.push(undefined, { status: 429, headers: { 'retry-after': '3600' }, body: { message: 'later' } });
		const state = deepFreeze(loadState({ version: 1, resources: { companies: { markMs: T - MINUTE, keys: [] } } }));
		const outcome = await runPoll(r.input({ config: config(searchResource(), searchResource({ name: 'companies' })), state }));
		expect(outcome.events.map((event) => event.objectType)).toEqual(['contacts']);
		expect(outcome.complete).toBe(false);
		expect(outcome.state.resources.companies).toEqual({ markMs: T - MINUTE, keys: [] });
	});
});

describe('newest-first sources', () => {
	/** Newest first, offset paging, no date filter (like a "recently updated" list). */
	function recentApi(rows: Row[], latencyMs: number, now: { value: number }) {
		const sent: string[] = [];
		return {
			sent,
			fetch: async (request: PageRequest): Promise<HttpResponse> => {
				now.value += latencyMs;
				sent.push(request.url);
				const offset = Number(new URL(request.url, 'https://x.test').searchParams.get('offset') ?? 0);
				const sorted = [...rows].sort((a, b) => b.updatedMs - a.updatedMs);
				const page = sorted.slice(offset, offset + 2);
				return {
					status: 200,
					headers: {},
					body: { contacts: page.map((row) => ({ vid: Number(row.id), modified: row.updatedMs })), next: offset + 2 < sorted.length ? offset + 2 : null },
				};
			},
		};
	}
	const recent = searchResource({
		method: 'GET',
		url: '/recent?count=2',
		body: undefined,
		idField: 'vid',
		updated: { path: 'modified', format: { kind: 'milliseconds' }, zone: 'UTC' },
		created: { path: 'modified', format: { kind: 'milliseconds' }, zone: 'UTC' },
		recordsPath: 'contacts',
		pagination: { type: 'offset', param: 'offset', nextPath: 'next' },
		sortOrder: 'descending',
	});
	const rows: Row[] = [
		{ id: '1', updatedMs: T - 10 * MINUTE },
		{ id: '2', updatedMs: T - 25 * SECOND },
		{ id: '3', updatedMs: T - 20 * SECOND },
		{ id: '4', updatedMs: T - 10 * SECOND },
		{ id: '5', updatedMs: T - 5 * SECOND },
		{ id: '6', updatedMs: T - 11 * MINUTE },
	];

	it('read back to the cursor, then emit oldest first', async () => {
		const now = { value: T };
		const api = recentApi(rows, 100, now);
		const outcome = await runPoll({ ...rig().input({ config: config(recent) }), fetch: api.fetch, clock: () => now.value });
		expect(ids(outcome)).toEqual(['2', '3', '4', '5']);
		expect(api.sent).toEqual(['/recent?count=2', '/recent?count=2&offset=2', '/recent?count=2&offset=4']);
		expect(outcome.state.resources.contacts.markMs).toBe(T);
	});

	it('emit nothing and keep the state when the budget cuts the read short', async () => {
		const now = { value: T };
		const api = recentApi(rows, 2_000, now);
		const state = deepFreeze(loadState({ version: 1, resources: { contacts: { markMs: T - MINUTE, keys: [] } } }));
		const outcome = await runPoll({
			...rig().input({ config: config(recent), state, budgetMs: 3_000 }),
			fetch: api.fetch,
			clock: () => now.value,
		});
		expect(outcome.events).toEqual([]);
		expect(outcome.complete).toBe(false);
		expect(outcome.state.resources.contacts).toEqual({ markMs: T - MINUTE, keys: [] });
	});
});

describe('unordered sources', () => {
	const archived = searchResource({
		name: 'contacts_archived',
		objectType: 'contact',
		method: 'GET',
		url: '/crm/v3/objects/contacts?archived=true&limit=2',
		body: undefined,
		updated: { path: 'archivedAt', format: { kind: 'iso8601' }, zone: 'UTC' },
		created: { path: 'createdAt', format: { kind: 'iso8601' }, zone: 'UTC' },
		recordsPath: 'results',
		pagination: { type: 'cursor', nextPath: 'paging.next.after', param: 'after', in: 'query' },
		sortOrder: 'unordered',
		eventType: 'DELETED',
	});
	// Neither sorted nor filtered by date: new and old archivals interleave on every page.
	const archive = [
		{ id: '11', archivedAt: new Date(T - 20 * SECOND).toISOString() },
		{ id: '12', archivedAt: new Date(T - 90 * MINUTE).toISOString() },
		{ id: '13', archivedAt: new Date(T - 40 * MINUTE).toISOString() },
		{ id: '14', archivedAt: new Date(T - 5 * SECOND).toISOString() },
		{ id: '15', archivedAt: new Date(T - 10 * SECOND).toISOString() },
	].map((record) => ({ ...record, createdAt: new Date(T - 100 * MINUTE).toISOString(), archived: true }));
	const fetchArchive = (sent: string[]) => async (request: PageRequest): Promise<HttpResponse> => {
		sent.push(request.url);
		const after = Number(new URL(request.url, 'https://x.test').searchParams.get('after') ?? 0);
		const body: Record<string, unknown> = { results: archive.slice(after, after + 2) };
		if (after + 2 < archive.length) body.paging = { next: { after: String(after + 2) } };
		return { status: 200, headers: {}, body };
	};

	it('are read to their end; what is new since the cursor is emitted oldest first, under its objectType', async () => {
		const sent: string[] = [];
		const first = await runPoll({ ...rig().input({ config: config(archived) }), fetch: fetchArchive(sent) });
		expect(sent).toHaveLength(3);
		expect(first.events.map((event) => [event.objectId, event.eventType, event.objectType])).toEqual([
			['11', 'DELETED', 'contact'],
			['15', 'DELETED', 'contact'],
			['14', 'DELETED', 'contact'],
		]);
		expect(Object.keys(first.state.resources)).toEqual(['contacts_archived']);

		const second = await runPoll({ ...rig().input({ config: config(archived), state: stored(first) }), fetch: fetchArchive([]) });
		expect(second.events).toEqual([]);
	});
});

describe('refresh interval', () => {
	const every5 = (resource: ResourceConfig): PollerConfig => ({ resources: [resource], warnings: [], refreshIntervalMinutes: 5 });

	it.each([
		{ name: 'skips a tick before the interval has passed', lastMs: T - 4 * MINUTE, polls: false },
		{ name: 'polls once it has passed', lastMs: T - 5 * MINUTE, polls: true },
		{ name: 'polls when there was no successful poll yet', lastMs: undefined, polls: true },
		{ name: 'polls when the clock went back', lastMs: T + 60 * MINUTE, polls: true },
	])('$name', async ({ lastMs, polls }) => {
		const r = rig();
		r.api.rows = [{ id: '1', updatedMs: T - SECOND }];
		const state = deepFreeze(loadState({ version: 1, resources: {}, lastSuccessMs: lastMs }));
		const outcome = await runPoll(r.input({ config: every5(searchResource()), state }));
		expect(r.api.log.length > 0).toBe(polls);
		if (polls) {
			expect(outcome.state.lastSuccessMs).toBe(T);
		} else {
			expect(outcome).toEqual({ events: [], state, stats: expect.objectContaining({ requests: 0 }), complete: true });
		}
	});
});

describe('test mode', () => {
	it('returns a few of the newest records from 30 days back and never touches the state', async () => {
		const r = rig();
		r.api.rows = Array.from({ length: 9 }, (_, i) => ({ id: String(i + 1), updatedMs: T - (9 - i) * 24 * 60 * MINUTE }));
		const state = deepFreeze(
			loadState({ version: 1, resources: { contacts: { markMs: T, keys: [`9@${T - 24 * 60 * MINUTE}`] } }, lastSuccessMs: T }),
		);
		const outcome = await runPoll(r.input({ mode: 'test', state, testLimit: 3 }));
		expect(ids(outcome)).toEqual(['9', '8', '7']);
		expect(outcome.state).toBe(state);
		expect(r.api.trail[0]).toBe(`from ${-TEST_LOOKBACK_MS}`);
	});

	it('ignores the refresh interval', async () => {
		const r = rig();
		r.api.rows = [{ id: '1', updatedMs: T - SECOND }];
		const state = deepFreeze(loadState({ version: 1, resources: {}, lastSuccessMs: T }));
		const outcome = await runPoll(r.input({ mode: 'test', state, config: { ...config(searchResource()), refreshIntervalMinutes: 60 } }));
		expect(ids(outcome)).toEqual(['1']);
	});

	it('fails with the provider message', async () => {
		const r = rig();
		r.api.script.push({ status: 403, headers: {}, body: { message: 'This app lacks the crm.objects.contacts.read scope' } });
		await expect(runPoll(r.input({ mode: 'test' }))).rejects.toMatchObject({
			providerMessage: 'This app lacks the crm.objects.contacts.read scope',
		});
	});
});

describe('event cap per poll', () => {
	it('stops after the page that reaches maxEvents and resumes next poll, losing and repeating nothing', async () => {
		const r = rig();
		r.api.rows = Array.from({ length: 23 }, (_, i) => ({ id: String(i + 1), updatedMs: T + (i + 1) * SECOND }));
		let state = deepFreeze(emptyState());
		const seenIds: string[] = [];
		const sizes: number[] = [];
		r.at(T + MINUTE);
		for (let poll = 0; poll < 6; poll++) {
			const outcome = await runPoll(r.input({ state, maxEvents: 7, startMs: T }));
			sizes.push(outcome.events.length);
			seenIds.push(...ids(outcome));
			state = stored(outcome);
			r.at(r.now() + MINUTE);
		}
		// Pages hold 5 records: the cap is checked between pages, so a poll returns at most cap + a page − 1.
		expect(Math.max(...sizes)).toBeLessThanOrEqual(7 + 4);
		expect(sizes.filter((size) => size > 0).length).toBeGreaterThan(1);
		expect(seenIds.sort((a, b) => Number(a) - Number(b))).toEqual(r.api.rows.map((row) => row.id));
	});
});
