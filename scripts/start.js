#!/usr/bin/env node
'use strict';
// `npm start`: the package, loaded into a real n8n 2.40.7, wired to the sandbox CRM, with a demo workflow
// for each trigger. Ctrl-C stops everything.
//
//   node scripts/start.js [--port 5678] [--sandbox-port 4010] [--fresh] [--skip-build]
//
// State lives in .n8n-local/ (git-ignored): n8n's database, the installed package, logs.
// --fresh wipes it first. The n8n install itself is cached in ~/.cache/n8n-nodes-crm-listeners.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const http = require('node:http');
const path = require('node:path');
const readline = require('node:readline');

const runtimeLib = require('./n8n-runtime');

const PROJECT = path.resolve(__dirname, '..');
const LOCAL = path.join(PROJECT, '.n8n-local');
const DEMO = path.join(PROJECT, 'demo');
/** The sandbox URL written in demo/credentials.json; replaced when the sandbox listens elsewhere. */
const DEMO_SANDBOX_URL = 'http://127.0.0.1:4010';
const OWNER = { email: 'demo@crm-listeners.test', password: 'Demo-Passw0rd!' };

/**
 * @param {string} name
 * @param {string} fallback
 */
function flag(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? process.argv[index + 1] : fallback;
}

/** @param {string} message */
function say(message) {
	process.stdout.write(`${message}\n`);
}

/** @param {string} message */
function step(message) {
	say(`\x1b[36m▶ ${message}\x1b[0m`);
}

/**
 * @param {string} command
 * @param {string[]} args
 * @returns {Promise<void>}
 */
function run(command, args) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd: PROJECT, stdio: 'inherit' });
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
	});
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
				res.on('data', (chunk) => (text += chunk));
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
 * The sandbox runs as its own process (compiled from test/sandbox) and prints its URL as a JSON line.
 * @param {number} port
 * @returns {Promise<{ info: { url: string }, stop: () => Promise<void> }>}
 */
async function startSandboxProcess(port) {
	const child = spawn(process.execPath, [path.join(PROJECT, '.cache', 'sandbox-build', 'cli.js'), '--port', String(port)], {
		cwd: PROJECT,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const lines = readline.createInterface({ input: child.stdout });
	/** @type {{ url: string }} */
	const info = await new Promise((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`sandbox exited with ${code} (is port ${port} free? try --sandbox-port)`)));
		lines.once('line', (line) => resolve(JSON.parse(line)));
	});
	lines.close();
	child.stdout.resume();
	return {
		info,
		stop: () =>
			/** @type {Promise<void>} */ (
				new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
				})
			),
	};
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

/** @param {{ n8nUrl: string, sandboxUrl: string, workflows: Array<{ id: string, name: string }> }} ready */
function instructions({ n8nUrl, sandboxUrl, workflows }) {
	const json = "-H 'content-type: application/json'";
	const s = sandboxUrl;
	return `
\x1b[32m✔ Ready.\x1b[0m

  n8n editor     ${n8nUrl}   (log in as ${OWNER.email} / ${OWNER.password})
  sandbox CRM    ${s}       (HubSpot + Pipedrive stand-in; state at ${s}/_sandbox/…)
  n8n log        ${path.relative(PROJECT, path.join(LOCAL, 'n8n.log'))}

  Demo workflows (open them, then "Executions"):
${workflows.map((w) => `    - ${w.name}   ${n8nUrl}/workflow/${w.id}`).join('\n')}

  Make the sandbox emit events:

  # HubSpot: create a contact, then change its email (signed v1+v3 deliveries to the HubSpot trigger)
  curl -s -X POST ${s}/_sandbox/hubspot/records/contacts ${json} -d '{"properties":{"email":"ada@example.com","firstname":"Ada"}}'
  curl -s -X PATCH ${s}/_sandbox/hubspot/records/contacts/1001 ${json} -d '{"properties":{"email":"ada@lovelace.example"}}'
  curl -s -X DELETE ${s}/_sandbox/hubspot/records/contacts/1001

  # HubSpot: a forged delivery (wrong client secret) — the trigger answers 401, no execution
  curl -s -X POST ${s}/_sandbox/hubspot/deliver ${json} -d '{"events":[{"subscriptionType":"contact.creation","objectId":1}],"clientSecret":"forged"}'

  # Pipedrive: create, change and delete a deal (v2 deliveries with HTTP Basic auth)
  curl -s -X POST ${s}/_sandbox/pipedrive/records/deals ${json} -d '{"fields":{"title":"Big deal","value":5000}}'
  curl -s -X PATCH ${s}/_sandbox/pipedrive/records/deals/1 ${json} -d '{"fields":{"stage_id":2}}'
  curl -s -X DELETE ${s}/_sandbox/pipedrive/records/deals/1

  # A duplicate: send the first delivery again (same event ids) — de-duplicated, no second execution
  curl -s "${s}/_sandbox/deliveries" | head -c 600; echo
  curl -s -X POST ${s}/_sandbox/hubspot/redeliver/<delivery id from above>

  # What the sandbox saw and sent
  curl -s ${s}/_sandbox/hubspot/subscriptions; echo
  curl -s ${s}/_sandbox/pipedrive/webhooks; echo
  curl -s "${s}/_sandbox/deliveries?state=failed"; echo
  curl -s "${s}/_sandbox/requests?provider=hubspot" | head -c 2000; echo

  The Event Poller Trigger polls the sandbox every minute: the records you create above show up there too
  (HubSpot search has a 30 s poll delay in the preset).

  Ctrl-C stops n8n and the sandbox.
`;
}

/** The tarball the last start packed (for --skip-build). */
function lastTarball() {
	const dir = path.join(PROJECT, '.cache', 'pack');
	const name = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.tgz')).sort().pop() : undefined;
	if (name === undefined) throw new Error('--skip-build: no packed tarball in .cache/pack yet; run once without it');
	return path.join(dir, name);
}

async function main() {
	const n8nPort = Number(flag('port', '5678'));
	const sandboxPort = Number(flag('sandbox-port', '4010'));
	const started = Date.now();

	if (process.argv.includes('--fresh')) {
		step('removing .n8n-local/');
		await fsp.rm(LOCAL, { recursive: true, force: true });
	}
	await fsp.mkdir(LOCAL, { recursive: true });

	step('n8n runtime (Node 24 + n8n 2.40.7; the first run installs it, about 4 minutes)');
	const runtime = await runtimeLib.ensureRuntime();

	if (!process.argv.includes('--skip-build')) {
		step('building and packing the package');
	}
	const tarball = process.argv.includes('--skip-build') ? lastTarball() : await runtimeLib.packProject(PROJECT, path.join(PROJECT, '.cache', 'pack'));
	step(`installing ${path.basename(tarball)} into .n8n-local/.n8n/nodes (as Settings → Community Nodes does)`);
	await runtimeLib.installPackage(LOCAL, tarball);

	step('compiling and starting the sandbox CRM');
	await run(process.execPath, [path.join(PROJECT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join('scripts', 'tsconfig.sandbox.json')]);
	const sandbox = await startSandboxProcess(sandboxPort);
	const sandboxUrl = sandbox.info.url;

	/** @type {import('./n8n-runtime').RunningN8n | undefined} */
	let n8n;
	const shutdown = async () => {
		say('\nstopping…');
		if (n8n) await n8n.stop();
		await sandbox.stop();
		process.exit(0);
	};
	process.on('SIGINT', () => void shutdown());
	process.on('SIGTERM', () => void shutdown());

	try {
		step('importing demo credentials and workflows, publishing the workflows');
		const importDir = await prepareImports(sandboxUrl);
		await runtimeLib.importCredentials(runtime, LOCAL, path.join(importDir, 'credentials.json'));
		const ids = await runtimeLib.importWorkflows(runtime, LOCAL, path.join(importDir, 'workflows'));
		await runtimeLib.publishWorkflows(runtime, LOCAL, ids);
		const workflows = fs
			.readdirSync(path.join(importDir, 'workflows'))
			.map((f) => /** @type {{ id: string, name: string }} */ (JSON.parse(fs.readFileSync(path.join(importDir, 'workflows', f), 'utf8'))))
			.map((w) => ({ id: w.id, name: w.name }));

		step(`starting n8n on port ${n8nPort}`);
		n8n = await runtimeLib.startN8n(runtime, { userFolder: LOCAL, port: n8nPort, logFile: path.join(LOCAL, 'n8n.log') });

		step('waiting for the triggers to register with the sandbox');
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

		try {
			await runtimeLib.ownerSession(n8n.url, OWNER);
		} catch (error) {
			say(`  (could not create the demo owner account: ${error instanceof Error ? error.message : String(error)})`);
		}
		say(instructions({ n8nUrl: n8n.url, sandboxUrl, workflows }));
		say(`(ready in ${Math.round((Date.now() - started) / 1000)} s)`);
		await n8n.exited;
		say('n8n exited');
		await sandbox.stop();
	} catch (error) {
		if (n8n) await n8n.stop();
		await sandbox.stop();
		throw error;
	}
}

main().catch((error) => {
	process.stderr.write(`\x1b[31m✖ ${error instanceof Error ? error.stack || error.message : String(error)}\x1b[0m\n`);
	process.exit(1);
});
