import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { CrmListenersHubSpotApp } from '../../credentials/CrmListenersHubSpotApp.credentials';
import { CrmListenersPipedriveApiKey } from '../../credentials/CrmListenersPipedriveApiKey.credentials';
import { HubSpotWebhookTrigger } from '../../nodes/HubSpotWebhookTrigger/HubSpotWebhookTrigger.node';
import { PipedriveWebhookTrigger } from '../../nodes/PipedriveWebhookTrigger/PipedriveWebhookTrigger.node';
import { hookContext, startWebhookServer, type WebhookServer } from '../helpers/n8n';
import { startSandbox, type Sandbox } from '../sandbox';

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
	const start = Date.now();
	while (!condition()) {
		if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('HubSpot subscription management against a loopback HubSpot', () => {
	let sandbox: Sandbox;
	let server: WebhookServer;
	const type = new HubSpotWebhookTrigger();
	const methods = type.webhookMethods.default;

	beforeEach(async () => {
		sandbox = await startSandbox();
	});
	afterEach(async () => {
		await server?.close();
		await sandbox.close();
	});

	async function start(parameters: INodeParameters = {}, credentials: IDataObject = {}) {
		const id = sandbox.hubspot.identity;
		server = await startWebhookServer({
			type,
			typeName: 'hubSpotWebhookTrigger',
			parameters: {
				events: ['contact.creation', 'contact.propertyChange', 'deal.deletion'],
				propertyNames: 'email, firstname',
				verification: 'signature',
				manageSubscriptions: true,
				options: {},
				...parameters,
			},
			credentials: {
				crmListenersHubSpotApp: {
					clientSecret: id.clientSecret,
					appId: String(id.appId),
					developerApiKey: id.developerApiKey,
					apiBaseUrl: sandbox.url,
					...credentials,
				},
			},
			credentialTypes: [new CrmListenersHubSpotApp()],
		});
		return hookContext(server.harness);
	}

	const hapi = (path: string, init: RequestInit = {}) =>
		fetch(`${sandbox.url}/webhooks/v3/${sandbox.hubspot.identity.appId}${path}?hapikey=${sandbox.hubspot.identity.developerApiKey}`, {
			...init,
			headers: { 'content-type': 'application/json' },
		});

	it('sets the target URL and creates the subscriptions, then events flow in, then removes exactly that', async () => {
		const ctx = await start();
		expect(await methods.checkExists.call(ctx)).toBe(false);
		expect(await methods.create.call(ctx)).toBe(true);
		expect(sandbox.hubspot.settings()?.targetUrl).toBe(server.url);
		const subs = sandbox.hubspot.subscriptions().map((s) => `${s.eventType}/${s.propertyName ?? ''}`).sort();
		expect(subs).toEqual([
			'contact.creation/',
			'contact.propertyChange/email',
			'contact.propertyChange/firstname',
			'deal.deletion/',
		]);
		expect(await methods.checkExists.call(ctx)).toBe(true);

		// A change in the CRM reaches the workflow as a verified event.
		sandbox.hubspot.create('contacts', { email: 'ada@example.com', firstname: 'Ada' });
		await until(() => server.executions.length > 0);
		await sandbox.settle();
		const events = server.executions.flat().map((item) => item.json);
		expect(events.some((event) => event.eventType === 'CREATED' && event.objectType === 'contact')).toBe(true);
		expect(events.every((event) => (event.verification as IDataObject).verified === true)).toBe(true);

		expect(await methods.delete.call(ctx)).toBe(true);
		expect(sandbox.hubspot.subscriptions()).toEqual([]);
		expect(sandbox.hubspot.settings()).toBeNull();
		expect(server.harness.staticData()).toEqual(expect.not.objectContaining({ hubspotRegistration: expect.anything() }));
	});

	it('subscribes to generic object.* events with their objectTypeId, and only the selected type reaches the workflow', async () => {
		const ctx = await start({ events: ['object.creation.0-3', 'object.propertyChange.0-3'], propertyNames: 'dealstage' });
		await methods.create.call(ctx);
		const subs = sandbox.hubspot.subscriptions().map((s) => `${s.eventType}/${s.objectTypeId ?? ''}/${s.propertyName ?? ''}`).sort();
		expect(subs).toEqual(['object.creation/0-3/', 'object.propertyChange/0-3/dealstage']);
		expect(await methods.checkExists.call(ctx)).toBe(true);

		sandbox.hubspot.create('deals', { dealname: 'Big', dealstage: 'open' });
		await until(() => server.executions.length > 0);
		await sandbox.settle();
		const events = server.executions.flat().map((item) => item.json);
		expect(events.map((event) => `${event.eventType}/${event.objectType}/${event.subscriptionType}`).sort()).toEqual([
			'CREATED/deal/object.creation',
			'UPDATED/deal/object.propertyChange',
		]);
		expect(events[0].dataUri).toBe(`https://app.hubspot.com/contacts/${sandbox.hubspot.identity.portalId}/record/0-3/${events[0].objectId}`);
		await methods.delete.call(ctx);
		expect(sandbox.hubspot.subscriptions()).toEqual([]);
	});

	it('cleans up on deactivation even when an option was broken since activation', async () => {
		const ctx = await start();
		await methods.create.call(ctx);
		server.harness.setParameters({ ...server.harness.node.parameters, options: { traceKeyTemplate: '{{broken' } });
		await methods.delete.call(ctx);
		expect(sandbox.hubspot.subscriptions()).toEqual([]);
		expect(sandbox.hubspot.settings()).toBeNull();
	});

	it('creates nothing twice on re-activation', async () => {
		const ctx = await start();
		await methods.create.call(ctx);
		await methods.create.call(ctx);
		expect(sandbox.hubspot.subscriptions()).toHaveLength(4);
	});

	it('refuses to take over a target URL another workflow owns, and changes nothing', async () => {
		await (await hapi('/settings', { method: 'PUT', body: JSON.stringify({ targetUrl: 'https://other.example.com/webhook/x' }) })).text();
		const ctx = await start();
		expect(await methods.checkExists.call(ctx)).toBe(false);
		await expect(methods.create.call(ctx)).rejects.toThrow(/already sends its webhooks to another URL: https:\/\/other\.example\.com/);
		expect(sandbox.hubspot.settings()?.targetUrl).toBe('https://other.example.com/webhook/x');
		expect(sandbox.hubspot.subscriptions()).toEqual([]);
		// Deactivating this workflow must not touch the other one's settings either.
		await methods.delete.call(ctx);
		expect(sandbox.hubspot.settings()?.targetUrl).toBe('https://other.example.com/webhook/x');
	});

	it('uses but never deletes a subscription it did not create', async () => {
		await (await hapi('/subscriptions', { method: 'POST', body: JSON.stringify({ eventType: 'deal.deletion', active: true }) })).text();
		const ctx = await start();
		await methods.create.call(ctx);
		expect(sandbox.hubspot.subscriptions()).toHaveLength(4);
		await methods.delete.call(ctx);
		expect(sandbox.hubspot.subscriptions().map((s) => s.eventType)).toEqual(['deal.deletion']);
	});

	it('cleans up what it made when creation fails half-way, without leaking the developer key', async () => {
		const ctx = await start();
		sandbox.hubspot.failNext({ method: 'POST', pathPrefix: `/webhooks/v3/${sandbox.hubspot.identity.appId}/subscriptions`, status: 500, count: 100 });
		const failure = methods.create.call(ctx);
		await expect(failure).rejects.toThrow(/HubSpot refused to subscribe/);
		const error = await failure.catch((e: Error) => e);
		expect(JSON.stringify(error)).not.toContain(sandbox.hubspot.identity.developerApiKey);
		expect(String((error as Error).message)).not.toContain(sandbox.hubspot.identity.developerApiKey);
		expect(sandbox.hubspot.settings()?.targetUrl).toBe(server.url);
		await methods.delete.call(ctx);
		expect(sandbox.hubspot.settings()).toBeNull();
	});

	it('reports a rejected developer key without echoing it', async () => {
		const ctx = await start({}, { developerApiKey: 'not-the-key-123' });
		const error = await methods.checkExists.call(ctx).catch((e: Error) => e);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toMatch(/HTTP 401/);
		expect(JSON.stringify(error)).not.toContain('not-the-key-123');
	});

	it('does nothing when subscription management is off', async () => {
		const ctx = await start({ manageSubscriptions: false });
		expect(await methods.checkExists.call(ctx)).toBe(true);
		expect(sandbox.hubspot.requests()).toHaveLength(0);
	});
});

describe('Pipedrive webhook registration against a loopback Pipedrive', () => {
	let sandbox: Sandbox;
	let server: WebhookServer;
	const type = new PipedriveWebhookTrigger();
	const methods = type.webhookMethods.default;

	beforeEach(async () => {
		sandbox = await startSandbox();
	});
	afterEach(async () => {
		await server?.close();
		await sandbox.close();
	});

	async function start(parameters: INodeParameters = {}) {
		server = await startWebhookServer({
			type,
			typeName: 'pipedriveWebhookTrigger',
			parameters: { setup: 'register', apiAuthentication: 'apiKey', entity: 'deal', action: '*', webhookVersion: '2.0', options: {}, ...parameters },
			credentials: {
				crmListenersPipedriveApiKey: { apiToken: sandbox.pipedrive.identity.apiTokens[0], apiBaseUrl: sandbox.url },
			},
			credentialTypes: [new CrmListenersPipedriveApiKey()],
		});
		return hookContext(server.harness);
	}

	it('registers v2 with generated Basic auth, accepts its deliveries, rejects forged ones, and deletes only its own', async () => {
		const ctx = await start();
		expect(await methods.checkExists.call(ctx)).toBe(false);
		await methods.create.call(ctx);
		const [hook] = sandbox.pipedrive.webhooks();
		expect(hook).toMatchObject({ subscription_url: server.url, event_action: '*', event_object: 'deal', version: '2.0' });
		expect(hook.http_auth_user).toMatch(/^n8n-[0-9a-f]{12}$/);
		expect(hook.http_auth_password!.length).toBeGreaterThanOrEqual(40);
		// The password is derived, never stored with the workflow.
		expect(JSON.stringify(server.harness.staticData())).not.toContain(hook.http_auth_password);
		expect(await methods.checkExists.call(ctx)).toBe(true);

		// No duplicate on re-activation.
		await methods.create.call(ctx);
		expect(sandbox.pipedrive.webhooks()).toHaveLength(1);

		const deal = sandbox.pipedrive.create('deals', { title: 'Big deal', value: 1000 });
		await until(() => server.executions.length > 0);
		expect(server.executions[0][0].json).toMatchObject({ eventType: 'CREATED', objectType: 'deal', objectId: String(deal.id) });

		const forged = await sandbox.pipedrive.deliver(hook.id, { meta: { action: 'change' } }, { auth: { user: hook.http_auth_user!, password: 'guess' } });
		expect(forged.attempts[0].status).toBe(401);
		const anonymous = await sandbox.pipedrive.deliver(hook.id, { meta: { action: 'change' } }, { auth: null });
		expect(anonymous.attempts[0].status).toBe(401);
		await sandbox.settle();
		expect(server.executions).toHaveLength(1);

		// Someone else's webhook on another URL survives our deactivation.
		await fetch(`${sandbox.url}/v1/webhooks`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-api-token': sandbox.pipedrive.identity.apiTokens[0] },
			body: JSON.stringify({ subscription_url: 'https://other.example.com/hook', event_action: '*', event_object: 'deal', version: '2.0' }),
		});
		await methods.delete.call(ctx);
		expect(sandbox.pipedrive.webhooks().map((w) => w.subscription_url)).toEqual(['https://other.example.com/hook']);
	});

	it('names the webhook as configured', async () => {
		const ctx = await start({ webhookName: 'n8n: big deals' });
		await methods.create.call(ctx);
		expect(sandbox.pipedrive.webhooks()[0].name).toBe('n8n: big deals');
	});

	it('registers v1 with v1 action words when asked', async () => {
		const ctx = await start({ webhookVersion: '1.0', action: 'create' });
		await methods.create.call(ctx);
		expect(sandbox.pipedrive.webhooks()[0]).toMatchObject({ event_action: 'added', version: '1.0' });
		sandbox.pipedrive.create('deals', { title: 'v1 deal' });
		await until(() => server.executions.length > 0);
		expect(server.executions[0][0].json).toMatchObject({ eventType: 'CREATED', version: 1 });
	});

	it('replaces its own webhook when the settings change', async () => {
		const ctx = await start();
		await methods.create.call(ctx);
		server.harness.setParameters({ ...server.harness.node.parameters, action: 'delete' });
		expect(await methods.checkExists.call(ctx)).toBe(false);
		await methods.create.call(ctx);
		expect(sandbox.pipedrive.webhooks().map((w) => w.event_action)).toEqual(['delete']);
	});

	it('refuses to adopt a webhook for its URL that it did not create', async () => {
		const ctx = await start();
		await fetch(`${sandbox.url}/v1/webhooks`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-api-token': sandbox.pipedrive.identity.apiTokens[0] },
			body: JSON.stringify({ subscription_url: server.url, event_action: '*', event_object: 'deal', version: '2.0' }),
		});
		await expect(methods.create.call(ctx)).rejects.toThrow(/which this node did not create/);
		expect(sandbox.pipedrive.webhooks()).toHaveLength(1);
	});
});
