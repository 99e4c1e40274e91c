/**
 * Forged hosts: HubSpot v2 and v3 sign the URL they called, so a signature made for another host (a delivery
 * the same app sent to another n8n), or for a URL with an extra path prefix, must not match here because of
 * what a request says about itself in Host or X-Forwarded-*. The node only tries n8n's configured webhook URL
 * (or its Public URL) and, where n8n trusts the proxy in front of it (N8N_PROXY_HOPS → express `trust proxy`),
 * the scheme and plain host that proxy forwarded. Real HubSpot node, WebhookContext, real HTTP on loopback.
 */
import type { INodeParameters } from 'n8n-workflow';

import { CrmListenersHubSpotApp } from '../../credentials/CrmListenersHubSpotApp.credentials';
import { HubSpotWebhookTrigger } from '../../nodes/HubSpotWebhookTrigger/HubSpotWebhookTrigger.node';
import { signV2, signV3 } from '../helpers/hubspotSigner';
import { sendRaw } from './helpers/rawHttp';
import { startHostileServer, type HostileServer } from './helpers/webhookServer';

const SECRET = 'forged-host-client-secret-0123456789';
const servers: HostileServer[] = [];
let nextEvent = 0;

function delivery(): string {
	const index = nextEvent++;
	return JSON.stringify([
		{ eventId: 8000 + index, subscriptionId: 2001, portalId: 62515, appId: 54321, occurredAt: 1764000000000 + index, subscriptionType: 'contact.creation', attemptNumber: 0, objectId: 700 + index },
	]);
}

async function start(trustProxy?: number | string, options: INodeParameters = {}): Promise<HostileServer> {
	const server = await startHostileServer(
		{
			type: new HubSpotWebhookTrigger(),
			typeName: 'hubSpotWebhookTrigger',
			parameters: { events: [], verification: 'signature', manageSubscriptions: false, appModel: 'configuredInHubSpot', options },
			credentials: { crmListenersHubSpotApp: { clientSecret: SECRET } },
			credentialTypes: [new CrmListenersHubSpotApp()],
		},
		{ trustProxy },
	);
	servers.push(server);
	return server;
}

type Version = 'v2' | 'v3';

/** Headers of a delivery signed for `signedUrl`, sent to the server with `extra` headers. */
function signedFor(version: Version, signedUrl: string, body: string): Array<[string, string]> {
	if (version === 'v2') return [['X-HubSpot-Signature', signV2(SECRET, 'POST', signedUrl, body)], ['X-HubSpot-Signature-Version', 'v2']];
	const timestamp = String(Date.now());
	return [
		['X-HubSpot-Signature-v3', signV3(SECRET, 'POST', signedUrl, body, timestamp)],
		['X-HubSpot-Request-Timestamp', timestamp],
	];
}

async function send(server: HostileServer, headers: Array<[string, string]>, body: string): Promise<{ status: number; reason?: string }> {
	const reply = await sendRaw(server.base, {
		method: 'POST',
		path: new URL(server.url).pathname,
		headers: [['Content-Type', 'application/json'], ...headers],
		body: Buffer.from(body),
	});
	return { status: reply.status, reason: reply.status === 401 ? (JSON.parse(reply.body) as { reason: string }).reason : undefined };
}

afterAll(async () => {
	await Promise.all(servers.map((server) => server.close()));
});

interface ForgedCase {
	name: string;
	/** What the signature was made for, from the server's path. */
	signedUrl: (path: string) => string;
	headers: Array<[string, string]>;
	/** express `trust proxy` of the n8n under attack. */
	trustProxy?: number | string;
}

const FORGED: ForgedCase[] = [
	{ name: 'another host, named in Host', signedUrl: (path) => `http://other-n8n.example${path}`, headers: [['Host', 'other-n8n.example']] },
	{
		name: 'another host, named in X-Forwarded-Host/Proto, no proxy trusted',
		signedUrl: (path) => `https://other-n8n.example${path}`,
		headers: [['X-Forwarded-Host', 'other-n8n.example'], ['X-Forwarded-Proto', 'https']],
	},
	{
		name: 'a path prefix smuggled in X-Forwarded-Host, no proxy trusted',
		signedUrl: (path) => `https://public.example/prefix${path}`,
		headers: [['X-Forwarded-Host', 'public.example/prefix'], ['X-Forwarded-Proto', 'https']],
	},
	{
		name: 'a path prefix smuggled in X-Forwarded-Host, behind a trusted proxy',
		signedUrl: (path) => `https://public.example/prefix${path}`,
		headers: [['X-Forwarded-Host', 'public.example/prefix'], ['X-Forwarded-Proto', 'https']],
		trustProxy: 1,
	},
	{
		name: 'a query smuggled in X-Forwarded-Host, behind a trusted proxy',
		signedUrl: (path) => `https://public.example?a=${path}`,
		headers: [['X-Forwarded-Host', `public.example?a=`], ['X-Forwarded-Proto', 'https']],
		trustProxy: 1,
	},
	{
		name: 'user info smuggled in X-Forwarded-Host, behind a trusted proxy',
		signedUrl: (path) => `https://x@public.example${path}`,
		headers: [['X-Forwarded-Host', 'x@public.example'], ['X-Forwarded-Proto', 'https']],
		trustProxy: 1,
	},
	{
		name: 'another scheme in X-Forwarded-Proto, behind a trusted proxy',
		signedUrl: (path) => `ftp://public.example${path}`,
		headers: [['X-Forwarded-Host', 'public.example'], ['X-Forwarded-Proto', 'ftp']],
		trustProxy: 1,
	},
];

describe('a signature made for another URL than this node is refused: 401, no execution', () => {
	it.each(FORGED.flatMap((forged) => (['v2', 'v3'] as Version[]).map((version) => ({ ...forged, version }))))(
		'$version, $name',
		async ({ version, signedUrl, headers, trustProxy }) => {
			const server = await start(trustProxy);
			const body = delivery();
			const path = new URL(server.url).pathname;
			expect(await send(server, [...headers, ...signedFor(version, signedUrl(path), body)], body)).toEqual({ status: 401, reason: 'bad-signature' });
			expect(server.executions).toHaveLength(0);
			// The same server accepts a delivery signed for the URL n8n is configured with.
			const genuine = delivery();
			expect((await send(server, [...headers, ...signedFor(version, server.url, genuine)], genuine)).status).toBe(200);
		},
	);
});

describe('what is accepted', () => {
	it.each(['v2', 'v3'] as Version[])('%s behind a proxy n8n trusts: the URL the proxy forwarded (scheme and plain host)', async (version) => {
		const server = await start('loopback');
		const body = delivery();
		const forwarded = `https://public.example:8443${new URL(server.url).pathname}`;
		const headers: Array<[string, string]> = [['X-Forwarded-Host', 'public.example:8443'], ['X-Forwarded-Proto', 'https']];
		expect(await send(server, [...headers, ...signedFor(version, forwarded, body)], body)).toEqual({ status: 200 });
		expect(server.executions).toHaveLength(1);
	});

	it.each(['v2', 'v3'] as Version[])('%s with a Public URL: that URL, whatever the headers say', async (version) => {
		const server = await start(1, { publicUrl: 'https://tunnel.example/hubspot' });
		const body = delivery();
		const headers: Array<[string, string]> = [['X-Forwarded-Host', 'tunnel.example'], ['X-Forwarded-Proto', 'https']];
		expect(await send(server, [...headers, ...signedFor(version, 'https://tunnel.example/hubspot', body)], body)).toEqual({ status: 200 });
		const forwardedOnly = delivery();
		const forwardedUrl = `https://tunnel.example${new URL(server.url).pathname}`;
		expect(await send(server, [...headers, ...signedFor(version, forwardedUrl, forwardedOnly)], forwardedOnly)).toEqual({ status: 401, reason: 'bad-signature' });
		expect(server.executions).toHaveLength(1);
	});
});
