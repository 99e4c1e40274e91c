import { BoundedCache } from '../cache';
import { SeenSet, type SeenSetLimits, type SeenSetState } from './seenSet';

interface Remembered {
	seen: SeenSet;
	/** What this process last wrote to static data, to recognise it when n8n hands it back unchanged. */
	written: SeenSetState;
	limits: SeenSetLimits;
}

/** Stored state still holds exactly what this process wrote last (n8n hands static data back as a copy). */
function isWhatWeWrote(stored: unknown, written: SeenSetState): boolean {
	if (!stored || typeof stored !== 'object') return false;
	const state = stored as Partial<SeenSetState>;
	const last = written.keys.length - 1;
	return (
		state.t0 === written.t0 &&
		Array.isArray(state.keys) &&
		Array.isArray(state.dtMs) &&
		state.keys.length === written.keys.length &&
		(last < 0 ||
			(state.keys[last] === written.keys[last] && state.dtMs[last] === written.dtMs[last] && state.keys[0] === written.keys[0]))
	);
}

/**
 * One process's latest copy of each duplicate memory, in front of n8n's static data.
 *
 * n8n loads static data fresh for each production request and saves it after the execution: two concurrent
 * deliveries each save their own copy, and the last writer wins, forgetting the other's keys. So each process
 * also keeps its latest copy and folds it into what it loads; as long as the caller does not await between
 * `load` and `save`, no keys are lost within one process and every saved copy holds both requests' keys.
 * When the stored state is exactly what this process wrote last, its own copy is reused without re-reading.
 */
export class SeenSetMemory {
	private readonly copies: BoundedCache<string, Remembered>;

	/** `limit`: how many memories (workflow × node × mode) one process keeps. */
	constructor(limit = 1000) {
		this.copies = new BoundedCache(limit);
	}

	/** The memory for one request: this process's copy when `stored` is what it wrote, else both folded. */
	load(key: string, stored: unknown, limits: SeenSetLimits): SeenSet {
		const cached = this.copies.get(key);
		const sameLimits = cached?.limits.windowMs === limits.windowMs && cached?.limits.maxEntries === limits.maxEntries;
		if (cached && sameLimits && isWhatWeWrote(stored, cached.written)) return cached.seen;
		const seen = SeenSet.fromJSON(stored, limits);
		if (cached) seen.merge(cached.seen);
		return seen;
	}

	/** The state to store for `seen`, remembered as this process's latest copy. */
	save(key: string, seen: SeenSet, limits: SeenSetLimits): SeenSetState {
		const written = seen.toJSON();
		this.copies.set(key, { seen, written, limits: { windowMs: limits.windowMs, maxEntries: limits.maxEntries } });
		return written;
	}
}
