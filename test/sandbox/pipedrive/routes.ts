// Pipedrive's HTTP surface: users/me and webhooks (API v1), record lists (API v2), OAuth token refresh.
import { randomUUID } from 'node:crypto';

import type { Exchange, RouteResult } from '../http/exchange';
import { formBody } from '../http/exchange';
import type { Router } from '../http/router';
import type { AuthKind, JsonObject, PipedriveBehaviour, PipedriveEntity, PipedriveIdentity } from '../types';
import { PIPEDRIVE_ENTITIES } from '../types';
import { listRecords } from './list';
import type { PipedriveRecords } from './records';
import type { PipedriveWebhooks } from './webhooks';

export interface PipedriveState {
	identity: PipedriveIdentity;
	behaviour: PipedriveBehaviour;
	records: PipedriveRecords;
	webhooks: PipedriveWebhooks;
	now: () => number;
	baseUrl: () => string;
}

const ERROR_INFO = 'Please check developers.pipedrive.com for more information about Pipedrive API.';

export function pipedriveError(status: number, error: string): RouteResult {
	return { status, body: { success: false, error, errorCode: status, error_info: ERROR_INFO, data: null, additional_data: null } };
}

export function registerPipedriveRoutes(router: Router, state: PipedriveState): void {
	const authed = (handler: (exchange: Exchange) => RouteResult) => (exchange: Exchange): RouteResult => {
		const { kind, token } = credential(exchange);
		const valid =
			token !== undefined &&
			(kind === 'bearer' ? state.identity.oauthAccessTokens.includes(token) : state.identity.apiTokens.includes(token));
		if (!valid) return { ...pipedriveError(401, 'unauthorized access'), auth: kind };
		return { ...handler(exchange), auth: kind };
	};
	const { identity, webhooks } = state;

	router
		.add('pipedrive', 'GET', '/v1/users/me', authed(() => ({
			status: 200,
			body: {
				success: true,
				data: {
					id: identity.userId,
					name: 'Sandbox User',
					email: 'sandbox.user@example.com',
					lang: 1,
					locale: 'en_US',
					timezone_name: 'UTC',
					timezone_offset: '+00:00',
					default_currency: 'EUR',
					active_flag: true,
					is_admin: 1,
					is_you: true,
					company_id: identity.companyId,
					company_name: 'Sandbox Company',
					company_domain: identity.companyDomain.split('.')[0],
					company_country: 'EE',
					language: { language_code: 'en', country_code: 'US' },
				},
			},
		})))
		.add('pipedrive', 'GET', '/v1/webhooks', authed(() => ({
			status: 200,
			body: { success: true, status: 'ok', data: webhooks.webhooks.map((w) => ({ ...w })) },
		})))
		.add('pipedrive', 'POST', '/v1/webhooks', authed((exchange) => {
			const body = requestObject(exchange);
			const result = webhooks.create(body);
			return typeof result === 'string' ? pipedriveError(400, result) : { status: 201, body: { success: true, status: 'ok', data: { ...result } } };
		}))
		.add('pipedrive', 'DELETE', '/v1/webhooks/:id', authed((exchange) =>
			webhooks.delete(Number(exchange.params.id)) ? { status: 200, body: { success: true, status: 'ok' } } : pipedriveError(404, 'Webhook not found'),
		));

	for (const entity of PIPEDRIVE_ENTITIES) {
		router.add('pipedrive', 'GET', `/api/v2/${entity}`, authed((exchange) => {
			const outcome = listRecords(entity, exchange.query, { live: state.records.list(entity, false), deleted: state.records.list(entity, true) });
			return outcome.ok ? { status: 200, body: outcome.body } : pipedriveError(400, outcome.message);
		}));
		router.add('pipedrive', 'GET', `/api/v2/${entity}/:id`, authed((exchange) => {
			const record = state.records.get(entity as PipedriveEntity, Number(exchange.params.id));
			return record && record.is_deleted !== true ? { status: 200, body: { success: true, data: record } } : pipedriveError(404, 'Not found');
		}));
	}

	router.add('pipedrive', 'POST', '/oauth/token', (exchange): RouteResult => {
		const basic = /^Basic\s+(.+)$/i.exec(exchange.headers.authorization ?? '');
		const expected = Buffer.from(`${identity.oauthClientId}:${identity.oauthClientSecret}`, 'utf8').toString('base64');
		if (!basic || basic[1] !== expected) return { status: 401, body: { success: false, message: 'Invalid client credentials', error: 'unauthorized' }, auth: 'basic' };
		const form = formBody(exchange);
		const accessToken = `sandbox-pipedrive-oauth-${randomUUID()}`;
		identity.oauthAccessTokens.push(accessToken);
		return {
			status: 200,
			body: {
				access_token: accessToken,
				token_type: 'Bearer',
				refresh_token: form.get('refresh_token') ?? `sandbox-pipedrive-refresh-${randomUUID()}`,
				scope: 'base,deals:read,contacts:read,activities:read,products:read,recents:read,admin',
				expires_in: 3599,
				api_domain: state.baseUrl(),
			},
			auth: 'basic',
		};
	});
}

function credential(exchange: Exchange): { kind: AuthKind; token: string | undefined } {
	const bearer = /^Bearer\s+(.+)$/i.exec(exchange.headers.authorization ?? '');
	if (bearer) return { kind: 'bearer', token: bearer[1].trim() };
	if (exchange.headers['x-api-token'] !== undefined) return { kind: 'apiTokenHeader', token: exchange.headers['x-api-token'] };
	const query = exchange.query.get('api_token');
	if (query !== null) return { kind: 'apiTokenQuery', token: query };
	return { kind: 'none', token: undefined };
}

/** Pipedrive accepts JSON and form bodies. */
function requestObject(exchange: Exchange): JsonObject {
	if (exchange.json !== undefined) {
		return typeof exchange.json === 'object' && exchange.json !== null && !Array.isArray(exchange.json) ? exchange.json : {};
	}
	return Object.fromEntries(formBody(exchange));
}
