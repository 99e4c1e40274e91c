/**
 * HubSpot app deliveries for the benchmarks: 100 events (about 30 KB), each delivery with its own event ids,
 * so de-duplication has new keys to remember on every request, as in production.
 */
import { createHash, createHmac } from 'node:crypto';

export const EVENTS_PER_DELIVERY = 100;

const TYPES = [
	{ subscriptionType: 'contact.creation' },
	{ subscriptionType: 'contact.propertyChange', propertyName: 'email' },
	{ subscriptionType: 'contact.propertyChange', propertyName: 'lifecyclestage' },
	{ subscriptionType: 'company.propertyChange', propertyName: 'name' },
	{ subscriptionType: 'deal.propertyChange', propertyName: 'amount' },
	{ subscriptionType: 'deal.creation' },
	{ subscriptionType: 'deal.deletion' },
	{ subscriptionType: 'contact.privacyDeletion' },
] as const;

export type BenchEvent = Record<string, string | number>;

export function deliveryEvents(delivery: number): BenchEvent[] {
	const events: BenchEvent[] = [];
	for (let index = 0; index < EVENTS_PER_DELIVERY; index++) {
		const serial = delivery * EVENTS_PER_DELIVERY + index;
		const type = TYPES[index % TYPES.length];
		const event: BenchEvent = {
			eventId: 3_816_279_340 + serial,
			subscriptionId: 2_001 + (index % TYPES.length),
			portalId: 62_515,
			appId: 1_160_452,
			occurredAt: 1_764_000_000_000 + serial * 7,
			subscriptionType: type.subscriptionType,
			attemptNumber: 0,
			objectId: 1_246_965 + serial,
			changeSource: 'CRM_UI',
			sourceId: `userId:${4_200_000 + (serial % 97)}`,
			changeFlag: type.subscriptionType.endsWith('creation') ? 'NEW' : 'UPDATED',
		};
		if ('propertyName' in type) {
			event.propertyName = type.propertyName;
			event.propertyValue =
				type.propertyName === 'email'
					? `person.${serial}@example-company-${serial % 13}.com`
					: type.propertyName === 'amount'
						? String(1_000 + (serial % 9_000))
						: `Ünïcödé value ${serial} for ${type.propertyName}`;
		}
		events.push(event);
	}
	return events;
}

export function deliveryBody(delivery: number): Buffer {
	return Buffer.from(JSON.stringify(deliveryEvents(delivery)), 'utf8');
}

export interface SignedDelivery {
	body: Buffer;
	headers: Record<string, string>;
}

/** v1 and v3 headers, as HubSpot sends them to an OAuth app's webhook URL. */
export function sign(secret: string, url: string, body: Buffer, nowMs: number): SignedDelivery {
	const timestamp = String(nowMs);
	return {
		body,
		headers: {
			'x-hubspot-signature': createHash('sha256').update(secret).update(body).digest('hex'),
			'x-hubspot-signature-version': 'v1',
			'x-hubspot-signature-v3': createHmac('sha256', secret).update(`POST${url}`).update(body).update(timestamp).digest('base64'),
			'x-hubspot-request-timestamp': timestamp,
		},
	};
}
