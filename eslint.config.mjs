import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tseslint from 'typescript-eslint';

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
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.recommended],
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
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'core/**/*.ts'],
		...n8nCommunityNodesPlugin.configs.recommended,
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'core/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', runtimeImports],
			'no-console': 'error',
		},
	},
	{
		files: ['core/**/*.ts'],
		rules: { 'no-restricted-imports': ['error', coreImports] },
	},
);
