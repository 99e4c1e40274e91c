/**
 * The query of an ascending read as a value: where it started, the request to send next, and what it has
 * read so far. Every change is a named move that returns a new query (the paginator's decisions, apart from
 * the sending): follow the provider's paging, re-anchor at a page's last date, re-read a run of records
 * sharing the start date, restart at the provider's result cap.
 */
import type { PageRequest, PagingContext } from './pagination';
import { nextPageRequest, sameRequest } from './pagination';
import type { PageRead } from './page';
import type { PollStats } from './session';
import { queryRequest } from './session';
import type { ResourceConfig } from './types';

export interface Query {
	readonly startMs: number;
	readonly first: PageRequest;
	/** The request to send next. */
	readonly request: PageRequest;
	/** Array elements received so far (what a provider's cap counts). */
	readonly results: number;
	/** Largest readable date received so far. */
	readonly maxMs: number | undefined;
	/** Whether the provider's paging was followed from a page holding only the start date. */
	readonly pagedWithinStart: boolean;
	/** Records at the start date emitted by this query (not seen before it). */
	readonly newAtStart: number;
	/** Whether this query is another pass over the run at its start date. */
	readonly rereading: boolean;
}

/** The statistics a move adds one to. */
export type MoveCount = keyof Pick<PollStats, 'rereads' | 'restarts' | 'skippedDates' | 'reanchors'>;

/** What a read does next: send `query.request`, or stop when `query` is undefined (read to its end, or stuck). */
export interface Step {
	query: Query | undefined;
	counted: readonly MoveCount[];
}

export function openQuery(resource: ResourceConfig, startMs: number, rereading = false): Query {
	const first = queryRequest(resource, startMs);
	return { startMs, first, request: first, results: 0, maxMs: undefined, pagedWithinStart: false, newAtStart: 0, rereading };
}

/** The query once `page` (its answer to `query.request`) has been read. */
export function withPage(query: Query, page: PageRead): Query {
	const newAtStart = page.emitted.reduce((count, entry) => count + (entry.dateMs === query.startMs ? 1 : 0), 0);
	return {
		...query,
		results: query.results + page.size,
		newAtStart: query.newAtStart + newAtStart,
		maxMs: page.maxMs === undefined ? query.maxMs : Math.max(query.maxMs ?? page.maxMs, page.maxMs),
	};
}

/** A run at the start date that was paged by offset and still yielded new records needs another pass. */
export function rereadDue(query: Query): boolean {
	return query.pagedWithinStart && query.newAtStart > 0;
}

/** Another pass over the run at the start date, from its first page. */
export function reread(resource: ResourceConfig, query: Query): Step {
	return { query: openQuery(resource, query.startMs, true), counted: ['rereads'] };
}

/** A new query from `fromMs`; undefined when the URL or body cannot express it (e.g. a date-only format). */
function startAt(resource: ResourceConfig, query: Query, fromMs: number): Query | undefined {
	const next = openQuery(resource, fromMs);
	return sameRequest(next.first, query.first) ? undefined : next;
}

/**
 * The provider's cap is reached: a run paged to the cap still gets its passes; otherwise restart from the
 * last date seen, or, when the whole query shared its start date, give that date up and go on from the next
 * millisecond. `query` undefined: no query can get further in this poll.
 */
export function restartAtCap(resource: ResourceConfig, query: Query): Step {
	if (rereadDue(query)) return reread(resource, query);
	if (query.maxMs !== undefined && query.maxMs > query.startMs) {
		return { query: startAt(resource, query, query.maxMs), counted: ['restarts'] };
	}
	return { query: startAt(resource, query, query.startMs + 1), counted: ['restarts', 'skippedDates'] };
}

/** Whether the provider refused to page further (HubSpot answers 400 past its 10,000-result cap). */
export function pagingRefused(query: Query, status: number): boolean {
	return status === 400 && !sameRequest(query.request, query.first);
}

/**
 * After `page` was read (see `withPage`): the next step of an ascending read. Sorted by date, so once past
 * `nowMs` with `filterByCurrentDate` everything further waits for the next poll.
 */
export function nextStep(resource: ResourceConfig, paging: PagingContext, query: Query, page: PageRead, body: unknown, nowMs: number): Step {
	const end: Step = { query: undefined, counted: [] };
	if (resource.filterByCurrentDate && page.ascending && page.maxMs !== undefined && page.maxMs > nowMs) return end;
	const next = nextPageRequest(paging, query.request, body);
	if (next === undefined) return rereadDue(query) ? reread(resource, query) : end;
	if (resource.maxResultsPerQuery !== undefined && query.results >= resource.maxResultsPerQuery) {
		return restartAtCap(resource, query);
	}
	if (page.ascending && page.maxMs !== undefined && page.maxMs > query.startMs) {
		if (rereadDue(query)) return reread(resource, query);
		const reanchored = startAt(resource, query, page.maxMs);
		if (reanchored !== undefined) return { query: reanchored, counted: ['reanchors'] };
	}
	return { query: { ...query, request: next, pagedWithinStart: query.pagedWithinStart || page.maxMs === query.startMs }, counted: [] };
}

/** The mark's ceiling: while a run still needs a pass, the next poll must start on it. */
export function heldCeilingMs(resource: ResourceConfig, query: Query, ceilingMs: number): number {
	return query.rereading || rereadDue(query) ? Math.min(ceilingMs, query.startMs + resource.pollDelayMs) : ceilingMs;
}
