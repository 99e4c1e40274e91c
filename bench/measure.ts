/**
 * Timing helpers. The machines are noisy, so every figure is a ratio to a floor or a peer measured in the same
 * process, interleaved run by run, and the median of several runs is what counts; absolute times are context.
 */

export function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Collects garbage when the process runs with --expose-gc, so one variant does not pay for another's garbage. */
export function collectGarbage(): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (gc) gc();
}

export function nowNs(): bigint {
	return process.hrtime.bigint();
}

export function elapsedMs(startNs: bigint): number {
	return Number(process.hrtime.bigint() - startNs) / 1e6;
}

/** Nanoseconds per operation of `batch` (which performs `operations` operations), after a garbage collection. */
export async function timeBatch(operations: number, batch: () => Promise<void> | void): Promise<number> {
	collectGarbage();
	const start = nowNs();
	await batch();
	return (Number(process.hrtime.bigint() - start) / operations);
}

export interface Variant {
	name: string;
	/** Ns per operation, one entry per run. */
	runs: number[];
}

/** Runs every variant once per round, in turn, for `rounds` rounds; returns the per-run figures. */
export async function interleave(
	rounds: number,
	variants: Array<{ name: string; run: (round: number) => Promise<number> }>,
): Promise<Variant[]> {
	const results = variants.map((variant) => ({ name: variant.name, runs: [] as number[] }));
	for (let round = 0; round < rounds; round++) {
		for (let index = 0; index < variants.length; index++) {
			results[index].runs.push(await variants[index].run(round));
		}
	}
	return results;
}

export function spread(runs: readonly number[]): string {
	const sorted = [...runs].sort((a, b) => a - b);
	return `${format(sorted[0])}–${format(sorted[sorted.length - 1])}`;
}

export function format(value: number, digits = 1): string {
	if (value >= 1e6) return `${(value / 1e6).toFixed(digits)} ms`;
	if (value >= 1e3) return `${(value / 1e3).toFixed(digits)} µs`;
	return `${value.toFixed(0)} ns`;
}

export function ratio(value: number, base: number): string {
	return `${(value / base).toFixed(2)}×`;
}

/** The last line a benchmark prints: what bench/run.ts collects. */
export function report(name: string, result: unknown): void {
	process.stdout.write(`BENCH_RESULT ${JSON.stringify({ name, result })}\n`);
}

export function log(line: string): void {
	process.stderr.write(`${line}\n`);
}
