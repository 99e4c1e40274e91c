import { config as n8nNodeConfig } from '@n8n/node-cli/eslint';
import tseslint from 'typescript-eslint';

// The code that ships in the package and runs inside n8n.
const SHIPPED = ['nodes/**/*.ts', 'credentials/**/*.ts', 'core/**/*.ts'];

// n8n's own configuration for community packages (what `n8n-node lint` applies, in its n8n Cloud variant:
// JavaScript and TypeScript recommended, import checks, n8n's community-node and node/credential rules,
// the package.json rules), unchanged except that its rules for every `.ts` file are aimed at the code that
// ships. n8n's strict mode would demand this file verbatim, which lints tests, benchmarks and scripts with the
// rules for code running in n8n Cloud (no node:fs, no timers, no jest); hence `"strict": false` in package.json.
const n8nForShippedCode = n8nNodeConfig.map((entry) => (entry.files?.includes('**/*.ts') ? { ...entry, files: SHIPPED } : entry));

// What a node may import at run time inside n8n: n8n-workflow, luxon, node:crypto and our own code.
const runtimeImports = {
	patterns: [
		{
			regex: '^(?!\\.|n8n-workflow$|luxon$|node:crypto$)',
			message: 'Nodes, credentials and core may import only n8n-workflow, luxon, node:crypto and relative paths.',
		},
	],
};

// core/ is pure: no n8n, and nothing from the n8n glue (nodes/, credentials/) that wraps it.
const coreImports = {
	patterns: [
		{
			regex: '^(?!\\.|luxon$|node:crypto$)',
			message: 'core/ may import only luxon, node:crypto and relative paths inside core/ (no n8n-workflow).',
		},
		{
			regex: '^(\\.\\./)+(nodes|credentials)(/|$)',
			message: 'core/ must not import from nodes/ or credentials/: pass what it needs as parameters.',
		},
	],
};

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.n8n-local/**', '.cache/**', '**/*.js', '**/*.mjs', '!scripts/**/*.js'] },
	...n8nForShippedCode,
	// Tests, benchmarks and scripts: TypeScript recommended (n8n's config brings its own copy for the shipped code).
	{
		files: ['**/*.ts'],
		ignores: SHIPPED,
		extends: [tseslint.configs.recommended],
	},
	// Ours, stricter, everywhere.
	{
		files: ['**/*.ts'],
		rules: {
			'@typescript-eslint/no-explicit-any': 'error',
			'@typescript-eslint/ban-ts-comment': ['error', { 'ts-ignore': true, 'ts-nocheck': true, 'ts-expect-error': 'allow-with-description' }],
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		},
	},
	// The scripts are CommonJS JavaScript typed with JSDoc (checked by tsc): they run with plain `node` before
	// the project's dependencies are installed, so they cannot be TypeScript. Same rules as the TypeScript,
	// except `require`, which is how CommonJS imports.
	{
		files: ['scripts/**/*.js'],
		extends: [tseslint.configs.recommended],
		languageOptions: { sourceType: 'commonjs' },
		rules: {
			'@typescript-eslint/no-require-imports': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
		},
	},
	{
		files: SHIPPED,
		rules: {
			'no-restricted-imports': ['error', runtimeImports],
			'no-console': 'error',
		},
	},
	{
		files: ['core/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', coreImports],
			// core/ refuses control characters in hostile input (URLs, header values): its patterns must name them.
			'no-control-regex': 'off',
		},
	},
	// n8n's title case for parameter and option names would write the brand as "N8n" and HubSpot's "v3" as "V3".
	{
		files: ['nodes/**/*.ts'],
		rules: { 'n8n-nodes-base/node-param-display-name-miscased': 'off' },
	},
	// n8n's naming conventions for its built-in credentials (type name and class end in `Api`, display name
	// in `API` / `OAuth2 API`, file named after the class). Our credential type names are what users' stored
	// credentials and workflows refer to, and nodes, demo and fixtures use them: renaming them is a change of
	// its own, not a lint fix. n8n's package scanner applies these rules too (see README, Release).
	{
		files: ['credentials/**/*.ts'],
		rules: {
			'n8n-nodes-base/cred-class-name-unsuffixed': 'off',
			'n8n-nodes-base/cred-class-field-name-unsuffixed': 'off',
			'n8n-nodes-base/cred-class-field-display-name-missing-api': 'off',
			'n8n-nodes-base/cred-class-field-display-name-missing-oauth2': 'off',
			'n8n-nodes-base/cred-filename-against-convention': 'off',
		},
	},
);
