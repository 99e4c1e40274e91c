// HubSpot's HTTP surface: account info, webhooks v3 (developer key), CRM search and lists (bearer token).
import { randomUUID } from 'node:crypto';

import type { Exchange, RouteResult } from '../http/exchange';
import { formBody } from '../http/exchange';
import type { Router } from '../http/router';
import type { SecondlyLimit } from '../rate-limit';
import type { HubSpotBehaviour, HubSpotIdentity, HubSpotRecord, JsonObject, JsonValue } from '../types';
import type { HubSpotRecords } from './records';
import { search } from './search';
import type { HubSpotWebhooks } from './webhooks';

export interface HubSpotState {
	identity: HubSpotIdentity;
	behaviour: HubSpotBehaviour;
	records: HubSpotRecords;
	webhooks: HubSpotWebhooks;
	searchLimit: SecondlyLimit;
	now: () => number;
	/** The client-credentials grant (journal apps); other grants stay with the OAuth route below. */
	clientCredentialsGrant?: (form: URLSearchParams) => RouteResult | undefined;
}

const LIST_MAX_LIMIT = 100;

export function hubspotError(status: number, message: string, category: string, extra: JsonObject = {}): RouteResult {
	return { status, body: { status: 'error', message, correlationId: randomUUID(), category, ...extra } };
}

export function registerHubSpotRoutes(router: Router, state: HubSpotState): void {
	const crm = (handler: (exchange: Exchange, token: string) => RouteResult) => (exchange: Exchange): RouteResult => {
		const token = bearer(exchange);
		if (token === undefined || !state.identity.accessTokens.includes(token)) {
			return { ...hubspotError(401, 'Authentication credentials not found or invalid.', 'INVALID_AUTHENTICATION'), auth: token === undefined ? 'none' : 'bearer' };
		}
		return { ...handler(exchange, token), auth: 'bearer' };
	};
	const developer = (handler: (exchange: Exchange) => RouteResult) => (exchange: Exchange): RouteResult => {
		const key = exchange.query.get('hapikey');
		if (key === null || key !== state.identity.developerApiKey) {
			return { ...hubspotError(401, 'The API key provided is invalid.', 'INVALID_AUTHENTICATION'), auth: key === null ? 'none' : 'hapikey' };
		}
		if (exchange.params.appId !== String(state.identity.appId)) {
			return { ...hubspotError(404, `App ${exchange.params.appId} not found for this developer key.`, 'OBJECT_NOT_FOUND'), auth: 'hapikey' };
		}
		return { ...handler(exchange), auth: 'hapikey' };
	};
	const { webhooks } = state;

	router
		.add('hubspot', 'GET', '/account-info/v3/details', crm(() => ({
			status: 200,
			body: {
				portalId: state.identity.portalId,
				accountType: 'STANDARD',
				timeZone: 'UTC',
				companyCurrency: 'USD',
				additionalCurrencies: [],
				utcOffset: '+00:00',
				utcOffsetMilliseconds: 0,
				uiDomain: 'app.hubspot.com',
				dataHostingLocation: 'na1',
			},
		})))
		.add('hubspot', 'GET', '/webhooks/v3/:appId/settings', developer(() =>
			webhooks.settings ? { status: 200, body: { ...webhooks.settings } } : hubspotError(404, 'No webhook settings found for this app.', 'OBJECT_NOT_FOUND'),
		))
		.add('hubspot', 'PUT', '/webhooks/v3/:appId/settings', developer((exchange) => {
			const result = webhooks.putSettings(exchange.json);
			return 'category' in result ? hubspotError(result.status, result.message, result.category) : { status: 200, body: { ...result } };
		}))
		.add('hubspot', 'DELETE', '/webhooks/v3/:appId/settings', developer(() => {
			webhooks.settings = null;
			return { status: 204 };
		}))
		.add('hubspot', 'GET', '/webhooks/v3/:appId/subscriptions', developer(() => ({
			status: 200,
			body: { results: webhooks.subscriptions.map((s) => ({ ...s })) },
		})))
		.add('hubspot', 'POST', '/webhooks/v3/:appId/subscriptions', developer((exchange) => {
			const result = webhooks.createSubscription(exchange.json);
			return 'category' in result ? hubspotError(result.status, result.message, result.category) : { status: 201, body: { ...result } };
		}))
		.add('hubspot', 'GET', '/webhooks/v3/:appId/subscriptions/:id', developer((exchange) => {
			const found = webhooks.subscriptions.find((s) => s.id === exchange.params.id);
			return found ? { status: 200, body: { ...found } } : hubspotError(404, `Subscription ${exchange.params.id} not found.`, 'OBJECT_NOT_FOUND');
		}))
		.add('hubspot', 'PATCH', '/webhooks/v3/:appId/subscriptions/:id', developer((exchange) => {
			const found = webhooks.patchSubscription(exchange.params.id, exchange.json);
			return found ? { status: 200, body: { ...found } } : hubspotError(404, `Subscription ${exchange.params.id} not found.`, 'OBJECT_NOT_FOUND');
		}))
		.add('hubspot', 'DELETE', '/webhooks/v3/:appId/subscriptions/:id', developer((exchange) =>
			webhooks.deleteSubscription(exchange.params.id) ? { status: 204 } : hubspotError(404, `Subscription ${exchange.params.id} not found.`, 'OBJECT_NOT_FOUND'),
		))
		.add('hubspot', 'POST', '/crm/v3/objects/:type/search', crm((exchange, token) => {
			const nowMs = state.now();
			if (!state.searchLimit.allow(token, nowMs, state.behaviour.searchRateLimitPerSecond)) {
				return {
					status: 429,
					body: { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', correlationId: randomUUID(), policyName: 'SECONDLY', groupName: 'publicapi-crm-search' },
				};
			}
			const visible = state.records.searchable(exchange.params.type, nowMs, state.behaviour.searchLagMs);
			const outcome = search(visible, exchange.json, state.behaviour.searchResultCap);
			return outcome.ok ? { status: 200, body: outcome.body } : hubspotError(400, outcome.message, 'VALIDATION_ERROR');
		}))
		.add('hubspot', 'GET', '/crm/v3/objects/:type', crm((exchange) => {
			const archived = exchange.query.get('archived') === 'true';
			const limit = exchange.query.has('limit') ? Number(exchange.query.get('limit')) : 10;
			if (!Number.isInteger(limit) || limit < 1 || limit > LIST_MAX_LIMIT) return hubspotError(400, `limit must be between 1 and ${LIST_MAX_LIMIT}`, 'VALIDATION_ERROR');
			const offset = exchange.query.has('after') ? Number(exchange.query.get('after')) : 0;
			if (!Number.isInteger(offset) || offset < 0) return hubspotError(400, 'invalid paging cursor', 'VALIDATION_ERROR');
			const properties = (exchange.query.get('properties') ?? '').split(',').filter((p) => p !== '');
			const all = state.records.list(exchange.params.type, archived).sort((a, b) => Number(a.id) - Number(b.id));
			const body: JsonObject = { results: all.slice(offset, offset + limit).map((r) => present(r, properties)) };
			if (offset + limit < all.length) body.paging = { next: { after: String(offset + limit) } };
			return { status: 200, body };
		}))
		.add('hubspot', 'GET', '/crm/v3/objects/:type/:id', crm((exchange) => {
			const record = state.records.get(exchange.params.type, exchange.params.id);
			const wantArchived = exchange.query.get('archived') === 'true';
			if (!record || record.archived !== wantArchived) return hubspotError(404, `Object not found. objectId are usually numeric.`, 'OBJECT_NOT_FOUND');
			return { status: 200, body: present(record, (exchange.query.get('properties') ?? '').split(',').filter((p) => p !== '')) };
		}))
		.add('hubspot', 'POST', '/oauth/v1/token', (exchange): RouteResult => {
			const form = formBody(exchange);
			const clientCredentials = state.clientCredentialsGrant?.(form);
			if (clientCredentials) return clientCredentials;
			if (form.get('client_id') !== state.identity.oauthClientId || form.get('client_secret') !== state.identity.clientSecret) {
				return { status: 400, body: { status: 'BAD_CLIENT_ID', message: 'missing or unknown client id', correlationId: randomUUID() }, auth: 'none' };
			}
			const accessToken = `sandbox-hubspot-oauth-${randomUUID()}`;
			state.identity.accessTokens.push(accessToken);
			return {
				status: 200,
				body: { token_type: 'bearer', access_token: accessToken, refresh_token: form.get('refresh_token') ?? `sandbox-hubspot-refresh-${randomUUID()}`, expires_in: 1800 },
				auth: 'none',
			};
		});
}

function bearer(exchange: Exchange): string | undefined {
	const header = exchange.headers.authorization;
	const match = header === undefined ? null : /^Bearer\s+(.+)$/i.exec(header);
	return match ? match[1].trim() : undefined;
}

function present(record: HubSpotRecord, properties: string[]): JsonValue {
	const selected: Record<string, string | null> = properties.length === 0 ? { ...record.properties } : {};
	if (properties.length > 0) {
		for (const name of ['createdate', 'hs_object_id', 'lastmodifieddate', 'hs_lastmodifieddate']) {
			if (name in record.properties) selected[name] = record.properties[name];
		}
		for (const name of properties) selected[name] = record.properties[name] ?? null;
	}
	return {
		id: record.id,
		properties: selected,
		createdAt: record.createdAt,
		updatedAt: record.updatedAt,
		archived: record.archived,
		...(record.archivedAt ? { archivedAt: record.archivedAt } : {}),
	};
}
