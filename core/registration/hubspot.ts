/**
 * What a HubSpot Webhook Trigger does to a public app's webhook settings, decided from what exists and what is
 * wanted. An app has exactly one target URL (https://developers.hubspot.com/docs/api/webhooks): the node never
 * takes over one that points elsewhere, and never deletes what it did not create.
 */
export interface HubSpotWantedSubscription {
	eventType: string;
	/** Generic `object.*` subscriptions name their object type. */
	objectTypeId?: string;
	propertyName?: string;
}

export interface HubSpotFoundSubscription extends HubSpotWantedSubscription {
	id: string;
}

/** What this node created in the app, remembered so that deactivation removes exactly that. */
export interface HubSpotRecord {
	appId: string;
	/** Set only when this node wrote the target URL itself. */
	targetUrl?: string;
	subscriptionIds: string[];
}

export interface HubSpotSituation {
	appId: string;
	webhookUrl: string;
	/** The app's target URL now; undefined when none is set. */
	currentTargetUrl: string | undefined;
	existing: readonly HubSpotFoundSubscription[];
	desired: readonly HubSpotWantedSubscription[];
	stored: HubSpotRecord | undefined;
}

export type HubSpotAction =
	/** The target URL belongs to someone else: nothing may change. */
	| { kind: 'conflict'; targetUrl: string }
	| { kind: 'create-target-url'; targetUrl: string }
	/** The target URL is this webhook's and this node set it. */
	| { kind: 'keep-target-url' }
	/** The target URL already is this webhook's but this node did not set it: used, never cleared. */
	| { kind: 'adopt-target-url' }
	| { kind: 'keep-subscription'; id: string; subscription: HubSpotWantedSubscription }
	/** Exists but was not created by this node: used, never deleted. */
	| { kind: 'adopt-subscription'; id: string; subscription: HubSpotWantedSubscription }
	| { kind: 'create-subscription'; subscription: HubSpotWantedSubscription };

export interface HubSpotPlan {
	/** In order: the target URL first, then one action per desired subscription; or a lone conflict. */
	actions: HubSpotAction[];
	/** What to remember before applying: what this node created in this app earlier. */
	record: HubSpotRecord;
}

function sameSubscription(a: HubSpotWantedSubscription, b: HubSpotWantedSubscription): boolean {
	return (
		a.eventType === b.eventType &&
		(a.objectTypeId ?? '') === (b.objectTypeId ?? '') &&
		(a.propertyName ?? '') === (b.propertyName ?? '')
	);
}

/** The wanted subscription without empty fields, as it is sent and reported. */
function cleaned(wanted: HubSpotWantedSubscription): HubSpotWantedSubscription {
	const subscription: HubSpotWantedSubscription = { eventType: wanted.eventType };
	if (wanted.objectTypeId) subscription.objectTypeId = wanted.objectTypeId;
	if (wanted.propertyName) subscription.propertyName = wanted.propertyName;
	return subscription;
}

function subscriptionAction(situation: HubSpotSituation, wanted: HubSpotWantedSubscription, ours: readonly string[]): HubSpotAction {
	const found = situation.existing.find((sub) => sameSubscription(sub, wanted));
	const subscription = cleaned(wanted);
	if (!found) return { kind: 'create-subscription', subscription };
	return { kind: ours.includes(found.id) ? 'keep-subscription' : 'adopt-subscription', id: found.id, subscription };
}

export function planHubSpotRegistration(situation: HubSpotSituation): HubSpotPlan {
	const { appId, webhookUrl, currentTargetUrl, stored } = situation;
	const previous = stored?.appId === appId ? stored : undefined;
	const record: HubSpotRecord = { appId, targetUrl: previous?.targetUrl, subscriptionIds: [...(previous?.subscriptionIds ?? [])] };
	if (currentTargetUrl !== undefined && currentTargetUrl !== webhookUrl) {
		return { actions: [{ kind: 'conflict', targetUrl: currentTargetUrl }], record };
	}
	const target: HubSpotAction =
		currentTargetUrl === undefined
			? { kind: 'create-target-url', targetUrl: webhookUrl }
			: { kind: record.targetUrl === webhookUrl ? 'keep-target-url' : 'adopt-target-url' };
	const subscriptions = situation.desired.map((wanted) => subscriptionAction(situation, wanted, record.subscriptionIds));
	return { actions: [target, ...subscriptions], record };
}

/** True when the plan changes nothing: the target URL is this webhook's and every desired subscription exists. */
export function hubspotPlanIsSettled(plan: HubSpotPlan): boolean {
	return plan.actions.every((action) => action.kind.startsWith('keep-') || action.kind.startsWith('adopt-'));
}

export type HubSpotRemovalAction =
	| { kind: 'delete-subscription'; id: string }
	| { kind: 'clear-target-url' }
	/** Drop the record; alone when the app changed, since what is ours there can no longer be proven. */
	| { kind: 'forget' };

export interface HubSpotRemovalSituation {
	stored: HubSpotRecord | undefined;
	/** The app the credential reaches now; undefined when it cannot manage subscriptions. */
	appId: string | undefined;
	currentTargetUrl: string | undefined;
}

export function planHubSpotRemoval(situation: HubSpotRemovalSituation): HubSpotRemovalAction[] {
	const { stored } = situation;
	if (!stored) return [];
	if (situation.appId !== stored.appId) return [{ kind: 'forget' }];
	const actions: HubSpotRemovalAction[] = stored.subscriptionIds.map((id) => ({ kind: 'delete-subscription', id }));
	if (stored.targetUrl !== undefined && situation.currentTargetUrl === stored.targetUrl) actions.push({ kind: 'clear-target-url' });
	actions.push({ kind: 'forget' });
	return actions;
}

/** Reads a record from static data; anything malformed reads as no record. */
export function readHubSpotRecord(value: unknown): HubSpotRecord | undefined {
	if (!value || typeof value !== 'object') return undefined;
	const candidate = value as Partial<HubSpotRecord>;
	if (typeof candidate.appId !== 'string' || !Array.isArray(candidate.subscriptionIds)) return undefined;
	return candidate as HubSpotRecord;
}
