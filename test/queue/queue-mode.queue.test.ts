// The package on n8n's distributed setup (queue mode), judged by n8n's own records: see README.md beside this
// file. One installation for the whole file; the describe blocks run in order and share it. The pollers are
// activated first so their waits overlap the webhook tests.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { N8N_VERSION, pollUntil, type Runtime } from '../../scripts/n8n-runtime';
import { readRunState } from '../e2e/run-state';
import type { RequestLogEntry } from '../sandbox';
import { hubspotDelivery, send, sendAtOnce } from './deliveries';
import type { ExecutionRecord } from './records';
import { ensureServiceBinaries } from './services/debian';
import { startQueueStack, type QueueStack } from './stack';

const state = readRunState();
const runtime = state.versions[0].runtime as Runtime;

/** Trials per duplicate measurement (CRM_LISTENERS_QUEUE_TRIALS raises it for a longer measurement). */
const TRIALS = Number(process.env.CRM_LISTENERS_QUEUE_TRIALS ?? '30');
/** A provider's first retry comes this long after a failed attempt at the earliest (Pipedrive: 3 s; HubSpot: later). */
const RETRY_DELAY_MS = 3_000;
const WEBHOOK_WORKFLOWS = ['hubspot-webhook', 'pipedrive-webhook', 'hubspot-webhook-remove-duplicates'];
const HOUR_MS = 3_600_000;

let stack: QueueStack;
const workflow = (key: string) => {
	const found = stack.workflows[key];
	if (!found) throw new Error(`no workflow fixture ${key}`);
	return found;
};
const webhookUrl = (key: string): string => {
	const url = workflow(key).webhookUrl;
	if (!url) throw new Error(`${key} has no webhook`);
	return url;
};
/** The same webhook on one webhook process, bypassing the load balancer. */
const directUrl = (key: string, processIndex: number): string => webhookUrl(key).replace(stack.loadBalancer.url, stack.webhooks[processIndex].url);

/** Figures the README quotes, written beside the run's timings. */
const figures: Record<string, unknown> = {};

/** Records the pollers must report, made an hour before activation, changed after the first poll. */
const poller = {
	hubspot: { created: '', updated: '', deleted: '' },
	pipedrive: { created: '', updated: '', deleted: '' },
	journal: '',
};
/** Sandbox request log position when activation began: registration requests come after it. */
let activationSeq = 0;

beforeAll(async () => {
	const binaries = await ensureServiceBinaries((message) => process.stderr.write(`[queue] ${message}\n`));
	stack = await startQueueStack(runtime, state, binaries);
	const { sandbox, session } = stack;
	const started = Date.now();
	const quiet = { atMs: Date.now() - HOUR_MS, emit: false };
	poller.hubspot.updated = sandbox.hubspot.create('contacts', { email: 'poll-update@queue.test', firstname: 'Before' }, quiet).id;
	poller.hubspot.deleted = sandbox.hubspot.create('contacts', { email: 'poll-delete@queue.test', firstname: 'Doomed' }, quiet).id;
	poller.pipedrive.updated = String(sandbox.pipedrive.create('deals', { title: 'poll: update me', value: 100 }, quiet).id);
	poller.pipedrive.deleted = String(sandbox.pipedrive.create('deals', { title: 'poll: delete me', value: 200 }, quiet).id);
	activationSeq = Math.max(0, ...sandbox.requests().map((entry) => entry.seq));

	for (const key of WEBHOOK_WORKFLOWS) await session.activate(workflow(key).id);
	await pollUntil(
		() =>
			sandbox.hubspot.settings()?.targetUrl === webhookUrl('hubspot-webhook') &&
			sandbox.hubspot.subscriptions().length === 3 &&
			sandbox.pipedrive.webhooks().some((hook) => hook.subscription_url === webhookUrl('pipedrive-webhook')),
		90_000,
		'webhook registrations after activation',
	);

	// Pollers: a poll runs on activation; the changes follow it (see the e2e suite for why Pipedrive's waits for
	// the start of a second).
	const live = { emit: false };
	await session.activate(workflow('event-poller-hubspot').id);
	await pollUntil(
		() => sandbox.requests({ provider: 'hubspot', pathPrefix: '/crm/v3/objects/contacts' }).some((entry) => entry.query.archived === 'true'),
		90_000,
		'first poll of the HubSpot poller',
		5,
	);
	poller.hubspot.created = sandbox.hubspot.create('contacts', { email: 'poll-create@queue.test', firstname: 'New' }, live).id;
	sandbox.hubspot.update('contacts', poller.hubspot.updated, { firstname: 'After' }, live);
	sandbox.hubspot.archive('contacts', poller.hubspot.deleted, live);

	await new Promise((resolve) => setTimeout(resolve, 1_000 - (Date.now() % 1_000) + 10));
	await session.activate(workflow('event-poller-pipedrive').id);
	await pollUntil(
		() => sandbox.requests({ provider: 'pipedrive', pathPrefix: '/api/v2/deals' }).some((entry) => entry.query.status === 'deleted'),
		90_000,
		'first poll of the Pipedrive poller',
		5,
	);
	poller.pipedrive.created = String(sandbox.pipedrive.create('deals', { title: 'poll: new', value: 300 }, live).id);
	sandbox.pipedrive.update('deals', Number(poller.pipedrive.updated), { value: 150 }, live);
	sandbox.pipedrive.delete('deals', Number(poller.pipedrive.deleted), live);

	await session.activate(workflow('hubspot-journal').id);
	await pollUntil(
		() => sandbox.journal.subscriptions().length === 1 && sandbox.requests({ pathPrefix: '/webhooks-journal/journal-local/2026-03/latest' }).length > 0,
		90_000,
		'first journal poll',
		50,
	);
	poller.journal = sandbox.hubspot.create('contacts', { email: 'journal@queue.test' }).id;
	stack.timings.activateMs = Date.now() - started;
}, 15 * 60_000);

afterAll(async () => {
	if (!stack) return;
	writeFileSync(join(state.runDir, 'queue-timings.json'), `${JSON.stringify({ timings: stack.timings, figures }, null, 2)}\n`);
	process.stderr.write(`[queue] timings (ms): ${JSON.stringify(stack.timings)}\n[queue] figures: ${JSON.stringify(figures)}\n`);
	await stack.stop();
}, 120_000);

/** Requests the sandbox logged since activation began. */
const requestsSinceActivation = (filter: (entry: RequestLogEntry) => boolean): RequestLogEntry[] =>
	stack.sandbox.requests().filter((entry) => entry.seq > activationSeq && filter(entry));

/** Unique ids for hand-made deliveries. */
let nextObjectId = 700_000_000;
const newEvent = () => {
	nextObjectId += 1;
	return { objectId: nextObjectId, eventId: nextObjectId, occurredAt: Date.now() };
};

/** How many executions of the records carry an item about `objectId` out of `nodeName`. */
function executionsAbout(records: ExecutionRecord[], nodeName: string, objectId: number | string): number {
	return records.filter((record) => (record.items[nodeName] ?? []).some((item) => String(item.objectId) === String(objectId))).length;
}

// The summary reporter counts results under the version's name.
describe(`n8n ${N8N_VERSION}`, () => {
	describe('queue-mode installation', () => {
		it('runs one main, two webhook processes and one worker on PostgreSQL and Redis, each with the packed package installed', () => {
			for (const folder of [stack.main.userFolder, ...stack.webhooks.map((w) => w.userFolder), stack.worker.userFolder]) {
				const manifest = join(folder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-crm-listeners', 'package.json');
				expect({ folder, installed: existsSync(manifest) }).toEqual({ folder, installed: true });
				expect(existsSync(join(folder, '.n8n', 'database.sqlite'))).toBe(false);
			}
			const tables = stack.postgres.query("select count(*) from information_schema.tables where table_name in ('execution_entity', 'workflow_entity')");
			expect(tables.trim()).toBe('2');
			expect(stack.worker.process.readLog()).toMatch(/worker/i);
		});

		it('registers the HubSpot target URL and subscriptions and the Pipedrive webhook once, on activation, although every process loads the workflows', () => {
			const calls = requestsSinceActivation((entry) => entry.method !== 'GET' && /^\/(webhooks\/v3|v1\/webhooks)/.test(entry.path));
			const writes = calls.map((entry) => `${entry.method} ${entry.path}`);
			// Made by the main process (the n8n process holding the connection, read from /proc).
			expect(new Set(calls.map((entry) => entry.client))).toEqual(new Set(['main']));
			expect(writes.sort()).toEqual(
				[
					'PUT /webhooks/v3/123456/settings',
					'POST /webhooks/v3/123456/subscriptions',
					'POST /webhooks/v3/123456/subscriptions',
					'POST /webhooks/v3/123456/subscriptions',
					'POST /v1/webhooks',
				].sort(),
			);
			expect(stack.sandbox.pipedrive.webhooks().map((hook) => hook.subscription_url)).toEqual([webhookUrl('pipedrive-webhook')]);
		});
	});

	describe('webhook triggers behind the load balancer', () => {
		it('HubSpot: a CRM change reaches the load balancer, a webhook process verifies it, the worker runs the execution', async () => {
			const contact = stack.sandbox.hubspot.create('contacts', { email: 'queue@e2e.test', firstname: 'Queue' });
			const key = workflow('hubspot-webhook');
			let items: Array<Record<string, unknown>> = [];
			await pollUntil(
				async () => {
					items = stack.records.since(0, [key.id]).flatMap((run) => run.items[key.triggerNode] ?? []).filter((item) => item.objectId === contact.id);
					return items.length >= 2;
				},
				60_000,
				'execution of the HubSpot delivery',
				500,
			);
			expect(items.map((item) => item.eventType).sort()).toEqual(['CREATED', 'UPDATED']);
			expect(items.every((item) => (item.verification as { verified?: boolean }).verified === true)).toBe(true);
			const executions = await stack.records.settled(0, [key.id]);
			expect(executions.every((execution) => execution.mode === 'webhook' && execution.status === 'success')).toBe(true);
			const passedOn = stack.loadBalancer.accessLog().filter((entry) => entry.path.startsWith('/webhook/'));
			expect(passedOn.length).toBeGreaterThan(0);
			expect(passedOn.every((entry) => stack.webhooks.some((w) => entry.upstream === `127.0.0.1:${w.port}`))).toBe(true);
			// The worker ran it: the main and webhook processes do not execute in queue mode.
			expect(readFileSync(stack.worker.process.logFile, 'utf8')).toMatch(/Worker started execution|started execution/i);
		});

		it('Pipedrive: a deal change reaches the load balancer with the registered Basic auth and starts one verified execution', async () => {
			const key = workflow('pipedrive-webhook');
			const deal = stack.sandbox.pipedrive.create('deals', { title: 'Queue deal', value: 10 });
			let items: Array<Record<string, unknown>> = [];
			await pollUntil(
				() => {
					items = stack.records.since(0, [key.id]).flatMap((run) => run.items[key.triggerNode] ?? []).filter((item) => item.objectId === String(deal.id));
					return items.length >= 1;
				},
				60_000,
				'execution of the Pipedrive delivery',
				500,
			);
			expect(items).toEqual([expect.objectContaining({ eventType: 'CREATED', objectType: 'deal', authentication: { verified: true, method: 'basic' } })]);
			const delivery = stack.sandbox.pipedrive.deliveries({ targetUrl: webhookUrl('pipedrive-webhook') }).find((d) => JSON.stringify(d.payload).includes(`"entity_id":"${deal.id}"`));
			expect(delivery?.attempts.map((attempt) => attempt.status)).toEqual([200]);
		});

		it('forged deliveries get 401 from every webhook process and the load balancer, and start nothing in any process; the main process takes no delivery', async () => {
			const targets = [stack.loadBalancer.url, ...stack.webhooks.map((w) => w.url)];
			const hubspotKey = workflow('hubspot-webhook');
			const pipedriveKey = workflow('pipedrive-webhook');
			const before = stack.records.lastId();
			const hook = stack.sandbox.pipedrive.webhooks().find((h) => h.subscription_url === webhookUrl('pipedrive-webhook'));
			if (!hook) throw new Error('the Pipedrive webhook is not registered');
			const pipedriveBody = JSON.stringify({
				meta: { action: 'create', entity: 'deal', entity_id: '424242', id: randomUUID(), timestamp: new Date().toISOString(), version: '2.0', company_id: '1', user_id: '1', correlation_id: randomUUID(), type: 'general', attempt: 1 },
				data: { id: 424242, title: 'forged' },
				previous: null,
			});
			const statuses: number[] = [];
			for (const target of targets) {
				const hubspotUrl = webhookUrl('hubspot-webhook').replace(stack.loadBalancer.url, target);
				// Signed with another secret; unsigned; the right secret but a v3 timestamp ten minutes old.
				const forgedHubSpot = [
					hubspotDelivery(webhookUrl('hubspot-webhook'), [newEvent()], 'not-the-app-secret'),
					{ ...hubspotDelivery(webhookUrl('hubspot-webhook'), [newEvent()]), headers: { 'content-type': 'application/json' } },
					(() => {
						const stale = hubspotDelivery(webhookUrl('hubspot-webhook'), [newEvent()], undefined, Date.now() - 10 * 60_000);
						const v3Only = Object.fromEntries(Object.entries(stale.headers).filter(([name]) => !/^x-hubspot-signature(-version)?$/.test(name)));
						return { body: stale.body, headers: v3Only };
					})(),
				];
				for (const forged of forgedHubSpot) statuses.push((await send(hubspotUrl, forged)).status);
				const pipedriveUrl = webhookUrl('pipedrive-webhook').replace(stack.loadBalancer.url, target);
				const wrongPassword = `Basic ${Buffer.from(`${hook.http_auth_user ?? 'n8n'}:wrong-password-0123456789`).toString('base64')}`;
				for (const authorization of [wrongPassword, undefined]) {
					const headers: Record<string, string> = { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) };
					statuses.push((await send(pipedriveUrl, { body: pipedriveBody, headers })).status);
				}
			}
			expect(statuses).toEqual(statuses.map(() => 401));
			// A valid delivery straight to the main process is not taken (N8N_DISABLE_PRODUCTION_MAIN_PROCESS=true).
			const toMain = newEvent();
			const mainAnswer = await send(webhookUrl('hubspot-webhook').replace(stack.loadBalancer.url, stack.main.url), hubspotDelivery(webhookUrl('hubspot-webhook'), [toMain]));
			expect(mainAnswer.status).toBeGreaterThanOrEqual(400);
			// A valid marker through each webhook process afterwards: once its execution is recorded, anything the
			// forged requests had started would be recorded too (a process starts executions in arrival order).
			const markers = stack.webhooks.map(() => newEvent());
			for (const [index, marker] of markers.entries()) {
				const answer = await send(directUrl('hubspot-webhook', index), hubspotDelivery(webhookUrl('hubspot-webhook'), [marker]));
				expect(answer.status).toBe(200);
			}
			await pollUntil(() => markers.every((m) => executionsAbout(stack.records.since(before), hubspotKey.triggerNode, m.objectId) === 1), 30_000, 'marker executions', 250);
			await stack.records.settled(before, [hubspotKey.id, pipedriveKey.id]);
			// Every execution of a webhook workflow any process recorded since: the markers' and nothing else.
			const all = stack.records.since(before, WEBHOOK_WORKFLOWS.map((name) => workflow(name).id));
			expect(all.map((record) => record.workflowId)).toEqual(markers.map(() => hubspotKey.id));
			expect(markers.map((m) => executionsAbout(all, hubspotKey.triggerNode, m.objectId))).toEqual([1, 1]);
			expect(executionsAbout(all, hubspotKey.triggerNode, toMain.objectId)).toBe(0);
		});
	});

	describe('duplicate deliveries across webhook processes', () => {
		const key = () => workflow('hubspot-webhook');

		it('the same delivery sent twice at once to one webhook process starts one execution (each process remembers what it let through)', async () => {
			const before = stack.records.lastId();
			const events = Array.from({ length: 10 }, () => newEvent());
			for (const [index, event] of events.entries()) {
				const url = directUrl('hubspot-webhook', index % 2);
				const answers = await sendAtOnce([url, url], hubspotDelivery(webhookUrl('hubspot-webhook'), [event]));
				expect(answers.map((a) => a.status)).toEqual([200, 200]);
			}
			const records = await stack.records.settled(before, [key().id]);
			expect(events.map((event) => executionsAbout(records, key().triggerNode, event.objectId))).toEqual(events.map(() => 1));
			// The memory is saved to the workflow's static data in PostgreSQL (what every process reads on a request).
			const storedMemory = () => {
				const raw = stack.postgres.query(`select "staticData" from workflow_entity where id = '${key().id}'`).trim();
				const data: unknown = raw ? JSON.parse(raw) : undefined;
				const node = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[`node:${key().triggerNode}`] : undefined;
				return typeof node === 'object' && node !== null ? (node as Record<string, unknown>).seenTraceKeys : undefined;
			};
			await pollUntil(() => storedMemory() !== undefined, 30_000, 'the duplicate memory in the static data', 250);
			expect(JSON.stringify(storedMemory()).length).toBeGreaterThan(2);
		});

		it(`retries landing on the other webhook process, at once and ${RETRY_DELAY_MS / 1000} s after the first attempt was answered: at most one execution per process, duplicates measured`, async () => {
			const before = stack.records.lastId();
			const url = (index: number) => directUrl('hubspot-webhook', index);
			const signed = (event: ReturnType<typeof newEvent>, attemptNumber: number) =>
				hubspotDelivery(webhookUrl('hubspot-webhook'), [{ ...event, attemptNumber }]);
			const atOnce = Array.from({ length: TRIALS }, () => newEvent());
			const later = Array.from({ length: TRIALS }, () => newEvent());
			const statuses: number[] = [];
			// Retries come with the next attempt number and a fresh signature. Trial i starts on process i % 2.
			for (const [index, event] of atOnce.entries()) {
				statuses.push((await send(url(index % 2), signed(event, 0))).status);
				statuses.push((await send(url((index + 1) % 2), signed(event, 1))).status);
			}
			for (const [index, event] of later.entries()) statuses.push((await send(url(index % 2), signed(event, 0))).status);
			await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
			for (const [index, event] of later.entries()) statuses.push((await send(url((index + 1) % 2), signed(event, 1))).status);
			const records = await stack.records.settled(before, [key().id]);
			const count = (events: Array<ReturnType<typeof newEvent>>) => events.map((event) => executionsAbout(records, key().triggerNode, event.objectId));
			figures.retryAtOnceOnOtherProcess = { trials: TRIALS, duplicates: count(atOnce).filter((n) => n > 1).length };
			figures.retryAfterDelayOnOtherProcess = { trials: TRIALS, delayMs: RETRY_DELAY_MS, duplicates: count(later).filter((n) => n > 1).length };
			expect(statuses).toEqual(statuses.map(() => 200));
			// Never lost, never more than one execution per webhook process (each process's memory is exact).
			expect([...count(atOnce), ...count(later)].every((n) => n >= 1 && n <= stack.webhooks.length)).toBe(true);
		});

		it.each([
			{ name: 'the trigger alone', workflowKey: 'hubspot-webhook', node: 'HubSpot Webhook Trigger', figure: 'concurrentTriggerAlone' },
			{ name: "the trigger, then n8n's Remove Duplicates on traceKey", workflowKey: 'hubspot-webhook-remove-duplicates', node: 'New event', figure: 'concurrentWithRemoveDuplicates' },
		])('the same delivery sent to both webhook processes at once ($name): at most one execution per process, duplicates measured', async ({ workflowKey, node, figure }) => {
			const target = workflow(workflowKey);
			// Remove Duplicates creates its database row on first use: make it exist before the measurement.
			const warmBefore = stack.records.lastId();
			await send(directUrl(workflowKey, 0), hubspotDelivery(webhookUrl(workflowKey), [newEvent()]));
			await stack.records.settled(warmBefore, [target.id]);

			const before = stack.records.lastId();
			const events = Array.from({ length: TRIALS }, () => newEvent());
			const statuses: number[] = [];
			for (const event of events) {
				const answers = await sendAtOnce([directUrl(workflowKey, 0), directUrl(workflowKey, 1)], hubspotDelivery(webhookUrl(workflowKey), [event]));
				statuses.push(...answers.map((a) => a.status));
			}
			const records = await stack.records.settled(before, [target.id]);
			const perEvent = events.map((event) => executionsAbout(records, node, event.objectId));
			const triggered = events.map((event) => executionsAbout(records, target.triggerNode, event.objectId));
			figures[figure] = {
				trials: TRIALS,
				eventsPassed: perEvent.filter((n) => n >= 1).length,
				duplicates: perEvent.filter((n) => n > 1).length,
				executionsStarted: triggered.reduce((a, b) => a + b, 0),
				failedExecutions: records.filter((r) => r.status !== 'success').length,
			};
			expect(statuses).toEqual(statuses.map(() => 200));
			// Never lost, never more than one execution per webhook process.
			expect(perEvent.every((n) => n >= 1 && n <= stack.webhooks.length)).toBe(true);
		});
	});

	describe('pollers run on the main process only', () => {
		const identities = (items: Array<Record<string, unknown>>): string[] => items.map((item) => `${String(item.eventType)} ${String(item.objectId)} ${String(item.date ?? item.occurredAt)}`);

		it.each([
			{
				name: 'Pipedrive deals',
				source: 'pipedrive' as const,
				key: 'event-poller-pipedrive',
				isPoll: (entry: RequestLogEntry) => entry.provider === 'pipedrive' && entry.path === '/api/v2/deals' && entry.query.status === undefined,
			},
			{
				name: 'HubSpot contacts',
				source: 'hubspot' as const,
				key: 'event-poller-hubspot',
				isPoll: (entry: RequestLogEntry) => entry.provider === 'hubspot' && entry.path === '/crm/v3/objects/contacts/search',
			},
		])('Event Poller ($name): one poll per tick, every change emitted exactly once', async ({ source, key, isPoll }) => {
			const fixture = workflow(key);
			const ids = poller[source];
			const expected = [
				[ids.created, 'CREATED'],
				[ids.deleted, 'DELETED'],
				[ids.updated, 'UPDATED'],
			];
			const ours = (records: ExecutionRecord[]) =>
				records
					.flatMap((r) => r.items[fixture.triggerNode] ?? [])
					.filter((item) => [ids.created, ids.updated, ids.deleted].includes(String(item.objectId)))
					.map((item) => [String(item.objectId), String(item.eventType)])
					.sort((a, b) => a[1].localeCompare(b[1]));
			await pollUntil(() => ours(stack.records.since(0, [fixture.id])).length >= expected.length, 90_000, `${key} to report the three changes`, 500);
			// Two more ticks: nothing may come twice.
			const polls = () => stack.sandbox.requests().filter(isPoll);
			const pollsSoFar = polls().length;
			await pollUntil(() => polls().length >= pollsSoFar + 2, 60_000, `two more polls of ${key}`);
			const records = await stack.records.settled(0, [fixture.id]);
			expect(ours(records)).toEqual(expected);
			const all = identities(records.flatMap((r) => r.items[fixture.triggerNode] ?? []));
			expect(all.length).toBe(new Set(all).size);
			expect(records.filter((r) => r.mode !== 'trigger' || r.status !== 'success').map((r) => ({ id: r.id, mode: r.mode, status: r.status, error: r.error }))).toEqual([]);
			// Poll times run every 10 s: after the activation poll, each tick has exactly one poll.
			const ticks = polls()
				.slice(1)
				.map((entry) => Math.floor(entry.atMs / 10_000));
			figures[`${key}Polls`] = ticks.length;
			expect(ticks.length).toBeGreaterThanOrEqual(2);
			expect(ticks.length).toBe(new Set(ticks).size);
			// Every poll came from the main process.
			expect(new Set(polls().map((entry) => entry.client))).toEqual(new Set(['main']));
		});

		it('HubSpot Journal Trigger: one v4 subscription, each change emitted exactly once', async () => {
			const fixture = workflow('hubspot-journal');
			const about = () =>
				stack.records
					.since(0, [fixture.id])
					.flatMap((r) => r.items[fixture.triggerNode] ?? [])
					.filter((item) => String(item.objectId) === poller.journal);
			await pollUntil(() => about().length >= 1, 60_000, 'the journal item');
			const seenPolls = stack.sandbox.requests({ pathPrefix: '/webhooks-journal/journal-local/2026-03' }).length;
			await pollUntil(() => stack.sandbox.requests({ pathPrefix: '/webhooks-journal/journal-local/2026-03' }).length >= seenPolls + 2, 60_000, 'two more journal polls');
			await stack.records.settled(0, [fixture.id]);
			expect(about().map((item) => item.eventType)).toEqual(['CREATED']);
			expect(stack.sandbox.journal.subscriptions()).toHaveLength(1);
			// The subscription and the journal reads all came from the main process.
			const journalCalls = requestsSinceActivation((entry) => entry.path.startsWith('/webhooks-journal/'));
			expect(journalCalls.length).toBeGreaterThanOrEqual(3);
			expect(new Set(journalCalls.map((entry) => entry.client))).toEqual(new Set(['main']));
		});
	});

	describe('deactivation', () => {
		it('removes exactly what activation registered, once; both webhook processes then refuse deliveries and start nothing', async () => {
			const { sandbox, session } = stack;
			const subscriptionIds = sandbox.hubspot.subscriptions().map((subscription) => subscription.id);
			const hook = sandbox.pipedrive.webhooks().find((h) => h.subscription_url === webhookUrl('pipedrive-webhook'));
			const lastSeq = Math.max(0, ...sandbox.requests().map((entry) => entry.seq));
			await session.deactivate(workflow('hubspot-webhook').id);
			await session.deactivate(workflow('pipedrive-webhook').id);
			await pollUntil(
				() => sandbox.hubspot.settings() === null && sandbox.hubspot.subscriptions().length === 0 && sandbox.pipedrive.webhooks().length === 0,
				30_000,
				'registrations removed after deactivation',
			);
			// Anything late would show up here too.
			await new Promise((resolve) => setTimeout(resolve, 1_000));
			const deleteCalls = sandbox.requests({ method: 'DELETE' }).filter((entry) => entry.seq > lastSeq);
			const deletes = deleteCalls.map((entry) => `${entry.provider} ${entry.path}`).sort();
			expect(new Set(deleteCalls.map((entry) => entry.client))).toEqual(new Set(['main']));
			expect(deletes).toEqual(
				[`pipedrive /v1/webhooks/${String(hook?.id)}`, 'hubspot /webhooks/v3/123456/settings', ...subscriptionIds.map((id) => `hubspot /webhooks/v3/123456/subscriptions/${id}`)].sort(),
			);
			const before = stack.records.lastId();
			const answers: number[] = [];
			for (const index of stack.webhooks.keys()) {
				answers.push((await send(directUrl('hubspot-webhook', index), hubspotDelivery(webhookUrl('hubspot-webhook'), [newEvent()]))).status);
			}
			expect(answers).toEqual(answers.map(() => 404));
			await new Promise((resolve) => setTimeout(resolve, 1_000));
			expect(stack.records.since(before, [workflow('hubspot-webhook').id])).toEqual([]);
		});
	});
});
