/**
 * The poller's memory between polls: per resource a mark and the keys of the records emitted near it. It
 * lives in the workflow's static data, which n8n writes to its database after every execution, so it is
 * small by construction (see `STATE_BUDGET_BYTES`) whatever the volume polled.
 *
 * How the pieces fit (the README's "Cursor and state" section tells the same for users):
 * - the next query starts at `markMs - pollDelayMs`; every record dated before that has been emitted;
 * - records that query returns again are recognised by their key `${id}@${dateMs}` and dropped;
 * - so only keys at or after `markMs - pollDelayMs - KEY_MARGIN_MS` are worth keeping.
 *
 * Where the mark goes after a poll that read records up to date D, having sent its first request at F: the
 * next query must start at or before D (the rest of D's records may be unread) and at or before F - pollDelay
 * (a record not yet searchable when the reader passed its place is dated after that, since records become
 * searchable within pollDelay). So the next start is min(D, F - pollDelay), i.e. mark = min(D + pollDelay, F).
 * In steady polling that is the familiar "pollDelay before the newest record"; while catching up on an old
 * backlog the overlap vanishes, so a budget smaller than one overlap window cannot stall the poller.
 */
import { sha256 } from '../hash';
import { isJsonObject } from './paths';

export const STATE_VERSION = 1;

/**
 * Keys a little below the next query's start are kept too. The start is rendered in the resource's date
 * format, which may drop the milliseconds, and a record's date is parsed back from another format: a second
 * of slack keeps an off-by-rounding on either side from re-emitting a record. It costs a handful of keys.
 */
export const KEY_MARGIN_MS = 1_000;

/** Upper bound on the keys kept per resource, whatever the byte budget allows. */
export const MAX_KEYS_PER_RESOURCE = 2_000;

/**
 * The serialised state (`JSON.stringify`, UTF-8) never exceeds this. The keys of each resource get an equal
 * share of what the marks and names leave; with one resource and short ids that is several hundred keys.
 */
export const STATE_BUDGET_BYTES = 16 * 1024;

/** Longer ids are replaced by a hash in keys, so one odd record cannot eat the budget. */
export const MAX_KEY_ID_LENGTH = 64;

export interface ResourceState {
	/** The next query starts at `markMs - pollDelayMs` (see the top of this file for where it moves). */
	markMs: number;
	/** `${id}@${dateMs}` of records emitted at or within the overlap window below the next query's start. */
	keys: string[];
}

export interface PollerState {
	version: typeof STATE_VERSION;
	resources: Record<string, ResourceState>;
	/** `nowMs` of the last poll that read everything it had to (drives `refresh_interval`). */
	lastSuccessMs?: number;
}

/** A record that was just emitted, for `commitEmitted`. */
export interface EmittedKey {
	key: string;
	dateMs: number;
}

export interface CommitOptions {
	pollDelayMs: number;
	/**
	 * The mark never moves past this: the clock reading taken before the resource's first request (F above;
	 * the engine takes it a second early for dates written to the second). A record missed because it was
	 * not yet searchable is dated after `ceiling - pollDelay`, so the next query still reaches it even if
	 * later records were emitted meanwhile.
	 */
	markCeilingMs: number;
	/**
	 * The largest date the poll has read through besides `emitted`: records recognised as emitted before
	 * count too, so a poll spent re-reading known records still moves on (D above).
	 */
	readThroughMs?: number;
	/** Bytes the keys of this resource may take in the serialised state (`keyBudgetBytes`). */
	keyBudgetBytes: number;
}

export interface CommitResult {
	state: ResourceState;
	/**
	 * Keys that did not fit the budget. Their dates are now below the next query's start (the mark was
	 * raised past them), so they are never repeated; a late-indexed record at those dates would be missed.
	 */
	evictedKeys: number;
}

export function emptyState(): PollerState {
	return { version: STATE_VERSION, resources: {} };
}

/** First sight of a resource: start from now (no history flood) unless the user picked a start. */
export function startingResourceState(nowMs: number, startMs?: number): ResourceState {
	return { markMs: startMs ?? nowMs, keys: [] };
}

/** The state of `name`, reading own properties only (a resource called `constructor` is not Object's). */
export function resourceStateOf(state: PollerState, name: string): ResourceState | undefined {
	return Object.hasOwn(state.resources, name) ? state.resources[name] : undefined;
}

export function recordKey(id: string, dateMs: number): string {
	const shortId =
		id.length > MAX_KEY_ID_LENGTH ? `#${sha256(id, 'base64url').slice(0, 22)}` : id;
	return `${shortId}@${dateMs}`;
}

const KEY_DATE = /@(-?\d{1,16})$/;

/** The date part of a key, or undefined for anything `recordKey` cannot have produced. */
export function keyDateMs(key: string): number | undefined {
	const match = KEY_DATE.exec(key);
	if (!match || match.index === 0) return undefined;
	const dateMs = Number(match[1]);
	return Number.isSafeInteger(dateMs) ? dateMs : undefined;
}

/**
 * Whatever static data holds (an object, a JSON string, garbage from an older version) → a usable state.
 * Anything unreadable is dropped rather than thrown: the affected resources start from now again.
 */
export function loadState(raw: unknown): PollerState {
	let value = raw;
	if (typeof value === 'string') {
		try {
			value = JSON.parse(value) as unknown;
		} catch {
			return emptyState();
		}
	}
	if (!isJsonObject(value) || value.version !== STATE_VERSION || !isJsonObject(value.resources)) {
		return emptyState();
	}
	const resources: Array<[string, ResourceState]> = [];
	for (const [name, entry] of Object.entries(value.resources)) {
		if (!isJsonObject(entry) || !isTimestamp(entry.markMs)) continue;
		const keys = Array.isArray(entry.keys)
			? entry.keys.filter((key): key is string => typeof key === 'string' && keyDateMs(key) !== undefined)
			: [];
		resources.push([name, { markMs: entry.markMs, keys: newestFirstCapped(unique(keys)) }]);
	}
	// fromEntries defines own properties, so a resource named `__proto__` stays a plain entry.
	const state: PollerState = { version: STATE_VERSION, resources: Object.fromEntries(resources) };
	if (isTimestamp(value.lastSuccessMs)) state.lastSuccessMs = value.lastSuccessMs;
	return state;
}

/**
 * The state after `emitted` went out: the mark moves to min(D + pollDelay, ceiling) and never back, keys
 * outside the overlap window are forgotten, and if the rest still exceeds the budget the oldest dates are
 * evicted whole and the mark raised past them, so nothing evicted can come back as a repeat.
 */
export function commitEmitted(
	current: ResourceState,
	emitted: readonly EmittedKey[],
	options: CommitOptions,
): CommitResult {
	let markMs = current.markMs;
	let readThroughMs = options.readThroughMs;
	for (const entry of emitted) readThroughMs = Math.max(readThroughMs ?? entry.dateMs, entry.dateMs);
	if (readThroughMs !== undefined) {
		markMs = Math.max(markMs, Math.min(readThroughMs + options.pollDelayMs, options.markCeilingMs));
	}
	const windowStartMs = markMs - options.pollDelayMs - KEY_MARGIN_MS;
	const dated = new Map<string, number>();
	for (const key of current.keys) {
		const dateMs = keyDateMs(key);
		if (dateMs !== undefined && dateMs >= windowStartMs) dated.set(key, dateMs);
	}
	for (const entry of emitted) {
		if (entry.dateMs >= windowStartMs) dated.set(entry.key, entry.dateMs);
	}
	// Newest first, so eviction below takes whole dates from the old end.
	const ordered = [...dated.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

	let usedBytes = 0;
	let keptCount = 0;
	let evictFromMs: number | undefined;
	let index = 0;
	while (index < ordered.length) {
		const dateMs = ordered[index][1];
		let end = index;
		let groupBytes = 0;
		while (end < ordered.length && ordered[end][1] === dateMs) {
			groupBytes += keyBytes(ordered[end][0]);
			end++;
		}
		if (usedBytes + groupBytes > options.keyBudgetBytes || end > MAX_KEYS_PER_RESOURCE) {
			evictFromMs = dateMs;
			break;
		}
		usedBytes += groupBytes;
		keptCount = end;
		index = end;
	}
	if (evictFromMs !== undefined) markMs = Math.max(markMs, evictFromMs + 1 + options.pollDelayMs);
	const keys = ordered.slice(0, keptCount).map(([key]) => key);
	return { state: { markMs, keys }, evictedKeys: ordered.length - keptCount };
}

/**
 * Bytes one resource's keys may take: an equal share of the budget left once every resource's name and the
 * widest possible numbers are counted. Zero when there are so many resources that nothing is left.
 */
export function keyBudgetBytes(resourceNames: readonly string[]): number {
	if (resourceNames.length === 0) return 0;
	const widest = -8_640_000_000_000_000;
	const skeleton: PollerState = {
		version: STATE_VERSION,
		resources: Object.fromEntries(resourceNames.map((name) => [name, { markMs: widest, keys: [] }])),
		lastSuccessMs: widest,
	};
	const left = STATE_BUDGET_BYTES - serializedBytes(skeleton);
	return Math.max(0, Math.floor(left / resourceNames.length));
}

/** UTF-8 length of `JSON.stringify(value)`: what the database stores. */
export function serializedBytes(value: unknown): number {
	return utf8Length(JSON.stringify(value) ?? '');
}

function keyBytes(key: string): number {
	// The quoted, escaped string plus the comma that separates it from its neighbour.
	return utf8Length(JSON.stringify(key)) + 1;
}

function utf8Length(text: string): number {
	let bytes = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x80) bytes += 1;
		else if (code < 0x800) bytes += 2;
		else if (code >= 0xd800 && code <= 0xdbff) {
			bytes += 4;
			i++;
		} else bytes += 3;
	}
	return bytes;
}

function isTimestamp(value: unknown): value is number {
	return typeof value === 'number' && Number.isSafeInteger(value);
}

function unique(keys: string[]): string[] {
	return [...new Set(keys)];
}

function newestFirstCapped(keys: string[]): string[] {
	if (keys.length <= MAX_KEYS_PER_RESOURCE) return keys;
	return keys
		.map((key) => ({ key, dateMs: keyDateMs(key) ?? 0 }))
		.sort((a, b) => b.dateMs - a.dateMs)
		.slice(0, MAX_KEYS_PER_RESOURCE)
		.map((entry) => entry.key);
}
