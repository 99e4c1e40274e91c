import type { IDataObject } from 'n8n-workflow';

/** Credential fields that hold secrets, across every credential type of this package. */
const SECRET_FIELDS = [
	'clientSecret',
	'previousClientSecret',
	'developerApiKey',
	'accessToken',
	'apiToken',
	'password',
] as const;
const TOKEN_FIELDS = ['access_token', 'refresh_token'] as const;

/** Too short to mask safely (it would blank unrelated text); real keys and tokens are much longer. */
const MIN_SECRET_LENGTH = 6;

export function secretValues(credentials: IDataObject): string[] {
	const values: string[] = [];
	for (const field of SECRET_FIELDS) {
		const value = credentials[field];
		if (typeof value === 'string') values.push(value);
	}
	const tokenData = credentials.oauthTokenData;
	if (tokenData && typeof tokenData === 'object') {
		for (const field of TOKEN_FIELDS) {
			const value = (tokenData as IDataObject)[field];
			if (typeof value === 'string') values.push(value);
		}
	}
	return values.filter((value) => value.length >= MIN_SECRET_LENGTH);
}

/**
 * Replaces every form in which a provider may echo a secret back (as is, URL-encoded, base64) by `***`.
 * Pattern-based masking (`hapikey=…`) misses echoes such as a sign-in page quoting the URL encoded.
 */
export function maskSecrets(text: string, secrets: readonly string[]): string {
	let masked = text;
	for (const secret of secrets) {
		const forms = new Set([secret, encodeURIComponent(secret), Buffer.from(secret, 'utf8').toString('base64')]);
		for (const form of forms) masked = masked.split(form).join('***');
	}
	return masked;
}
