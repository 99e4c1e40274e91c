// Public types of the sandbox CRM: what tests, the e2e suite and the demo drive.
import type { JournalBehaviour, JournalControl } from './hubspot/journal/types';

export const PROVIDERS = ['hubspot', 'pipedrive'] as const;
export type Provider = (typeof PROVIDERS)[number];

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const AUTH_KINDS = ['bearer', 'apiTokenHeader', 'apiTokenQuery', 'hapikey', 'basic', 'none'] as const;
/** How a request authenticated itself (the secret itself is never logged). */
export type AuthKind = (typeof AUTH_KINDS)[number];

export interface RequestLogEntry {
	seq: number;
	atMs: number;
	/** Calls to /_sandbox/ controls are not logged. */
	provider: Provider | 'unknown';
	method: string;
	/** Path without the query string. */
	path: string;
	/** Query parameters; secret-bearing ones (`hapikey`, `api_token`) are replaced by `***`. */
	query: Record<string, string>;
	/** Request headers, lower-cased; `authorization` and `x-api-token` are replaced by `***`. */
	headers: Record<string, string>;
	auth: AuthKind;
	/** Parsed JSON body, the raw text when it is not JSON, or null when empty. */
	body: JsonValue;
	status: number;
	/** Set when the answer came from an injected failure. */
	injected: boolean;
	/** Which client sent it, when the sandbox was started with `clientOf` (e.g. which n8n process). */
	client?: string;
}

export interface RequestFilter {
	provider?: Provider | 'unknown';
	method?: string;
	/** Matches when the logged path starts with this. */
	pathPrefix?: string;
}

/** "Answer the next `count` requests matching method + path prefix with `status`." */
export interface FailureRule {
	method?: string;
	pathPrefix: string;
	status: number;
	count: number;
	/** Optional body; by default the provider's usual error body for that status. */
	body?: JsonValue;
	headers?: Record<string, string>;
}

export const DELIVERY_STATES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface DeliveryAttempt {
	/** 1-based count of this try. */
	attempt: number;
	sentAtMs: number;
	durationMs: number;
	/** Headers the sandbox sent (including signatures and Basic auth: these are test values). */
	headers: Record<string, string>;
	/** Exact bytes sent (UTF-8). */
	body: string;
	/** HTTP status of the answer, null on timeout or connection error. */
	status: number | null;
	responseBody: string;
	error?: string;
}

export interface DeliveryRecord {
	id: string;
	provider: Provider;
	targetUrl: string;
	/** HubSpot: subscription ids covered; Pipedrive: the webhook id. */
	subscriptionIds: string[];
	/** The payload of the first attempt (HubSpot: array of events; Pipedrive: one object). */
	payload: JsonValue;
	attempts: DeliveryAttempt[];
	state: DeliveryState;
}

export interface DeliveryFilter {
	provider?: Provider;
	state?: DeliveryState;
	targetUrl?: string;
}

export interface ChangeOptions {
	/** Timestamp written into the record (default: now). */
	atMs?: number;
	/** HubSpot `changeSource` (default CRM) / Pipedrive `change_source` (default app). */
	changeSource?: string;
	/** Send webhook deliveries for this change (default true). */
	emit?: boolean;
}

// ---------- HubSpot ----------

export interface HubSpotRecord {
	id: string;
	properties: Record<string, string | null>;
	createdAt: string;
	updatedAt: string;
	archived: boolean;
	archivedAt?: string;
}

export interface HubSpotSettings {
	targetUrl: string;
	throttling: { maxConcurrentRequests: number; period: string };
	createdAt: string;
	updatedAt: string;
}

export interface HubSpotSubscription {
	id: string;
	eventType: string;
	/** Generic `object.*` subscriptions only. */
	objectTypeId?: string;
	propertyName?: string;
	active: boolean;
	createdAt: string;
	updatedAt: string;
}

/** One event of a HubSpot delivery (the array element). */
export interface HubSpotEvent {
	eventId: number;
	subscriptionId: number;
	portalId: number;
	appId: number;
	occurredAt: number;
	subscriptionType: string;
	attemptNumber: number;
	objectId: number;
	changeSource: string;
	sourceId?: string;
	changeFlag?: string;
	propertyName?: string;
	propertyValue?: string;
	[extra: string]: JsonValue | undefined;
}

export interface HubSpotBehaviour {
	/** Changes become visible to CRM search this long after they happen. */
	searchLagMs: number;
	/** Search calls allowed per second per token before 429 (0 = unlimited). */
	searchRateLimitPerSecond: number;
	/** Paging at or past this many results answers 400 (HubSpot: 10,000). */
	searchResultCap: number;
	/** Delay before each retry; its length is the number of retries. */
	retryDelaysMs: number[];
	/** A delivery answered slower than this counts as failed. */
	deliveryTimeoutMs: number;
	/** Collect events for this long and send them in one delivery (0 = one delivery per change). */
	batchWindowMs: number;
}

export interface HubSpotIdentity {
	appId: number;
	portalId: number;
	clientSecret: string;
	developerApiKey: string;
	/** Accepted `Authorization: Bearer` tokens (private-app or OAuth access tokens). */
	accessTokens: string[];
	oauthClientId: string;
}

export interface HubSpotDeliverOptions {
	/** Sign with this secret instead of the app's (to forge a delivery). */
	clientSecret?: string;
	/** Send here instead of the registered target URL. */
	targetUrl?: string;
	/** Which signatures to send (default both). */
	signatures?: Array<'v1' | 'v3'>;
	/** Use this `X-HubSpot-Request-Timestamp` (default now). */
	timestampMs?: number;
}

export interface HubSpotControl {
	readonly identity: HubSpotIdentity;
	readonly behaviour: HubSpotBehaviour;
	configure(patch: Partial<HubSpotBehaviour>): void;
	create(objectType: string, properties: Record<string, string | null>, options?: ChangeOptions): HubSpotRecord;
	update(objectType: string, id: string, properties: Record<string, string | null>, options?: ChangeOptions): HubSpotRecord;
	/** Delete (archive) a record. */
	archive(objectType: string, id: string, options?: ChangeOptions): HubSpotRecord;
	get(objectType: string, id: string): HubSpotRecord | undefined;
	list(objectType: string, options?: { archived?: boolean }): HubSpotRecord[];
	settings(): HubSpotSettings | null;
	subscriptions(): HubSpotSubscription[];
	/** Sign and deliver hand-made events to the target URL (missing fields are filled in). */
	deliver(events: Array<Partial<HubSpotEvent>>, options?: HubSpotDeliverOptions): Promise<DeliveryRecord>;
	/** A project app's `hs project upload`: the webhooks component (hsmeta JSON); replaces an earlier one. */
	uploadProject(component: JsonValue | undefined): { targetUrl: string; subscriptions: number };
	/** The uploaded project app, or null. */
	project(): { targetUrl: string; entries: Array<{ subscriptionType: string; objectType?: string; propertyName?: string }> } | null;
	/** Send the first attempt's exact payload of an earlier delivery again (a duplicate). */
	redeliver(deliveryId: string): Promise<DeliveryRecord>;
	deliveries(filter?: Omit<DeliveryFilter, 'provider'>): DeliveryRecord[];
	requests(filter?: Omit<RequestFilter, 'provider'>): RequestLogEntry[];
	failNext(rule: FailureRule): void;
}

// ---------- Pipedrive ----------

export const PIPEDRIVE_ENTITIES = ['deals', 'persons', 'organizations', 'activities', 'products'] as const;
export type PipedriveEntity = (typeof PIPEDRIVE_ENTITIES)[number];

/** A record as API v2 returns it (RFC 3339 dates). */
export interface PipedriveRecord {
	id: number;
	add_time: string;
	update_time: string;
	[field: string]: JsonValue;
}

export interface PipedriveWebhook {
	id: number;
	company_id: number;
	owner_id: number;
	user_id: number;
	event_action: string;
	event_object: string;
	subscription_url: string;
	is_active: number;
	add_time: string;
	remove_time: string | null;
	type: string;
	http_auth_user: string | null;
	http_auth_password: string | null;
	additional_data: JsonObject;
	remove_reason: string | null;
	last_delivery_time: string | null;
	last_http_status: number | null;
	admin_id: number;
	name: string;
	version: string;
}

export interface PipedriveBehaviour {
	/** Delay before each retry; its length is the number of retries (Pipedrive: 3 s, 30 s, 150 s). */
	retryDelaysMs: number[];
	/** A delivery answered slower than this counts as failed (Pipedrive: 10 s). */
	deliveryTimeoutMs: number;
}

export interface PipedriveIdentity {
	companyId: number;
	userId: number;
	companyDomain: string;
	/** Accepted API tokens (`x-api-token` header or `api_token` query). */
	apiTokens: string[];
	/** Accepted `Authorization: Bearer` tokens. */
	oauthAccessTokens: string[];
	oauthClientId: string;
	oauthClientSecret: string;
}

export interface PipedriveDeliverOptions {
	/** Override the Basic auth sent (null = none); default: the webhook's registration. */
	auth?: { user: string; password: string } | null;
	targetUrl?: string;
}

export interface PipedriveControl {
	readonly identity: PipedriveIdentity;
	readonly behaviour: PipedriveBehaviour;
	configure(patch: Partial<PipedriveBehaviour>): void;
	create(entity: PipedriveEntity, fields: JsonObject, options?: ChangeOptions): PipedriveRecord;
	update(entity: PipedriveEntity, id: number, fields: JsonObject, options?: ChangeOptions): PipedriveRecord;
	delete(entity: PipedriveEntity, id: number, options?: ChangeOptions): PipedriveRecord;
	/** Merge `fromId` into `toId`: a delete (merged_to_id) and a change (merged_from_id), as Pipedrive sends them. */
	merge(entity: PipedriveEntity, fromId: number, toId: number, options?: ChangeOptions): PipedriveRecord;
	get(entity: PipedriveEntity, id: number): PipedriveRecord | undefined;
	list(entity: PipedriveEntity, options?: { deleted?: boolean }): PipedriveRecord[];
	webhooks(): PipedriveWebhook[];
	/** Deliver a hand-made body to a registered webhook (its URL and Basic auth unless overridden). */
	deliver(webhookId: number, body: JsonValue, options?: PipedriveDeliverOptions): Promise<DeliveryRecord>;
	redeliver(deliveryId: string): Promise<DeliveryRecord>;
	deliveries(filter?: Omit<DeliveryFilter, 'provider'>): DeliveryRecord[];
	requests(filter?: Omit<RequestFilter, 'provider'>): RequestLogEntry[];
	failNext(rule: FailureRule): void;
}

// ---------- Sandbox ----------

export interface SandboxOptions {
	/** Default 0 (any free port). */
	port?: number;
	/** Default 127.0.0.1. */
	host?: string;
	/** Clock for record timestamps, signatures and search lag (default Date.now). */
	now?: () => number;
	hubspot?: Partial<HubSpotIdentity> & Partial<HubSpotBehaviour>;
	pipedrive?: Partial<PipedriveIdentity> & Partial<PipedriveBehaviour>;
	journal?: Partial<JournalBehaviour>;
	/**
	 * Names the client behind a new API connection, given its loopback port (logged as each request's `client`):
	 * tests with several n8n processes say which one made a call. Called once per connection, while it is open.
	 */
	clientOf?: (remotePort: number) => string | undefined;
}

export interface Sandbox {
	/** Base URL, e.g. http://127.0.0.1:40123 — the API base URL for both providers' credentials. */
	readonly url: string;
	readonly port: number;
	readonly hubspot: HubSpotControl;
	readonly pipedrive: PipedriveControl;
	/** HubSpot's webhooks journal, v4 subscriptions and client-credentials tokens. */
	readonly journal: JournalControl;
	requests(filter?: RequestFilter): RequestLogEntry[];
	deliveries(filter?: DeliveryFilter): DeliveryRecord[];
	failNext(rule: FailureRule): void;
	/** Resolve when no delivery (including its retries and batch windows) is pending. */
	settle(timeoutMs?: number): Promise<void>;
	/** Forget records, registrations, logs, deliveries and failure rules. */
	reset(): void;
	close(): Promise<void>;
}
