'use strict';
// The sandbox CRM for `npm start`: compiled from test/sandbox into .cache/sandbox-build, run as its own
// process, which prints its URL as one JSON line.

const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');

/**
 * @typedef {object} SandboxProcess
 * @property {{ url: string, journalCertificate: string }} info
 * @property {() => Promise<void>} stop
 */

/**
 * `tsc -p scripts/tsconfig.sandbox.json` with the project's TypeScript.
 * @param {string} project
 * @returns {Promise<void>}
 */
function compileSandbox(project) {
	const tsc = path.join(project, 'node_modules', 'typescript', 'bin', 'tsc');
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [tsc, '-p', path.join('scripts', 'tsconfig.sandbox.json')], { cwd: project, stdio: 'inherit' });
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`compiling the sandbox exited with ${code}`))));
	});
}

/**
 * @param {string} project
 * @param {number} port
 * @returns {Promise<SandboxProcess>}
 */
async function startSandboxProcess(project, port) {
	const child = spawn(process.execPath, [path.join(project, '.cache', 'sandbox-build', 'cli.js'), '--port', String(port)], {
		cwd: project,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const lines = readline.createInterface({ input: child.stdout });
	/** @type {{ url: string, journalCertificate: string }} */
	const info = await new Promise((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`sandbox exited with ${code} (is port ${port} free? try --sandbox-port)`)));
		lines.once('line', (line) => resolve(JSON.parse(line)));
	});
	lines.close();
	child.stdout.resume();
	/** @returns {Promise<void>} */
	const stop = () =>
		new Promise((resolve) => {
			if (child.exitCode !== null) return resolve();
			child.once('exit', () => resolve());
			child.kill('SIGTERM');
		});
	return { info, stop };
}

module.exports = { compileSandbox, startSandboxProcess };
