/**
 * For the poller's memory diagnosis (`bench/pollerHeap.ts`): the contacts a benchmark-4 run recorded, served by a
 * loopback HubSpot CRM search that answers in microseconds (GTE on lastmodifieddate, ascending, ties by id,
 * `after` paging, the 10,000-result cap), so any Max Events per Poll can be replayed at full speed.
 * `node pollerReplayServer.js <pages.json>` prints its URL, stops when stdin closes.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Contact {
	id: string;
	properties: { lastmodifieddate: string };
}
interface SearchBody {
	filterGroups: Array<{ filters: Array<{ value: string }> }>;
	after?: string;
	limit: number;
}

const RESULT_CAP = 10_000;
/** Answer after this many milliseconds (`BENCH_POLLER_REPLAY_DELAY_MS`), to replay at a real API's pace. */
const DELAY_MS = Number(process.env.BENCH_POLLER_REPLAY_DELAY_MS ?? 0);
const byId = new Map<string, { contact: Contact; dateMs: number }>();
for (const page of JSON.parse(readFileSync(process.argv[2], 'utf8')) as string[]) {
	for (const contact of (JSON.parse(page) as { results: Contact[] }).results) {
		byId.set(contact.id, { contact, dateMs: Date.parse(contact.properties.lastmodifieddate) });
	}
}
const sorted = [...byId.values()].sort((a, b) => a.dateMs - b.dateMs || Number(a.contact.id) - Number(b.contact.id));
const texts = sorted.map((entry) => JSON.stringify(entry.contact));

function firstAtOrAfter(dateMs: number): number {
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const middle = (low + high) >> 1;
		if (sorted[middle].dateMs < dateMs) low = middle + 1;
		else high = middle;
	}
	return low;
}

function answer(body: SearchBody): { status: number; text: string } {
	const offset = body.after === undefined ? 0 : Number(body.after);
	if (offset >= RESULT_CAP) return { status: 400, text: JSON.stringify({ message: `Search results are limited to ${RESULT_CAP} per query` }) };
	const from = firstAtOrAfter(Number(body.filterGroups[0].filters[0].value));
	const start = from + offset;
	const end = Math.min(sorted.length, start + body.limit);
	const total = sorted.length - from;
	const paging = offset + body.limit < total ? `,"paging":{"next":{"after":"${offset + body.limit}"}}` : '';
	return { status: 200, text: `{"total":${total},"results":[${texts.slice(start, end).join(',')}]${paging}}` };
}

const server = createServer((request, response) => {
	const chunks: Buffer[] = [];
	request.on('data', (chunk: Buffer) => chunks.push(chunk));
	request.on('end', () => {
		const { status, text } = answer(JSON.parse(Buffer.concat(chunks).toString('utf8')) as SearchBody);
		setTimeout(() => response.writeHead(status, { 'content-type': 'application/json' }).end(text), DELAY_MS);
	});
});
server.listen(0, '127.0.0.1', () => {
	process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, records: sorted.length })}\n`);
});
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
