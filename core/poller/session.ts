/**
 * What one poll shares across its resources: the input, the deadline, the event cap, the statistics, and the
 * two things every read does (send a request with retries, commit what was emitted).
 */
import { commitEmitted, keyBudgetBytes } from './cursor';
import type { EmittedKey, PollerState, ResourceState } from './cursor';
import type { PageRequest, PagingContext } from './pagination';
import { expandBody, expandUrl } from './placeholders';
import type { HttpFetch, HttpResponse } from './retry';
import { fetchWithRetry } from './retry';
import type { PollerHttpError } from './runErrors';
import type { PollerConfig, PollEvent, ResourceConfig } from './types';

export const POLL_MODES = ['poll', 'test'] as const;
export type PollMode = (typeof POLL_MODES)[number];

export interface PollInput {
	config: PollerConfig;
	/** From `loadState` (static data), or `emptyState()` on first activation. */
	state: PollerState;
	/** When the poll started; filters and the refresh interval are measured from it. */
	nowMs: number;
	/** How long the poll may take from `nowMs` (n8n's poll budget). */
	budgetMs: number;
	mode: PollMode;
	fetch: HttpFetch;
	sleep: (ms: number) => Promise<void>;
	clock: () => number;
	/** [0, 1): spreads 5xx backoffs. Default `Math.random`. */
	random?: () => number;
	/** Test mode: how many records to return (default `DEFAULT_TEST_LIMIT`). */
	testLimit?: number;
	/** Where a resource seen for the first time starts (default: `nowMs`, so no history flood). */
	startMs?: number;
	/** The credential's API base URL: absolute next-page links must be on its origin. */
	baseUrl?: string;
	/**
	 * Most events one poll returns (ascending resources stop after the page that reaches it and resume next
	 * poll, as when the budget runs out), so a large backlog is not held in memory as one execution.
	 */
	maxEvents?: number;
}

export interface PollStats {
	/** HTTP requests sent, retries included. */
	requests: number;
	retries: number;
	/** Successful responses read. */
	pages: number;
	/** Records without a readable id or date (or not objects): counted, not thrown. */
	skipped: number;
	/** Queries restarted from the last date seen because of the provider's per-query result cap. */
	restarts: number;
	/** Queries re-anchored at the last date of a page instead of paging by offset (see `readAscending`). */
	reanchors: number;
	/** Extra passes over runs of records sharing one date, longer than a page (see `readAscending`). */
	rereads: number;
	/** Dates given up because more records share them than one query can page through. */
	skippedDates: number;
	/** Keys dropped from the state to keep it within its size budget (see `commitEmitted`). */
	evictedKeys: number;
}

export interface PollOutcome {
	/** In each resource's order of dates, resources in configuration order. Test mode: newest first. */
	events: PollEvent[];
	/** The state to store. Test mode and skipped polls return the input state itself. */
	state: PollerState;
	stats: PollStats;
	/** False when the budget ran out before every resource was read to its end. */
	complete: boolean;
}

/**
 * The node's default "Max Events per Poll". Measured (bench/pollerHeap.ts, a 100,000-record backlog drained at
 * full speed): a poll's records live until n8n takes the items, and at 5,000 per poll they outlive the young
 * generation's collections and pile up in the old one (peak RSS growth 56–82 MB); at 2,000 they die young
 * (34–37 MB). The backlog still drains at 2,000 events per poll interval.
 */
export const DEFAULT_MAX_EVENTS_PER_POLL = 2_000;

/**
 * The mark's ceiling is the clock a second before the resource's first request: an API that writes dates to
 * the second dates a change made at 12:00:00.800 at 12:00:00, before a request sent at 12:00:00.500, so the
 * next query must still start at or before that second. Coarser dates need a pollDelay that covers them.
 */
export const DATE_PRECISION_SLACK_MS = 1_000;

/** Stop asking for pages this long before the budget ends, to leave time for n8n to store the result. */
export function budgetMarginMs(budgetMs: number): number {
	return Math.min(5_000, Math.floor(budgetMs / 10));
}

export function emptyStats(): PollStats {
	return { requests: 0, retries: 0, pages: 0, skipped: 0, restarts: 0, reanchors: 0, rereads: 0, skippedDates: 0, evictedKeys: 0 };
}

export interface Session {
	input: PollInput;
	stats: PollStats;
	deadlineMs: number;
	/** Events emitted by the resources already read in this poll. */
	emitted: number;
	eventCap: number;
	send(request: PageRequest): Promise<Sent>;
	commit(
		resource: ResourceConfig,
		current: ResourceState,
		emitted: readonly EmittedKey[],
		ceilingMs: number,
		readThroughMs?: number,
	): ResourceState;
}

export type Sent =
	| { kind: 'ok'; response: HttpResponse }
	| { kind: 'out-of-time'; error: PollerHttpError }
	| { kind: 'failed'; error: PollerHttpError };

/** What reading one resource produced. */
export interface ResourceRun {
	events: PollEvent[];
	state: ResourceState;
	complete: boolean;
	/** Set when a 429/5xx asked for a wait past the deadline. */
	outOfTime?: PollerHttpError;
}

export function openSession(input: PollInput, stats: PollStats): Session {
	const deadlineMs = input.nowMs + input.budgetMs - budgetMarginMs(input.budgetMs);
	const budgetBytes = keyBudgetBytes(input.config.resources.map((resource) => resource.name));
	const counted: HttpFetch = (request) => {
		stats.requests++;
		return input.fetch(request);
	};
	return {
		input,
		stats,
		deadlineMs,
		emitted: 0,
		eventCap: input.maxEvents !== undefined && input.maxEvents > 0 ? input.maxEvents : Infinity,
		async send(request) {
			const result = await fetchWithRetry(request, {
				fetch: counted,
				sleep: input.sleep,
				clock: input.clock,
				random: input.random ?? Math.random,
				deadlineMs,
			});
			stats.retries += result.retries;
			if (result.kind === 'ok') stats.pages++;
			return result;
		},
		commit(resource, current, emitted, ceilingMs, readThroughMs) {
			const result = commitEmitted(current, emitted, {
				pollDelayMs: resource.pollDelayMs,
				markCeilingMs: ceilingMs,
				keyBudgetBytes: budgetBytes,
				readThroughMs,
			});
			stats.evictedKeys += result.evictedKeys;
			return result.state;
		},
	};
}

/** The first request of a query starting at `cursorMs`. */
export function queryRequest(resource: ResourceConfig, cursorMs: number): PageRequest {
	const context = { cursorMs, resource };
	const request: PageRequest = { method: resource.method, url: expandUrl(resource.url, context) };
	if (resource.body !== undefined) request.body = expandBody(resource.body, context);
	return request;
}

export function pagingOf(session: Session, resource: ResourceConfig): PagingContext {
	return { resource: resource.name, pagination: resource.pagination, baseUrl: session.input.baseUrl };
}
