'use strict';
// Jest reporter for the e2e suite: after the run, says which n8n versions passed, which failed and which
// were skipped (with the reason), with the timings the suite recorded. Marks the run folder as failed so
// the teardown keeps the n8n logs.
const fs = require('node:fs');
const path = require('node:path');

const STATE_ENV = 'CRM_LISTENERS_E2E_STATE';

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

function seconds(ms) {
	return typeof ms === 'number' ? `${(ms / 1000).toFixed(1)} s` : '?';
}

class SummaryReporter {
	onRunComplete(_contexts, results) {
		const file = process.env[STATE_ENV];
		const state = file ? readJson(file) : undefined;
		if (!state) return;
		const counts = new Map();
		const countFor = (title) => {
			if (!counts.has(title)) counts.set(title, { passed: 0, failed: 0, pending: 0 });
			return counts.get(title);
		};
		let brokenFiles = 0;
		for (const suite of results.testResults) {
			if (suite.testExecError) brokenFiles += 1;
			for (const test of suite.testResults) {
				const entry = countFor(test.ancestorTitles[0] || test.title);
				if (test.status === 'passed') entry.passed += 1;
				else if (test.status === 'failed') entry.failed += 1;
				else entry.pending += 1;
			}
		}
		const lines = ['', 'n8n versions tested end to end:'];
		for (const plan of state.versions) {
			const name = `n8n ${plan.version || plan.spec}`;
			if (plan.skipReason) {
				lines.push(`  - ${name}: SKIPPED (${plan.skipReason})`);
				continue;
			}
			const entry = counts.get(name) || { passed: 0, failed: 0, pending: 0 };
			const timings = readJson(path.join(state.runDir, `timings-${plan.version}.json`)) || {};
			const verdict = entry.failed === 0 && entry.passed > 0 && brokenFiles === 0 ? 'PASSED' : 'FAILED';
			const detail = [`${entry.passed} passed`, entry.failed ? `${entry.failed} failed` : '', entry.pending ? `${entry.pending} skipped` : '']
				.filter(Boolean)
				.join(', ');
			const timing = [
				plan.installMs !== undefined ? `install/check ${seconds(plan.installMs)}` : '',
				timings.startMs !== undefined ? `n8n start ${seconds(timings.startMs)}` : '',
				timings.totalMs !== undefined ? `total ${seconds(timings.totalMs)}` : '',
			]
				.filter(Boolean)
				.join(', ');
			lines.push(`  - ${name}: ${verdict} (${detail}${timing ? `; ${timing}` : ''})`);
		}
		lines.push(`  build + pack: ${seconds(state.packMs)}`);
		if (results.numFailedTests > 0 || brokenFiles > 0) {
			fs.writeFileSync(path.join(state.runDir, 'FAILED'), 'a test failed\n');
		}
		process.stdout.write(`${lines.join('\n')}\n\n`);
	}
}

module.exports = SummaryReporter;
