// Delivery bodies in Pipedrive's two webhook formats.
// v2: https://pipedrive.readme.io/docs/guide-for-webhooks-v2 — v1: https://pipedrive.readme.io/docs/guide-for-webhooks
import { isoMs, pipedriveV1Date } from '../iso';
import type { JsonObject, JsonValue, PipedriveEntity, PipedriveIdentity, PipedriveRecord, PipedriveWebhook } from '../types';
import type { ChangeAction, PipedriveChange } from './records';

export const ENTITY_NAMES: Record<PipedriveEntity, string> = {
	deals: 'deal',
	persons: 'person',
	organizations: 'organization',
	activities: 'activity',
	products: 'product',
};

const V1_ACTIONS: Record<ChangeAction, string> = { create: 'added', change: 'updated', delete: 'deleted' };

/** Does a webhook registered for `event_action`/`event_object` receive this change? Both vocabularies match. */
export function webhookMatches(webhook: PipedriveWebhook, change: PipedriveChange): boolean {
	const action = webhook.event_action;
	const actionMatches = action === '*' || action === change.action || action === v1Action(change);
	const object = webhook.event_object;
	return webhook.is_active === 1 && actionMatches && (object === '*' || object === ENTITY_NAMES[change.entity]);
}

/** v1 names: added / updated / deleted, and merged for the record merged away. */
function v1Action(change: PipedriveChange): string {
	return change.mergedToId !== undefined ? 'merged' : V1_ACTIONS[change.action];
}

export interface EventIdentity {
	eventId: string;
	correlationId: string;
	atMs: number;
	changeSource: string;
}

export function v2Body(webhook: PipedriveWebhook, change: PipedriveChange, identity: PipedriveIdentity, event: EventIdentity, attempt: number): JsonObject {
	const record = change.current ?? change.previous;
	let previous: JsonValue = null;
	if (change.action === 'delete') previous = change.previous;
	if (change.action === 'change' && change.previous) {
		const before: JsonObject = {};
		for (const field of change.changed) before[field] = change.previous[field] ?? null;
		previous = before;
	}
	return {
		meta: {
			action: change.action,
			entity: ENTITY_NAMES[change.entity],
			company_id: String(identity.companyId),
			correlation_id: event.correlationId,
			entity_id: String(record?.id ?? ''),
			id: event.eventId,
			is_bulk_edit: false,
			timestamp: isoMs(event.atMs),
			type: 'general',
			user_id: String(identity.userId),
			version: '2.0',
			webhook_id: String(webhook.id),
			webhook_owner_id: String(webhook.owner_id),
			change_source: event.changeSource,
			attempt,
			host: identity.companyDomain,
			permitted_user_ids: [String(identity.userId)],
			...(change.mergedToId === undefined ? {} : { merged_to_id: String(change.mergedToId) }),
			...(change.mergedFromId === undefined ? {} : { merged_from_id: String(change.mergedFromId) }),
		},
		data: change.current,
		previous,
	};
}

export function v1Body(webhook: PipedriveWebhook, change: PipedriveChange, identity: PipedriveIdentity, event: EventIdentity, attempt: number): JsonObject {
	const action = v1Action(change);
	const object = ENTITY_NAMES[change.entity];
	const record = change.current ?? change.previous;
	const noFilters = { current: [], previous: [] };
	return {
		v: 1,
		matches_filters: noFilters,
		meta: {
			v: 1,
			action,
			object,
			id: record?.id ?? null,
			company_id: identity.companyId,
			user_id: identity.userId,
			host: identity.companyDomain,
			timestamp: Math.floor(event.atMs / 1000),
			timestamp_micro: event.atMs * 1000,
			permitted_user_ids: [identity.userId],
			trans_pending: false,
			is_bulk_update: false,
			pipedrive_service_name: false,
			change_source: event.changeSource,
			matches_filters: noFilters,
			webhook_id: String(webhook.id),
		},
		retry: attempt - 1,
		current: v1Record(change.current),
		previous: v1Record(change.previous),
		event: `${action}.${object}`,
	};
}

/** v1 objects carry `YYYY-MM-DD HH:MM:SS` times. */
function v1Record(record: PipedriveRecord | null): JsonValue {
	if (!record) return null;
	return { ...record, add_time: pipedriveV1Date(Date.parse(record.add_time)), update_time: pipedriveV1Date(Date.parse(record.update_time)) };
}
