// Injected failures: "the next N requests to this route answer 429/500".
import type { FailureRule } from './types';

export class FailureInjector {
	private rules: FailureRule[] = [];

	add(rule: FailureRule): void {
		if (!Number.isInteger(rule.count) || rule.count < 1) throw new Error('failure rule: count must be a positive integer');
		if (!Number.isInteger(rule.status) || rule.status < 100 || rule.status > 599) throw new Error('failure rule: bad status');
		this.rules.push({ ...rule, method: rule.method?.toUpperCase() });
	}

	/** Consume one use of the first matching rule. */
	take(method: string, path: string): FailureRule | undefined {
		const index = this.rules.findIndex(
			(rule) => (rule.method === undefined || rule.method === method) && path.startsWith(rule.pathPrefix),
		);
		if (index < 0) return undefined;
		const rule = this.rules[index];
		rule.count -= 1;
		if (rule.count <= 0) this.rules.splice(index, 1);
		return rule;
	}

	clear(): void {
		this.rules = [];
	}
}
