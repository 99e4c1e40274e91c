// The package inside a real n8n, judged by n8n itself. For each n8n version the global setup installed:
// a fresh user folder with the packed tarball installed as a community package, the sandbox CRM, the
// workflows in fixtures/workflows activated through n8n's REST API (what the editor's Publish button does),
// then real HTTP from the sandbox (or from the test playing the provider) and assertions on the executions
// n8n recorded. See README.md beside this file.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { pollUntil, type Runtime } from '../../scripts/n8n-runtime';
import { browserChecks } from '../browser/checks';
import { signV1, signV3, type DeliveryRecord, type JsonObject, type JsonValue, type RequestLogEntry } from '../sandbox';
import { n8nParsesAsUtf8Json } from '../../nodes/shared/rawRequest';
import { appDeliveryHeadersForBytes } from '../helpers/hubspotSigner';
import { post } from './http';
import type { TriggerRun } from './n8n-executions';
import { readRunState, type RunState } from './run-state';
import { startStack, type Stack } from './stack';

const state = readRunState();

const WORKFLOW_KEYS = [
	'hubspot-webhook',
	'hubspot-webhook-response',
	'pipedrive-webhook',
	'pipedrive-webhook-response',
	'event-poller-hubspot',
	'event-poller-pipedrive',
] as const;
type WorkflowKey = (typeof WORKFLOW_KEYS)[number];
const WEBHOOK_KEYS: WorkflowKey[] = ['hubspot-webhook', 'hubspot-webhook-response', 'pipedrive-webhook', 'pipedrive-webhook-response'];

const HOUR_MS = 3_600_000;
const CLIENT_SECRET = 'sandbox-hubspot-client-secret';

for (const plan of state.versions) {
	const title = `n8n ${plan.version ?? plan.spec}`;
	if (!plan.runtime || plan.skipReason) {
		describe.skip(title, () => {
			it(`is skipped: ${plan.skipReason ?? 'no runtime'}`, () => undefined);
		});
		continue;
	}
	describe(title, () => endToEnd(plan.runtime as Runtime, state));
}

function endToEnd(runtime: Runtime, run: RunState): void {
	let stack: Stack;
	let suiteStartedMs = 0;
	/** Object ids in hand-made HubSpot deliveries: unique per delivery so each can be found in the executions. */
	let nextObjectId = 910_000;
	const newObjectId = (): number => (nextObjectId += 1);

	// Records the pollers must report: made before activation and an hour old (so they are not "new"), then
	// changed after the first poll. Webhook deliveries are off for them: the webhook tests have their own.
	const poller = {
		hubspot: { created: '', updated: '', deleted: '' },
		pipedrive: { created: '', updated: '', deleted: '', changedAtMs: 0 },
	};

	const workflow = (key: WorkflowKey) => stack.workflows[key];
	const webhookUrl = (key: WorkflowKey): string => {
		const url = workflow(key).webhookUrl;
		if (!url) throw new Error(`${key} has no webhook`);
		return url;
	};
	const runsOf = (key: WorkflowKey): Promise<TriggerRun[]> => stack.executions.triggerRuns(workflow(key).id, workflow(key).triggerNode);
	const countOf = (key: WorkflowKey): Promise<number> => stack.executions.count(workflow(key).id);

	/** Wait until `probe` gives a value (it is polled every 500 ms); on timeout, `explain` says what was seen. */
	async function eventually<T>(
		what: string,
		timeoutMs: number,
		probe: () => Promise<T | undefined> | T | undefined,
		explain?: () => Promise<string> | string,
	): Promise<T> {
		let value: T | undefined;
		try {
			await pollUntil(
				async () => {
					value = await probe();
					return value !== undefined;
				},
				timeoutMs,
				what,
				500,
			);
		} catch (error) {
			if (!explain) throw error;
			throw new Error(`${error instanceof Error ? error.message : String(error)}\n${await explain()}`);
		}
		return value as T;
	}

	/** The runs of `key` whose items mention `objectId`, once at least `count` of them exist. */
	async function runsAbout(key: WorkflowKey, objectId: string | number, count = 1, timeoutMs = 30_000): Promise<TriggerRun[]> {
		const id = String(objectId);
		return eventually(`${count} execution(s) of ${key} about object ${id}`, timeoutMs, async () => {
			const runs = (await runsOf(key)).filter((r) => r.items.some((item) => String(item.objectId) === id));
			return runs.length >= count ? runs : undefined;
		});
	}

	/**
	 * n8n starts executions in the order requests arrive: once the execution of a valid delivery sent after a
	 * rejected one is recorded, an execution the rejected one had started would be recorded as well.
	 */
	async function expectOnlyMarkerExecution(key: WorkflowKey, countBefore: number, sendMarker: () => Promise<string>): Promise<void> {
		const markerId = await sendMarker();
		await runsAbout(key, markerId);
		expect(await countOf(key)).toBe(countBefore + 1);
	}

	const hubspotMarker = async (): Promise<string> => {
		const objectId = newObjectId();
		const delivery = await stack.sandbox.hubspot.deliver([{ subscriptionType: 'contact.creation', objectId }]);
		expect(delivery.attempts[0].status).toBe(200);
		return String(objectId);
	};

	const pipedriveMarker = async (): Promise<string> => {
		const deal = stack.sandbox.pipedrive.create('deals', { title: `marker ${randomUUID()}`, value: 1 });
		return String(deal.id);
	};

	/** Deliveries the sandbox made to one URL, oldest first, once they are all answered. */
	async function deliveriesTo(url: string): Promise<DeliveryRecord[]> {
		await stack.sandbox.settle(20_000);
		return stack.sandbox.deliveries({ targetUrl: url });
	}

	async function lastDeliveryAbout(url: string, entityId: string): Promise<DeliveryRecord> {
		return eventually(`a delivery to ${url} about ${entityId}`, 20_000, async () => {
			const found = (await deliveriesTo(url)).filter((delivery) => JSON.stringify(delivery.payload).includes(`"entity_id":"${entityId}"`));
			return found.length > 0 ? found[found.length - 1] : undefined;
		});
	}

	beforeAll(async () => {
		suiteStartedMs = Date.now();
		stack = await startStack(runtime, run);
		const { sandbox } = stack;
		const anHourAgo = Date.now() - HOUR_MS;
		const quiet = { atMs: anHourAgo, emit: false };
		poller.hubspot.updated = sandbox.hubspot.create('contacts', { email: 'poll-update@e2e.test', firstname: 'Before' }, quiet).id;
		poller.hubspot.deleted = sandbox.hubspot.create('contacts', { email: 'poll-delete@e2e.test', firstname: 'Doomed' }, quiet).id;
		poller.pipedrive.updated = String(sandbox.pipedrive.create('deals', { title: 'poll: update me', value: 100 }, quiet).id);
		poller.pipedrive.deleted = String(sandbox.pipedrive.create('deals', { title: 'poll: delete me', value: 200 }, quiet).id);

		const started = Date.now();
		// Activation finishes in the background: wait for what it does, as seen by the sandbox.
		for (const key of WEBHOOK_KEYS) await stack.session.activate(workflow(key).id);
		const pipedriveUrls = [webhookUrl('pipedrive-webhook'), webhookUrl('pipedrive-webhook-response')];
		await pollUntil(
			() =>
				sandbox.hubspot.settings()?.targetUrl === webhookUrl('hubspot-webhook') &&
				sandbox.hubspot.subscriptions().length === 3 &&
				pipedriveUrls.every((url) => sandbox.pipedrive.webhooks().some((hook) => hook.subscription_url === url)),
			90_000,
			'webhook registrations after activation',
		);
		stack.timings.activateWebhooksMs = Date.now() - started;

		// A poll runs on activation. The changes follow its last request at once (checked every 5 ms). The
		// Pipedrive poller is activated just after a second starts, so its first poll and the changes share that
		// second: Pipedrive dates changes to the second, i.e. before the poll began, and they must still come.
		const live = { emit: false };
		await stack.session.activate(workflow('event-poller-hubspot').id);
		await pollUntil(
			() => sandbox.requests({ provider: 'hubspot', pathPrefix: '/crm/v3/objects/contacts' }).some((entry) => entry.query.archived === 'true'),
			90_000,
			'first poll of the HubSpot poller',
			5,
		);
		poller.hubspot.created = sandbox.hubspot.create('contacts', { email: 'poll-create@e2e.test', firstname: 'New' }, live).id;
		sandbox.hubspot.update('contacts', poller.hubspot.updated, { firstname: 'After' }, live);
		sandbox.hubspot.archive('contacts', poller.hubspot.deleted, live);

		await new Promise((resolve) => setTimeout(resolve, 1_000 - (Date.now() % 1_000) + 10));
		await stack.session.activate(workflow('event-poller-pipedrive').id);
		await pollUntil(
			() => sandbox.requests({ provider: 'pipedrive', pathPrefix: '/api/v2/deals' }).some((entry) => entry.query.status === 'deleted'),
			90_000,
			'first poll of the Pipedrive poller',
			5,
		);
		poller.pipedrive.created = String(sandbox.pipedrive.create('deals', { title: 'poll: new', value: 300 }, live).id);
		sandbox.pipedrive.update('deals', Number(poller.pipedrive.updated), { value: 150 }, live);
		sandbox.pipedrive.delete('deals', Number(poller.pipedrive.deleted), live);
		poller.pipedrive.changedAtMs = Date.now();
		stack.timings.activateMs = Date.now() - started;
	}, 15 * 60_000);

	afterAll(async () => {
		if (!stack) return;
		stack.timings.totalMs = Date.now() - suiteStartedMs;
		writeFileSync(join(run.runDir, `timings-${runtime.n8nVersion}.json`), `${JSON.stringify(stack.timings, null, 2)}\n`);
		process.stderr.write(`[e2e] n8n ${runtime.n8nVersion} timings (ms): ${JSON.stringify(stack.timings)}\n`);
		await stack.stop();
	}, 60_000);

	describe("n8n's own Content-Type parsing", () => {
		it('every header the webhook triggers take as UTF-8 JSON is one this n8n parses as application/json decoded as UTF-8 (or refuses before the node runs)', () => {
			const candidates = [
				join(runtime.n8n.dir, 'node_modules/@n8n/backend-network/dist/http/parse-incoming-message.js'),
				join(runtime.n8n.dir, 'node_modules/n8n-core/dist/execution-engine/node-execution-context/utils/parse-incoming-message.js'),
			].filter((file) => existsSync(file));
			// If n8n moves its parser, this fails: the conditions in nodes/shared/rawRequest.ts need a new look.
			expect(candidates.length).toBeGreaterThan(0);
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const { parseContentType } = require(candidates[0]) as { parseContentType: (header: string) => { type: string; parameters: { charset: string } } | null };
			const types = ['application/json', 'Application/JSON', 'APPLICATION/JSON', 'application/json ', ' application/json', 'application/jsonx', 'text/json', 'application/vnd.api+json'];
			const parameters = ['', 'charset=utf-8', 'charset=UTF8', 'charset="utf-8"', ' charset = utf-8 ', 'charset=latin1', 'charset="latin1"', 'charset=%75tf-8', 'charset=utf-8=latin1', 'CHARSET=utf-16le', 'charset', 'charset=', 'charset="utf-8', 'charset=utf-8"', 'foo=bar', 'foo="a;charset=latin1"', 'charset=ucs2', 'charset=hex'];
			const bytes = Buffer.from('[{"v":"Zoë Ångström ✓ 😀"}]', 'utf8');
			const expected = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
			let taken = 0;
			const disagreements: string[] = [];
			for (const type of types) {
				for (const first of parameters) {
					for (const second of parameters) {
						const header = [type, first, second].filter((part, index) => index === 0 || part !== '').join(';');
						if (!n8nParsesAsUtf8Json(header)) continue;
						taken += 1;
						const parsed = parseContentType(header);
						if (parsed?.type !== 'application/json') {
							disagreements.push(`${header}: n8n's type ${String(parsed?.type)}`);
							continue;
						}
						let decoded: string | undefined;
						try {
							decoded = bytes.toString(parsed.parameters.charset.toLowerCase() as BufferEncoding);
						} catch {
							// n8n answers 422 (an encoding Node lacks) and the node never runs: nothing to disagree with.
						}
						if (decoded !== undefined && decoded !== expected) disagreements.push(`${header}: n8n decodes as ${parsed.parameters.charset}`);
					}
				}
			}
			expect(disagreements).toEqual([]);
			expect(taken).toBeGreaterThan(50);
		});
	});

	describe('installation and activation', () => {
		it('installed the tarball as a community package with no runtime dependencies, and n8n activated every workflow', async () => {
			const manifestFile = join(stack.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-crm-listeners', 'package.json');
			const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { dependencies?: Record<string, string>; n8n: { nodes: string[] } };
			expect(manifest.dependencies ?? {}).toEqual({});
			expect(manifest.n8n.nodes).toHaveLength(4);
			for (const key of WORKFLOW_KEYS) {
				const found = (await stack.session.getWorkflow(workflow(key).id)) as { active?: boolean };
				expect({ key, active: found.active }).toEqual({ key, active: true });
			}
		});

		it('registered the HubSpot target URL and subscriptions and both Pipedrive webhooks on activation', () => {
			const { sandbox } = stack;
			expect(sandbox.hubspot.settings()?.targetUrl).toBe(webhookUrl('hubspot-webhook'));
			const subscriptions = sandbox.hubspot
				.subscriptions()
				.map((s) => `${s.eventType}${s.propertyName ? `:${s.propertyName}` : ''}`)
				.sort();
			expect(subscriptions).toEqual(['contact.creation', 'contact.deletion', 'contact.propertyChange:email']);
			const hooks = sandbox.pipedrive.webhooks();
			expect(hooks.map((hook) => hook.subscription_url).sort()).toEqual(
				[webhookUrl('pipedrive-webhook'), webhookUrl('pipedrive-webhook-response')].sort(),
			);
			for (const hook of hooks) {
				expect({ object: hook.event_object, action: hook.event_action, version: hook.version }).toEqual({ object: 'deal', action: '*', version: '2.0' });
				expect(hook.http_auth_user).toEqual(expect.any(String));
				expect((hook.http_auth_password ?? '').length).toBeGreaterThanOrEqual(16);
			}
		});
	});

	describe('HubSpot Webhook Trigger', () => {
		let creation: DeliveryRecord;

		it('turns a CRM change into a signed delivery that starts one execution with verified CREATED and UPDATED items', async () => {
			const url = webhookUrl('hubspot-webhook');
			const contact = stack.sandbox.hubspot.create('contacts', { email: 'webhook@e2e.test', firstname: 'Hook' });
			const [execution] = await runsAbout('hubspot-webhook', contact.id);
			creation = (await deliveriesTo(url)).filter((d) => (d.payload as JsonObject[]).some((event) => String(event.objectId) === contact.id))[0];
			expect(creation.attempts.map((a) => a.status)).toEqual([200]);
			expect(execution.status).toBe('success');
			expect(execution.items.map((item) => [item.eventType, item.objectType, item.objectId, item.subscriptionType]).sort()).toEqual([
				['CREATED', 'contact', contact.id, 'contact.creation'],
				['UPDATED', 'contact', contact.id, 'contact.propertyChange'],
			]);
			for (const item of execution.items) {
				expect(item.verification).toEqual({ verified: true, version: 'v3' });
				expect(item.traceKey).toEqual(expect.stringMatching(/^hubspot:/));
			}
			stack.sandbox.hubspot.archive('contacts', contact.id);
			const runs = await runsAbout('hubspot-webhook', contact.id, 2);
			expect(runs[1].items.map((item) => item.eventType)).toEqual(['DELETED']);
		});

		it.each([
			{ name: 'v1 and v3 signatures', signatures: ['v1', 'v3'] as Array<'v1' | 'v3'> },
			{ name: 'v3 signature only', signatures: ['v3'] as Array<'v1' | 'v3'> },
		])('accepts a delivery with $name and starts an execution', async ({ signatures }) => {
			const objectId = newObjectId();
			const delivery = await stack.sandbox.hubspot.deliver([{ subscriptionType: 'contact.creation', objectId }], { signatures });
			expect(delivery.attempts.map((a) => a.status)).toEqual([200]);
			const [execution] = await runsAbout('hubspot-webhook', objectId);
			expect(execution.items).toHaveLength(1);
			expect(execution.items[0]).toMatchObject({ eventType: 'CREATED', objectId: String(objectId), verification: { verified: true } });
		});

		it.each([
			{ name: 'signed with another secret', options: () => ({ clientSecret: 'not-the-app-secret' }) },
			{ name: 'without any signature', options: () => ({ signatures: [] as Array<'v1' | 'v3'> }) },
			// Timestamps taken when the case runs: n8n's start and earlier cases can take minutes on a busy machine.
			{ name: 'a v3 signature ten minutes old', options: () => ({ signatures: ['v3'] as Array<'v1' | 'v3'>, timestampMs: Date.now() - 10 * 60_000 }) },
			{ name: 'a v3 signature from the future', options: () => ({ signatures: ['v3'] as Array<'v1' | 'v3'>, timestampMs: Date.now() + 10 * 60_000 }) },
		])('answers 401 to a forged delivery ($name), every retry, and starts no execution', async ({ options }) => {
			const countBefore = await countOf('hubspot-webhook');
			const objectId = newObjectId();
			const delivery = await stack.sandbox.hubspot.deliver([{ subscriptionType: 'contact.creation', objectId }], options());
			expect(delivery.attempts.map((a) => a.status)).toEqual(delivery.attempts.map(() => 401));
			expect(delivery.attempts.length).toBeGreaterThan(1);
			expect(delivery.state).toBe('failed');
			await expectOnlyMarkerExecution('hubspot-webhook', countBefore, hubspotMarker);
			const runs = await runsOf('hubspot-webhook');
			expect(runs.filter((r) => r.items.some((item) => item.objectId === String(objectId)))).toEqual([]);
		});

		it('refuses a v1-only delivery once the node has accepted v3 (a captured delivery stripped of v3): 401 v3-expected, no execution', async () => {
			const countBefore = await countOf('hubspot-webhook');
			const objectId = newObjectId();
			const delivery = await stack.sandbox.hubspot.deliver([{ subscriptionType: 'contact.creation', objectId }], { signatures: ['v1'] });
			expect(delivery.attempts.map((a) => a.status)).toEqual(delivery.attempts.map(() => 401));
			expect(JSON.parse(delivery.attempts[0].responseBody)).toEqual({ error: 'unauthorized', reason: 'v3-expected' });
			await expectOnlyMarkerExecution('hubspot-webhook', countBefore, hubspotMarker);
		});

		it('a non-JSON body sent as application/json, signed or forged: n8n answers 422 itself before the node runs, with no stack trace and no secret, and nothing runs', async () => {
			const url = webhookUrl('hubspot-webhook');
			const countBefore = await countOf('hubspot-webhook');
			const body = '[{"eventId": 1, "objectId": 2, this is not JSON';
			const answers = [
				await post(url, body, hubspotSignatureHeaders(url, body)),
				await post(url, body, hubspotSignatureHeaders(url, body, 'not-the-app-secret')),
			];
			const secrets = fixtureSecrets();
			for (const answer of answers) {
				// n8n parses application/json bodies of webhook nodes before they run; a node cannot take the raw body first.
				expect(answer.status).toBe(422);
				expect(JSON.parse(answer.body)).toMatchObject({ code: 422, message: 'Failed to parse request body' });
				expect(answer.body).not.toMatch(/stacktrace|\n\s+at |\.js:\d+/);
				for (const secret of secrets) expect(answer.body).not.toContain(secret);
			}
			await expectOnlyMarkerExecution('hubspot-webhook', countBefore, hubspotMarker);
		});

		it('version 2 and version 1 alike: a signed JSON body of another media type gets the node\'s 415 and starts nothing; one sent with no media type (n8n leaves it unread on version 2) is read by the node and runs', async () => {
			const targets = [
				{ key: 'hubspot-webhook' as const, version: 2 },
				{ key: 'hubspot-webhook-response' as const, version: 1 },
			];
			const countsBefore = await Promise.all(targets.map(async ({ key }) => countOf(key)));
			const accepted: Array<{ key: WorkflowKey; objectId: string }> = [];
			for (const { key, version } of targets) {
				expect(stack.workflows[key].triggerVersion).toBe(version);
				const url = webhookUrl(key);
				for (const mediaType of ['application/octet-stream', undefined]) {
					const objectId = newObjectId();
					const body = JSON.stringify([{ eventId: newObjectId(), subscriptionType: 'contact.creation', objectId, portalId: 1, occurredAt: Date.now(), attemptNumber: 0 }]);
					const headers = hubspotSignatureHeaders(url, body);
					if (mediaType === undefined) delete headers['content-type'];
					else headers['content-type'] = mediaType;
					const answer = await post(url, body, headers);
					if (mediaType === undefined) {
						expect({ key, success: answer.status >= 200 && answer.status < 300 }).toEqual({ key, success: true });
						accepted.push({ key, objectId: String(objectId) });
					} else {
						expect({ key, status: answer.status, body: JSON.parse(answer.body) as JsonValue }).toEqual({
							key,
							status: 415,
							body: { error: 'unsupported-media-type', reason: 'unsupported-media-type' },
						});
					}
				}
			}
			for (const { key, objectId } of accepted) {
				const [execution] = await runsAbout(key, objectId);
				expect(execution.items.map((item) => [item.eventType, item.objectId])).toEqual([['CREATED', objectId]]);
			}
			// The refused bodies started nothing: each workflow ran for its accepted body only.
			for (const [index, { key }] of targets.entries()) expect(await countOf(key)).toBe(countsBefore[index] + 1);
		});

		it("takes n8n's parse of the body only when n8n decoded UTF-8: a charset=latin1 delivery keeps its values as sent; signed bytes that are not UTF-8 get 400 and start nothing", async () => {
			const url = webhookUrl('hubspot-webhook');
			const countBefore = await countOf('hubspot-webhook');
			const objectId = newObjectId();
			const value = 'Zoë Ångström';
			const body = JSON.stringify([{ eventId: newObjectId(), subscriptionType: 'contact.propertyChange', objectId, portalId: 1, occurredAt: Date.now(), attemptNumber: 0, propertyName: 'firstname', propertyValue: value }]);
			// n8n decodes this body as latin-1 ("ZoÃ« Ã…ngstrÃ¶m") and parses that; the node parses the verified bytes.
			const latin1 = await post(url, body, { ...hubspotSignatureHeaders(url, body), 'content-type': 'application/json; charset=latin1' });
			expect(latin1.status).toBe(200);
			const [execution] = await runsAbout('hubspot-webhook', objectId);
			expect(execution.items.map((item) => item.propertyValue)).toEqual([value]);

			// n8n parses these bytes with U+FFFD in place of the broken sequence; the node refuses them as before.
			const broken = Buffer.concat([Buffer.from(`[{"eventId":${newObjectId()},"subscriptionType":"contact.creation","objectId":${newObjectId()},"portalId":1,"propertyValue":"`), Buffer.from([0xff, 0xc0, 0xaf]), Buffer.from('"}]')]);
			const signed = Object.fromEntries(Object.entries(appDeliveryHeadersForBytes(CLIENT_SECRET, url, broken)).map(([name, headerValue]) => [name.toLowerCase(), headerValue]));
			const refused = await post(url, broken, { ...signed, 'content-type': 'application/json' });
			expect({ status: refused.status, body: JSON.parse(refused.body) as JsonValue }).toMatchObject({ status: 400, body: { reason: 'invalid-json' } });
			expect(await countOf('hubspot-webhook')).toBe(countBefore + 1);

			// A plain UTF-8 JSON delivery (the kind every other test sends): n8n's parse of such a body is what the
			// node takes, once the first one of the process was parsed by the node too, compared and found the same
			// (logged once per process).
			const plainId = newObjectId();
			const plain = JSON.stringify([{ eventId: newObjectId(), subscriptionType: 'contact.propertyChange', objectId: plainId, portalId: 1, occurredAt: Date.now(), attemptNumber: 0, propertyName: 'firstname', propertyValue: value }]);
			expect((await post(url, plain, hubspotSignatureHeaders(url, plain))).status).toBe(200);
			const [plainRun] = await runsAbout('hubspot-webhook', plainId);
			expect(plainRun.items.map((item) => item.propertyValue)).toEqual([value]);
			const log = readFileSync(stack.n8n.logFile, 'utf8');
			expect(log.match(/n8n's parse of a verified JSON body matched the node's own/g)).toHaveLength(1);
			expect(log).not.toContain("n8n's parse of a verified JSON body differed");
		});

		it('drops a redelivered delivery: 2xx to HubSpot, no second execution', async () => {
			const objectId = String((creation.payload as JsonObject[])[0].objectId);
			const countBefore = await countOf('hubspot-webhook');
			const again = await stack.sandbox.hubspot.redeliver(creation.id);
			expect(again.attempts.map((a) => a.status)).toEqual([200]);
			expect(JSON.parse(again.attempts[0].responseBody)).toMatchObject({ received: 2, emitted: 0 });
			await expectOnlyMarkerExecution('hubspot-webhook', countBefore, hubspotMarker);
			const withCreation = (await runsOf('hubspot-webhook')).filter((r) => r.items.some((item) => item.objectId === objectId && item.eventType === 'CREATED'));
			expect(withCreation).toHaveLength(1);
		});
	});

	describe('Pipedrive Webhook Trigger', () => {
		let created: DeliveryRecord;

		it('turns deal changes into deliveries with the registered Basic auth that start CREATED, UPDATED and DELETED executions', async () => {
			const url = webhookUrl('pipedrive-webhook');
			const deal = stack.sandbox.pipedrive.create('deals', { title: 'Webhook deal', value: 5000 });
			const id = String(deal.id);
			const [first] = await runsAbout('pipedrive-webhook', id);
			created = await lastDeliveryAbout(url, id);
			expect(created.attempts.map((a) => a.status)).toEqual([200]);
			expect(first.items).toHaveLength(1);
			expect(first.items[0]).toMatchObject({ eventType: 'CREATED', objectType: 'deal', objectId: id, authentication: { verified: true, method: 'basic' } });
			stack.sandbox.pipedrive.update('deals', deal.id, { value: 6000 });
			await runsAbout('pipedrive-webhook', id, 2);
			stack.sandbox.pipedrive.delete('deals', deal.id);
			const runs = await runsAbout('pipedrive-webhook', id, 3);
			expect(runs.map((r) => r.items.map((item) => item.eventType)).flat()).toEqual(['CREATED', 'UPDATED', 'DELETED']);
		});

		it.each([
			{ name: 'a wrong password', auth: { user: 'n8n', password: 'wrong-password-0123456789' } as { user: string; password: string } | null },
			{ name: 'no Authorization header', auth: null },
		])('answers 401 to a delivery with $name, every retry, and starts no execution', async ({ auth }) => {
			const hook = stack.sandbox.pipedrive.webhooks().find((h) => h.subscription_url === webhookUrl('pipedrive-webhook'));
			if (!hook) throw new Error('the Pipedrive webhook is not registered');
			const countBefore = await countOf('pipedrive-webhook');
			const entityId = String(newObjectId());
			const body = freshPipedriveBody(created.payload, entityId);
			const delivery = await stack.sandbox.pipedrive.deliver(hook.id, body, { auth });
			expect(delivery.attempts.map((a) => a.status)).toEqual(delivery.attempts.map(() => 401));
			expect(delivery.attempts.length).toBeGreaterThan(1);
			await expectOnlyMarkerExecution('pipedrive-webhook', countBefore, pipedriveMarker);
			expect((await runsOf('pipedrive-webhook')).filter((r) => r.items.some((item) => item.objectId === entityId))).toEqual([]);
		});

		it('drops a redelivered delivery: 2xx to Pipedrive, no second execution', async () => {
			const countBefore = await countOf('pipedrive-webhook');
			const again = await stack.sandbox.pipedrive.redeliver(created.id);
			expect(again.attempts.map((a) => a.status)).toEqual([200]);
			await expectOnlyMarkerExecution('pipedrive-webhook', countBefore, pipedriveMarker);
			const id = String((created.payload as { meta: { entity_id: string } }).meta.entity_id);
			const creations = (await runsOf('pipedrive-webhook')).filter((r) => r.items.some((item) => item.objectId === id && item.eventType === 'CREATED'));
			expect(creations).toHaveLength(1);
		});
	});

	describe('response overrides', () => {
		it('HubSpot: the configured status, media type and body template reach the caller, for new events and for duplicates', async () => {
			const url = webhookUrl('hubspot-webhook-response');
			const occurredAt = Date.now();
			const bodyFor = (objectIds: number[]): string =>
				JSON.stringify(
					objectIds.map((objectId) => ({
						eventId: 990_000 + objectId,
						subscriptionId: 1,
						portalId: 62515,
						appId: 123456,
						occurredAt,
						subscriptionType: 'contact.creation',
						attemptNumber: 0,
						objectId,
						changeSource: 'CRM',
					})),
				);
			const ids = [newObjectId(), newObjectId()];
			const body = bodyFor(ids);
			const send = () => post(url, body, hubspotSignatureHeaders(url, body));
			const first = await send();
			expect({ status: first.status, type: first.headers['content-type'], body: first.body }).toEqual({
				status: 202,
				type: 'application/xml; charset=utf-8',
				body: '<ack received="2" emitted="2" duplicates="0"/>',
			});
			const [execution] = await runsAbout('hubspot-webhook-response', ids[0]);
			expect(execution.items.map((item) => item.objectId).sort()).toEqual(ids.map(String).sort());

			const countBefore = await countOf('hubspot-webhook-response');
			const again = await send();
			expect({ status: again.status, type: again.headers['content-type'], body: again.body }).toEqual({
				status: 202,
				type: 'application/xml; charset=utf-8',
				body: '<ack received="2" emitted="0" duplicates="2"/>',
			});
			const forged = await post(url, body, hubspotSignatureHeaders(url, body, 'not-the-app-secret'));
			expect(forged.status).toBe(401);
			// A third, new event proves the two requests above started nothing (executions start in arrival order).
			const marker = newObjectId();
			const markerBody = bodyFor([marker, ids[1]]);
			expect((await post(url, markerBody, hubspotSignatureHeaders(url, markerBody))).body).toBe('<ack received="2" emitted="1" duplicates="1"/>');
			await runsAbout('hubspot-webhook-response', marker);
			expect(await countOf('hubspot-webhook-response')).toBe(countBefore + 1);

			// What n8n saved to its database: the duplicate memory as one string of 20-character keys (state version 3).
			const { id, triggerNode } = workflow('hubspot-webhook-response');
			const saved = await eventually('the duplicate memory in the static data n8n saved', 30_000, async () => {
				const { staticData } = (await stack.session.getWorkflow(id)) as { staticData?: Record<string, { seenTraceKeys?: { keys?: unknown } }> | null };
				const memory = staticData?.[`node:${triggerNode}`]?.seenTraceKeys;
				return typeof memory?.keys === 'string' && memory.keys.length >= 3 * 20 ? memory : undefined;
			});
			expect(saved).toMatchObject({ v: 3, t0: expect.any(Number), keys: expect.stringMatching(/^(?:[\w-]{20})+$/), dt: expect.any(String) });
		});

		it('Pipedrive: the configured status, media type and body template reach the caller', async () => {
			const url = webhookUrl('pipedrive-webhook-response');
			const deal = stack.sandbox.pipedrive.create('deals', { title: 'Answered deal', value: 42 });
			const delivery = await lastDeliveryAbout(url, String(deal.id));
			expect(delivery.attempts.map((a) => [a.status, a.responseBody])).toEqual([[201, 'accepted 1 of 1']]);
			await runsAbout('pipedrive-webhook-response', deal.id);
			// The same request again, sent by the test to see the headers: a duplicate, still answered as configured.
			const attempt = delivery.attempts[0];
			const again = await post(url, attempt.body, attempt.headers);
			expect({ status: again.status, type: again.headers['content-type'], body: again.body }).toEqual({
				status: 201,
				type: 'text/plain; charset=utf-8',
				body: 'accepted 0 of 1',
			});
		});
	});

	describe('HubSpot app models and the test loop (Execute step)', () => {
		const project = () => stack.workflows['hubspot-project-app'];
		const testUrlOf = (productionUrl: string): string => productionUrl.replace('/webhook/', '/webhook-test/');

		/** What the editor's Execute step on the trigger does: a manual run that waits for the test webhook. */
		async function executeStep(workflowId: string, nodeName: string): Promise<{ status: number; text: string }> {
			const workflowData = await stack.session.getWorkflow(workflowId);
			const response = await stack.session.call('POST', `/workflows/${workflowId}/run`, { workflowData, triggerToStartFrom: { name: nodeName } });
			return { status: response.status, text: response.text };
		}

		async function manualRunWith(workflowId: string, nodeName: string, match: (item: JsonObject) => boolean): Promise<JsonObject> {
			return eventually(`a test run of ${workflowId} with the expected item`, 30_000, async () => {
				const runs = await stack.executions.triggerRuns(workflowId, nodeName);
				return runs.flatMap((r) => r.items as JsonObject[]).find(match);
			});
		}

		it('project app: Execute step + the Test URL give the webhooks file; uploaded, it brings CRM changes to the production workflow', async () => {
			const { id, triggerNode } = project();
			const productionUrl = project().webhookUrl ?? '';
			const started = await executeStep(id, triggerNode);
			expect(started).toMatchObject({ status: 200 });
			const page = await eventually('the setup page on the Test URL', 20_000, async () => {
				const response = await fetch(testUrlOf(productionUrl));
				return response.status === 200 ? await response.text() : undefined;
			});
			const file = /----- src\/app\/webhooks\/webhooks-hsmeta\.json -----\n([\s\S]*?)\n-----\n/.exec(page)?.[1] ?? '';
			const hsmeta = JSON.parse(file) as { config: { settings: { targetUrl: string }; subscriptions: Record<string, JsonObject[]> } };
			expect(hsmeta.config.settings.targetUrl).toBe(productionUrl);
			expect(hsmeta.config.subscriptions).toEqual({
				crmObjects: [{ subscriptionType: 'object.creation', objectType: 'deal', active: true }],
				legacyCrmObjects: [{ subscriptionType: 'contact.creation', active: true }],
				hubEvents: [],
			});
			// The same file is the step's output in the editor.
			const shown = await manualRunWith(id, triggerNode, (item) => typeof item.hsmetaText === 'string');
			expect(JSON.parse(String(shown.hsmetaText))).toEqual(hsmeta);

			await stack.session.activate(id);
			await new Promise((resolve) => setTimeout(resolve, 2_000));
			// "hs project upload": the sandbox now delivers the file's subscriptions to its static target URL, v3 + v1.
			const requestsBefore = stack.sandbox.hubspot.requests().length;
			stack.sandbox.hubspot.uploadProject(hsmeta as unknown as JsonValue);
			const deal = stack.sandbox.hubspot.create('deals', { dealname: 'project app deal' });
			const runs = await runsAbout('hubspot-project-app' as WorkflowKey, deal.id);
			expect(runs[0].items[0]).toMatchObject({
				eventType: 'CREATED',
				objectType: 'deal',
				subscriptionType: 'object.creation',
				objectTypeId: '0-3',
				verification: { verified: true, version: 'v3' },
			});
			// Activation of a project-app trigger made no call to HubSpot's API.
			expect(stack.sandbox.hubspot.requests().slice(requestsBefore).filter((r) => r.path.startsWith('/webhooks/'))).toEqual([]);
			await stack.session.deactivate(id);
			// An empty upload: later tests' CRM changes must not go to this now inactive URL.
			stack.sandbox.hubspot.uploadProject({ type: 'webhooks', config: { settings: { targetUrl: productionUrl }, subscriptions: {} } });
		});

		it('test loop: Execute step, then the signed sandbox delivery npm start prints, and the event is the test run', async () => {
			const { id, triggerNode } = project();
			expect(await executeStep(id, triggerNode)).toMatchObject({ status: 200 });
			const objectId = newObjectId();
			const delivery = await eventually('a delivery the Test URL accepts', 20_000, async () => {
				const sent = await stack.sandbox.hubspot.deliver([{ subscriptionType: 'contact.creation', objectId }], { targetUrl: testUrlOf(project().webhookUrl ?? '') });
				return sent.attempts[0]?.status === 200 ? sent : undefined;
			});
			expect(delivery.attempts[0].status).toBe(200);
			const item = await manualRunWith(id, triggerNode, (candidate) => String(candidate.objectId) === String(objectId));
			expect(item).toMatchObject({ eventType: 'CREATED', objectType: 'contact', verification: { verified: true, version: 'v3' } });
		});

		it("test loop on a legacy app a live workflow owns: Execute step changes nothing and says what to do", async () => {
			const before = stack.sandbox.hubspot.settings();
			const { id, triggerNode } = workflow('hubspot-webhook');
			const answer = await executeStep(id, triggerNode);
			expect(answer.text).toMatch(/this workflow's production URL/);
			expect(answer.text).toMatch(/A Test Delivery I Send/);
			expect(stack.sandbox.hubspot.settings()).toEqual(before);
		});
	});

	describe('registration lifecycle', () => {
		it('deactivation removes exactly what each trigger registered; activation registers it again', async () => {
			const { sandbox, session } = stack;
			const hookOf = (key: WorkflowKey) => sandbox.pipedrive.webhooks().find((hook) => hook.subscription_url === webhookUrl(key));
			const ours = hookOf('pipedrive-webhook');
			const other = hookOf('pipedrive-webhook-response');
			const subscriptionIds = sandbox.hubspot.subscriptions().map((subscription) => subscription.id);
			const lastSeq = Math.max(0, ...sandbox.requests().map((entry) => entry.seq));
			await session.deactivate(workflow('hubspot-webhook').id);
			await session.deactivate(workflow('pipedrive-webhook').id);
			await pollUntil(
				() => sandbox.hubspot.settings() === null && sandbox.hubspot.subscriptions().length === 0 && hookOf('pipedrive-webhook') === undefined,
				30_000,
				'registrations removed after deactivation',
			);
			const deletes = sandbox
				.requests({ method: 'DELETE' })
				.filter((entry) => entry.seq > lastSeq)
				.map((entry) => `${entry.provider} ${entry.path}`)
				.sort();
			expect(deletes).toEqual(
				[
					`pipedrive /v1/webhooks/${String(ours?.id)}`,
					`hubspot /webhooks/v3/123456/settings`,
					...subscriptionIds.map((id) => `hubspot /webhooks/v3/123456/subscriptions/${id}`),
				].sort(),
			);
			// The other Pipedrive workflow's webhook is not ours to delete.
			expect(sandbox.pipedrive.webhooks().map((hook) => hook.id)).toEqual([other?.id]);

			await session.activate(workflow('hubspot-webhook').id);
			await session.activate(workflow('pipedrive-webhook').id);
			await pollUntil(
				() =>
					sandbox.hubspot.settings()?.targetUrl === webhookUrl('hubspot-webhook') &&
					sandbox.hubspot.subscriptions().length === 3 &&
					sandbox.pipedrive.webhooks().some((hook) => hook.subscription_url === webhookUrl('pipedrive-webhook')),
				60_000,
				'registrations back after activation',
			);
			// And the new registrations deliver.
			await runsAbout('hubspot-webhook', await hubspotMarker());
			await runsAbout('pipedrive-webhook', await pipedriveMarker());
		});
	});

	describe('Event Poller Trigger', () => {
		it.each([
			{
				name: 'HubSpot contacts',
				source: 'hubspot' as const,
				key: 'event-poller-hubspot' as const,
				objectType: 'contact',
				/** The first request of each poll. */
				isPoll: (entry: RequestLogEntry) => entry.path === '/crm/v3/objects/contacts/search',
			},
			{
				name: 'Pipedrive deals',
				source: 'pipedrive' as const,
				key: 'event-poller-pipedrive' as const,
				objectType: 'deal',
				isPoll: (entry: RequestLogEntry) => entry.path === '/api/v2/deals' && entry.query.status === undefined,
			},
		])('$name: emits CREATED, UPDATED and DELETED for the sandbox changes, each exactly once', async ({ source, key, objectType, isPoll }) => {
			const polls = () => stack.sandbox.requests().filter(isPoll);
			const ids = poller[source];
			const expected = [
				[ids.created, 'CREATED'],
				[ids.deleted, 'DELETED'],
				[ids.updated, 'UPDATED'],
			];
			const ofOurs = (runs: TriggerRun[]) =>
				runs
					.flatMap((r) => r.items)
					.filter((item) => [ids.created, ids.updated, ids.deleted].includes(String(item.objectId)))
					.map((item) => [String(item.objectId), String(item.eventType)])
					.sort((a, b) => a[1].localeCompare(b[1]));
			// HubSpot's preset waits 30 s for search indexing (Pipedrive's 5 s); polls run every 10 s.
			await eventually(
				`${key} to report the three changes`,
				90_000,
				async () => {
					const seen = ofOurs(await runsOf(key));
					return seen.length >= expected.length ? seen : undefined;
				},
				async () => {
					const runs = await runsOf(key);
					const first = polls()[0];
					return [
						`expected ${JSON.stringify(expected)}`,
						`first poll request ${new Date(first?.atMs ?? 0).toISOString()}; changes made ${source === 'pipedrive' ? new Date(poller.pipedrive.changedAtMs).toISOString() : 'after it'}`,
						`items: ${JSON.stringify(runs.map((r) => r.items.map((item) => [item.eventType, item.objectId, item.occurredAt])))}`,
						`last polls: ${JSON.stringify(polls().slice(-3).map((p) => [new Date(p.atMs).toISOString(), p.method, p.path, p.query, p.status]))}`,
						`records: ${JSON.stringify(source === 'pipedrive' ? [...stack.sandbox.pipedrive.list('deals'), ...stack.sandbox.pipedrive.list('deals', { deleted: true })] : stack.sandbox.hubspot.list('contacts'))}`,
					].join('\n');
				},
			);
			// Let two more polls run: nothing may come twice.
			const pollsSoFar = polls().length;
			await pollUntil(() => polls().length >= pollsSoFar + 2, 60_000, `two more polls of ${key}`);
			await new Promise((resolve) => setTimeout(resolve, 2_000));
			const runs = await runsOf(key);
			expect(ofOurs(runs)).toEqual(expected);
			const items = runs.flatMap((r) => r.items);
			for (const item of items) expect(item.objectType).toBe(objectType);
			const identities = items.map((item) => `${String(item.eventType)} ${String(item.objectId)} ${String(item.occurredAt)}`);
			expect(identities.length).toBe(new Set(identities).size);
			expect(runs.every((r) => r.status === 'success')).toBe(true);
		});
	});

	// Last: the same n8n in a real browser (test/browser/README.md).
	browserChecks({ stack: () => stack, run, version: runtime.n8nVersion });
}

/** HubSpot's v1 and v3 signature headers over `body` for a POST to `url`. */
/** Every secret the e2e credentials hold (client secrets, tokens, keys, passwords). */
function fixtureSecrets(): string[] {
	const credentials = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'credentials.json'), 'utf8')) as Array<{ data: Record<string, unknown> }>;
	return credentials
		.flatMap((credential) => Object.entries(credential.data))
		.filter(([name, value]) => typeof value === 'string' && /secret|token|key|password/i.test(name) && value.length >= 8)
		.map(([, value]) => value as string);
}

function hubspotSignatureHeaders(url: string, body: string, secret = CLIENT_SECRET): Record<string, string> {
	const timestamp = String(Date.now());
	return {
		'content-type': 'application/json',
		'x-hubspot-signature': signV1(secret, body),
		'x-hubspot-signature-version': 'v1',
		'x-hubspot-signature-v3': signV3(secret, 'POST', url, body, timestamp),
		'x-hubspot-request-timestamp': timestamp,
	};
}

/** A Pipedrive v2 body for a change nobody has seen: a copy of `template` with a new event id and record id. */
function freshPipedriveBody(template: JsonValue, entityId: string): JsonValue {
	const body = JSON.parse(JSON.stringify(template)) as { meta: JsonObject; data: JsonObject | null };
	body.meta.id = randomUUID();
	body.meta.correlation_id = randomUUID();
	body.meta.entity_id = entityId;
	if (body.data) body.data.id = Number(entityId);
	return body as unknown as JsonValue;
}
