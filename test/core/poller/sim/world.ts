/**
 * The simulated CRM: records and their versions over time. A version is dated (`updatedMs`) when the change
 * happens but becomes searchable only later (`visibleAtMs`, the indexing lag). At any moment the index shows,
 * per record, the newest version already searchable; older ones vanish from the index when a newer one lands.
 */
import { Random } from './random';

export interface Version {
	id: string;
	createdMs: number;
	updatedMs: number;
	visibleAtMs: number;
}

export interface WorldOptions {
	/** The poller's start: backlog records are dated between this and `activationMs`. */
	startMs: number;
	activationMs: number;
	/** No change is dated after this. */
	endMs: number;
	backlogRecords: number;
	liveRecords: number;
	/** Bulk updates: many records changed at exactly the same millisecond. */
	bursts: number;
	burstSize: readonly [number, number];
	maxLagMs: number;
	/** Round every date to whole seconds (APIs that only write seconds). */
	secondsPrecision: boolean;
}

export class World {
	/** Sorted by date, then by numeric id. */
	readonly versions: Version[];
	readonly burstDates: Array<{ dateMs: number; size: number }>;
	private readonly byId = new Map<string, Version[]>();

	constructor(versions: Version[], burstDates: Array<{ dateMs: number; size: number }>) {
		this.versions = [...versions].sort(compareVersions);
		this.burstDates = burstDates;
		for (const version of this.versions) {
			const list = this.byId.get(version.id) ?? [];
			list.push(version);
			this.byId.set(version.id, list);
		}
		for (const list of this.byId.values()) list.sort((a, b) => a.updatedMs - b.updatedMs);
	}

	/** Whether the index shows this version at `nowMs`. */
	isShown(version: Version, nowMs: number): boolean {
		if (version.visibleAtMs > nowMs) return false;
		const list = this.byId.get(version.id) ?? [];
		for (let i = list.length - 1; i >= 0 && list[i] !== version; i--) {
			if (list[i].updatedMs > version.updatedMs && list[i].visibleAtMs <= nowMs) return false;
		}
		return true;
	}

	/** When the index shows the version: [from, until), or undefined if a newer one was indexed first. */
	shownInterval(version: Version): { fromMs: number; untilMs: number } | undefined {
		let untilMs = Number.POSITIVE_INFINITY;
		for (const other of this.byId.get(version.id) ?? []) {
			if (other.updatedMs > version.updatedMs) untilMs = Math.min(untilMs, other.visibleAtMs);
		}
		return version.visibleAtMs < untilMs ? { fromMs: version.visibleAtMs, untilMs } : undefined;
	}

	/** Index of the first version dated at or after `fromMs`. */
	firstAtOrAfter(fromMs: number): number {
		let low = 0;
		let high = this.versions.length;
		while (low < high) {
			const mid = (low + high) >> 1;
			if (this.versions[mid].updatedMs < fromMs) low = mid + 1;
			else high = mid;
		}
		return low;
	}

	find(id: string, updatedMs: number): Version | undefined {
		return (this.byId.get(id) ?? []).find((version) => version.updatedMs === updatedMs);
	}
}

export function compareVersions(a: Version, b: Version): number {
	return a.updatedMs - b.updatedMs || Number(a.id) - Number(b.id);
}

/** Records with a few updates each, some in quick succession, plus bulk updates sharing one millisecond. */
export function generateWorld(random: Random, options: WorldOptions): World {
	const round = (ms: number): number => (options.secondsPrecision ? Math.floor(ms / 1000) * 1000 : ms);
	const histories = new Map<string, number[]>();
	let nextId = 1000;
	const create = (fromMs: number, toMs: number): void => {
		const id = String(nextId++);
		const dates = [round(random.int(fromMs, toMs - 1))];
		for (let updates = random.int(0, 3); updates > 0; updates--) {
			const gapMs = random.chance(0.25) ? random.int(500, 5_000) : random.int(30_000, 15 * 60_000);
			const dateMs = round(dates[dates.length - 1] + gapMs);
			if (dateMs > options.endMs) break;
			if (dateMs > dates[dates.length - 1]) dates.push(dateMs);
		}
		histories.set(id, dates);
	};
	for (let i = 0; i < options.backlogRecords; i++) create(options.startMs, options.activationMs);
	for (let i = 0; i < options.liveRecords; i++) create(options.activationMs, options.endMs);

	const ids = [...histories.keys()];
	const burstDates: Array<{ dateMs: number; size: number }> = [];
	for (let b = 0; b < options.bursts; b++) {
		const dateMs = round(random.int(options.startMs + 60_000, options.endMs));
		let size = 0;
		const wanted = random.int(options.burstSize[0], options.burstSize[1]);
		for (let tries = 0; size < wanted && tries < wanted * 4; tries++) {
			const dates = histories.get(random.pick(ids)) ?? [];
			if (dates[0] >= dateMs || dates.includes(dateMs)) continue;
			dates.push(dateMs);
			dates.sort((x, y) => x - y);
			size++;
		}
		burstDates.push({ dateMs, size });
	}

	const versions: Version[] = [];
	for (const [id, dates] of histories) {
		for (const updatedMs of dates) {
			// Half the changes are searchable almost at once, the rest within the lag the poller allows for.
			const lagMs = random.chance(0.5) ? random.int(0, 2_000) : random.int(0, options.maxLagMs);
			versions.push({ id, createdMs: dates[0], updatedMs, visibleAtMs: updatedMs + lagMs });
		}
	}
	return new World(versions, burstDates);
}
