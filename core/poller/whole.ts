/**
 * Descending order: the newest records come first, so nothing can be committed until the read reaches a
 * record older than the cursor (or the end). Unordered sources (neither sorted nor filtered by date, such as
 * HubSpot's archived list) are read to their end. Then everything read is emitted, oldest first. A read the
 * budget cuts short emits nothing and leaves the state as it was; the next poll starts over. These sources
 * have no way to restart past a result cap: reaching `maxResultsPerQuery` ends the read there.
 */
import type { EmittedKey, ResourceState } from './cursor';
import { nextPageRequest } from './pagination';
import { readPage } from './page';
import type { ResourceRun, Session } from './session';
import { DATE_PRECISION_SLACK_MS, pagingOf, queryRequest } from './session';
import type { PollEvent, ResourceConfig } from './types';

export async function readWhole(
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
