// The test playing HubSpot against chosen n8n processes: signed deliveries built by hand, sent to several
// webhook processes at the same instant (connections opened and headers sent first, then every body written
// in one tick), or one after another as a retry would come.
import { request } from 'node:http';

import { signV1, signV3 } from '../sandbox';

export const CLIENT_SECRET = 'sandbox-hubspot-client-secret';

export interface SignedDelivery {
	body: string;
	headers: Record<string, string>;
}

export interface HubSpotEventSpec {
	objectId: number;
	eventId: number;
	occurredAt: number;
	/** 0 for the first attempt; a retry sends the same events with the next number, signed anew. */
	attemptNumber?: number;
	subscriptionType?: string;
}

/**
 * A HubSpot delivery signed v1 + v3 over `signedUrl`: the public URL HubSpot calls (the load balancer). A
 * webhook process reached directly still verifies it, as the node checks the configured public URL too.
 */
export function hubspotDelivery(signedUrl: string, events: HubSpotEventSpec[], secret = CLIENT_SECRET, timestampMs = Date.now()): SignedDelivery {
	const body = JSON.stringify(
		events.map((event) => ({
			eventId: event.eventId,
			subscriptionId: 1,
			portalId: 62515,
			appId: 123456,
			occurredAt: event.occurredAt,
			subscriptionType: event.subscriptionType ?? 'contact.creation',
			attemptNumber: event.attemptNumber ?? 0,
			objectId: event.objectId,
			changeSource: 'CRM',
		})),
	);
	const timestamp = String(timestampMs);
	return {
		body,
		headers: {
			'content-type': 'application/json',
			'x-hubspot-signature': signV1(secret, body),
			'x-hubspot-signature-version': 'v1',
			'x-hubspot-signature-v3': signV3(secret, 'POST', signedUrl, body, timestamp),
			'x-hubspot-request-timestamp': timestamp,
		},
	};
}

export interface Answer {
	status: number;
	body: string;
	/** When the last byte of the answer arrived (Date.now()). */
	atMs: number;
}

interface Prepared {
	send(): Promise<Answer>;
}

/** Opens the connection and sends the headers; `send()` writes the body and resolves with the answer. */
function prepare(url: string, delivery: SignedDelivery): Promise<Prepared> {
	return new Promise((resolve, reject) => {
		let answered: (answer: Answer) => void = () => undefined;
		let failed: (error: Error) => void = () => undefined;
		const result = new Promise<Answer>((res, rej) => {
			answered = res;
			failed = rej;
		});
		const req = request(
			url,
			{ method: 'POST', agent: false, headers: { ...delivery.headers, 'content-length': String(Buffer.byteLength(delivery.body)) } },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => answered({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), atMs: Date.now() }));
				res.on('error', failed);
			},
		);
		req.setTimeout(30_000, () => req.destroy(new Error(`POST ${url} timed out`)));
		req.on('error', (error) => {
			failed(error);
			reject(error);
		});
		req.on('socket', (socket) => {
			const ready = (): void =>
				resolve({
					send: () => {
						req.end(delivery.body);
						return result;
					},
				});
			if (socket.connecting) socket.once('connect', ready);
			else ready();
		});
		req.flushHeaders();
	});
}

/** Sends the same delivery to every URL at the same instant; answers in the order of `urls`. */
export async function sendAtOnce(urls: string[], delivery: SignedDelivery): Promise<Answer[]> {
	const prepared = await Promise.all(urls.map((url) => prepare(url, delivery)));
	return Promise.all(prepared.map((p) => p.send()));
}

/** One POST, answered. */
export async function send(url: string, delivery: SignedDelivery): Promise<Answer> {
	return (await prepare(url, delivery)).send();
}
