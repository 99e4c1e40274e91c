import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { CrmListenersHubSpotApp } from '../../credentials/CrmListenersHubSpotApp.credentials';
import { HubSpotWebhookTrigger } from '../../nodes/HubSpotWebhookTrigger/HubSpotWebhookTrigger.node';
import { startWebhookServer, testHookContexts, type WebhookServer } from '../helpers/n8n';
import { startSandbox, type Sandbox } from '../sandbox';

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
	const start = Date.now();
	while (!condition()) {
		if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('Execute step on a legacy public app with managed subscriptions', () => {
	let sandbox: Sandbox;
	let server: WebhookServer;
	const methods = new HubSpotWebhookTrigger().webhookMethods.default;

	beforeEach(async () => {
		sandbox = await startSandbox();
	});
	afterEach(async () => {
		await server?.close();
		await sandbox.close();
	});

	async function start(parameters: INodeParameters = {}) {
		const id = sandbox.hubspot.identity;
		server = await startWebhookServer(
			{
				type: new HubSpotWebhookTrigger(),
				typeName: 'hubSpotWebhookTrigger',
				parameters: { appModel: 'legacyPublicApp', events: ['contact.creation'], manageSubscriptions: true, options: {}, ...parameters },
				credentials: {
					crmListenersHubSpotApp: { clientSecret: id.clientSecret, appId: String(id.appId), developerApiKey: id.developerApiKey, apiBaseUrl: sandbox.url },
				},
				credentialTypes: [new CrmListenersHubSpotApp()],
			},
			{ mode: 'manual' },
		);
		const contexts = testHookContexts(server.harness);
		const testUrl = contexts.create.getNodeWebhookUrl('default') ?? '';
		return { ...contexts, testUrl, productionUrl: server.url };
	}

	const hapi = async (path: string, body: IDataObject) => {
		const { appId, developerApiKey } = sandbox.hubspot.identity;
		const response = await fetch(`${sandbox.url}/webhooks/v3/${appId}${path}?hapikey=${developerApiKey}`, {
			method: path === '/settings' ? 'PUT' : 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		return (await response.json()) as IDataObject;
	};

	it('a free app points at the test URL while listening, and is cleared afterwards', async () => {
		const { create, end, testUrl } = await start();
		expect(testUrl).toMatch(/\/webhook-test\//);
		expect(await methods.checkExists.call(create)).toBe(false);
		await methods.create.call(create);
		expect(sandbox.hubspot.settings()?.targetUrl).toBe(testUrl);
		expect(sandbox.hubspot.subscriptions().map((s) => s.eventType)).toEqual(['contact.creation']);
		expect(server.harness.staticData()).not.toHaveProperty('hubspotRegistration');
		await methods.delete.call(end);
		expect(sandbox.hubspot.settings()).toBeNull();
		expect(sandbox.hubspot.subscriptions()).toEqual([]);
	});

	it("refuses to divert this workflow's live deliveries, says what to do, and changes nothing", async () => {
		const { create, end, productionUrl } = await start();
		await hapi('/settings', { targetUrl: productionUrl });
		await hapi('/subscriptions', { eventType: 'contact.creation', active: true });
		const before = { settings: sandbox.hubspot.settings(), subscriptions: sandbox.hubspot.subscriptions() };
		const failure = methods.create.call(create);
		await expect(failure).rejects.toThrow(/sends its webhooks to this workflow's production URL \(the workflow is active\), so Execute step left it alone/);
		await expect(methods.create.call(create)).rejects.toThrow(/"A Test Delivery I Send".*"HubSpot Events, Borrowing the App"/);
		await methods.delete.call(end);
		expect({ settings: sandbox.hubspot.settings(), subscriptions: sandbox.hubspot.subscriptions() }).toEqual(before);
	});

	it("names another owner's URL when the app belongs elsewhere", async () => {
		const { create } = await start();
		await hapi('/settings', { targetUrl: 'https://other.example.com/hook' });
		await expect(methods.create.call(create)).rejects.toThrow(/another URL, https:\/\/other\.example\.com\/hook/);
		expect(sandbox.hubspot.settings()?.targetUrl).toBe('https://other.example.com/hook');
	});

	it('borrowing (explicit choice): real events reach the test, then the production URL and its subscriptions are back', async () => {
		const { create, end, testUrl, productionUrl } = await start({ testDeliveries: 'borrow', events: ['contact.creation', 'deal.creation'] });
		await hapi('/settings', { targetUrl: productionUrl });
		const production = await hapi('/subscriptions', { eventType: 'contact.creation', active: true });
		await methods.create.call(create);
		expect(sandbox.hubspot.settings()?.targetUrl).toBe(testUrl);

		sandbox.hubspot.create('contacts', { email: 'test@example.com' });
		await until(() => server.executions.length > 0);
		await sandbox.settle();
		expect(sandbox.hubspot.deliveries().map((d) => d.targetUrl)).toEqual([testUrl]);
		expect(server.executions[0][0].json).toMatchObject({ eventType: 'CREATED', objectType: 'contact' });

		await methods.delete.call(end);
		expect(sandbox.hubspot.settings()?.targetUrl).toBe(productionUrl);
		expect(sandbox.hubspot.subscriptions().map((s) => s.id)).toEqual([production.id]);
	});

	it('"A Test Delivery I Send" neither reads nor changes HubSpot', async () => {
		const { create, end } = await start({ testDeliveries: 'manual' });
		await hapi('/settings', { targetUrl: 'https://other.example.com/hook' });
		const requestsBefore = sandbox.hubspot.requests().length;
		expect(await methods.checkExists.call(create)).toBe(true);
		await methods.create.call(create);
		await methods.delete.call(end);
		expect(sandbox.hubspot.requests()).toHaveLength(requestsBefore);
		expect(sandbox.hubspot.settings()?.targetUrl).toBe('https://other.example.com/hook');
	});
});
