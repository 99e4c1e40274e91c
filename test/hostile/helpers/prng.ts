import { Random } from '../../helpers/random';

/**
 * The shared seeded generator (mulberry32): a fixed seed gives the same mutations on every machine and every
 * run, so a failing case can be replayed from its seed and index alone.
 */
export class Prng extends Random {
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
