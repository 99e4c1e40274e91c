// End-to-end suite: a real n8n (pinned 2.40.7, then the newest 1.x when it installs) with the packed package
// installed as a community package, the sandbox CRM, real HTTP. `npm run test:e2e`. See test/e2e/README.md.
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	// A handle left open by a failed start must not hold CI until its time limit: the suites close what they open,
	// and this ends the process once the results are in even when one did not.
	forceExit: true,
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { diagnostics: false }],
	},
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
	reporters: ['default', '<rootDir>/test/e2e/summary-reporter.js'],
	// One n8n at a time: the machine has 2 cores.
	maxWorkers: 1,
	testTimeout: 180_000,
	verbose: true,
};
