/**
 * One journal entry: find it (earliest / next after an offset), download its file from the presigned URL and
 * parse it. Presigned URLs expire (`expiresAt`); a refused download is retried with a fresh URL from the same
 * lookup, which names the same entry.
 */
import { isRecord } from '../events/isRecord';
import { answerMessage, callWithRetry, type CallStats, type Clock, type HttpResponse } from './call';
import { parseEntryFile } from './entryFile';
import { JournalFileError, JournalRequestError } from './errors';
import type { JournalEntryRef } from './types';

/** The I/O a read needs; the node implements it with n8n's HTTP helpers. */
export interface JournalApi {
	latest(): Promise<HttpResponse>;
	earliest(): Promise<HttpResponse>;
	next(offset: string): Promise<HttpResponse>;
	/** The newest `count` entries (`batch/latest/{count}`), for test events. */
	latestBatch(count: number): Promise<HttpResponse>;
	/** A plain GET without any credential; the body as text. */
	download(url: string): Promise<HttpResponse>;
}

export interface ReadContext {
	api: JournalApi;
	clock: Clock;
	deadlineMs: number;
	stats: CallStats & { urlRefreshes: number };
}

export type EntryAnswer = { kind: 'entry'; entry: JournalEntryRef } | { kind: 'none' } | { kind: 'gone' };

/** How many fresh URLs one entry gets before the read fails. */
export const MAX_URL_REFRESHES = 3;

export function entryRef(value: unknown): JournalEntryRef | undefined {
	if (!isRecord(value) || typeof value.url !== 'string' || value.url === '') return undefined;
	if (typeof value.currentOffset !== 'string' || value.currentOffset === '') return undefined;
	return { url: value.url, currentOffset: value.currentOffset, expiresAt: typeof value.expiresAt === 'string' ? value.expiresAt : '' };
}

/**
 * A lookup's answer. "Nothing (yet)" is an answer without a file: 204, or 200 without `url`. A 404 on `next`
 * means the offset is unknown or expired; on `earliest`/`latest` it means an empty journal.
 */
export function judgeEntryAnswer(response: HttpResponse, what: string, isNext: boolean): EntryAnswer {
	if (response.status === 204) return { kind: 'none' };
	if (response.status >= 200 && response.status < 300) {
		const entry = entryRef(response.body);
		return entry ? { kind: 'entry', entry } : { kind: 'none' };
	}
	if (response.status === 404) return isNext ? { kind: 'gone' } : { kind: 'none' };
	throw new JournalRequestError(what, response.status, answerMessage(response));
}

/** `earliest` when `offset` is null, else `next` after it; a 404 on `next` is checked against `latest` first. */
export async function lookUp(ctx: ReadContext, offset: string | null): Promise<EntryAnswer> {
	if (offset === null) {
		return judgeEntryAnswer(await callWithRetry(() => ctx.api.earliest(), ctx.clock, ctx.deadlineMs, ctx.stats), 'read the earliest journal entry', false);
	}
	const answer = judgeEntryAnswer(await callWithRetry(() => ctx.api.next(offset), ctx.clock, ctx.deadlineMs, ctx.stats), 'read the next journal entry', true);
	if (answer.kind !== 'gone') return answer;
	// Some APIs answer 404 for "no entry after this one yet": the newest entry's own offset is not a gap.
	const latest = await lookUpLatest(ctx);
	return latest.kind === 'entry' && latest.entry.currentOffset === offset ? { kind: 'none' } : answer;
}

export async function lookUpLatest(ctx: ReadContext): Promise<EntryAnswer> {
	return judgeEntryAnswer(await callWithRetry(() => ctx.api.latest(), ctx.clock, ctx.deadlineMs, ctx.stats), 'read the latest journal entry', false);
}

export function isHttpsUrl(url: string): boolean {
	try {
		return new URL(url).protocol === 'https:';
	} catch {
		return false;
	}
}

/** Statuses with which object stores refuse an expired or otherwise stale presigned URL. */
const STALE_URL = [400, 401, 403, 404, 410];

/** The file's text, or 'stale' when a fresh URL should be asked for. */
export async function downloadFile(ctx: ReadContext, entry: JournalEntryRef): Promise<string | 'stale'> {
	if (!isHttpsUrl(entry.url)) {
		throw new JournalFileError(entry.currentOffset, 'not-https', 'HubSpot gave a file URL that is not https; it is not downloaded');
	}
	const response = await callWithRetry(() => ctx.api.download(entry.url), ctx.clock, ctx.deadlineMs, ctx.stats);
	if (response.status >= 200 && response.status < 300) return typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? '');
	if (STALE_URL.includes(response.status)) return 'stale';
	const why = response.status >= 300 && response.status < 400 ? 'the file URL redirects elsewhere; redirects are not followed' : answerMessage(response);
	throw new JournalFileError(entry.currentOffset, 'download-failed', `downloading the file failed (HTTP ${response.status}): ${why}`);
}

/** Finds the entry after `offset` and returns it with its events, asking for fresh URLs while downloads are refused. */
export type EntryStep =
	| { kind: 'entry'; entry: JournalEntryRef; events: Array<Record<string, unknown>>; skipped: number }
	| { kind: 'none' }
	| { kind: 'gone' };

export async function readEntry(ctx: ReadContext, offset: string | null): Promise<EntryStep> {
	for (let refresh = 0; ; refresh++) {
		const answer = await lookUp(ctx, offset);
		if (answer.kind !== 'entry') return answer;
		const text = await downloadFile(ctx, answer.entry);
		if (text === 'stale') {
			if (refresh >= MAX_URL_REFRESHES) {
				throw new JournalFileError(answer.entry.currentOffset, 'download-failed', `the file store refused ${MAX_URL_REFRESHES + 1} fresh URLs for this entry`);
			}
			ctx.stats.urlRefreshes += 1;
			continue;
		}
		const parsed = parseEntryFile(text);
		if (!parsed.ok) throw new JournalFileError(answer.entry.currentOffset, 'unreadable', parsed.reason);
		return { kind: 'entry', entry: answer.entry, events: parsed.events, skipped: parsed.skipped };
	}
}
