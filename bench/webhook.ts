/**
 * Benchmark 1, the webhook path in process: a 100-event HubSpot delivery (~30 KB) handed to the node through
 * n8n-core's real WebhookContext, as n8n's webhook server does, minus the socket. The node verifies it (v3; v1
 * rides along), decodes and parses it, normalises the events, computes trace keys, drops repeats against a
 * full de-duplication memory (5,000 keys, loaded from and saved to static data on every request) and returns
 * 100 items.
 *
 * Floor: the work nobody can skip, on the same bytes: SHA-256 over secret + body (v1), HMAC-SHA256 over
 * method + URL + body + timestamp (v3) and JSON.parse.
 * Peer: n8n's own HubSpot Trigger (n8n-nodes-base 2.40.2, webhook method, v1 over JSON.stringify of the
 * parsed body), driven the same way.
 * n8n JSON-parses every `application/json` body before a webhook node runs; both nodes take that parse (ours
 * once the body is verified and well-formed UTF-8), so it is excluded from the node figures and reported beside
 * them, where both nodes pay it.
 */
import './env';

import { createHash, createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { INodeType } from 'n8n-workflow';

import { normaliseHubSpotDelivery } from '../core/events/hubspot';
import { HUBSPOT_DEFAULT_DATA_URI, HUBSPOT_DEFAULT_DATA_URI_REQUIRES } from '../core/events/hubspotRecordLink';
import { compileTemplate } from '../core/template';
import { identityOf } from '../core/events/hubspotAppEvent';
import { hashedTraceKey } from '../core/events/traceKey';
import { hashedTraceKeyStorageKey, legacyStorageKey, MAX_STORED_KEY_LENGTH, SeenSet, storageKey, type CompactSeenSetState } from '../core/dedupe';
import { exceedsDepth, isWellFormedUtf8, processEvents } from '../core/listener';
import { verifyHubSpotRequest } from '../core/signature';
import { HubSpotWebhookTrigger } from '../nodes/HubSpotWebhookTrigger/HubSpotWebhookTrigger.node';
import { deliveryBody, EVENTS_PER_DELIVERY, sign, type SignedDelivery } from './deliveries';
import { format, interleave, log, median, ratio, report, spread, timeBatch, type Variant } from './measure';
import { call, drive, type Driven } from './webhookDriver';

const SECRET = 'bench-client-secret-0000-1111-2222-3333';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const WARMUP_BATCHES = 4;

const PEER_VERSION = '2.40.2';
const PEER_PATH = 'n8n-nodes-base/dist/nodes/Hubspot/HubspotTrigger.node.js';

/** n8n's HubSpot Trigger: installed as a development dependency, else from the e2e cache of n8n 2.40.7. */
function loadPeer(): { type: INodeType; from: string } | undefined {
	const candidates = [
		process.env.N8N_NODES_BASE_DIR ? join(process.env.N8N_NODES_BASE_DIR, 'dist/nodes/Hubspot/HubspotTrigger.node.js') : '',
		join(__dirname, '../../../node_modules', PEER_PATH),
		join(homedir(), '.cache/n8n-nodes-crm-listeners/n8n-2.40.7/node_modules', PEER_PATH),
	].filter((path) => path !== '' && existsSync(path));
	for (const path of candidates) {
		try {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const module = require(path) as { HubspotTrigger: new () => INodeType };
			return { type: new module.HubspotTrigger(), from: path };
		} catch (error) {
			log(`could not load ${path}: ${String(error)}`);
		}
	}
	return undefined;
}

let deliverySerial = 0;
/** `count` deliveries never sent before, signed now for `url`. */
function fresh(url: string, count: number): SignedDelivery[] {
	const nowMs = Date.now();
	return Array.from({ length: count }, () => sign(SECRET, url, deliveryBody(deliverySerial++), nowMs));
}

function n8nParse(delivery: SignedDelivery): unknown {
	return JSON.parse(delivery.body.toString('utf8'));
}

async function main(): Promise<void> {
	const oursParameters = { events: [], verification: 'signature', manageSubscriptions: false, options: {} };
	const ours = drive(new HubSpotWebhookTrigger(), 'hubSpotWebhookTrigger', oursParameters, { crmListenersHubSpotApp: { clientSecret: SECRET } });
	const oursParsed = drive(new HubSpotWebhookTrigger(), 'hubSpotWebhookTrigger', oursParameters, { crmListenersHubSpotApp: { clientSecret: SECRET } });
	const oursNoDedupe = drive(new HubSpotWebhookTrigger(), 'hubSpotWebhookTrigger', { ...oursParameters, options: { dedupe: false } }, { crmListenersHubSpotApp: { clientSecret: SECRET } });
	const peerType = loadPeer();
	const peer = peerType ? drive(peerType.type, 'hubspotTrigger', { appId: '1160452' }, { hubspotDeveloperApi: { clientSecret: SECRET } }) : undefined;
	const sample = fresh(ours.url, 1)[0];
	log(`webhook: ${EVENTS_PER_DELIVERY} events, ${(sample.body.length / 1024).toFixed(1)} KB per delivery; peer: ${peerType ? peerType.from : 'unavailable'}`);

	let emitted = 0;
	let peerEmitted = 0;
	const ourBatch = (driven: Driven, parseFirst: boolean) => async () => {
		const deliveries = fresh(driven.url, BATCH);
		// As for the peer: without n8n's parse in the figure, the parsed bodies are made before the clock starts
		// (the node takes n8n's parse of a verified UTF-8 JSON body instead of parsing the bytes again).
		const parsed = parseFirst ? [] : deliveries.map(n8nParse);
		return await timeBatch(BATCH, async () => {
			for (let index = 0; index < deliveries.length; index++) {
				const delivery = deliveries[index];
				const result = await call(driven, delivery, parseFirst ? n8nParse(delivery) : parsed[index]);
				emitted += result.workflowData?.[0].length ?? 0;
			}
		});
	};
	const peerBatch = (parseFirst: boolean) => async () => {
		const driven = peer as Driven;
		const deliveries = fresh(driven.url, BATCH);
		// Without n8n's parse in the figure, the parsed bodies are made before the clock starts (the peer edits them).
		const parsed = parseFirst ? [] : deliveries.map(n8nParse);
		return await timeBatch(BATCH, async () => {
			for (let index = 0; index < deliveries.length; index++) {
				const delivery = deliveries[index];
				const result = await call(driven, delivery, parseFirst ? n8nParse(delivery) : parsed[index]);
				peerEmitted += result.workflowData?.[0].length ?? 0;
			}
		});
	};
	const floorBatch = async () => {
		const deliveries = fresh(ours.url, BATCH);
		let sink = 0;
		const ns = await timeBatch(BATCH, () => {
			for (const delivery of deliveries) {
				const v1 = createHash('sha256').update(SECRET).update(delivery.body).digest('hex');
				const v3 = createHmac('sha256', SECRET)
					.update(`POST${ours.url}`)
					.update(delivery.body)
					.update(delivery.headers['x-hubspot-request-timestamp'])
					.digest('base64');
				const parsed = JSON.parse(delivery.body.toString('utf8')) as unknown[];
				sink += v1.length + v3.length + parsed.length;
			}
		});
		if (sink === 0) throw new Error('floor did no work');
		return ns;
	};
	const parseBatch = async () => {
		const deliveries = fresh(ours.url, BATCH);
		return await timeBatch(BATCH, () => {
			for (const delivery of deliveries) n8nParse(delivery);
		});
	};

	// Where the time goes inside the node, piece by piece, with the core functions it calls.
	const seenState = SeenSet.create({ windowMs: 86_400_000, maxEntries: 5_000 });
	let newKeyCount = 0;
	// Keeps the digests of the key pieces observable, so none of the work can be optimised away.
	let pieceSink = 0;
	const breakdownBatch = (piece: 'verify' | 'parse' | 'reuse' | 'trace-keys' | 'storage-keys' | 'storage-keys-checked' | 'storage-keys-sha' | 'normalise' | 'dedupe-io' | 'dedupe-save' | 'pipeline') => async () => {
		const deliveries = fresh(ours.url, BATCH);
		// As the node does: each body parsed for normalise alone, handed over to it (events normalised in place).
		const parsed = deliveries.map(n8nParse);
		const nowMs = Date.now();
		const normaliseOptions = (delivery: SignedDelivery) => ({
			nowMs,
			rawBodySha256: () => createHash('sha256').update(delivery.body).digest('hex'),
			addObjectTypeId: true,
			bodyHandedOver: true,
		});
		const normalised = deliveries.map((delivery) => {
			const result = normaliseHubSpotDelivery(n8nParse(delivery), normaliseOptions(delivery));
			if (!result.ok) throw new Error('normalise failed');
			return result.events;
		});
		// n8n hands the node static data parsed from the database: fresh strings, none hashed yet.
		const storedJson = JSON.stringify(seenState.toCompactJSON());
		// For the save piece: each delivery's 100 new keys (in storage form), added before the save as the node does.
		const newKeys = piece === 'dedupe-save' ? deliveries.map(() => Array.from({ length: EVENTS_PER_DELIVERY }, () => storageKey(`bench-new-${newKeyCount++}`))) : [];
		return await timeBatch(BATCH, () => {
			for (let index = 0; index < deliveries.length; index++) {
				const delivery = deliveries[index];
				if (piece === 'verify') {
					verifyHubSpotRequest({ method: 'POST', url: ours.url, rawBody: delivery.body, headers: delivery.headers, secrets: [SECRET], nowMs: Date.now(), toleranceMs: 300_000 });
				} else if (piece === 'parse') {
					JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(delivery.body));
				} else if (piece === 'trace-keys') {
					// The default trace key of each event, alone: JSON of its 17 identity fields, SHA-256, 40 hex digits.
					for (const event of parsed[index] as Array<Record<string, unknown>>) pieceSink += hashedTraceKey('hubspot', identityOf(event)).length;
				} else if (piece === 'storage-keys') {
					// What de-duplication adds per event before any lookup, as the pipeline takes it: the storage key of
					// the event's own hashed trace key (its first 20 hex digits); the second column checks the key's form.
					for (const event of normalised[index]) {
						pieceSink += (event.defaultTraceKeyHashed === true ? hashedTraceKeyStorageKey(event.defaultTraceKey) : storageKey(event.defaultTraceKey)).length;
					}
				} else if (piece === 'storage-keys-checked') {
					for (const event of normalised[index]) pieceSink += storageKey(event.defaultTraceKey).length;
				} else if (piece === 'storage-keys-sha') {
					// What every storage key cost before: SHA-256 of the trace key (still the form of any other key).
					for (const event of normalised[index]) pieceSink += legacyStorageKey(event.defaultTraceKey).length;
				} else if (piece === 'reuse') {
					if (!isWellFormedUtf8(delivery.body) || exceedsDepth(parsed[index])) throw new Error('not reusable');
				} else if (piece === 'normalise') {
					normaliseHubSpotDelivery(parsed[index], normaliseOptions(delivery));
				} else if (piece === 'dedupe-save') {
					seenState.addAllStored(newKeys[index], nowMs);
					seenState.toCompactJSON();
				} else if (piece === 'dedupe-io') {
					SeenSet.fromJSON(JSON.parse(storedJson) as unknown, { windowMs: 86_400_000, maxEntries: 5_000 }).toCompactJSON();
				} else {
					processEvents(normalised[index], pipelineOptions, SeenSet.create({ windowMs: 86_400_000, maxEntries: 5_000 }), nowMs);
				}
			}
		});
	};
	// What the node passes with its default options: the record link as data URI, the verdict on every item.
	const pipelineOptions = {
		eventFilter: [],
		batchSize: 1,
		dedupe: true,
		dataUriTemplate: compileTemplate(HUBSPOT_DEFAULT_DATA_URI, { maxLength: 2048 }),
		dataUriRequires: HUBSPOT_DEFAULT_DATA_URI_REQUIRES,
		extraFields: { verification: { verified: true, version: 'v3' } },
	};
	// A full memory of 5,000 keys for the dedupe-io piece.
	for (let index = 0; index < 60; index++) {
		const nowMs = Date.now();
		const result = normaliseHubSpotDelivery(JSON.parse(deliveryBody(900_000 + index).toString()), { nowMs, rawBodySha256: 'x' });
		if (result.ok) processEvents(result.events, { eventFilter: [], batchSize: 1, dedupe: true }, seenState, nowMs);
	}

	const variants: Array<{ name: string; run: () => Promise<number> }> = [
		{ name: 'floor: sha256 + hmac + JSON.parse', run: floorBatch },
		{ name: 'ours: HubSpot Webhook Trigger', run: ourBatch(ours, false) },
		...(peer ? [{ name: "peer: n8n's HubSpot Trigger", run: peerBatch(false) }] : []),
		{ name: "n8n's own JSON parse of the body", run: parseBatch },
		{ name: "ours, n8n's parse included", run: ourBatch(oursParsed, true) },
		...(peer ? [{ name: "peer, n8n's parse included", run: peerBatch(true) }] : []),
		{ name: 'ours, de-duplication off', run: ourBatch(oursNoDedupe, false) },
		{ name: 'piece: verify (core)', run: breakdownBatch('verify') },
		{ name: 'piece: decode + JSON.parse', run: breakdownBatch('parse') },
		{ name: "piece: UTF-8 + depth checks (n8n's parse taken)", run: breakdownBatch('reuse') },
		{ name: 'piece: 100 default trace keys (JSON + SHA-256)', run: breakdownBatch('trace-keys') },
		{ name: "piece: 100 storage keys (the trace key's own digits)", run: breakdownBatch('storage-keys') },
		{ name: 'piece: 100 storage keys, form checked (any key)', run: breakdownBatch('storage-keys-checked') },
		{ name: 'piece: 100 storage keys as SHA-256 (before)', run: breakdownBatch('storage-keys-sha') },
		{ name: 'piece: normalise 100 events', run: breakdownBatch('normalise') },
		{ name: 'piece: parse + load + save 5,000 seen keys', run: breakdownBatch('dedupe-io') },
		{ name: 'piece: add 100 keys + save 5,000 seen keys (compact)', run: breakdownBatch('dedupe-save') },
		{ name: 'piece: filter, keys, dedupe, items', run: breakdownBatch('pipeline') },
	];

	for (let round = 0; round < WARMUP_BATCHES; round++) for (const variant of variants) await variant.run();
	emitted = 0;
	peerEmitted = 0;
	const results = await interleave(ROUNDS, variants.map((variant) => ({ name: variant.name, run: () => variant.run() })));
	if (pieceSink === 0) throw new Error('the key pieces did no work');
	const expectedOurs = ROUNDS * BATCH * EVENTS_PER_DELIVERY * 3;
	if (emitted !== expectedOurs) throw new Error(`our node emitted ${emitted} items, expected ${expectedOurs}`);
	if (peer && peerEmitted !== ROUNDS * BATCH * EVENTS_PER_DELIVERY * 2) throw new Error(`the peer emitted ${peerEmitted} items`);
	// Version 3: the keys as one string of 20-character storage keys.
	const seenKeys = (ours.harness.staticData().seenTraceKeys as CompactSeenSetState).keys.length / MAX_STORED_KEY_LENGTH;

	const by = (name: string): Variant | undefined => results.find((variant) => variant.name === name);
	const med = (name: string) => median(by(name)?.runs ?? [NaN]);
	const floor = med('floor: sha256 + hmac + JSON.parse');
	const oursNs = med('ours: HubSpot Webhook Trigger');
	const peerNs = peer ? med("peer: n8n's HubSpot Trigger") : NaN;
	log(`\n${'variant'.padEnd(42)} ${'median/delivery'.padStart(16)}  ${'× floor'.padStart(8)}  runs (min–max)`);
	for (const variant of results) {
		const value = median(variant.runs);
		log(`${variant.name.padEnd(42)} ${format(value).padStart(16)}  ${ratio(value, floor).padStart(8)}  ${spread(variant.runs)}`);
	}
	log(`\nours / floor ${ratio(oursNs, floor)} (target ≤ 2.5×); de-duplication off ${ratio(med('ours, de-duplication off'), floor)} (target ≤ 1.5×); ours / peer ${peer ? ratio(oursNs, peerNs) : 'n/a'}; ` +
		`with n8n's parse: ours / peer ${peer ? ratio(med("ours, n8n's parse included"), med("peer, n8n's parse included")) : 'n/a'}; ` +
		`${((1e9 / oursNs) * EVENTS_PER_DELIVERY).toFixed(0)} events/s through our node; seen-set in steady state: ${seenKeys} keys`);
	report('webhook', {
		deliveryBytes: sample.body.length,
		events: EVENTS_PER_DELIVERY,
		rounds: ROUNDS,
		batch: BATCH,
		peer: peerType ? { version: PEER_VERSION, from: peerType.from } : null,
		seenKeys,
		medianNs: Object.fromEntries(results.map((variant) => [variant.name, median(variant.runs)])),
		runsNs: Object.fromEntries(results.map((variant) => [variant.name, variant.runs])),
		ratios: {
			oursToFloor: oursNs / floor,
			oursNoDedupeToFloor: med('ours, de-duplication off') / floor,
			peerToFloor: peerNs / floor,
			oursToPeer: oursNs / peerNs,
			oursToPeerWithN8nParse: med("ours, n8n's parse included") / med("peer, n8n's parse included"),
		},
	});
}

main().catch((error: unknown) => {
	log(error instanceof Error ? (error.stack ?? error.message) : String(error));
	process.exit(1);
});
