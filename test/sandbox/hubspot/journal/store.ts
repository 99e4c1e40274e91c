// The journal itself: entries in order, kept for the retention, each with a file behind a presigned URL.
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

import type { JsonObject } from '../../types';
import type { JournalBehaviour, JournalEntryInfo, JournalFileFormat } from './types';

interface Entry {
	offset: string;
	portalId: number;
	atMs: number;
	events: JsonObject[];
}

export type Lookup = { kind: 'entry'; entry: Entry } | { kind: 'none' } | { kind: 'gone' };

export class JournalStore {
	private entries: Entry[] = [];
	private readonly index = new Map<string, number>();
	private readonly signingKey = randomBytes(32);

	constructor(
		private readonly behaviour: JournalBehaviour,
		private readonly now: () => number,
	) {}

	append(portalId: number, events: JsonObject[], atMs: number): JournalEntryInfo {
		const entry: Entry = { offset: randomUUID(), portalId, atMs, events };
		this.index.set(entry.offset, this.entries.length);
		this.entries.push(entry);
		return this.info(entry);
	}

	private retained(entry: Entry): boolean {
		return entry.atMs >= this.now() - this.behaviour.retentionMs;
	}

	private info(entry: Entry): JournalEntryInfo {
		return { offset: entry.offset, portalId: entry.portalId, atMs: entry.atMs, events: entry.events, retained: this.retained(entry) };
	}

	list(portalId: number | undefined, includeExpired: boolean): JournalEntryInfo[] {
		return this.entries.filter((e) => (portalId === undefined || e.portalId === portalId) && (includeExpired || this.retained(e))).map((e) => this.info(e));
	}

	private visible(portalId: number | undefined): Entry[] {
		return this.entries.filter((e) => (portalId === undefined || e.portalId === portalId) && this.retained(e));
	}

	earliest(portalId: number | undefined): Lookup {
		const first = this.visible(portalId)[0];
		return first ? { kind: 'entry', entry: first } : { kind: 'none' };
	}

	latest(portalId: number | undefined): Lookup {
		const all = this.visible(portalId);
		return all.length > 0 ? { kind: 'entry', entry: all[all.length - 1] } : { kind: 'none' };
	}

	/** The entry after `offset` for this account; 'gone' when the offset is unknown or no longer kept. */
	next(offset: string, portalId: number | undefined): Lookup {
		const at = this.index.get(offset);
		if (at === undefined || !this.retained(this.entries[at])) return { kind: 'gone' };
		for (let i = at + 1; i < this.entries.length; i++) {
			const entry = this.entries[i];
			if (portalId === undefined || entry.portalId === portalId) return { kind: 'entry', entry };
		}
		return { kind: 'none' };
	}

	latestBatch(portalId: number | undefined, count: number): Entry[] {
		const all = this.visible(portalId);
		return all.slice(Math.max(0, all.length - count));
	}

	private signature(offset: string, expiresAtMs: number): string {
		return createHmac('sha256', this.signingKey).update(`${offset}\n${expiresAtMs}`).digest('hex');
	}

	/** The single-entry answer: a presigned URL valid for the configured time. */
	presign(entry: Entry, filesUrl: string): JsonObject {
		const expiresAtMs = this.now() + this.behaviour.presignTtlMs;
		const query = `X-Amz-Expires=${expiresAtMs}&X-Amz-Signature=${this.signature(entry.offset, expiresAtMs)}`;
		return { url: `${filesUrl}/journal-files/${entry.offset}.json?${query}`, expiresAt: new Date(expiresAtMs).toISOString(), currentOffset: entry.offset };
	}

	/** The file behind a presigned URL, or why it is refused. */
	file(offset: string, expires: string | null, signature: string | null, format: JournalFileFormat): { ok: true; text: string } | { ok: false; status: number; reason: string } {
		const at = this.index.get(offset);
		const expiresAtMs = Number(expires);
		if (at === undefined || signature === null || !Number.isFinite(expiresAtMs)) return { ok: false, status: 403, reason: 'SignatureDoesNotMatch' };
		const expected = Buffer.from(this.signature(offset, expiresAtMs));
		const given = Buffer.from(signature);
		if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, status: 403, reason: 'SignatureDoesNotMatch' };
		if (expiresAtMs <= this.now()) return { ok: false, status: 403, reason: 'Request has expired' };
		const entry = this.entries[at];
		return { ok: true, text: render(entry, format) };
	}

	clear(): void {
		this.entries = [];
		this.index.clear();
	}
}

function render(entry: Entry, format: JournalFileFormat): string {
	switch (format) {
		case 'array':
			return JSON.stringify(entry.events);
		case 'ndjson':
			return entry.events.map((event) => JSON.stringify(event)).join('\n');
		case 'single':
			// One event per file: an entry with several is written as the envelope.
			return entry.events.length === 1 ? JSON.stringify(entry.events[0]) : render(entry, 'envelope');
		default:
			return JSON.stringify({ offset: entry.offset, publishedAt: new Date(entry.atMs).toISOString(), journalEvents: entry.events });
	}
}
