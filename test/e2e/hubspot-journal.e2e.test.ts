// The HubSpot Journal Trigger inside a real n8n (each version the global setup installed): n8n's own OAuth2
// client-credentials flow fetches the token from the sandbox, the first poll creates the v4 subscription, CRM
// changes reach the executions exactly once, files come over https from the sandbox's file host (trusted by
// n8n through NODE_EXTRA_CA_CERTS) without any credential, and an expired token is renewed by n8n.
import { pollUntil, type Runtime } from '../../scripts/n8n-runtime';
import type { TriggerRun } from './n8n-executions';
import { readRunState } from './run-state';
import { startStack, type Stack } from './stack';

const state = readRunState();
const KEY = 'hubspot-journal';

for (const plan of state.versions) {
	// The top-level title is the version alone, as in the main suite, so the summary counts both files together.
	const title = `n8n ${plan.version ?? plan.spec}`;
	if (!plan.runtime || plan.skipReason) {
		describe.skip(title, () => {
			it(`is skipped: ${plan.skipReason ?? 'no runtime'}`, () => undefined);
		});
		continue;
	}
	describe(title, () => describe('HubSpot Journal Trigger', () => journalEndToEnd(plan.runtime as Runtime)));
}

function journalEndToEnd(runtime: Runtime): void {
	let stack: Stack;
	const runs = (): Promise<TriggerRun[]> => stack.executions.triggerRuns(stack.workflows[KEY].id, stack.workflows[KEY].triggerNode);
	const itemsAbout = async (objectId: string, count: number): Promise<Array<Record<string, unknown>>> => {
		let found: Array<Record<string, unknown>> = [];
		await pollUntil(
			async () => {
				found = (await runs()).flatMap((run) => run.items).filter((item) => String(item.objectId) === objectId);
				return found.length >= count;
			},
			60_000,
			`${count} journal item(s) about ${objectId}`,
			500,
		);
		return found;
	};

	beforeAll(async () => {
		stack = await startStack(runtime, state);
		const { sandbox } = stack;
		// Something already in the journal: the first poll must start after it.
		sandbox.journal.publish([{ portalId: sandbox.hubspot.identity.portalId, action: 'CREATE', objectTypeId: '0-1', objectId: 1, occurredAt: new Date().toISOString() }]);
		await stack.session.activate(stack.workflows[KEY].id);
		await pollUntil(() => sandbox.journal.subscriptions().length === 1 && sandbox.requests({ pathPrefix: '/webhooks-journal/journal-local/2026-03/latest' }).length > 0, 90_000, 'first journal poll', 50);
	}, 10 * 60_000);

	afterAll(async () => {
		if (stack) await stack.stop();
	}, 60_000);

	it('created the v4 subscription with a client-credentials token n8n fetched', () => {
		expect(stack.sandbox.journal.subscriptions()).toEqual([
			expect.objectContaining({ subscriptionType: 'OBJECT', objectTypeId: '0-1', actions: ['CREATE', 'UPDATE', 'DELETE'], properties: ['email'] }),
		]);
		expect(stack.sandbox.journal.tokensIssued()).toBeGreaterThanOrEqual(1);
	});

	it('emits each CRM change once, with the shared header, from files fetched over https without credentials', async () => {
		const { sandbox } = stack;
		const contact = sandbox.hubspot.create('contacts', { email: 'journal@e2e.test' });
		sandbox.hubspot.update('contacts', contact.id, { firstname: 'unwatched' });
		sandbox.hubspot.update('contacts', contact.id, { email: 'journal-2@e2e.test' });
		const items = await itemsAbout(contact.id, 2);
		expect(items.map((item) => item.eventType)).toEqual(['CREATED', 'UPDATED']);
		for (const item of items) {
			expect(item).toEqual(expect.objectContaining({ objectType: 'contact', portalId: String(sandbox.hubspot.identity.portalId), traceKey: expect.stringMatching(/^hubspot-journal:/) }));
		}
		expect((await runs()).every((run) => run.items.every((item) => String(item.objectId) !== '1'))).toBe(true);
		const files = sandbox.journal.fileStats();
		expect(files.downloads).toBeGreaterThanOrEqual(2);
		expect(files.withAuthorization).toBe(0);
		// Later polls do not repeat them.
		await new Promise((resolve) => setTimeout(resolve, 12_000));
		expect(await itemsAbout(contact.id, 2)).toHaveLength(2);
	});

	it('keeps going when the token expires: n8n fetches a new one', async () => {
		const { sandbox } = stack;
		const issued = sandbox.journal.tokensIssued();
		sandbox.journal.expireTokens();
		const contact = sandbox.hubspot.create('contacts', { email: 'renewed@e2e.test' });
		expect((await itemsAbout(contact.id, 1)).map((item) => item.eventType)).toEqual(['CREATED']);
		expect(sandbox.journal.tokensIssued()).toBeGreaterThan(issued);
	});
}
