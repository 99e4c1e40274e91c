// App webhook settings and subscriptions (webhooks v3), and the signed deliveries a record change causes.
// Shapes follow https://developers.hubspot.com/docs/api/webhooks
import type { Deliverer } from '../delivery/deliverer';
import { SandboxError } from '../errors';
import { isoMs } from '../iso';
import type {
	DeliveryRecord,
	HubSpotBehaviour,
	HubSpotDeliverOptions,
	HubSpotEvent,
	HubSpotIdentity,
	HubSpotSettings,
	HubSpotSubscription,
	JsonObject,
	JsonValue,
} from '../types';
import { eventPrefix, HUBSPOT_EVENT_ACTIONS, HUBSPOT_EVENT_PREFIXES, HUBSPOT_GENERIC_ACTIONS, objectTypeIdOf } from './object-types';
import { projectEvents, type ProjectApp } from './project';
import type { RecordChange } from './records';
import { signatureHeaders } from './sign';

/** HubSpot puts at most 100 events in one request. */
const MAX_EVENTS_PER_DELIVERY = 100;

export type Refusal = { status: number; message: string; category: string };

export class HubSpotWebhooks {
	settings: HubSpotSettings | null = null;
	subscriptions: HubSpotSubscription[] = [];
	/** A project app's uploaded webhooks component; delivers beside the webhooks-API settings. */
	project: ProjectApp | null = null;
	private nextSubscriptionId = 2001;
	private nextEventId = 100_000_001;
	private buffer: HubSpotEvent[] = [];
	private flushing: Promise<void> | null = null;

	constructor(
		private readonly identity: HubSpotIdentity,
		private readonly behaviour: HubSpotBehaviour,
		private readonly deliverer: Deliverer,
		private readonly now: () => number,
	) {}

	putSettings(body: JsonValue | undefined): HubSpotSettings | Refusal {
		if (!isObject(body) || typeof body.targetUrl !== 'string' || !isHttpUrl(body.targetUrl)) {
			return { status: 400, message: 'targetUrl must be an absolute http(s) URL', category: 'VALIDATION_ERROR' };
		}
		const throttling = isObject(body.throttling) ? body.throttling : {};
		const at = isoMs(this.now());
		this.settings = {
			targetUrl: body.targetUrl,
			throttling: {
				maxConcurrentRequests: typeof throttling.maxConcurrentRequests === 'number' ? throttling.maxConcurrentRequests : 10,
				period: typeof throttling.period === 'string' ? throttling.period : 'SECONDLY',
			},
			createdAt: this.settings?.createdAt ?? at,
			updatedAt: at,
		};
		return this.settings;
	}

	createSubscription(body: JsonValue | undefined): HubSpotSubscription | Refusal {
		if (!isObject(body) || typeof body.eventType !== 'string' || !isKnownEventType(body.eventType)) {
			return { status: 400, message: `unknown eventType ${JSON.stringify(isObject(body) ? body.eventType : undefined)}`, category: 'VALIDATION_ERROR' };
		}
		const generic = body.eventType.startsWith('object.');
		const objectTypeId = typeof body.objectTypeId === 'string' && /^[0-9]+-[0-9]+$/.test(body.objectTypeId) ? body.objectTypeId : undefined;
		if (generic !== (objectTypeId !== undefined)) {
			return { status: 400, message: 'objectTypeId is required for object.* subscriptions and only for them', category: 'VALIDATION_ERROR' };
		}
		const propertyName = typeof body.propertyName === 'string' && body.propertyName !== '' ? body.propertyName : undefined;
		if (body.eventType.endsWith('.propertyChange') && !propertyName) {
			return { status: 400, message: 'propertyName is required for propertyChange subscriptions', category: 'VALIDATION_ERROR' };
		}
		const duplicate = this.subscriptions.find((s) => s.eventType === body.eventType && s.objectTypeId === objectTypeId && s.propertyName === propertyName);
		if (duplicate) {
			return { status: 409, message: `a subscription for ${body.eventType}${propertyName ? ` (${propertyName})` : ''} already exists: ${duplicate.id}`, category: 'CONFLICT' };
		}
		const at = isoMs(this.now());
		const subscription: HubSpotSubscription = {
			id: String(this.nextSubscriptionId++),
			eventType: body.eventType,
			...(objectTypeId ? { objectTypeId } : {}),
			...(propertyName ? { propertyName } : {}),
			active: body.active !== false,
			createdAt: at,
			updatedAt: at,
		};
		this.subscriptions.push(subscription);
		return subscription;
	}

	patchSubscription(id: string, body: JsonValue | undefined): HubSpotSubscription | undefined {
		const subscription = this.subscriptions.find((s) => s.id === id);
		if (!subscription) return undefined;
		if (isObject(body) && typeof body.active === 'boolean') {
			subscription.active = body.active;
			subscription.updatedAt = isoMs(this.now());
		}
		return subscription;
	}

	deleteSubscription(id: string): boolean {
		const before = this.subscriptions.length;
		this.subscriptions = this.subscriptions.filter((s) => s.id !== id);
		return this.subscriptions.length !== before;
	}

	/** Turn a record change into events for the matching active subscriptions and send them. */
	emit(change: RecordChange, changeSource: string, atMs: number): void {
		if (this.project) {
			const base = { portalId: this.identity.portalId, appId: this.identity.appId, occurredAt: atMs, attemptNumber: 0, objectId: Number(change.record.id), changeSource, sourceId: 'userId:1' };
			const events = projectEvents(this.project, change, base, () => this.nextEventId++);
			if (events.length > 0) void this.send(events, { targetUrl: this.project.targetUrl });
		}
		if (!this.settings) return;
		const prefix = eventPrefix(change.objectType);
		const typeId = objectTypeIdOf(change.objectType);
		const objectId = Number(change.record.id);
		const events: HubSpotEvent[] = [];
		const base = { portalId: this.identity.portalId, appId: this.identity.appId, occurredAt: atMs, attemptNumber: 0, objectId, changeSource, sourceId: 'userId:1' };
		for (const subscription of this.subscriptions.filter((s) => s.active)) {
			// A generic subscription of this object type behaves like the classic one, and says which type it is.
			const generic = subscription.objectTypeId !== undefined && subscription.objectTypeId === typeId;
			const family = generic ? 'object' : prefix;
			const typed = generic ? { objectTypeId: typeId } : {};
			if (subscription.objectTypeId !== undefined && !generic) continue;
			if (change.kind !== 'propertyChange' && subscription.eventType === `${family}.${change.kind}`) {
				events.push({ ...base, ...typed, eventId: this.nextEventId++, subscriptionId: Number(subscription.id), subscriptionType: subscription.eventType, changeFlag: change.kind === 'creation' ? 'NEW' : 'DELETED' });
			}
			// Creating a record also reports the properties it was created with.
			if (change.kind !== 'deletion' && subscription.eventType === `${family}.propertyChange` && subscription.propertyName && change.changed.includes(subscription.propertyName)) {
				const value = change.record.properties[subscription.propertyName];
				events.push({ ...base, ...typed, eventId: this.nextEventId++, subscriptionId: Number(subscription.id), subscriptionType: subscription.eventType, propertyName: subscription.propertyName, propertyValue: value ?? '' });
			}
		}
		if (events.length === 0) return;
		if (this.behaviour.batchWindowMs > 0) {
			this.buffer.push(...events);
			this.scheduleFlush();
		} else {
			void this.send(events, {});
		}
	}

	deliver(partial: Array<Partial<HubSpotEvent>>, options: HubSpotDeliverOptions): Promise<DeliveryRecord> {
		const events = partial.map((event): HubSpotEvent => ({
			eventId: this.nextEventId++,
			subscriptionId: Number(this.subscriptions[0]?.id ?? 0),
			portalId: this.identity.portalId,
			appId: this.identity.appId,
			occurredAt: this.now(),
			subscriptionType: 'contact.creation',
			attemptNumber: 0,
			objectId: 1,
			changeSource: 'CRM',
			...stripUndefined(event),
		}));
		return this.send(events, options);
	}

	redeliver(delivery: DeliveryRecord): Promise<DeliveryRecord> {
		if (delivery.provider !== 'hubspot' || !Array.isArray(delivery.payload)) throw new SandboxError('BAD_INPUT', `${delivery.id} is not a HubSpot delivery`);
		return this.send(delivery.payload as HubSpotEvent[], { targetUrl: delivery.targetUrl });
	}

	clear(): void {
		this.settings = null;
		this.project = null;
		this.subscriptions = [];
		this.buffer = [];
	}

	private scheduleFlush(): void {
		if (this.flushing) return;
		this.flushing = this.deliverer.track(
			this.deliverer.wait(this.behaviour.batchWindowMs).then(async () => {
				this.flushing = null;
				const events = this.buffer;
				this.buffer = [];
				if (events.length > 0) await this.send(events, {});
			}),
		);
	}

	private async send(events: HubSpotEvent[], options: HubSpotDeliverOptions): Promise<DeliveryRecord> {
		const targetUrl = options.targetUrl ?? this.settings?.targetUrl ?? this.project?.targetUrl;
		if (!targetUrl) throw new SandboxError('BAD_INPUT', 'no HubSpot target URL: set webhook settings first or pass targetUrl');
		const records: Array<Promise<DeliveryRecord>> = [];
		for (let start = 0; start < events.length; start += MAX_EVENTS_PER_DELIVERY) {
			records.push(this.sendChunk(events.slice(start, start + MAX_EVENTS_PER_DELIVERY), targetUrl, options));
		}
		const [first] = await Promise.all(records);
		return first;
	}

	private sendChunk(events: HubSpotEvent[], targetUrl: string, options: HubSpotDeliverOptions): Promise<DeliveryRecord> {
		const secret = options.clientSecret ?? this.identity.clientSecret;
		const versions = options.signatures ?? ['v1', 'v3'];
		return this.deliverer.start({
			provider: 'hubspot',
			targetUrl,
			subscriptionIds: [...new Set(events.map((event) => String(event.subscriptionId)))],
			payload: events as unknown as JsonValue,
			retryDelaysMs: [...this.behaviour.retryDelaysMs],
			timeoutMs: this.behaviour.deliveryTimeoutMs,
			build: (attemptIndex) => {
				const body = JSON.stringify(events.map((event) => ({ ...event, attemptNumber: event.attemptNumber + attemptIndex })));
				const timestampMs = options.timestampMs ?? this.now();
				return {
					body,
					headers: {
						'Content-Type': 'application/json',
						'User-Agent': 'crm-listeners-sandbox HubSpot webhooks',
						...signatureHeaders(secret, targetUrl, body, timestampMs, versions),
					},
				};
			},
		});
	}
}

function isKnownEventType(eventType: string): boolean {
	const [prefix, action, ...rest] = eventType.split('.');
	if (prefix === 'object') return rest.length === 0 && (HUBSPOT_GENERIC_ACTIONS as readonly string[]).includes(action ?? '');
	return (
		rest.length === 0 &&
		(HUBSPOT_EVENT_PREFIXES as readonly string[]).includes(prefix) &&
		(HUBSPOT_EVENT_ACTIONS as readonly string[]).includes(action ?? '')
	);
}

function isHttpUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}

function isObject(value: JsonValue | undefined): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stripUndefined<T extends object>(value: T): T {
	return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
