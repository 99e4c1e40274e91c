import { maskSecrets, secretValues } from '../../nodes/shared/secrets';

describe('secretValues', () => {
	it('collects every secret field, OAuth tokens included, and skips values too short to mask safely', () => {
		expect(
			secretValues({
				clientSecret: 'client-secret-123',
				developerApiKey: 'dev-key-456',
				apiBaseUrl: 'https://api.example.com',
				apiToken: 'abc',
				oauthTokenData: { access_token: 'oauth-access-789', refresh_token: 'oauth-refresh-000', api_domain: 'x' },
			}),
		).toEqual(['client-secret-123', 'dev-key-456', 'oauth-access-789', 'oauth-refresh-000']);
	});
});

describe('maskSecrets', () => {
	const secret = 'k3y/with+special=chars';
	it.each([
		{ name: 'as is', text: `bad key ${secret}` },
		{ name: 'URL-encoded', text: `next=%2Fsettings%3Fhapikey%3D${encodeURIComponent(secret)}` },
		{ name: 'base64', text: `Basic ${Buffer.from(secret).toString('base64')}` },
		{ name: 'twice', text: `${secret} and ${secret}` },
	])('masks a secret echoed $name', ({ text }) => {
		const masked = maskSecrets(text, [secret]);
		expect(masked).toContain('***');
		expect(masked).not.toContain(secret);
		expect(masked).not.toContain(encodeURIComponent(secret));
		expect(masked).not.toContain(Buffer.from(secret).toString('base64'));
	});

	it('leaves text without secrets alone', () => {
		expect(maskSecrets('HubSpot says no', [secret])).toBe('HubSpot says no');
	});
});
