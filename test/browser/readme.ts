// What the README promises a user will find in each trigger's panel: the first column of the "Parameters" and
// "Options" tables under the trigger's section. "Options → X" rows name an option of the Options collection.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ReadmeParameters {
	/** Top-level parameters, by their display name. */
	parameters: string[];
	/** Entries of the node's Options collection, by their display name. */
	options: string[];
}

const README = join(__dirname, '..', '..', 'README.md');

/** The lines of the `## heading` section, up to the next `## ` heading. */
function section(lines: string[], heading: string): string[] {
	const start = lines.findIndex((line) => line.trim() === `## ${heading}`);
	if (start < 0) throw new Error(`README.md has no "## ${heading}" section`);
	const end = lines.findIndex((line, index) => index > start && /^## /.test(line));
	return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** First-column cells of the table right under `### heading` in the section (header and rule rows skipped). */
function tableNames(lines: string[], heading: string): string[] {
	const start = lines.findIndex((line) => line.trim() === `### ${heading}`);
	if (start < 0) return [];
	const names: string[] = [];
	let inTable = false;
	for (const line of lines.slice(start + 1)) {
		if (/^#{2,3} /.test(line)) break;
		if (!line.startsWith('|')) {
			if (inTable) break;
			continue;
		}
		inTable = true;
		const first = line.split('|')[1]?.trim() ?? '';
		if (first === '' || /^-+$/.test(first) || /^(parameter|option|field)$/i.test(first)) continue;
		names.push(first.replace(/\*\*/g, ''));
	}
	return names;
}

/** The parameters and options the README's tables list for the trigger documented under `## heading`. */
export function readmeParameters(heading: string, readme = readFileSync(README, 'utf8')): ReadmeParameters {
	const lines = section(readme.split('\n'), heading);
	const parameters: string[] = [];
	const options: string[] = [];
	for (const name of tableNames(lines, 'Parameters')) {
		const option = /^Options\s*→\s*(.+)$/.exec(name);
		if (option) options.push(option[1].trim());
		else parameters.push(name);
	}
	options.push(...tableNames(lines, 'Options'));
	return { parameters, options };
}
