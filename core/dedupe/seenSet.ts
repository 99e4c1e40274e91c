import { SeenSetError } from './errors';
import { MAX_STORED_KEY_LENGTH, olderStorageKey, storageKey } from './storageKey';

export interface SeenSetLimits {
	/** How long a key is remembered; a key whose age is more than this is forgotten. */
	windowMs: number;
	/** The most keys remembered; the oldest go first. */
	maxEntries: number;
}

/**
 * The serialised set, as stored in n8n's workflow static data (plain JSON). Entries are sorted oldest first;
 * entry `i` was added at `t0 + dtMs[i]`. Offsets from the oldest entry are shorter in JSON than 13-digit
 * epoch times, and parallel arrays avoid repeating property names.
 */
export interface SeenSetState {
	v: 1;
	t0: number;
	keys: string[];
	dtMs: number[];
}

function checkLimits(limits: SeenSetLimits): SeenSetLimits {
	const { windowMs, maxEntries } = limits;
	if (typeof windowMs !== 'number' || !Number.isFinite(windowMs) || windowMs <= 0) {
		throw new SeenSetError('INVALID_LIMITS', `windowMs must be a positive number of milliseconds, got ${String(windowMs)}`);
	}
	if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
		throw new SeenSetError('INVALID_LIMITS', `maxEntries must be a positive integer, got ${String(maxEntries)}`);
	}
	return { windowMs, maxEntries };
}

function checkTime(nowMs: number): number {
	if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) {
		throw new SeenSetError('INVALID_TIME', `nowMs must be a finite number, got ${String(nowMs)}`);
	}
	return nowMs;
}

/**
 * The compact form earlier releases stored (version 2): the same keys, oldest first, and their times as runs.
 * `dt` is a comma-separated list of `<gap>` or `<gap>*<count>` in base 36: `count` entries (1 when absent) added
 * `gap` ms after the previous run (the first run's gap is from `t0`, so 0). The keys of one delivery share one
 * time, so a full memory's times take a few hundred bytes instead of one number per key.
 */
export interface CompactSeenSetStateV2 {
	v: 2;
	t0: number;
	keys: string[];
	dt: string;
}

/**
 * The compact form the nodes store (version 3): version 2 with the keys as one string, the storage keys
 * (`MAX_STORED_KEY_LENGTH` base64url characters each, oldest first) one after the other. n8n copies, wraps in
 * proxies and serialises static data value by value on every request; one string of 100,000 characters costs it
 * a fraction of 5,000 strings of 20. `dt` is as in version 2, one time per 20-character key.
 */
export interface CompactSeenSetState {
	v: 3;
	t0: number;
	keys: string;
	dt: string;
	/**
	 * The key format (`KEY_FORMAT`): a hashed trace key stored as its own first 20 hex digits (`storageKey`).
	 * Absent in the states earlier versions wrote, whose keys are all SHA-256 digests (`olderStorageKey`).
	 */
	f?: typeof KEY_FORMAT;
	/**
	 * Entries added at or before this time may hold a key in the earlier form (the state was read from an earlier
	 * version's): lookups try that form too until no such entry is left. Absent when none can.
	 */
	l?: number;
	/** Lineage of the process copy that wrote it (SeenSetMemory); reading the keys ignores it. */
	w?: string;
}

/** The `f` of a version 3 state whose hashed trace keys are stored as their own digest. */
export const KEY_FORMAT = 2;

/** What `fromJSON` reads: any form a release wrote. */
export type StoredSeenSetState = SeenSetState | CompactSeenSetStateV2 | CompactSeenSetState;

const RUN = /^([0-9a-z]{1,11})(?:\*([0-9a-z]{1,6}))?$/;
/** The longest run `encodeRuns` can write (11 + `*` + 6 characters), and its comma. */
const MAX_RUN_LENGTH = 19;
/** Only base64url characters: what every storage key is made of. */
const STORAGE_CHARS = /^[A-Za-z0-9_-]*$/;

/**
 * The times of a compact state's entries `skip` to `count - 1` (all of them by default), or undefined when `dt`
 * is not a valid encoding of exactly `count` times. Gaps are never negative, so the times never decrease.
 */
function readRuns(t0: number, dt: string, count: number, skip = 0): number[] | undefined {
	const times: number[] = [];
	if (dt === '') return count === 0 ? times : undefined;
	// Each entry needs a run or a share of one: a longer `dt` cannot be valid (and is not split).
	if (dt.length > count * (MAX_RUN_LENGTH + 1)) return undefined;
	let ms = t0;
	let index = 0;
	for (const run of dt.split(',')) {
		const match = RUN.exec(run);
		if (!match) return undefined;
		const gap = parseInt(match[1], 36);
		const repeat = match[2] === undefined ? 1 : parseInt(match[2], 36);
		ms += gap;
		if (!Number.isSafeInteger(ms) || repeat < 1 || index + repeat > count) return undefined;
		for (let at = Math.max(index, skip); at < index + repeat; at++) times.push(ms);
		index += repeat;
	}
	return index === count ? times : undefined;
}

/** Entries added at the same whole millisecond, oldest run first. */
interface Run {
	ms: number;
	count: number;
}

/**
 * Runs of equal times; `times` must be sorted oldest first. Each time is taken in whole milliseconds (a fraction
 * rounds up: a key is then remembered a little longer, never shorter).
 */
function runsOf(times: Iterable<number>): Run[] {
	return appendRuns([], times);
}

/** `times` (in order, none older than the last run) added to `runs`, which is returned. */
function appendRuns(runs: Run[], times: Iterable<number>): Run[] {
	let last = runs.length > 0 ? runs[runs.length - 1] : undefined;
	for (const time of times) {
		const ms = Math.ceil(time);
		if (last !== undefined && last.ms === ms) last.count++;
		else runs.push((last = { ms, count: 1 }));
	}
	return runs;
}

/** `CompactSeenSetState.dt` for runs: each run's gap from the one before (the first's from `t0`, so 0). */
function encodeRuns(runs: readonly Run[]): string {
	let dt = '';
	let previous = runs.length > 0 ? runs[0].ms : 0;
	for (let index = 0; index < runs.length; index++) {
		const { ms, count } = runs[index];
		const gap = (ms - previous).toString(36);
		dt += `${index === 0 ? '' : ','}${count === 1 ? gap : `${gap}*${count.toString(36)}`}`;
		previous = ms;
	}
	return dt;
}

/** `runs` without its first `drop` entries, then `times` (in order, none older than the last run) appended. */
function continueRuns(runs: readonly Run[], drop: number, times: readonly number[]): Run[] {
	const next: Run[] = [];
	let left = drop;
	for (const run of runs) {
		if (left >= run.count) {
			left -= run.count;
			continue;
		}
		next.push({ ms: run.ms, count: run.count - left });
		left = 0;
	}
	return appendRuns(next, times);
}

/**
 * The entries of a version 3 state, or none when it is damaged as a whole: `keys` not a whole number of
 * 20-character keys, or `dt` not exactly one time per key (which time belongs to which key is then unknown).
 * A key holding a character no storage key has is skipped alone, as a damaged key is in version 2. Only the
 * newest `maxEntries` keys are read: times never decrease, so the older ones would be evicted at once (a state
 * of 100 MB costs what one of `maxEntries` keys does).
 */
function readStateV3(t0: unknown, keys: string, dt: unknown, maxEntries: number): Array<[string, number]> {
	if (typeof t0 !== 'number' || !Number.isSafeInteger(t0) || typeof dt !== 'string') return [];
	if (keys.length % MAX_STORED_KEY_LENGTH !== 0) return [];
	const count = keys.length / MAX_STORED_KEY_LENGTH;
	const skip = Math.max(0, count - maxEntries);
	const times = readRuns(t0, dt, count, skip);
	if (!times) return [];
	const entries: Array<[string, number]> = [];
	const clean = STORAGE_CHARS.test(skip === 0 ? keys : keys.slice(skip * MAX_STORED_KEY_LENGTH));
	for (let index = skip; index < count; index++) {
		const key = keys.slice(index * MAX_STORED_KEY_LENGTH, (index + 1) * MAX_STORED_KEY_LENGTH);
		if (clean || STORAGE_CHARS.test(key)) entries.push([key, times[index - skip]]);
	}
	return entries;
}

/** The entries of a stored state, or none when it is not a state this version wrote. */
function readState(data: unknown, maxEntries: number): Array<[string, number]> {
	if (typeof data !== 'object' || data === null) return [];
	const { v, t0, keys, dt } = data as Partial<Record<keyof CompactSeenSetStateV2, unknown>>;
	if (v === 3) return typeof keys === 'string' ? readStateV3(t0, keys, dt, maxEntries) : [];
	if (v === 2) {
		if (typeof t0 !== 'number' || !Number.isSafeInteger(t0) || !Array.isArray(keys) || typeof dt !== 'string') return [];
		const times = readRuns(t0, dt, keys.length);
		if (!times) return [];
		const entries: Array<[string, number]> = [];
		for (let index = 0; index < keys.length; index++) {
			const key: unknown = keys[index];
			if (typeof key === 'string') entries.push([key, times[index]]);
		}
		return entries;
	}
	const { dtMs } = data as Partial<Record<keyof SeenSetState, unknown>>;
	if (v !== 1 || typeof t0 !== 'number' || !Number.isFinite(t0)) return [];
	if (!Array.isArray(keys) || !Array.isArray(dtMs) || keys.length !== dtMs.length) return [];
	const entries: Array<[string, number]> = [];
	for (let index = 0; index < keys.length; index++) {
		const key: unknown = keys[index];
		const dt: unknown = dtMs[index];
		// One damaged entry costs that entry only; the rest of the memory stays useful.
		if (typeof key !== 'string' || typeof dt !== 'number' || !Number.isFinite(t0 + dt)) continue;
		entries.push([key, t0 + dt]);
	}
	return entries;
}

/** What `SeenSet.toCompactJSON` wrote last, and what happened to the set since (see `SeenSet.written`). */
interface Written {
	keys: string;
	/** The times of `keys`, as runs. */
	runs: Run[];
	dropped: number;
	appended: string[];
	appendedTimes: number[];
}

/**
 * A bounded memory of trace keys with the time each was added, for dropping deliveries already processed.
 * Time is always passed in (`nowMs`); the set's idea of "now" for `toJSON` is the latest time it was given.
 */
export class SeenSet {
	/** storage key → time added. Iteration order is oldest first whenever `ordered` is true. */
	private readonly entries = new Map<string, number>();
	/**
	 * The oldest entry, read from `cursor` but not removed yet, and a live iterator over `entries` that only
	 * `oldestEntry` advances: every entry is `head` or at or after the cursor. Expiry and eviction take the
	 * oldest entry once per added key; a fresh iterator each time would walk over every slot deleted since V8
	 * last compacted the map (thousands in a full memory), which made each `add` cost microseconds.
	 */
	private head: [string, number] | undefined;
	private cursor: Iterator<[string, number]> | undefined;
	private ordered = true;
	/**
	 * The `keys` the last `toCompactJSON` wrote (or the version 3 state `fromJSON` read), while the map holds
	 * exactly its keys from the `dropped`-th on (at least the last one), in that order, then `appended`: the
	 * next `keys` is then a slice and a join of the new keys instead of a join of every key (~200 µs for 5,000,
	 * on every delivery that adds keys). Anything else (a key removed other than from the front or moved to the
	 * end, a re-sort, a key of another length, the last written key gone) forgets it, and the next
	 * `toCompactJSON` joins every key.
	 */
	private written: Written | undefined;
	private newestMs = -Infinity;
	private clockMs = -Infinity;
	/**
	 * Entries added at or before this time may hold a key in the form earlier versions stored (`olderStorageKey`):
	 * they were read from such a state. -Infinity once no entry can.
	 */
	private olderFormUntilMs = -Infinity;

	private constructor(private readonly limits: SeenSetLimits) {}

	/** An empty set. */
	static create(limits: SeenSetLimits): SeenSet {
		return new SeenSet(checkLimits(limits));
	}

	/**
	 * Restores a set from static data: a state `toJSON` or `toCompactJSON` wrote (versions 1 to 3). Anything
	 * else (missing, garbage, an older shape) gives an empty set rather than an error: losing the memory only
	 * risks a duplicate item, while failing would drop every delivery.
	 */
	static fromJSON(data: unknown, limits: SeenSetLimits): SeenSet {
		const set = SeenSet.create(limits);
		const entries = readState(data, set.limits.maxEntries);
		// `toJSON` writes oldest first, so the usual state needs no sort; a tampered order is sorted (stably) so
		// "oldest" still means oldest by time.
		let sorted = true;
		for (let index = 1; index < entries.length && sorted; index++) sorted = entries[index - 1][1] <= entries[index][1];
		if (!sorted) entries.sort((a, b) => a[1] - b[1]);
		// Stored keys are already in storage form (a digest); anything longer was not written by us. Entries are in
		// time order now: without a repeated key, plain inserts build the map (half the map operations of a
		// remove and a store per key); a repeated key is then stored again at its later place.
		let inserted = 0;
		for (const [key, ms] of entries) {
			if (key.length > MAX_STORED_KEY_LENGTH) continue;
			set.entries.set(key, ms);
			set.newestMs = ms;
			inserted++;
		}
		if (set.entries.size !== inserted) {
			set.entries.clear();
			set.newestMs = -Infinity;
			for (const [key, ms] of entries) {
				if (key.length > MAX_STORED_KEY_LENGTH) continue;
				set.remove(key);
				set.store(key, ms);
			}
		}
		// A version 3 state read whole (no key skipped or repeated, in its order) is the set's keys as written.
		const { v, keys, f, l } = typeof data === 'object' && data !== null ? (data as Partial<Record<'v' | 'keys' | 'f' | 'l', unknown>>) : {};
		if (sorted && v === 3 && typeof keys === 'string' && set.entries.size * MAX_STORED_KEY_LENGTH === keys.length) {
			set.written = { keys, runs: runsOf(set.entries.values()), dropped: 0, appended: [], appendedTimes: [] };
		}
		// An earlier version's state holds every key in the older form; a state of this version says up to when.
		if (set.entries.size > 0) {
			if (v !== 3 || f !== KEY_FORMAT) set.olderFormUntilMs = set.newestMs;
			else if (typeof l === 'number' && Number.isFinite(l)) set.olderFormUntilMs = l;
		}
		set.evictOverflow();
		return set;
	}

	get size(): number {
		return this.entries.size;
	}

	/** Whether `key` was seen within the window (in either form, while entries of an earlier version's are held). */
	has(key: string, nowMs: number): boolean {
		return this.hasStored(storageKey(key), nowMs) || this.hasOlderForm(key, nowMs);
	}

	/**
	 * Whether `key` is held in the form earlier versions stored it in (`olderStorageKey`), where that differs from
	 * today's: tried only while entries read from such a state may remain (`holdsOlderForm`).
	 */
	hasOlderForm(key: string, nowMs: number): boolean {
		if (this.olderFormUntilMs === -Infinity) return false;
		const older = olderStorageKey(key);
		return older !== undefined && this.holdsOlderForm(nowMs) && this.hasStored(older, nowMs);
	}

	/**
	 * Whether an entry may hold its key in the form earlier versions stored (`olderStorageKey`), so a lookup must
	 * try that form too. True only after reading an earlier version's state, until its entries expire or are
	 * evicted: then false for good.
	 */
	holdsOlderForm(nowMs: number): boolean {
		if (this.olderFormUntilMs === -Infinity) return false;
		this.tick(checkTime(nowMs));
		this.dropExpired(this.clockMs);
		return this.settleOlderForm();
	}

	/** `has` for a key already in storage form (`storageKey(key)`), for a caller that needs it twice. */
	hasStored(stored: string, nowMs: number): boolean {
		this.tick(checkTime(nowMs));
		const addedMs = this.entries.get(stored);
		if (addedMs === undefined) return false;
		if (this.isExpired(addedMs, nowMs)) {
			this.remove(stored);
			return false;
		}
		return true;
	}

	/** Remembers `key` as seen at `nowMs`; a key seen again keeps the later of its two times. */
	add(key: string, nowMs: number): void {
		this.addStored(storageKey(key), nowMs);
	}

	/** `add` for a key already in storage form (`storageKey(key)`). */
	addStored(stored: string, nowMs: number): void {
		this.addAllStored([stored], nowMs);
	}

	/**
	 * `addStored` for each key in turn, evicting once at the end: the same memory as adding them one by one
	 * (they share one time, so the oldest entries go either way), but a memory that is out of time order (a
	 * delivery whose time is older than the newest key: concurrent requests finish out of order) is re-sorted
	 * once per call instead of once per key.
	 */
	addAllStored(stored: readonly string[], nowMs: number): void {
		this.tick(checkTime(nowMs));
		for (const key of stored) {
			const previousMs = this.entries.get(key);
			// A new key (the usual case) needs no removal first.
			if (previousMs !== undefined) this.remove(key);
			this.store(key, previousMs === undefined ? nowMs : Math.max(previousMs, nowMs));
		}
		this.evictOverflow();
	}

	/**
	 * Adds every entry of `other` (keeping the later time of a key in both). Used to fold another copy of
	 * the memory into this one, e.g. the copy a concurrent request saved, so neither copy's keys are lost.
	 */
	merge(other: SeenSet): void {
		if (other === this) return;
		for (const [stored, ms] of other.entries) {
			const mine = this.entries.get(stored);
			if (mine !== undefined && mine >= ms) continue;
			this.remove(stored);
			this.store(stored, ms);
		}
		this.tick(other.clockMs);
		this.olderFormUntilMs = Math.max(this.olderFormUntilMs, other.olderFormUntilMs);
		this.evictOverflow();
	}

	/** Forgets every key whose age at `nowMs` is more than the window. */
	prune(nowMs: number): void {
		this.tick(checkTime(nowMs));
		this.dropExpired(this.clockMs);
	}

	/**
	 * The compact state for static data, oldest first, without the entries expired at the latest `nowMs` this
	 * set was given. (Not at the newest entry's time: one entry from a clock set in the future would expire all
	 * the others.)
	 */
	toJSON(): SeenSetState {
		this.dropExpired(this.clockMs);
		const keys: string[] = [];
		const dtMs: number[] = [];
		let t0 = 0;
		for (const [key, ms] of this.entries) {
			if (keys.length === 0) t0 = ms;
			keys.push(key);
			dtMs.push(ms - t0);
		}
		return { v: 1, t0, keys, dtMs };
	}

	/**
	 * The same state in the compact form (version 3), what the nodes store: ~20 bytes of JSON per key (version
	 * 1 takes ~30), and four values for n8n to copy, wrap in proxies and write per execution instead of
	 * thousands. A key of another length than a storage key's (only a version 1 or 2 state could bring one;
	 * `storageKey` never makes one) is left out: it would shift every key after it. (A key of the right length
	 * with a character no storage key has is written as it is; reading drops it.)
	 */
	toCompactJSON(): CompactSeenSetState {
		this.dropExpired(this.clockMs);
		const written = this.written;
		let joined: string;
		let runs: Run[];
		if (written && (written.keys.length / MAX_STORED_KEY_LENGTH) - written.dropped + written.appended.length === this.entries.size) {
			// The keys and runs written last time, their dropped front cut off and the added keys appended: no walk
			// over the 5,000 entries of a full memory (~90 µs per delivery that adds keys).
			joined = written.keys.slice(written.dropped * MAX_STORED_KEY_LENGTH) + written.appended.join('');
			runs = continueRuns(written.runs, written.dropped, written.appendedTimes);
		} else {
			// Plain copies, rounded in the loop: `Array.from` with a mapping function was ~10× slower for 5,000 times.
			let times = Array.from(this.entries.values());
			let keys = Array.from(this.entries.keys());
			if (keys.some((key) => key.length !== MAX_STORED_KEY_LENGTH)) {
				const whole = keys.map((key) => key.length === MAX_STORED_KEY_LENGTH);
				keys = keys.filter((_, index) => whole[index]);
				times = times.filter((_, index) => whole[index]);
			}
			joined = keys.join('');
			runs = runsOf(times);
		}
		// Only a string that holds every key in the map's order can be continued.
		this.written = joined.length === this.entries.size * MAX_STORED_KEY_LENGTH ? { keys: joined, runs, dropped: 0, appended: [], appendedTimes: [] } : undefined;
		const state: CompactSeenSetState = { v: 3, t0: runs.length > 0 ? runs[0].ms : 0, keys: joined, dt: encodeRuns(runs), f: KEY_FORMAT };
		if (this.settleOlderForm()) state.l = this.olderFormUntilMs;
		return state;
	}

	/** Adds a key that is not in the map (callers `remove` it first): it goes last in iteration order. */
	private store(stored: string, ms: number): void {
		this.entries.set(stored, ms);
		if (this.written) {
			if (stored.length === MAX_STORED_KEY_LENGTH) {
				this.written.appended.push(stored);
				this.written.appendedTimes.push(ms);
			} else this.written = undefined;
		}
		if (ms < this.newestMs) this.ordered = false;
		else this.newestMs = ms;
	}

	/** `holdsOlderForm` once expired entries are dropped: false for good when the oldest entry is newer than the bound. */
	private settleOlderForm(): boolean {
		if (this.olderFormUntilMs === -Infinity) return false;
		this.ensureOrdered();
		const oldest = this.oldestEntry();
		if (oldest === undefined || oldest[1] > this.olderFormUntilMs) this.olderFormUntilMs = -Infinity;
		return this.olderFormUntilMs !== -Infinity;
	}

	private tick(nowMs: number): void {
		if (nowMs > this.clockMs) this.clockMs = nowMs;
	}

	private isExpired(addedMs: number, nowMs: number): boolean {
		return nowMs - addedMs > this.limits.windowMs;
	}

	/** Whether `stored` was there. */
	private remove(stored: string): boolean {
		const removed = this.entries.delete(stored);
		if (this.head !== undefined && this.head[0] === stored) this.head = undefined;
		if (removed && this.written) {
			// Only the first key still held of the written string may go without forgetting it. (Once all of them
			// are gone, so is the string: `appended` then never holds more keys than the map.)
			const written = this.written;
			const start = written.dropped * MAX_STORED_KEY_LENGTH;
			// (startsWith at an offset compares in place; a slice to compare with was one string per eviction.)
			if (start + MAX_STORED_KEY_LENGTH < written.keys.length && stored.length === MAX_STORED_KEY_LENGTH && written.keys.startsWith(stored, start)) {
				written.dropped++;
			} else {
				this.written = undefined;
			}
		}
		return removed;
	}

	/** The first entry in iteration order (the oldest when `ordered`), without removing it. */
	private oldestEntry(): [string, number] | undefined {
		if (this.head !== undefined) return this.head;
		let next = this.cursor?.next();
		if (next === undefined || next.done === true) {
			// A finished iterator stays finished; a fresh one starts from the first entry.
			this.cursor = this.entries.entries();
			next = this.cursor.next();
		}
		this.head = next.done === true ? undefined : next.value;
		return this.head;
	}

	/** Re-sorts oldest first after a clock that went backwards, so eviction and expiry can stop early. */
	private ensureOrdered(): void {
		if (this.ordered) return;
		const sorted = [...this.entries].sort((a, b) => a[1] - b[1]);
		this.entries.clear();
		this.written = undefined;
		this.head = undefined;
		this.cursor = undefined;
		for (const [key, ms] of sorted) this.entries.set(key, ms);
		this.ordered = true;
	}

	private dropExpired(nowMs: number): void {
		this.ensureOrdered();
		for (let oldest = this.oldestEntry(); oldest !== undefined && this.isExpired(oldest[1], nowMs); oldest = this.oldestEntry()) {
			if (!this.remove(oldest[0])) this.cursor = undefined;
		}
	}

	private evictOverflow(): void {
		if (this.entries.size <= this.limits.maxEntries) return;
		this.ensureOrdered();
		while (this.entries.size > this.limits.maxEntries) {
			const oldest = this.oldestEntry();
			if (oldest === undefined) break;
			// Cannot happen while every deletion goes through `remove`; if it did, start over from the first entry.
			if (!this.remove(oldest[0])) this.cursor = undefined;
		}
	}
}
