/**
 * Per-phase CPU attribution for the n8n benchmark: reads the V8 CPU profiles n8n wrote (`--cpu-prof`, one per
 * process), and for each phase of the load (its time window, on the same monotonic clock) adds up the self
 * time of every sample by where the code comes from. A built-in (JSON.parse, a regular expression, a native
 * hash…) has no file of its own: its time goes to the nearest caller that has one, so `JSON.parse` of static
 * data inside the database layer counts as database. Asynchronous callers are not on a V8 CPU profile's stack
 * (no async stacks there): time in a callback counts for the code of the callback, e.g. SQLite's result
 * handling for the database.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface CallFrame {
	functionName: string;
	url: string;
}

interface ProfileNode {
	id: number;
	callFrame: CallFrame;
	children?: number[];
}

interface CpuProfile {
	nodes: ProfileNode[];
	startTime: number;
	samples: number[];
	timeDeltas: number[];
}

export interface PhaseWindow {
	target: string;
	/** Monotonic clock (process.hrtime), µs. */
	startUs: number;
	endUs: number;
	requests: number;
}

/** Categories in the order they are printed. */
export const CATEGORIES = [
	'our package',
	'n8n-nodes-base',
	'expression isolate',
	'database (SQLite, TypeORM)',
	'static data proxies',
	'n8n-workflow',
	'n8n-core',
	'n8n server',
	'other packages',
	'Node (http, streams, timers)',
	'garbage collector',
	'V8 / unattributed',
] as const;
export type Category = (typeof CATEGORIES)[number];

function categoryOfUrl(url: string, functionName: string): Category | undefined {
	if (functionName === '(garbage collector)') return 'garbage collector';
	if (functionName === '(program)' || functionName === '(root)') return 'V8 / unattributed';
	if (url === '') return undefined;
	// The installed package (not the runtime cache, whose folder is named after this project too).
	if (url.includes('/node_modules/n8n-nodes-crm-listeners/')) return 'our package';
	if (url.includes('observable-object')) return 'static data proxies';
	if (url.includes('isolated-vm') || url.includes('expression-runtime') || url.includes('@n8n/tournament')) return 'expression isolate';
	if (url.includes('sqlite3') || url.includes('typeorm')) return 'database (SQLite, TypeORM)';
	if (url.includes('n8n-nodes-base')) return 'n8n-nodes-base';
	if (url.includes('/n8n-workflow/')) return 'n8n-workflow';
	if (url.includes('/n8n-core/')) return 'n8n-core';
	if (url.includes('/node_modules/n8n/')) return 'n8n server';
	if (url.startsWith('node:')) return 'Node (http, streams, timers)';
	return 'other packages';
}

/** Each profile node's category: its own file's, or (a built-in) its nearest caller's. */
function categorise(profile: CpuProfile): Map<number, Category> {
	const parent = new Map<number, number>();
	for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const categories = new Map<number, Category>();
	const resolve = (id: number): Category => {
		const known = categories.get(id);
		if (known) return known;
		const node = byId.get(id);
		let category: Category = 'V8 / unattributed';
		if (node) {
			if (node.callFrame.functionName === '(idle)') category = 'V8 / unattributed';
			else {
				const own = categoryOfUrl(node.callFrame.url, node.callFrame.functionName);
				const up = parent.get(id);
				category = own ?? (up === undefined ? 'V8 / unattributed' : resolve(up));
			}
		}
		categories.set(id, category);
		return category;
	};
	for (const node of profile.nodes) resolve(node.id);
	return categories;
}

export interface Attribution {
	target: string;
	requests: number;
	/** CPU ms per delivery by category (samples of all n8n processes inside the target's phase windows). */
	msPerDelivery: Record<Category, number>;
	totalMsPerDelivery: number;
}

/** Adds up the profiles in `dir` over the phase windows, per target. */
export function attribute(dir: string, phases: readonly PhaseWindow[]): Attribution[] {
	const targets = [...new Set(phases.map((phase) => phase.target))];
	const sums = new Map(targets.map((target) => [target, new Map<Category, number>(CATEGORIES.map((category) => [category, 0]))]));
	const files = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
	for (const file of files) {
		const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
		const categories = categorise(profile);
		const idle = new Set(profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id));
		let at = profile.startTime;
		for (let index = 0; index < profile.samples.length; index++) {
			at += profile.timeDeltas[index] ?? 0;
			const duration = profile.timeDeltas[index + 1] ?? 0;
			const id = profile.samples[index];
			if (idle.has(id) || duration <= 0) continue;
			const phase = phases.find((candidate) => at >= candidate.startUs && at < candidate.endUs);
			if (!phase) continue;
			const sum = sums.get(phase.target) as Map<Category, number>;
			const category = categories.get(id) ?? 'V8 / unattributed';
			sum.set(category, (sum.get(category) ?? 0) + duration / 1000);
		}
	}
	return targets.map((target) => {
		const requests = phases.filter((phase) => phase.target === target).reduce((total, phase) => total + phase.requests, 0);
		const sum = sums.get(target) as Map<Category, number>;
		const msPerDelivery = Object.fromEntries(CATEGORIES.map((category) => [category, (sum.get(category) ?? 0) / Math.max(1, requests)])) as Record<Category, number>;
		const totalMsPerDelivery = Object.values(msPerDelivery).reduce((total, value) => total + value, 0);
		return { target, requests, msPerDelivery, totalMsPerDelivery };
	});
}
