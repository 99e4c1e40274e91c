import { planHubSpotRemoval, readHubSpotRecord, type HubSpotRecord } from './hubspot';

/*
 * Execute step on a legacy public app: where HubSpot's deliveries go while the editor listens. An app has one
 * target URL (https://developers.hubspot.com/docs/api/webhooks), usually a production workflow's, so pointing it at
 * the test URL diverts that workflow's events; that happens only when the user chose it, and is undone when the
 * test ends.
 */

/** What the user chose for Execute step. */
export const HUBSPOT_TEST_CHOICES = ['ifFree', 'borrow', 'manual'] as const;
export type HubSpotTestChoice = (typeof HUBSPOT_TEST_CHOICES)[number];

export interface HubSpotTestSituation {
	choice: HubSpotTestChoice;
	testUrl: string;
	/** The app's target URL now; undefined when none is set. */
	currentTargetUrl: string | undefined;
	/** The path this node's production URL ends with (`/<webhook id>/webhook`), to recognise its own workflow. */
	productionPathSuffix: string;
}

export type HubSpotTestDecision =
	/** Change nothing in HubSpot; a test delivery the user sends is what arrives. */
	| { kind: 'listen' }
	/** The app is free (or already points here): register the test URL as activation would, undo afterwards. */
	| { kind: 'register' }
	/** Point the app here until the test ends, then back at `previousTargetUrl`. */
	| { kind: 'borrow'; previousTargetUrl: string }
	/** The app delivers elsewhere and the user did not choose to divert it. */
	| { kind: 'refuse'; targetUrl: string; owner: 'this-workflow' | 'elsewhere' };

export function decideHubSpotTest(situation: HubSpotTestSituation): HubSpotTestDecision {
	const { choice, currentTargetUrl, testUrl } = situation;
	if (choice === 'manual') return { kind: 'listen' };
	if (currentTargetUrl === undefined || currentTargetUrl === testUrl) return { kind: 'register' };
	if (choice === 'borrow') return { kind: 'borrow', previousTargetUrl: currentTargetUrl };
	const own = situation.productionPathSuffix !== '' && pathOf(currentTargetUrl).endsWith(situation.productionPathSuffix);
	return { kind: 'refuse', targetUrl: currentTargetUrl, owner: own ? 'this-workflow' : 'elsewhere' };
}

function pathOf(url: string): string {
	try {
		return new URL(url).pathname;
	} catch {
		return url;
	}
}

/** What a test registered: a record like activation's, plus the target URL to put back. */
export interface HubSpotTestRecord extends HubSpotRecord {
	previousTargetUrl?: string;
}

export function readHubSpotTestRecord(value: unknown): HubSpotTestRecord | undefined {
	const record = readHubSpotRecord(value);
	if (!record) return undefined;
	const previous = (value as { previousTargetUrl?: unknown }).previousTargetUrl;
	return typeof previous === 'string' && previous !== '' ? { ...record, previousTargetUrl: previous } : { ...record, previousTargetUrl: undefined };
}

export type HubSpotTestRemovalAction =
	| { kind: 'delete-subscription'; id: string }
	| { kind: 'clear-target-url' }
	| { kind: 'restore-target-url'; targetUrl: string }
	| { kind: 'forget' };

/**
 * The end of a test: remove what it created, and give the app back its target URL when the test borrowed it
 * and the app still points at the test URL (if someone changed it meanwhile, theirs stays).
 */
export function planHubSpotTestRemoval(situation: {
	stored: HubSpotTestRecord | undefined;
	appId: string | undefined;
	currentTargetUrl: string | undefined;
}): HubSpotTestRemovalAction[] {
	const previous = situation.stored?.previousTargetUrl;
	return planHubSpotRemoval(situation).map((action) =>
		action.kind === 'clear-target-url' && previous !== undefined ? { kind: 'restore-target-url', targetUrl: previous } : action,
	);
}
