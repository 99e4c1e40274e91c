// Pipedrive records as API v2 shows them (RFC 3339 times), remembering deletions.
import { SandboxError } from '../errors';
import { isoSeconds } from '../iso';
import type { JsonObject, PipedriveEntity, PipedriveRecord } from '../types';

interface Entry {
	record: PipedriveRecord;
	deleted: boolean;
}

export const CHANGE_ACTIONS = ['create', 'change', 'delete'] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

export interface PipedriveChange {
	entity: PipedriveEntity;
	action: ChangeAction;
	/** After the change; null for a delete. */
	current: PipedriveRecord | null;
	/** Before the change; null for a create. */
	previous: PipedriveRecord | null;
	/** Fields whose value changed. */
	changed: string[];
	mergedToId?: number;
	mergedFromId?: number;
}

const DEFAULTS: Record<PipedriveEntity, JsonObject> = {
	deals: { title: 'Sandbox deal', status: 'open', value: 0, currency: 'EUR', owner_id: 1, pipeline_id: 1, stage_id: 1, is_deleted: false },
	persons: { name: 'Sandbox person', owner_id: 1, is_deleted: false },
	organizations: { name: 'Sandbox organization', owner_id: 1, is_deleted: false },
	activities: { subject: 'Sandbox activity', type: 'call', done: false, owner_id: 1, is_deleted: false },
	products: { name: 'Sandbox product', code: null, owner_id: 1, is_deleted: false },
};

export class PipedriveRecords {
	private readonly byEntity = new Map<PipedriveEntity, Map<number, Entry>>();
	private readonly nextId = new Map<PipedriveEntity, number>();

	create(entity: PipedriveEntity, fields: JsonObject, atMs: number): PipedriveChange {
		const id = this.nextId.get(entity) ?? 1;
		this.nextId.set(entity, id + 1);
		const at = isoSeconds(atMs);
		const record: PipedriveRecord = { ...DEFAULTS[entity], ...fields, id, add_time: at, update_time: at };
		this.table(entity).set(id, { record, deleted: false });
		return { entity, action: 'create', current: { ...record }, previous: null, changed: Object.keys(fields) };
	}

	update(entity: PipedriveEntity, id: number, fields: JsonObject, atMs: number): PipedriveChange {
		const entry = this.live(entity, id);
		const previous = entry.record;
		const changed = Object.keys(fields).filter((name) => JSON.stringify(previous[name]) !== JSON.stringify(fields[name]));
		entry.record = { ...previous, ...fields, id, add_time: previous.add_time, update_time: isoSeconds(atMs) };
		return { entity, action: 'change', current: { ...entry.record }, previous: { ...previous }, changed: [...changed, 'update_time'] };
	}

	delete(entity: PipedriveEntity, id: number, atMs: number): PipedriveChange {
		const entry = this.live(entity, id);
		const previous = entry.record;
		entry.record = { ...previous, is_deleted: true, update_time: isoSeconds(atMs) };
		entry.deleted = true;
		return { entity, action: 'delete', current: null, previous: { ...previous }, changed: [] };
	}

	get(entity: PipedriveEntity, id: number): PipedriveRecord | undefined {
		const entry = this.byEntity.get(entity)?.get(id);
		return entry ? { ...entry.record } : undefined;
	}

	list(entity: PipedriveEntity, deleted: boolean): PipedriveRecord[] {
		return [...(this.byEntity.get(entity)?.values() ?? [])].filter((entry) => entry.deleted === deleted).map((entry) => ({ ...entry.record }));
	}

	clear(): void {
		this.byEntity.clear();
		this.nextId.clear();
	}

	private live(entity: PipedriveEntity, id: number): Entry {
		const entry = this.byEntity.get(entity)?.get(id);
		if (!entry || entry.deleted) throw new SandboxError('NOT_FOUND', `no live ${entity} record ${id}`);
		return entry;
	}

	private table(entity: PipedriveEntity): Map<number, Entry> {
		let table = this.byEntity.get(entity);
		if (!table) {
			table = new Map();
			this.byEntity.set(entity, table);
		}
		return table;
	}
}
