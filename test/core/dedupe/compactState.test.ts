import { SeenSet, SeenSetMemory, storageKey, type CompactSeenSetState, type SeenSetLimits } from '../../../core/dedupe';

const T = 1_700_000_000_000;
const HOUR = 3_600_000;
const limits: SeenSetLimits = { windowMs: 24 * HOUR, maxEntries: 5_000 };
const copy = <S>(state: S): unknown => JSON.parse(JSON.stringify(state)) as unknown;

/** A full memory as the nodes build it: 50 deliveries of 100 events, one delivery every 8.64 s. */
function fullMemory(): SeenSet {
	const set = SeenSet.create(limits);
	for (let delivery = 0; delivery < 50; delivery++) {
		for (let event = 0; event < 100; event++) set.add(`hubspot:${delivery}-${event}`, T + delivery * 8_640);
	}
	return set;
}

describe('SeenSet: compact state (version 2)', () => {
	it('holds the same keys in the same order, with the times as runs', () => {
		const set = SeenSet.create(limits);
		set.add('a', T);
		set.add('b', T);
		set.add('c', T + HOUR);
		set.add('d', T + HOUR + 37);
		const state = set.toCompactJSON();
		expect(state).toEqual({ v: 2, t0: T, keys: ['a', 'b', 'c', 'd'].map(storageKey), dt: `0*2,${HOUR.toString(36)},${(37).toString(36)}` });
		expect(state.keys).toEqual(set.toJSON().keys);
	});

	it('round-trips through JSON to the same memory, times intact', () => {
		const set = fullMemory();
		const restored = SeenSet.fromJSON(copy(set.toCompactJSON()), limits);
		expect(restored.toJSON()).toEqual(set.toJSON());
		expect(restored.has('hubspot:0-0', T + 24 * HOUR)).toBe(true);
		expect(restored.has('hubspot:0-0', T + 24 * HOUR + 1)).toBe(false);
		expect(restored.has('hubspot:49-99', T + 24 * HOUR + 1)).toBe(true);
	});

	it('reads the version 1 state earlier releases stored, and writes it back compact with nothing lost', () => {
		const set = fullMemory();
		const old = copy(set.toJSON());
		const restored = SeenSet.fromJSON(old, limits);
		expect(restored.toCompactJSON()).toEqual(set.toCompactJSON());
		expect(restored.has('hubspot:17-42', T + 50 * 8_640)).toBe(true);
	});

	it('is much smaller than version 1 for a full memory of 5,000 keys', () => {
		const set = fullMemory();
		const compact = JSON.stringify(set.toCompactJSON()).length;
		const v1 = JSON.stringify(set.toJSON()).length;
		expect(set.toCompactJSON().keys).toHaveLength(5_000);
		// 5,000 × (20 + 3) bytes of keys; the times of 50 deliveries take a few hundred bytes, not 5,000 numbers.
		expect(compact).toBeLessThanOrEqual(5_000 * 23 + 600);
		expect(compact).toBeLessThan(v1 * 0.8);
	});

	it('an empty set writes an empty compact state and reads it back', () => {
		const state = SeenSet.create(limits).toCompactJSON();
		expect(state).toEqual({ v: 2, t0: 0, keys: [], dt: '' });
		expect(SeenSet.fromJSON(copy(state), limits).size).toBe(0);
	});

	it('rounds a fractional time up (a key is never forgotten early)', () => {
		const set = SeenSet.create(limits);
		set.add('a', T + 0.25);
		const restored = SeenSet.fromJSON(copy(set.toCompactJSON()), limits);
		expect(restored.has('a', T + 24 * HOUR + 1)).toBe(true);
		expect(restored.has('a', T + 24 * HOUR + 2)).toBe(false);
	});

	const good: CompactSeenSetState = { v: 2, t0: T, keys: ['a', 'b', 'c'], dt: '0*2,10' };
	it.each([
		{ name: 'runs cover fewer keys', data: { ...good, dt: '0*2' } },
		{ name: 'runs cover more keys', data: { ...good, dt: '0*2,1,1' } },
		{ name: 'dt not a string', data: { ...good, dt: [0, 0, 16] } },
		{ name: 'dt with a negative gap', data: { ...good, dt: '0*2,-1' } },
		{ name: 'dt with a fraction', data: { ...good, dt: '0*2,1.5' } },
		{ name: 'dt with a zero count', data: { ...good, dt: '0*0,0*3' } },
		{ name: 'dt with an over-long number', data: { ...good, dt: `0*2,${'z'.repeat(12)}` } },
		{ name: 'dt empty for three keys', data: { ...good, dt: '' } },
		{ name: 't0 not an integer', data: { ...good, t0: T + 0.5 } },
		{ name: 't0 a string', data: { ...good, t0: String(T) } },
		{ name: 'keys not an array', data: { ...good, keys: 'abc' } },
		{ name: 'version 2 with version 1 fields', data: { v: 2, t0: T, keys: ['a'], dtMs: [0] } },
	])('starts empty from a damaged compact state: $name', ({ data }) => {
		expect(SeenSet.fromJSON(data, limits).size).toBe(0);
	});

	it('skips damaged keys and keeps the rest with their own times', () => {
		const set = SeenSet.fromJSON({ v: 2, t0: T, keys: ['a', 7, 'x'.repeat(40), 'd'], dt: '0*3,a' }, limits);
		expect(set.toJSON()).toEqual({ v: 1, t0: T, keys: ['a', 'd'], dtMs: [0, 10] });
	});
});

describe('SeenSetMemory: compact saves and a save interval', () => {
	it('recognises the compact state it wrote and reuses its own copy', () => {
		const memory = new SeenSetMemory();
		const seen = memory.load('k', undefined, limits);
		seen.add('a', T);
		const written = memory.saveCompact('k', seen, limits, T);
		expect(memory.load('k', copy(written), limits)).toBe(seen);
	});

	it('folds its copy into a compact state another writer stored', () => {
		const memory = new SeenSetMemory();
		const mine = memory.load('k', undefined, limits);
		mine.add('mine', T);
		memory.saveCompact('k', mine, limits, T);
		const theirs = SeenSet.create(limits);
		theirs.add('theirs', T + 1);
		const loaded = memory.load('k', copy(theirs.toCompactJSON()), limits);
		expect(loaded).not.toBe(mine);
		expect(loaded.has('mine', T + 2) && loaded.has('theirs', T + 2)).toBe(true);
	});

	it('is due at once without an interval, and once per interval with one', () => {
		const memory = new SeenSetMemory();
		expect(memory.saveDue('k', T, 60_000)).toBe(true);
		const seen = memory.load('k', undefined, limits);
		memory.saveCompact('k', seen, limits, T);
		expect(memory.saveDue('k', T + 1, 0)).toBe(true);
		expect(memory.saveDue('k', T + 59_999, 60_000)).toBe(false);
		expect(memory.saveDue('k', T + 60_000, 60_000)).toBe(true);
		// A clock that went back does not postpone the save.
		expect(memory.saveDue('k', T - 1, 60_000)).toBe(true);
	});

	it('keeps an unsaved change in its copy: the next request, handed the unchanged state, still knows it', () => {
		const memory = new SeenSetMemory();
		const first = memory.load('k', undefined, limits);
		first.add('saved', T);
		const stored = copy(memory.saveCompact('k', first, limits, T));
		const second = memory.load('k', stored, limits);
		second.add('unsaved', T + 1);
		memory.keep('k', second, limits, stored);
		const third = memory.load('k', copy(stored), limits);
		expect(third.has('saved', T + 2)).toBe(true);
		expect(third.has('unsaved', T + 2)).toBe(true);
		// Not yet due: the last write was at T.
		expect(memory.saveDue('k', T + 2, 60_000)).toBe(false);
	});

	it('keeps an unsaved change when static data holds nothing, without re-reading on every request', () => {
		const memory = new SeenSetMemory();
		const seen = memory.load('k', undefined, limits);
		seen.add('a', T);
		memory.keep('k', seen, limits, undefined);
		expect(memory.load('k', undefined, limits)).toBe(seen);
		expect(memory.load('k', { garbage: true }, limits)).toBe(seen);
	});
});
