import { appendWithin, fitToBudget, truncateText } from './truncate';

/** Deeper values have no JSON here (JSON.stringify would overflow the stack long before a payload got there). */
const MAX_JSON_DEPTH = 1000;

type Written = 'written' | 'skipped';

/** Thrown inside the writer for "this value has no JSON"; never leaves `boundedJson`. */
class NoJson extends Error {}

/**
 * JSON.stringify's output for plain data (strings, numbers, booleans, null, arrays, objects, `toJSON`), written
 * piece by piece into at most `budget` code units: once full it stops reading the value, and the text ends with
 * the truncation marker. Undefined when the value has no JSON (undefined, a function, a BigInt, a cycle, a
 * throwing `toJSON` or getter, nesting deeper than `MAX_JSON_DEPTH`), as JSON.stringify returns or throws then.
 */
export function boundedJson(value: unknown, budget: number): string | undefined {
	const writer = new JsonWriter(budget);
	try {
		if (writer.value(value, '', 0) === 'skipped') return undefined;
	} catch {
		return undefined;
	}
	return fitToBudget(writer.text, budget);
}

class JsonWriter {
	text = '';
	private readonly ancestors = new Set<object>();

	constructor(private readonly budget: number) {}

	private get full(): boolean {
		return this.text.length > this.budget;
	}

	private write(piece: string): void {
		this.text = appendWithin(this.text, piece, this.budget);
	}

	/** A string as JSON; a long one is cut first, so its escaped form is never built whole. */
	private string(text: string): void {
		const room = this.budget + 1 - this.text.length;
		this.write(JSON.stringify(text.length > room ? truncateText(text, room) : text));
	}

	value(input: unknown, key: string, depth: number): Written {
		return this.resolved(resolve(input, key), depth);
	}

	private resolved(value: unknown, depth: number): Written {
		switch (typeof value) {
			case 'string':
				this.string(value);
				return 'written';
			case 'number':
				this.write(Number.isFinite(value) ? String(value) : 'null');
				return 'written';
			case 'boolean':
				this.write(value ? 'true' : 'false');
				return 'written';
			case 'object':
				if (value === null) {
					this.write('null');
					return 'written';
				}
				this.container(value, depth);
				return 'written';
			case 'bigint':
				throw new NoJson();
			default:
				// undefined, functions, symbols: left out of objects, null in arrays, nothing at the top.
				return 'skipped';
		}
	}

	private container(value: object, depth: number): void {
		if (depth >= MAX_JSON_DEPTH || this.ancestors.has(value)) throw new NoJson();
		this.ancestors.add(value);
		if (Array.isArray(value)) {
			this.write('[');
			for (let index = 0; index < value.length && !this.full; index++) {
				if (index > 0) this.write(',');
				if (this.value(value[index], String(index), depth + 1) === 'skipped') this.write('null');
			}
			this.write(']');
		} else {
			const record = value as Record<string, unknown>;
			this.write('{');
			let first = true;
			for (const key of Object.keys(record)) {
				if (this.full) break;
				const child = resolve(record[key], key);
				if (child === undefined || typeof child === 'function' || typeof child === 'symbol') continue;
				if (!first) this.write(',');
				first = false;
				this.string(key);
				this.write(':');
				this.resolved(child, depth + 1);
			}
			this.write('}');
		}
		this.ancestors.delete(value);
	}
}

/** What JSON.stringify serialises in place of `value`: its `toJSON` result, boxed primitives unboxed. */
function resolve(value: unknown, key: string): unknown {
	if (typeof value !== 'object' || value === null) return value;
	const toJSON = (value as { toJSON?: unknown }).toJSON;
	const own = typeof toJSON === 'function' ? (toJSON as (key: string) => unknown).call(value, key) : value;
	if (own instanceof Number || own instanceof String || own instanceof Boolean) return own.valueOf();
	return own;
}
