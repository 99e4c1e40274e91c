/**
 * What v4 subscriptions the node needs, and how to get there from what the app has
 * (https://developers.hubspot.com/docs/api-reference/latest/webhooks-journal/subscriptions/guide).
 *
 * Rules: a subscription this node did not create is never deleted and never narrowed; when it already covers
 * what the node needs, the node uses it as it is; when it covers less, the node's upsert asks for the union, so
 * whoever made it keeps everything it had. Subscriptions the node created and no longer needs are deleted.
 */
import { idString } from '../events/idString';
import { isRecord } from '../events/isRecord';
import { ASSOCIATION_ACTIONS, OBJECT_ACTIONS, type JournalSelection } from './types';

export interface V4Subscription {
	id: string;
	subscriptionType: string;
	portalId: string;
	objectTypeId: string;
	actions: string[];
	/** Empty = every property (nothing listed). */
	properties: string[];
	associatedObjectTypeIds: string[];
	/** Set when the subscription is limited to some records; the node never asks for that. */
	objectIds: string[];
}

export interface SubscriptionRequest {
	subscriptionType: 'OBJECT' | 'ASSOCIATION';
	portalId: number;
	objectTypeId: string;
	actions: string[];
	properties?: string[];
	associatedObjectTypeIds?: string[];
}

export interface SubscriptionPlan {
	/** POSTs to make; `replaces` is an owned subscription to delete if HubSpot answers with a different id. */
	upserts: Array<{ request: SubscriptionRequest; replaces?: string; widens?: string }>;
	/** Owned subscriptions that already match. */
	keep: string[];
	/** Subscriptions of someone else that already cover a need. */
	shared: string[];
	/** Owned subscriptions no longer needed. */
	deletes: string[];
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(idString).filter((s) => s !== '') : []);

/** HubSpot's list answer → subscriptions; entries without an id are ignored, deleted ones too. */
export function readSubscriptions(body: unknown): V4Subscription[] {
	const results = isRecord(body) && Array.isArray(body.results) ? body.results : [];
	return results.filter(isRecord).filter((s) => idString(s.id) !== '' && !s.deletedAt).map((s) => ({
		id: idString(s.id),
		subscriptionType: typeof s.subscriptionType === 'string' ? s.subscriptionType : 'OBJECT',
		portalId: idString(s.portalId),
		objectTypeId: idString(s.objectTypeId),
		actions: strings(s.actions),
		properties: strings(s.properties),
		associatedObjectTypeIds: strings(s.associatedObjectTypeIds),
		objectIds: strings(s.objectIds),
	}));
}

export function desiredSubscriptions(selection: JournalSelection): SubscriptionRequest[] {
	const objectActions = OBJECT_ACTIONS.filter((a) => selection.actions.includes(a));
	const associationActions = ASSOCIATION_ACTIONS.filter((a) => selection.actions.includes(a));
	const wanted: SubscriptionRequest[] = [];
	for (const objectTypeId of selection.objectTypeIds) {
		if (objectActions.length > 0) {
			const properties = selection.actions.includes('UPDATE') && selection.properties.length > 0 ? [...selection.properties] : undefined;
			wanted.push({ subscriptionType: 'OBJECT', portalId: selection.portalId, objectTypeId, actions: [...objectActions], ...(properties ? { properties } : {}) });
		}
		if (associationActions.length > 0) {
			const others = selection.objectTypeIds.filter((id) => id !== objectTypeId);
			wanted.push({
				subscriptionType: 'ASSOCIATION',
				portalId: selection.portalId,
				objectTypeId,
				actions: [...associationActions],
				...(others.length > 0 ? { associatedObjectTypeIds: others } : {}),
			});
		}
	}
	return wanted;
}

const sameKey = (s: V4Subscription, r: SubscriptionRequest) =>
	s.subscriptionType === r.subscriptionType && s.portalId === String(r.portalId) && s.objectTypeId === r.objectTypeId;

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
const superset = (a: readonly string[], b: readonly string[]) => b.every((x) => a.includes(x));

/** Empty lists mean "all": all covers everything, a list never covers all. */
function listCovers(have: readonly string[], want: readonly string[] | undefined): boolean {
	if (have.length === 0) return true;
	return want !== undefined && want.length > 0 && superset(have, want);
}

export function covers(s: V4Subscription, r: SubscriptionRequest): boolean {
	return (
		s.objectIds.length === 0 &&
		superset(s.actions, r.actions) &&
		listCovers(s.properties, r.properties) &&
		listCovers(s.associatedObjectTypeIds, r.associatedObjectTypeIds)
	);
}

function matches(s: V4Subscription, r: SubscriptionRequest): boolean {
	return (
		s.objectIds.length === 0 &&
		sameSet(s.actions, r.actions) &&
		sameSet(s.properties, r.properties ?? []) &&
		sameSet(s.associatedObjectTypeIds, r.associatedObjectTypeIds ?? [])
	);
}

const union = (a: readonly string[], b: readonly string[] | undefined): string[] | undefined =>
	a.length === 0 || b === undefined || b.length === 0 ? undefined : [...new Set([...a, ...b])];

/** A foreign subscription widened to also cover `r`, so its owner loses nothing. */
function widened(s: V4Subscription, r: SubscriptionRequest): SubscriptionRequest {
	const properties = union(s.properties, r.properties);
	const associated = union(s.associatedObjectTypeIds, r.associatedObjectTypeIds);
	return {
		...r,
		actions: [...new Set([...s.actions, ...r.actions])],
		...(properties ? { properties } : { properties: undefined }),
		...(associated ? { associatedObjectTypeIds: associated } : { associatedObjectTypeIds: undefined }),
	};
}

export function planSubscriptions(existing: V4Subscription[], desired: SubscriptionRequest[], owned: readonly string[]): SubscriptionPlan {
	const plan: SubscriptionPlan = { upserts: [], keep: [], shared: [], deletes: [] };
	const used = new Set<string>();
	for (const request of desired) {
		const candidates = existing.filter((s) => sameKey(s, request));
		const mine = candidates.filter((s) => owned.includes(s.id));
		const foreign = candidates.filter((s) => !owned.includes(s.id));
		const exact = mine.find((s) => matches(s, request));
		const coveringForeign = foreign.find((s) => covers(s, request));
		if (exact) {
			plan.keep.push(exact.id);
			used.add(exact.id);
		} else if (coveringForeign) {
			plan.shared.push(coveringForeign.id);
		} else if (mine.length > 0) {
			plan.upserts.push({ request, replaces: mine[0].id });
			used.add(mine[0].id);
		} else if (foreign.length > 0 && foreign[0].objectIds.length === 0) {
			plan.upserts.push({ request: clean(widened(foreign[0], request)), widens: foreign[0].id });
		} else {
			plan.upserts.push({ request });
		}
	}
	const stillThere = new Set(existing.map((s) => s.id));
	plan.deletes = owned.filter((id) => stillThere.has(id) && !used.has(id));
	return plan;
}

function clean(request: SubscriptionRequest): SubscriptionRequest {
	const out: SubscriptionRequest = { subscriptionType: request.subscriptionType, portalId: request.portalId, objectTypeId: request.objectTypeId, actions: request.actions };
	if (request.properties) out.properties = request.properties;
	if (request.associatedObjectTypeIds) out.associatedObjectTypeIds = request.associatedObjectTypeIds;
	return out;
}

/**
 * The owned ids after the plan ran: kept ones, plus ids HubSpot returned for upserts that did not widen someone
 * else's subscription. `answers[i]` is the id returned for `plan.upserts[i]`.
 */
export function ownedAfter(plan: SubscriptionPlan, answers: readonly string[]): string[] {
	const owned = new Set(plan.keep);
	plan.upserts.forEach((upsert, i) => {
		const id = answers[i];
		if (id !== undefined && id !== '' && id !== upsert.widens) owned.add(id);
	});
	return [...owned];
}

/** Owned subscriptions an upsert replaced under a new id: delete them after the upserts succeeded. */
export function replacedIds(plan: SubscriptionPlan, answers: readonly string[]): string[] {
	return plan.upserts.flatMap((upsert, i) => (upsert.replaces !== undefined && answers[i] !== upsert.replaces ? [upsert.replaces] : []));
}
