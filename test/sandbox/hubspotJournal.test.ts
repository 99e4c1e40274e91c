// The sandbox's HubSpot journal over real HTTP: client-credentials tokens with scopes and expiry, v4
// subscriptions as upserts, journal lookups with retention, and presigned https files that expire.
import https from 'node:https';

import { call } from './http-client';
import { startSandbox, type Sandbox } from './index';

const SCOPES = 'developer.webhooks_journal.read developer.webhooks_journal.subscriptions.read developer.webhooks_journal.subscriptions.write';

function download(url: string, ca: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		https.get(url, { ca, headers }, (res) => {
			let text = '';
			res.on('data', (chunk: Buffer) => (text += chunk.toString()));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
		}).on('error', reject);
	});
}

describe('sandbox HubSpot journal', () => {
	let sandbox: Sandbox;
	let now = Date.now();
	let auth: Record<string, string>;
	beforeAll(async () => {
		sandbox = await startSandbox({ now: () => now });
	});
	afterAll(async () => sandbox.close());
	const freshAuth = async () => {
		const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: sandbox.hubspot.identity.oauthClientId, client_secret: sandbox.hubspot.identity.clientSecret, scope: SCOPES });
		const token = await call(sandbox.url, 'POST', '/oauth/v1/token', { rawBody: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
		expect(token.status).toBe(200);
		auth = { authorization: `Bearer ${(token.json as { access_token: string }).access_token}` };
	};
	beforeEach(async () => {
		sandbox.reset();
		now = Date.now();
		await freshAuth();
	});
	const local = (path: string) => `/webhooks-journal/journal-local/2026-03${path}${path.includes('?') ? '&' : '?'}installPortalId=${sandbox.hubspot.identity.portalId}`;

	it('refuses a wrong client secret, a missing scope and an expired token', async () => {
		const wrong = new URLSearchParams({ grant_type: 'client_credentials', client_id: sandbox.hubspot.identity.oauthClientId, client_secret: 'nope', scope: SCOPES });
		expect((await call(sandbox.url, 'POST', '/oauth/v1/token', { rawBody: wrong.toString() })).status).toBe(400);
		const narrow = new URLSearchParams({ grant_type: 'client_credentials', client_id: sandbox.hubspot.identity.oauthClientId, client_secret: sandbox.hubspot.identity.clientSecret, scope: 'developer.webhooks_journal.read' });
		const token = (await call(sandbox.url, 'POST', '/oauth/v1/token', { rawBody: narrow.toString() })).json as { access_token: string };
		expect((await call(sandbox.url, 'GET', '/webhooks-journal/subscriptions/2026-03', { headers: { authorization: `Bearer ${token.access_token}` } })).status).toBe(403);
		now += 1801 * 1000;
		expect((await call(sandbox.url, 'GET', local('/latest'), { headers: auth })).status).toBe(401);
	});

	it('upserts v4 subscriptions by type, account and object type, and records only what they ask for', async () => {
		const body = { subscriptionType: 'OBJECT', portalId: sandbox.hubspot.identity.portalId, objectTypeId: '0-1', actions: ['CREATE'] };
		const first = await call(sandbox.url, 'POST', '/webhooks-journal/subscriptions/2026-03', { body, headers: auth });
		const second = await call(sandbox.url, 'POST', '/webhooks-journal/subscriptions/2026-03', { body: { ...body, actions: ['CREATE', 'UPDATE'], properties: ['email'] }, headers: auth });
		expect((second.json as { id: number }).id).toBe((first.json as { id: number }).id);
		expect(sandbox.journal.subscriptions()).toHaveLength(1);
		expect(sandbox.journal.record([{ objectTypeId: '0-1', objectId: 1, action: 'UPDATE', propertyChanges: { phone: { newValue: 'x' } } }])).toBeUndefined();
		expect(sandbox.journal.record([{ objectTypeId: '0-1', objectId: 1, action: 'UPDATE', propertyChanges: { email: { newValue: 'x' } } }])).toBeDefined();
		expect(sandbox.journal.record([{ objectTypeId: '0-3', objectId: 1, action: 'CREATE' }])).toBeUndefined();
	});

	it('walks entries in order, answers 204 at the end and 404 for an offset past retention', async () => {
		const a = sandbox.journal.publish([{ objectId: 1 }]);
		const b = sandbox.journal.publish([{ objectId: 2 }]);
		expect(((await call(sandbox.url, 'GET', local('/earliest'), { headers: auth })).json as { currentOffset: string }).currentOffset).toBe(a.offset);
		expect(((await call(sandbox.url, 'GET', local(`/offset/${a.offset}/next`), { headers: auth })).json as { currentOffset: string }).currentOffset).toBe(b.offset);
		expect((await call(sandbox.url, 'GET', local(`/offset/${b.offset}/next`), { headers: auth })).status).toBe(204);
		now += 3 * 24 * 3_600_000 + 1;
		await freshAuth();
		expect((await call(sandbox.url, 'GET', local(`/offset/${a.offset}/next`), { headers: auth })).status).toBe(404);
		expect((await call(sandbox.url, 'GET', local('/earliest'), { headers: auth })).status).toBe(204);
	});

	it('serves files over https at presigned URLs that expire and cannot be forged', async () => {
		sandbox.journal.publish([{ objectId: 7 }]);
		const entry = (await call(sandbox.url, 'GET', local('/latest'), { headers: auth })).json as { url: string; expiresAt: string };
		expect(entry.url.startsWith('https://')).toBe(true);
		const file = await download(entry.url, sandbox.journal.certificate);
		expect(JSON.parse(file.text)).toEqual(expect.objectContaining({ journalEvents: [{ objectId: 7 }] }));
		expect((await download(entry.url.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=00'), sandbox.journal.certificate)).status).toBe(403);
		await download(entry.url, sandbox.journal.certificate, { authorization: 'Bearer leaked' });
		expect(sandbox.journal.fileStats().withAuthorization).toBe(1);
		now = Date.parse(entry.expiresAt) + 1;
		expect(await download(entry.url, sandbox.journal.certificate)).toEqual({ status: 403, text: expect.stringContaining('Request has expired') });
	});
});
