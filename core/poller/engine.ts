/**
 * One poll: for each resource, query from the cursor, page through the answer, turn records into events and
 * commit the cursor for exactly what was emitted. Pure: HTTP, sleeping, the clock and randomness come in
 * through `PollInput`, so a simulated provider can drive it (test/core/poller/simulation.test.ts).
 *
 * The pieces, as in a declarative incremental sync: this file is the session (budget, event cap, statistics)
 * and the loop over resources; ascending.ts reads a date-sorted resource page by page (its query moves are in
 * ascendingQuery.ts), whole.ts reads a newest-first or unordered one all at once, page.ts turns a response into
 * events, cursor.ts decides what to remember, testMode.ts serves "Fetch test event".
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
import { readAscending } from './ascending';
import { resourceStateOf, startingResourceState } from './cursor';
import type { PollerState, ResourceState } from './cursor';
import type { PollInput, PollOutcome } from './session';
import { emptyStats, openSession } from './session';
import { runTest } from './testMode';
import type { PollEvent } from './types';
import { readWhole } from './whole';

export { budgetMarginMs, DATE_PRECISION_SLACK_MS, DEFAULT_MAX_EVENTS_PER_POLL, POLL_MODES } from './session';
export type { PollInput, PollMode, PollOutcome, PollStats } from './session';
export { DEFAULT_TEST_LIMIT, TEST_LOOKBACK_MS, TEST_MAX_PAGES } from './testMode';

export async function runPoll(input: PollInput): Promise<PollOutcome> {
	const stats = emptyStats();
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
		const read = resource.sortOrder === 'ascending' ? readAscending : readWhole;
		const run = await read(session, resource, before, shareEndMs);
		for (const event of run.events) events.push(event);
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
