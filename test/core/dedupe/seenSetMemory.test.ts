import { SeenSet, SeenSetMemory, type SeenSetLimits, type SeenSetState } from '../../../core/dedupe';

const T = 1_700_000_000_000;
const limits: SeenSetLimits = { windowMs: 3_600_000, maxEntries: 100 };
/** What n8n hands back: a JSON copy of what was stored. */
const copy = (state: SeenSetState): unknown => JSON.parse(JSON.stringify(state));

describe('SeenSetMemory', () => {
	it('loads a fresh set from static data when it has no copy of its own', () => {
		const memory = new SeenSetMemory();
		const stored = SeenSet.create(limits);
		stored.add('a', T);
		const seen = memory.load('wf/node', copy(stored.toJSON()), limits);
		expect(seen.has('a', T)).toBe(true);
	});

	it('reuses its own copy when static data is exactly what it wrote', () => {
		const memory = new SeenSetMemory();
		const seen = memory.load('wf/node', undefined, limits);
		seen.add('a', T);
		const written = memory.save('wf/node', seen, limits);
		expect(memory.load('wf/node', copy(written), limits)).toBe(seen);
	});

	it('folds its copy into static data a concurrent request overwrote (last writer wins)', () => {
		const memory = new SeenSetMemory();
		const first = memory.load('wf/node', undefined, limits);
		first.add('mine', T);
		memory.save('wf/node', first, limits);
		// Another process (or an execution that loaded before ours saved) stored a state without our key.
		const theirs = SeenSet.create(limits);
		theirs.add('theirs', T + 1);
		const loaded = memory.load('wf/node', copy(theirs.toJSON()), limits);
		expect(loaded).not.toBe(first);
		expect(loaded.has('mine', T + 2)).toBe(true);
		expect(loaded.has('theirs', T + 2)).toBe(true);
	});

	it.each([
		{ name: 'static data emptied', stored: () => undefined },
		{ name: 'static data holds garbage', stored: () => ({ v: 1, t0: 'x', keys: 3 }) },
	])('keeps its keys when $name', ({ stored }) => {
		const memory = new SeenSetMemory();
		const seen = memory.load('k', undefined, limits);
		seen.add('a', T);
		memory.save('k', seen, limits);
		expect(memory.load('k', stored(), limits).has('a', T)).toBe(true);
	});

	it('does not reuse its copy under different limits', () => {
		const memory = new SeenSetMemory();
		const seen = memory.load('k', undefined, limits);
		for (let index = 0; index < 20; index++) seen.add(`key-${index}`, T + index);
		const written = memory.save('k', seen, limits);
		const smaller = { ...limits, maxEntries: 5 };
		const loaded = memory.load('k', copy(written), smaller);
		expect(loaded).not.toBe(seen);
		expect(loaded.toJSON().keys).toHaveLength(5);
	});

	it('keeps memories apart by key', () => {
		const memory = new SeenSetMemory();
		const a = memory.load('a', undefined, limits);
		a.add('x', T);
		memory.save('a', a, limits);
		expect(memory.load('b', undefined, limits).has('x', T)).toBe(false);
	});

	it('forgets the oldest node memory beyond its limit', () => {
		const memory = new SeenSetMemory(2);
		for (const key of ['a', 'b', 'c']) {
			const seen = memory.load(key, undefined, limits);
			seen.add(`seen-by-${key}`, T);
			memory.save(key, seen, limits);
		}
		expect(memory.load('a', undefined, limits).has('seen-by-a', T)).toBe(false);
		expect(memory.load('c', undefined, limits).has('seen-by-c', T)).toBe(true);
	});

	describe('earlier states it wrote (n8n hands concurrent requests static data saved before the last executions ended)', () => {
		/** Three deliveries in a row, each adding a key and writing the compact state, as the webhook does. */
		function threeWrites(memory: SeenSetMemory) {
			const seen = memory.load('wf/node', undefined, limits);
			const written: unknown[] = [];
			for (const [index, key] of ['a', 'b', 'c'].entries()) {
				seen.add(key, T + index);
				written.push(JSON.parse(JSON.stringify(memory.saveCompact('wf/node', seen, limits, T + index))));
			}
			return { seen, written };
		}

		afterEach(() => jest.restoreAllMocks());

		it('reuses its copy, holding every later key, without rebuilding the memory', () => {
			const memory = new SeenSetMemory();
			const { seen, written } = threeWrites(memory);
			const rebuild = jest.spyOn(SeenSet, 'fromJSON');
			for (const state of written) {
				const loaded = memory.load('wf/node', state, limits);
				expect(loaded).toBe(seen);
				expect(['a', 'b', 'c'].filter((key) => !loaded.has(key, T + 3))).toEqual([]);
			}
			expect(rebuild).not.toHaveBeenCalled();
		});

		it('still knows them after folding in a state another process wrote', () => {
			const memory = new SeenSetMemory();
			const { written } = threeWrites(memory);
			const theirs = SeenSet.create(limits);
			theirs.add('theirs', T + 5);
			const folded = memory.load('wf/node', copy(theirs.toJSON()), limits);
			folded.add('d', T + 6);
			memory.saveCompact('wf/node', folded, limits, T + 6);
			const loaded = memory.load('wf/node', written[0], limits);
			expect(loaded).toBe(folded);
			expect(['a', 'b', 'c', 'd', 'theirs'].filter((key) => !loaded.has(key, T + 7))).toEqual([]);
		});

		it('recognises every state its copy wrote, however many writes ago (executions end long after their request under load)', () => {
			const memory = new SeenSetMemory();
			const seen = memory.load('wf/node', undefined, limits);
			const written: unknown[] = [];
			for (let index = 0; index < 200; index++) {
				seen.add(`k${index}`, T + index);
				written.push(JSON.parse(JSON.stringify(memory.saveCompact('wf/node', seen, limits, T + index))));
			}
			const rebuild = jest.spyOn(SeenSet, 'fromJSON');
			for (const state of [written[0], written[50], written[150], written[199]]) expect(memory.load('wf/node', state, limits)).toBe(seen);
			expect(rebuild).not.toHaveBeenCalled();
		});

		it('folds in a state tagged by another copy (another process), and a state of its own lineage after its limits changed', () => {
			const mine = new SeenSetMemory();
			const theirs = new SeenSetMemory();
			const ours = mine.load('wf/node', undefined, limits);
			ours.add('mine', T);
			const myState = JSON.parse(JSON.stringify(mine.saveCompact('wf/node', ours, limits, T))) as { w: string };
			const other = theirs.load('wf/node', undefined, limits);
			other.add('theirs', T + 1);
			const theirState = JSON.parse(JSON.stringify(theirs.saveCompact('wf/node', other, limits, T + 1))) as { w: string };
			expect(theirState.w).not.toBe(myState.w);
			expect(theirState.w).toMatch(/^[A-Za-z0-9_-]{12}$/);
			const folded = mine.load('wf/node', theirState, limits);
			expect(folded).not.toBe(ours);
			expect(['mine', 'theirs'].filter((key) => !folded.has(key, T + 2))).toEqual([]);

			const wider = { ...limits, maxEntries: limits.maxEntries + 1 };
			const reloaded = mine.load('wf/node', myState, wider);
			expect(reloaded).not.toBe(ours);
			reloaded.add('later', T + 3);
			mine.saveCompact('wf/node', reloaded, wider, T + 3);
			// The new limits started a new lineage: the old state is folded in again, not taken for the copy.
			const rebuild = jest.spyOn(SeenSet, 'fromJSON');
			mine.load('wf/node', myState, wider);
			expect(rebuild).toHaveBeenCalledTimes(1);
		});

		it('forgets them when a set that did not come from its copy is saved, and folds them in again', () => {
			const memory = new SeenSetMemory();
			const { seen, written } = threeWrites(memory);
			const unrelated = SeenSet.create(limits);
			unrelated.add('z', T + 5);
			memory.save('wf/node', unrelated, limits);
			const loaded = memory.load('wf/node', written[2], limits);
			expect(loaded).not.toBe(seen);
			expect(loaded).not.toBe(unrelated);
			expect(['a', 'b', 'c', 'z'].filter((key) => !loaded.has(key, T + 6))).toEqual([]);
		});

	});
});
