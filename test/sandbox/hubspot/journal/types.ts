// The journal part of the HubSpot sandbox: what tests, the e2e suite and the demo drive.
import type { JsonObject } from '../../types';

export const JOURNAL_FILE_FORMATS = ['envelope', 'array', 'single', 'ndjson'] as const;
/** How entry files are written: HubSpot does not document it, so the sandbox can write every shape the reader accepts. */
export type JournalFileFormat = (typeof JOURNAL_FILE_FORMATS)[number];

export interface JournalBehaviour {
	/** How long entries are kept (HubSpot: three days). */
	retentionMs: number;
	/** How long a presigned file URL works. */
	presignTtlMs: number;
	/** Lifetime of client-credentials tokens, in seconds. */
	tokenTtlSeconds: number;
	/** Journal and subscription calls per token per second; 0 = unlimited. */
	rateLimitPerSecond: number;
	fileFormat: JournalFileFormat;
}

export const JOURNAL_DEFAULT_BEHAVIOUR: Readonly<JournalBehaviour> = Object.freeze({
	retentionMs: 3 * 24 * 3_600_000,
	presignTtlMs: 5 * 60_000,
	tokenTtlSeconds: 1800,
	rateLimitPerSecond: 0,
	fileFormat: 'envelope',
});

export interface V4SubscriptionRecord {
	id: number;
	appId: number;
	subscriptionType: 'OBJECT' | 'ASSOCIATION';
	portalId: number;
	objectTypeId: string;
	actions: string[];
	properties: string[] | null;
	objectIds: number[] | null;
	associatedObjectTypeIds: string[] | null;
	createdBy: number;
	createdAt: string;
	updatedAt: string;
	deletedAt: string | null;
}

export interface JournalEntryInfo {
	offset: string;
	portalId: number;
	atMs: number;
	events: JsonObject[];
	/** False once older than the retention. */
	retained: boolean;
}

/** A CRM change, turned into a journal event when a subscription asks for it. */
export interface JournalChange {
	objectTypeId: string;
	objectId: number | string;
	action: string;
	portalId?: number;
	propertyChanges?: Record<string, { newValue: string | null; previousValue?: string | null }>;
	associatedObjectTypeId?: string;
	associatedObjectId?: number | string;
	occurredAtMs?: number;
}

export interface JournalFileStats {
	downloads: number;
	/** Downloads that carried an Authorization header (must stay 0). */
	withAuthorization: number;
	refusedExpired: number;
}

export interface JournalControl {
	/** https base URL of the presigned-file server. */
	readonly filesUrl: string;
	/** PEM of the file server's run-time certificate: what a client must trust. */
	readonly certificate: string;
	readonly behaviour: JournalBehaviour;
	configure(patch: Partial<JournalBehaviour>): void;
	/** Write one entry with these events as they are (no subscription check). */
	publish(events: JsonObject[], options?: { portalId?: number; atMs?: number }): JournalEntryInfo;
	/** Write one entry with the events the subscriptions ask for; undefined when none does. */
	record(changes: JournalChange[], options?: { atMs?: number }): JournalEntryInfo | undefined;
	entries(options?: { portalId?: number; includeExpired?: boolean }): JournalEntryInfo[];
	subscriptions(): V4SubscriptionRecord[];
	/** A subscription someone else made (another app user, a script): the trigger must leave it alone. */
	addForeignSubscription(subscription: Omit<V4SubscriptionRecord, 'id' | 'appId' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'createdBy'>): V4SubscriptionRecord;
	/** Delete every v4 subscription (someone cleaning up in HubSpot). */
	clearSubscriptions(): void;
	/** Make every token issued so far expire now. */
	expireTokens(): void;
	tokensIssued(): number;
	fileStats(): JournalFileStats;
	/** The next `count` file downloads answer `status`. */
	failFiles(status: number, count: number): void;
	clear(): void;
}
