/**
 * A Pipedrive API that answers with hostile values: a webhook id that is a path of its own, and an error that
 * quotes back the generated Basic password. The id must name exactly one webhook in the DELETE path, and the
 * password must be masked in the error like the credential's own secrets.
 */
import type { IDataObject } from 'n8n-workflow';

import { CrmListenersPipedriveApiKey } from '../../credentials/CrmListenersPipedriveApiKey.credentials';
import { PipedriveWebhookTrigger } from '../../nodes/PipedriveWebhookTrigger/PipedriveWebhookTrigger.node';
import { hookContext, makeHarness } from '../helpers/n8n';
import { json, startLoopbackApi, type LoopbackApi } from './helpers/loopbackApi';

const TOKEN = 'pipedrive-hostile-test-token-1a2b3c4d';

let api: LoopbackApi;
beforeEach(async () => {
	api = await startLoopbackApi();
});
afterEach(async () => api.close());

function harness() {
	return makeHarness({
		type: new PipedriveWebhookTrigger(),
		typeName: 'pipedriveWebhookTrigger',
		parameters: { setup: 'register', apiAuthentication: 'apiKey', entity: 'deal', action: '*', webhookVersion: '2.0', options: {} },
		credentials: { crmListenersPipedriveApiKey: { apiToken: TOKEN, apiBaseUrl: api.url } },
		credentialTypes: [new CrmListenersPipedriveApiKey()],
	});
}

const methods = new PipedriveWebhookTrigger().webhookMethods.default;

describe('Pipedrive registration against a hostile API', () => {
	it.each([
		{ name: 'a parent-directory path', id: '../../v1/users/1', path: '/v1/webhooks/..%2F..%2Fv1%2Fusers%2F1' },
		{ name: 'a query string', id: '7?api_token=x', path: '/v1/webhooks/7%3Fapi_token%3Dx' },
		{ name: 'a fragment', id: '7#x', path: '/v1/webhooks/7%23x' },
		{ name: 'an encoded slash', id: '7%2F..%2Fusers', path: '/v1/webhooks/7%252F..%252Fusers' },
	])('deletes exactly the webhook it was given, even when its id is $name', async ({ id, path }) => {
		api.handle((request, res) => {
			if (request.method === 'GET') return json(res, 200, { success: true, data: [] });
			if (request.method === 'POST') return json(res, 201, { success: true, data: { id } });
			json(res, 200, { success: true });
		});
		const h = harness();
		await methods.create.call(hookContext(h));
		expect((h.staticData().pipedriveRegistration as IDataObject).id).toBe(id);
		await methods.delete.call(hookContext(h));
		const deletes = api.requests.filter((r) => r.method === 'DELETE').map((r) => r.url);
		expect(deletes).toEqual([path]);
	});

	it('masks the generated password when Pipedrive quotes it back in an error', async () => {
		api.handle((request, res) => {
			if (request.method === 'GET') return json(res, 200, { success: true, data: [] });
			const body = JSON.parse(request.body) as IDataObject;
			json(res, 400, { success: false, error: `http_auth_password "${String(body.http_auth_password)}" is not accepted` });
		});
		const thrown = await methods.create.call(hookContext(harness())).catch((e: unknown) => e);
		const password = (JSON.parse(api.requests.find((r) => r.method === 'POST')!.body) as IDataObject).http_auth_password as string;
		expect(password.length).toBeGreaterThanOrEqual(40);
		expect(thrown).toBeInstanceOf(Error);
		const error = thrown as Error & { description?: string };
		expect(error.message).toMatch(/Pipedrive refused to create the webhook \(HTTP 400\)/);
		expect(error.description).toBe('http_auth_password "***" is not accepted');
		const everything = `${error.message}\n${error.description}\n${JSON.stringify(error)}\n${error.stack}`;
		for (const form of [password, encodeURIComponent(password), Buffer.from(password).toString('base64')]) {
			expect(everything).not.toContain(form);
		}
	});
});
