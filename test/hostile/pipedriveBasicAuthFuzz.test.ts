/**
 * Seeded fuzzing of the HTTP Basic pair that is a Pipedrive webhook's only protection: mutations of the
 * Authorization header (token bytes, padding, alphabet, scheme, separators, the pair inside, its encoding,
 * repeated and missing headers). None may pass unless the header still carries exactly the expected pair
 * (helpers/basicAuthFuzz.ts); spellings RFC 7617 allows must pass. Most go straight to `verifyBasicAuth`, a
 * subset end to end through the node over HTTP.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { verifyBasicAuth } from '../../core/signature';
import { CrmListenersPipedriveBasicAuth } from '../../credentials/CrmListenersPipedriveBasicAuth.credentials';
import { PipedriveWebhookTrigger } from '../../nodes/PipedriveWebhookTrigger/PipedriveWebhookTrigger.node';
import { AUTH_MUTATIONS, basicToken, isBenignAuth, mayPass, mutateAuth, sendableOverHttp, type AuthWire, type Pair } from './helpers/basicAuthFuzz';
import { caseRng } from './helpers/prng';
import { sendRaw } from './helpers/rawHttp';
import { report } from './helpers/report';
import { startHostileServer, type HostileServer } from './helpers/webhookServer';

// A colon and composed non-ASCII letters in the password, and a token with '+' and padding.
const PAIR: Pair = { user: 'pd-hook-user', password: 'N0t~so~s1mple:pässwörd?>x' };
const V2_CHANGE = readFileSync(join(__dirname, '..', 'fixtures', 'nodes', 'pipedrive-v2-change-deal.json'), 'utf8').trim();

const CORE_SEED = 0x50_44_01;
const CORE_CASES = 4_000;
const HTTP_SEED = 0x50_44_02;
const HTTP_CASES = 300;

function freshWire(): AuthWire {
	return { headers: [['Authorization', `Basic ${basicToken(PAIR)}`]] };
}

type Verify = typeof verifyBasicAuth;

function fuzzCore(verify: Verify, cases: number): { failures: string[]; accepted: number; drawn: Map<string, number> } {
	const failures: string[] = [];
	const drawn = new Map<string, number>();
	let accepted = 0;
	for (let index = 0; index < cases; index++) {
		const rng = caseRng(CORE_SEED, index);
		const wire = freshWire();
		const names = mutateAuth(wire, rng, PAIR, false);
		const header = wire.headers[0]?.[1];
		const label = `#${index} [${names.join(', ')}] ${JSON.stringify(header?.slice(0, 80))}`;
		let result;
		try {
			result = verify(header, PAIR);
		} catch (error) {
			failures.push(`${label}: threw ${String(error)}`);
			continue;
		}
		if (result.ok) accepted += 1;
		if (result.ok && !mayPass(header, PAIR)) failures.push(`${label}: accepted a different pair`);
		if (isBenignAuth(names) && !result.ok) failures.push(`${label}: harmless spelling rejected (${result.reason})`);
		for (const name of names) drawn.set(name, (drawn.get(name) ?? 0) + 1);
	}
	return { failures, accepted, drawn };
}

describe('Pipedrive Basic auth fuzzer, straight against verifyBasicAuth (core)', () => {
	it(`${CORE_CASES.toLocaleString('en')} seeded mutations of the Authorization header: only the exact pair passes`, () => {
		const { failures, accepted, drawn } = fuzzCore(verifyBasicAuth, CORE_CASES);
		report(`Pipedrive Basic auth, core: ${CORE_CASES} tried, ${accepted} accepted (the exact pair), ${failures.length} failures`);
		expect(failures).toEqual([]);
		expect(accepted).toBeGreaterThan(CORE_CASES * 0.03);
		for (const mutation of AUTH_MUTATIONS.filter((m) => !m.httpOnly)) {
			expect({ mutation: mutation.name, drawn: (drawn.get(mutation.name) ?? 0) > 20 }).toEqual({ mutation: mutation.name, drawn: true });
		}
	});

	// The fuzzer itself must catch verifiers that are wrong in the usual ways.
	it.each<{ name: string; verify: Verify }>([
		{ name: 'a verifier that compares the password case-insensitively', verify: (header, expected) => verifyBasicAuth(header?.replace(/\S+$/, (token) => Buffer.from(Buffer.from(token, 'base64').toString().toLowerCase()).toString('base64')), { ...expected, password: expected.password.toLowerCase() }) },
		{ name: 'a verifier that checks only the user', verify: (header, expected) => (header && Buffer.from(header.trim().split(/ +/)[1] ?? '', 'base64').toString().startsWith(`${expected.user}:`) ? { ok: true } : { ok: false, reason: 'mismatch' }) },
		{ name: 'a verifier that decodes base64 leniently', verify: (header, expected) => (header && Buffer.from(header.replace(/^\s*basic\s*/i, ''), 'base64').toString() === `${expected.user}:${expected.password}` ? { ok: true } : { ok: false, reason: 'mismatch' }) },
	])('catches $name', ({ verify }) => {
		expect(fuzzCore(verify, 2_000).failures.length).toBeGreaterThan(0);
	});
});

describe('Pipedrive Basic auth fuzzer, end to end through the node over HTTP (subset)', () => {
	let server: HostileServer;
	afterAll(async () => server?.close());

	it(`${HTTP_CASES} seeded mutations through WebhookContext: accepted ones give the same item, rejected ones 401 and no execution`, async () => {
		server = await startHostileServer({
			type: new PipedriveWebhookTrigger(),
			typeName: 'pipedriveWebhookTrigger',
			parameters: { setup: 'manual', incomingAuth: 'basicAuth', entity: '*', action: '*', options: { dedupe: false } },
			credentials: { crmListenersPipedriveBasicAuth: { user: PAIR.user, password: PAIR.password } },
			credentialTypes: [new CrmListenersPipedriveBasicAuth()],
		});
		const send = (wire: AuthWire) =>
			sendRaw(server.base, {
				method: 'POST',
				path: new URL(server.url).pathname,
				headers: [['Content-Type', 'application/json'], ...wire.headers],
				body: Buffer.from(V2_CHANGE),
			});
		expect((await send(freshWire())).status).toBe(200);
		const reference = JSON.stringify(server.executions[0]);

		const failures: string[] = [];
		let accepted = 0;
		let sent = 0;
		for (let index = 0; sent < HTTP_CASES; index++) {
			const rng = caseRng(HTTP_SEED, index);
			const wire = freshWire();
			const names = mutateAuth(wire, rng, PAIR, true);
			if (!sendableOverHttp(wire)) continue;
			sent += 1;
			const label = `#${index} [${names.join(', ')}]`;
			const before = server.executions.length;
			const reply = await send(wire);
			const observed = server.observed[server.observed.length - 1];
			const header = observed.headers.authorization;
			const started = server.executions.length - before;
			if (reply.status === 200) {
				accepted += 1;
				if (!mayPass(header, PAIR)) failures.push(`${label}: accepted ${JSON.stringify(header)}`);
				if (started !== 1 || JSON.stringify(server.executions[server.executions.length - 1]) !== reference) {
					failures.push(`${label}: accepted with other items`);
				}
			} else if (reply.status === 401) {
				if (started !== 0) failures.push(`${label}: 401 but an execution started`);
				if (/user|password|pd-hook|N0t/i.test(reply.body)) failures.push(`${label}: the 401 body hints at the pair`);
			} else {
				failures.push(`${label}: answered ${reply.status}${observed.thrown ? ` (${observed.thrown})` : ''}`);
			}
			if (isBenignAuth(names) && reply.status !== 200) failures.push(`${label}: harmless spelling answered ${reply.status}`);
		}
		report(`Pipedrive Basic auth, over HTTP: ${HTTP_CASES} tried, ${accepted} accepted, ${failures.length} failures`);
		expect(failures).toEqual([]);
		expect(accepted).toBeGreaterThan(HTTP_CASES * 0.03);
		expect(accepted).toBeLessThan(HTTP_CASES * 0.5);
	});
});
