import { normaliseHubSpotAppEvent } from './hubspotAppEvent';
import type { CustomObjectNames } from './hubspotObjectTypes';
import { addHubSpotObjectTypeId } from './hubspotRecordLink';
import { normaliseHubSpotWorkflowRecord } from './hubspotWorkflowRecord';
import { isRecord } from './isRecord';
import { rejected, type NormaliseResult } from './result';
import type { NormalisedEvent } from './types';

export interface HubSpotNormaliseOptions {
	/** The clock at receipt. Not used for any event field today: times come from HubSpot or stay ''. */
	nowMs: number;
	/**
	 * Hex SHA-256 of the raw body: the trace key of a workflow record that has no id or no modified time. A
	 * function is called only for such a record (app deliveries never need it).
	 */
	rawBodySha256: string | (() => string);
	/** Names for custom object type ids (`2-123` → `p12345_cars`); ids without a name stay ids. */
	customObjectNames?: CustomObjectNames;
	/**
	 * Add `objectTypeId` to events that only imply it (`contact.creation` → `0-1`), for record links and
	 * templates.
	 */
	addObjectTypeId?: boolean;
	/**
	 * The caller hands the body over (it parsed it for this call and keeps no other use of it): each app event's
	 * fields are then its element of the body, with `occurredAtMs` (and `objectTypeId`) added in place, instead of
	 * a copy. The result is the same; without it the body is left unchanged.
	 */
	bodyHandedOver?: boolean;
}

/**
 * Splits a verified HubSpot delivery into events.
 * - An array is an app webhook delivery (HubSpot sends up to 100 events; more are accepted). Each element
 *   must be an object with a `subscriptionType`, otherwise the whole delivery is refused: a partial
 *   acceptance would be answered 2xx and the rest lost for good.
 * - An object with a string `subscriptionType` is taken as a single app event.
 * - Any other object is what a workflow "Send a webhook" action sent: a CRM record, or any JSON the action's
 *   custom body holds (then eventType `UNKNOWN`, the body as sent).
 */
export function normaliseHubSpotDelivery(body: unknown, opts: HubSpotNormaliseOptions): NormaliseResult {
	const result = splitHubSpotDelivery(body, opts);
	if (result.ok && opts.addObjectTypeId === true) {
		for (const event of result.events) addHubSpotObjectTypeId(event, opts.customObjectNames);
	}
	return result;
}

function splitHubSpotDelivery(body: unknown, opts: HubSpotNormaliseOptions): NormaliseResult {
	if (Array.isArray(body)) {
		const events: NormalisedEvent[] = [];
		for (const [index, element] of body.entries()) {
			if (!isRecord(element)) return rejected('event-not-object', `element ${index} is not an object`);
			const subscriptionType = element.subscriptionType;
			if (typeof subscriptionType !== 'string' || subscriptionType === '') {
				return rejected('event-without-subscription-type', `element ${index} has no subscriptionType`);
			}
			events.push(normaliseHubSpotAppEvent(element, subscriptionType, opts.customObjectNames, opts.bodyHandedOver === true));
		}
		return { ok: true, events };
	}
	if (!isRecord(body)) return rejected('not-object-or-array', 'the body is neither a JSON object nor an array');
	if (typeof body.subscriptionType === 'string' && body.subscriptionType !== '') {
		return { ok: true, events: [normaliseHubSpotAppEvent(body, body.subscriptionType, opts.customObjectNames, opts.bodyHandedOver === true)] };
	}
	const rawBodySha256 = opts.rawBodySha256;
	const bodyDigest = typeof rawBodySha256 === 'function' ? rawBodySha256 : () => rawBodySha256;
	return { ok: true, events: [normaliseHubSpotWorkflowRecord(body, bodyDigest, opts.customObjectNames)] };
}
