// A throw-away PostgreSQL for one run: initdb into a temporary folder, the server on a loopback port with
// its socket in that folder, durability off (a test database), stopped and deleted afterwards. PostgreSQL
// refuses to run as root: as root, the folder is given to Debian's `postgres` user and both initdb and the
// server run as that user (runuser).
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { spawnService, waitUntilReady, type ServiceProcess } from './process';

export interface Postgres {
	host: string;
	port: number;
	user: string;
	database: string;
	/** The service's process (and process group) id. */
	pid: number;
	dataDir: string;
	/** One SQL statement through psql; rows as tab-separated lines. */
	query(sql: string): string;
	stop(): Promise<void>;
}

const USER = 'n8n';
const DATABASE = 'postgres';

function asServiceUser(command: string, args: string[]): { command: string; args: string[] } {
	if (process.getuid?.() !== 0) return { command, args };
	return { command: 'runuser', args: ['-u', 'postgres', '--', command, ...args] };
}

function postgresUid(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
	return { uid, gid };
}

export async function startPostgres(options: { binDir: string; port: number; onSpawn?: (pid: number) => void }): Promise<Postgres> {
	const root = mkdtempSync(join(tmpdir(), 'crm-listeners-pg-'));
	const owner = postgresUid();
	if (owner) chownSync(root, owner.uid, owner.gid);
	const dataDir = join(root, 'data');
	// --no-locale: the C locale whatever LANG says (initdb refuses a LANG naming a locale the machine has not
	// generated, e.g. en_US.UTF-8 on a minimal image).
	const initdb = asServiceUser(join(options.binDir, 'initdb'), ['-D', dataDir, '-U', USER, '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync']);
	execFileSync(initdb.command, initdb.args, { stdio: 'pipe' });
	const server = asServiceUser(join(options.binDir, 'postgres'), [
		'-D', dataDir,
		'-k', root,
		'-h', '127.0.0.1',
		'-p', String(options.port),
		// A test database: nothing to keep after a crash.
		'-c', 'fsync=off',
		'-c', 'synchronous_commit=off',
		'-c', 'full_page_writes=off',
		'-c', 'max_connections=200',
	]);
	const logFile = join(root, 'postgres.log');
	const service: ServiceProcess = spawnService({ name: 'PostgreSQL', command: server.command, args: server.args, logFile, onSpawn: options.onSpawn });
	if (owner) chownSync(logFile, owner.uid, owner.gid);
	const psql = (sql: string): string =>
		// The client of the same installation (Debian's /usr/bin/psql is a wrapper that may pick another version).
		execFileSync(join(options.binDir, 'psql'), ['-h', '127.0.0.1', '-p', String(options.port), '-U', USER, '-d', DATABASE, '-X', '-A', '-t', '-F', '\t', '-c', sql], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
			// Execution data of a whole measurement comes back in one answer.
			maxBuffer: 512 * 1024 * 1024,
		});
	await waitUntilReady(
		service,
		async () => {
			try {
				psql('select 1');
				return true;
			} catch {
				return false;
			}
		},
		30_000,
	);
	return {
		host: '127.0.0.1',
		port: options.port,
		user: USER,
		database: DATABASE,
		pid: service.pid,
		dataDir,
		query: psql,
		stop: async () => {
			await service.stop();
			rmSync(root, { recursive: true, force: true });
		},
	};
}
