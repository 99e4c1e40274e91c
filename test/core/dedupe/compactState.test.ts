import { KEY_FORMAT, SeenSet, SeenSetMemory, storageKey, type CompactSeenSetState, type CompactSeenSetStateV2, type SeenSetLimits } from '../../../core/dedupe';
import { Random } from '../../helpers/random';

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

/** `count` distinct storage keys, as one version 3 `keys` string would hold them. */
const storageKeys = (count: number, prefix = 'k'): string[] => Array.from({ length: count }, (_, index) => storageKey(`${prefix}${index}`));

describe('SeenSet: compact state (version 3)', () => {
	it('holds the same keys in the same order as one string, with the times as runs', () => {
		const set = SeenSet.create(limits);
		set.add('a', T);
		set.add('b', T);
		set.add('c', T + HOUR);
		set.add('d', T + HOUR + 37);
		const state = set.toCompactJSON();
		expect(state).toEqual({ v: 3, t0: T, keys: ['a', 'b', 'c', 'd'].map(storageKey).join(''), dt: `0*2,${HOUR.toString(36)},${(37).toString(36)}`, f: KEY_FORMAT });
		expect(state.keys).toBe(set.toJSON().keys.join(''));
	});

	it('round-trips through JSON to the same memory, times intact', () => {
		const set = fullMemory();
		const restored = SeenSet.fromJSON(copy(set.toCompactJSON()), limits);
		expect(restored.toJSON()).toEqual(set.toJSON());
		expect(restored.has('hubspot:0-0', T + 24 * HOUR)).toBe(true);
		expect(restored.has('hubspot:0-0', T + 24 * HOUR + 1)).toBe(false);
		expect(restored.has('hubspot:49-99', T + 24 * HOUR + 1)).toBe(true);
	});

	it('reads the version 1 state earlier releases stored, and writes it back as version 3 with nothing lost', () => {
		const set = fullMemory();
		const old = copy(set.toJSON());
		const restored = SeenSet.fromJSON(old, limits);
		// The same state, and the keys of an earlier version's form are still looked up in both forms until the newest of them goes.
		expect(restored.toCompactJSON()).toEqual({ ...set.toCompactJSON(), l: T + 49 * 8_640 });
		expect(restored.toCompactJSON().v).toBe(3);
		expect(restored.has('hubspot:17-42', T + 50 * 8_640)).toBe(true);
	});

	it('reads the version 2 state the previous release stored, and writes it back as version 3 with every key and time', () => {
		const set = fullMemory();
		const { t0, keys } = set.toJSON();
		// Version 2 is version 3 with the keys as an array: the same run list.
		const v2: CompactSeenSetStateV2 = { v: 2, t0, keys, dt: `0*2s,${[...Array(49)].map(() => '6o0*2s').join(',')}` };
		const restored = SeenSet.fromJSON(copy(v2), limits);
		expect(restored.toJSON()).toEqual(set.toJSON());
		const upgraded = restored.toCompactJSON();
		expect(upgraded).toEqual({ v: 3, t0, keys: keys.join(''), dt: v2.dt, f: KEY_FORMAT, l: T + 49 * 8_640 });
		const again = SeenSet.fromJSON(copy(upgraded), limits);
		expect(again.toJSON()).toEqual(set.toJSON());
		for (let delivery = 0; delivery < 50; delivery += 7) expect(again.has(`hubspot:${delivery}-99`, T + 50 * 8_640)).toBe(true);
	});

	it('is one string of 20 characters per key for a full memory of 5,000 keys, about two thirds of version 1', () => {
		const set = fullMemory();
		const state = set.toCompactJSON();
		expect(typeof state.keys).toBe('string');
		expect(state.keys).toHaveLength(5_000 * 20);
		// The times of 50 deliveries take a few hundred bytes, not 5,000 numbers.
		const compact = JSON.stringify(state).length;
		expect(compact).toBeLessThanOrEqual(5_000 * 20 + 600);
		expect(compact).toBeLessThan(JSON.stringify(set.toJSON()).length * 0.7);
	});

	it('an empty set writes an empty compact state and reads it back', () => {
		const state = SeenSet.create(limits).toCompactJSON();
		expect(state).toEqual({ v: 3, t0: 0, keys: '', dt: '', f: KEY_FORMAT });
		expect(SeenSet.fromJSON(copy(state), limits).size).toBe(0);
	});

	it('rounds a fractional time up (a key is never forgotten early)', () => {
		const set = SeenSet.create(limits);
		set.add('a', T + 0.25);
		const restored = SeenSet.fromJSON(copy(set.toCompactJSON()), limits);
		expect(restored.has('a', T + 24 * HOUR + 1)).toBe(true);
		expect(restored.has('a', T + 24 * HOUR + 2)).toBe(false);
	});

	it('leaves out a key of another length an earlier state held or a caller added, so it cannot shift the keys after it', () => {
		const [k1, k2, k3] = storageKeys(3);
		const set = SeenSet.fromJSON({ v: 1, t0: T, keys: [k1, 'short', 'x'.repeat(19), 'é'.repeat(20), k2], dtMs: [0, 1, 2, 3, 4] }, limits);
		set.addAllStored(['y'.repeat(21), k3], T + 5);
		expect(set.size).toBe(7);
		const state = set.toCompactJSON();
		// Right length, wrong characters: written as it is, dropped when read.
		expect(state).toEqual({ v: 3, t0: T, keys: k1 + 'é'.repeat(20) + k2 + k3, dt: '0,3,1,1', f: KEY_FORMAT, l: T + 4 });
		expect(SeenSet.fromJSON(copy(state), limits).toJSON()).toEqual({ v: 1, t0: T, keys: [k1, k2, k3], dtMs: [0, 4, 5] });
	});

	const [a, b, c] = storageKeys(3);
	const good: CompactSeenSetState = { v: 3, t0: T, keys: a + b + c, dt: '0*2,a' };
	it('reads the undamaged state the damaged ones below are made from', () => {
		expect(SeenSet.fromJSON(copy(good), limits).toJSON()).toEqual({ v: 1, t0: T, keys: [a, b, c], dtMs: [0, 0, 10] });
	});
	it.each([
		{ name: 'keys one character short', data: { ...good, keys: (a + b + c).slice(1) } },
		{ name: 'keys one character long', data: { ...good, keys: `${a + b + c}x` } },
		{ name: 'keys of 19 characters', data: { ...good, keys: a.slice(1), dt: '0' } },
		{ name: 'runs cover fewer keys', data: { ...good, dt: '0*2' } },
		{ name: 'runs cover more keys', data: { ...good, dt: '0*2,1,1' } },
		{ name: 'runs cover more keys in one run', data: { ...good, dt: '0*zzzzzz' } },
		{ name: 'dt empty for three keys', data: { ...good, dt: '' } },
		{ name: 'dt not a string', data: { ...good, dt: [0, 0, 10] } },
		{ name: 'dt missing', data: { v: 3, t0: T, keys: a + b + c } },
		{ name: 'dt with a negative gap', data: { ...good, dt: '0*2,-1' } },
		{ name: 'dt far longer than three keys can need', data: { ...good, dt: `0*2,${'0'.repeat(1_000_000)}a` } },
		{ name: 'keys an array (version 2 keys under version 3)', data: { ...good, keys: [a, b, c] } },
		{ name: 'keys a number', data: { ...good, keys: 7 } },
		{ name: 'keys null', data: { ...good, keys: null } },
		{ name: 'keys an object', data: { ...good, keys: { length: 60 } } },
		{ name: 't0 not an integer', data: { ...good, t0: T + 0.5 } },
		{ name: 't0 a string', data: { ...good, t0: String(T) } },
		{ name: 'version 3 as a string', data: { ...good, v: '3' } },
	])('starts empty from a damaged version 3 state: $name', ({ data }) => {
		expect(SeenSet.fromJSON(data, limits).size).toBe(0);
	});

	it.each([
		{ name: 'a character no storage key has', bad: `${'x'.repeat(19)}!` },
		{ name: 'a space', bad: `${'x'.repeat(19)} ` },
		{ name: 'a non-ASCII character', bad: `${'x'.repeat(19)}é` },
		{ name: 'a lone surrogate', bad: `${'x'.repeat(19)}\ud800` },
		{ name: 'a JSON-looking value', bad: '"},{"v":3,"keys":"xx' },
	])('skips a key holding $name alone, and keeps the others with their own times', ({ bad }) => {
		expect(bad).toHaveLength(20);
		const set = SeenSet.fromJSON(copy({ v: 3, t0: T, keys: a + bad + c, dt: '0*2,a' }), limits);
		expect(set.toJSON()).toEqual({ v: 1, t0: T, keys: [a, c], dtMs: [0, 10] });
	});

	it('reads only the newest keys of a huge state, as many as the memory keeps', () => {
		const count = 200_000;
		const keys = storageKeys(count);
		// 4 MB of keys, one delivery of 100 keys per second.
		const dt = `0*2s,${Array.from({ length: count / 100 - 1 }, () => 'rs*2s').join(',')}`;
		const set = SeenSet.fromJSON({ v: 3, t0: T, keys: keys.join(''), dt }, limits);
		expect(set.size).toBe(5_000);
		const restored = set.toJSON();
		expect(restored.keys).toEqual(keys.slice(-5_000));
		expect(restored.t0).toBe(T + (count - 5_000) / 100 * 1_000);
		expect(restored.dtMs.at(-1)).toBe(49_000);
	});

	it('writes the keys in the memory\'s order whatever happened since the last write (the string it continues)', () => {
		const small: SeenSetLimits = { windowMs: 2_000, maxEntries: 40 };
		let writes = 0;
		for (let seed = 1; seed <= 10; seed++) {
			const random = new Random(seed);
			let set = SeenSet.create(small);
			let now = T;
			let fresh = 0;
			const newKeys = (count: number) => Array.from({ length: count }, () => storageKey(`s${seed}-${fresh++}`));
			const present = () => set.toJSON().keys;
			/** A key the memory holds (none when all expired). */
			const held = (): string[] => {
				const keys = present();
				return keys.length > 0 ? [random.pick(keys)] : [];
			};
			for (let step = 0; step < 250; step++) {
				now += random.int(0, 40);
				const op = random.int(0, 99);
				if (op < 40) set.addAllStored(newKeys(random.int(1, 12)), now);
				else if (op < 48) set.addAllStored(newKeys(random.int(1, 3)), now - random.int(1, 500));
				else if (op < 56) set.addAllStored(held(), now);
				else if (op < 62) for (const key of held()) set.hasStored(key, now + random.int(0, 2_500));
				else if (op < 66) set.prune(now + random.int(0, 2_500));
				else if (op < 72) {
					const other = SeenSet.create(small);
					other.addAllStored([...newKeys(random.int(0, 3)), ...held()], now + random.int(-300, 300));
					set.merge(other);
				} else if (op < 74) set.addStored(random.pick(['short', 'x'.repeat(21)]), now);
				else if (op < 82) {
					// A restart: the memory read back from what it wrote (the string it continues is then the one read).
					set = SeenSet.fromJSON(copy(set.toCompactJSON()), small);
				} else {
					const state = set.toCompactJSON();
					writes++;
					const expected = present().filter((key) => key.length === 20);
					expect({ seed, step, keys: state.keys }).toEqual({ seed, step, keys: expected.join('') });
					expect(SeenSet.fromJSON(copy(state), small).toJSON().keys).toEqual(expected);
					// The times too: the runs it continued are the runs written from scratch for what it holds.
					const scratch = SeenSet.fromJSON(copy(set.toJSON()), small).toCompactJSON();
					expect({ seed, step, t0: state.t0, dt: state.dt }).toEqual({ seed, step, t0: scratch.t0, dt: scratch.dt });
				}
			}
		}
		expect(writes).toBeGreaterThan(350);
	});

	it.each([
		{ name: 'a key repeated', keys: () => a + b + c + a, expected: () => b + c + a },
		{ name: 'a damaged key skipped', keys: () => a + '!'.repeat(20) + c + b, expected: () => a + c + b },
	])('writes the keys it holds after reading a state with $name, not the string it read', ({ keys, expected }) => {
		const set = SeenSet.fromJSON(copy({ v: 3, t0: T, keys: keys(), dt: '0*4' }), limits);
		const [d] = storageKeys(1, 'new');
		set.addStored(d, T + 1);
		expect(set.toCompactJSON().keys).toBe(expected() + d);
	});

	it('starts empty from a huge state whose length is not whole keys', () => {
		const keys = storageKeys(100_000).join('');
		expect(SeenSet.fromJSON({ v: 3, t0: T, keys: `${keys}x`, dt: '0*255s' }, limits).size).toBe(0);
		expect(SeenSet.fromJSON({ v: 3, t0: T, keys, dt: '0*255s' }, limits).size).toBe(5_000);
	});
});

describe('SeenSet: compact state of the previous release (version 2)', () => {
	const good: CompactSeenSetStateV2 = { v: 2, t0: T, keys: ['a', 'b', 'c'], dt: '0*2,10' };
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
	])('starts empty from a damaged version 2 state: $name', ({ data }) => {
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

	describe('recognising a version 3 state', () => {
		afterEach(() => jest.restoreAllMocks());

		/** A full memory saved by `memory`, and the state it wrote. */
		function savedFull(memory: SeenSetMemory) {
			const seen = memory.load('k', undefined, limits);
			for (let delivery = 0; delivery < 50; delivery++) {
				seen.addAllStored(storageKeys(100, `d${delivery}-`), T + delivery * 8_640);
			}
			const written = memory.saveCompact('k', seen, limits, T + 49 * 8_640);
			return { seen, written };
		}
		/**
		 * `state` with the key at `index` replaced: the same size and times, one key another process added; that
		 * process tags what it writes with its own lineage.
		 */
		const withKey = (state: CompactSeenSetState, index: number, key: string): CompactSeenSetState => ({
			...state,
			keys: state.keys.slice(0, index * 20) + key + state.keys.slice((index + 1) * 20),
			w: 'anotherProcs',
		});

		it('recognises a JSON copy of a full memory it wrote, without rebuilding it', () => {
			const memory = new SeenSetMemory();
			const { seen, written } = savedFull(memory);
			expect(written.keys).toHaveLength(100_000);
			const rebuild = jest.spyOn(SeenSet, 'fromJSON');
			expect(memory.load('k', copy(written), limits)).toBe(seen);
			expect(rebuild).not.toHaveBeenCalled();
		});

		it.each([
			{ name: 'the oldest key', index: 0 },
			{ name: 'the newest key', index: 4_999 },
			{ name: 'a key of the newest delivery', index: 4_950 },
			{ name: 'the first key of the newest delivery', index: 4_900 },
			{ name: 'a key spread samples cover', index: 1 + Math.floor((20 * 4_899) / 64) },
		])('does not take a state of the same size and times for its own when $name differs', ({ index }) => {
			const memory = new SeenSetMemory();
			const { seen, written } = savedFull(memory);
			const other = storageKey('another process');
			const theirs = withKey(written, index, other);
			expect(theirs.keys).toHaveLength(written.keys.length);
			expect(theirs.keys).not.toBe(written.keys);
			const rebuild = jest.spyOn(SeenSet, 'fromJSON');
			const loaded = memory.load('k', copy(theirs), limits);
			expect(loaded).not.toBe(seen);
			expect(rebuild).toHaveBeenCalledTimes(1);
			// Both copies folded: the other process's key and the one it replaced (one of 5,001 keys at the oldest
			// time is evicted, so the oldest key's case keeps one of the two).
			const known = [other, written.keys.slice(index * 20, index * 20 + 20)].filter((key) => loaded.hasStored(key, T + 49 * 8_640));
			expect(known).toHaveLength(index === 0 ? 1 : 2);
			expect(loaded.size).toBe(5_000);
		});

		it('does not take a state with other times or another first time for its own', () => {
			const memory = new SeenSetMemory();
			const { seen, written } = savedFull(memory);
			const w = 'anotherProcs';
			expect(memory.load('k', copy({ ...written, t0: written.t0 + 1, w }), limits)).not.toBe(seen);
			expect(memory.load('k', copy({ ...written, dt: written.dt.replace(/,6o0\*2s$/, ',6o1*2s'), w }), limits)).not.toBe(seen);
			// Untagged (as an earlier release wrote it): the fingerprint decides, and tells them apart too.
			const untagged: CompactSeenSetState = { ...written, t0: written.t0 + 1 };
			delete untagged.w;
			expect(memory.load('k', copy(untagged), limits)).not.toBe(seen);
		});

		it('recognises each of its last states, a version 3 written after a version 2 it read', () => {
			const memory = new SeenSetMemory();
			const [x, y] = storageKeys(2);
			const v2: CompactSeenSetStateV2 = { v: 2, t0: T, keys: [x], dt: '0' };
			const seen = memory.load('k', copy(v2), limits);
			memory.keep('k', seen, limits, copy(v2));
			seen.addStored(y, T + 1);
			const written = memory.saveCompact('k', seen, limits, T + 1);
			expect(written).toEqual({ v: 3, t0: T, keys: x + y, dt: '0,1', f: KEY_FORMAT, l: T, w: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/) as string });
			expect(memory.load('k', copy(written), limits)).toBe(seen);
			expect(memory.load('k', copy(v2), limits)).toBe(seen);
		});
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
