// Identities and behaviour the sandbox starts with; tests, the demo and the e2e suite use the same values.
import type { HubSpotBehaviour, HubSpotIdentity, PipedriveBehaviour, PipedriveIdentity } from './types';

export const HUBSPOT_DEFAULT_IDENTITY: Readonly<HubSpotIdentity> = Object.freeze({
	appId: 123456,
	portalId: 62515,
	clientSecret: 'sandbox-hubspot-client-secret',
	developerApiKey: 'sandbox-hubspot-developer-key',
	accessTokens: ['sandbox-hubspot-token', 'sandbox-hubspot-oauth-token'],
	oauthClientId: 'sandbox-hubspot-client-id',
});

export const HUBSPOT_DEFAULT_BEHAVIOUR: Readonly<HubSpotBehaviour> = Object.freeze({
	searchLagMs: 0,
	// HubSpot allows about 5 search requests per second per token.
	searchRateLimitPerSecond: 5,
	searchResultCap: 10_000,
	// HubSpot retries up to 10 times over 24 h; tests need short delays.
	retryDelaysMs: [50, 200, 500],
	deliveryTimeoutMs: 5_000,
	batchWindowMs: 0,
});

export const PIPEDRIVE_DEFAULT_IDENTITY: Readonly<PipedriveIdentity> = Object.freeze({
	companyId: 5550001,
	userId: 101,
	companyDomain: 'sandbox.pipedrive.com',
	apiTokens: ['sandbox-pipedrive-token'],
	oauthAccessTokens: ['sandbox-pipedrive-oauth-token'],
	oauthClientId: 'sandbox-pipedrive-client-id',
	oauthClientSecret: 'sandbox-pipedrive-client-secret',
});

export const PIPEDRIVE_DEFAULT_BEHAVIOUR: Readonly<PipedriveBehaviour> = Object.freeze({
	// Pipedrive retries after 3 s, 30 s and 150 s; tests need short delays.
	retryDelaysMs: [50, 200, 500],
	deliveryTimeoutMs: 10_000,
});
