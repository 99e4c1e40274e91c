/**
 * Nesting depth of a parsed JSON value, measured without recursion and stopping as soon as it passes `limit`.
 * Deliveries nested thousands deep parse fine but crash recursive code later (hashing, comparing, n8n's own
 * serialisation of the execution), so the webhook triggers refuse them up front.
 */
export const MAX_JSON_DEPTH = 64;

export function exceedsDepth(value: unknown, limit: number = MAX_JSON_DEPTH): boolean {
	const stack: Array<[unknown, number]> = [[value, 0]];
	while (stack.length > 0) {
		const [current, depth] = stack.pop()!;
		if (current === null || typeof current !== 'object') continue;
		if (depth >= limit) return true;
		const children = Array.isArray(current) ? current : Object.values(current as Record<string, unknown>);
		for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
	}
	return false;
}
