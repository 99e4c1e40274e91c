import { describeValue, invalid } from './values';
import { PollerConfigError } from '../types';

/**
 * `event.objects`: the comma-separated subset of resources to poll, matched case-insensitively and singular
 * or plural (`Contact,Account` selects `contacts` and `accounts`).
 */

/** The word and what it would be with a simple English plural ending removed (s, es, ies → y). */
function forms(word: string): Set<string> {
	const lower = word.trim().toLowerCase();
	const result = new Set([lower]);
	if (lower.endsWith('ies')) result.add(`${lower.slice(0, -3)}y`);
	if (lower.endsWith('es')) result.add(lower.slice(0, -2));
	if (lower.endsWith('s')) result.add(lower.slice(0, -1));
	return result;
}

function sameObject(a: string, b: string): boolean {
	const bForms = forms(b);
	return [...forms(a)].some((form) => bForms.has(form));
}

function names(value: unknown, path: string): string[] {
	if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
	if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) {
		return value.map((s) => s.trim()).filter((s) => s !== '');
	}
	throw invalid(path, 'a comma-separated list of resource names such as "contacts,companies"', value);
}

/**
 * The resource names selected by `value` (absent or empty: all), in configuration order. An unknown name is
 * an `UNKNOWN_OBJECT` error listing the resources.
 */
export function selectResources(resourceNames: readonly string[], value: unknown, path: string): string[] {
	if (value === undefined || value === null) return [...resourceNames];
	const wanted = names(value, path);
	if (wanted.length === 0) return [...resourceNames];
	const selected = new Set<string>();
	for (const name of wanted) {
		const exact = resourceNames.filter((r) => r.toLowerCase() === name.toLowerCase());
		const matches = exact.length > 0 ? exact : resourceNames.filter((r) => sameObject(r, name));
		if (matches.length === 0) {
			const list = resourceNames.map((r) => `"${r}"`).join(', ');
			throw new PollerConfigError('UNKNOWN_OBJECT', path, `${describeValue(name)} matches no resource; the resources are ${list}`);
		}
		for (const match of matches) selected.add(match);
	}
	return resourceNames.filter((r) => selected.has(r));
}
