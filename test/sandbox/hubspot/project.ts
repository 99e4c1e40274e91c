// A HubSpot project app as `hs project upload` leaves it: one static target URL and the subscriptions of its
// webhooks component (crmObjects / legacyCrmObjects / hubEvents). No API changes it; deliveries are signed
// v3 + v1 with the app's client secret, like every app webhook.
// https://developers.hubspot.com/docs/apps/developer-platform/add-features/configure-webhooks
import { SandboxError } from '../errors';
import type { HubSpotEvent, JsonObject, JsonValue } from '../types';
import { eventPrefix, objectTypeIdOf } from './object-types';
import type { RecordChange } from './records';

export interface ProjectEntry {
	subscriptionType: string;
	objectType?: string;
	propertyName?: string;
}

export interface ProjectApp {
	targetUrl: string;
	entries: ProjectEntry[];
}

function isObject(value: JsonValue | undefined): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an uploaded webhooks component; refuses what HubSpot's upload would refuse in the same way. */
export function readProjectUpload(body: JsonValue | undefined): ProjectApp {
	if (!isObject(body) || body.type !== 'webhooks' || !isObject(body.config)) throw new SandboxError('BAD_INPUT', 'expected a webhooks component: {"type":"webhooks","config":{…}}');
	const { settings, subscriptions } = body.config;
	if (!isObject(settings) || typeof settings.targetUrl !== 'string' || !/^https?:\/\//.test(settings.targetUrl)) {
		throw new SandboxError('BAD_INPUT', 'config.settings.targetUrl must be an absolute http(s) URL');
	}
	if (!isObject(subscriptions)) throw new SandboxError('BAD_INPUT', 'config.subscriptions must be an object');
	const entries: ProjectEntry[] = [];
	for (const section of ['crmObjects', 'legacyCrmObjects', 'hubEvents']) {
		const list = subscriptions[section] ?? [];
		if (!Array.isArray(list)) throw new SandboxError('BAD_INPUT', `config.subscriptions.${section} must be an array`);
		for (const entry of list) {
			if (!isObject(entry) || typeof entry.subscriptionType !== 'string') throw new SandboxError('BAD_INPUT', `${section}: every entry needs a subscriptionType`);
			if ((section === 'crmObjects') !== (typeof entry.objectType === 'string')) throw new SandboxError('BAD_INPUT', `${section}: objectType belongs to crmObjects entries, and they need one`);
			if (entry.active === false) continue;
			entries.push({
				subscriptionType: entry.subscriptionType,
				...(typeof entry.objectType === 'string' ? { objectType: entry.objectType } : {}),
				...(typeof entry.propertyName === 'string' ? { propertyName: entry.propertyName } : {}),
			});
		}
	}
	return { targetUrl: settings.targetUrl, entries };
}

/** The events a record change causes for a project app's subscriptions (`occurredAt` etc. from `base`). */
export interface EventBase {
	portalId: number;
	appId: number;
	occurredAt: number;
	attemptNumber: number;
	objectId: number;
	changeSource: string;
	sourceId: string;
}

export function projectEvents(app: ProjectApp, change: RecordChange, base: EventBase, nextEventId: () => number): HubSpotEvent[] {
	const prefix = eventPrefix(change.objectType);
	const typeId = objectTypeIdOf(change.objectType);
	const events: HubSpotEvent[] = [];
	app.entries.forEach((entry, index) => {
		const generic = entry.objectType !== undefined;
		if (generic && entry.objectType !== prefix) return;
		const family = generic ? 'object' : prefix;
		const typed = generic && typeId ? { objectTypeId: typeId } : {};
		const common = { ...base, ...typed, subscriptionId: 9000 + index, subscriptionType: entry.subscriptionType };
		if (change.kind !== 'propertyChange' && entry.subscriptionType === `${family}.${change.kind}`) {
			events.push({ ...common, eventId: nextEventId(), changeFlag: change.kind === 'creation' ? 'NEW' : 'DELETED' });
		}
		if (change.kind !== 'deletion' && entry.subscriptionType === `${family}.propertyChange` && entry.propertyName && change.changed.includes(entry.propertyName)) {
			events.push({ ...common, eventId: nextEventId(), propertyName: entry.propertyName, propertyValue: change.record.properties[entry.propertyName] ?? '' });
		}
	});
	return events;
}
