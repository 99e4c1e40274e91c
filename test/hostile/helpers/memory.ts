/**
 * How much a piece of work made the process grow. The kernel's peak RSS (`maxRSS`) is exact when the work set
 * a new peak; otherwise the peak came from something earlier and RSS sampled during the work (every few
 * milliseconds while it awaits I/O, and at its end) gives the estimate.
 */
export interface Growth {
	/** Largest RSS seen during the work minus RSS before it, in bytes. */
	peakRssBytes: number;
	/** Heap in use after minus before (garbage included: no forced GC), in bytes. */
	heapBytes: number;
	/** Whether the figure comes from the kernel's peak (exact) or from sampling. */
	source: 'kernel-peak' | 'sampled';
}

export async function measureGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: Growth }> {
	const before = process.memoryUsage();
	const peakBefore = process.resourceUsage().maxRSS * 1024;
	let sampled = before.rss;
	const timer = setInterval(() => {
		sampled = Math.max(sampled, process.memoryUsage.rss());
	}, 2);
	let result: T;
	try {
		result = await work();
	} finally {
		clearInterval(timer);
	}
	const after = process.memoryUsage();
	sampled = Math.max(sampled, after.rss);
	const peakAfter = process.resourceUsage().maxRSS * 1024;
	const kernel = peakAfter > peakBefore;
	return {
		result,
		growth: {
			peakRssBytes: Math.max(0, (kernel ? Math.max(peakAfter, sampled) : sampled) - before.rss),
			heapBytes: after.heapUsed - before.heapUsed,
			source: kernel ? 'kernel-peak' : 'sampled',
		},
	};
}

export const MB = 1024 * 1024;
