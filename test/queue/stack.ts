// The queue-mode installation under test: PostgreSQL, Redis and an nginx load balancer on loopback; n8n 2.40.7
// as one main process, two webhook processes behind the load balancer and one worker, each with its own user
// folder holding the packed package (as separate machines would); the sandbox CRM calling the load balancer.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import {
	freePort,
	installPackage,
	n8nCli,
	ownerSession,
	startN8n,
	type OwnerSession,
	type RunningN8n,
	type Runtime,
} from '../../scripts/n8n-runtime';
import { ExecutionReader } from '../e2e/n8n-executions';
import { recordPid, type RunState } from '../e2e/run-state';
import { workflowFixtures, type WorkflowFixture } from '../e2e/stack';
import { startSandbox, type Sandbox } from '../sandbox';
import { queueEnv, startQueueProcess, type QueueEndpoints, type QueueProcess } from './n8n-processes';
import type { ServiceBinaries } from './services/debian';
import { startLoadBalancer, type LoadBalancer } from './services/nginx';
import { startPostgres, type Postgres } from './services/postgres';
import { ExecutionRecords } from './records';
import { processOfConnection, type NamedProcess } from './socket-owners';
import { startRedis, type Redis } from './services/redis';

/** The project folder, also when this file runs compiled elsewhere (the benchmark's build folder). */
function projectRoot(): string {
	for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
		if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'test', 'queue'))) return dir;
	}
	throw new Error(`no project folder above ${__dirname}`);
}
const E2E_FIXTURES = join(projectRoot(), 'test', 'e2e', 'fixtures');
/** Workflows only this suite uses (imported beside the e2e ones). */
const QUEUE_WORKFLOWS = join(projectRoot(), 'test', 'queue', 'fixtures', 'workflows');

export interface QueueStack {
	postgres: Postgres;
	redis: Redis;
	loadBalancer: LoadBalancer;
	main: RunningN8n;
	webhooks: QueueProcess[];
	worker: QueueProcess;
	sandbox: Sandbox;
	session: OwnerSession;
	executions: ExecutionReader;
	/** Executions read straight from PostgreSQL (every process's). */
	records: ExecutionRecords;
	/** Webhook URLs point at the load balancer. */
	workflows: Record<string, WorkflowFixture>;
	timings: Record<string, number>;
	stop(): Promise<void>;
}

async function time<T>(timings: Record<string, number>, name: string, step: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await step();
	} finally {
		timings[name] = Date.now() - started;
	}
}

/** Stops what was started, last first, whatever fails. */
async function stopAll(stoppers: Array<() => Promise<void>>): Promise<void> {
	for (const stop of stoppers.reverse()) {
		try {
			await stop();
		} catch (error) {
			process.stderr.write(`[queue] stopping failed: ${error instanceof Error ? error.message : String(error)}\n`);
		}
	}
}

/** `env`: more environment for every n8n process (the benchmark turns off saving finished executions). */
export async function startQueueStack(runtime: Runtime, state: RunState, binaries: ServiceBinaries, extraEnv: Record<string, string> = {}): Promise<QueueStack> {
	const timings: Record<string, number> = {};
	const stoppers: Array<() => Promise<void>> = [];
	const onSpawn = (pid: number): void => recordPid(state.runDir, pid);
	const folder = (name: string): string => {
		const dir = join(state.runDir, 'queue', name);
		mkdirSync(dir, { recursive: true });
		return dir;
	};
	try {
		const [pgPort, redisPort, lbPort, lbFirstOnlyPort, mainPort, workerPort, ...more] = await Promise.all(Array.from({ length: 12 }, () => freePort()));
		const [webhookPorts, brokerPorts] = [more.slice(0, 2), more.slice(2)];
		const started = <T extends { stop: () => Promise<void> }>(service: Promise<T>): Promise<T> =>
			service.then((running) => {
				stoppers.push(running.stop);
				return running;
			});
		const [postgres, redis, loadBalancer] = await time(timings, 'servicesMs', () =>
			Promise.all([
				started(startPostgres({ binDir: binaries.postgresBin, port: pgPort, onSpawn })),
				started(startRedis({ redisServer: binaries.redisServer, port: redisPort, onSpawn })),
				started(startLoadBalancer({ nginx: binaries.nginx, port: lbPort, firstOnlyPort: lbFirstOnlyPort, upstreams: webhookPorts.map((port) => `127.0.0.1:${port}`), onSpawn })),
			]),
		);
		// Every API call the sandbox gets is logged with the n8n process that made it (`client`: main, webhook-1,
		// webhook-2, worker), read from /proc when the connection opens.
		const n8nProcesses: NamedProcess[] = [];
		let sandboxPort = 0;
		const sandbox = await startSandbox({ clientOf: processOfConnection(() => sandboxPort, () => n8nProcesses) });
		sandboxPort = sandbox.port;
		stoppers.push(() => sandbox.close());
		const folders = { main: folder('main'), webhooks: [folder('webhook-1'), folder('webhook-2')], worker: folder('worker') };
		// The sandbox serves journal files over https with a certificate made for this run: n8n trusts it the way a
		// real deployment trusts a private CA (the main process reads the journal; every process gets the same env).
		const caFile = join(state.runDir, 'queue', 'sandbox-files-ca.pem');
		writeFileSync(caFile, sandbox.journal.certificate);
		const endpoints: QueueEndpoints = { postgres, redis, publicUrl: loadBalancer.url };
		const env = queueEnv(endpoints, { NODE_EXTRA_CA_CERTS: caFile, ...extraEnv });

		await time(timings, 'installPackageMs', () =>
			Promise.all([folders.main, ...folders.webhooks, folders.worker].map((dir) => installPackage(dir, state.tarball))),
		);
		const credentialsFile = join(folders.main, 'credentials.json');
		writeFileSync(credentialsFile, readFileSync(join(E2E_FIXTURES, 'credentials.json'), 'utf8').split('{{sandboxUrl}}').join(sandbox.url));
		// The CLI must write to PostgreSQL, not to a SQLite file in the user folder: it gets the queue environment.
		await time(timings, 'importMs', async () => {
			await n8nCli(runtime, folders.main, ['import:credentials', `--input=${credentialsFile}`], { env });
			// One CLI start for both folders of workflows (each start costs seconds).
			const workflowsDir = folder('workflows');
			for (const dir of [join(E2E_FIXTURES, 'workflows'), QUEUE_WORKFLOWS]) {
				for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) copyFileSync(join(dir, file), join(workflowsDir, file));
			}
			await n8nCli(runtime, folders.main, ['import:workflow', '--separate', `--input=${workflowsDir}`], { env });
		});
		const main = await time(timings, 'mainStartMs', () =>
			startN8n(runtime, { userFolder: folders.main, port: mainPort, env: { ...env, N8N_RUNNERS_BROKER_PORT: String(brokerPorts[0]) }, onSpawn }),
		);
		stoppers.push(() => main.stop(10_000));
		n8nProcesses.push({ name: 'main', pid: main.pid });
		// /healthz answers before the REST routes are mounted (seen with N8N_LOG_LEVEL=warn: login 404): retry a while.
		let session: OwnerSession | undefined;
		for (let attempt = 0; !session; attempt++) {
			try {
				session = await ownerSession(main.url);
			} catch (error) {
				if (attempt >= 60) throw error;
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
		}
		const [webhooks, worker] = await time(timings, 'webhookAndWorkerStartMs', () =>
			Promise.all([
				Promise.all(
					folders.webhooks.map((userFolder, index) =>
						started(startQueueProcess(runtime, { role: 'webhook', userFolder, port: webhookPorts[index], brokerPort: brokerPorts[1 + index], env, onSpawn })),
					),
				),
				started(startQueueProcess(runtime, { role: 'worker', userFolder: folders.worker, port: workerPort, brokerPort: brokerPorts[3], env, onSpawn })),
			]),
		);
		webhooks.forEach((webhook, index) => n8nProcesses.push({ name: `webhook-${index + 1}`, pid: webhook.process.pid }));
		n8nProcesses.push({ name: 'worker', pid: worker.process.pid });
		return {
			postgres,
			redis,
			loadBalancer,
			main,
			webhooks,
			worker,
			sandbox,
			session,
			executions: new ExecutionReader(session),
			records: new ExecutionRecords(postgres),
			workflows: { ...workflowFixtures(loadBalancer.url, join(E2E_FIXTURES, 'workflows')), ...workflowFixtures(loadBalancer.url, QUEUE_WORKFLOWS) },
			timings,
			stop: () => stopAll(stoppers),
		};
	} catch (error) {
		await stopAll(stoppers);
		throw error;
	}
}
