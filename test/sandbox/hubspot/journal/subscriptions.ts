// v4 subscriptions (no target URL: matching events go to the journal). POST creates or updates: the sandbox
// treats subscription type + account + object type as the key, the reading that makes "upsert" meaningful.
import type { JsonValue } from '../../types';
import type { JournalChange, V4SubscriptionRecord } from './types';

const OBJECT_ACTIONS = ['CREATE', 'UPDATE', 'DELETE', 'MERGE', 'RESTORE'];
const ASSOCIATION_ACTIONS = ['ASSOCIATION_ADDED', 'ASSOCIATION_REMOVED'];

type Problem = { status: number; message: string; category: string };

const strings = (value: JsonValue | undefined): string[] | null => (Array.isArray(value) && value.length > 0 ? value.map(String) : null);

export class V4Subscriptions {
	private list: V4SubscriptionRecord[] = [];
	private nextId = 7001;

	constructor(
		private readonly appId: number,
		private readonly now: () => number,
	) {}

	all(): V4SubscriptionRecord[] {
		return this.list.map((s) => ({ ...s }));
	}

	upsert(body: JsonValue | undefined, createdBy: number): V4SubscriptionRecord | Problem {
		if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) return { status: 400, message: 'Invalid input JSON', category: 'VALIDATION_ERROR' };
		const type = body.subscriptionType ?? 'OBJECT';
		if (type !== 'OBJECT' && type !== 'ASSOCIATION') return { status: 400, message: `Unsupported subscriptionType ${String(type)}`, category: 'VALIDATION_ERROR' };
		const portalId = Number(body.portalId);
		const objectTypeId = typeof body.objectTypeId === 'string' ? body.objectTypeId : '';
		const actions = strings(body.actions) ?? [];
		const allowed = type === 'OBJECT' ? OBJECT_ACTIONS : ASSOCIATION_ACTIONS;
		if (!Number.isInteger(portalId) || portalId <= 0 || !/^\d+-\d+$/.test(objectTypeId)) return { status: 400, message: 'portalId and objectTypeId are required', category: 'VALIDATION_ERROR' };
		if (actions.length === 0 || actions.some((a) => !allowed.includes(a))) return { status: 400, message: `actions must be some of ${allowed.join(', ')}`, category: 'VALIDATION_ERROR' };
		const at = new Date(this.now()).toISOString();
		const fields = {
			actions,
			properties: strings(body.properties),
			objectIds: strings(body.objectIds)?.map(Number) ?? null,
			associatedObjectTypeIds: strings(body.associatedObjectTypeIds),
		};
		const existing = this.list.find((s) => s.subscriptionType === type && s.portalId === portalId && s.objectTypeId === objectTypeId);
		if (existing) {
			Object.assign(existing, fields, { updatedAt: at });
			return { ...existing };
		}
		const created: V4SubscriptionRecord = { id: this.nextId++, appId: this.appId, subscriptionType: type, portalId, objectTypeId, ...fields, createdBy, createdAt: at, updatedAt: at, deletedAt: null };
		this.list.push(created);
		return { ...created };
	}

	remove(id: number): boolean {
		const before = this.list.length;
		this.list = this.list.filter((s) => s.id !== id);
		return this.list.length < before;
	}

	/** True when some subscription asks for this change. */
	wants(change: JournalChange, portalId: number): boolean {
		return this.list.some((s) => {
			if (s.portalId !== portalId || s.objectTypeId !== change.objectTypeId || !s.actions.includes(change.action)) return false;
			if (s.objectIds && !s.objectIds.includes(Number(change.objectId))) return false;
			if (change.action === 'UPDATE' && s.properties) return Object.keys(change.propertyChanges ?? {}).some((p) => s.properties!.includes(p));
			if (s.subscriptionType === 'ASSOCIATION' && s.associatedObjectTypeIds && change.associatedObjectTypeId) return s.associatedObjectTypeIds.includes(change.associatedObjectTypeId);
			return true;
		});
	}

	clear(): void {
		this.list = [];
	}
}
