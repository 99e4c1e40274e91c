// HubSpot's journal (global and local, 2026-03) and v4 subscription endpoints, behind client-credentials tokens.
import type { Exchange, RouteResult } from '../../http/exchange';
import type { Router } from '../../http/router';
import type { SecondlyLimit } from '../../rate-limit';
import type { JsonObject } from '../../types';
import { hubspotError } from '../routes';
import type { JournalStore, Lookup } from './store';
import type { V4Subscriptions } from './subscriptions';
import type { ClientCredentialTokens } from './tokens';
import type { JournalBehaviour } from './types';

export interface JournalRouteState {
	store: JournalStore;
	subscriptions: V4Subscriptions;
	tokens: ClientCredentialTokens;
	behaviour: JournalBehaviour;
	limit: SecondlyLimit;
	now: () => number;
	filesUrl: () => string;
	appId: number;
}

const READ = 'developer.webhooks_journal.read';
const SUBS_READ = 'developer.webhooks_journal.subscriptions.read';
const SUBS_WRITE = 'developer.webhooks_journal.subscriptions.write';

export function registerJournalRoutes(router: Router, state: JournalRouteState): void {
	const guarded = (scope: string, handler: (exchange: Exchange) => RouteResult) => (exchange: Exchange): RouteResult => {
		const check = state.tokens.check(exchange.headers.authorization, scope);
		if (!check.ok) return { ...hubspotError(check.status, check.message, check.category), auth: exchange.headers.authorization ? 'bearer' : 'none' };
		if (!state.limit.allow(exchange.headers.authorization ?? '', state.now(), state.behaviour.rateLimitPerSecond)) {
			return { status: 429, body: { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', policyName: 'SECONDLY' }, auth: 'bearer' };
		}
		return { ...handler(exchange), auth: 'bearer' };
	};
	const portalOf = (exchange: Exchange, local: boolean): number | undefined => {
		const raw = exchange.query.get('installPortalId');
		return local && raw !== null ? Number(raw) : undefined;
	};
	const answer = (lookup: Lookup, offset?: string): RouteResult => {
		if (lookup.kind === 'entry') return { status: 200, body: state.store.presign(lookup.entry, state.filesUrl()) };
		if (lookup.kind === 'none') return { status: 204 };
		return hubspotError(404, `Offset ${offset} was not found or is no longer retained`, 'OBJECT_NOT_FOUND');
	};
	for (const variant of ['journal', 'journal-local'] as const) {
		const base = `/webhooks-journal/${variant}/2026-03`;
		const local = variant === 'journal-local';
		router
			.add('hubspot', 'GET', `${base}/earliest`, guarded(READ, (e) => answer(state.store.earliest(portalOf(e, local)))))
			.add('hubspot', 'GET', `${base}/latest`, guarded(READ, (e) => answer(state.store.latest(portalOf(e, local)))))
			.add('hubspot', 'GET', `${base}/offset/:offset/next`, guarded(READ, (e) => answer(state.store.next(e.params.offset, portalOf(e, local)), e.params.offset)))
			.add('hubspot', 'GET', `${base}/batch/latest/:count`, guarded(READ, (e) => {
				const count = Number(e.params.count);
				if (!Number.isInteger(count) || count < 1) return hubspotError(400, 'count must be at least 1', 'VALIDATION_ERROR');
				const at = new Date(state.now()).toISOString();
				const results = state.store.latestBatch(portalOf(e, local), count).map((entry) => state.store.presign(entry, state.filesUrl()));
				return { status: 200, body: { status: 'COMPLETE', results, startedAt: at, completedAt: at } };
			}));
	}
	const subscriptionsBase = '/webhooks-journal/subscriptions/2026-03';
	router
		.add('hubspot', 'GET', subscriptionsBase, guarded(SUBS_READ, () => ({ status: 200, body: { results: state.subscriptions.all() as unknown as JsonObject[] } })))
		.add('hubspot', 'POST', subscriptionsBase, guarded(SUBS_WRITE, (e) => {
			const result = state.subscriptions.upsert(e.json, state.appId);
			return 'category' in result ? hubspotError(result.status, result.message, result.category) : { status: 200, body: result as unknown as JsonObject };
		}))
		.add('hubspot', 'DELETE', `${subscriptionsBase}/:id`, guarded(SUBS_WRITE, (e) =>
			state.subscriptions.remove(Number(e.params.id)) ? { status: 204 } : hubspotError(404, `Subscription ${e.params.id} not found`, 'OBJECT_NOT_FOUND'),
		));
}
