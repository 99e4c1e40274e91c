/**
 * A seeded generator (mulberry32): a fixed seed gives the same mutations on every machine and every run, so a
 * failing case can be replayed from its seed and index alone.
 */
export class Prng {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0;
	}

	/** [0, 1) */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** An integer in [min, max]. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}

	/** A printable ASCII character other than `skip`. */
	printable(skip?: string): string {
		for (;;) {
			const char = String.fromCharCode(this.int(0x21, 0x7e));
			if (char !== skip) return char;
		}
	}
}

/** A child generator per case, so adding a case does not shift every later case's mutations. */
export function caseRng(seed: number, index: number): Prng {
	return new Prng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
}
