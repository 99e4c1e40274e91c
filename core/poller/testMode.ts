/**
 * "Fetch test event": a few of the most recent records from the first pages of each resource, from up to
 * `TEST_LOOKBACK_MS` back. Keys are ignored and the state is returned untouched.
 */
import { resourceStateOf } from './cursor';
import type { PageRequest } from './pagination';
import { nextPageRequest } from './pagination';
import { readPage } from './page';
import type { PollInput, PollOutcome, PollStats } from './session';
import { openSession, pagingOf, queryRequest } from './session';
import type { PollEvent } from './types';

export const DEFAULT_TEST_LIMIT = 5;
/** Test mode reads records dated up to this far back (30 days, as far as the providers' recent lists go). */
export const TEST_LOOKBACK_MS = 30 * 24 * 60 * 60 * 1000;
/** Test mode reads at most this many pages per resource. */
export const TEST_MAX_PAGES = 3;

export async function runTest(input: PollInput, stats: PollStats): Promise<PollOutcome> {
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
