import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

import { BoundedCache } from '../../core/cache';

/**
 * How long one process reuses what a node read from its credential to check deliveries (the HubSpot app secrets,
 * the Pipedrive Basic Auth pair). Reading a credential through n8n costs a database query, a decryption and, on
 * n8n 2.x, an expression isolate of its own: about a tenth of n8n's CPU per delivery. A check that fails against
 * the reused value is repeated against a fresh read before it counts, so a changed credential applies at once to
 * deliveries that need the new value; a value removed from the credential is still accepted by this process for
 * at most this long.
 */
export const CREDENTIAL_REUSE_MS = 10_000;

interface Held {
	value: unknown;
	readAtMs: number;
}

/** node (workflow, node id, credential type and id) → what its check needs. Only the selected fields are kept. */
const held = new BoundedCache<string, Held>(1000);

function keyOf(ctx: IWebhookFunctions, type: string): string | undefined {
	const node = ctx.getNode();
	const credentialId = node.credentials?.[type]?.id;
	if (typeof credentialId !== 'string' || credentialId === '') return undefined;
	return JSON.stringify([ctx.getWorkflow().id ?? '', node.id ?? node.name, type, credentialId]);
}

/**
 * Runs `check` on `select(credential)`, read through n8n at most once per CREDENTIAL_REUSE_MS for this node.
 * Each node reads for itself (n8n checks on every read that the workflow may use the credential). A failed
 * check against a reused value never counts: the credential is read again and the check decides on that.
 * A clock that went backwards counts as expired.
 */
export async function checkWithCredential<T, R extends { ok: boolean }>(
	ctx: IWebhookFunctions,
	type: string,
	nowMs: number,
	select: (credentials: ICredentialDataDecryptedObject) => T,
	check: (value: T) => R,
): Promise<R> {
	const key = keyOf(ctx, type);
	const kept = key === undefined ? undefined : held.get(key);
	if (kept !== undefined && nowMs >= kept.readAtMs && nowMs - kept.readAtMs < CREDENTIAL_REUSE_MS) {
		const verdict = check(kept.value as T);
		if (verdict.ok) return verdict;
	}
	const value = select(await ctx.getCredentials(type));
	if (key !== undefined) held.set(key, { value, readAtMs: nowMs });
	return check(value);
}
