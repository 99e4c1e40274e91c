// The Debian packages the queue-mode suite runs (PostgreSQL, Redis, nginx): installed with apt-get when a
// binary is missing, as CI starts from a fresh machine. `apt-get update` runs once, only when needed. The suite
// starts its own servers; the ones Debian would start on installation (port 80, 5432, 6379) are kept from
// starting, so a busy port cannot fail the install and nothing keeps running after the suite.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ServiceBinaries {
	/** Folder with initdb, postgres, pg_ctl … (Debian keeps them out of PATH). */
	postgresBin: string;
	redisServer: string;
	nginx: string;
}

const PACKAGES: Array<{ name: string; found: () => boolean }> = [
	{ name: 'postgresql', found: () => findPostgresBin() !== undefined },
	{ name: 'redis-server', found: () => which('redis-server') !== undefined },
	// `nginx`: the binary package in Debian 12's current updates (nginx-light there only depends on it and brings
	// an extra module); the flavour packages are not in every release, `nginx` is.
	{ name: 'nginx', found: () => which('nginx') !== undefined },
];

function which(command: string): string | undefined {
	for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/usr/bin', '/sbin'])) {
		if (dir && existsSync(join(dir, command))) return join(dir, command);
	}
	return undefined;
}

function findPostgresBin(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root)
		.filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length > 0 ? join(root, versions[0], 'bin') : undefined;
}

function aptGet(args: string[]): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn('apt-get', args, {
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0 ? resolve() : reject(new Error(`apt-get ${args.join(' ')} exited with ${code}:\n${output.split('\n').slice(-20).join('\n')}`)),
		);
	});
}

/** Where the binaries are, or undefined when one is missing (installs nothing). */
export function findServiceBinaries(): ServiceBinaries | undefined {
	const postgresBin = findPostgresBin();
	const redisServer = which('redis-server');
	const nginx = which('nginx');
	return postgresBin && redisServer && nginx ? { postgresBin, redisServer, nginx } : undefined;
}

/** Debian's hook asked before a package's install script starts a service: 101 = not allowed. */
const POLICY_RC_D = '/usr/sbin/policy-rc.d';

/** Runs `install` with services kept from starting, unless the machine already has its own policy. */
async function withoutServiceStarts(install: () => Promise<void>): Promise<void> {
	if (existsSync(POLICY_RC_D)) return install();
	writeFileSync(POLICY_RC_D, '#!/bin/sh\n# Written by the queue-mode suite while it installs packages; removed afterwards.\nexit 101\n', { mode: 0o755 });
	try {
		await install();
	} finally {
		rmSync(POLICY_RC_D, { force: true });
	}
}

/** Installs whatever is missing (needs root, as on CI), then returns where the binaries are. */
export async function ensureServiceBinaries(say: (message: string) => void): Promise<ServiceBinaries> {
	const missing = PACKAGES.filter((pkg) => !pkg.found()).map((pkg) => pkg.name);
	if (missing.length > 0) {
		if (process.getuid?.() !== 0) throw new Error(`missing Debian packages ${missing.join(', ')}: install them (apt-get install ${missing.join(' ')})`);
		say(`installing ${missing.join(', ')} with apt-get`);
		await aptGet(['update']);
		// --no-install-recommends keeps it small.
		await withoutServiceStarts(() => aptGet(['install', '-y', '--no-install-recommends', ...missing]));
	}
	const postgresBin = findPostgresBin();
	const redisServer = which('redis-server');
	const nginx = which('nginx');
	if (!postgresBin || !redisServer || !nginx) throw new Error('PostgreSQL, Redis or nginx is still missing after apt-get install');
	execFileSync(nginx, ['-v'], { stdio: 'ignore' });
	return { postgresBin, redisServer, nginx };
}
