import { createHmac } from 'node:crypto';

/**
 * The HTTP Basic password of a webhook this package registers, derived from a secret of the API credential
 * and a random nonce. Only the nonce is stored (static data exports with the workflow), never the password.
 * The label binds the derivation to this one use, so the same key never yields another protocol's secret.
 */
export function derivePipedriveWebhookPassword(key: string, nonce: string): string {
	return createHmac('sha256', key).update(`crm-listeners/pipedrive-webhook\u0000${nonce}`).digest('base64url');
}
