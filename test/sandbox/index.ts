// A loopback HubSpot + Pipedrive stand-in for tests, the e2e suite and the demo.
// Start it with `startSandbox()`, point credentials' API base URL at `sandbox.url`, drive it in-process
// (`sandbox.hubspot.create(...)`) or over HTTP (`POST /_sandbox/hubspot/records/contacts`).
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { registerControlRoutes } from './control-routes';
import {
	HUBSPOT_DEFAULT_BEHAVIOUR,
	HUBSPOT_DEFAULT_IDENTITY,
	PIPEDRIVE_DEFAULT_BEHAVIOUR,
	PIPEDRIVE_DEFAULT_IDENTITY,
} from './defaults';
import { Deliverer } from './delivery/deliverer';
import { FailureInjector } from './failures';
import { Router } from './http/router';
import { hubspotControl } from './hubspot/control';
import { startJournal, withJournal } from './hubspot/journal';
import type { ClientCredentialTokens } from './hubspot/journal/tokens';
import { HubSpotRecords } from './hubspot/records';
import { registerHubSpotRoutes } from './hubspot/routes';
import { HubSpotWebhooks } from './hubspot/webhooks';
import { pipedriveControl } from './pipedrive/control';
import { PipedriveRecords } from './pipedrive/records';
import { registerPipedriveRoutes } from './pipedrive/routes';
import { PipedriveWebhooks } from './pipedrive/webhooks';
import { SecondlyLimit } from './rate-limit';
import { RequestLog } from './request-log';
import { requestHandler } from './server';
import type {
	HubSpotBehaviour,
	HubSpotIdentity,
	PipedriveBehaviour,
	PipedriveIdentity,
	Sandbox,
	SandboxOptions,
} from './types';

export * from './types';
export * from './defaults';
export { SandboxError } from './errors';
export { signV1, signV3 } from './hubspot/sign';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const now = options.now ?? (() => Date.now());
	const log = new RequestLog(now);
	const failures = new FailureInjector();
	const deliverer = new Deliverer(now);
	const router = new Router();

	const hubspotOptions = options.hubspot ?? {};
	const hubspotIdentity: HubSpotIdentity = {
		...HUBSPOT_DEFAULT_IDENTITY,
		...pick(hubspotOptions, ['appId', 'portalId', 'clientSecret', 'developerApiKey', 'oauthClientId']),
		accessTokens: [...(hubspotOptions.accessTokens ?? HUBSPOT_DEFAULT_IDENTITY.accessTokens)],
	};
	const hubspotInitial: HubSpotBehaviour = {
		...HUBSPOT_DEFAULT_BEHAVIOUR,
		...pick(hubspotOptions, ['searchLagMs', 'searchRateLimitPerSecond', 'searchResultCap', 'retryDelaysMs', 'deliveryTimeoutMs', 'batchWindowMs']),
	};
	const hubspotBehaviour: HubSpotBehaviour = { ...hubspotInitial };
	const journalTokens: { tokens?: ClientCredentialTokens } = {};
	const hubspotState = {
		clientCredentialsGrant: (form: URLSearchParams) => journalTokens.tokens?.grant(form),
		identity: hubspotIdentity,
		behaviour: hubspotBehaviour,
		records: new HubSpotRecords(),
		webhooks: new HubSpotWebhooks(hubspotIdentity, hubspotBehaviour, deliverer, now),
		searchLimit: new SecondlyLimit(),
		now,
	};

	const pipedriveOptions = options.pipedrive ?? {};
	const pipedriveIdentity: PipedriveIdentity = {
		...PIPEDRIVE_DEFAULT_IDENTITY,
		...pick(pipedriveOptions, ['companyId', 'userId', 'companyDomain', 'oauthClientId', 'oauthClientSecret']),
		apiTokens: [...(pipedriveOptions.apiTokens ?? PIPEDRIVE_DEFAULT_IDENTITY.apiTokens)],
		oauthAccessTokens: [...(pipedriveOptions.oauthAccessTokens ?? PIPEDRIVE_DEFAULT_IDENTITY.oauthAccessTokens)],
	};
	const pipedriveInitial: PipedriveBehaviour = {
		...PIPEDRIVE_DEFAULT_BEHAVIOUR,
		...pick(pipedriveOptions, ['retryDelaysMs', 'deliveryTimeoutMs']),
	};
	const pipedriveBehaviour: PipedriveBehaviour = { ...pipedriveInitial };
	let url = '';
	const pipedriveState = {
		identity: pipedriveIdentity,
		behaviour: pipedriveBehaviour,
		records: new PipedriveRecords(),
		webhooks: new PipedriveWebhooks(pipedriveIdentity, pipedriveBehaviour, deliverer, now),
		now,
		baseUrl: () => url,
	};

	registerHubSpotRoutes(router, hubspotState);
	registerPipedriveRoutes(router, pipedriveState);

	// Each connection's client, named once while it is open (only when asked: it costs a look-up per connection).
	const clients = new WeakMap<Socket, string | undefined>();
	const { clientOf } = options;
	const handle = requestHandler(router, failures, log, clientOf ? (req) => clients.get(req.socket) : undefined);
	const server = createServer((req, res) => {
		void handle(req, res);
	});
	if (clientOf) server.on('connection', (socket: Socket) => clients.set(socket, socket.remotePort === undefined ? undefined : clientOf(socket.remotePort)));
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
	});
	const address = server.address() as AddressInfo;
	const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
	url = `http://${host}:${address.port}`;
	let journal: Awaited<ReturnType<typeof startJournal>>;
	try {
		journal = await startJournal(router, hubspotIdentity, now, options.host ?? '127.0.0.1', options.journal);
	} catch (error) {
		// A half-started sandbox must not keep the test process alive.
		deliverer.close();
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
		throw error;
	}
	journalTokens.tokens = journal.tokens;

	const sandbox: Sandbox = {
		url,
		port: address.port,
		hubspot: withJournal(hubspotControl(hubspotState, deliverer, log, failures), journal.control),
		journal: journal.control,
		pipedrive: pipedriveControl(pipedriveState, deliverer, log, failures),
		requests: (filter) => log.list(filter),
		deliveries: (filter) => deliverer.list(filter),
		failNext: (rule) => failures.add(rule),
		settle: (timeoutMs) => deliverer.settle(timeoutMs),
		reset: () => {
			hubspotState.records.clear();
			hubspotState.webhooks.clear();
			hubspotState.searchLimit.clear();
			Object.assign(hubspotBehaviour, hubspotInitial, { retryDelaysMs: [...hubspotInitial.retryDelaysMs] });
			pipedriveState.records.clear();
			pipedriveState.webhooks.clear();
			Object.assign(pipedriveBehaviour, pipedriveInitial, { retryDelaysMs: [...pipedriveInitial.retryDelaysMs] });
			log.clear();
			deliverer.clear();
			failures.clear();
			journal.control.clear();
		},
		close: async () => {
			deliverer.close();
			await journal.close();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
	registerControlRoutes(router, () => sandbox);
	return sandbox;
}

function pick<T extends object, K extends keyof T>(source: T, keys: K[]): Partial<Pick<T, K>> {
	const result: Partial<Pick<T, K>> = {};
	for (const key of keys) {
		if (source[key] !== undefined) result[key] = source[key];
	}
	return result;
}
