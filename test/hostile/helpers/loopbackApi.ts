/**
 * A hand-driven HTTP API on loopback: every request is recorded (method, URL, headers, body) and answered by
 * the test's handler. Two of them make a provider that redirects and the foreign origin it redirects to.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Recorded {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
}

export type Handler = (request: Recorded, res: ServerResponse) => void;

export interface LoopbackApi {
	url: string;
	requests: Recorded[];
	handle(handler: Handler): void;
	close(): Promise<void>;
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	res.writeHead(status, { 'content-type': 'application/json', ...headers });
	res.end(JSON.stringify(body));
}

export async function startLoopbackApi(handler: Handler = (_request, res) => json(res, 404, { message: 'nothing here' })): Promise<LoopbackApi> {
	const requests: Recorded[] = [];
	let current = handler;
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
			requests.push(recorded);
			current(recorded, res);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		handle: (next) => {
			current = next;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** Everything a server received, as one text to search for secrets in. */
export function everythingSeen(api: LoopbackApi): string {
	return api.requests.map((r) => `${r.method} ${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`).join('\n');
}
