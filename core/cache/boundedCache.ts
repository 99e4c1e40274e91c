/**
 * A map that holds at most `limit` entries and forgets the least recently stored one first. Used wherever a
 * process keeps something it can rebuild (compiled templates, digests, date parsers, duplicate memory): a
 * workflow that keeps changing its configuration, or a flood of distinct keys, cannot grow it without bound.
 */
export class BoundedCache<K, V> {
	private readonly entries = new Map<K, V>();

	constructor(readonly limit: number) {
		if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${String(limit)}`);
	}

	get size(): number {
		return this.entries.size;
	}

	get(key: K): V | undefined {
		return this.entries.get(key);
	}

	/** Stores `value` as the newest entry, forgetting the oldest when the cache is full. */
	set(key: K, value: V): void {
		this.entries.delete(key);
		if (this.entries.size >= this.limit) {
			const oldest = this.entries.keys().next();
			if (oldest.done !== true) this.entries.delete(oldest.value);
		}
		this.entries.set(key, value);
	}

	/** The cached value, or `make()`'s result, stored first. `make` may throw: then nothing is stored. */
	getOrCreate(key: K, make: () => V): V {
		if (this.entries.has(key)) return this.entries.get(key) as V;
		const value = make();
		this.set(key, value);
		return value;
	}
}
