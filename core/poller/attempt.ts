/**
 * Runs `fn` and returns its result or what it threw. Callers translate the error into a configuration error
 * outside the catch block (the lint rule for n8n code forbids throwing raw errors from inside one).
 */
export type Attempt<T> = { ok: true; value: T } | { ok: false; error: unknown };

export function attempt<T>(fn: () => T): Attempt<T> {
	try {
		return { ok: true, value: fn() };
	} catch (error) {
		return { ok: false, error };
	}
}
