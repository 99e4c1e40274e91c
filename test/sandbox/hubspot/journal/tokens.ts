// Client-credentials tokens: scopes and expiry, as HubSpot's token endpoint issues them.
import { randomUUID } from 'node:crypto';

import type { RouteResult } from '../../http/exchange';
import type { HubSpotIdentity } from '../../types';
import type { JournalBehaviour } from './types';

interface Token {
	scopes: string[];
	expiresAtMs: number;
}

export type TokenCheck = { ok: true } | { ok: false; status: 401 | 403; message: string; category: string };

export class ClientCredentialTokens {
	private readonly tokens = new Map<string, Token>();
	issued = 0;

	constructor(
		private readonly identity: HubSpotIdentity,
		private readonly behaviour: JournalBehaviour,
		private readonly now: () => number,
	) {}

	/** `grant_type=client_credentials`; undefined for other grants (the OAuth route handles those). */
	grant(form: URLSearchParams): RouteResult | undefined {
		if (form.get('grant_type') !== 'client_credentials') return undefined;
		if (form.get('client_id') !== this.identity.oauthClientId || form.get('client_secret') !== this.identity.clientSecret) {
			return { status: 400, body: { status: 'BAD_CLIENT_ID', message: 'missing or unknown client id', correlationId: randomUUID() }, auth: 'none' };
		}
		const scopes = (form.get('scope') ?? '').split(/\s+/).filter((s) => s !== '');
		const token = `sandbox-hubspot-cc-${randomUUID()}`;
		this.tokens.set(token, { scopes, expiresAtMs: this.now() + this.behaviour.tokenTtlSeconds * 1000 });
		this.issued += 1;
		return { status: 200, body: { token_type: 'bearer', access_token: token, expires_in: this.behaviour.tokenTtlSeconds }, auth: 'none' };
	}

	check(authorization: string | undefined, scope: string): TokenCheck {
		const match = authorization === undefined ? null : /^Bearer\s+(.+)$/i.exec(authorization);
		const token = match ? this.tokens.get(match[1].trim()) : undefined;
		if (!token) return { ok: false, status: 401, message: 'Authentication credentials not found or invalid.', category: 'INVALID_AUTHENTICATION' };
		if (token.expiresAtMs <= this.now()) return { ok: false, status: 401, message: 'The OAuth token used to make this call expired.', category: 'EXPIRED_AUTHENTICATION' };
		if (!token.scopes.includes(scope)) {
			return { ok: false, status: 403, message: `This app hasn't been granted all required scopes to make this call. Missing: ${scope}`, category: 'MISSING_SCOPES' };
		}
		return { ok: true };
	}

	expireAll(): void {
		for (const token of this.tokens.values()) token.expiresAtMs = 0;
	}

	clear(): void {
		this.tokens.clear();
		this.issued = 0;
	}
}
