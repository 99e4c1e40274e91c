import { parseHubSpotEvent, type HubSpotEventSelection } from '../events/hubspotEventCatalog';
import { hubspotObjectTypeById, type CustomObjectNames } from '../events/hubspotObjectTypes';

/*
 * The webhooks component of a HubSpot project app (`src/app/webhooks/<name>-hsmeta.json`): one target URL for
 * the whole app and its subscriptions in three lists: `crmObjects` (generic `object.*` types, with `objectType`),
 * `legacyCrmObjects` (classic names such as `contact.creation`) and `hubEvents` (`contact.privacyDeletion`,
 * `conversation.*`); property changes name their `propertyName`. Deployed with `hs project upload`.
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/configure-webhooks
 */

export interface HsmetaSubscription {
	subscriptionType: string;
	objectType?: string;
	propertyName?: string;
	active: true;
}

export interface HsmetaWebhooks {
	uid: string;
	type: 'webhooks';
	config: {
		settings: { targetUrl: string; maxConcurrentRequests: number };
		subscriptions: Record<'crmObjects' | 'legacyCrmObjects' | 'hubEvents', HsmetaSubscription[]>;
	};
}

export interface HsmetaInput {
	/** The workflow's production webhook URL: HubSpot posts every event of the app there. */
	targetUrl: string;
	/** The node's Events values. */
	events: readonly string[];
	/** One subscription per property for each property-change event. */
	propertyNames: readonly string[];
	customObjectNames?: CustomObjectNames;
	maxConcurrentRequests?: number;
}

export type HsmetaResult =
	| { ok: true; hsmeta: HsmetaWebhooks; text: string; warnings: string[] }
	/** `problem` is a sentence for the user, naming the setting to change. */
	| { ok: false; problem: string };

/** HubSpot's own default ceiling for concurrent webhook requests. */
const DEFAULT_MAX_CONCURRENT_REQUESTS = 10;
export const HSMETA_FILE = 'src/app/webhooks/webhooks-hsmeta.json';

/** The object type as a generic subscription names it: the table's name, a custom object's name, else its id. */
function objectTypeFor(objectTypeId: string, customNames: CustomObjectNames | undefined): string {
	const standard = hubspotObjectTypeById(objectTypeId);
	if (standard) return standard.subscriptionName ?? standard.name;
	return customNames?.get(objectTypeId) ?? objectTypeId;
}

function entriesFor(selection: HubSpotEventSelection, input: HsmetaInput): HsmetaSubscription[] {
	const base: HsmetaSubscription = { subscriptionType: selection.subscriptionType, active: true };
	if (selection.objectTypeId !== undefined) base.objectType = objectTypeFor(selection.objectTypeId, input.customObjectNames);
	if (!selection.needsProperty) return [base];
	return input.propertyNames.map((propertyName) => ({ ...base, propertyName }));
}

function targetUrlProblem(targetUrl: string): string | undefined {
	let url: URL;
	try {
		url = new URL(targetUrl);
	} catch {
		return `the production URL "${targetUrl}" is not an absolute URL`;
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') return `the production URL "${targetUrl}" is not http(s)`;
	return undefined;
}

/** Builds the webhooks component for the selected events. Pure: the same input gives the same text. */
export function buildHubSpotHsmeta(input: HsmetaInput): HsmetaResult {
	const urlProblem = targetUrlProblem(input.targetUrl);
	if (urlProblem) return { ok: false, problem: `Cannot write the webhooks file: ${urlProblem}.` };
	const subscriptions: HsmetaWebhooks['config']['subscriptions'] = { crmObjects: [], legacyCrmObjects: [], hubEvents: [] };
	const warnings: string[] = [];
	for (const value of input.events) {
		const selection = parseHubSpotEvent(value);
		if (!selection) {
			return { ok: false, problem: `Events: "${value}" is no single HubSpot event; the webhooks file needs exact event names.` };
		}
		if (selection.needsProperty && input.propertyNames.length === 0) {
			return { ok: false, problem: `"${value}" needs at least one property in "Properties to Watch".` };
		}
		subscriptions[selection.kind].push(...entriesFor(selection, input));
		if (selection.objectTypeId?.startsWith('2-')) {
			warnings.push(`${value}: HubSpot lets only private (static-auth) apps subscribe to custom objects.`);
		}
	}
	if (input.events.length === 0) warnings.push('No events selected: HubSpot sends nothing until the file lists some.');
	if (!input.targetUrl.startsWith('https://')) warnings.push('HubSpot delivers to public https URLs; this production URL is not one.');
	const hsmeta: HsmetaWebhooks = {
		uid: 'webhooks',
		type: 'webhooks',
		config: {
			settings: { targetUrl: input.targetUrl, maxConcurrentRequests: input.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS },
			subscriptions,
		},
	};
	return { ok: true, hsmeta, text: `${JSON.stringify(hsmeta, null, 2)}\n`, warnings };
}
