// Wires the journal into the sandbox: store, subscriptions, tokens, routes and the https file host.
import type { Router } from '../../http/router';
import { SecondlyLimit } from '../../rate-limit';
import type { HubSpotControl, HubSpotIdentity, JsonObject } from '../../types';
import { objectTypeIdOf } from '../object-types';
import { startFileHost } from './files';
import { registerJournalRoutes } from './routes';
import { JournalStore } from './store';
import { V4Subscriptions } from './subscriptions';
import { ClientCredentialTokens } from './tokens';
import { JOURNAL_DEFAULT_BEHAVIOUR, type JournalBehaviour, type JournalChange, type JournalControl } from './types';

export * from './types';

export interface StartedJournal {
	control: JournalControl;
	tokens: ClientCredentialTokens;
	close(): Promise<void>;
}

export async function startJournal(router: Router, identity: HubSpotIdentity, now: () => number, host: string, options: Partial<JournalBehaviour> = {}): Promise<StartedJournal> {
	const initial: JournalBehaviour = { ...JOURNAL_DEFAULT_BEHAVIOUR, ...options };
	const behaviour: JournalBehaviour = { ...initial };
	const store = new JournalStore(behaviour, now);
	const subscriptions = new V4Subscriptions(identity.appId, now);
	const tokens = new ClientCredentialTokens(identity, behaviour, now);
	const limit = new SecondlyLimit();
	const files = await startFileHost(store, behaviour, host);
	registerJournalRoutes(router, { store, subscriptions, tokens, behaviour, limit, now, filesUrl: () => files.url, appId: identity.appId });

	const eventOf = (change: JournalChange, portalId: number, atMs: number): JsonObject => {
		const event: JsonObject = {
			portalId,
			action: change.action,
			objectTypeId: change.objectTypeId,
			objectId: Number(change.objectId),
			occurredAt: new Date(change.occurredAtMs ?? atMs).toISOString(),
		};
		if (change.propertyChanges) event.propertyChanges = change.propertyChanges as unknown as JsonObject;
		if (change.associatedObjectId !== undefined) {
			event.associatedObjectId = Number(change.associatedObjectId);
			event.associatedObjectTypeId = change.associatedObjectTypeId ?? '';
		}
		return event;
	};

	const control: JournalControl = {
		filesUrl: files.url,
		certificate: files.certificate,
		behaviour,
		configure: (patch) => Object.assign(behaviour, patch),
		publish: (events, opts = {}) => store.append(opts.portalId ?? identity.portalId, events, opts.atMs ?? now()),
		record: (changes, opts = {}) => {
			const atMs = opts.atMs ?? now();
			const byPortal = new Map<number, JsonObject[]>();
			for (const change of changes) {
				const portalId = change.portalId ?? identity.portalId;
				if (!subscriptions.wants(change, portalId)) continue;
				byPortal.set(portalId, [...(byPortal.get(portalId) ?? []), eventOf(change, portalId, atMs)]);
			}
			let last;
			for (const [portalId, events] of byPortal) last = store.append(portalId, events, atMs);
			return last;
		},
		entries: (opts = {}) => store.list(opts.portalId, opts.includeExpired === true),
		subscriptions: () => subscriptions.all(),
		addForeignSubscription: (subscription) => {
			const created = subscriptions.upsert(subscription as unknown as JsonObject, 999);
			if ('category' in created) throw new Error(created.message);
			return created;
		},
		clearSubscriptions: () => subscriptions.clear(),
		expireTokens: () => tokens.expireAll(),
		tokensIssued: () => tokens.issued,
		fileStats: () => ({ ...files.stats }),
		failFiles: (status, count) => files.failNext(status, count),
		clear: () => {
			store.clear();
			subscriptions.clear();
			tokens.clear();
			limit.clear();
			Object.assign(behaviour, initial);
			Object.assign(files.stats, { downloads: 0, withAuthorization: 0, refusedExpired: 0 });
		},
	};
	return { control, tokens, close: () => files.close() };
}

/** CRM changes made through the sandbox's controls also land in the journal when a subscription asks for them. */
export function withJournal(hubspot: HubSpotControl, journal: JournalControl): HubSpotControl {
	const typeId = (objectType: string) => objectTypeIdOf(objectType) ?? objectType;
	const changesOf = (properties: Record<string, string | null>) =>
		Object.fromEntries(Object.entries(properties).map(([name, value]) => [name, { newValue: value }]));
	return {
		...hubspot,
		create: (objectType, properties, options) => {
			const record = hubspot.create(objectType, properties, options);
			if (options?.emit !== false) journal.record([{ objectTypeId: typeId(objectType), objectId: record.id, action: 'CREATE', propertyChanges: changesOf(properties) }], { atMs: options?.atMs });
			return record;
		},
		update: (objectType, id, properties, options) => {
			const record = hubspot.update(objectType, id, properties, options);
			if (options?.emit !== false) journal.record([{ objectTypeId: typeId(objectType), objectId: id, action: 'UPDATE', propertyChanges: changesOf(properties) }], { atMs: options?.atMs });
			return record;
		},
		archive: (objectType, id, options) => {
			const record = hubspot.archive(objectType, id, options);
			if (options?.emit !== false) journal.record([{ objectTypeId: typeId(objectType), objectId: id, action: 'DELETE' }], { atMs: options?.atMs });
			return record;
		},
	};
}
