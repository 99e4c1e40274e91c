/**
 * The sandbox CRM as its own process for benchmark 4, so its search work runs on the other core and does not
 * count in the poller's time or memory: `node sandboxProcess.js <records>` seeds that many HubSpot contacts
 * (search without rate limit or indexing lag) and prints one JSON line; it stops when stdin closes.
 */
import { startSandbox } from '../test/sandbox';

/** Every 10,000th contact starts a bulk import: this many contacts share one modification time. */
export const BURST = 250;
export const SPACING_MS = 97;

async function main(): Promise<void> {
	const records = Number(process.argv[2] ?? 100_000);
	const sandbox = await startSandbox({ hubspot: { searchRateLimitPerSecond: 0, searchLagMs: 0 } });
	const firstMs = Date.now() - 4 * 3_600_000;
	let atMs = firstMs;
	for (let index = 0; index < records; index++) {
		const inBurst = index % 10_000 > 0 && index % 10_000 < BURST;
		if (!inBurst) atMs += SPACING_MS;
		sandbox.hubspot.create(
			'contacts',
			{ email: `contact${index}@example.com`, firstname: `First${index}`, lastname: `Last${index}`, lifecyclestage: 'lead' },
			{ atMs, emit: false },
		);
	}
	process.stdout.write(`${JSON.stringify({ url: sandbox.url, token: sandbox.hubspot.identity.accessTokens[0], firstMs, lastMs: atMs, records })}\n`);
	const stop = (): void => {
		void sandbox.close().then(() => process.exit(0));
	};
	process.stdin.on('end', stop);
	process.stdin.on('close', stop);
	process.stdin.resume();
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	process.stderr.write(`sandbox failed: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
