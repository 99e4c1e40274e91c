import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeParameters, INodeType } from 'n8n-workflow';

import { HUBSPOT_DEFAULT_DATA_URI } from '../../core/events';
import { CrmListenersHubSpotApiKey } from '../../credentials/CrmListenersHubSpotApiKey.credentials';
import { CrmListenersHubSpotApp } from '../../credentials/CrmListenersHubSpotApp.credentials';
import { CrmListenersHubSpotAppClientCredentialsOAuth2Api } from '../../credentials/CrmListenersHubSpotAppClientCredentialsOAuth2Api.credentials';
import { CrmListenersHubSpotOAuth2Api } from '../../credentials/CrmListenersHubSpotOAuth2Api.credentials';
import { CrmListenersPipedriveApiKey } from '../../credentials/CrmListenersPipedriveApiKey.credentials';
import { CrmListenersPipedriveBasicAuth } from '../../credentials/CrmListenersPipedriveBasicAuth.credentials';
import { EventPollerTrigger } from '../../nodes/EventPollerTrigger/EventPollerTrigger.node';
import { hubspotPreset, pipedrivePreset } from '../../nodes/EventPollerTrigger/presets';
import { HubSpotJournalTrigger } from '../../nodes/HubSpotJournalTrigger/HubSpotJournalTrigger.node';
import { HubSpotWebhookTrigger } from '../../nodes/HubSpotWebhookTrigger/HubSpotWebhookTrigger.node';
import { DEFAULT_DATA_URI } from '../../nodes/PipedriveWebhookTrigger/options';
import { PipedriveWebhookTrigger } from '../../nodes/PipedriveWebhookTrigger/PipedriveWebhookTrigger.node';
import { editorHiddenAuthParameters, editorMainAuthField, editorMixedCredentialTypes } from '../helpers/editorRules';
import { hookContext, makeHarness, pollContext } from '../helpers/n8n';

const nodes: Array<[string, INodeType]> = [
	['HubSpot Webhook Trigger', new HubSpotWebhookTrigger()],
	['Pipedrive Webhook Trigger', new PipedriveWebhookTrigger()],
	['Event Poller Trigger', new EventPollerTrigger()],
	['HubSpot Journal Trigger', new HubSpotJournalTrigger()],
];

describe("what n8n's editor keeps in the node panel", () => {
	it.each(nodes)('%s: no parameter is taken for an authentication field and moved into the credential dialog', (_name, type) => {
		expect(editorMainAuthField(type.description)?.name).toBeUndefined();
		expect(editorHiddenAuthParameters(type.description)).toEqual([]);
		expect(editorMixedCredentialTypes(type.description)).toEqual([]);
	});
});

/** Every credential type of a node, with some data, so only n8n's own rules decide which one the node may read. */
function allCredentials(type: INodeType) {
	return Object.fromEntries((type.description.credentials ?? []).map((c) => [c.name, { apiToken: 'token', user: 'u', password: 'p' }]));
}

async function readableTypes(type: INodeType, typeName: string, parameters: INodeParameters, poll: boolean): Promise<string[]> {
	const h = makeHarness({ type, typeName, parameters, credentials: allCredentials(type) });
	const ctx = poll ? pollContext(h) : hookContext(h);
	const readable: string[] = [];
	for (const credential of type.description.credentials ?? []) {
		try {
			await ctx.getCredentials(credential.name);
			readable.push(credential.name);
		} catch (error) {
			expect((error as Error).message).toBe('Credentials not found');
		}
	}
	return readable;
}

describe('each choice gives the node exactly one credential type (real n8n-core contexts)', () => {
	it.each([
		[{ setup: 'register' }, 'crmListenersPipedriveApiKey'],
		[{ setup: 'register', apiAuthentication: 'apiKey' }, 'crmListenersPipedriveApiKey'],
		[{ setup: 'register', apiAuthentication: 'oAuth2' }, 'crmListenersPipedriveOAuth2Api'],
		[{ setup: 'manual' }, 'crmListenersPipedriveBasicAuth'],
		// A left-over value of a parameter the choice hides counts for nothing.
		[{ setup: 'manual', apiAuthentication: 'oAuth2' }, 'crmListenersPipedriveBasicAuth'],
	])('Pipedrive Webhook Trigger %j reads %s', async (parameters, expected) => {
		const types = await readableTypes(new PipedriveWebhookTrigger(), 'pipedriveWebhookTrigger', parameters, false);
		expect(types).toEqual([expected]);
	});

	it('Pipedrive Webhook Trigger with no delivery authentication reads no credential', async () => {
		const parameters = { setup: 'manual', incomingAuth: 'none' };
		expect(await readableTypes(new PipedriveWebhookTrigger(), 'pipedriveWebhookTrigger', parameters, false)).toEqual([]);
	});

	it.each([
		[{ source: 'hubspot' }, 'crmListenersHubSpotApiKey'],
		[{ source: 'hubspot', authentication: 'oAuth2' }, 'crmListenersHubSpotOAuth2Api'],
		[{ source: 'pipedrive' }, 'crmListenersPipedriveApiKey'],
		[{ source: 'pipedrive', authentication: 'oAuth2' }, 'crmListenersPipedriveOAuth2Api'],
	])('Event Poller Trigger %j reads %s only', async (parameters, expected) => {
		const types = await readableTypes(new EventPollerTrigger(), 'eventPollerTrigger', parameters, true);
		expect(types).toEqual([expected]);
	});
});

function property(type: INodeType, name: string, within?: string) {
	const list = within
		? (type.description.properties.find((p) => p.name === within)?.options as Array<{ name: string }> | undefined) ?? []
		: type.description.properties;
	const found = (list as typeof type.description.properties).find((p) => p.name === name);
	if (!found) throw new Error(`no parameter ${name}`);
	return found;
}

describe('what the panel shows for the presets and the setup', () => {
	it.each([
		['hubspot', 'hubspotPresetConfiguration', hubspotPreset(['contacts'])],
		['pipedrive', 'pipedrivePresetConfiguration', pipedrivePreset(['deals'])],
	])('the %s preset JSON is a formatted code field, not a warning-styled notice', (_source, name, preset) => {
		const type = new EventPollerTrigger();
		const field = property(type, name);
		expect(field.type).toBe('json');
		expect(JSON.parse(String(field.default))).toEqual({ 'event.poller.configuration': preset });
		expect(String(field.default)).toContain('\n  "event.poller.configuration": {\n');
		expect(type.description.properties.filter((p) => p.type === 'notice' && p.displayName.includes('{'))).toEqual([]);
	});

	it('the HubSpot setup texts are neutral callouts, not warning-styled notices', () => {
		const type = new HubSpotWebhookTrigger();
		expect(property(type, 'setupNotice').type).toBe('callout');
		expect(property(type, 'projectSetupNotice').type).toBe('callout');
	});
});

describe('placeholders are the real defaults, in the provider\'s own field names', () => {
	it('Pipedrive: trace key meta.id (no HubSpot portalId), data URI the record link, webhook name the default', () => {
		const type = new PipedriveWebhookTrigger();
		expect(property(type, 'traceKeyTemplate', 'options').placeholder).toBe('{{meta.id}}');
		expect(property(type, 'dataUriTemplate', 'options').placeholder).toBe(DEFAULT_DATA_URI);
		expect(property(type, 'webhookName').placeholder).toBe('n8n CRM Listeners: <workflow name>');
	});

	it('HubSpot: data URI the record link, trace key in HubSpot field names', () => {
		const type = new HubSpotWebhookTrigger();
		expect(property(type, 'dataUriTemplate', 'options').placeholder).toBe(HUBSPOT_DEFAULT_DATA_URI);
		expect(property(type, 'traceKeyTemplate', 'options').placeholder).toMatch(/portalId/);
	});
});

describe('small things the editor shows', () => {
	/** A node's subtitle as n8n's expression engine renders it on the canvas. */
	function subtitle(type: INodeType, typeName: string, parameters: INodeParameters): unknown {
		const h = makeHarness({ type, typeName, parameters });
		return h.workflow.expression.getSimpleParameterValue(h.node, type.description.subtitle ?? '', 'internal', {});
	}

	it.each([
		[{}, 'deal: any action'],
		[{ entity: 'person', action: 'change' }, 'person: updated'],
		[{ entity: '*', action: 'create' }, 'All objects: created'],
	])('Pipedrive canvas subtitle for %j reads "%s"', (parameters, expected) => {
		expect(subtitle(new PipedriveWebhookTrigger(), 'pipedriveWebhookTrigger', parameters)).toBe(expected);
	});

	it.each([
		[{}, 'HubSpot: contacts'],
		[{ source: 'pipedrive', pipedriveObjects: ['deals', 'persons'] }, 'Pipedrive: deals, persons'],
		[{ source: 'hubspot', configurationMode: 'custom' }, 'HubSpot, custom configuration'],
	])('Event Poller canvas subtitle for %j reads "%s"', (parameters, expected) => {
		expect(subtitle(new EventPollerTrigger(), 'eventPollerTrigger', parameters)).toBe(expected);
	});

	it.each(['EventPollerTrigger', 'HubSpotJournalTrigger', 'HubSpotWebhookTrigger', 'PipedriveWebhookTrigger'])(
		'%s is found in the node panel by "CRM Listeners" (codex alias)',
		(name) => {
			const codex = JSON.parse(readFileSync(join(__dirname, '..', '..', 'nodes', name, `${name}.node.json`), 'utf8')) as { alias?: string[] };
			expect(codex.alias).toContain('CRM Listeners');
		},
	);

	it.each([
		[new CrmListenersHubSpotApiKey(), 'https://api.hubapi.com'],
		[new CrmListenersHubSpotApp(), 'https://api.hubapi.com'],
		[new CrmListenersHubSpotOAuth2Api(), 'https://api.hubapi.com'],
		[new CrmListenersHubSpotAppClientCredentialsOAuth2Api(), 'https://api.hubapi.com'],
		[new CrmListenersPipedriveApiKey(), 'https://api.pipedrive.com'],
	].map(([credential, fallback]) => [(credential as { name: string }).name, credential, fallback] as const))(
		'%s: a cleared API Base URL tests against the default, not an invalid URL',
		(_name, credential, fallback) => {
		const h = makeHarness({ type: new PipedriveWebhookTrigger(), typeName: 'pipedriveWebhookTrigger', parameters: {} });
		const baseURL = (credential as { test?: { request: { baseURL?: string } } }).test?.request.baseURL ?? '';
		for (const cleared of ['', '   ']) {
			const resolved = h.workflow.expression.getParameterValue(baseURL, null, 0, 0, h.node.name, [], 'internal', {
				$credentials: { apiBaseUrl: cleared },
			} as never);
			expect(resolved).toBe(fallback);
		}
		const kept = h.workflow.expression.getParameterValue(baseURL, null, 0, 0, h.node.name, [], 'internal', {
			$credentials: { apiBaseUrl: 'http://127.0.0.1:9/' },
		} as never);
		expect(kept).toBe('http://127.0.0.1:9');
		},
	);

	it('the Basic Auth password rule (16 characters) is shown where the password is typed', () => {
		const password = new CrmListenersPipedriveBasicAuth().properties.find((p) => p.name === 'password');
		expect(password?.hint).toMatch(/16 characters/);
	});
});
