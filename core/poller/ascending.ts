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
 * The moves themselves are in ascendingQuery.ts; this file sends, reads, emits and commits.
 */
import type { Step } from './ascendingQuery';
import { heldCeilingMs, nextStep, openQuery, pagingRefused, restartAtCap, withPage } from './ascendingQuery';
import type { ResourceState } from './cursor';
import { readPage } from './page';
import type { ResourceRun, Session } from './session';
import { DATE_PRECISION_SLACK_MS, pagingOf } from './session';
import type { PollEvent, ResourceConfig } from './types';

export async function readAscending(
	session: Session,
	resource: ResourceConfig,
	before: ResourceState,
	shareEndMs: number,
): Promise<ResourceRun> {
	const { input, stats } = session;
	const cursorMs = before.markMs - resource.pollDelayMs;
	const ceilingMs = input.clock() - DATE_PRECISION_SLACK_MS;
	const paging = pagingOf(session, resource);
	const seen = new Set(before.keys);
	const events: PollEvent[] = [];
	let state = session.commit(resource, before, [], ceilingMs);
	const take = (step: Step) => {
		for (const name of step.counted) stats[name]++;
		return step.query;
	};

	let query = openQuery(resource, cursorMs);
	for (;;) {
		if (input.clock() >= shareEndMs) return { events, state, complete: false };
		if (session.emitted + events.length >= session.eventCap) return { events, state, complete: false };
		const sent = await session.send(query.request);
		if (sent.kind === 'failed') {
			if (!pagingRefused(query, sent.error.status)) throw sent.error;
			const restarted = take(restartAtCap(resource, query));
			if (restarted === undefined) return { events, state, complete: true };
			query = restarted;
			continue;
		}
		if (sent.kind === 'out-of-time') return { events, state, complete: false, outOfTime: sent.error };

		const page = readPage(session, resource, sent.response.body, cursorMs, seen);
		for (const event of page.events) events.push(event);
		const read = withPage(query, page);
		const next = take(nextStep(resource, paging, read, page, sent.response.body, input.nowMs));
		const pageCeilingMs = next === undefined ? ceilingMs : heldCeilingMs(resource, next, ceilingMs);
		state = session.commit(resource, state, page.emitted, pageCeilingMs, page.readThroughMs);
		if (next === undefined) return { events, state, complete: true };
		query = next;
	}
}
