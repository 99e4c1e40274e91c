#!/usr/bin/env node
'use strict';
// `npm start`: the package, loaded into a real n8n 2.40.7, wired to the sandbox CRM, with a demo workflow
// for each trigger. Ctrl-C stops everything. Installs the locked dependencies first when they are missing,
// and skips each phase whose inputs have not changed since the last start (fingerprints in .cache/ and
// .n8n-local/). Needs nothing from node_modules until the dependency step has run.

const fs = require('node:fs');
const fsp = require('node:fs/promises');
const http = require('node:http');
const path = require('node:path');

const { ensureDependencies } = require('./ensure-deps');
const runtimeLib = require('./n8n-runtime');
const { OWNER, demoWorkflow, instructions } = require('./start/instructions');
const { compileSandbox, startSandboxProcess } = require('./start/sandbox');
const { fingerprint, readStamps, writeStamp } = require('./start/stamps');

const PROJECT = path.resolve(__dirname, '..');
const LOCAL = path.join(PROJECT, '.n8n-local');
const DEMO = path.join(PROJECT, 'demo');
const PACK_DIR = path.join(PROJECT, '.cache', 'pack');
/** Fingerprints of what was built (survive --fresh) and of what is in .n8n-local (wiped with it). */
const BUILD_STAMPS = path.join(PROJECT, '.cache', 'start-stamps.json');
const LOCAL_STAMPS = path.join(LOCAL, 'start-stamps.json');
/** The sandbox URL written in demo/credentials.json; replaced when the sandbox listens elsewhere. */
const DEMO_SANDBOX_URL = 'http://127.0.0.1:4010';
/** What goes into the tarball: a change to any of these rebuilds and repacks. */
const PACKAGE_INPUTS = ['core', 'nodes', 'credentials', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'gulpfile.js', 'README.md', 'LICENSE', 'CHANGELOG.md'];
const SANDBOX_INPUTS = ['test/sandbox', 'scripts/tsconfig.sandbox.json', 'tsconfig.json', 'package-lock.json'];

const USAGE = `usage: npm start [-- options]      (or: node scripts/start.js [options])

  --port <n>            n8n editor port (default 5678)
  --sandbox-port <n>    sandbox CRM port (default 4010)
  --fresh               wipe .n8n-local/ (n8n's database, the installed package) first
  --skip-build          use the last packed tarball even if the sources changed
  --dry-run             install the dependencies if needed, then say what a start would do, and stop
  --help                this text

The first start installs the locked dependencies (npm ci) and Node 24 + n8n 2.40.7 into
~/.cache/n8n-nodes-crm-listeners; later starts skip every phase whose inputs did not change.
`;

/**
 * @param {string} name
 * @param {string} fallback
 */
function flag(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

/** @param {string} message */
function say(message) {
	process.stdout.write(`${message}\n`);
}

/**
 * @param {string} url
 * @returns {Promise<unknown>}
 */
function getJson(url) {
	return new Promise((resolve, reject) => {
		http
			.get(url, { agent: false }, (res) => {
				let text = '';
				res.on('data', (/** @type {Buffer} */ chunk) => (text += chunk));
				res.on('end', () => {
					try {
						resolve(JSON.parse(text));
					} catch (error) {
						reject(error);
					}
				});
			})
			.on('error', reject);
	});
}

/**
 * @typedef {object} Decision
 * @property {boolean} run
 * @property {string} why
 */

/**
 * What each skippable phase will do, from the fingerprints of its inputs.
 * @param {{ sandboxUrl: string, n8nVersion: string }} context
 */
function plan({ sandboxUrl, n8nVersion }) {
	const built = readStamps(BUILD_STAMPS);
	const local = readStamps(LOCAL_STAMPS);
	const packageFp = fingerprint(PROJECT, PACKAGE_INPUTS);
	const sandboxFp = fingerprint(PROJECT, SANDBOX_INPUTS);
	const importFp = fingerprint(PROJECT, ['demo'], [sandboxUrl, n8nVersion]);
	const tarball = built.tarball ? path.join(PACK_DIR, built.tarball) : '';
	const skipBuild = process.argv.includes('--skip-build');
	/** @type {Decision} */
	const build =
		built.package === packageFp && fs.existsSync(tarball)
			? { run: false, why: 'sources unchanged since the last pack' }
			: skipBuild && fs.existsSync(tarball)
				? { run: false, why: '--skip-build' }
				: { run: true, why: built.package ? 'sources changed' : 'first pack' };
	const installedDir = path.join(LOCAL, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-crm-listeners');
	/** @type {Decision} */
	const install =
		!build.run && local.installed === (built.package ?? '') && fs.existsSync(installedDir)
			? { run: false, why: 'this tarball is already installed' }
			: { run: true, why: build.run ? 'a new tarball' : 'not installed in .n8n-local yet' };
	/** @type {Decision} */
	const sandbox =
		built.sandbox === sandboxFp && fs.existsSync(path.join(PROJECT, '.cache', 'sandbox-build', 'cli.js'))
			? { run: false, why: 'test/sandbox unchanged' }
			: { run: true, why: built.sandbox ? 'test/sandbox changed' : 'first compile' };
	const database = path.join(LOCAL, '.n8n', 'database.sqlite');
	/** @type {Decision} */
	const imports =
		local.imported === importFp && fs.existsSync(database)
			? { run: false, why: 'demo unchanged and already in the database (your edits there are kept)' }
			: { run: true, why: fs.existsSync(database) ? 'demo or sandbox URL changed' : 'new database' };
	return { build, install, sandbox, imports, packageFp, sandboxFp, importFp, tarball };
}

/** @typedef {ReturnType<typeof plan>} Plan */

/** Timings of the phases that ran, for the summary at the end. */
class Phases {
	constructor() {
		/** @type {Array<{ name: string, ms: number, skipped?: string }>} */
		this.done = [];
	}

	/**
	 * Run `fn` as a named phase, or record why it is skipped.
	 * @template T
	 * @param {string} name short, for the summary
	 * @param {Decision} decision
	 * @param {() => Promise<T>} fn
	 * @param {string} [title] what the phase does, as it starts
	 * @returns {Promise<T | undefined>}
	 */
	async run(name, decision, fn, title = name) {
		if (!decision.run) {
			say(`\x1b[2m▷ ${title}: skipped (${decision.why})\x1b[0m`);
			this.done.push({ name, ms: 0, skipped: decision.why });
			return undefined;
		}
		say(`\x1b[36m▶ ${title}\x1b[0m${decision.why ? ` \x1b[2m(${decision.why})\x1b[0m` : ''}`);
		const started = Date.now();
		const result = await fn();
		this.done.push({ name, ms: Date.now() - started });
		return result;
	}

	summary() {
		return this.done.map((p) => (p.skipped ? `${p.name} skipped` : `${p.name} ${(p.ms / 1000).toFixed(1)} s`)).join(', ');
	}
}

/** @param {string} sandboxUrl */
async function prepareImports(sandboxUrl) {
	const importDir = path.join(LOCAL, 'import');
	await fsp.rm(importDir, { recursive: true, force: true });
	await fsp.mkdir(path.join(importDir, 'workflows'), { recursive: true });
	const credentials = fs.readFileSync(path.join(DEMO, 'credentials.json'), 'utf8').split(DEMO_SANDBOX_URL).join(sandboxUrl);
	await fsp.writeFile(path.join(importDir, 'credentials.json'), credentials);
	for (const file of fs.readdirSync(path.join(DEMO, 'workflows')).filter((f) => f.endsWith('.json'))) {
		const text = fs.readFileSync(path.join(DEMO, 'workflows', file), 'utf8').split(DEMO_SANDBOX_URL).join(sandboxUrl);
		await fsp.writeFile(path.join(importDir, 'workflows', file), text);
	}
	return importDir;
}

/**
 * The demo workflows, and whether each starts with one of our webhook triggers.
 * @returns {Array<{ id: string, name: string, webhook: boolean }>}
 */
function demoWorkflows() {
	const dir = path.join(DEMO, 'workflows');
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.map((f) => demoWorkflow(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))));
}

/**
 * @param {import('./n8n-runtime').Runtime} runtime
 * @param {string} sandboxUrl
 * @param {Plan} decided
 */
async function importDemo(runtime, sandboxUrl, decided) {
	const importDir = await prepareImports(sandboxUrl);
	await runtimeLib.importCredentials(runtime, LOCAL, path.join(importDir, 'credentials.json'));
	const ids = await runtimeLib.importWorkflows(runtime, LOCAL, path.join(importDir, 'workflows'));
	await runtimeLib.publishWorkflows(runtime, LOCAL, ids);
	writeStamp(LOCAL_STAMPS, 'imported', decided.importFp);
}

/**
 * Build + pack when needed; returns the tarball to install.
 * @param {Phases} phases
 * @param {Plan} decided
 */
async function tarballFor(phases, decided) {
	const packed = await phases.run(
		'build + pack',
		decided.build,
		async () => {
			await fsp.rm(PACK_DIR, { recursive: true, force: true });
			const tarball = await runtimeLib.packProject(PROJECT, PACK_DIR);
			writeStamp(BUILD_STAMPS, 'tarball', path.basename(tarball));
			writeStamp(BUILD_STAMPS, 'package', decided.packageFp);
			return tarball;
		},
		'building and packing the package',
	);
	return packed ?? decided.tarball;
}

/**
 * @param {import('./n8n-runtime').OwnerSession} session
 */
async function republishWebhookWorkflows(session) {
	for (const workflow of demoWorkflows().filter((w) => w.webhook)) {
		await retried(() => session.deactivate(workflow.id));
		await retried(() => session.activate(workflow.id));
	}
}

/**
 * n8n answers some REST routes with 404 for a moment after start-up: try again a few times.
 * @template T
 * @param {() => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function retried(fn) {
	for (let attempt = 1; ; attempt += 1) {
		try {
			return await fn();
		} catch (error) {
			if (attempt >= 5) throw error;
			await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
		}
	}
}

/** @param {string} sandboxUrl */
async function waitForRegistration(sandboxUrl) {
	try {
		await runtimeLib.pollUntil(
			async () => {
				const settings = await getJson(`${sandboxUrl}/_sandbox/hubspot/settings`);
				const webhooks = await getJson(`${sandboxUrl}/_sandbox/pipedrive/webhooks`);
				return settings !== null && Array.isArray(webhooks) && webhooks.length > 0;
			},
			60_000,
			'trigger registration',
			500,
		);
	} catch {
		say('  (the triggers did not register within 60 s: open the workflows in n8n and check the log)');
	}
}

/**
 * Everything from the installed runtime to a ready n8n; returns what stops it.
 * @param {import('./n8n-runtime').Runtime} runtime
 * @param {Phases} phases
 * @param {{ n8nPort: number, sandboxPort: number }} ports
 */
async function bringUp(runtime, phases, { n8nPort, sandboxPort }) {
	const decided = plan({ sandboxUrl: `http://127.0.0.1:${sandboxPort}`, n8nVersion: runtime.n8nVersion });
	const tarball = await tarballFor(phases, decided);
	const installTitle = `installing ${path.basename(tarball)} into .n8n-local/.n8n/nodes (as Settings → Community Nodes does)`;
	const install = async () => {
		await runtimeLib.installPackage(LOCAL, tarball);
		writeStamp(LOCAL_STAMPS, 'installed', readStamps(BUILD_STAMPS).package ?? '');
	};
	await phases.run('install', decided.install, install, installTitle);
	const compile = async () => {
		await compileSandbox(PROJECT);
		writeStamp(BUILD_STAMPS, 'sandbox', decided.sandboxFp);
	};
	await phases.run('sandbox compile', decided.sandbox, compile, 'compiling the sandbox CRM');
	const sandbox = await startSandboxProcess(PROJECT, sandboxPort);
	const sandboxUrl = sandbox.info.url;
	try {
		const importTitle = 'importing demo credentials and workflows, publishing the workflows';
		await phases.run('import + publish', decided.imports, () => importDemo(runtime, sandboxUrl, decided), importTitle);
		const logFile = path.join(LOCAL, 'n8n.log');
		const startTitle = `starting n8n on port ${n8nPort}`;
		// The sandbox serves HubSpot journal files over https with a certificate made at its start: n8n trusts it
		// the way a deployment trusts a private CA.
		const caFile = path.join(LOCAL, 'sandbox-files-ca.pem');
		fs.writeFileSync(caFile, sandbox.info.journalCertificate);
		const env = { NODE_EXTRA_CA_CERTS: caFile };
		const n8n = await phases.run('n8n start', { run: true, why: '' }, () => runtimeLib.startN8n(runtime, { userFolder: LOCAL, port: n8nPort, logFile, env }), startTitle);
		if (!n8n) throw new Error('n8n did not start');
		const session = await runtimeLib.ownerSession(n8n.url, OWNER);
		// n8n keeps its record of webhooks registered with a provider across restarts, but the sandbox starts
		// empty: unpublishing and publishing again (what a user would do) makes the triggers register anew.
		if (!decided.imports.run) await phases.run('re-publish', { run: true, why: 'the sandbox started empty' }, () => republishWebhookWorkflows(session), 're-publishing the webhook workflows');
		const registerTitle = 'waiting for the triggers to register with the sandbox';
		await phases.run('registration', { run: true, why: '' }, () => waitForRegistration(sandboxUrl), registerTitle);
		return { n8n, sandbox, sandboxUrl, logFile };
	} catch (error) {
		await sandbox.stop();
		throw error;
	}
}

/** @param {{ n8nPort: number, sandboxPort: number }} ports */
function dryRun({ n8nPort, sandboxPort }) {
	const n8nVersion = runtimeLib.N8N_VERSION;
	const decided = plan({ sandboxUrl: `http://127.0.0.1:${sandboxPort}`, n8nVersion });
	const runtime = runtimeLib.runtimeInstalled(n8nVersion) ? 'installed, reused' : 'would install (about 4 minutes, 2.8 GB, once)';
	/** @param {Decision} d */
	const line = (d) => `${d.run ? 'would run' : 'would skip'}: ${d.why}`;
	say(`npm start --dry-run: what a start would do now
  dependencies       current
  n8n runtime        Node 24 + n8n ${n8nVersion}: ${runtime}
  build + pack       ${line(decided.build)}
  install package    ${line(decided.install)}
  sandbox compile    ${line(decided.sandbox)}
  demo import        ${line(decided.imports)}
  n8n                would start on port ${n8nPort}, sandbox CRM on port ${sandboxPort}`);
}

async function main() {
	if (process.argv.includes('--help')) return void process.stdout.write(USAGE);
	const started = Date.now();
	const ports = { n8nPort: Number(flag('port', '5678')), sandboxPort: Number(flag('sandbox-port', '4010')) };
	ensureDependencies(PROJECT);
	if (process.argv.includes('--dry-run')) return dryRun(ports);
	if (process.argv.includes('--fresh')) {
		say('▶ removing .n8n-local/');
		await fsp.rm(LOCAL, { recursive: true, force: true });
	}
	await fsp.mkdir(LOCAL, { recursive: true });
	const phases = new Phases();
	const runtimeTitle = `n8n runtime (Node 24 + n8n ${runtimeLib.N8N_VERSION}; the first run installs it, about 4 minutes)`;
	const runtime = await phases.run('runtime', { run: true, why: '' }, () => runtimeLib.ensureRuntime(), runtimeTitle);
	if (!runtime) throw new Error('no n8n runtime');
	const { n8n, sandbox, sandboxUrl, logFile } = await bringUp(runtime, phases, ports);
	const shutdown = async () => {
		say('\nstopping…');
		await n8n.stop();
		await sandbox.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void shutdown());
	process.on('SIGTERM', () => void shutdown());
	say(instructions({ n8nUrl: n8n.url, sandboxUrl, logFile: path.relative(PROJECT, logFile), workflows: demoWorkflows() }));
	say(`(ready in ${Math.round((Date.now() - started) / 1000)} s: ${phases.summary()})`);
	await n8n.exited;
	say('n8n exited');
	await sandbox.stop();
}

main().catch((error) => {
	process.stderr.write(`\x1b[31m✖ ${error instanceof Error ? error.stack || error.message : String(error)}\x1b[0m\n`);
	process.exit(1);
});
