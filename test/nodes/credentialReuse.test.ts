import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CrmListenersHubSpotApp } from '../../credentials/CrmListenersHubSpotApp.credentials';
import { CrmListenersPipedriveBasicAuth } from '../../credentials/CrmListenersPipedriveBasicAuth.credentials';
import { HubSpotWebhookTrigger } from '../../nodes/HubSpotWebhookTrigger/HubSpotWebhookTrigger.node';
import { PipedriveWebhookTrigger } from '../../nodes/PipedriveWebhookTrigger/PipedriveWebhookTrigger.node';
import { CREDENTIAL_REUSE_MS } from '../../nodes/shared/credentialReuse';
import { appDeliveryHeaders } from '../helpers/hubspotSigner';
import { startWebhookServer, type WebhookServer } from '../helpers/n8n';

const HUBSPOT = 'crmListenersHubSpotApp';
const PIPEDRIVE = 'crmListenersPipedriveBasicAuth';
const SECRET = 'c0ffee00-aaaa-bbbb-cccc-123456789abc';
const NEW_SECRET = 'rotated0-dddd-eeee-ffff-000011112222';
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'nodes', name), 'utf8').trim();
const APP_DELIVERY = fixture('hubspot-app-delivery.json');
const PIPEDRIVE_DELIVERY = fixture('pipedrive-v2-change-deal.json');

/** Each delivery distinct, so the duplicate memory never decides the answer. */
function appDelivery(n: number): string {
	const events = JSON.parse(APP_DELIVERY) as Array<Record<string, unknown>>;
	return JSON.stringify(events.map((event, index) => ({ ...event, eventId: n * 100 + index })));
}

const basic = (user: string, password: string) => ({
	authorization: `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`,
});

describe('credentials read once per node and reuse window, a failed check always re-read', () => {
	let server: WebhookServer;
	let nowMs = Date.now();
	let delivery = 0;

	beforeEach(() => {
		nowMs = Date.now();
		jest.spyOn(Date, 'now').mockImplementation(() => nowMs);
	});
	afterEach(async () => {
		jest.restoreAllMocks();
		await server?.close();
	});

	const reads = (type: string) => server.harness.credentialsHelper.used.filter((used) => used === type).length;

	async function startHubSpot() {
		server = await startWebhookServer({
			type: new HubSpotWebhookTrigger(),
			typeName: 'hubSpotWebhookTrigger',
			parameters: { events: [], verification: 'signature', manageSubscriptions: false, options: {} },
			credentials: { [HUBSPOT]: { clientSecret: SECRET } },
			credentialTypes: [new CrmListenersHubSpotApp()],
		});
	}

	async function sendHubSpot(secret: string) {
		const body = appDelivery(++delivery);
		return await server.send({ body, headers: appDeliveryHeaders(secret, server.url, body, nowMs) });
	}

	it('HubSpot: deliveries within the window verify against one read; after it, the credential is read again', async () => {
		await startHubSpot();
		for (let n = 0; n < 5; n++) expect((await sendHubSpot(SECRET)).status).toBe(200);
		expect(reads(HUBSPOT)).toBe(1);
		nowMs += CREDENTIAL_REUSE_MS - 1;
		expect((await sendHubSpot(SECRET)).status).toBe(200);
		expect(reads(HUBSPOT)).toBe(1);
		nowMs += 1;
		expect((await sendHubSpot(SECRET)).status).toBe(200);
		expect(reads(HUBSPOT)).toBe(2);
	});

	it('HubSpot: a forged delivery is re-checked against a fresh read, gets 401 and starts nothing, every time', async () => {
		await startHubSpot();
		expect((await sendHubSpot(SECRET)).status).toBe(200);
		for (let n = 0; n < 3; n++) {
			const reply = await sendHubSpot('wrong-secret-9999-8888-7777-666655554444');
			expect(reply.status).toBe(401);
			expect(reply.body).not.toContain(SECRET);
		}
		expect(reads(HUBSPOT)).toBe(4);
		expect(server.executions).toHaveLength(1);
	});

	it('HubSpot: a secret changed in the credential applies to the first delivery signed with it', async () => {
		await startHubSpot();
		expect((await sendHubSpot(SECRET)).status).toBe(200);
		server.harness.credentialsHelper.setData(HUBSPOT, { clientSecret: NEW_SECRET });
		expect((await sendHubSpot(NEW_SECRET)).status).toBe(200);
		expect(reads(HUBSPOT)).toBe(2);
		// The fresh read replaced the kept secrets: the old one is refused at once, not after the window.
		expect((await sendHubSpot(SECRET)).status).toBe(401);
	});

	it('HubSpot: a removed secret is accepted for less than the window, then refused', async () => {
		await startHubSpot();
		expect((await sendHubSpot(SECRET)).status).toBe(200);
		server.harness.credentialsHelper.setData(HUBSPOT, { clientSecret: NEW_SECRET });
		nowMs += CREDENTIAL_REUSE_MS - 1;
		expect((await sendHubSpot(SECRET)).status).toBe(200);
		nowMs += 1;
		expect((await sendHubSpot(SECRET)).status).toBe(401);
		expect(reads(HUBSPOT)).toBe(2);
	});

	it('HubSpot: a clock that went backwards reads the credential again', async () => {
		await startHubSpot();
		expect((await sendHubSpot(SECRET)).status).toBe(200);
		nowMs -= 1000;
		expect((await sendHubSpot(SECRET)).status).toBe(200);
		expect(reads(HUBSPOT)).toBe(2);
	});

	it('HubSpot: another node on the same credential reads it for itself', async () => {
		await startHubSpot();
		expect((await sendHubSpot(SECRET)).status).toBe(200);
		const first = server;
		await startHubSpot();
		try {
			expect((await sendHubSpot(SECRET)).status).toBe(200);
			expect(reads(HUBSPOT)).toBe(1);
		} finally {
			await first.close();
		}
	});

	it('Pipedrive Basic Auth: one read per window, a wrong or changed pair re-read at once', async () => {
		server = await startWebhookServer({
			type: new PipedriveWebhookTrigger(),
			typeName: 'pipedriveWebhookTrigger',
			parameters: { setup: 'manual', incomingAuth: 'basicAuth', entity: '*', action: '*', options: { dedupe: false } },
			credentials: { [PIPEDRIVE]: { user: 'hook-user', password: 'first-password' } },
			credentialTypes: [new CrmListenersPipedriveBasicAuth()],
		});
		const send = async (password: string) =>
			(await server.send({ body: PIPEDRIVE_DELIVERY, headers: basic('hook-user', password) })).status;
		expect(await send('first-password')).toBe(200);
		expect(await send('first-password')).toBe(200);
		expect(reads(PIPEDRIVE)).toBe(1);
		expect(await send('guessed-password')).toBe(401);
		expect(reads(PIPEDRIVE)).toBe(2);
		server.harness.credentialsHelper.setData(PIPEDRIVE, { user: 'hook-user', password: 'second-password' });
		expect(await send('second-password')).toBe(200);
		expect(await send('first-password')).toBe(401);
		// A credential emptied of its password: the kept pair ends with the window, then nothing matches.
		server.harness.credentialsHelper.setData(PIPEDRIVE, { user: 'hook-user', password: '' });
		nowMs += CREDENTIAL_REUSE_MS;
		expect(await send('second-password')).toBe(401);
	});
});
