/**
 * One poll: for each resource, query from the cursor, page through the answer, turn records into events and
 * commit the cursor for exactly what was emitted. Pure: HTTP, sleeping, the clock and randomness come in
 * through `PollInput`, so a simulated provider can drive it (test/core/poller/simulation.test.ts).
 *
 * Guarantees, given a provider whose date filter is inclusive (`>=`), whose records become searchable within
 * `pollDelay` of their date, and whose sort is by that date:
 * - nothing is lost: the next query starts no later than the last date read, nor later than `pollDelay`
 *   before this poll's first request (see cursor.ts), so a record that was not yet searchable is still ahead;
 * - nothing is repeated: records read again in that overlap are recognised by their key;
 * - a poll that throws commits nothing, and one stopped by its time budget keeps exactly what it emitted.
 * Known limits (documented where they are handled): more records on one millisecond than the provider lets
 * one query page through (`skippedDates`), or than the state may remember (`evictedKeys`); a run of records
 * on one millisecond that does not fit in one poll's budget; a newest-first backlog that does not either.
 */
import { classifyRecord } from './classify';
import { commitEmitted, keyBudgetBytes, recordKey, resourceStateOf, startingResourceState } from './cursor';
import type { EmittedKey, PollerState, ResourceState } from './cursor';
import { parseDate } from './dates';
import type { PageRequest, PagingContext } from './pagination';
import { nextPageRequest, sameRequest } from './pagination';
import { getPath } from './paths';
import { expandBody, expandUrl } from './placeholders';
import { extractRecords } from './records';
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

export const DEFAULT_TEST_LIMIT = 5;
/** Test mode reads records dated up to this far back (30 days, as far as the providers' recent lists go). */
export const TEST_LOOKBACK_MS = 30 * 24 * 60 * 60 * 1000;
/** Test mode reads at most this many pages per resource. */
export const TEST_MAX_PAGES = 3;

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

export async function runPoll(input: PollInput): Promise<PollOutcome> {
	const stats: PollStats = {
		requests: 0,
		retries: 0,
		pages: 0,
		skipped: 0,
		restarts: 0,
		reanchors: 0,
		rereads: 0,
		skippedDates: 0,
		evictedKeys: 0,
	};
	if (input.mode === 'test') return runTest(input, stats);
	if (refreshIntervalPending(input)) return { events: [], state: input.state, stats, complete: true };

	const session = openSession(input, stats);
	const resources = input.config.resources;
	const events: PollEvent[] = [];
	const entries: Array<[string, ResourceState]> = [];
	let complete = true;
	let halted = false;
	for (let index = 0; index < resources.length; index++) {
		const resource = resources[index];
		const before = resourceStateOf(input.state, resource.name) ?? startingResourceState(input.nowMs, input.startMs);
		if (halted || session.emitted >= session.eventCap) {
			if (!halted) complete = false;
			entries.push([resource.name, session.commit(resource, before, [], input.nowMs)]);
			continue;
		}
		// Each resource gets an equal share of what is left, so a long backlog cannot starve the others.
		const startMs = input.clock();
		const shareEndMs = startMs + (session.deadlineMs - startMs) / (resources.length - index);
		const run =
			resource.sortOrder === 'ascending'
				? await readAscending(session, resource, before, shareEndMs)
				: await readWhole(session, resource, before, shareEndMs);
		events.push(...run.events);
		session.emitted = events.length;
		entries.push([resource.name, run.state]);
		if (!run.complete) complete = false;
		if (run.outOfTime !== undefined) {
			// A wait the budget cannot cover: keep what was emitted, or say why there is nothing.
			if (events.length === 0) throw run.outOfTime;
			halted = true;
		}
	}
	const state: PollerState = { version: input.state.version, resources: Object.fromEntries(entries) };
	const lastSuccessMs = complete ? input.nowMs : input.state.lastSuccessMs;
	if (lastSuccessMs !== undefined) state.lastSuccessMs = lastSuccessMs;
	return { events, state, stats, complete };
}

/** `event.poller.refresh_interval`: skip ticks until that many minutes passed since the last full poll. */
function refreshIntervalPending(input: PollInput): boolean {
	const minutes = input.config.refreshIntervalMinutes;
	const last = input.state.lastSuccessMs;
	if (minutes === undefined || last === undefined || input.nowMs < last) return false;
	return input.nowMs - last < minutes * 60_000;
}

interface Session {
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
		emitted: EmittedKey[],
		ceilingMs: number,
		readThroughMs?: number,
	): ResourceState;
}

type Sent =
	| { kind: 'ok'; response: HttpResponse }
	| { kind: 'out-of-time'; error: PollerHttpError }
	| { kind: 'failed'; error: PollerHttpError };

function openSession(input: PollInput, stats: PollStats): Session {
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

interface ResourceRun {
	events: PollEvent[];
	state: ResourceState;
	complete: boolean;
	/** Set when a 429/5xx asked for a wait past the deadline. */
	outOfTime?: PollerHttpError;
}

/** The first request of a query starting at `cursorMs`. */
function queryRequest(resource: ResourceConfig, cursorMs: number): PageRequest {
	const context = { cursorMs, resource };
	const request: PageRequest = { method: resource.method, url: expandUrl(resource.url, context) };
	if (resource.body !== undefined) request.body = expandBody(resource.body, context);
	return request;
}

function pagingOf(session: Session, resource: ResourceConfig): PagingContext {
	return { resource: resource.name, pagination: resource.pagination, baseUrl: session.input.baseUrl };
}

/**
 * Ascending order: emit page by page and commit after each, so a stop at the budget keeps what went out.
 *
 * Paging by offset (HubSpot's `after`) skips a record whenever an earlier one is re-indexed while we page:
 * the list shifts up under us. So once a page ends on a later date than the query started from, the next
 * request is the same query re-anchored at that date (`reanchors`), and the provider's own paging is only
 * followed through a run of records sharing one date. Re-reading that date costs little: keys drop repeats.
 *
 * A run longer than a page has to be paged by offset, so a pass through it that found records not seen
 * before is followed by another pass from its start (`rereads`), until a pass finds nothing new: a record
 * skipped by a shift is then only missed if the last pass is shifted at exactly its place. Until that pass
 * is done the mark is held on the run's date, so a poll cut short leaves the next one starting on the run
 * (whose members it already knows by their keys: one quiet pass settles it).
 *
 * The same move restarts a query that reaches the provider's cap (`maxResultsPerQuery`, or a 400 while
 * paging): `restarts`. If a whole capped query shares one date, the rest of that date cannot be reached by
 * any query: the date is given up (`skippedDates`) and the query moves on from the next millisecond.
 */
async function readAscending(
	session: Session,
	resource: ResourceConfig,
	before: ResourceState,
	shareEndMs: number,
): Promise<ResourceRun> {
	const { input, stats } = session;
	const cursorMs = before.markMs - resource.pollDelayMs;
	const ceilingMs = input.clock() - DATE_PRECISION_SLACK_MS;
	const seen = new Set(before.keys);
	const events: PollEvent[] = [];
	let state = session.commit(resource, before, [], ceilingMs);

	let query = openQuery(resource, cursorMs, false);
	let request = query.first;
	const startQuery = (fromMs: number): boolean => {
		const next = openQuery(resource, fromMs, false);
		// A cursor the URL or body cannot express (e.g. a date-only format) would fetch the same page again.
		if (sameRequest(next.first, query.first)) return false;
		query = next;
		request = next.first;
		return true;
	};
	const rereadDue = (): boolean => query.pagedWithinStart && query.newAtStart > 0;
	const reread = (): void => {
		stats.rereads++;
		query = openQuery(resource, query.startMs, true);
		request = query.first;
	};
	/** The provider's cap is reached; false when no query can get further in this poll. */
	const restartAfterCap = (): boolean => {
		// A run paged to the cap still gets its passes before the date is given up.
		if (rereadDue()) {
			reread();
			return true;
		}
		stats.restarts++;
		if (query.maxMs !== undefined && query.maxMs > query.startMs) return startQuery(query.maxMs);
		stats.skippedDates++;
		return startQuery(query.startMs + 1);
	};
	/** Moves to the next request; true when the resource has been read to its end. */
	const advance = (page: PageRead, body: unknown): boolean => {
		// Sorted by date: once past the poll's start, everything further is held back for the next poll.
		if (resource.filterByCurrentDate && page.ascending && page.maxMs !== undefined && page.maxMs > input.nowMs) {
			return true;
		}
		const next = nextPageRequest(pagingOf(session, resource), request, body);
		if (next === undefined) {
			if (!rereadDue()) return true;
			reread();
			return false;
		}
		if (resource.maxResultsPerQuery !== undefined && query.results >= resource.maxResultsPerQuery) {
			return !restartAfterCap();
		}
		if (page.ascending && page.maxMs !== undefined && page.maxMs > query.startMs) {
			if (rereadDue()) {
				reread();
				return false;
			}
			if (startQuery(page.maxMs)) {
				stats.reanchors++;
				return false;
			}
		}
		if (page.maxMs === query.startMs) query.pagedWithinStart = true;
		request = next;
		return false;
	};
	/** While a run still needs a pass, the next poll must start on it. */
	const heldCeilingMs = (): number =>
		query.rereading || rereadDue() ? Math.min(ceilingMs, query.startMs + resource.pollDelayMs) : ceilingMs;

	for (;;) {
		if (input.clock() >= shareEndMs) return { events, state, complete: false };
		if (session.emitted + events.length >= session.eventCap) return { events, state, complete: false };
		const sent = await session.send(request);
		if (sent.kind === 'failed') {
			// HubSpot answers 400 when paging past its 10,000-result cap: restart from where we are.
			const pagingRefused = sent.error.status === 400 && !sameRequest(request, query.first);
			if (!pagingRefused) throw sent.error;
			if (!restartAfterCap()) return { events, state, complete: true };
			continue;
		}
		if (sent.kind === 'out-of-time') return { events, state, complete: false, outOfTime: sent.error };

		const page = readPage(session, resource, sent.response.body, cursorMs, seen);
		events.push(...page.events);
		query.results += page.size;
		query.newAtStart += page.emitted.filter((entry) => entry.dateMs === query.startMs).length;
		if (page.maxMs !== undefined) query.maxMs = Math.max(query.maxMs ?? page.maxMs, page.maxMs);
		const done = advance(page, sent.response.body);
		state = session.commit(resource, state, page.emitted, done ? ceilingMs : heldCeilingMs(), page.readThroughMs);
		if (done) return { events, state, complete: true };
	}
}

interface Query {
	startMs: number;
	first: PageRequest;
	/** Array elements received so far (what a provider's cap counts). */
	results: number;
	/** Largest readable date received so far. */
	maxMs: number | undefined;
	/** Whether the provider's paging was followed from a page holding only the start date. */
	pagedWithinStart: boolean;
	/** Records at the start date emitted by this query (not seen before it). */
	newAtStart: number;
	/** Whether this query is another pass over the run at its start date. */
	rereading: boolean;
}

function openQuery(resource: ResourceConfig, startMs: number, rereading: boolean): Query {
	return {
		startMs,
		first: queryRequest(resource, startMs),
		results: 0,
		maxMs: undefined,
		pagedWithinStart: false,
		newAtStart: 0,
		rereading,
	};
}

/**
 * Descending order: the newest records come first, so nothing can be committed until the read reaches a
 * record older than the cursor (or the end). Unordered sources (neither sorted nor filtered by date, such as
 * HubSpot's archived list) are read to their end. Then everything read is emitted, oldest first. A read the
 * budget cuts short emits nothing and leaves the state as it was; the next poll starts over. These sources
 * have no way to restart past a result cap: reaching `maxResultsPerQuery` ends the read there.
 */
async function readWhole(
	session: Session,
	resource: ResourceConfig,
	before: ResourceState,
	shareEndMs: number,
): Promise<ResourceRun> {
	const { input } = session;
	const cursorMs = before.markMs - resource.pollDelayMs;
	const ceilingMs = input.clock() - DATE_PRECISION_SLACK_MS;
	const seen = new Set(before.keys);
	const unchanged = session.commit(resource, before, [], ceilingMs);
	const collected: Array<{ event: PollEvent; emitted: EmittedKey }> = [];
	let request = queryRequest(resource, cursorMs);
	let results = 0;
	let readThroughMs: number | undefined;
	for (;;) {
		if (input.clock() >= shareEndMs) return { events: [], state: unchanged, complete: false };
		const sent = await session.send(request);
		if (sent.kind === 'failed') throw sent.error;
		if (sent.kind === 'out-of-time') return { events: [], state: unchanged, complete: false, outOfTime: sent.error };
		const page = readPage(session, resource, sent.response.body, cursorMs, seen);
		page.events.forEach((event, index) => collected.push({ event, emitted: page.emitted[index] }));
		if (page.readThroughMs !== undefined) readThroughMs = Math.max(readThroughMs ?? page.readThroughMs, page.readThroughMs);
		results += page.size;
		if (page.reachedCursor && resource.sortOrder === 'descending') break;
		if (resource.maxResultsPerQuery !== undefined && results >= resource.maxResultsPerQuery) break;
		const next = nextPageRequest(pagingOf(session, resource), request, sent.response.body);
		if (next === undefined) break;
		request = next;
	}
	// Stable sort: records sharing a date keep the provider's order.
	collected.sort((a, b) => a.emitted.dateMs - b.emitted.dateMs);
	const state = session.commit(
		resource,
		unchanged,
		collected.map((entry) => entry.emitted),
		ceilingMs,
		readThroughMs,
	);
	return { events: collected.map((entry) => entry.event), state, complete: true };
}

interface PageRead {
	events: PollEvent[];
	/** Parallel to `events`. */
	emitted: EmittedKey[];
	/** Array elements in the response, readable or not (what the provider's cap counts). */
	size: number;
	/** Largest readable date on the page. */
	maxMs: number | undefined;
	/** Whether the readable dates never decrease down the page. */
	ascending: boolean;
	/** Whether some record is dated before the cursor. */
	reachedCursor: boolean;
	/** Largest date of a record emitted now or recognised as emitted before. */
	readThroughMs: number | undefined;
}

/**
 * Records of one response → events: unreadable records are counted, records before the cursor, after the
 * poll started (`filterByCurrentDate`) or already emitted (`seen`) are dropped, the rest classified.
 */
function readPage(
	session: Session,
	resource: ResourceConfig,
	body: unknown,
	cursorMs: number,
	seen: Set<string>,
): PageRead {
	const { records, notObjects } = extractRecords(resource.name, body, resource.recordsPath);
	session.stats.skipped += notObjects;
	const read: PageRead = {
		events: [],
		emitted: [],
		size: records.length + notObjects,
		maxMs: undefined,
		ascending: true,
		reachedCursor: false,
		readThroughMs: undefined,
	};
	for (const record of records) {
		const fields = readRecord(record, resource);
		if (fields === undefined) {
			session.stats.skipped++;
			continue;
		}
		const { id, dateMs } = fields;
		if (read.maxMs !== undefined && dateMs < read.maxMs) read.ascending = false;
		read.maxMs = Math.max(read.maxMs ?? dateMs, dateMs);
		if (dateMs < cursorMs) {
			read.reachedCursor = true;
			continue;
		}
		if (resource.filterByCurrentDate && dateMs > session.input.nowMs) continue;
		const key = recordKey(id, dateMs);
		if (seen.has(key)) {
			read.readThroughMs = Math.max(read.readThroughMs ?? dateMs, dateMs);
			continue;
		}
		const eventType = classifyRecord(record, resource, fields, cursorMs);
		if (eventType === undefined) continue;
		seen.add(key);
		read.readThroughMs = Math.max(read.readThroughMs ?? dateMs, dateMs);
		read.events.push({
			eventType,
			objectType: resource.objectType ?? resource.name,
			objectId: id,
			date: new Date(dateMs).toISOString(),
			record,
		});
		read.emitted.push({ key, dateMs });
	}
	return read;
}

interface RecordFields {
	id: string;
	/** The date the cursor follows: updated, or created when `filterByUpdatedDate` is off. */
	dateMs: number;
	updatedMs: number | undefined;
	createdMs: number | undefined;
}

function readRecord(record: Record<string, unknown>, resource: ResourceConfig): RecordFields | undefined {
	const rawId = getPath(record, resource.idField);
	const id =
		typeof rawId === 'string' && rawId !== ''
			? rawId
			: typeof rawId === 'number' && Number.isFinite(rawId)
				? String(rawId)
				: undefined;
	if (id === undefined) return undefined;
	const updatedMs = parseDate(getPath(record, resource.updated.path), resource.updated);
	const createdMs = parseDate(getPath(record, resource.created.path), resource.created);
	const dateMs = resource.filterByUpdatedDate ? updatedMs : createdMs;
	if (dateMs === undefined || !Number.isSafeInteger(dateMs)) return undefined;
	return { id, dateMs, updatedMs, createdMs };
}

/**
 * "Fetch test event": a few of the most recent records from the first pages of each resource, from up to
 * `TEST_LOOKBACK_MS` back. Keys are ignored and the state is returned untouched.
 */
async function runTest(input: PollInput, stats: PollStats): Promise<PollOutcome> {
	const session = openSession(input, stats);
	const limit = input.testLimit ?? DEFAULT_TEST_LIMIT;
	const samples: Array<{ event: PollEvent; dateMs: number }> = [];
	let complete = true;
	for (const resource of input.config.resources) {
		const markMs = resourceStateOf(input.state, resource.name)?.markMs ?? input.startMs ?? input.nowMs;
		const cursorMs = Math.min(markMs - resource.pollDelayMs, input.nowMs - TEST_LOOKBACK_MS);
		let request: PageRequest | undefined = queryRequest(resource, cursorMs);
		for (let pages = 0; request !== undefined && pages < TEST_MAX_PAGES; pages++) {
			if (input.clock() >= session.deadlineMs) {
				complete = false;
				break;
			}
			const sent = await session.send(request);
			if (sent.kind !== 'ok') throw sent.error;
			const page = readPage(session, resource, sent.response.body, cursorMs, new Set());
			page.events.forEach((event, index) => samples.push({ event, dateMs: page.emitted[index].dateMs }));
			if (resource.sortOrder === 'descending' && samples.length >= limit) break;
			request = nextPageRequest(pagingOf(session, resource), request, sent.response.body);
		}
	}
	samples.sort((a, b) => b.dateMs - a.dateMs);
	return { events: samples.slice(0, limit).map((sample) => sample.event), state: input.state, stats, complete };
}
