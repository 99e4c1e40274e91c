// A long-running service process (PostgreSQL, Redis, nginx) in its own process group, with its output in a log
// file, stopped with SIGTERM to the group (SIGKILL after a grace period).
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface ServiceProcess {
	name: string;
	pid: number;
	logFile: string;
	exited: Promise<number | string | null>;
	readLog(): string;
	stop(graceMs?: number): Promise<void>;
}

export interface SpawnServiceOptions {
	name: string;
	command: string;
	args: string[];
	logFile: string;
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	onSpawn?: (pid: number) => void;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

export function spawnService(options: SpawnServiceOptions): ServiceProcess {
	const out = openSync(options.logFile, 'a');
	const child = spawn(options.command, options.args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		detached: true,
		stdio: ['ignore', out, out],
	});
	closeSync(out);
	const pid = child.pid;
	if (pid === undefined) throw new Error(`${options.name}: ${options.command} did not start`);
	options.onSpawn?.(pid);
	let exitCode: number | string | null | undefined;
	const exited = new Promise<number | string | null>((resolve) => {
		child.on('exit', (code, signal) => {
			exitCode = code === null ? signal : code;
			resolve(exitCode);
		});
	});
	// If the test process dies without stopping it, the service must not outlive it.
	const onExit = (): void => killGroup(pid, 'SIGKILL');
	process.once('exit', onExit);
	return {
		name: options.name,
		pid,
		logFile: options.logFile,
		exited,
		readLog: () => readFileSync(options.logFile, 'utf8'),
		stop: async (graceMs = 10_000) => {
			if (exitCode === undefined) {
				killGroup(pid, 'SIGTERM');
				const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
				await exited;
				clearTimeout(timer);
			}
			killGroup(pid, 'SIGKILL');
			process.removeListener('exit', onExit);
		},
	};
}

/** Polls `probe` every 100 ms until it is true; fails early if the service exited, with its log's tail. */
export async function waitUntilReady(service: ServiceProcess, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let exited = false;
	void service.exited.then(() => (exited = true));
	for (;;) {
		if (exited) throw new Error(`${service.name} exited before it was ready:\n${service.readLog().split('\n').slice(-20).join('\n')}`);
		if (await probe()) return;
		if (Date.now() > deadline) {
			await service.stop(2_000);
			throw new Error(`${service.name} not ready within ${timeoutMs} ms:\n${service.readLog().split('\n').slice(-20).join('\n')}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}
