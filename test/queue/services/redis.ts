// A throw-away Redis for one run: loopback only, its own folder, no persistence, stopped and deleted afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { spawnService, waitUntilReady } from './process';

export interface Redis {
	host: string;
	/** The service's process (and process group) id. */
	pid: number;
	port: number;
	stop(): Promise<void>;
}

/** One inline command over RESP; resolves with the first reply line. */
export function redisCommand(port: number, command: string): Promise<string> {
	return new Promise((resolve) => {
		const socket = connect({ host: '127.0.0.1', port });
		let reply = '';
		socket.setTimeout(1_000, () => socket.destroy());
		socket.on('connect', () => socket.write(`${command}\r\n`));
		socket.on('data', (chunk) => {
			reply += chunk.toString();
			if (reply.includes('\r\n')) socket.end();
		});
		socket.on('close', () => resolve(reply.split('\r\n')[0] ?? ''));
		socket.on('error', () => resolve(''));
	});
}

export async function startRedis(options: { redisServer: string; port: number; onSpawn?: (pid: number) => void }): Promise<Redis> {
	const dir = mkdtempSync(join(tmpdir(), 'crm-listeners-redis-'));
	const service = spawnService({
		name: 'Redis',
		command: options.redisServer,
		args: ['--bind', '127.0.0.1', '--port', String(options.port), '--dir', dir, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
		logFile: join(dir, 'redis.log'),
		onSpawn: options.onSpawn,
	});
	await waitUntilReady(service, async () => (await redisCommand(options.port, 'PING')) === '+PONG', 20_000);
	return {
		host: '127.0.0.1',
		pid: service.pid,
		port: options.port,
		stop: async () => {
			await service.stop();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}
