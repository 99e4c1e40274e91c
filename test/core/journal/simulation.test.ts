/**
 * Randomised runs of the journal reader against an in-process journal (sim/world.ts) on a virtual clock:
 * bursts of entries, polls cut by small budgets and event caps, state stored as JSON between polls (every poll
 * is a restart), 429s, 5xx, dropped connections, presigned URLs expiring, and long pauses past the retention.
 * Fixed seeds: a failure reproduces exactly.
 *
 * The property: every published event is emitted exactly once and in order, except events of entries that
 * expired unread, and those only when the expired offset was reported as a gap.
 */
import {
	JournalGapError,
	loadJournalState,
	readJournal,
	type ExpiredOffsetChoice,
	type JournalSelection,
	type JournalState,
} from '../../../core/journal';
import { Random } from '../../helpers/random';
import { PORTAL, SimJournal, VirtualClock, type FaultRates, type SimEvent } from './sim/world';

const T0 = Date.UTC(2026, 3, 1, 9, 0, 0);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const SELECTION: JournalSelection = { portalId: PORTAL, objectTypeIds: ['0-1'], actions: ['CREATE', 'UPDATE', 'DELETE'], properties: [] };

interface Scenario {
	name: string;
	faults: FaultRates;
	/** Chance per step of a pause longer than the retention. */
	longPause: number;
	steps: number;
}

interface Result {
	published: SimEvent[];
	emitted: number[];
	gaps: number;
	/** Events of entries that expired before they were read. */
	lostToGaps: Set<number>;
	/** Retries and fresh URLs taken: proves the faults happened. */
	retries: number;
}

async function simulate(seed: number, scenario: Scenario): Promise<Result> {
	const random = new Random(seed);
	const clock = new VirtualClock(T0);
	const journal = new SimJournal(clock, random, scenario.faults, 3 * DAY);
	const published: SimEvent[] = [];
	const emitted: number[] = [];
	const seen = new Set<number>();
	const lostToGaps = new Set<number>();
	let stored = JSON.stringify({ v: 1, owned: [] });
	let onExpiredOffset: ExpiredOffsetChoice = 'fail';
	let gaps = 0;
	let retries = 0;
	const pollOnce = async (maxEvents: number, budgetMs: number) => {
		const state: JournalState = loadJournalState(JSON.parse(stored));
		const before = stored;
		const unreadBefore = journal.entries.filter((e) => !journal.retained(e)).flatMap((e) => e.events.map((ev) => ev.id));
		const outcome = await readJournal({ api: journal.api(), clock: { now: clock.now, sleep: clock.sleep, random: () => random.next() }, cursor: state.cursor, start: 'earliest', onExpiredOffset, selection: SELECTION, maxEvents, budgetMs });
		if (outcome.error && outcome.items.length === 0) {
			// A failed poll commits nothing.
			expect(stored).toBe(before);
			if (outcome.error instanceof JournalGapError) {
				gaps += 1;
				for (const id of unreadBefore) if (!seen.has(id)) lostToGaps.add(id);
				onExpiredOffset = 'restartAtEarliest';
			}
			return;
		}
		if (outcome.gap) for (const id of unreadBefore) if (!seen.has(id)) lostToGaps.add(id);
		for (const item of outcome.items) {
			emitted.push(Number(item.objectId));
			seen.add(Number(item.objectId));
		}
		retries += outcome.stats.retries + outcome.stats.urlRefreshes;
		state.cursor = outcome.cursor;
		stored = JSON.stringify(state);
		expect(Buffer.byteLength(stored)).toBeLessThan(16 * 1024);
	};
	for (let step = 0; step < scenario.steps; step++) {
		const burst = random.chance(0.2) ? random.int(5, 40) : random.int(0, 3);
		for (let i = 0; i < burst; i++) published.push(...journal.publish(random.chance(0.1) ? random.int(50, 400) : random.int(1, 5)));
		clock.nowMs += random.chance(scenario.longPause) ? 4 * DAY : random.int(1, 5) * MINUTE;
		await pollOnce(random.pick([10, 100, 1000, 5000]), random.pick([2_000, 10_000, 60_000, 300_000]));
	}
	// Drain: faults off, generous polls, until caught up.
	Object.assign(scenario.faults, { rateLimit: 0, serverError: 0, transport: 0, staleUrl: 0 });
	for (let i = 0; i < 200 && emitted.length + lostToGaps.size < published.length; i++) await pollOnce(5000, 300_000);
	return { published, emitted, gaps, lostToGaps, retries };
}

const scenarios: Scenario[] = [
	{ name: 'bursts and restarts, no faults', faults: { rateLimit: 0, serverError: 0, transport: 0, staleUrl: 0 }, longPause: 0, steps: 60 },
	{ name: 'bursts with 429, 5xx, dropped connections and expiring URLs', faults: { rateLimit: 0.08, serverError: 0.05, transport: 0.02, staleUrl: 0.05 }, longPause: 0, steps: 60 },
	{ name: 'all of it plus pauses past the retention', faults: { rateLimit: 0.05, serverError: 0.03, transport: 0.01, staleUrl: 0.03 }, longPause: 0.04, steps: 60 },
];

describe('journal reader simulation', () => {
	let lostInPauses = 0;
	// The property is not vacuous: long pauses do expire unread entries, and the gap is reported.
	afterAll(() => expect(lostInPauses).toBeGreaterThan(0));

	for (const scenario of scenarios) {
		it.each([1, 2, 3, 4])(`${scenario.name} (seed %i)`, async (seed) => {
			const { published, emitted, gaps, lostToGaps, retries } = await simulate(seed * 7919, { ...scenario, faults: { ...scenario.faults } });
			expect(published.length).toBeGreaterThan(500);
			if (scenario.faults.rateLimit > 0) expect(retries).toBeGreaterThan(0);
			expect(new Set(emitted).size).toBe(emitted.length);
			expect(emitted).toEqual([...emitted].sort((a, b) => a - b));
			const expected = published.map((e) => e.id).filter((id) => !lostToGaps.has(id));
			expect(emitted).toEqual(expected);
			if (lostToGaps.size > 0) expect(gaps).toBeGreaterThan(0);
			if (scenario.longPause > 0) lostInPauses += lostToGaps.size;
			if (scenario.longPause === 0) expect(lostToGaps.size).toBe(0);
		});
	}
});
