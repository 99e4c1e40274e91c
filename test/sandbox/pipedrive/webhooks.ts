// Registered webhooks and the deliveries a record change causes (HTTP Basic auth from the registration,
// retries like Pipedrive's, v1 or v2 body by the webhook's version).
import { randomUUID } from 'node:crypto';

import type { Deliverer } from '../delivery/deliverer';
import { SandboxError } from '../errors';
import { isoSeconds, pipedriveV1Date } from '../iso';
import type { DeliveryRecord, JsonObject, JsonValue, PipedriveBehaviour, PipedriveDeliverOptions, PipedriveIdentity, PipedriveWebhook } from '../types';
import { v1Body, v2Body, webhookMatches } from './payloads';
import type { PipedriveChange } from './records';

const ACTIONS = ['added', 'updated', 'merged', 'deleted', 'create', 'change', 'delete', '*'];
const OBJECTS = ['activity', 'activityType', 'deal', 'lead', 'note', 'organization', 'person', 'pipeline', 'product', 'project', 'stage', 'task', 'user', '*'];
const VERSIONS = ['1.0', '2.0'];
/** Pipedrive allows 40 webhooks per user. */
const MAX_WEBHOOKS = 40;

export class PipedriveWebhooks {
	webhooks: PipedriveWebhook[] = [];
	private nextId = 7001;

	constructor(
		private readonly identity: PipedriveIdentity,
		private readonly behaviour: PipedriveBehaviour,
		private readonly deliverer: Deliverer,
		private readonly now: () => number,
	) {}

	/** Returns the webhook, or the validation message Pipedrive would answer 400 with. */
	create(body: JsonObject): PipedriveWebhook | string {
		for (const field of ['subscription_url', 'event_action', 'event_object']) {
			if (typeof body[field] !== 'string' || body[field] === '') return `Validation failed: ${field}: Parameter is required`;
		}
		const url = String(body.subscription_url);
		if (!isHttpUrl(url)) return 'Validation failed: subscription_url: must be a valid http(s) URL';
		if (!ACTIONS.includes(String(body.event_action))) return `Validation failed: event_action: must be one of ${ACTIONS.join(', ')}`;
		if (!OBJECTS.includes(String(body.event_object))) return `Validation failed: event_object: must be one of ${OBJECTS.join(', ')}`;
		// Like the real API since 2025-03-17: no version means 2.0.
		const version = body.version === undefined || body.version === null ? '2.0' : String(body.version);
		if (!VERSIONS.includes(version)) return `Validation failed: version: must be one of ${VERSIONS.join(', ')}`;
		if (this.webhooks.length >= MAX_WEBHOOKS) return `You have reached the maximum number of webhooks (${MAX_WEBHOOKS})`;
		const optional = (name: string): string | null => (typeof body[name] === 'string' && body[name] !== '' ? String(body[name]) : null);
		const webhook: PipedriveWebhook = {
			id: this.nextId++,
			company_id: this.identity.companyId,
			owner_id: this.identity.userId,
			user_id: typeof body.user_id === 'number' ? body.user_id : this.identity.userId,
			event_action: String(body.event_action),
			event_object: String(body.event_object),
			subscription_url: url,
			is_active: 1,
			add_time: pipedriveV1Date(this.now()),
			remove_time: null,
			type: 'general',
			http_auth_user: optional('http_auth_user'),
			http_auth_password: optional('http_auth_password'),
			additional_data: {},
			remove_reason: null,
			last_delivery_time: null,
			last_http_status: null,
			admin_id: this.identity.userId,
			name: optional('name') ?? '',
			version,
		};
		this.webhooks.push(webhook);
		return webhook;
	}

	delete(id: number): boolean {
		const before = this.webhooks.length;
		this.webhooks = this.webhooks.filter((webhook) => webhook.id !== id);
		return this.webhooks.length !== before;
	}

	emit(change: PipedriveChange, changeSource: string, atMs: number): void {
		const correlationId = randomUUID();
		for (const webhook of this.webhooks.filter((candidate) => webhookMatches(candidate, change))) {
			const event = { eventId: randomUUID(), correlationId, atMs, changeSource };
			const build = webhook.version === '1.0' ? v1Body : v2Body;
			const first = build(webhook, change, this.identity, event, 1);
			void this.send(webhook, first, (attempt) => build(webhook, change, this.identity, event, attempt), {});
		}
	}

	deliver(webhookId: number, body: JsonValue, options: PipedriveDeliverOptions): Promise<DeliveryRecord> {
		const webhook = this.webhooks.find((candidate) => candidate.id === webhookId);
		if (!webhook) throw new SandboxError('NOT_FOUND', `no Pipedrive webhook ${webhookId}`);
		return this.send(webhook, body, () => body, options);
	}

	redeliver(delivery: DeliveryRecord): Promise<DeliveryRecord> {
		const webhook = this.webhooks.find((candidate) => String(candidate.id) === delivery.subscriptionIds[0]);
		if (!webhook) throw new SandboxError('NOT_FOUND', `the webhook of delivery ${delivery.id} is gone`);
		return this.send(webhook, delivery.payload, () => delivery.payload, { targetUrl: delivery.targetUrl });
	}

	clear(): void {
		this.webhooks = [];
	}

	private send(webhook: PipedriveWebhook, first: JsonValue, bodyFor: (attempt: number) => JsonValue, options: PipedriveDeliverOptions): Promise<DeliveryRecord> {
		const auth =
			options.auth !== undefined
				? options.auth
				: webhook.http_auth_user !== null
					? { user: webhook.http_auth_user, password: webhook.http_auth_password ?? '' }
					: null;
		return this.deliverer.start({
			provider: 'pipedrive',
			targetUrl: options.targetUrl ?? webhook.subscription_url,
			subscriptionIds: [String(webhook.id)],
			payload: first,
			retryDelaysMs: [...this.behaviour.retryDelaysMs],
			timeoutMs: this.behaviour.deliveryTimeoutMs,
			build: (attemptIndex) => ({
				body: JSON.stringify(bodyFor(attemptIndex + 1)),
				headers: {
					'Content-Type': 'application/json',
					'User-Agent': 'crm-listeners-sandbox Pipedrive webhooks',
					...(auth ? { Authorization: `Basic ${Buffer.from(`${auth.user}:${auth.password}`, 'utf8').toString('base64')}` } : {}),
				},
			}),
			onAttempt: (attempt) => {
				webhook.last_delivery_time = isoSeconds(attempt.sentAtMs);
				webhook.last_http_status = attempt.status;
			},
		});
	}
}

function isHttpUrl(value: string): boolean {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}
