// n8n in queue mode: the environment every process shares (PostgreSQL, Redis, one encryption key, the load
// balancer's URL as the public webhook URL), and the `n8n webhook` / `n8n worker` processes (the main process
// is the runtime's `startN8n`).
import { request } from 'node:http';
import { join } from 'node:path';

import { n8nEnv, type Runtime } from '../../scripts/n8n-runtime';
import { spawnService, waitUntilReady, type ServiceProcess } from './services/process';

export interface QueueEndpoints {
	postgres: { host: string; port: number; user: string; database: string };
	redis: { host: string; port: number };
	/** What providers call: the load balancer, e.g. http://127.0.0.1:8080 */
	publicUrl: string;
}

/** Same for every process of one installation: n8n refuses credentials encrypted with another key. */
const ENCRYPTION_KEY = 'crm-listeners-queue-suite-encryption-key';

export function queueEnv(endpoints: QueueEndpoints, extra: Record<string, string> = {}): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: endpoints.postgres.host,
		DB_POSTGRESDB_PORT: String(endpoints.postgres.port),
		DB_POSTGRESDB_USER: endpoints.postgres.user,
		DB_POSTGRESDB_PASSWORD: '',
		DB_POSTGRESDB_DATABASE: endpoints.postgres.database,
		QUEUE_BULL_REDIS_HOST: endpoints.redis.host,
		QUEUE_BULL_REDIS_PORT: String(endpoints.redis.port),
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		WEBHOOK_URL: `${endpoints.publicUrl}/`,
		// Production webhooks go to the webhook processes only (n8n's recommended queue-mode setup).
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		...extra,
	};
}

export interface QueueProcess {
	role: 'webhook' | 'worker';
	/** Where /healthz answers: the webhook port (requests go there too) or the worker's health port. */
	url: string;
	port: number;
	userFolder: string;
	process: ServiceProcess;
	stop(): Promise<void>;
}

function healthz(url: string): Promise<boolean> {
	return new Promise((resolve) => {
		const req = request(`${url}/healthz`, { agent: false, timeout: 1_000 }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode === 200));
		});
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(false));
		req.end();
	});
}

export interface QueueProcessOptions {
	role: 'webhook' | 'worker';
	userFolder: string;
	/** The webhook port, or the worker's health-check port. */
	port: number;
	/** The task-runner broker port of this process (each process starts its own broker). */
	brokerPort: number;
	env: Record<string, string>;
	onSpawn?: (pid: number) => void;
}

/** Starts `n8n webhook` or `n8n worker` and waits for its /healthz. */
export async function startQueueProcess(runtime: Runtime, options: QueueProcessOptions): Promise<QueueProcess> {
	const roleEnv: Record<string, string> =
		options.role === 'worker'
			? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(options.port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }
			: {};
	const env = n8nEnv(runtime, {
		userFolder: options.userFolder,
		port: options.port,
		env: { ...options.env, ...roleEnv, N8N_RUNNERS_BROKER_PORT: String(options.brokerPort) },
	});
	const service = spawnService({
		name: `n8n ${options.role}`,
		command: runtime.node.nodeBin,
		args: [runtime.n8n.n8nBin, options.role],
		cwd: options.userFolder,
		env,
		logFile: join(options.userFolder, 'n8n.log'),
		onSpawn: options.onSpawn,
	});
	const url = `http://127.0.0.1:${options.port}`;
	await waitUntilReady(service, () => healthz(url), 180_000);
	return { role: options.role, url, port: options.port, userFolder: options.userFolder, process: service, stop: () => service.stop(10_000) };
}
