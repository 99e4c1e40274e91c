import { createHash } from 'node:crypto';

import { SeenSet, SeenSetError, storageKey, type SeenSetLimits, type SeenSetState } from '../../../core/dedupe';
import garbageStates from '../../fixtures/dedupe/garbage-states.json';

const T = 1_700_000_000_000;
const HOUR = 3_600_000;
const limits: SeenSetLimits = { windowMs: 24 * HOUR, maxEntries: 5 };

function roundTrip(set: SeenSet, roundLimits: SeenSetLimits = limits): SeenSet {
	return SeenSet.fromJSON(JSON.parse(JSON.stringify(set)), roundLimits);
}

describe('SeenSet: window', () => {
	it.each([
		{ name: 'just added', ageMs: 0, seen: true },
		{ name: 'one hour old', ageMs: HOUR, seen: true },
		{ name: 'exactly the window old', ageMs: 24 * HOUR, seen: true },
		{ name: 'one ms past the window', ageMs: 24 * HOUR + 1, seen: false },
		{ name: 'two days old', ageMs: 48 * HOUR, seen: false },
		{ name: 'added in the future (clock went back)', ageMs: -HOUR, seen: true },
	])('$name → seen: $seen', ({ ageMs, seen }) => {
		const set = SeenSet.create(limits);
		set.add('k', T);
		expect(set.has('k', T + ageMs)).toBe(seen);
	});

	it('does not know keys it was never given', () => {
		const set = SeenSet.create(limits);
		set.add('a', T);
		expect(set.has('b', T)).toBe(false);
		expect(set.has('', T)).toBe(false);
	});

	it('forgets an expired key once asked, and can learn it again', () => {
		const set = SeenSet.create(limits);
		set.add('k', T);
		expect(set.has('k', T + 25 * HOUR)).toBe(false);
		expect(set.size).toBe(0);
		set.add('k', T + 25 * HOUR);
		expect(set.has('k', T + 26 * HOUR)).toBe(true);
	});

	it('a key added again keeps the later time', () => {
		const set = SeenSet.create(limits);
		set.add('k', T);
		set.add('k', T + 20 * HOUR);
		set.add('k', T + 10 * HOUR);
		expect(set.has('k', T + 40 * HOUR)).toBe(true);
		expect(set.has('k', T + 44 * HOUR + 1)).toBe(false);
	});

	it('prune drops expired entries only', () => {
		const set = SeenSet.create(limits);
		set.add('old', T);
		set.add('new', T + 10 * HOUR);
		set.prune(T + 30 * HOUR);
		expect(set.size).toBe(1);
		expect(set.has('new', T + 30 * HOUR)).toBe(true);
	});
});

describe('SeenSet: eviction', () => {
	it('evicts the oldest first when over maxEntries', () => {
		const set = SeenSet.create(limits);
		for (let index = 0; index < 8; index++) set.add(`k${index}`, T + index);
		expect(set.size).toBe(5);
		const remembered = Array.from({ length: 8 }, (_, index) => set.has(`k${index}`, T + 10));
		expect(remembered).toEqual([false, false, false, true, true, true, true, true]);
	});

	it('evicts by time, not by insertion, when the clock went backwards', () => {
		const set = SeenSet.create({ windowMs: 24 * HOUR, maxEntries: 3 });
		set.add('late', T + 300);
		set.add('early', T + 100);
		set.add('middle', T + 200);
		set.add('newest', T + 400);
		expect(['late', 'early', 'middle', 'newest'].map((key) => set.has(key, T + 500))).toEqual([true, false, true, true]);
	});

	it('re-adding a key makes it the newest', () => {
		const set = SeenSet.create({ windowMs: 24 * HOUR, maxEntries: 2 });
		set.add('a', T);
		set.add('b', T + 1);
		set.add('a', T + 2);
		set.add('c', T + 3);
		expect(['a', 'b', 'c'].map((key) => set.has(key, T + 4))).toEqual([true, false, true]);
	});

	it('matches a reference model over a long mix of adds, re-adds of the oldest, expiries and saves', () => {
		const window = 40;
		const max = 30;
		const set = SeenSet.create({ windowMs: window, maxEntries: max });
		// The model: [key, time] in the order added, the clock never going back.
		let model: Array<[string, number]> = [];
		let seed = 11;
		const random = (below: number) => {
			seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
			return seed % below;
		};
		let now = T;
		for (let step = 0; step < 6_000; step++) {
			now += random(3);
			const choice = random(10);
			const key = choice < 2 && model.length > 0 ? model[0][0] : choice < 4 && model.length > 0 ? model[random(model.length)][0] : `k${step}`;
			if (choice === 9) {
				// has() forgets an expired key it is asked about.
				const entry = model.find(([held]) => held === key);
				const expected = entry !== undefined && now - entry[1] <= window;
				if (entry !== undefined && !expected) model = model.filter(([held]) => held !== key);
				expect(set.has(key, now)).toBe(expected);
				continue;
			}
			set.add(key, now);
			model = model.filter(([held]) => held !== key);
			model.push([key, now]);
			model = model.filter(([, ms]) => now - ms <= window || ms === now).slice(-max);
			if (step % 50 === 0) {
				model = model.filter(([, ms]) => now - ms <= window);
				expect(set.toJSON().keys).toEqual(model.map(([held]) => storageKey(held)));
			}
		}
		set.prune(now);
		model = model.filter(([, ms]) => now - ms <= window);
		expect(set.toJSON().keys).toEqual(model.map(([held]) => storageKey(held)));
	});

	it('adding a delivery\'s keys at once gives the memory adding them one by one gives, also out of time order', () => {
		let seed = 5;
		const random = (below: number) => {
			seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
			return seed % below;
		};
		const one = SeenSet.create({ windowMs: 400, maxEntries: 50 });
		const all = SeenSet.create({ windowMs: 400, maxEntries: 50 });
		let newest = T;
		for (let delivery = 0; delivery < 400; delivery++) {
			// Concurrent requests finish out of order: a delivery's time is up to 30 ms older than the newest.
			newest += random(10);
			const now = newest - random(30);
			const keys = Array.from({ length: 1 + random(12) }, () => storageKey(`k${random(300)}`));
			const distinct = [...new Set(keys)];
			for (const key of distinct) one.addStored(key, now);
			all.addAllStored(distinct, now);
			expect(all.toJSON()).toEqual(one.toJSON());
		}
	});

	it('re-sorts a memory out of time order once per delivery, not once per key', () => {
		const set = SeenSet.create({ windowMs: 24 * HOUR, maxEntries: 1_000 });
		for (let index = 0; index < 1_000; index++) set.add(`k${index}`, T + index);
		const sort = jest.spyOn(Array.prototype, 'sort');
		try {
			set.addAllStored(Array.from({ length: 100 }, (_, index) => storageKey(`late${index}`)), T + 500);
			expect(sort).toHaveBeenCalledTimes(1);
		} finally {
			sort.mockRestore();
		}
		expect(set.size).toBe(1_000);
		expect(set.has('late0', T + 1_000)).toBe(true);
		expect(set.has('k0', T + 1_000)).toBe(false);
	});

	it('keeps only the newest maxEntries when loaded with smaller limits', () => {
		const set = SeenSet.create({ windowMs: 24 * HOUR, maxEntries: 10 });
		for (let index = 0; index < 10; index++) set.add(`k${index}`, T + index);
		const smaller = roundTrip(set, { windowMs: 24 * HOUR, maxEntries: 3 });
		expect(smaller.toJSON().keys).toEqual(['k7', 'k8', 'k9'].map(storageKey));
	});
});

describe('SeenSet: serialisation', () => {
	it('round-trips through JSON with times intact', () => {
		const set = SeenSet.create(limits);
		set.add('a', T);
		set.add('b', T + HOUR);
		set.add('c', T + 2 * HOUR);
		const state = set.toJSON();
		expect(state).toEqual({ v: 1, t0: T, keys: ['a', 'b', 'c'].map(storageKey), dtMs: [0, HOUR, 2 * HOUR] });
		const restored = roundTrip(set);
		expect(restored.toJSON()).toEqual(state);
		// Times survive: `a` expires a day after T, `c` two hours later.
		expect(restored.has('a', T + 24 * HOUR + 1)).toBe(false);
		expect(restored.has('c', T + 24 * HOUR + 1)).toBe(true);
	});

	it('drops entries expired at the latest time it was given', () => {
		const set = SeenSet.create(limits);
		set.add('a', T);
		set.add('b', T + 20 * HOUR);
		set.has('zzz', T + 30 * HOUR);
		expect(set.toJSON().keys).toEqual([storageKey('b')]);
	});

	it('is plain JSON: no class instances, no undefined, stable under stringify', () => {
		const set = SeenSet.create(limits);
		set.add('a', T);
		const state = set.toJSON();
		expect(JSON.parse(JSON.stringify(state))).toEqual(state);
		expect(JSON.stringify(set)).toBe(JSON.stringify(state));
	});

	it('an empty set serialises to an empty state and back', () => {
		const state = SeenSet.create(limits).toJSON();
		expect(state).toEqual({ v: 1, t0: 0, keys: [], dtMs: [] });
		expect(SeenSet.fromJSON(state, limits).size).toBe(0);
	});

	it.each(garbageStates as Array<{ name: string; data: unknown }>)('starts empty from garbage: $name', ({ data }) => {
		const set = SeenSet.fromJSON(data, limits);
		expect(set.size).toBe(0);
		expect(set.has('a', T)).toBe(false);
	});

	it('starts empty from undefined', () => {
		expect(SeenSet.fromJSON(undefined, limits).size).toBe(0);
	});

	it('skips damaged entries and keeps the rest', () => {
		const data = { v: 1, t0: T, keys: ['a', 7, 'c', null, 'e', 'f'], dtMs: [0, 1, 'x', 3, null, 5] };
		const set = SeenSet.fromJSON(data, limits);
		expect(set.toJSON().keys).toEqual(['a', 'f']);
	});

	it('sorts a tampered order and keeps the latest time of a repeated key', () => {
		const data: SeenSetState = { v: 1, t0: T, keys: ['b', 'a', 'b', 'c'], dtMs: [300, 100, 200, 400] };
		const set = SeenSet.fromJSON(data, { windowMs: 24 * HOUR, maxEntries: 2 });
		expect(set.toJSON()).toEqual({ v: 1, t0: T + 300, keys: ['b', 'c'], dtMs: [0, 100] });
	});

	it('ignores over-long stored keys (never written by toJSON)', () => {
		const ok = storageKey('ok');
		const set = SeenSet.fromJSON({ v: 1, t0: T, keys: ['x'.repeat(129), ok], dtMs: [0, 1] }, limits);
		expect(set.toJSON().keys).toEqual([ok]);
	});
});

describe('SeenSet: stored keys', () => {
	it.each([
		{ name: 'a short key', key: 'k' },
		{ name: '128 characters', key: 'k'.repeat(128) },
		{ name: '129 characters', key: 'k'.repeat(129) },
		{ name: 'a 10,000 character key', key: 'long'.repeat(2500) },
		{ name: 'a key that looks like a digest', key: storageKey('x') },
	])('$name is stored as a 20-character digest', ({ key }) => {
		const set = SeenSet.create(limits);
		set.add(key, T);
		const [stored] = set.toJSON().keys;
		const digest = createHash('sha256').update(key, 'utf8').digest().subarray(0, 15).toString('base64url');
		expect(stored).toBe(digest);
		expect(stored).toHaveLength(20);
		expect(roundTrip(set).has(key, T + 1)).toBe(true);
	});

	it('does not confuse two long keys with the same first 128 characters', () => {
		const set = SeenSet.create(limits);
		set.add(`${'p'.repeat(128)}-one`, T);
		expect(set.has(`${'p'.repeat(128)}-two`, T)).toBe(false);
	});

	it('a key equal to the stored digest of another key does not match it', () => {
		const long = 'L'.repeat(200);
		const set = SeenSet.create(limits);
		set.add(storageKey(long), T);
		expect(set.has(long, T)).toBe(false);
	});
});

describe('SeenSet: limits and times', () => {
	it.each([
		{ name: 'zero window', windowMs: 0, maxEntries: 10 },
		{ name: 'negative window', windowMs: -1, maxEntries: 10 },
		{ name: 'NaN window', windowMs: Number.NaN, maxEntries: 10 },
		{ name: 'infinite window', windowMs: Infinity, maxEntries: 10 },
		{ name: 'zero entries', windowMs: 1000, maxEntries: 0 },
		{ name: 'fractional entries', windowMs: 1000, maxEntries: 2.5 },
		{ name: 'infinite entries', windowMs: 1000, maxEntries: Infinity },
	])('refuses $name', ({ windowMs, maxEntries }) => {
		expect(() => SeenSet.fromJSON(undefined, { windowMs, maxEntries })).toThrow(SeenSetError);
		expect(() => SeenSet.create({ windowMs, maxEntries })).toThrow(expect.objectContaining({ code: 'INVALID_LIMITS' }));
	});

	it.each([
		{ name: 'NaN', nowMs: Number.NaN },
		{ name: 'Infinity', nowMs: Infinity },
	])('refuses a time of $name', ({ nowMs }) => {
		const set = SeenSet.create(limits);
		expect(() => set.add('a', nowMs)).toThrow(expect.objectContaining({ code: 'INVALID_TIME' }));
		expect(() => set.has('a', nowMs)).toThrow(expect.objectContaining({ code: 'INVALID_TIME' }));
	});
});

describe('SeenSet: size of the stored state', () => {
	const bigLimits: SeenSetLimits = { windowMs: 24 * HOUR, maxEntries: 10_000 };

	function stateOf(keyOf: (index: number) => string): string {
		const set = SeenSet.create(bigLimits);
		// One delivery every 8.64 s: 12,000 keys over a day, of which the newest 10,000 are kept.
		for (let index = 0; index < 12_000; index++) set.add(keyOf(index), T + index * 8_640);
		expect(set.size).toBe(10_000);
		return JSON.stringify(set);
	}

	// Per entry: a 20-character digest, its quotes and comma, an offset of at most 9 digits and its comma.
	it.each([
		{ name: 'HubSpot-style keys (~48 chars)', keyOf: (i: number) => `62515:${1_246_965 + i}:contact.propertyChange:${3_816_279_340 + i}` },
		{ name: 'Pipedrive v2 event ids (UUID)', keyOf: (i: number) => `df47d877-b58c-4886-91cd-${String(i).padStart(12, '0')}` },
		{ name: '128-character keys', keyOf: (i: number) => `${i}-`.padEnd(128, 'x') },
		{ name: 'over-long keys', keyOf: (i: number) => `${i}-`.padEnd(500, 'x') },
	])('$name cost at most 33 bytes per entry', ({ keyOf }) => {
		const json = stateOf(keyOf);
		const state = JSON.parse(json) as SeenSetState;
		const keyBytes = state.keys.reduce((sum, key) => sum + Buffer.byteLength(key, 'utf8'), 0);
		const bytes = Buffer.byteLength(json, 'utf8');
		expect(state.keys).toHaveLength(10_000);
		expect(keyBytes).toBe(10_000 * 20);
		expect(bytes).toBeLessThanOrEqual(10_000 * 33 + 64);
	});
});

describe('SeenSet: merge', () => {
	it('keeps the keys of both copies, the later time of a shared key, and the bound', () => {
		const small: SeenSetLimits = { windowMs: 24 * HOUR, maxEntries: 3 };
		const a = SeenSet.create(small);
		const b = SeenSet.create(small);
		a.add('shared', T);
		a.add('only-a', T + 1);
		b.add('shared', T + 5);
		b.add('only-b', T + 2);
		a.merge(b);
		expect(a.has('only-a', T + 6)).toBe(true);
		expect(a.has('only-b', T + 6)).toBe(true);
		expect(a.toJSON().keys).toEqual(['only-a', 'only-b', 'shared'].map(storageKey));
		b.add('newest', T + 9);
		a.merge(b);
		expect(a.size).toBe(3);
		expect(a.has('only-a', T + 10)).toBe(false);
	});

	it('merging a set into itself changes nothing', () => {
		const a = SeenSet.create(limits);
		a.add('x', T);
		a.merge(a);
		expect(a.toJSON().keys).toEqual([storageKey('x')]);
	});
});
