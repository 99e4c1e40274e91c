import { SeenSetError } from './errors';
import { MAX_STORED_KEY_LENGTH, storageKey } from './storageKey';

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

/** The entries of a stored state, or none when it is not a state this version wrote. */
function readState(data: unknown): Array<[string, number]> {
	if (typeof data !== 'object' || data === null) return [];
	const { v, t0, keys, dtMs } = data as Partial<Record<keyof SeenSetState, unknown>>;
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

/**
 * A bounded memory of trace keys with the time each was added, for dropping deliveries already processed.
 * Time is always passed in (`nowMs`); the set's idea of "now" for `toJSON` is the latest time it was given.
 */
export class SeenSet {
	/** storage key → time added. Iteration order is oldest first whenever `ordered` is true. */
	private readonly entries = new Map<string, number>();
	private ordered = true;
	private newestMs = -Infinity;
	private clockMs = -Infinity;

	private constructor(private readonly limits: SeenSetLimits) {}

	/** An empty set. */
	static create(limits: SeenSetLimits): SeenSet {
		return new SeenSet(checkLimits(limits));
	}

	/**
	 * Restores a set from static data. Anything that is not a state written by `toJSON` (missing, garbage, an
	 * older shape) gives an empty set rather than an error: losing the memory only risks a duplicate item,
	 * while failing would drop every delivery.
	 */
	static fromJSON(data: unknown, limits: SeenSetLimits): SeenSet {
		const set = SeenSet.create(limits);
		const entries = readState(data);
		// `toJSON` writes oldest first, so the usual state needs no sort; a tampered order is sorted (stably) so
		// "oldest" still means oldest by time.
		let sorted = true;
		for (let index = 1; index < entries.length && sorted; index++) sorted = entries[index - 1][1] <= entries[index][1];
		if (!sorted) entries.sort((a, b) => a[1] - b[1]);
		for (const [key, ms] of entries) {
			// Stored keys are already in storage form (a digest); anything longer was not written by us.
			if (key.length > MAX_STORED_KEY_LENGTH) continue;
			if (set.entries.has(key)) set.entries.delete(key);
			set.store(key, ms);
		}
		set.evictOverflow();
		return set;
	}

	get size(): number {
		return this.entries.size;
	}

	has(key: string, nowMs: number): boolean {
		this.tick(checkTime(nowMs));
		const stored = storageKey(key);
		const addedMs = this.entries.get(stored);
		if (addedMs === undefined) return false;
		if (this.isExpired(addedMs, nowMs)) {
			this.entries.delete(stored);
			return false;
		}
		return true;
	}

	/** Remembers `key` as seen at `nowMs`; a key seen again keeps the later of its two times. */
	add(key: string, nowMs: number): void {
		this.tick(checkTime(nowMs));
		const stored = storageKey(key);
		const previousMs = this.entries.get(stored);
		this.entries.delete(stored);
		this.store(stored, previousMs === undefined ? nowMs : Math.max(previousMs, nowMs));
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
			this.entries.delete(stored);
			this.store(stored, ms);
		}
		this.tick(other.clockMs);
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

	private store(stored: string, ms: number): void {
		this.entries.set(stored, ms);
		if (ms < this.newestMs) this.ordered = false;
		else this.newestMs = ms;
	}

	private tick(nowMs: number): void {
		if (nowMs > this.clockMs) this.clockMs = nowMs;
	}

	private isExpired(addedMs: number, nowMs: number): boolean {
		return nowMs - addedMs > this.limits.windowMs;
	}

	/** Re-sorts oldest first after a clock that went backwards, so eviction and expiry can stop early. */
	private ensureOrdered(): void {
		if (this.ordered) return;
		const sorted = [...this.entries].sort((a, b) => a[1] - b[1]);
		this.entries.clear();
		for (const [key, ms] of sorted) this.entries.set(key, ms);
		this.ordered = true;
	}

	private dropExpired(nowMs: number): void {
		this.ensureOrdered();
		for (const [key, ms] of this.entries) {
			if (!this.isExpired(ms, nowMs)) break;
			this.entries.delete(key);
		}
	}

	private evictOverflow(): void {
		let excess = this.entries.size - this.limits.maxEntries;
		if (excess <= 0) return;
		this.ensureOrdered();
		for (const key of this.entries.keys()) {
			if (excess-- <= 0) break;
			this.entries.delete(key);
		}
	}
}
