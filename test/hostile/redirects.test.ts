/**
 * No credential follows a redirect to another origin. A provider (or whatever answers for the credential's base
 * URL) answers 302 or 307 pointing at a second loopback port, echoing the path and query it was asked for; that
 * port must never see the HubSpot Bearer token, the Pipedrive API token, the HubSpot developer key or a generated
 * Pipedrive webhook password, whichever node makes the call (poller, HubSpot and Pipedrive registration), and
 * the user gets an error that says what happened. Redirects within the API's own origin still work.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { CrmListenersHubSpotApiKey } from '../../credentials/CrmListenersHubSpotApiKey.credentials';
import { CrmListenersHubSpotApp } from '../../credentials/CrmListenersHubSpotApp.credentials';
import { CrmListenersHubSpotOAuth2Api } from '../../credentials/CrmListenersHubSpotOAuth2Api.credentials';
import { CrmListenersPipedriveApiKey } from '../../credentials/CrmListenersPipedriveApiKey.credentials';
import { EventPollerTrigger } from '../../nodes/EventPollerTrigger/EventPollerTrigger.node';
import { HubSpotWebhookTrigger } from '../../nodes/HubSpotWebhookTrigger/HubSpotWebhookTrigger.node';
import { PipedriveWebhookTrigger } from '../../nodes/PipedriveWebhookTrigger/PipedriveWebhookTrigger.node';
import { hookContext, makeHarness, pollContext } from '../helpers/n8n';
import { everythingSeen, json, startLoopbackApi, type Handler, type LoopbackApi } from './helpers/loopbackApi';

const HUBSPOT_TOKEN = 'pat-na1-redirect-test-token-0f1e2d3c';
const PIPEDRIVE_TOKEN = 'pipedrive-redirect-test-token-9a8b7c6d';
const DEVELOPER_KEY = 'developer-key-redirect-test-4b5c6d7e';

/** The forms a secret travels in: as is, URL-encoded, base64. */
function forms(secret: string): string[] {
	return [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')];
}

let api: LoopbackApi;
let foreign: LoopbackApi;

beforeEach(async () => {
	foreign = await startLoopbackApi((_request, res) => json(res, 200, { results: [], data: [], paging: {} }));
	api = await startLoopbackApi();
});
afterEach(async () => {
	await api.close();
	await foreign.close();
});

/** Answers with `status` and a Location on the foreign port carrying the same path and query. */
const redirectAll =
	(status: number): Handler =>
	(request, res) => {
		res.writeHead(status, { location: `${foreign.url}${request.url}` });
		res.end();
	};

function expectForeignSawNoSecret(secrets: string[]): void {
	const seen = everythingSeen(foreign);
	for (const secret of secrets) for (const form of forms(secret)) expect(seen).not.toContain(form);
	// The refusal happens before anything is sent there at all.
	expect(foreign.requests).toEqual([]);
}

/** What the call threw (undefined if it did not); the caller checks the foreign port before the error. */
async function outcome(promise: Promise<unknown>): Promise<unknown> {
	return await promise.then(
		() => undefined,
		(e: unknown) => e,
	);
}

function asError(value: unknown): Error {
	expect(value).toBeInstanceOf(Error);
	return value as Error;
}

describe.each([302, 307])('HTTP %i to another origin', (status) => {
	it('Event Poller, HubSpot token: the poll fails clearly and the token stays home', async () => {
		api.handle(redirectAll(status));
		const h = makeHarness({
			type: new EventPollerTrigger(),
			typeName: 'eventPollerTrigger',
			parameters: { source: 'hubspot', authentication: 'apiKey', configurationMode: 'preset', hubspotObjects: ['contacts'], startDate: '', options: {} },
			credentials: { crmListenersHubSpotApiKey: { accessToken: HUBSPOT_TOKEN, apiBaseUrl: api.url } },
			credentialTypes: [new CrmListenersHubSpotApiKey()],
		});
		const thrown = await outcome(new EventPollerTrigger().poll!.call(pollContext(h, 'manual', 60_000)));
		expect(api.requests[0].headers.authorization).toBe(`Bearer ${HUBSPOT_TOKEN}`);
		expectForeignSawNoSecret([HUBSPOT_TOKEN]);
		expect(asError(thrown).message).toMatch(new RegExp(`HTTP ${status}, a redirect to another origin \\(http://127\\.0\\.0\\.1:\\d+\\)`));
	});

	it('Event Poller, HubSpot OAuth2 token (n8n signs the request): the token stays home', async () => {
		api.handle(redirectAll(status));
		const h = makeHarness({
			type: new EventPollerTrigger(),
			typeName: 'eventPollerTrigger',
			parameters: { source: 'hubspot', authentication: 'oAuth2', configurationMode: 'preset', hubspotObjects: ['contacts'], startDate: '', options: {} },
			credentials: {
				crmListenersHubSpotOAuth2Api: {
					grantType: 'authorizationCode',
					clientId: 'client-id',
					clientSecret: 'client-secret-redirect-test',
					accessTokenUrl: `${api.url}/oauth/v1/token`,
					authUrl: `${api.url}/oauth/authorize`,
					apiBaseUrl: api.url,
					oauthTokenData: { access_token: HUBSPOT_TOKEN, token_type: 'Bearer' },
				},
			},
			credentialTypes: [new CrmListenersHubSpotOAuth2Api()],
		});
		const thrown = await outcome(new EventPollerTrigger().poll!.call(pollContext(h, 'manual', 60_000)));
		expect(api.requests[0].headers.authorization).toBe(`Bearer ${HUBSPOT_TOKEN}`);
		expectForeignSawNoSecret([HUBSPOT_TOKEN]);
		expect(asError(thrown).message).toMatch(/a redirect to another origin/);
	});

	it('Event Poller, Pipedrive x-api-token: the poll fails clearly and the token stays home', async () => {
		api.handle(redirectAll(status));
		const h = makeHarness({
			type: new EventPollerTrigger(),
			typeName: 'eventPollerTrigger',
			parameters: { source: 'pipedrive', authentication: 'apiKey', configurationMode: 'preset', pipedriveObjects: ['deals'], startDate: '', options: {} },
			credentials: { crmListenersPipedriveApiKey: { apiToken: PIPEDRIVE_TOKEN, apiBaseUrl: api.url } },
			credentialTypes: [new CrmListenersPipedriveApiKey()],
		});
		const thrown = await outcome(new EventPollerTrigger().poll!.call(pollContext(h, 'manual', 60_000)));
		expect(api.requests[0].headers['x-api-token']).toBe(PIPEDRIVE_TOKEN);
		expectForeignSawNoSecret([PIPEDRIVE_TOKEN]);
		expect(asError(thrown).message).toMatch(/a redirect to another origin/);
	});

	it('HubSpot registration, developer key in the query: activation fails clearly, the key stays home', async () => {
		api.handle(redirectAll(status));
		const h = makeHarness({
			type: new HubSpotWebhookTrigger(),
			typeName: 'hubSpotWebhookTrigger',
			parameters: { events: ['contact.creation'], verification: 'signature', manageSubscriptions: true, options: {} },
			credentials: {
				crmListenersHubSpotApp: { clientSecret: 'client-secret-redirect-test', appId: '4242', developerApiKey: DEVELOPER_KEY, apiBaseUrl: api.url },
			},
			credentialTypes: [new CrmListenersHubSpotApp()],
		});
		const methods = new HubSpotWebhookTrigger().webhookMethods.default;
		const ctx = hookContext(h);
		const thrown = [await outcome(methods.checkExists.call(ctx)), await outcome(methods.create.call(ctx))];
		expect(api.requests[0].url).toContain(`hapikey=${DEVELOPER_KEY}`);
		expectForeignSawNoSecret([DEVELOPER_KEY]);
		for (const error of thrown.map(asError)) {
			expect(error.message).toMatch(/HubSpot answered HTTP 30[27], a redirect to another origin/);
			for (const form of forms(DEVELOPER_KEY)) expect(JSON.stringify(error) + error.message).not.toContain(form);
		}
		expect(h.staticData()).toEqual({});
	});

	it('Pipedrive registration: the token and the generated password in the body stay home', async () => {
		api.handle((request, res) => {
			if (request.method === 'GET') return json(res, 200, { success: true, data: [] });
			redirectAll(status)(request, res);
		});
		const h = pipedriveHarness(api);
		const thrown = await outcome(new PipedriveWebhookTrigger().webhookMethods.default.create.call(hookContext(h)));
		const post = api.requests.find((r) => r.method === 'POST');
		const password = (JSON.parse(post!.body) as IDataObject).http_auth_password as string;
		expect(password.length).toBeGreaterThanOrEqual(40);
		expectForeignSawNoSecret([PIPEDRIVE_TOKEN, password]);
		expect(asError(thrown).message).toMatch(/Pipedrive answered HTTP 30[27], a redirect to another origin/);
		expect(h.staticData()).toEqual({});
	});
});

function pipedriveHarness(target: LoopbackApi, parameters: INodeParameters = {}) {
	return makeHarness({
		type: new PipedriveWebhookTrigger(),
		typeName: 'pipedriveWebhookTrigger',
		parameters: { setup: 'register', apiAuthentication: 'apiKey', entity: 'deal', action: '*', webhookVersion: '2.0', options: {}, ...parameters },
		credentials: { crmListenersPipedriveApiKey: { apiToken: PIPEDRIVE_TOKEN, apiBaseUrl: target.url } },
		credentialTypes: [new CrmListenersPipedriveApiKey()],
	});
}

describe('redirects within the API origin', () => {
	it('are followed with the credential: 301 on the list, 307 on the creation (body kept), 303 on the deletion', async () => {
		api.handle((request, res) => {
			const route = `${request.method} ${request.url}`;
			if (route === 'GET /v1/webhooks') return void res.writeHead(301, { location: '/v1/webhooks/' }).end();
			if (route === 'GET /v1/webhooks/') return json(res, 200, { success: true, data: [] });
			if (route === 'POST /v1/webhooks') return void res.writeHead(307, { location: `${api.url}/v1/webhooks-new` }).end();
			if (route === 'POST /v1/webhooks-new') return json(res, 201, { success: true, data: { id: 77 } });
			if (route === 'DELETE /v1/webhooks/77') return void res.writeHead(303, { location: '/v1/deleted' }).end();
			if (route === 'GET /v1/deleted') return json(res, 200, { success: true });
			json(res, 404, { error: `no route ${route}` });
		});
		const h = pipedriveHarness(api);
		const methods = new PipedriveWebhookTrigger().webhookMethods.default;
		await methods.create.call(hookContext(h));
		expect(h.staticData()).toMatchObject({ pipedriveRegistration: { id: '77' } });
		const created = api.requests.find((r) => r.url === '/v1/webhooks-new')!;
		expect(created.headers['x-api-token']).toBe(PIPEDRIVE_TOKEN);
		expect(JSON.parse(created.body)).toMatchObject({ subscription_url: expect.any(String), event_object: 'deal', version: '2.0' });
		await methods.delete.call(hookContext(h));
		expect(api.requests.map((r) => `${r.method} ${r.url}`).slice(-2)).toEqual(['DELETE /v1/webhooks/77', 'GET /v1/deleted']);
		expect(h.staticData()).toEqual({});
	});

	it('stop after five hops with a clear error', async () => {
		let hop = 0;
		api.handle((_request, res) => void res.writeHead(302, { location: `/loop/${++hop}` }).end());
		const error = asError(await outcome(new PipedriveWebhookTrigger().webhookMethods.default.create.call(hookContext(pipedriveHarness(api)))));
		expect(error.message).toMatch(/HTTP 302, a redirect more than 5 times/);
		expect(api.requests).toHaveLength(6);
	});

	it('to another port of the same host is another origin', async () => {
		api.handle((request, res) => void res.writeHead(307, { location: `${foreign.url.replace('127.0.0.1', 'localhost')}${request.url}` }).end());
		const thrown = await outcome(new PipedriveWebhookTrigger().webhookMethods.default.create.call(hookContext(pipedriveHarness(api))));
		expectForeignSawNoSecret([PIPEDRIVE_TOKEN]);
		expect(asError(thrown).message).toMatch(/a redirect to another origin \(http:\/\/localhost:\d+\)/);
	});
});
