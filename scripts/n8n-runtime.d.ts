// Types of scripts/n8n-runtime.js, so TypeScript tests (the e2e suite) can `import` it.
import type { ChildProcess } from 'node:child_process';

export declare const N8N_VERSION: string;

export interface NodeRuntime {
	nodeBin: string;
	binDir: string;
	/** Folder with bin/node and include/node (for npm_config_nodedir). */
	nodeDir: string;
	version: string;
}

export interface N8nInstall {
	dir: string;
	n8nBin: string;
}

export interface Runtime {
	node: NodeRuntime;
	n8n: N8nInstall;
	/** The exact n8n version this runtime runs. */
	n8nVersion: string;
}

export interface EnsureRuntimeOptions {
	/** An exact version (see resolveN8nVersion for ranges); default N8N_VERSION. */
	n8nVersion?: string;
}

export interface StartOptions {
	/** N8N_USER_FOLDER; n8n keeps its database in <userFolder>/.n8n. */
	userFolder: string;
	/** Default: a free port. */
	port?: number;
	/** Extra environment for n8n (wins over the defaults). */
	env?: Record<string, string>;
	/** Default <userFolder>/n8n.log. */
	logFile?: string;
	/** /healthz deadline, default 180 000. */
	timeoutMs?: number;
	/** Deadline for the "Editor is now accessible" line after /healthz, default 60 000. */
	editorTimeoutMs?: number;
	/** Polled after start-up until true: workflows are activated asynchronously in n8n 2.40. */
	waitFor?: () => boolean | Promise<boolean>;
	/** Default 60 000. */
	waitForTimeoutMs?: number;
	/** Told the pid (= process group id) of n8n right after it is spawned, e.g. to clean up after a crash. */
	onSpawn?: (pid: number) => void;
}

export interface RunningN8n {
	url: string;
	port: number;
	pid: number;
	userFolder: string;
	logFile: string;
	healthyAfterMs: number;
	/** SIGTERM to the process group, SIGKILL after `graceMs` (default 15 000). */
	stop(graceMs?: number): Promise<void>;
	exited: Promise<number | string | null>;
	readLog(): string;
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

export interface OwnerSession {
	call(method: string, route: string, body?: unknown): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string; json: unknown }>;
	getWorkflow(id: string): Promise<unknown>;
	/** Publish the current version (what the editor's Publish button does); takes effect asynchronously. */
	activate(id: string): Promise<unknown>;
	deactivate(id: string): Promise<unknown>;
	executions(workflowId: string): Promise<unknown>;
}

export declare function cacheRoot(): string;
/** An exact version is returned as is; a range (`1`, `1.123`) is resolved to its newest release with `npm view`. */
export declare function resolveN8nVersion(spec: string): Promise<string>;
export declare function ensureNode24(): Promise<NodeRuntime>;
export declare function ensureN8n(node: NodeRuntime, n8nVersion?: string): Promise<N8nInstall>;
/** Installs Node 24 and the n8n version once into the cache (one folder per version) and reuses them. */
export declare function ensureRuntime(options?: EnsureRuntimeOptions): Promise<Runtime>;
export declare function n8nEnv(runtime: Runtime, options: { userFolder: string; port?: number; env?: Record<string, string> }): Record<string, string>;
export declare function n8nCli(runtime: Runtime, userFolder: string, args: string[], options?: { port?: number; env?: Record<string, string> }): Promise<CliResult>;
/** Run before startN8n (the CLI writes to the database). `data` given as an object is encrypted by n8n. */
export declare function importCredentials(runtime: Runtime, userFolder: string, file: string): Promise<void>;
/** One file (workflow or array) or a directory of *.json; every workflow needs an `id`. Returns the ids. */
export declare function importWorkflows(runtime: Runtime, userFolder: string, fileOrDir: string): Promise<string[]>;
/** n8n 2.x `publish:workflow --id=…`, 1.x `update:workflow --id=… --active=true`; takes effect when n8n (re)starts. */
export declare function publishWorkflows(runtime: Runtime, userFolder: string, ids: string[]): Promise<void>;
export declare function startN8n(runtime: Runtime, options: StartOptions): Promise<RunningN8n>;
export declare function pollUntil(predicate: () => boolean | Promise<boolean>, timeoutMs: number, what?: string, intervalMs?: number): Promise<void>;
export declare function freePort(): Promise<number>;
/** `npm run build` then `npm pack` into `outDir`; returns the tarball path. */
export declare function packProject(projectDir: string, outDir: string): Promise<string>;
/** Install a tarball into <userFolder>/.n8n/nodes like n8n's Community Nodes page; loaded on next start. */
export declare function installPackage(userFolder: string, tarball: string): Promise<{ name: string; version: string; dir: string }>;
export declare function ownerSession(baseUrl: string, owner?: { email?: string; password?: string }): Promise<OwnerSession>;

export type { ChildProcess };
