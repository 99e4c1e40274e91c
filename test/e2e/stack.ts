// One n8n version under test: a fresh user folder with the packed package installed as a community package,
// the sandbox CRM (in this process), credentials and workflows imported, n8n started on a free loopback port,
// and an owner session to activate workflows and read executions.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	freePort,
	importCredentials,
	importWorkflows,
	installPackage,
	ownerSession,
	startN8n,
	type OwnerSession,
	type RunningN8n,
	type Runtime,
} from '../../scripts/n8n-runtime';
import { startSandbox, type Sandbox } from '../sandbox';
import { ExecutionReader } from './n8n-executions';
import { recordPid, type RunState } from './run-state';

const FIXTURES = join(__dirname, 'fixtures');

export interface WorkflowFixture {
	id: string;
	name: string;
	/** Name of the node that starts the workflow (its items are what the tests read). */
	triggerNode: string;
	/** That node's version in the workflow. */
	triggerVersion: number;
	/** The production webhook URL, for webhook triggers. */
	webhookUrl?: string;
}

export interface Stack {
	version: string;
	userFolder: string;
	sandbox: Sandbox;
	n8n: RunningN8n;
	session: OwnerSession;
	executions: ExecutionReader;
	workflows: Record<string, WorkflowFixture>;
	timings: Record<string, number>;
	stop(): Promise<void>;
}

export function workflowFixtures(n8nUrl: string, dir = join(FIXTURES, 'workflows')): Record<string, WorkflowFixture> {
	const fixtures: Record<string, WorkflowFixture> = {};
	for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
		const workflow = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
			id: string;
			name: string;
			nodes: Array<{ name: string; type: string; typeVersion: number; webhookId?: string }>;
		};
		const trigger = workflow.nodes.find((node) => /Trigger$/.test(node.type));
		if (!trigger) throw new Error(`${file}: no trigger node`);
		fixtures[file.replace(/\.json$/, '')] = {
			id: workflow.id,
			name: workflow.name,
			triggerNode: trigger.name,
			triggerVersion: trigger.typeVersion,
			// n8n serves a node's production webhook at /webhook/<webhookId>/<path of the node's webhook>.
			webhookUrl: trigger.webhookId ? `${n8nUrl}/webhook/${trigger.webhookId}/webhook` : undefined,
		};
	}
	return fixtures;
}

/** Everything up to a running n8n with the workflows imported but not active. Stops what it started on failure. */
export async function startStack(runtime: Runtime, state: RunState): Promise<Stack> {
	const timings: Record<string, number> = {};
	const time = async <T>(name: string, step: () => Promise<T>): Promise<T> => {
		const started = Date.now();
		try {
			return await step();
		} finally {
			timings[name] = Date.now() - started;
		}
	};
	const userFolder = join(state.runDir, `n8n-${runtime.n8nVersion}`);
	mkdirSync(userFolder, { recursive: true });
	let sandbox: Sandbox | undefined;
	let n8n: RunningN8n | undefined;
	try {
		await time('installPackageMs', () => installPackage(userFolder, state.tarball));
		sandbox = await startSandbox();
		const sandboxUrl = sandbox.url;
		const credentialsFile = join(userFolder, 'e2e-credentials.json');
		writeFileSync(credentialsFile, readFileSync(join(FIXTURES, 'credentials.json'), 'utf8').split('{{sandboxUrl}}').join(sandboxUrl));
		await time('importMs', async () => {
			await importCredentials(runtime, userFolder, credentialsFile);
			await importWorkflows(runtime, userFolder, join(FIXTURES, 'workflows'));
		});
		const port = await freePort();
		// The sandbox serves journal files over https with a certificate made for this run: n8n trusts it the way
		// a real deployment trusts a private CA.
		const caFile = join(userFolder, 'sandbox-files-ca.pem');
		writeFileSync(caFile, sandbox.journal.certificate);
		n8n = await time('startMs', () =>
			startN8n(runtime, {
				userFolder,
				port,
				// NODE_ENV=production, as n8n's Docker image sets it: otherwise n8n adds a stack trace to its error answers.
				env: { NODE_EXTRA_CA_CERTS: caFile, NODE_ENV: 'production' },
				onSpawn: (pid) => recordPid(state.runDir, pid),
			}),
		);
		const running = n8n;
		const session = await ownerSession(running.url);
		const openSandbox = sandbox;
		return {
			version: runtime.n8nVersion,
			userFolder,
			sandbox: openSandbox,
			n8n: running,
			session,
			executions: new ExecutionReader(session),
			workflows: workflowFixtures(running.url),
			timings,
			stop: async () => {
				await running.stop(10_000);
				await openSandbox.close();
			},
		};
	} catch (error) {
		if (n8n) await n8n.stop(5_000);
		if (sandbox) await sandbox.close();
		throw error;
	}
}
