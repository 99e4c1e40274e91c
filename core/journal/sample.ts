/**
 * "Fetch Test Event": the newest events this node would emit, read from the newest entries, without touching
 * the stored offset.
 */
import { isRecord } from '../events/isRecord';
import { callWithRetry, OutOfTime, settle, type Clock } from './call';
import { downloadFile, entryRef, judgeEntryAnswer, type JournalApi, type ReadContext } from './entry';
import { parseEntryFile } from './entryFile';
import { JournalRequestError } from './errors';
import { isSelected, toJournalItem } from './events';
import { BUDGET_SHARE } from './read';
import type { JournalEntryRef, JournalItem, JournalSelection } from './types';

/** How many of the newest entries a test event looks through. */
export const SAMPLE_ENTRIES = 20;

export interface SampleInput {
	api: JournalApi;
	clock: Clock;
	selection: JournalSelection;
	limit: number;
	budgetMs: number;
}

async function newestEntries(ctx: ReadContext): Promise<JournalEntryRef[]> {
	const response = await callWithRetry(() => ctx.api.latestBatch(SAMPLE_ENTRIES), ctx.clock, ctx.deadlineMs, ctx.stats);
	if (response.status === 404 || response.status === 405) {
		// Without the batch call, the newest entry alone still makes a test event.
		const latest = judgeEntryAnswer(await callWithRetry(() => ctx.api.latest(), ctx.clock, ctx.deadlineMs, ctx.stats), 'read the latest journal entry', false);
		return latest.kind === 'entry' ? [latest.entry] : [];
	}
	if (response.status === 204) return [];
	if (response.status < 200 || response.status >= 300) throw new JournalRequestError('read the newest journal entries', response.status, '');
	const results = isRecord(response.body) && Array.isArray(response.body.results) ? response.body.results : [];
	return results.map(entryRef).filter((entry): entry is JournalEntryRef => entry !== undefined);
}

/** Up to `limit` of the newest selected events, oldest first. */
export async function sampleJournal(input: SampleInput): Promise<JournalItem[]> {
	const ctx: ReadContext = { api: input.api, clock: input.clock, deadlineMs: input.clock.now() + input.budgetMs * BUDGET_SHARE, stats: { retries: 0, urlRefreshes: 0 } };
	const entries = await newestEntries(ctx);
	const items: JournalItem[] = [];
	// Newest entries last (HubSpot lists entries in journal order); walk back until there are enough events.
	for (let i = entries.length - 1; i >= 0 && items.length < input.limit; i--) {
		const downloaded = await settle(downloadFile(ctx, entries[i]));
		if (!downloaded.ok && downloaded.error instanceof OutOfTime) break;
		if (!downloaded.ok) return Promise.reject(downloaded.error);
		const text = downloaded.value;
		if (text === 'stale') continue;
		const parsed = parseEntryFile(text);
		if (!parsed.ok) continue;
		const selected = parsed.events.filter((event) => isSelected(event, input.selection));
		const wanted = selected.slice(Math.max(0, selected.length - (input.limit - items.length)));
		items.unshift(...wanted.map((event) => toJournalItem(event, entries[i].currentOffset, input.selection.portalId)));
	}
	return items;
}
