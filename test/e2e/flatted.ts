// n8n stores and serves execution data in the "flatted" format (https://github.com/WebReflection/flatted):
// a JSON array whose first entry is the root, where every string inside an object or array is the index of
// the entry holding the real value. A dozen lines read it; no dependency needed.

type Flat = unknown[];

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
	return typeof value === 'object' && value !== null;
}

/** Parses a flatted string back into the object graph it describes (shared references stay shared). */
export function parseFlatted(text: string): unknown {
	const input = JSON.parse(text) as Flat;
	if (!Array.isArray(input) || input.length === 0) throw new Error('flatted: expected a non-empty JSON array');
	const revived = new Set<object>();
	const resolve = (value: unknown): unknown => {
		if (typeof value !== 'string') return value;
		const index = Number(value);
		if (!Number.isInteger(index) || index < 0 || index >= input.length) throw new Error(`flatted: bad reference ${value}`);
		const target = input[index];
		if (isContainer(target)) walk(target);
		return target;
	};
	const walk = (container: Record<string, unknown> | unknown[]): void => {
		if (revived.has(container)) return;
		revived.add(container);
		if (Array.isArray(container)) {
			for (let i = 0; i < container.length; i += 1) container[i] = resolve(container[i]);
		} else {
			for (const key of Object.keys(container)) container[key] = resolve(container[key]);
		}
	};
	const root = input[0];
	if (isContainer(root)) walk(root);
	return root;
}
