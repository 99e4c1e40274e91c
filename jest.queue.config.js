// Queue-mode suite: n8n 2.40.7 with PostgreSQL, Redis, two webhook processes behind nginx and a worker, the
// packed package in every process, the sandbox CRM. `npm run test:queue`. See test/queue/README.md.
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	// A handle left open by a failed start must not hold CI until its time limit: the suites close what they open,
	// and this ends the process once the results are in even when one did not.
	forceExit: true,
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { diagnostics: false }],
	},
	globalSetup: '<rootDir>/test/queue/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
	reporters: ['default', '<rootDir>/test/e2e/summary-reporter.js'],
	maxWorkers: 1,
	testTimeout: 180_000,
	verbose: true,
};
