// Run the sandbox as its own process (for `npm start` and anything outside jest):
//   node .cache/sandbox-build/cli.js [--port 4010] [--host 127.0.0.1] [--hubspot-search-rate 5] [--retry-delays 3000,30000]
// Prints one JSON line `{"url": "...", ...}` on stdout when listening; stops on SIGINT/SIGTERM.
import { startSandbox } from './index';
import type { SandboxOptions } from './types';

function flag(name: string): string | undefined {
	const index = process.argv.indexOf(`--${name}`);
	return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
	const options: SandboxOptions = { hubspot: {}, pipedrive: {} };
	const port = flag('port') ?? process.env.SANDBOX_PORT;
	if (port !== undefined) options.port = Number(port);
	const host = flag('host');
	if (host !== undefined) options.host = host;
	const searchRate = flag('hubspot-search-rate');
	if (searchRate !== undefined && options.hubspot) options.hubspot.searchRateLimitPerSecond = Number(searchRate);
	const lag = flag('hubspot-search-lag');
	if (lag !== undefined && options.hubspot) options.hubspot.searchLagMs = Number(lag);
	const retryDelays = flag('retry-delays');
	if (retryDelays !== undefined && options.hubspot && options.pipedrive) {
		const delays = retryDelays.split(',').filter((d) => d !== '').map(Number);
		options.hubspot.retryDelaysMs = delays;
		options.pipedrive.retryDelaysMs = delays;
	}
	const sandbox = await startSandbox(options);
	process.stdout.write(
		`${JSON.stringify({
			url: sandbox.url,
			hubspot: sandbox.hubspot.identity,
			pipedrive: { ...sandbox.pipedrive.identity },
			// Journal files are served over https with this run's certificate: n8n must trust it (NODE_EXTRA_CA_CERTS).
			journalCertificate: sandbox.journal.certificate,
		})}\n`,
	);
	const stop = (): void => {
		void sandbox.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
	process.stderr.write(`sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
