// An in-process HubSpot journal on a virtual clock, with the faults the real one has: 429s, 5xx, transport
// failures, presigned URLs that expire, and entries dropped after the retention. Seeded: a failing run replays.
import type { HttpResponse, JournalApi } from '../../../../core/journal';
import type { Random } from '../../../helpers/random';

export interface SimEvent {
	id: number;
	portalId: number;
	action: string;
	objectTypeId: string;
	objectId: number;
	occurredAt: number;
}

interface Entry {
	offset: string;
	atMs: number;
	events: SimEvent[];
}

export interface FaultRates {
	rateLimit: number;
	serverError: number;
	transport: number;
	/** Share of downloads that find their URL expired (the clock moved past it). */
	staleUrl: number;
}

export const PORTAL = 62515;

export class VirtualClock {
	constructor(public nowMs: number) {}

	now = (): number => this.nowMs;

	sleep = async (ms: number): Promise<void> => {
		this.nowMs += ms;
	};
}

export class SimJournal {
	readonly entries: Entry[] = [];
	private nextEvent = 1;
	private nextOffset = 1;

	constructor(
		readonly clock: VirtualClock,
		readonly random: Random,
		readonly faults: FaultRates,
		readonly retentionMs: number,
		readonly presignTtlMs = 60_000,
	) {}

	/** One entry with `count` events (a burst writes many at once). */
	publish(count: number): SimEvent[] {
		const events = Array.from({ length: count }, () => ({
			id: this.nextEvent,
			portalId: PORTAL,
			action: this.random.pick(['CREATE', 'UPDATE', 'DELETE']),
			objectTypeId: '0-1',
			objectId: this.nextEvent++,
			occurredAt: this.clock.nowMs,
		}));
		this.entries.push({ offset: `off-${String(this.nextOffset++).padStart(8, '0')}`, atMs: this.clock.nowMs, events });
		return events;
	}

	retained(entry: Entry): boolean {
		return entry.atMs >= this.clock.nowMs - this.retentionMs;
	}

	private fault(): HttpResponse | 'throw' | undefined {
		const roll = this.random.next();
		if (roll < this.faults.rateLimit) return { status: 429, headers: { 'retry-after': String(this.random.int(0, 2)) }, body: { message: 'You have reached your secondly limit.' } };
		if (roll < this.faults.rateLimit + this.faults.serverError) return { status: this.random.pick([500, 502, 503]), headers: {}, body: { message: 'internal error' } };
		if (roll < this.faults.rateLimit + this.faults.serverError + this.faults.transport) return 'throw';
		return undefined;
	}

	private async answer(compute: () => HttpResponse): Promise<HttpResponse> {
		this.clock.nowMs += this.random.int(5, 80);
		const fault = this.fault();
		if (fault === 'throw') throw new Error('socket hang up');
		return fault ?? compute();
	}

	private entryAnswer(entry: Entry | undefined): HttpResponse {
		if (!entry) return { status: 204, headers: {}, body: '' };
		const expires = this.clock.nowMs + this.presignTtlMs;
		return { status: 200, headers: {}, body: { url: `https://files.example/${entry.offset}?expires=${expires}`, expiresAt: new Date(expires).toISOString(), currentOffset: entry.offset } };
	}

	private visible(): Entry[] {
		return this.entries.filter((e) => this.retained(e));
	}

	api(): JournalApi {
		return {
			earliest: () => this.answer(() => this.entryAnswer(this.visible()[0])),
			latest: () => this.answer(() => this.entryAnswer(this.visible().at(-1))),
			latestBatch: (count) => this.answer(() => ({ status: 200, headers: {}, body: { status: 'COMPLETE', results: this.visible().slice(-count).map((e) => this.entryAnswer(e).body) } })),
			next: (offset) =>
				this.answer(() => {
					const at = this.entries.findIndex((e) => e.offset === offset);
					if (at < 0 || !this.retained(this.entries[at])) return { status: 404, headers: {}, body: { message: `Offset ${offset} not found`, category: 'OBJECT_NOT_FOUND' } };
					return this.entryAnswer(this.entries[at + 1]);
				}),
			download: (url) =>
				this.answer(() => {
					const parsed = new URL(url);
					const expires = Number(parsed.searchParams.get('expires'));
					if (this.random.chance(this.faults.staleUrl)) this.clock.nowMs = Math.max(this.clock.nowMs, expires + 1);
					if (expires <= this.clock.nowMs) return { status: 403, headers: {}, body: '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>' };
					const entry = this.entries.find((e) => e.offset === parsed.pathname.slice(1))!;
					return { status: 200, headers: {}, body: JSON.stringify({ offset: entry.offset, journalEvents: entry.events }) };
				}),
		};
	}
}
