import {
	commitEmitted,
	emptyState,
	KEY_MARGIN_MS,
	keyBudgetBytes,
	keyDateMs,
	loadState,
	MAX_KEY_ID_LENGTH,
	MAX_KEYS_PER_RESOURCE,
	recordKey,
	resourceStateOf,
	serializedBytes,
	STATE_BUDGET_BYTES,
	startingResourceState,
} from '../../../core/poller/cursor';
import type { EmittedKey, PollerState, ResourceState } from '../../../core/poller/cursor';

const T = 1_740_000_000_000;

describe('loadState', () => {
	it.each([
		{ name: 'undefined (first activation)', raw: undefined },
		{ name: 'null', raw: null },
		{ name: 'a number', raw: 42 },
		{ name: 'an array', raw: [] },
		{ name: 'unparseable JSON text', raw: '{"version":1,' },
		{ name: 'another version', raw: { version: 2, resources: {} } },
		{ name: 'version as text', raw: { version: '1', resources: {} } },
		{ name: 'resources as an array', raw: { version: 1, resources: [] } },
		{ name: 'no resources', raw: { version: 1 } },
	])('starts empty from $name', ({ raw }) => {
		expect(loadState(raw)).toEqual(emptyState());
	});

	it.each([
		{ name: 'mark as text', entry: { markMs: '1740000000000', keys: [] } },
		{ name: 'mark not an integer', entry: { markMs: 1.5, keys: [] } },
		{ name: 'mark NaN after JSON (null)', entry: { markMs: null, keys: [] } },
		{ name: 'mark beyond safe integers', entry: { markMs: 2 ** 60, keys: [] } },
		{ name: 'entry not an object', entry: 'contacts' },
	])('drops a resource whose $name', ({ entry }) => {
		const state = loadState({ version: 1, resources: { contacts: entry, deals: { markMs: T, keys: [] } } });
		expect(Object.keys(state.resources)).toEqual(['deals']);
	});

	it('keeps only keys it could have written, once each', () => {
		const state = loadState({
			version: 1,
			resources: {
				contacts: { markMs: T, keys: ['1@5', '1@5', 7, null, '@5', 'no-date', '2@x', '3@-8', { k: 1 }, '4@12345678901234567890'] },
			},
		});
		expect(state.resources.contacts.keys).toEqual(['1@5', '3@-8']);
	});

	it('treats missing keys as none', () => {
		expect(loadState({ version: 1, resources: { contacts: { markMs: T } } }).resources.contacts).toEqual({ markMs: T, keys: [] });
	});

	it('reads the JSON text of a state', () => {
		const state: PollerState = { version: 1, resources: { contacts: { markMs: T, keys: ['9@1'] } }, lastSuccessMs: T };
		expect(loadState(JSON.stringify(state))).toEqual(state);
	});

	it.each([
		{ name: 'text', value: 'yesterday' },
		{ name: 'a fraction', value: 0.5 },
		{ name: 'null', value: null },
	])('ignores a lastSuccessMs that is $name', ({ value }) => {
		expect(loadState({ version: 1, resources: {}, lastSuccessMs: value }).lastSuccessMs).toBeUndefined();
	});

	it('keeps a resource called __proto__ as data and does not touch Object.prototype', () => {
		const raw = JSON.parse('{"version":1,"resources":{"__proto__":{"markMs":5,"keys":["a@5"]},"constructor":{"markMs":6,"keys":[]}}}') as unknown;
		const state = loadState(raw);
		expect(resourceStateOf(state, '__proto__')).toEqual({ markMs: 5, keys: ['a@5'] });
		expect(resourceStateOf(state, 'constructor')).toEqual({ markMs: 6, keys: [] });
		expect(({} as Record<string, unknown>).markMs).toBeUndefined();
	});

	it('caps the keys of a resource, newest first', () => {
		const keys = Array.from({ length: MAX_KEYS_PER_RESOURCE + 10 }, (_, i) => `${i}@${i}`);
		const loaded = loadState({ version: 1, resources: { contacts: { markMs: T, keys } } }).resources.contacts.keys;
		expect(loaded).toHaveLength(MAX_KEYS_PER_RESOURCE);
		expect(loaded).not.toContain('0@0');
		expect(loaded).toContain(`${MAX_KEYS_PER_RESOURCE + 9}@${MAX_KEYS_PER_RESOURCE + 9}`);
	});
});

describe('resource state', () => {
	it('starts at now without a start date, at the start date with one', () => {
		expect(startingResourceState(T)).toEqual({ markMs: T, keys: [] });
		expect(startingResourceState(T, T - 86_400_000)).toEqual({ markMs: T - 86_400_000, keys: [] });
	});

	it('reads own entries only', () => {
		const state = emptyState();
		expect(resourceStateOf(state, 'constructor')).toBeUndefined();
		expect(resourceStateOf(state, 'toString')).toBeUndefined();
	});
});

describe('record keys', () => {
	it.each([
		{ name: 'short id', id: '123', dateMs: T, key: `123@${T}` },
		{ name: 'id containing @', id: 'a@b', dateMs: 5, key: 'a@b@5' },
		{ name: 'negative date', id: '1', dateMs: -1000, key: '1@-1000' },
	])('$name', ({ id, dateMs, key }) => {
		expect(recordKey(id, dateMs)).toBe(key);
		expect(keyDateMs(key)).toBe(dateMs);
	});

	it('hashes ids too long to keep, distinctly and stably', () => {
		const long = 'x'.repeat(10_000);
		const key = recordKey(long, T);
		expect(key.length).toBeLessThanOrEqual(MAX_KEY_ID_LENGTH + 20);
		expect(recordKey(long, T)).toBe(key);
		expect(recordKey(`${long}y`, T)).not.toBe(key);
		expect(keyDateMs(key)).toBe(T);
	});

	it.each(['@5', '5', '5@', '5@1.5', '5@abc', ''])('rejects the key %j', (key) => {
		expect(keyDateMs(key)).toBeUndefined();
	});
});

const keysAt = (dateMs: number, count: number, prefix = 'r'): EmittedKey[] =>
	Array.from({ length: count }, (_, i) => ({ key: recordKey(`${prefix}${i}`, dateMs), dateMs }));

describe('commitEmitted', () => {
	const roomy = { pollDelayMs: 30_000, markCeilingMs: Number.MAX_SAFE_INTEGER, keyBudgetBytes: 100_000 };

	it.each([
		{
			name: 'catching up: the next query starts at the newest date emitted',
			current: { markMs: T - 60 * 60_000, keys: [] },
			emitted: [...keysAt(T - 50 * 60_000, 1, 'a'), ...keysAt(T - 40 * 60_000, 1, 'b')],
			options: { ...roomy, markCeilingMs: T },
			markMs: T - 40 * 60_000 + 30_000,
		},
		{
			name: 'steady: the next query starts pollDelay before the first request',
			current: { markMs: T - 60_000, keys: [] },
			emitted: keysAt(T - 1_000, 1),
			options: { ...roomy, markCeilingMs: T },
			markMs: T,
		},
		{
			name: 'never moves the mark back',
			current: { markMs: T + 100_000, keys: [] },
			emitted: keysAt(T, 1),
			options: roomy,
			markMs: T + 100_000,
		},
		{
			name: 'stops the mark at the ceiling',
			current: { markMs: T, keys: [] },
			emitted: keysAt(T + 60_000, 1),
			options: { ...roomy, markCeilingMs: T + 1_000 },
			markMs: T + 1_000,
		},
		{
			name: 'leaves the mark alone when nothing was emitted',
			current: { markMs: T, keys: [] },
			emitted: [],
			options: roomy,
			markMs: T,
		},
	])('$name', ({ current, emitted, options, markMs }) => {
		expect(commitEmitted(current, emitted, options).state.markMs).toBe(markMs);
	});

	it('keeps keys down to pollDelay plus the margin below the mark, and no further', () => {
		const windowStart = T - 30_000 - KEY_MARGIN_MS;
		const current: ResourceState = { markMs: T, keys: [recordKey('old', windowStart - 1), recordKey('edge', windowStart), recordKey('mid', T - 10)] };
		const { state, evictedKeys } = commitEmitted(current, keysAt(T, 1, 'new'), { ...roomy, markCeilingMs: T });
		expect(state.keys.sort()).toEqual([recordKey('edge', windowStart), recordKey('mid', T - 10), recordKey('new0', T)].sort());
		expect(evictedKeys).toBe(0);
	});

	it('moves on after a poll that only re-read records it had emitted before', () => {
		const { state } = commitEmitted({ markMs: T - 10 * 60_000, keys: [] }, [], {
			...roomy,
			markCeilingMs: T,
			readThroughMs: T - 9 * 60_000,
		});
		expect(state.markMs - roomy.pollDelayMs).toBe(T - 9 * 60_000);
	});

	it('keeps keys above a ceilinged mark (they will be read again)', () => {
		const { state } = commitEmitted({ markMs: T, keys: [] }, keysAt(T + 60_000, 3), { ...roomy, markCeilingMs: T + 1_000 });
		expect(state.keys).toHaveLength(3);
	});

	it('evicts whole dates from the old end and raises the mark past them', () => {
		const emitted = [...keysAt(T - 3, 10, 'a'), ...keysAt(T - 2, 10, 'b'), ...keysAt(T - 1, 10, 'c'), ...keysAt(T, 10, 'd')];
		const perKey = serializedBytes(recordKey('a0', T)) + 1;
		const { state, evictedKeys } = commitEmitted({ markMs: T - 10, keys: [] }, emitted, {
			...roomy,
			markCeilingMs: T,
			keyBudgetBytes: perKey * 25,
		});
		// Twenty keys fit (two whole dates); the third date would overflow, so it and the older one go.
		expect(state.keys).toHaveLength(20);
		expect(evictedKeys).toBe(20);
		expect(state.keys.every((key) => (keyDateMs(key) ?? 0) >= T - 1)).toBe(true);
		// The next query starts after every evicted date: they cannot come back as repeats.
		expect(state.markMs - roomy.pollDelayMs).toBe(T - 2 + 1);
	});

	it('gives up a date that alone exceeds the budget, moving past it', () => {
		const { state, evictedKeys } = commitEmitted({ markMs: T, keys: [] }, keysAt(T, 500), { ...roomy, keyBudgetBytes: 1_000 });
		expect(state.keys).toEqual([]);
		expect(evictedKeys).toBe(500);
		expect(state.markMs - roomy.pollDelayMs).toBe(T + 1);
	});

	it('never keeps more than MAX_KEYS_PER_RESOURCE keys', () => {
		const emitted = Array.from({ length: MAX_KEYS_PER_RESOURCE + 500 }, (_, i) => ({ key: recordKey(String(i), T - i), dateMs: T - i }));
		const { state } = commitEmitted({ markMs: T, keys: [] }, emitted, { ...roomy, keyBudgetBytes: 10_000_000 });
		expect(state.keys.length).toBeLessThanOrEqual(MAX_KEYS_PER_RESOURCE);
	});
});

describe('keyBudgetBytes', () => {
	it('shares the budget between resources', () => {
		const one = keyBudgetBytes(['contacts']);
		const four = keyBudgetBytes(['contacts', 'companies', 'deals', 'tickets']);
		expect(one).toBeGreaterThan(15_000);
		expect(four).toBeLessThan(one / 3);
		expect(keyBudgetBytes([])).toBe(0);
		expect(keyBudgetBytes(Array.from({ length: 1_000 }, (_, i) => `resource${i}`))).toBe(0);
	});
});

/**
 * 100,000 records through the state, committed page by page as the engine does, in the shapes that stress it:
 * one per millisecond, all on one millisecond, a burst inside the overlap window with long ids, and five
 * resources at once. The stored state never exceeds the budget.
 */
describe('state size under volume', () => {
	const RECORDS = 100_000;
	const PAGE = 200;
	const pollDelayMs = 60_000;

	function drive(names: string[], dateOf: (i: number) => number, idOf: (i: number) => string): number {
		const budget = keyBudgetBytes(names);
		const state: PollerState = { version: 1, resources: {}, lastSuccessMs: T };
		let largest = 0;
		for (const name of names) {
			let resource = startingResourceState(T - 3_600_000);
			for (let start = 0; start < RECORDS; start += PAGE) {
				const page = Array.from({ length: Math.min(PAGE, RECORDS - start) }, (_, j) => {
					const i = start + j;
					return { key: recordKey(idOf(i), dateOf(i)), dateMs: dateOf(i) };
				});
				resource = commitEmitted(resource, page, { pollDelayMs, markCeilingMs: T + 10_000_000, keyBudgetBytes: budget }).state;
				state.resources[name] = resource;
				largest = Math.max(largest, serializedBytes(state));
			}
		}
		return largest;
	}

	it.each([
		{ name: 'one record per millisecond', names: ['contacts'], dateOf: (i: number) => T + i, idOf: (i: number) => String(10_000_000_000 + i) },
		{ name: 'all on one millisecond', names: ['contacts'], dateOf: () => T, idOf: (i: number) => String(i) },
		{
			name: 'inside one overlap window, 64-character ids',
			names: ['contacts'],
			dateOf: (i: number) => T + Math.floor(i / 2),
			idOf: (i: number) => `${i}`.padStart(64, 'x'),
		},
		{
			name: 'five resources',
			names: ['contacts', 'companies', 'deals', 'tickets', 'a-resource-with-a-rather-long-name-indeed'],
			dateOf: (i: number) => T + i * 3,
			idOf: (i: number) => String(i),
		},
	])('$name', ({ names, dateOf, idOf }) => {
		expect(drive(names, dateOf, idOf)).toBeLessThanOrEqual(STATE_BUDGET_BYTES);
	});
});
