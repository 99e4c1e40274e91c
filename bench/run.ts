/**
 * `npm run bench`: each benchmark in a fresh Node process (with --expose-gc, so variants start from a
 * collected heap), one after the other; their tables go to stderr, their figures are gathered here, printed as
 * a summary and written to .cache/bench-results.json. `npm run bench -- webhook templates` runs a subset.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

const BENCHMARKS = ['webhook', 'n8n', 'templates', 'poller', 'journal', 'queue'] as const;
/** Run only when named: `webhook-ab` needs another build to compare with (BENCH_AB_OTHER). */
const ON_REQUEST = ['webhook-ab'] as const;

function run(name: string): Promise<unknown> {
	const child = spawn(process.execPath, ['--expose-gc', join(__dirname, `${name}.js`)], { stdio: ['ignore', 'pipe', 'inherit'] });
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	return new Promise((resolve, reject) => {
		child.once('exit', (code) => {
			const line = output.split('\n').find((candidate) => candidate.startsWith('BENCH_RESULT '));
			if (code !== 0 || !line) reject(new Error(`benchmark ${name} failed with exit code ${code}`));
			else resolve((JSON.parse(line.slice('BENCH_RESULT '.length)) as { result: unknown }).result);
		});
	});
}

const x = (value: unknown) => `${Number(value).toFixed(2)}×`;

async function main(): Promise<void> {
	const wanted = process.argv.slice(2).filter((name) => ([...BENCHMARKS, ...ON_REQUEST] as readonly string[]).includes(name));
	const selected = wanted.length > 0 ? wanted : [...BENCHMARKS];
	const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
	process.stderr.write(`Benchmarks on ${machine}\n`);
	const results: Record<string, unknown> = {};
	for (const name of selected) {
		process.stderr.write(`\n=== ${name}\n`);
		const started = Date.now();
		results[name] = await run(name);
		process.stderr.write(`(${name}: ${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
	}

	const lines = [`\nSummary (${machine})`];
	const webhook = results.webhook as { ratios: Record<string, number>; peer: unknown } | undefined;
	if (webhook) {
		lines.push(
			`  webhook path: ours ${x(webhook.ratios.oursToFloor)} the floor (target ≤ 2.5×), de-duplication off ${x(webhook.ratios.oursNoDedupeToFloor)} (≤ 1.5×); peer ${webhook.peer ? `${x(webhook.ratios.peerToFloor)} the floor; ours ${x(webhook.ratios.oursToPeer)} the peer (${x(webhook.ratios.oursToPeerWithN8nParse)} with n8n's parse)` : 'unavailable'}`,
		);
	}
	const n8n = results.n8n as
		| {
				skipped?: string;
				configurations: Array<{
					name: string;
					targets: Record<string, { perSecond: number; n8nCpuMsPerDelivery: number }>;
					ratios: Record<string, { throughput: { median: number; min: number; max: number }; cpu: { median: number; min: number; max: number } }>;
				}>;
		  }
		| undefined;
	if (n8n?.skipped) lines.push(`  through n8n: skipped: ${n8n.skipped}`);
	for (const configuration of n8n?.configurations ?? []) {
		const parts = Object.entries(configuration.ratios).map(
			([target, ratio]) =>
				`${target} ${x(ratio.throughput.median)} (${x(ratio.throughput.min)}–${x(ratio.throughput.max)}), CPU ${x(ratio.cpu.median)}`,
		);
		lines.push(`  through n8n [${configuration.name}], sustained deliveries/s and n8n CPU per delivery vs the built-in Webhook node: ${parts.join('; ')} (target ≥ 0.90×, CPU ≤ 1.20× on the level field)`);
	}
	const templates = results.templates as { rows: Array<{ template: string; oursRenderNs: number; handlebarsRenderNs: number }> } | undefined;
	if (templates) {
		lines.push(`  templates: ours / Handlebars render time ${templates.rows.map((row) => `${row.template} ${x(row.oursRenderNs / row.handlebarsRenderNs)}`).join(', ')} (target ≤ 1.00×)`);
	}
	const poller = results.poller as { ratios: Record<string, number>; node: Record<string, number> } | undefined;
	if (poller) {
		lines.push(
			`  poller: wall ${x(poller.ratios.wall)} the bare loop (median of runs, worst ${x(poller.ratios.maxWall)}; target ≤ 1.10×), client CPU ${x(poller.ratios.clientCpu)}, replayed ${x(poller.ratios.replay)}; ` +
				`peak RSS growth ${(poller.node.peakRssGrowthBytes / 1024 / 1024).toFixed(1)} MB median, ${(poller.node.maxPeakRssGrowthBytes / 1024 / 1024).toFixed(1)} MB worst (target ≤ 64 MB in every run); static data ${poller.node.staticDataBytes} bytes (target ≤ 16 KB)`,
		);
	}
	const journal = results.journal as { events: number; node: { eventsPerSecond: number; staticDataBytes: number }; bare: { eventsPerSecond: number }; ratios: { nodeToBare: number; cpuNodeToBare: number } } | undefined;
	if (journal) {
		lines.push(
			`  journal: ${journal.node.eventsPerSecond.toFixed(0)} events/s through the node, ${journal.bare.eventsPerSecond.toFixed(0)} in the bare loop = ${x(journal.ratios.nodeToBare)} its time (target ≤ 1.20×), client CPU ${x(journal.ratios.cpuNodeToBare)}; static data ${journal.node.staticDataBytes} bytes (target ≤ 16 KB)`,
		);
	}
	const queue = results.queue as
		| { skipped?: string; one: { perSecond: number }; two: { perSecond: number }; ratios: { twoToOne: number } }
		| undefined;
	if (queue) {
		lines.push(
			queue.skipped
				? `  queue mode: skipped: ${queue.skipped}`
				: `  queue mode: ${queue.one.perSecond.toFixed(1)} deliveries/s with one webhook process, ${queue.two.perSecond.toFixed(1)} with two (medians); two / one ${x(queue.ratios.twoToOne)} (median of the rounds)`,
		);
	}
	process.stderr.write(`${lines.join('\n')}\n`);
	const file = join(__dirname, '..', '..', 'bench-results.json');
	writeFileSync(file, JSON.stringify({ machine, at: new Date().toISOString(), results }, null, 2));
	process.stderr.write(`figures written to ${file}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
