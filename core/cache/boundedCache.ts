/**
 * A map that holds at most `limit` entries and forgets the least recently stored one first. Used wherever a
 * process keeps something it can rebuild (compiled templates, digests, date parsers, duplicate memory): a
 * workflow that keeps changing its configuration, or a flood of distinct keys, cannot grow it without bound.
 */
export class BoundedCache<K, V> {
	private readonly entries = new Map<K, V>();
	/**
	 * A live iterator over the keys, oldest first, kept from one eviction to the next. Only evictions advance it,
	 * so every entry still held is at or after its position. A fresh `keys()` per eviction would instead walk over
	 * every slot deleted since V8 last compacted the table: up to thousands per eviction in a full cache.
	 */
	private oldest: Iterator<K> | undefined;

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
			let oldest = this.oldest?.next();
			if (oldest === undefined || oldest.done === true) {
				this.oldest = this.entries.keys();
				oldest = this.oldest.next();
			}
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
