/**
 * Secrets never leave: HubSpot client secrets (current and previous), developer API keys, HubSpot access tokens,
 * Pipedrive API tokens, the Basic-auth passwords the Pipedrive trigger generates and hand-made ones. A
 * representative set of flows runs against the sandbox CRM (accepted and forged deliveries, registration that
 * works and registration that fails, polls that work and polls that fail) while everything the package puts out
 * is captured: HTTP answers (status, headers, body), emitted items, thrown errors (JSON, message, stack,
 * description, util.inspect), static data, console output and n8n's logger. Every capture is then scanned for
 * every secret, raw and in the encodings it travels in (URL-encoded, base64, the Basic header of a pair).
 */
import { inspect } from 'node:util';
import { LoggerProxy, type ICredentialDataDecryptedObject, type IDataObject, type INodeParameters } from 'n8n-workflow';

import { CrmListenersHubSpotApiKey } from '../../credentials/CrmListenersHubSpotApiKey.credentials';
import { CrmListenersHubSpotApp } from '../../credentials/CrmListenersHubSpotApp.credentials';
import { CrmListenersPipedriveApiKey } from '../../credentials/CrmListenersPipedriveApiKey.credentials';
import { CrmListenersPipedriveBasicAuth } from '../../credentials/CrmListenersPipedriveBasicAuth.credentials';
import { EventPollerTrigger } from '../../nodes/EventPollerTrigger/EventPollerTrigger.node';
import { HubSpotWebhookTrigger } from '../../nodes/HubSpotWebhookTrigger/HubSpotWebhookTrigger.node';
import { PipedriveWebhookTrigger } from '../../nodes/PipedriveWebhookTrigger/PipedriveWebhookTrigger.node';
import { hookContext, makeHarness, pollContext, type Harness } from '../helpers/n8n';
import { startSandbox, type Sandbox } from '../sandbox';
import { sendRaw } from './helpers/rawHttp';
import { signedHeaders } from './helpers/signBytes';
import { startHostileServer, type HostileServer } from './helpers/webhookServer';

const PREVIOUS_CLIENT_SECRET = 'previous-hubspot-secret-7d1f0c2a9b';
const WRONG_DEVELOPER_KEY = 'wrong-developer-key-5c3e8a1f';
const WRONG_ACCESS_TOKEN = 'wrong-hubspot-token-0a9b8c7d';
const WRONG_PIPEDRIVE_TOKEN = 'wrong-pipedrive-token-3e4f5a6b';
const MANUAL_PAIR = { user: 'hand-made-hook', password: 'hand-made-password-9f8e7d6c5b4a' };
const CLOSED_PORT_URL = 'http://127.0.0.1:9';

interface Captured {
	flow: string;
	where: string;
	text: string;
}

const captured: Captured[] = [];
const logged: Captured[] = [];
let flow = '';

function textOf(value: unknown): string {
	if (typeof value === 'string') return value;
	let json = '';
	try {
		json = JSON.stringify(value) ?? '';
	} catch {
		json = '';
	}
	return `${json}\n${inspect(value, { depth: 12, showHidden: true, getters: true })}`;
}

function capture(where: string, value: unknown): void {
	captured.push({ flow, where, text: textOf(value) });
}

function captureError(where: string, error: unknown): void {
	capture(`${where} (thrown)`, error);
	if (error instanceof Error) {
		capture(`${where} (message)`, error.message);
		capture(`${where} (stack)`, error.stack ?? '');
		capture(`${where} (description)`, (error as { description?: unknown }).description ?? '');
		capture(`${where} (cause)`, (error as { cause?: unknown }).cause ?? '');
	}
}

/** Runs `work`, capturing its result or what it threw; returns the error (if any) for further checks. */
async function attempt(where: string, work: () => Promise<unknown>): Promise<unknown> {
	try {
		capture(where, await work());
		return undefined;
	} catch (error) {
		captureError(where, error);
		return error;
	}
}

function captureHarness(where: string, harness: Harness): void {
	capture(`${where} static data`, harness.workflow.staticData);
}

function captureServer(where: string, server: HostileServer): void {
	capture(`${where} items`, server.executions);
	captureHarness(where, server.harness);
}

/** Each secret as it may travel: raw, URL-encoded, base64; pairs also as their Basic header token. */
function secretForms(secrets: Record<string, string>, pairs: Array<{ user: string; password: string }>): Array<[string, string]> {
	const forms: Array<[string, string]> = [];
	for (const [name, secret] of Object.entries(secrets)) {
		forms.push([name, secret], [`${name} (URL-encoded)`, encodeURIComponent(secret)], [`${name} (base64)`, Buffer.from(secret).toString('base64')]);
	}
	for (const pair of pairs) forms.push([`Basic pair of ${pair.user}`, Buffer.from(`${pair.user}:${pair.password}`).toString('base64')]);
	return forms.filter(([, form]) => form.length >= 8);
}

function leaks(entries: Captured[], forms: Array<[string, string]>): string[] {
	const found: string[] = [];
	for (const entry of entries) {
		for (const [name, form] of forms) if (entry.text.includes(form)) found.push(`${name} in ${entry.flow}: ${entry.where}`);
	}
	return [...new Set(found)];
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
	const start = Date.now();
	while (!condition()) {
		if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('secrets never appear in anything the package puts out', () => {
	let sandbox: Sandbox;
	const servers: HostileServer[] = [];
	const generatedPasswords: Array<{ user: string; password: string }> = [];
	const consoleSpies: jest.SpyInstance[] = [];

	const secrets = (): Record<string, string> => ({
		'HubSpot client secret': sandbox.hubspot.identity.clientSecret,
		'HubSpot previous client secret': PREVIOUS_CLIENT_SECRET,
		'HubSpot developer API key': sandbox.hubspot.identity.developerApiKey,
		'wrong HubSpot developer key': WRONG_DEVELOPER_KEY,
		'HubSpot access token': sandbox.hubspot.identity.accessTokens[0],
		'wrong HubSpot access token': WRONG_ACCESS_TOKEN,
		'Pipedrive API token': sandbox.pipedrive.identity.apiTokens[0],
		'wrong Pipedrive API token': WRONG_PIPEDRIVE_TOKEN,
		'hand-made Basic password': MANUAL_PAIR.password,
		...Object.fromEntries(generatedPasswords.map((pair, index) => [`generated Basic password #${index + 1}`, pair.password])),
	});
	const forms = () => secretForms(secrets(), [MANUAL_PAIR, ...generatedPasswords]);

	beforeAll(async () => {
		sandbox = await startSandbox({ hubspot: { searchRateLimitPerSecond: 0, retryDelaysMs: [20], deliveryTimeoutMs: 2_000 } });
		for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
			consoleSpies.push(
				jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
					logged.push({ flow, where: `console.${method}`, text: args.map(textOf).join(' ') });
				}),
			);
		}
		const log = (level: string) => (message: string, metadata?: unknown) => logged.push({ flow, where: `n8n logger ${level}`, text: `${message} ${textOf(metadata ?? '')}` });
		LoggerProxy.init({ error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug') });
	});

	afterAll(async () => {
		for (const spy of consoleSpies) spy.mockRestore();
		await Promise.all(servers.map((server) => server.close()));
		await sandbox?.close();
	});

	async function hubspotServer(credentials: IDataObject = {}, parameters: INodeParameters = {}): Promise<HostileServer> {
		const id = sandbox.hubspot.identity;
		const server = await startHostileServer({
			type: new HubSpotWebhookTrigger(),
			typeName: 'hubSpotWebhookTrigger',
			parameters: { events: ['contact.creation', 'contact.propertyChange'], propertyNames: 'email', verification: 'signature', manageSubscriptions: true, options: {}, ...parameters },
			credentials: {
				crmListenersHubSpotApp: {
					clientSecret: id.clientSecret,
					previousClientSecret: PREVIOUS_CLIENT_SECRET,
					appId: String(id.appId),
					developerApiKey: id.developerApiKey,
					apiBaseUrl: sandbox.url,
					...credentials,
				},
			},
			credentialTypes: [new CrmListenersHubSpotApp()],
		});
		servers.push(server);
		return server;
	}

	async function pipedriveServer(parameters: INodeParameters, credentials: Record<string, ICredentialDataDecryptedObject>): Promise<HostileServer> {
		const server = await startHostileServer({
			type: new PipedriveWebhookTrigger(),
			typeName: 'pipedriveWebhookTrigger',
			parameters: { entity: 'deal', action: '*', webhookVersion: '2.0', options: {}, ...parameters },
			credentials,
			credentialTypes: [new CrmListenersPipedriveApiKey(), new CrmListenersPipedriveBasicAuth()],
		});
		servers.push(server);
		return server;
	}

	function captureDeliveries(where: string): void {
		for (const delivery of sandbox.deliveries()) {
			for (const attempt of delivery.attempts) capture(`${where}: answer to delivery ${delivery.id} (${attempt.status})`, attempt.responseBody);
		}
	}

	async function send(server: HostileServer, where: string, headers: Array<[string, string]>, body: string): Promise<void> {
		const reply = await sendRaw(server.base, { method: 'POST', path: new URL(server.url).pathname, headers: [['Content-Type', 'application/json'], ...headers], body: Buffer.from(body) });
		capture(`${where}: answer ${reply.status}`, { status: reply.status, headers: reply.headers, body: reply.body });
	}

	it('HubSpot: registration, signed deliveries (current and previous secret), forged and malformed ones, deregistration', async () => {
		flow = 'HubSpot accepted/rejected';
		sandbox.reset();
		const server = await hubspotServer();
		const ctx = hookContext(server.harness);
		const methods = new HubSpotWebhookTrigger().webhookMethods.default;
		await attempt('checkExists before', () => methods.checkExists.call(ctx));
		await attempt('create', () => methods.create.call(ctx));
		await attempt('checkExists after', () => methods.checkExists.call(ctx));
		captureHarness('after registration', server.harness);

		sandbox.hubspot.create('contacts', { email: 'ada@example.com' });
		await until(() => server.executions.length > 0);
		await sandbox.hubspot.deliver([{ subscriptionType: 'contact.creation', objectId: 77 }], { clientSecret: 'forged-secret' });
		await sandbox.hubspot.deliver([{ subscriptionType: 'contact.creation', objectId: 78 }], { timestampMs: Date.now() - 3_600_000 });
		await sandbox.settle();
		captureDeliveries('sandbox deliveries');

		const url = server.url;
		const body = JSON.stringify([{ subscriptionType: 'contact.creation', objectId: 79, eventId: 1, occurredAt: Date.now() }]);
		await send(server, 'signed with the previous secret', signedHeaders(PREVIOUS_CLIENT_SECRET, url, Buffer.from(body)), body);
		await send(server, 'signed, not JSON', signedHeaders(sandbox.hubspot.identity.clientSecret, url, Buffer.from('{"x":')), '{"x":');
		await send(server, 'unsigned', [], body);
		await send(server, 'signature with the secret itself', [['X-HubSpot-Signature', sandbox.hubspot.identity.clientSecret], ['X-HubSpot-Signature-Version', 'v1']], body);
		await attempt('delete', () => methods.delete.call(ctx));
		captureServer('HubSpot trigger', server);
		expect(server.executions.length).toBeGreaterThanOrEqual(2);
		expect(leaks(captured.filter((entry) => entry.flow === flow), forms())).toEqual([]);
	});

	it('HubSpot: registration failures (provider error, rejected key, unreachable API, URL owned elsewhere)', async () => {
		flow = 'HubSpot registration failures';
		sandbox.reset();
		const methods = new HubSpotWebhookTrigger().webhookMethods.default;
		const appId = sandbox.hubspot.identity.appId;

		const failing = await hubspotServer();
		sandbox.hubspot.failNext({ method: 'POST', pathPrefix: `/webhooks/v3/${appId}/subscriptions`, status: 500, count: 10 });
		expect(await attempt('create with subscriptions failing', () => methods.create.call(hookContext(failing.harness)))).toBeInstanceOf(Error);
		await attempt('delete after a half-way failure', () => methods.delete.call(hookContext(failing.harness)));
		captureServer('half-way failure', failing);

		const wrongKey = await hubspotServer({ developerApiKey: WRONG_DEVELOPER_KEY });
		expect(await attempt('checkExists with a rejected key', () => methods.checkExists.call(hookContext(wrongKey.harness)))).toBeInstanceOf(Error);
		expect(await attempt('create with a rejected key', () => methods.create.call(hookContext(wrongKey.harness)))).toBeInstanceOf(Error);

		const unreachable = await hubspotServer({ apiBaseUrl: CLOSED_PORT_URL });
		expect(await attempt('checkExists, API unreachable', () => methods.checkExists.call(hookContext(unreachable.harness)))).toBeInstanceOf(Error);

		await fetch(`${sandbox.url}/webhooks/v3/${appId}/settings?hapikey=${sandbox.hubspot.identity.developerApiKey}`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ targetUrl: 'https://other.example.com/hook' }),
		}).then((response) => response.text());
		const taken = await hubspotServer();
		expect(await attempt('create, URL owned elsewhere', () => methods.create.call(hookContext(taken.harness)))).toBeInstanceOf(Error);
		expect(leaks(captured.filter((entry) => entry.flow === flow), forms())).toEqual([]);
	});

	it('HubSpot: an error page that echoes the request URL does not leak the developer key', async () => {
		flow = 'HubSpot gateway error page';
		sandbox.reset();
		const server = await hubspotServer();
		const { appId, developerApiKey } = sandbox.hubspot.identity;
		sandbox.hubspot.failNext({
			method: 'GET',
			pathPrefix: `/webhooks/v3/${appId}/settings`,
			status: 502,
			count: 1,
			body: `<html><body><h1>502 Bad Gateway</h1>upstream failed: GET /webhooks/v3/${appId}/settings?hapikey=${developerApiKey}</body></html>`,
		});
		const methods = new HubSpotWebhookTrigger().webhookMethods.default;
		expect(await attempt('checkExists behind a failing gateway', () => methods.checkExists.call(hookContext(server.harness)))).toBeInstanceOf(Error);
		expect(leaks(captured.filter((entry) => entry.flow === flow), forms())).toEqual([]);
	});

	/*
	 * Pattern masking (`hapikey=…`) alone misses a key echoed in another form. Here a sign-in page (what a wrong
	 * API Base URL often reaches) echoes the requested URL URL-encoded: `hapikey%3D<key>`. The nodes also mask
	 * the credential's own secret values (raw, URL-encoded, base64) in every provider message.
	 */
	it('HubSpot: a URL-encoded echo of the developer key does not leak', async () => {
		flow = 'HubSpot URL-encoded echo';
		sandbox.reset();
		const server = await hubspotServer();
		const { appId, developerApiKey } = sandbox.hubspot.identity;
		sandbox.hubspot.failNext({
			method: 'GET',
			pathPrefix: `/webhooks/v3/${appId}/settings`,
			status: 401,
			count: 1,
			body: `Sign in first: /login?next=${encodeURIComponent(`/webhooks/v3/${appId}/settings?hapikey=${developerApiKey}`)}`,
		});
		const methods = new HubSpotWebhookTrigger().webhookMethods.default;
		expect(await attempt('checkExists against a sign-in page', () => methods.checkExists.call(hookContext(server.harness)))).toBeInstanceOf(Error);
		expect(leaks(captured.filter((entry) => entry.flow === flow), forms())).toEqual([]);
	});

	it('Pipedrive: registration with a generated Basic password, its deliveries, forged ones, deregistration', async () => {
		flow = 'Pipedrive registered';
		sandbox.reset();
		const server = await pipedriveServer(
			{ setup: 'register', apiAuthentication: 'apiKey' },
			{ crmListenersPipedriveApiKey: { apiToken: sandbox.pipedrive.identity.apiTokens[0], apiBaseUrl: sandbox.url } },
		);
		const methods = new PipedriveWebhookTrigger().webhookMethods.default;
		const ctx = hookContext(server.harness);
		await attempt('checkExists before', () => methods.checkExists.call(ctx));
		await attempt('create', () => methods.create.call(ctx));
		await attempt('checkExists after', () => methods.checkExists.call(ctx));
		const [hook] = sandbox.pipedrive.webhooks();
		expect(hook.http_auth_password).toBeTruthy();
		generatedPasswords.push({ user: hook.http_auth_user ?? '', password: hook.http_auth_password ?? '' });
		captureHarness('after registration', server.harness);

		sandbox.pipedrive.create('deals', { title: 'Secret deal' });
		await until(() => server.executions.length > 0);
		await sandbox.pipedrive.deliver(hook.id, { meta: { action: 'change', entity: 'deal', version: '2.0' }, data: {} }, { auth: { user: hook.http_auth_user ?? '', password: 'guess' } });
		await sandbox.pipedrive.deliver(hook.id, { meta: { action: 'change', entity: 'deal', version: '2.0' }, data: {} }, { auth: null });
		await sandbox.pipedrive.deliver(hook.id, '{"meta":', {});
		await sandbox.settle();
		captureDeliveries('sandbox deliveries');
		await attempt('delete', () => methods.delete.call(ctx));
		captureServer('Pipedrive trigger', server);
		expect(leaks(captured.filter((entry) => entry.flow === flow), forms())).toEqual([]);
	});

	it('Pipedrive: registration failures (provider error, rejected token, unreachable API) and a hand-made pair', async () => {
		flow = 'Pipedrive failures and hand-made pair';
		sandbox.reset();
		const methods = new PipedriveWebhookTrigger().webhookMethods.default;
		const register = (apiToken: string, apiBaseUrl = sandbox.url) =>
			pipedriveServer({ setup: 'register', apiAuthentication: 'apiKey' }, { crmListenersPipedriveApiKey: { apiToken, apiBaseUrl } });

		const failing = await register(sandbox.pipedrive.identity.apiTokens[0]);
		sandbox.pipedrive.failNext({ method: 'POST', pathPrefix: '/v1/webhooks', status: 500, count: 1 });
		expect(await attempt('create, provider error', () => methods.create.call(hookContext(failing.harness)))).toBeInstanceOf(Error);
		captureServer('provider error', failing);
		const wrongToken = await register(WRONG_PIPEDRIVE_TOKEN);
		expect(await attempt('create, rejected token', () => methods.create.call(hookContext(wrongToken.harness)))).toBeInstanceOf(Error);
		const unreachable = await register(sandbox.pipedrive.identity.apiTokens[0], CLOSED_PORT_URL);
		expect(await attempt('create, API unreachable', () => methods.create.call(hookContext(unreachable.harness)))).toBeInstanceOf(Error);

		const manual = await pipedriveServer({ setup: 'manual', incomingAuth: 'basicAuth', entity: '*' }, { crmListenersPipedriveBasicAuth: MANUAL_PAIR });
		const body = JSON.stringify({ meta: { action: 'change', entity: 'deal', version: '2.0', id: 'evt-1', entity_id: '8' }, data: { id: 8 }, previous: {} });
		const basic = (password: string) => `Basic ${Buffer.from(`${MANUAL_PAIR.user}:${password}`).toString('base64')}`;
		await send(manual, 'right pair', [['Authorization', basic(MANUAL_PAIR.password)]], body);
		await send(manual, 'password with one more character', [['Authorization', basic(`${MANUAL_PAIR.password}x`)]], body);
		await send(manual, 'the password as a bearer token', [['Authorization', `Bearer ${MANUAL_PAIR.password}`]], body);
		await send(manual, 'right pair, malformed body', [['Authorization', basic(MANUAL_PAIR.password)]], '{"meta":');
		captureServer('hand-made pair', manual);
		expect(manual.executions).toHaveLength(1);
		expect(leaks(captured.filter((entry) => entry.flow === flow), forms())).toEqual([]);
	});

	it('Event Poller: a poll that works, and polls that fail (403, rejected token, 5xx past the budget, unreachable API)', async () => {
		flow = 'poller';
		sandbox.reset();
		const type = new EventPollerTrigger();
		const poller = (accessToken: string, apiBaseUrl = sandbox.url, source: 'hubspot' | 'pipedrive' = 'hubspot', apiToken = sandbox.pipedrive.identity.apiTokens[0]) =>
			makeHarness({
				type,
				typeName: 'eventPollerTrigger',
				parameters: { source, authentication: 'apiKey', configurationMode: 'preset', hubspotObjects: ['contacts'], pipedriveObjects: ['deals'], startDate: '', options: { includeDeleted: false } },
				credentials: {
					crmListenersHubSpotApiKey: { accessToken, apiBaseUrl },
					crmListenersPipedriveApiKey: { apiToken, apiBaseUrl },
				},
				credentialTypes: [new CrmListenersHubSpotApiKey(), new CrmListenersPipedriveApiKey()],
			});
		const poll = (h: Harness, where: string, mode: 'trigger' | 'manual' = 'trigger', budgetMs = 60_000) =>
			attempt(where, () => (type.poll as NonNullable<typeof type.poll>).call(pollContext(h, mode, budgetMs)));

		const working = poller(sandbox.hubspot.identity.accessTokens[0]);
		await poll(working, 'first poll');
		await new Promise((resolve) => setTimeout(resolve, 5));
		sandbox.hubspot.create('contacts', { email: 'poll@example.com' }, { emit: false });
		await new Promise((resolve) => setTimeout(resolve, 5));
		await poll(working, 'poll with a new contact');
		await poll(working, 'fetch test event', 'manual');
		sandbox.hubspot.failNext({ pathPrefix: '/crm/v3/objects/contacts/search', status: 403, count: 1, body: { status: 'error', message: 'This app lacks the crm.objects.contacts.read scope' } });
		expect(await poll(working, 'poll answered 403')).toBeInstanceOf(Error);
		sandbox.hubspot.failNext({ pathPrefix: '/crm/v3/objects/contacts/search', status: 503, count: 20 });
		expect(await poll(working, 'poll answered 503 past its budget', 'trigger', 3_000)).toBeInstanceOf(Error);
		captureHarness('working poller', working);
		sandbox.reset();

		expect(await poll(poller(WRONG_ACCESS_TOKEN), 'poll with a rejected token')).toBeInstanceOf(Error);
		expect(await poll(poller(sandbox.hubspot.identity.accessTokens[0], CLOSED_PORT_URL), 'poll, API unreachable')).toBeInstanceOf(Error);
		const pipedrive = poller('', sandbox.url, 'pipedrive', WRONG_PIPEDRIVE_TOKEN);
		expect(await poll(pipedrive, 'Pipedrive poll with a rejected token')).toBeInstanceOf(Error);
		captureHarness('Pipedrive poller', pipedrive);
		expect(leaks(captured.filter((entry) => entry.flow === flow), forms())).toEqual([]);
	});

	it('console output and n8n\'s logger, over all flows above, carry no secret', () => {
		expect(captured.length).toBeGreaterThan(50);
		expect(leaks(logged, forms())).toEqual([]);
	});
});
