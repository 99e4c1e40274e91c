/**
 * Drives the engine against a fake provider on a simulated clock: a poll every `intervalMs`, the state
 * stored as JSON between polls (as n8n's static data is), then polls on after the last change until the
 * poller has been quiet twice. Returns what was emitted and what a correct poller must have emitted.
 */
import { emptyState, loadState, serializedBytes } from '../../../../core/poller/cursor';
import type { PollerState } from '../../../../core/poller/cursor';
import type { PollStats } from '../../../../core/poller/engine';
import { runPoll } from '../../../../core/poller/engine';
import { PollerHttpError } from '../../../../core/poller/runErrors';
import type { PollEvent, ResourceConfig } from '../../../../core/poller/types';
import type { Fake } from './fakes';
import { Random } from './random';
import type { Version, World } from './world';

export interface SimulationOptions {
	world: World;
	resource: ResourceConfig;
	makeFake: (clock: () => number, random: Random) => Fake;
	seed: number;
	startMs: number;
	activationMs: number;
	endMs: number;
	intervalMs: number;
	budgetMs: number;
	latencyMs: readonly [number, number];
}

export interface PollLog {
	startMs: number;
	endMs: number;
	complete: boolean;
	threw: boolean;
	events: number;
	stats?: PollStats;
}

export interface SimulationResult {
	events: PollEvent[];
	polls: PollLog[];
	fake: Fake;
	maxStateBytes: number;
	totals: PollStats;
}

export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
	const random = new Random(options.seed);
	let nowMs = options.activationMs;
	const clock = (): number => nowMs;
	const fake = options.makeFake(clock, random);
	const events: PollEvent[] = [];
	const polls: PollLog[] = [];
	const totals: PollStats = {
		requests: 0,
		retries: 0,
		pages: 0,
		skipped: 0,
		restarts: 0,
		reanchors: 0,
		rereads: 0,
		skippedDates: 0,
		evictedKeys: 0,
	};
	let stored: string = JSON.stringify(emptyState());
	let maxStateBytes = 0;
	let quietCompletePolls = 0;
	const settleAfterMs = options.endMs + options.resource.pollDelayMs;

	for (let tick = options.activationMs; tick <= options.endMs || quietCompletePolls < 2; tick += options.intervalMs) {
		nowMs = Math.max(nowMs, tick);
		const startMs = nowMs;
		const state: PollerState = loadState(JSON.parse(stored) as unknown);
		try {
			const outcome = await runPoll({
				config: { resources: [options.resource], warnings: [] },
				state,
				nowMs: startMs,
				budgetMs: options.budgetMs,
				mode: 'poll',
				startMs: options.startMs,
				baseUrl: 'https://api.example.test',
				fetch: async (request) => {
					nowMs += random.int(options.latencyMs[0], options.latencyMs[1]);
					return fake.handle(request);
				},
				sleep: async (ms) => {
					nowMs += ms;
				},
				clock,
				random: () => random.next(),
			});
			events.push(...outcome.events);
			stored = JSON.stringify(outcome.state);
			maxStateBytes = Math.max(maxStateBytes, serializedBytes(outcome.state));
			for (const key of Object.keys(totals) as Array<keyof PollStats>) totals[key] += outcome.stats[key];
			polls.push({ startMs, endMs: nowMs, complete: outcome.complete, threw: false, events: outcome.events.length, stats: outcome.stats });
			if (startMs > settleAfterMs && outcome.complete && outcome.events.length === 0) quietCompletePolls++;
			else quietCompletePolls = 0;
		} catch (error) {
			if (!(error instanceof PollerHttpError)) throw error;
			polls.push({ startMs, endMs: nowMs, complete: false, threw: true, events: 0 });
		}
		if (polls.length > 2_000) throw new Error('simulation does not settle');
	}
	return { events, polls, fake, maxStateBytes, totals };
}

/**
 * Versions a correct poller must emit: those the index showed, unchanged, throughout at least one poll that
 * read everything (complete). A version replaced before any such poll could see it may be missed.
 */
export function requiredVersions(world: World, polls: readonly PollLog[], exclude: (version: Version) => boolean): Version[] {
	const complete = polls.filter((poll) => poll.complete);
	return world.versions.filter((version) => {
		if (exclude(version)) return false;
		const shown = world.shownInterval(version);
		if (shown === undefined) return false;
		return complete.some((poll) => poll.startMs >= shown.fromMs && poll.endMs < shown.untilMs);
	});
}

export const versionKey = (id: string, dateMs: number): string => `${id}@${dateMs}`;
