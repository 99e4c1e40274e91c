/**
 * The sandbox as its own process for the journal benchmark, so its file serving runs on the other core:
 * `node journalSandbox.js <entries> <eventsPerEntry>` writes that many journal entries of contact events and
 * prints one JSON line (URLs, identity, the file host's certificate); it stops when stdin closes.
 */
import { startSandbox } from '../test/sandbox';

async function main(): Promise<void> {
	const entries = Number(process.argv[2] ?? 1000);
	const perEntry = Number(process.argv[3] ?? 20);
	const sandbox = await startSandbox({ journal: { presignTtlMs: 3_600_000 } });
	const portalId = sandbox.hubspot.identity.portalId;
	let objectId = 1;
	for (let entry = 0; entry < entries; entry++) {
		const events = Array.from({ length: perEntry }, () => ({
			portalId,
			action: objectId % 3 === 0 ? 'UPDATE' : 'CREATE',
			objectTypeId: '0-1',
			objectId: objectId++,
			occurredAt: new Date(Date.now() - 3_600_000 + entry).toISOString(),
			propertyChanges: { email: { newValue: `c${objectId}@example.com` }, lifecyclestage: { newValue: 'lead' } },
		}));
		sandbox.journal.publish(events);
	}
	process.stdout.write(`${JSON.stringify({ url: sandbox.url, certificate: sandbox.journal.certificate, identity: sandbox.hubspot.identity, events: entries * perEntry })}\n`);
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
