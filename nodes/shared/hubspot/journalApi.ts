/** HubSpot's local journal (one account) and v4 subscription endpoints, as the journal reader and planner need them. */
import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { HttpResponse, JournalApi, SubscriptionRequest } from '../../../core/journal';
import { downloadWithoutCredentials, hubspotAppApi, JOURNAL_API_VERSION } from './journalHttp';

export function journalApi(ctx: IPollFunctions, baseUrl: string, portalId: number, secrets: readonly string[]): JournalApi {
	const api = hubspotAppApi(ctx, baseUrl, secrets);
	const local = `/webhooks-journal/journal-local/${JOURNAL_API_VERSION}`;
	const portal = `installPortalId=${encodeURIComponent(String(portalId))}`;
	return {
		latest: async () => await api.call('GET', `${local}/latest?${portal}`),
		earliest: async () => await api.call('GET', `${local}/earliest?${portal}`),
		next: async (offset) => await api.call('GET', `${local}/offset/${encodeURIComponent(offset)}/next?${portal}`),
		latestBatch: async (count) => await api.call('GET', `${local}/batch/latest/${count}?${portal}`),
		download: async (url) => await downloadWithoutCredentials(ctx, url),
	};
}

export interface SubscriptionsApi {
	list(): Promise<HttpResponse>;
	upsert(request: SubscriptionRequest): Promise<HttpResponse>;
	remove(id: string): Promise<HttpResponse>;
}

export function subscriptionsApi(ctx: IPollFunctions, baseUrl: string, secrets: readonly string[]): SubscriptionsApi {
	const api = hubspotAppApi(ctx, baseUrl, secrets);
	const base = `/webhooks-journal/subscriptions/${JOURNAL_API_VERSION}`;
	return {
		list: async () => await api.call('GET', base),
		upsert: async (request) => await api.call('POST', base, request as unknown as IDataObject),
		remove: async (id) => await api.call('DELETE', `${base}/${encodeURIComponent(id)}`),
	};
}
