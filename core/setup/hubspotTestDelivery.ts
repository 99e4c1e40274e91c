import { parseHubSpotEvent } from '../events/hubspotEventCatalog';

/*
 * A shell command that sends one correctly signed HubSpot event to a URL, for testing a trigger whose app
 * delivers elsewhere (project and private apps send only to the URL configured in HubSpot). It signs v3 the way
 * HubSpot does: base64(HMAC-SHA256(client secret, "POST" + URL + body + timestamp)), with the timestamp in
 * milliseconds (https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/request-validation).
 * The timestamp is also the event's time, so each run is a new event rather than a dropped duplicate. It is in
 * milliseconds where `date` knows `%N` (GNU); elsewhere whole seconds padded with 000.
 */

export interface TestDeliveryInput {
	url: string;
	/** The first selected event is sent; none selected sends a contact creation. */
	events: readonly string[];
	propertyNames: readonly string[];
}

/** One sample event as HubSpot would send it, `occurredAt` left for the shell to fill in. */
function sampleEvent(input: TestDeliveryInput): Record<string, string | number> {
	const selection = input.events.map(parseHubSpotEvent).find((candidate) => candidate !== undefined);
	const event: Record<string, string | number> = {
		eventId: 1,
		subscriptionId: 1,
		portalId: 1,
		appId: 1,
		occurredAt: 0,
		subscriptionType: selection?.subscriptionType ?? 'contact.creation',
		objectId: 1,
		attemptNumber: 0,
		changeSource: 'CRM',
	};
	if (selection?.objectTypeId !== undefined) event.objectTypeId = selection.objectTypeId;
	if (selection?.needsProperty) {
		event.propertyName = input.propertyNames[0] ?? 'email';
		event.propertyValue = 'test';
	}
	return event;
}

/** Single-quoted for POSIX shells: the only character to escape is the quote itself. */
function shellQuote(text: string): string {
	return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The command lines, `<your client secret>` left for the user (a secret never goes into output). */
export function hubspotTestDeliveryCommand(input: TestDeliveryInput): string[] {
	const [before, after] = JSON.stringify([sampleEvent(input)]).split('"occurredAt":0');
	return [
		`URL=${shellQuote(input.url)}`,
		`SECRET='<your client secret>'`,
		'TS=$(date +%s%3N); case "$TS" in *N) TS=$(date +%s)000 ;; esac',
		`BODY=${shellQuote(`${before}"occurredAt":`)}"$TS"${shellQuote(after)}`,
		`SIG=$(printf '%s' "POST$URL$BODY$TS" | openssl dgst -sha256 -hmac "$SECRET" -binary | base64)`,
		`curl -sS -X POST "$URL" -H 'Content-Type: application/json' -H "X-HubSpot-Signature-v3: $SIG" -H "X-HubSpot-Request-Timestamp: $TS" --data-raw "$BODY"`,
	];
}
