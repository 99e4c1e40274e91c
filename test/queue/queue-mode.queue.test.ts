// The package on n8n's distributed setup (queue mode), judged by n8n's own records: see README.md beside this
// file. One installation for the whole file; the describe blocks run in order.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { N8N_VERSION, pollUntil, type Runtime } from '../../scripts/n8n-runtime';
import { readRunState } from '../e2e/run-state';
import { ensureServiceBinaries } from './services/debian';
import { startQueueStack, type QueueStack } from './stack';

const state = readRunState();
const runtime = state.versions[0].runtime as Runtime;

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

beforeAll(async () => {
	const binaries = await ensureServiceBinaries((message) => process.stderr.write(`[queue] ${message}\n`));
	stack = await startQueueStack(runtime, state, binaries);
	const started = Date.now();
	await stack.session.activate(workflow('hubspot-webhook').id);
	await pollUntil(
		() => stack.sandbox.hubspot.settings()?.targetUrl === webhookUrl('hubspot-webhook') && stack.sandbox.hubspot.subscriptions().length === 3,
		90_000,
		'HubSpot registration after activation',
	);
	stack.timings.activateMs = Date.now() - started;
}, 10 * 60_000);

afterAll(async () => {
	if (!stack) return;
	writeFileSync(join(state.runDir, 'queue-timings.json'), `${JSON.stringify(stack.timings, null, 2)}\n`);
	process.stderr.write(`[queue] timings (ms): ${JSON.stringify(stack.timings)}\n`);
	await stack.stop();
}, 120_000);

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

		it('a CRM change reaches the load balancer, a webhook process verifies it, the worker runs the execution', async () => {
			const contact = stack.sandbox.hubspot.create('contacts', { email: 'queue@e2e.test', firstname: 'Queue' });
			const key = workflow('hubspot-webhook');
			let items: Array<Record<string, unknown>> = [];
			await pollUntil(
				async () => {
					const runs = await stack.executions.triggerRuns(key.id, key.triggerNode);
					items = runs.flatMap((run) => run.items).filter((item) => item.objectId === contact.id);
					return items.length >= 2;
				},
				60_000,
				'execution of the HubSpot delivery',
				500,
			);
			expect(items.map((item) => item.eventType).sort()).toEqual(['CREATED', 'UPDATED']);
			expect(items.every((item) => (item.verification as { verified?: boolean }).verified === true)).toBe(true);
			const executions = await stack.executions.list(key.id);
			expect(executions.every((execution) => execution.mode === 'webhook' && execution.status === 'success')).toBe(true);
			const passedOn = stack.loadBalancer.accessLog().filter((entry) => entry.path.startsWith('/webhook/'));
			expect(passedOn.length).toBeGreaterThan(0);
			expect(passedOn.every((entry) => stack.webhooks.some((w) => entry.upstream === `127.0.0.1:${w.port}`))).toBe(true);
			// The worker ran it: the main process does not execute in queue mode.
			expect(readFileSync(stack.worker.process.logFile, 'utf8')).toMatch(/Worker started execution|started execution/i);
		});
	});
});
