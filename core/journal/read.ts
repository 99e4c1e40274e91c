/**
 * A poll of the journal: from the stored offset, entry by entry, until caught up, the event cap, or the poll's
 * deadline. The cursor only ever moves past an entry whose events are in the returned items (or that this
 * node's selection filtered out entirely), so items + cursor saved together lose and repeat nothing.
 */
import { OutOfTime, settle, type Clock, type Settled } from './call';
import { lookUpLatest, readEntry, type EntryStep, type JournalApi, type ReadContext } from './entry';
import { JournalGapError } from './errors';
import { isSelected, toJournalItem } from './events';
import type { JournalCursor, JournalItem, JournalSelection } from './types';

export const START_POSITIONS = ['latest', 'earliest'] as const;
export type StartPosition = (typeof START_POSITIONS)[number];
export const EXPIRED_OFFSET_CHOICES = ['fail', 'restartAtEarliest'] as const;
export type ExpiredOffsetChoice = (typeof EXPIRED_OFFSET_CHOICES)[number];

/** Share of n8n's poll budget spent reading; the rest is left for handing the items over. */
export const BUDGET_SHARE = 0.8;

export interface ReadInput {
	api: JournalApi;
	clock: Clock;
	/** Undefined on the first poll after activation. */
	cursor: JournalCursor | undefined;
	start: StartPosition;
	onExpiredOffset: ExpiredOffsetChoice;
	selection: JournalSelection;
	/** Stop taking new entries once this many events are gathered (an entry is never split). */
	maxEvents: number;
	budgetMs: number;
}

export interface ReadStats {
	entries: number;
	events: number;
	filteredOut: number;
	skipped: number;
	retries: number;
	urlRefreshes: number;
}

export interface Gap {
	/** The offset HubSpot no longer had. */
	offset: string;
	/** When it was committed: events from then until the earliest retained entry may be missing. */
	committedAtMs: number;
}

export interface ReadOutcome {
	items: JournalItem[];
	cursor: JournalCursor;
	stoppedBy: 'started' | 'caught-up' | 'max-events' | 'budget' | 'error';
	/**
	 * Why the read stopped early. With items, those are emitted and the failure comes back on the next poll;
	 * without, the poll fails. The cursor never includes the failed entry.
	 */
	error?: Error;
	gap?: Gap;
	stats: ReadStats;
}

export async function readJournal(input: ReadInput): Promise<ReadOutcome> {
	const { clock } = input;
	const ctx: ReadContext = { api: input.api, clock, deadlineMs: clock.now() + input.budgetMs * BUDGET_SHARE, stats: { retries: 0, urlRefreshes: 0 } };
	const stats: ReadStats = { entries: 0, events: 0, filteredOut: 0, skipped: 0, retries: 0, urlRefreshes: 0 };
	const finish = (outcome: Omit<ReadOutcome, 'stats'>): ReadOutcome => ({ ...outcome, stats: { ...stats, retries: ctx.stats.retries, urlRefreshes: ctx.stats.urlRefreshes } });

	let cursor = input.cursor;
	if (cursor === undefined) {
		// The first poll starts after the newest entry (it happened before activation), or at the earliest one.
		if (input.start === 'latest') return finish({ items: [], cursor: await latestCursor(ctx), stoppedBy: 'started' });
		cursor = { offset: null, committedAtMs: clock.now() };
	}
	const items: JournalItem[] = [];
	let gap: Gap | undefined;
	for (;;) {
		if (clock.now() >= ctx.deadlineMs) return finish({ items, cursor, gap, stoppedBy: 'budget' });
		if (items.length >= input.maxEvents) return finish({ items, cursor, gap, stoppedBy: 'max-events' });
		const settled: Settled<EntryStep> = await settle(readEntry(ctx, cursor.offset));
		if (!settled.ok) {
			if (settled.error instanceof OutOfTime && items.length > 0) return finish({ items, cursor, gap, stoppedBy: 'budget' });
			return finish({ items, cursor, gap, stoppedBy: 'error', error: asError(settled.error) });
		}
		const step: EntryStep = settled.value;
		if (step.kind === 'none' || (step.kind === 'entry' && step.entry.currentOffset === cursor.offset)) {
			return finish({ items, cursor, gap, stoppedBy: 'caught-up' });
		}
		if (step.kind === 'gone') {
			const lost = new JournalGapError(cursor.offset ?? '', cursor.committedAtMs);
			if (input.onExpiredOffset === 'fail') return finish({ items, cursor, gap, stoppedBy: 'error', error: lost });
			gap = { offset: lost.offset, committedAtMs: lost.committedAtMs };
			cursor = { offset: null, committedAtMs: cursor.committedAtMs };
			continue;
		}
		stats.entries += 1;
		stats.skipped += step.skipped;
		for (const event of step.events) {
			if (!isSelected(event, input.selection)) {
				stats.filteredOut += 1;
				continue;
			}
			items.push(toJournalItem(event, step.entry.currentOffset, input.selection.portalId));
			stats.events += 1;
		}
		cursor = { offset: step.entry.currentOffset, committedAtMs: clock.now() };
	}
}

/** The newest entry's offset, or "start at the earliest" when the journal is still empty. */
async function latestCursor(ctx: ReadContext): Promise<JournalCursor> {
	const answer = await lookUpLatest(ctx);
	return { offset: answer.kind === 'entry' ? answer.entry.currentOffset : null, committedAtMs: ctx.clock.now() };
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
