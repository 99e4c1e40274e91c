const WILDCARD = '*';

/**
 * A predicate for the node's event filter. Subscriptions are dot-separated (`contact.propertyChange`,
 * `change.deal`, `updated.deal`); `*` as a whole part matches any one part, and `*` alone matches everything.
 * Matching is exact otherwise (case included), so `contact*` is a literal name, never a prefix. Blank entries
 * are ignored, so a filter made only of blanks keeps everything, like an empty one.
 */
export function compileEventFilter(patterns: readonly string[]): (subscription: string) => boolean {
	const exact = new Set<string>();
	const wildcards: string[][] = [];
	for (const raw of patterns) {
		const pattern = raw.trim();
		if (pattern === '') continue;
		if (pattern === WILDCARD) return () => true;
		const parts = pattern.split('.');
		if (parts.includes(WILDCARD)) wildcards.push(parts);
		else exact.add(pattern);
	}
	if (exact.size === 0 && wildcards.length === 0) return () => true;
	return (subscription) => {
		if (exact.has(subscription)) return true;
		if (wildcards.length === 0) return false;
		const parts = subscription.split('.');
		return wildcards.some(
			(pattern) =>
				pattern.length === parts.length && pattern.every((part, index) => part === WILDCARD || part === parts[index]),
		);
	};
}
