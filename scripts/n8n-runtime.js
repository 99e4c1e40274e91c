#!/usr/bin/env node
'use strict';
// A real n8n (pinned 2.40.7, or another version such as the latest 1.x) on Node 24 for the e2e suite and
// `npm start`, without touching the project's node_modules: both live in a cache
// (~/.cache/n8n-nodes-crm-listeners, or $CRM_LISTENERS_CACHE_DIR), one folder per n8n version.
// Plain JavaScript with JSDoc types, checked by `tsc` (checkJs): it runs before the project's dependencies
// exist and needs none of them. The pieces live in scripts/runtime/; this file is the one door and the CLI.
//
// Library:   const rt = require('./n8n-runtime');
//   const runtime = await rt.ensureRuntime();                 // installs once, reuses afterwards
//   const old = await rt.ensureRuntime({ n8nVersion: await rt.resolveN8nVersion('1') });   // latest 1.x
//   await rt.installPackage(userFolder, tarball);             // like Settings → Community Nodes
//   await rt.importCredentials(runtime, userFolder, file);    // before start: the CLI writes to the database
//   const ids = await rt.importWorkflows(runtime, userFolder, file); await rt.publishWorkflows(runtime, userFolder, ids);
//   const n8n = await rt.startN8n(runtime, { userFolder, port }); ... await n8n.stop();
// CLI:  node scripts/n8n-runtime.js install [--n8n <version|range>] | probe [--n8n …] | start --user-folder <dir> [--port 5678] [--n8n …]

const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');

const { N8N_VERSION, cacheRoot, ensureN8n, ensureNode24, ensureRuntime, resolveN8nVersion, runtimeInstalled } = require('./runtime/install');
const { importCredentials, importWorkflows, n8nCli, n8nEnv, publishWorkflows, startN8n } = require('./runtime/n8n');
const { installPackage, packProject } = require('./runtime/package');
const { errorText, freePort, log, pollUntil } = require('./runtime/processes');
const { ownerSession, request } = require('./runtime/rest');

/** @typedef {import('./runtime/install').NodeRuntime} NodeRuntime */
/** @typedef {import('./runtime/install').N8nInstall} N8nInstall */
/** @typedef {import('./runtime/install').Runtime} Runtime */
/** @typedef {import('./runtime/install').EnsureRuntimeOptions} EnsureRuntimeOptions */
/** @typedef {import('./runtime/n8n').StartOptions} StartOptions */
/** @typedef {import('./runtime/n8n').RunningN8n} RunningN8n */
/** @typedef {import('./runtime/processes').CliResult} CliResult */
/** @typedef {import('./runtime/rest').OwnerSession} OwnerSession */

/**
 * @param {string} name
 * @returns {string | undefined}
 */
function flag(name) {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? process.argv[index + 1] : undefined;
}

function runtimeFromFlags() {
	return resolveN8nVersion(flag('n8n') ?? N8N_VERSION).then((n8nVersion) => ensureRuntime({ n8nVersion }));
}

/** A workflow with one Webhook node answering POST /webhook/probe. */
const PROBE_WORKFLOW = {
	id: 'probeWebhook0001',
	name: 'Runtime probe',
	active: false,
	nodes: [
		{
			id: '7f0c6b52-8d1a-4b4e-9a55-2f0a4b8f0001',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '0b0c6b52-8d1a-4b4e-9a55-2f0a4b8f0002',
			parameters: { httpMethod: 'POST', path: 'probe', responseMode: 'onReceived', options: {} },
		},
	],
	connections: {},
	settings: { executionOrder: 'v1' },
};

/** Prove the runtime: fresh user folder, a Webhook-node workflow imported, published, started and called. */
async function probe() {
	/** @type {Record<string, number>} */
	const timings = {};
	let t = Date.now();
	const runtime = await runtimeFromFlags();
	timings.ensureRuntimeMs = Date.now() - t;
	const userFolder = await fsp.mkdtemp(path.join(os.tmpdir(), 'crm-listeners-probe-'));
	const workflowFile = path.join(userFolder, 'probe-workflow.json');
	await fsp.writeFile(workflowFile, JSON.stringify(PROBE_WORKFLOW, null, 2));
	t = Date.now();
	const ids = await importWorkflows(runtime, userFolder, workflowFile);
	timings.importMs = Date.now() - t;
	t = Date.now();
	await publishWorkflows(runtime, userFolder, ids);
	timings.publishMs = Date.now() - t;
	t = Date.now();
	const n8n = await startN8n(runtime, { userFolder });
	timings.startToHealthyMs = Date.now() - t;
	try {
		t = Date.now();
		let response = await request(`${n8n.url}/webhook/probe`, 'POST', { hello: 'probe' });
		while (response.status === 404) {
			if (Date.now() - t > 60_000) throw new Error('probe webhook not registered within 60000 ms');
			await new Promise((resolve) => setTimeout(resolve, 500));
			response = await request(`${n8n.url}/webhook/probe`, 'POST', { hello: 'probe' });
		}
		timings.healthyToWebhookLiveMs = Date.now() - t;
		process.stdout.write(`${JSON.stringify({ url: n8n.url, webhookStatus: response.status, webhookBody: response.text, timings }, null, 2)}\n`);
		if (response.status !== 200) throw new Error(`probe webhook answered ${response.status}`);
	} finally {
		t = Date.now();
		await n8n.stop();
		timings.stopMs = Date.now() - t;
		log(`stopped in ${timings.stopMs} ms; user folder kept at ${userFolder}`);
	}
}

async function startCommand() {
	const userFolder = flag('user-folder');
	if (!userFolder) throw new Error('--user-folder <dir> is required');
	const runtime = await runtimeFromFlags();
	const n8n = await startN8n(runtime, { userFolder, port: Number(flag('port') ?? '5678') });
	process.stdout.write(`n8n at ${n8n.url} (Ctrl-C stops it)\n`);
	const stop = () => void n8n.stop().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	await n8n.exited;
}

async function main() {
	const command = process.argv[2];
	if (command === 'install') {
		const runtime = await runtimeFromFlags();
		const summary = { node: runtime.node.nodeBin, nodeVersion: runtime.node.version, n8n: runtime.n8n.n8nBin, n8nVersion: runtime.n8nVersion };
		process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
	} else if (command === 'probe') {
		await probe();
	} else if (command === 'start') {
		await startCommand();
	} else {
		process.stderr.write('usage: node scripts/n8n-runtime.js install [--n8n <version|range>] | probe [--n8n …] | start --user-folder <dir> [--port 5678] [--n8n …]\n');
		process.exit(2);
	}
}

module.exports = {
	N8N_VERSION,
	resolveN8nVersion,
	cacheRoot,
	ensureNode24,
	ensureN8n,
	ensureRuntime,
	runtimeInstalled,
	n8nEnv,
	n8nCli,
	importCredentials,
	importWorkflows,
	publishWorkflows,
	startN8n,
	pollUntil,
	freePort,
	packProject,
	installPackage,
	ownerSession,
};

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`[n8n-runtime] ${errorText(error)}\n`);
		process.exit(1);
	});
}
