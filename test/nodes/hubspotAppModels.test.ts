import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { CrmListenersHubSpotApp } from '../../credentials/CrmListenersHubSpotApp.credentials';
import { HubSpotWebhookTrigger } from '../../nodes/HubSpotWebhookTrigger/HubSpotWebhookTrigger.node';
import { appDeliveryHeaders } from '../helpers/hubspotSigner';
import { hookContext, startWebhookServer, type WebhookServer } from '../helpers/n8n';
import { startSandbox, type Sandbox } from '../sandbox';

const run = promisify(execFile);
const SECRET = 'proj-secret-0000-1111-2222-333344445555';

describe('HubSpot Webhook Trigger app models', () => {
	let server: WebhookServer;
	let sandbox: Sandbox | undefined;

	afterEach(async () => {
		await server?.close();
		await sandbox?.close();
		sandbox = undefined;
	});

	async function start(parameters: INodeParameters, mode: 'manual' | 'webhook' = 'manual', credentials: IDataObject = {}) {
		server = await startWebhookServer(
			{
				type: new HubSpotWebhookTrigger(),
				typeName: 'hubSpotWebhookTrigger',
				parameters: { appModel: 'configuredInHubSpot', events: [], verification: 'signature', options: {}, ...parameters },
				credentials: { crmListenersHubSpotApp: { clientSecret: SECRET, ...credentials } },
				credentialTypes: [new CrmListenersHubSpotApp()],
			},
			{ mode },
		);
		const testPath = new URL(server.url).pathname.replace('/webhook/', '/webhook-test/');
		return { productionUrl: server.url, testPath, testUrl: new URL(testPath, server.url).toString() };
	}

	describe('project app, private app or workflow action', () => {
		const events = ['object.creation.0-3', 'contact.propertyChange', 'contact.privacyDeletion'];

		it('Execute step + opening the test URL shows the webhooks file with the production URL, as text and as output', async () => {
			const { productionUrl, testPath, testUrl } = await start({ events, propertyNames: 'email' });
			const reply = await server.send({ method: 'GET', path: testPath, body: '' });
			expect(reply.status).toBe(200);
			expect(reply.headers['content-type']).toMatch(/^text\/plain/);
			expect(reply.body).toContain('hs project upload');
			expect(reply.items).toHaveLength(1);
			const guide = reply.items![0].json as { hsmeta: IDataObject; hsmetaText: string; testUrl: string; productionUrl: string };
			expect(guide.productionUrl).toBe(productionUrl);
			expect(guide.testUrl).toBe(testUrl);
			expect(JSON.parse(guide.hsmetaText)).toEqual({
				uid: 'webhooks',
				type: 'webhooks',
				config: {
					settings: { targetUrl: productionUrl, maxConcurrentRequests: 10 },
					subscriptions: {
						crmObjects: [{ subscriptionType: 'object.creation', objectType: 'deal', active: true }],
						legacyCrmObjects: [{ subscriptionType: 'contact.propertyChange', propertyName: 'email', active: true }],
						hubEvents: [{ subscriptionType: 'contact.privacyDeletion', active: true }],
					},
				},
			});
			expect(reply.body).toContain(guide.hsmetaText.trimEnd());
			expect(JSON.stringify(reply.items)).not.toContain(SECRET);
		});

		it('the Public URL option is the target URL when set', async () => {
			const { testPath } = await start({ events, propertyNames: 'email', options: { publicUrl: 'https://n8n.example.com/webhook/x/webhook' } });
			const reply = await server.send({ method: 'GET', path: testPath, body: '' });
			expect((reply.items![0].json.hsmeta as { config: { settings: IDataObject } }).config.settings.targetUrl).toBe(
				'https://n8n.example.com/webhook/x/webhook',
			);
		});

		it('says what to change when the file cannot be written', async () => {
			const { testPath } = await start({ events: ['object.propertyChange.0-1'] });
			const reply = await server.send({ method: 'GET', path: testPath, body: '' });
			expect(reply.status).toBe(422);
			expect(reply.body).toMatch(/Properties to Watch/);
			expect(reply.items![0].json).toMatchObject({ setup: 'not possible' });
		});

		it('a GET on the production URL shows nothing and starts nothing', async () => {
			await start({ events }, 'webhook');
			const reply = await server.send({ method: 'GET', body: '' });
			expect(reply.status).toBe(404);
			expect(server.executions).toHaveLength(0);
		});

		it('the printed test command delivers a correctly signed event to the test URL, a new one each run', async () => {
			const { testPath } = await start({ events: ['object.creation.0-3'] });
			const setup = await server.send({ method: 'GET', path: testPath, body: '' });
			const lines = (setup.items![0].json.testCommand as string[]).map((line) => line.replace('<your client secret>', SECRET));
			for (let round = 0; round < 2; round += 1) {
				const { stdout } = await run('bash', ['-c', `${lines.join('\n')}\nsleep 0.01`]);
				expect(JSON.parse(stdout)).toMatchObject({ received: 1, emitted: 1 });
			}
			const items = server.executions.slice(1).map((items) => items[0].json);
			expect(items).toEqual([
				expect.objectContaining({ eventType: 'CREATED', objectType: 'deal', verification: { verified: true, version: 'v3' } }),
				expect.objectContaining({ eventType: 'CREATED', objectType: 'deal', verification: { verified: true, version: 'v3' } }),
			]);
			expect(items[0].traceKey).not.toBe(items[1].traceKey);
		});

		it('with the wrong secret the test command is refused (401, nothing emitted)', async () => {
			const { testPath } = await start({ events: ['contact.creation'] });
			const setup = await server.send({ method: 'GET', path: testPath, body: '' });
			const lines = (setup.items![0].json.testCommand as string[]).map((line) => line.replace('<your client secret>', 'wrong'));
			const { stdout } = await run('bash', ['-c', lines.join('\n')]);
			expect(JSON.parse(stdout)).toMatchObject({ reason: 'bad-signature' });
			expect(server.executions).toHaveLength(1);
		});

		it('accepts deliveries signed as project apps sign them (v3 + v1) on the production URL', async () => {
			await start({ events: ['object.creation.0-3'] }, 'webhook');
			const body = JSON.stringify([{ eventId: 1, subscriptionId: 2, portalId: 3, appId: 4, occurredAt: Date.now(), subscriptionType: 'object.creation', objectTypeId: '0-3', objectId: 5 }]);
			const reply = await server.send({ body, headers: appDeliveryHeaders(SECRET, server.url, body) });
			expect(reply.status).toBe(200);
			expect(reply.items![0].json).toMatchObject({ objectType: 'deal', dataUri: 'https://app.hubspot.com/contacts/3/record/0-3/5' });
		});

		it('never calls HubSpot on activation, even with a developer key in the credential', async () => {
			sandbox = await startSandbox();
			const id = sandbox.hubspot.identity;
			await start({ events: ['contact.creation'] }, 'webhook', {
				appId: String(id.appId),
				developerApiKey: id.developerApiKey,
				apiBaseUrl: sandbox.url,
			});
			const type = new HubSpotWebhookTrigger();
			const ctx = hookContext(server.harness);
			expect(await type.webhookMethods.default.checkExists.call(ctx)).toBe(true);
			expect(await type.webhookMethods.default.create.call(ctx)).toBe(true);
			await type.webhookMethods.default.delete.call(ctx);
			expect(sandbox.hubspot.requests()).toEqual([]);
			expect(sandbox.hubspot.settings()).toBeNull();
		});
	});

	describe('legacy public app', () => {
		it('opening the test URL says there is nothing to paste and gives the signed test command', async () => {
			const { testPath, testUrl } = await start({ appModel: 'legacyPublicApp' });
			const reply = await server.send({ method: 'GET', path: testPath, body: '' });
			expect(reply.status).toBe(200);
			expect(reply.body).toMatch(/manages the legacy public app itself/);
			expect(reply.items![0].json).toMatchObject({ setup: 'legacy public app', testUrl });
			expect(reply.body).toContain(`URL='${testUrl}'`);
		});
	});
});
