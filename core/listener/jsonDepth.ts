/**
 * Nesting depth of a parsed JSON value, measured without recursion and stopping as soon as it passes `limit`.
 * Deliveries nested thousands deep parse fine but crash recursive code later (hashing, comparing, n8n's own
 * serialisation of the execution), so the webhook triggers refuse them up front.
 */
export const MAX_JSON_DEPTH = 64;

export function exceedsDepth(value: unknown, limit: number = MAX_JSON_DEPTH): boolean {
	if (value === null || typeof value !== 'object') return false;
	// Two parallel stacks and a for-in walk: no pair or values array per container (half the time on a fresh
	// 100-event body, whose objects are all flat).
	const containers: object[] = [value];
	const depths: number[] = [0];
	while (containers.length > 0) {
		const current = containers.pop() as Record<string, unknown>;
		const depth = depths.pop() as number;
		if (depth >= limit) return true;
		if (Array.isArray(current)) {
			for (let index = 0; index < current.length; index++) {
				const child: unknown = current[index];
				if (child !== null && typeof child === 'object') {
					containers.push(child);
					depths.push(depth + 1);
				}
			}
			continue;
		}
		for (const key in current) {
			if (!Object.hasOwn(current, key)) continue;
			const child = current[key];
			if (child !== null && typeof child === 'object') {
				containers.push(child);
				depths.push(depth + 1);
			}
		}
	}
	return false;
}
