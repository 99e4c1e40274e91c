// A loopback HTTP endpoint that records what it receives: stands in for n8n's webhook URL in sandbox tests.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
	method: string;
	/** Path and query as received. */
	url: string;
	headers: Record<string, string>;
	/** Exact bytes received, as UTF-8. */
	rawBody: string;
}

export interface ReceiverAnswer {
	status: number;
	/** Answer this late (to provoke a provider timeout). */
	delayMs?: number;
	body?: string;
}

export interface Receiver {
	url: string;
	received: ReceivedRequest[];
	close(): Promise<void>;
}

/** `answer(n)` decides the reply to the n-th request (0-based); default 200. */
export async function startReceiver(answer: (index: number, request: ReceivedRequest) => ReceiverAnswer = () => ({ status: 200 }), path = '/hook'): Promise<Receiver> {
	const received: ReceivedRequest[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const headers: Record<string, string> = {};
			for (const [name, value] of Object.entries(req.headers)) {
				if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
			}
			const request: ReceivedRequest = { method: req.method ?? '', url: req.url ?? '', headers, rawBody: Buffer.concat(chunks).toString('utf8') };
			const reply = answer(received.length, request);
			received.push(request);
			const send = (): void => {
				if (res.destroyed) return;
				res.writeHead(reply.status, { 'content-type': 'text/plain' });
				res.end(reply.body ?? 'ok');
			};
			if (reply.delayMs) setTimeout(send, reply.delayMs);
			else send();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}${path}`,
		received,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
