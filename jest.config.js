/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	// A handle left open by a failed start must not hold CI until its time limit: the suites close what they open,
	// and this ends the process once the results are in even when one did not.
	forceExit: true,
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/queue/'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { diagnostics: false }],
	},
	setupFiles: ['<rootDir>/test/helpers/env.ts'],
	testTimeout: 30000,
};
