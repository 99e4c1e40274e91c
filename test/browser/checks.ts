// The browser checks: Debian's headless Chromium driving the editor of the n8n the end-to-end suite already
// runs (no extra n8n start), signed in as the owner that suite created. They check what a user sees: the nodes
// in the node panel, every README parameter in the panels, the test loops ending in an item in the editor,
// errors shown where the user acts. Called from crm-listeners.e2e.test.ts once per n8n version; the same run
// writes the README's screenshots (`npm run screenshots`). See README.md beside this file.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { hubspotPreset } from '../../nodes/EventPollerTrigger/presets';
import { testLoop } from '../../scripts/start/instructions';
import type { RunState } from '../e2e/run-state';
import { SCREENSHOTS_ENV } from '../e2e/run-state';
import type { Stack } from '../e2e/stack';
import { Editor } from './editor';
import { readmeParameters } from './readme';

/** The owner the e2e suite's REST session created (scripts/runtime/rest.js). */
const OWNER = { email: 'owner@crm-listeners.test', password: 'Sandbox-Passw0rd!' };

/** Every trigger's items start with the same header fields, in this order (README "Items"). */
const HEADER = ['eventType', 'objectType', 'objectId', 'occurredAt', 'traceKey'];

const TRIGGERS = ['HubSpot Webhook Trigger', 'Pipedrive Webhook Trigger', 'Event Poller Trigger', 'HubSpot Journal Trigger'];

export interface BrowserContext {
	stack: () => Stack;
	run: RunState;
}

interface NodeSpec {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	webhook?: boolean;
}

const PACKAGE = 'n8n-nodes-crm-listeners';
const HUBSPOT_APP = { crmListenersHubSpotApp: { id: 'e2eCredHsApp001', name: 'e2e HubSpot app (sandbox)' } };
const PIPEDRIVE_KEY = { crmListenersPipedriveApiKey: { id: 'e2eCredPdKey001', name: 'e2e Pipedrive API token (sandbox)' } };
const HUBSPOT_KEY = { crmListenersHubSpotApiKey: { id: 'e2eCredHsKey001', name: 'e2e HubSpot private app token (sandbox)' } };

/** A node as a user gets it from the node panel: default parameters, the sandbox credential picked. */
const FRESH: Record<string, NodeSpec> = {
	'HubSpot Webhook Trigger': { name: 'HubSpot Webhook Trigger', type: `${PACKAGE}.hubSpotWebhookTrigger`, parameters: {}, credentials: HUBSPOT_APP, webhook: true },
	'Pipedrive Webhook Trigger': { name: 'Pipedrive Webhook Trigger', type: `${PACKAGE}.pipedriveWebhookTrigger`, parameters: {}, credentials: PIPEDRIVE_KEY, webhook: true },
	'Event Poller Trigger': { name: 'Event Poller Trigger', type: `${PACKAGE}.eventPollerTrigger`, parameters: {}, credentials: HUBSPOT_KEY },
	'HubSpot Journal Trigger': { name: 'HubSpot Journal Trigger', type: `${PACKAGE}.hubSpotJournalTrigger`, parameters: {} },
};

/** The node panel names a trigger by its name; the 2.x panel leaves out a trailing " Trigger" on webhook triggers. */
function listsNode(names: string[], name: string): boolean {
	return names.some((shown) => shown === name || shown === name.replace(/ Trigger$/, ''));
}

export function browserChecks(context: BrowserContext): void {
	const { run } = context;
	const executablePath = run.browser?.executablePath;
	if (!executablePath) {
		describe.skip('in the editor (headless Chromium)', () => {
			it(`is skipped: ${run.browser?.skipReason ?? 'no browser'}`, () => undefined);
		});
		return;
	}
	describe('in the editor (headless Chromium)', () => {
		let editor: Editor;
		const stack = (): Stack => context.stack();

		/** A workflow made through the REST API with one node (as the node panel would add it). */
		async function workflowWith(node: NodeSpec): Promise<string> {
			const response = await stack().session.call('POST', '/workflows', {
				name: `browser: ${node.name} ${randomUUID().slice(0, 8)}`,
				active: false,
				nodes: [
					{
						id: randomUUID(),
						name: node.name,
						type: node.type,
						typeVersion: 1,
						position: [0, 0],
						parameters: node.parameters,
						...(node.credentials ? { credentials: node.credentials } : {}),
						...(node.webhook ? { webhookId: randomUUID() } : {}),
					},
				],
				connections: {},
				settings: { executionOrder: 'v1' },
			});
			const data = (response.json as { data?: { id?: string } } | undefined)?.data;
			if (response.status !== 200 || !data?.id) throw new Error(`creating a workflow failed: ${response.status} ${response.text.slice(0, 300)}`);
			return data.id;
		}

		async function openFresh(node: NodeSpec): Promise<void> {
			await editor.openWorkflow(await workflowWith(node));
			await editor.openNode(node.name);
		}

		beforeAll(async () => {
			// The README's pictures come from the pinned n8n; other versions' go to the run folder.
			const target = process.env[SCREENSHOTS_ENV];
			const screenshotDir = target && stack().version === run.versions[0].version ? target : join(run.runDir, `screenshots-${stack().version}`);
			editor = await Editor.open({ executablePath, baseUrl: stack().n8n.url, ...OWNER, screenshotDir });
		}, 120_000);

		afterAll(async () => {
			if (editor) await editor.close();
		});

		it('the node panel finds each trigger by its name', async () => {
			await editor.newWorkflow();
			for (const name of TRIGGERS) {
				const names = await editor.searchNodes(name);
				expect({ name, found: listsNode(names, name) }).toEqual({ name, found: true });
			}
		});

		it.each([
			{ heading: 'HubSpot Webhook Trigger', shot: 'hubspot-webhook-trigger', choices: [] as Array<[string, string]> },
			{ heading: 'Pipedrive Webhook Trigger', shot: 'pipedrive-webhook-trigger', choices: [['Setup', 'I Created the Webhook Myself']] as Array<[string, string]> },
			{ heading: 'Event Poller Trigger', shot: 'event-poller-trigger', choices: [['Configuration', 'Poller Configuration (JSON)']] as Array<[string, string]> },
			{ heading: 'HubSpot Journal Trigger', shot: 'hubspot-journal-trigger', choices: [] as Array<[string, string]> },
		])('the $heading panel shows every parameter and option the README lists', async ({ heading, shot, choices }) => {
			const promised = readmeParameters(heading);
			await openFresh(FRESH[heading]);
			await editor.screenshot(shot);
			const seen = new Set(await editor.parameterLabels());
			for (const [label, option] of choices) {
				await editor.choose(label, option);
				for (const found of await editor.parameterLabels()) seen.add(found);
			}
			const options = new Set(await editor.optionNames());
			expect({ missing: promised.parameters.filter((name) => !seen.has(name)) }).toEqual({ missing: [] });
			expect({ missingOptions: promised.options.filter((name) => !options.has(name)) }).toEqual({ missingOptions: [] });
		});

		it('Pipedrive: Setup is a choice in the panel, and the credential dialog asks for no setup', async () => {
			await openFresh(FRESH['Pipedrive Webhook Trigger']);
			expect(await editor.choicesOf('Setup')).toEqual(['Register the Webhook in Pipedrive (Recommended)', 'I Created the Webhook Myself']);
			const registered = await editor.parameterLabels();
			expect(registered).toEqual(expect.arrayContaining(['API Authentication', 'Webhook Version', 'Webhook Name']));
			expect(registered).not.toContain('Delivery Authentication');
			await editor.choose('Setup', 'I Created the Webhook Myself');
			const manual = await editor.parameterLabels();
			expect(manual).toContain('Delivery Authentication');
			expect(manual).not.toContain('Webhook Name');
			await editor.choose('Setup', 'Register the Webhook in Pipedrive (Recommended)');
			const dialog = await editor.openCredential();
			expect(await editor.text(dialog)).not.toMatch(/Setup credential/i);
			await editor.screenshot('pipedrive-credential', dialog);
			await editor.closeCredential();
		});

		it('HubSpot: the credential dialog shows the app fields', async () => {
			await openFresh(FRESH['HubSpot Webhook Trigger']);
			const dialog = await editor.openCredential();
			expect(await editor.text(dialog)).toMatch(/Client Secret.*App ID.*Developer API Key/);
			await editor.screenshot('hubspot-credential', dialog);
			await editor.closeCredential();
		});

		it('HubSpot test loop: Execute step explains why the owned app is left alone; with "A Test Delivery I Send" the command npm start prints brings the event into the editor', async () => {
			const { id, triggerNode, webhookUrl } = stack().workflows['hubspot-webhook'];
			await editor.openWorkflow(id);
			await editor.openNode(triggerNode);
			await editor.executeStep();
			const refusal = await editor.errorToast();
			expect(refusal).toMatch(/this workflow's production URL/);
			expect(refusal).toMatch(/A Test Delivery I Send/);

			await editor.choose('Execute Step Receives', 'A Test Delivery I Send');
			await editor.executeStep();
			// The command `npm start` prints for its demo workflow, pointed at this one's Test URL.
			const testPath = new URL(webhookUrl ?? '').pathname.replace('/webhook/', '/webhook-test/');
			const printed = testLoop(stack().n8n.url, stack().sandbox.url, "-H 'content-type: application/json'", { name: 'e2e', hubspotTestPath: testPath });
			const command = /curl -s -X POST (\S+) -H 'content-type: application\/json' -d '([^']+)'/.exec(printed);
			if (!command) throw new Error(`no delivery command in:\n${printed}`);
			const body = JSON.parse(command[2]) as { events: Array<{ objectId: number }> };
			const objectId = 5_000_000 + Math.floor(Math.random() * 1_000_000);
			body.events[0].objectId = objectId;
			// n8n listens once the step has started: repeat the command until the Test URL takes it.
			let status = 0;
			for (let attempt = 0; attempt < 40 && status !== 200; attempt++) {
				const answer = await fetch(command[1], { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
				const delivery = (await answer.json()) as { attempts?: Array<{ status: number }> };
				status = delivery.attempts?.[0]?.status ?? 0;
				if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 500));
			}
			expect(status).toBe(200);
			const items = await editor.outputItems();
			const item = items.find((candidate) => String(candidate.objectId) === String(objectId));
			expect(item).toMatchObject({ eventType: 'CREATED', objectType: 'contact', verification: { verified: true } });
			expect(Object.keys(item ?? {}).slice(0, HEADER.length)).toEqual(HEADER);
			await editor.screenshot('hubspot-test-event', editor.ndv());
		});

		it('Pipedrive test loop: Execute step registers the Test URL, a deal change arrives as an item in the editor', async () => {
			const { id, triggerNode } = stack().workflows['pipedrive-webhook'];
			await editor.openWorkflow(id);
			await editor.openNode(triggerNode);
			const hooksBefore = stack().sandbox.pipedrive.webhooks().length;
			await editor.executeStep();
			await waitFor(() => stack().sandbox.pipedrive.webhooks().length > hooksBefore, 30_000, 'the test webhook in Pipedrive');
			const deal = stack().sandbox.pipedrive.create('deals', { title: 'Browser test deal', value: 77 });
			const items = await editor.outputItems();
			expect(items).toHaveLength(1);
			expect(items[0]).toMatchObject({ eventType: 'CREATED', objectType: 'deal', objectId: String(deal.id) });
			expect(Object.keys(items[0]).slice(0, HEADER.length)).toEqual(HEADER);
			await editor.screenshot('pipedrive-test-event', editor.ndv());
			// The step is over: the test webhook is gone again.
			await waitFor(() => stack().sandbox.pipedrive.webhooks().length === hooksBefore, 30_000, 'the test webhook removed');
		});

		it('a malformed trace key template stops Execute step with the template error', async () => {
			await openFresh({
				...FRESH['Pipedrive Webhook Trigger'],
				parameters: { setup: 'register', apiAuthentication: 'apiKey', entity: 'deal', action: '*', options: { traceKeyTemplate: '{{join "_" meta.id' } },
			});
			await editor.executeStep();
			expect(await editor.errorToast()).toMatch(/Trace Key Template: '\{\{' is never closed with '\}\}'/);
		});

		it('Fetch Test Event lists a mistyped poller configuration key on the items', async () => {
			const config = hubspotPreset(['contacts']);
			config.contacts.pageSzie = 10;
			await openFresh({
				...FRESH['Event Poller Trigger'],
				parameters: { source: 'hubspot', configurationMode: 'custom', configuration: JSON.stringify({ 'event.poller.configuration': config }, null, 2) },
			});
			await editor.executeStep();
			const items = await editor.outputItems();
			expect(items.length).toBeGreaterThan(0);
			expect(Object.keys(items[0]).slice(0, HEADER.length)).toEqual(HEADER);
			expect(JSON.stringify(items[0].configurationWarnings)).toMatch(/pageSzie/);
			await editor.screenshot('event-poller-test-event', editor.ndv());
		});

		it('a broken poller configuration stops Fetch Test Event with where it is broken', async () => {
			await openFresh({
				...FRESH['Event Poller Trigger'],
				parameters: { source: 'hubspot', configurationMode: 'custom', configuration: '{\n  "event.poller.configuration": {\n    "contacts": { "url": "/crm/v3/objects/contacts" "idField": "id" }\n  }\n}' },
			});
			await editor.executeStep();
			const shown = await editor.outputError();
			expect(shown).toMatch(/line 3, column \d+/);
			await editor.screenshot('event-poller-configuration-error', editor.ndv());
		});
	});
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}
