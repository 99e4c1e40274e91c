/**
 * A Cloud Elements poller configuration after parsing and validation (config/ does both).
 * Everything here is resolved: defaults applied, aliases folded, patterns translated, zones checked.
 */

export const POLL_EVENT_TYPES = ['CREATED', 'UPDATED', 'DELETED'] as const;
export type PollEventType = (typeof POLL_EVENT_TYPES)[number];

/** How a date field is written by the API. */
export type DateFormat =
	| { kind: 'milliseconds' }
	| { kind: 'seconds' }
	| { kind: 'iso8601' }
	/** A Java SimpleDateFormat pattern as the user wrote it, and its Luxon translation. */
	| { kind: 'pattern'; java: string; luxon: string };

export interface DateField {
	/** Dotted path inside a record, e.g. `properties.lastmodifieddate`. */
	path: string;
	format: DateFormat;
	/** A zone Luxon accepts (`UTC`, `America/New_York`, `UTC-5`); validated at parse time. */
	zone: string;
}

export type Pagination =
	| { type: 'none' }
	| { type: 'cursor'; nextPath: string; param: string; in: 'query' | 'body' }
	| { type: 'offset'; param: string; nextPath: string; morePath?: string }
	| { type: 'nextUrl'; nextPath: string };

export interface ResourceConfig {
	/** The key of the resource in the configuration map, used as the event's objectType. */
	name: string;
	url: string;
	method: 'GET' | 'POST';
	/** JSON body with placeholders still unexpanded in its strings. */
	body?: unknown;
	idField: string;
	filterByUpdatedDate: boolean;
	filterByCurrentDate: boolean;
	pollDelayMs: number;
	pageSize: number;
	createdCheckToleranceMs: number;
	updated: DateField;
	created: DateField;
	/** Dotted path of the record array; undefined = auto-detect (array body, then results/data/items/contacts). */
	recordsPath?: string;
	pagination: Pagination;
	/**
	 * `unordered`: the source neither sorts nor filters by date (HubSpot's archived list): every page is read
	 * and records at or after the cursor are emitted.
	 */
	sortOrder: 'ascending' | 'descending' | 'unordered';
	/** The event's objectType: the configuration's `objectType`, else the resource name made singular. */
	objectType?: string;
	/**
	 * Most results one query can page through (HubSpot CRM search: 10,000). An ascending resource that
	 * reaches it restarts the query from the last date it saw instead of asking for a page the provider
	 * refuses. Undefined = no known cap (a 400 while paging still triggers the restart).
	 */
	maxResultsPerQuery?: number;
	/** Forces the event type of every record (e.g. DELETED for an archived-records endpoint). */
	eventType?: PollEventType;
	deleted?: { field: string; value: unknown };
}

export interface ConfigWarning {
	/** JSON path of the key, e.g. `contacts.postHooks`. */
	path: string;
	message: string;
}

export interface PollerConfig {
	/** Only the resources selected by `event.objects` (all when it is absent). */
	resources: ResourceConfig[];
	refreshIntervalMinutes?: number;
	warnings: ConfigWarning[];
}

export const CONFIG_ERROR_CODES = [
	'INVALID_JSON',
	'INVALID_SHAPE',
	'MISSING_FIELD',
	'INVALID_VALUE',
	'INVALID_PATTERN',
	'UNKNOWN_PLACEHOLDER',
	'UNKNOWN_ZONE',
	'UNKNOWN_OBJECT',
	'HUB_URL',
	'FOREIGN_HOST',
] as const;
export type ConfigErrorCode = (typeof CONFIG_ERROR_CODES)[number];

/** A configuration mistake: the message always starts with the JSON path, e.g. `contacts.idField: ...`. */
export class PollerConfigError extends Error {
	constructor(
		readonly code: ConfigErrorCode,
		readonly path: string,
		readonly problem: string,
	) {
		super(`${path}: ${problem}`);
		this.name = 'PollerConfigError';
	}
}

/** One emitted poller event: the same header as the webhook triggers, in the same order, then the record. */
export interface PollEvent {
	eventType: PollEventType;
	objectType: string;
	objectId: string;
	/** ISO 8601 UTC of the record's updated (or created) date. */
	occurredAt: string;
	/** The same for every read of this record version: `poller:<objectType>:<objectId>:<date in epoch ms>`. */
	traceKey: string;
	record: Record<string, unknown>;
}
