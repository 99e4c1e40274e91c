/**
 * Benchmark 1b (on request: `npm run bench -- webhook-ab`), the webhook path of this build against another build
 * of the package in the same process: the change between two commits, measured where the whole-path ratios of
 * benchmark 1 swing too much (±20 % between runs on a shared machine) to show it.
 *
 * `BENCH_AB_OTHER`: the other build's bench output, e.g. for the previous commit
 *   git worktree add /tmp/base HEAD~1 && ln -s "$PWD/node_modules" /tmp/base/node_modules
 *   (cd /tmp/base && npx tsc -p bench/tsconfig.json)
 *   BENCH_AB_OTHER=/tmp/base/.cache/bench-build npm run bench -- webhook-ab
 *
 * Each build's HubSpot Webhook Trigger gets its own harness (n8n-core's WebhookContext, `webhookDriver`) and
 * memory; both take n8n's parse of the same kind of signed 100-event deliveries. Batches of deliveries alternate
 * A B, B A, … and the figure is the median over pairs of this build's time / the other's, with de-duplication on
 * (a full memory after the warm-up) and off.
 */
import './env';

import { join } from 'node:path';
import type { INodeType } from 'n8n-workflow';

import { deliveryBody, EVENTS_PER_DELIVERY, sign } from './deliveries';
import { log, median, report, timeBatch } from './measure';
import { call, drive, type Driven } from './webhookDriver';

const SECRET = 'bench-client-secret-0000-1111-2222-3333';
const ROUNDS = Number(process.env.BENCH_AB_ROUNDS ?? 40);
const WARMUP_ROUNDS = 6;
const BATCH = Number(process.env.BENCH_AB_BATCH ?? 50);
const NODE_PATH = 'nodes/HubSpotWebhookTrigger/HubSpotWebhookTrigger.node';

function driveBuild(buildDir: string, dedupe: boolean): Driven {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(join(buildDir, NODE_PATH)) as { HubSpotWebhookTrigger: new () => INodeType };
	const parameters = { events: [], verification: 'signature', manageSubscriptions: false, options: dedupe ? {} : { dedupe: false } };
	return drive(new module.HubSpotWebhookTrigger(), 'hubSpotWebhookTrigger', parameters, { crmListenersHubSpotApp: { clientSecret: SECRET } });
}

let serial = 0;
/** Microseconds per delivery of one batch of fresh deliveries (n8n's parse made before the clock). */
async function batch(driven: Driven): Promise<number> {
	const nowMs = Date.now();
	const deliveries = Array.from({ length: BATCH }, () => sign(SECRET, driven.url, deliveryBody(serial++), nowMs));
	const parsed = deliveries.map((delivery) => JSON.parse(delivery.body.toString('utf8')) as unknown);
	let items = 0;
	const ns = await timeBatch(BATCH, async () => {
		for (let index = 0; index < BATCH; index++) items += (await call(driven, deliveries[index], parsed[index])).workflowData?.[0].length ?? 0;
	});
	if (items !== BATCH * EVENTS_PER_DELIVERY) throw new Error(`a build emitted ${items} items for ${BATCH} fresh deliveries`);
	return ns / 1000;
}

async function compare(other: string, dedupe: boolean) {
	const mine = driveBuild(join(__dirname, '..'), dedupe);
	const theirs = driveBuild(other, dedupe);
	const ratios: number[] = [];
	const mineUs: number[] = [];
	const theirsUs: number[] = [];
	for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
		// A B in even rounds, B A in odd ones: neither build always runs right after the other.
		const first = round % 2 === 0 ? await batch(mine) : undefined;
		const b = await batch(theirs);
		const a = first ?? (await batch(mine));
		if (round < WARMUP_ROUNDS) continue;
		ratios.push(a / b);
		mineUs.push(a);
		theirsUs.push(b);
	}
	const sorted = [...ratios].sort((x, y) => x - y);
	const result = { dedupe, pairs: ratios.length, ratio: median(ratios), ratioMin: sorted[0], ratioMax: sorted[sorted.length - 1], thisUs: median(mineUs), otherUs: median(theirsUs) };
	log(
		`de-duplication ${dedupe ? 'on ' : 'off'}: this build ${result.thisUs.toFixed(0)} µs, the other ${result.otherUs.toFixed(0)} µs per delivery; ` +
			`this / other ${result.ratio.toFixed(3)} (median of ${result.pairs} pairs, ${result.ratioMin.toFixed(2)}–${result.ratioMax.toFixed(2)})`,
	);
	return result;
}

async function main(): Promise<void> {
	const other = process.env.BENCH_AB_OTHER;
	if (!other) {
		log('webhook-ab: set BENCH_AB_OTHER to another build of the bench (see bench/webhook-ab.ts); nothing measured');
		report('webhook-ab', { skipped: 'BENCH_AB_OTHER not set' });
		return;
	}
	log(`webhook-ab: this build against ${other}, ${ROUNDS} pairs of ${BATCH}-delivery batches each way`);
	report('webhook-ab', { other, on: await compare(other, true), off: await compare(other, false) });
}

main().catch((error: unknown) => {
	log(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exit(1);
});
