/** The HubSpot webhooks journal, pure: entry files → events, subscriptions to match, the read loop and its cursor. */
export * from './types';
export { parseEntryFile, type EntryFileResult } from './entryFile';
export { isSelected, toJournalItem, journalTraceKey, changedProperties } from './events';
export { JournalFileError, JournalGapError, JournalRequestError, type FileProblem } from './errors';
export { OutOfTime, type Clock, type HttpResponse } from './call';
export { isHttpsUrl, type JournalApi } from './entry';
export {
	BUDGET_SHARE,
	EXPIRED_OFFSET_CHOICES,
	START_POSITIONS,
	readJournal,
	type ExpiredOffsetChoice,
	type Gap,
	type ReadInput,
	type ReadOutcome,
	type ReadStats,
	type StartPosition,
} from './read';
export { sampleJournal, SAMPLE_ENTRIES, type SampleInput } from './sample';
export { emptyState, loadJournalState, selectionKey, MAX_OWNED_SUBSCRIPTIONS, type JournalState } from './state';
export {
	desiredSubscriptions,
	ownedAfter,
	planSubscriptions,
	readSubscriptions,
	replacedIds,
	covers,
	type SubscriptionPlan,
	type SubscriptionRequest,
	type V4Subscription,
} from './subscriptions';
