import { BoundedCache } from '../../../core/cache';

describe('BoundedCache', () => {
	it.each([
		{ name: 'under the limit keeps everything', limit: 3, keys: ['a', 'b'], kept: ['a', 'b'] },
		{ name: 'at the limit keeps everything', limit: 3, keys: ['a', 'b', 'c'], kept: ['a', 'b', 'c'] },
		{ name: 'past the limit forgets the oldest first', limit: 3, keys: ['a', 'b', 'c', 'd', 'e'], kept: ['c', 'd', 'e'] },
		{ name: 'storing a key again makes it the newest', limit: 3, keys: ['a', 'b', 'c', 'a', 'd'], kept: ['c', 'a', 'd'] },
		{ name: 'a limit of one keeps the last', limit: 1, keys: ['a', 'b'], kept: ['b'] },
	])('$name', ({ limit, keys, kept }) => {
		const cache = new BoundedCache<string, number>(limit);
		keys.forEach((key, index) => cache.set(key, index));
		expect(cache.size).toBe(kept.length);
		for (const key of kept) expect(cache.get(key)).toBe(keys.lastIndexOf(key));
		for (const key of keys.filter((k) => !kept.includes(k))) expect(cache.get(key)).toBeUndefined();
	});

	it('getOrCreate builds once per key and stores nothing when the builder throws', () => {
		const cache = new BoundedCache<string, string>(4);
		let builds = 0;
		const make = () => {
			builds += 1;
			return 'value';
		};
		expect(cache.getOrCreate('k', make)).toBe('value');
		expect(cache.getOrCreate('k', make)).toBe('value');
		expect(builds).toBe(1);
		expect(() =>
			cache.getOrCreate('bad', () => {
				throw new Error('no');
			}),
		).toThrow('no');
		expect(cache.size).toBe(1);
	});

	it('stays within its limit under a flood of distinct keys', () => {
		const cache = new BoundedCache<number, number>(100);
		for (let key = 0; key < 100_000; key++) cache.getOrCreate(key, () => key);
		expect(cache.size).toBe(100);
		expect(cache.get(99_999)).toBe(99_999);
		expect(cache.get(0)).toBeUndefined();
	});

	it('forgets exactly the least recently stored key over a long mix of new and re-stored keys', () => {
		// A reference model: the keys in the order they were last stored.
		const limit = 50;
		const cache = new BoundedCache<number, number>(limit);
		let model: number[] = [];
		let seed = 7;
		const random = (below: number) => {
			seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
			return seed % below;
		};
		for (let step = 0; step < 20_000; step++) {
			// Mostly new keys; often the oldest held (the next to go) or another held key is stored again.
			const choice = random(10);
			const key = choice < 2 && model.length > 0 ? model[0] : choice < 4 && model.length > 0 ? model[random(model.length)] : 1_000_000 + step;
			cache.set(key, step);
			model = model.filter((held) => held !== key);
			model.push(key);
			if (model.length > limit) model.shift();
			if (step % 97 === 0) {
				expect(cache.size).toBe(model.length);
				for (const held of model) expect(cache.get(held)).toBeDefined();
			}
		}
		expect(cache.size).toBe(model.length);
		for (const held of model) expect(cache.get(held)).toBeDefined();
	});

	it.each([0, -1, 1.5, Number.NaN])('refuses the limit %p', (limit) => {
		expect(() => new BoundedCache(limit)).toThrow(RangeError);
	});
});
