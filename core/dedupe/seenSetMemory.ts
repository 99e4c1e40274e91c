import { randomBytes } from 'node:crypto';

import { BoundedCache } from '../cache';
import { sha256 } from '../hash';
import { SeenSet, type CompactSeenSetState, type CompactSeenSetStateV2, type SeenSetLimits, type SeenSetState } from './seenSet';
import { MAX_STORED_KEY_LENGTH } from './storageKey';

/**
 * Enough of a stored state to recognise it when n8n hands it back (as a copy): version, first time, size, and
 * - versions 1 and 2: the first and last key, and the last time (version 1) or the whole run list (version 2);
 * - version 3: the whole run list (every key's time) and a digest of the first key, the newest
 *   `SAMPLE_NEWEST_KEYS` keys and `SAMPLE_SPREAD_KEYS` keys spread evenly over the rest (all of a state of up
 *   to `SAMPLE_NEWEST_KEYS + SAMPLE_SPREAD_KEYS + 1` keys). Two different states of one memory with the same
 *   size and run list hold keys added at the same milliseconds; they differ in what was added last (a concurrent
 *   delivery), so the newest keys, a whole 100-event delivery, are compared in full. That is more than version 2
 *   compared (first and last key), for a few microseconds and a 43-character digest per state instead of
 *   reading 100,000 characters per request.
 * Anything that is not a state (missing, garbage) reads as an empty memory and has the fingerprint `none`.
 */
type Fingerprint = { none: true } | { none: false; v: unknown; t0: unknown; count: number; first: unknown; last: unknown; tail: unknown };

const NONE: Fingerprint = { none: true };
const SAMPLE_NEWEST_KEYS = 100;
const SAMPLE_SPREAD_KEYS = 64;

/** The first key, the newest keys and keys spread over the rest of a version 3 `keys`, as one string. */
function sampleOf(keys: string): string {
	const width = MAX_STORED_KEY_LENGTH;
	const newest = SAMPLE_NEWEST_KEYS * width;
	if (keys.length <= width + newest + SAMPLE_SPREAD_KEYS * width) return keys;
	const parts = [keys.slice(0, width)];
	// Whole keys from the middle part [width, keys.length - newest), evenly spaced.
	const middleKeys = Math.floor((keys.length - newest - width) / width);
	for (let index = 0; index < SAMPLE_SPREAD_KEYS; index++) {
		const start = width + Math.floor((index * middleKeys) / SAMPLE_SPREAD_KEYS) * width;
		parts.push(keys.slice(start, start + width));
	}
	parts.push(keys.slice(keys.length - newest));
	return parts.join('');
}

function fingerprintOf(stored: unknown): Fingerprint {
	if (!stored || typeof stored !== 'object') return NONE;
	const state = stored as Partial<Record<keyof SeenSetState | keyof CompactSeenSetStateV2 | keyof CompactSeenSetState, unknown>>;
	const keys = state.keys;
	if (state.v === 3) {
		if (typeof keys !== 'string') return NONE;
		// A digest, not the sample: 32 known states of a memory then hold a few KB, not 32 samples of 3 KB.
		return { none: false, v: 3, t0: state.t0, count: keys.length, first: sha256(sampleOf(keys), 'base64url'), last: undefined, tail: state.dt };
	}
	if (!Array.isArray(keys) || (state.v !== 1 && state.v !== 2)) return NONE;
	const last = keys.length - 1;
	const tail = state.v === 2 ? state.dt : Array.isArray(state.dtMs) ? (state.dtMs[last] as unknown) : undefined;
	return { none: false, v: state.v, t0: state.t0, count: keys.length, first: keys[0], last: keys[last], tail };
}

function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
	if (a.none || b.none) return a.none === b.none;
	return a.v === b.v && a.t0 === b.t0 && a.count === b.count && a.first === b.first && a.last === b.last && a.tail === b.tail;
}

/**
 * How many earlier untagged states of one memory this process recognises by fingerprint: states it folded in
 * (another process's, an earlier release's) or wrote without a tag (`save`, version 1). States `saveCompact` wrote
 * are recognised by their lineage tag, however old. Recognising a state spares a rebuild of the whole memory.
 */
const KNOWN_STATES = 32;

/** What `saveCompact` stores: the compact state, tagged (`w`) with the lineage of the copy that wrote it. */
export type TaggedCompactSeenSetState = CompactSeenSetState & { w: string };

/**
 * What `saveCompact` hands `remember` for the state it writes: that state carries the lineage tag, which is what
 * recognises it, so neither a digest of its keys nor its run list (up to ~25 KB) is kept per write.
 */
const TAGGED = Symbol('tagged with the lineage');

/** A fresh lineage tag: 72 random bits, so two copies (processes, restarts, limits) never share one. */
function newLineage(): string {
	return randomBytes(9).toString('base64url');
}

/** The lineage tag of a stored state, or undefined. */
function lineageOf(stored: unknown): string | undefined {
	if (!stored || typeof stored !== 'object') return undefined;
	const tag = (stored as { w?: unknown }).w;
	return typeof tag === 'string' ? tag : undefined;
}

interface Remembered {
	seen: SeenSet;
	/**
	 * Tag of every state written from `seen` or from a copy it descends from (`seen` only gained keys since, or
	 * let go of keys that folding the state in would expire or evict again). However long ago such a state was
	 * written, folding it into `seen` gives `seen`, so a state carrying this tag is recognised at once. Under load
	 * executions end many deliveries after their request, and the state n8n hands a request is then many writes
	 * old. The fingerprints below are for untagged states only: versions 1 and 2, and states of other processes
	 * this copy folded in.
	 */
	lineage: string;
	/**
	 * Untagged states of static data whose keys `seen` holds, newest last: what this process wrote with `save`
	 * or kept and folded in. `seen` only gained keys since each of them
	 * (or let go of keys that folding that state in would expire or evict again), so when n8n hands one of them
	 * back, `seen` is what folding it in would give.
	 */
	known: Fingerprint[];
	limits: SeenSetLimits;
	/** When this process last wrote this memory to static data; undefined before its first write. */
	writtenAtMs?: number;
}

/**
 * One process's latest copy of each duplicate memory, in front of n8n's static data.
 *
 * n8n loads static data fresh for each production request and saves it after the execution: two concurrent
 * deliveries each save their own copy, and the last writer wins, forgetting the other's keys. So each process
 * also keeps its latest copy and folds it into what it loads; as long as the caller does not await between
 * `load` and `save`, no keys are lost within one process and every saved copy holds both requests' keys.
 * When the stored state is exactly what this process wrote last (or last folded in), its own copy is reused
 * without re-reading.
 */
export class SeenSetMemory {
	private readonly copies: BoundedCache<string, Remembered>;
	/** A set `load` rebuilt → the copy it folded in: it holds every key that copy held. */
	private readonly foldedIn = new WeakMap<SeenSet, SeenSet>();

	/** `limit`: how many memories (workflow × node × mode) one process keeps. */
	constructor(limit = 1000) {
		this.copies = new BoundedCache(limit);
	}

	/** The memory for one request: this process's copy when `stored` is what it wrote, else both folded. */
	load(key: string, stored: unknown, limits: SeenSetLimits): SeenSet {
		const cached = this.copies.get(key);
		const sameLimits = cached?.limits.windowMs === limits.windowMs && cached?.limits.maxEntries === limits.maxEntries;
		if (cached && sameLimits) {
			if (lineageOf(stored) === cached.lineage) return cached.seen;
			const fingerprint = fingerprintOf(stored);
			if (cached.known.some((known) => sameFingerprint(fingerprint, known))) return cached.seen;
		}
		const seen = SeenSet.fromJSON(stored, limits);
		if (cached) {
			seen.merge(cached.seen);
			if (sameLimits) this.foldedIn.set(seen, cached.seen);
		}
		return seen;
	}

	/** The state to store for `seen` (version 1), remembered as this process's latest copy. */
	save(key: string, seen: SeenSet, limits: SeenSetLimits): SeenSetState {
		const written = seen.toJSON();
		this.remember(key, seen, limits, written, this.copies.get(key)?.writtenAtMs);
		return written;
	}

	/** The state to store for `seen` in the compact form (version 3), written at `nowMs`, remembered as the latest copy. */
	saveCompact(key: string, seen: SeenSet, limits: SeenSetLimits, nowMs: number): TaggedCompactSeenSetState {
		const written: TaggedCompactSeenSetState = Object.assign(seen.toCompactJSON(), { w: '' });
		written.w = this.remember(key, seen, limits, TAGGED, nowMs);
		return written;
	}

	/**
	 * Whether a memory last written at least `intervalMs` ago (or never by this process) is due to be written
	 * again at `nowMs`. With an interval of 0 every change is written.
	 */
	saveDue(key: string, nowMs: number, intervalMs: number): boolean {
		const writtenAtMs = this.copies.get(key)?.writtenAtMs;
		return intervalMs <= 0 || writtenAtMs === undefined || nowMs - writtenAtMs >= intervalMs || nowMs < writtenAtMs;
	}

	/**
	 * Keeps `seen` as this process's latest copy without writing it: `stored` (what static data holds now, which
	 * `seen` was loaded from) is what the next request will be handed, and it is recognised then.
	 */
	keep(key: string, seen: SeenSet, limits: SeenSetLimits, stored: unknown): void {
		this.remember(key, seen, limits, stored, this.copies.get(key)?.writtenAtMs);
	}

	/**
	 * Keeps `seen` as the latest copy and `state` as known; the lineage it continues (or starts) is returned.
	 * `TAGGED`: the state will carry that lineage, which recognises it, so no fingerprint of it is kept.
	 */
	private remember(key: string, seen: SeenSet, limits: SeenSetLimits, state: unknown, writtenAtMs: number | undefined): string {
		const cached = this.copies.get(key);
		// Earlier states (and the lineage) stay known only while `seen` descends from the copy that knew them (same limits).
		const sameLimits = cached?.limits.windowMs === limits.windowMs && cached?.limits.maxEntries === limits.maxEntries;
		const descends = cached !== undefined && sameLimits && (cached.seen === seen || this.foldedIn.get(seen) === cached.seen);
		const earlier = descends ? cached.known : [];
		const lineage = descends ? cached.lineage : newLineage();
		let known = earlier;
		if (state !== TAGGED) {
			const fingerprint = fingerprintOf(state);
			known = [...earlier.filter((other) => !sameFingerprint(other, fingerprint)), fingerprint].slice(-KNOWN_STATES);
		}
		this.copies.set(key, { seen, lineage, known, limits: { windowMs: limits.windowMs, maxEntries: limits.maxEntries }, writtenAtMs });
		return lineage;
	}
}
