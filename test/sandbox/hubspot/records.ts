// HubSpot CRM records, with the history CRM search needs to lag behind the truth.
import { SandboxError } from '../errors';
import { isoMs } from '../iso';
import type { HubSpotRecord } from '../types';
import { modifiedProperty } from './object-types';

interface Version {
	/** Real time of the change: search sees it once `changedAtMs + lag <= now`. */
	changedAtMs: number;
	/** null once archived. */
	record: HubSpotRecord | null;
}

interface Entry {
	current: HubSpotRecord;
	versions: Version[];
}

export interface RecordChange {
	objectType: string;
	record: HubSpotRecord;
	kind: 'creation' | 'propertyChange' | 'deletion';
	/** Property names whose value changed (update) or were set (creation). */
	changed: string[];
}

export class HubSpotRecords {
	private readonly byType = new Map<string, Map<string, Entry>>();
	private nextId = 1001;

	create(objectType: string, properties: Record<string, string | null>, atMs: number, nowMs: number): RecordChange {
		const id = String(this.nextId++);
		const at = isoMs(atMs);
		const record: HubSpotRecord = {
			id,
			properties: { ...properties, createdate: at, [modifiedProperty(objectType)]: at, hs_object_id: id },
			createdAt: at,
			updatedAt: at,
			archived: false,
		};
		const entry: Entry = { current: record, versions: [] };
		this.table(objectType).set(id, entry);
		this.snapshot(entry, nowMs);
		return { objectType, record: clone(record), kind: 'creation', changed: Object.keys(properties) };
	}

	update(objectType: string, id: string, properties: Record<string, string | null>, atMs: number, nowMs: number): RecordChange {
		const entry = this.live(objectType, id);
		const changed = Object.keys(properties).filter((name) => entry.current.properties[name] !== properties[name]);
		const at = isoMs(atMs);
		entry.current = {
			...entry.current,
			properties: { ...entry.current.properties, ...properties, [modifiedProperty(objectType)]: at, hs_object_id: id },
			updatedAt: at,
		};
		this.snapshot(entry, nowMs);
		return { objectType, record: clone(entry.current), kind: 'propertyChange', changed };
	}

	archive(objectType: string, id: string, atMs: number, nowMs: number): RecordChange {
		const entry = this.live(objectType, id);
		const at = isoMs(atMs);
		entry.current = { ...entry.current, archived: true, archivedAt: at, updatedAt: at };
		entry.versions.push({ changedAtMs: nowMs, record: null });
		return { objectType, record: clone(entry.current), kind: 'deletion', changed: [] };
	}

	get(objectType: string, id: string): HubSpotRecord | undefined {
		const entry = this.byType.get(objectType)?.get(id);
		return entry ? clone(entry.current) : undefined;
	}

	list(objectType: string, archived: boolean): HubSpotRecord[] {
		return [...(this.byType.get(objectType)?.values() ?? [])]
			.filter((entry) => entry.current.archived === archived)
			.map((entry) => clone(entry.current));
	}

	/** What CRM search sees: the newest version of each record that is older than the indexing lag. */
	searchable(objectType: string, nowMs: number, lagMs: number): HubSpotRecord[] {
		const result: HubSpotRecord[] = [];
		for (const entry of this.byType.get(objectType)?.values() ?? []) {
			let visible: Version | undefined;
			for (const version of entry.versions) {
				if (version.changedAtMs + lagMs <= nowMs) visible = version;
			}
			if (visible?.record) result.push(clone(visible.record));
		}
		return result;
	}

	clear(): void {
		this.byType.clear();
	}

	private live(objectType: string, id: string): Entry {
		const entry = this.byType.get(objectType)?.get(id);
		if (!entry || entry.current.archived) throw new SandboxError('NOT_FOUND', `no live ${objectType} record ${id}`);
		return entry;
	}

	private table(objectType: string): Map<string, Entry> {
		let table = this.byType.get(objectType);
		if (!table) {
			table = new Map();
			this.byType.set(objectType, table);
		}
		return table;
	}

	private snapshot(entry: Entry, nowMs: number): void {
		entry.versions.push({ changedAtMs: nowMs, record: clone(entry.current) });
		// Keep history bounded: only versions that may still be "the one search sees" matter.
		if (entry.versions.length > 50) entry.versions.splice(0, entry.versions.length - 50);
	}
}

function clone(record: HubSpotRecord): HubSpotRecord {
	return { ...record, properties: { ...record.properties } };
}
