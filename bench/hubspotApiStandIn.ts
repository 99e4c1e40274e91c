/**
 * A stand-in for HubSpot's webhooks API, so n8n's own HubSpot Trigger can be activated offline in the n8n
 * benchmark. n8n reaches it through HTTPS_PROXY: a CONNECT proxy on loopback tunnels `api.hubapi.com:443` (and
 * nothing else) to a local https server whose certificate names api.hubapi.com; n8n trusts that certificate
 * through NODE_EXTRA_CA_CERTS. The server answers just what the trigger's activation and deactivation call:
 * no settings yet (404), settings saved, subscriptions created, listed (none) and deleted. Nothing leaves the
 * machine: any other host is refused.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';

import { createSelfSignedCertificate } from '../test/sandbox/tls/selfSigned';

export const HUBSPOT_API_HOST = 'api.hubapi.com';

export interface HubSpotApiStandIn {
	/** For n8n's HTTPS_PROXY. */
	proxyUrl: string;
	/** PEM to trust (NODE_EXTRA_CA_CERTS). */
	certificate: string;
	/** `METHOD path` of every call, without the query (which holds the developer key). */
	calls: string[];
	close(): Promise<void>;
}

const listen = (server: Server): Promise<number> =>
	new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

export async function startHubSpotApiStandIn(): Promise<HubSpotApiStandIn> {
	const { cert, key } = createSelfSignedCertificate('api.hubapi.com stand-in', 1, [HUBSPOT_API_HOST]);
	const calls: string[] = [];
	const api = createHttpsServer({ cert, key }, (req, res) => {
		const path = (req.url ?? '/').split('?')[0];
		calls.push(`${req.method ?? 'GET'} ${path}`);
		req.resume();
		const reply = (status: number, body?: unknown) => {
			res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
			res.end(body === undefined ? undefined : JSON.stringify(body));
		};
		if (!/^\/webhooks\/v3\/\d+\/(settings|subscriptions)(\/\d+)?$/.test(path)) return reply(404, { message: 'not found' });
		if (req.method === 'GET' && path.endsWith('/settings')) return reply(404, { message: 'no settings' });
		if (req.method === 'GET') return reply(200, { results: [] });
		if (req.method === 'PUT') return reply(200, {});
		if (req.method === 'POST') return reply(201, { id: 1 });
		return reply(204);
	});
	const apiPort = await listen(api);
	const sockets = new Set<Socket>();
	const proxy = createHttpServer((_req, res) => {
		res.writeHead(405);
		res.end();
	});
	proxy.on('connect', (req, client: Socket, head: Buffer) => {
		sockets.add(client);
		client.on('close', () => sockets.delete(client));
		if (req.url !== `${HUBSPOT_API_HOST}:443`) {
			client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
			return;
		}
		const upstream = connect(apiPort, '127.0.0.1', () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			if (head.length > 0) upstream.write(head);
			upstream.pipe(client);
			client.pipe(upstream);
		});
		sockets.add(upstream);
		upstream.on('close', () => sockets.delete(upstream));
		upstream.on('error', () => client.destroy());
		client.on('error', () => upstream.destroy());
	});
	const proxyPort = await listen(proxy);
	return {
		proxyUrl: `http://127.0.0.1:${proxyPort}`,
		certificate: cert,
		calls,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			api.closeAllConnections();
			await Promise.all([new Promise((resolve) => api.close(resolve)), new Promise((resolve) => proxy.close(resolve))]);
		},
	};
}
