import type { Evaluate } from './evaluate';

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * One step down a path. Only own properties are followed, so `__proto__`, `constructor` or `toString` never
 * reach `Object.prototype` or a function: they are missing unless the payload itself carries such a key.
 */
export function child(value: unknown, key: string): unknown {
	if (typeof value !== 'object' || value === null || !hasOwn.call(value, key)) return undefined;
	return (value as Record<string, unknown>)[key];
}

/** A reader for a dotted path; the common short paths get a closure without a loop. */
export function compilePath(segments: readonly string[]): Evaluate {
	const path = [...segments];
	switch (path.length) {
		case 0:
			return (context) => context;
		case 1: {
			const [first] = path;
			return (context) => child(context, first);
		}
		case 2: {
			const [first, second] = path;
			return (context) => child(child(context, first), second);
		}
		default:
			return (context) => {
				let value = context;
				for (let index = 0; index < path.length; index++) {
					value = child(value, path[index]);
					if (value === undefined) return undefined;
				}
				return value;
			};
	}
}
