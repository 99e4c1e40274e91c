/**
 * Makes the app's v4 subscriptions for the account match the node's settings: read what exists, let the core
 * plan, apply. Runs on the first poll and whenever the settings change; never in a test run, whose static data
 * n8n does not keep (the node would forget what it created).
 */
import type { IPollFunctions } from 'n8n-workflow';

import {
	desiredSubscriptions,
	JournalRequestError,
	ownedAfter,
	planSubscriptions,
	readSubscriptions,
	replacedIds,
	selectionKey,
	type HttpResponse,
	type JournalSelection,
	type JournalState,
} from '../../core/journal';
import { answerMessage } from '../../core/journal/call';
import { subscriptionsApi } from '../shared/hubspot';

function ensureOk(response: HttpResponse, what: string, allowed: number[] = []): void {
	if ((response.status >= 200 && response.status < 300) || allowed.includes(response.status)) return;
	throw new JournalRequestError(what, response.status, answerMessage(response));
}

export interface SyncResult {
	created: number;
	kept: number;
	shared: number;
	deleted: number;
}

export async function syncSubscriptions(ctx: IPollFunctions, access: { baseUrl: string; secrets: readonly string[] }, selection: JournalSelection, state: JournalState): Promise<SyncResult> {
	const api = subscriptionsApi(ctx, access.baseUrl, access.secrets);
	const listed = await api.list();
	ensureOk(listed, 'list the journal subscriptions');
	const portal = String(selection.portalId);
	const existing = readSubscriptions(listed.body).filter((s) => s.portalId === portal);
	const plan = planSubscriptions(existing, desiredSubscriptions(selection), state.owned);
	const answers: string[] = [];
	for (const upsert of plan.upserts) {
		const response = await api.upsert(upsert.request);
		ensureOk(response, `create the ${upsert.request.subscriptionType.toLowerCase()} subscription for object type ${upsert.request.objectTypeId}`);
		const id = (response.body as { id?: unknown } | undefined)?.id;
		answers.push(id === undefined || id === null ? '' : String(id));
	}
	const toDelete = [...plan.deletes, ...replacedIds(plan, answers)];
	for (const id of toDelete) {
		// 404: already gone, which is what we wanted.
		ensureOk(await api.remove(id), `delete subscription ${id} that this trigger created`, [404]);
	}
	state.owned = ownedAfter(plan, answers);
	state.selectionKey = selectionKey(selection);
	return { created: plan.upserts.length, kept: plan.keep.length, shared: plan.shared.length, deleted: toDelete.length };
}
