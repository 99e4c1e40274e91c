import CryptoJS from 'crypto-js';

import { hashedTraceKeyStorageKey, legacyStorageKey, olderStorageKey, SeenSet, storageKey } from '../../../core/dedupe';
import { normaliseHubSpotDelivery } from '../../../core/events/hubspot';
import { normalisePipedriveDelivery } from '../../../core/events/pipedrive';
import { hashedTraceKey } from '../../../core/events/traceKey';
import { journalTraceKey } from '../../../core/journal/events';

/*
 * Storage keys, checked against crypto-js (an implementation of SHA-256 independent of node:crypto): a hashed
 * trace key keeps its own first 20 hex digits, any other key is the first 15 bytes of its SHA-256 in base64url
 * (what earlier versions stored for every key).
 */

const HEX40 = '0123456789abcdef0123456789abcdef01234567';

/** SHA-256 of `text` (UTF-8), first 15 bytes, base64url: crypto-js, not node:crypto. */
function oracleLegacy(text: string): string {
	const base64 = CryptoJS.SHA256(CryptoJS.enc.Utf8.parse(text)).toString(CryptoJS.enc.Base64);
	return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '').slice(0, 20);
}

describe('storageKey', () => {
	it('takes the first 20 hex digits of a hashed trace key: the SHA-256 of its identity JSON', () => {
		const parts = [62515, 1160452, 2001, 3816279340, 'contact.creation', null, 1246965, 1764000000000];
		const key = hashedTraceKey('hubspot', parts);
		const digest = CryptoJS.SHA256(CryptoJS.enc.Utf8.parse(JSON.stringify(parts))).toString(CryptoJS.enc.Hex);
		expect(key).toBe(`hubspot:${digest.slice(0, 40)}`);
		expect(storageKey(key)).toBe(digest.slice(0, 20));
		expect(olderStorageKey(key)).toBe(oracleLegacy(key));
		expect(legacyStorageKey(key)).toBe(oracleLegacy(key));
	});

	it.each([
		{ name: 'a short template key', key: 'contact-123' },
		{ name: 'empty', key: '' },
		{ name: 'non-ASCII', key: 'Zoë Ångström 🙂' },
		{ name: 'uppercase hex digits', key: `hubspot:${HEX40.toUpperCase()}` },
		{ name: '39 hex digits', key: `hubspot:${HEX40.slice(1)}` },
		{ name: '41 hex digits', key: `hubspot:${HEX40}8` },
		{ name: 'a digit that is no hex digit', key: `hubspot:${HEX40.slice(1)}g` },
		{ name: 'no prefix', key: `:${HEX40}` },
		{ name: 'no colon', key: `hubspot-${HEX40}` },
		{ name: 'an uppercase prefix', key: `HubSpot:${HEX40}` },
		{ name: 'a prefix starting with a digit', key: `1hubspot:${HEX40}` },
		{ name: 'a prefix with a colon', key: `hub:spot:${HEX40}` },
		{ name: 'a prefix of 33 characters', key: `${'a'.repeat(33)}:${HEX40}` },
		{ name: 'a prefix with a space', key: `hub spot:${HEX40}` },
		{ name: 'a non-ASCII prefix', key: `hübspot:${HEX40}` },
		{ name: 'a fullwidth digit among the hex digits', key: `hubspot:${HEX40.slice(1)}１` },
		{ name: 'a character above 127 whose low bits are a hex digit', key: `hubspot:${HEX40.slice(1)}\u0131` },
		{ name: 'a body digest key (64 hex digits)', key: `hubspot-body:${HEX40}${HEX40.slice(0, 24)}` },
	])('$name is stored as its SHA-256 digest, as earlier versions stored it', ({ key }) => {
		expect(storageKey(key)).toBe(oracleLegacy(key));
		expect(olderStorageKey(key)).toBeUndefined();
	});

	it.each([
		{ name: 'one-letter prefix', key: `h:${HEX40}` },
		{ name: 'a prefix of 32 characters', key: `${'a'.repeat(32)}:${HEX40}` },
		{ name: 'digits and hyphens after the first letter', key: `pipedrive-v2:${HEX40}` },
	])('$name is recognised as a hashed trace key', ({ key }) => {
		expect(storageKey(key)).toBe(HEX40.slice(0, 20));
		expect(olderStorageKey(key)).toBe(oracleLegacy(key));
	});

	it('recognises the hashed default key of every kind of event, so none of them pays a second digest', () => {
		const hubspot = normaliseHubSpotDelivery([{ eventId: 1, subscriptionId: 2, portalId: 3, occurredAt: 1764000000000, subscriptionType: 'contact.creation', objectId: 4 }], { nowMs: 0, rawBodySha256: 'x' });
		const record = normaliseHubSpotDelivery({ hs_object_id: '7', hs_lastmodifieddate: '1764000000000', objectType: 'CONTACT' }, { nowMs: 0, rawBodySha256: 'x' });
		const pipedriveV1 = normalisePipedriveDelivery({ v: 1, meta: { v: 1, action: 'updated', object: 'deal' }, current: { id: 5 }, previous: null });
		const pipedriveV2 = normalisePipedriveDelivery({ meta: { version: '2.0', action: 'change', entity: 'deal' }, data: { id: 6 }, previous: null });
		const keys = [hubspot, record, pipedriveV1, pipedriveV2].map((result) => {
			if (!result.ok) throw new Error(result.reason);
			const [event] = result.events;
			// A key its normaliser flags as hashed takes the shortcut, which must give what the check gives.
			if (event.defaultTraceKeyHashed === true) expect(hashedTraceKeyStorageKey(event.defaultTraceKey)).toBe(storageKey(event.defaultTraceKey));
			return event.defaultTraceKey;
		});
		expect(hubspot.ok && hubspot.events[0].defaultTraceKeyHashed).toBe(true);
		keys.push(journalTraceKey({ objectTypeId: '0-1', objectId: 8, occurredAt: '2026-12-01T00:00:00Z', action: 'UPDATE' }));
		expect(keys.map((key) => key.split(':')[0])).toEqual(['hubspot', 'hubspot-record', 'pipedrive-v1', 'pipedrive-v2', 'hubspot-journal']);
		for (const key of keys) {
			expect(key).toMatch(/^[a-z][a-z0-9-]*:[0-9a-f]{40}$/);
			expect(storageKey(key)).toBe(key.slice(-40, -20));
		}
	});

	it('gives every key exactly 20 characters of base64url', () => {
		for (const key of ['a', `hubspot:${HEX40}`, 'x'.repeat(10_000), '€']) expect(storageKey(key)).toMatch(/^[A-Za-z0-9_-]{20}$/);
	});
});

describe('SeenSet: a memory an earlier version wrote (every key a SHA-256 digest)', () => {
	const T = 1_700_000_000_000;
	const DAY = 86_400_000;
	const limits = { windowMs: DAY, maxEntries: 100 };
	const hashed = (index: number) => hashedTraceKey('hubspot', [index]);
	/** The version 3 state an earlier version stored: no `f`, keys in the older form. */
	const earlierState = (keys: string[], t0 = T) => ({ v: 3, t0, keys: keys.map(legacyStorageKey).join(''), dt: `0*${keys.length.toString(36)}` });

	it('finds its keys in the older form, stores new keys in the new one, and says so in the state it writes', () => {
		const set = SeenSet.fromJSON(earlierState([hashed(1), hashed(2), 'template-key']), limits);
		expect(set.holdsOlderForm(T + 1)).toBe(true);
		expect(set.has(hashed(1), T + 1)).toBe(true);
		expect(set.has('template-key', T + 1)).toBe(true);
		expect(set.has(hashed(3), T + 1)).toBe(false);
		set.add(hashed(3), T + 2);
		const state = set.toCompactJSON();
		expect(state).toMatchObject({ f: 2, l: T });
		expect(state.keys.slice(-20)).toBe(hashed(3).slice(-40, -20));
		// Read back: the older keys still found, the new one too.
		const again = SeenSet.fromJSON(JSON.parse(JSON.stringify(state)) as unknown, limits);
		for (const key of [hashed(1), hashed(2), hashed(3), 'template-key']) expect(again.has(key, T + 3)).toBe(true);
	});

	it('stops trying the older form once its entries have expired, for good', () => {
		const set = SeenSet.fromJSON(earlierState([hashed(1)]), limits);
		set.add(hashed(2), T + DAY / 2);
		expect(set.holdsOlderForm(T + DAY)).toBe(true);
		expect(set.holdsOlderForm(T + DAY + 1)).toBe(false);
		const state = set.toCompactJSON();
		expect(state.l).toBeUndefined();
		expect(state.f).toBe(2);
		expect(SeenSet.fromJSON(state, limits).holdsOlderForm(T + DAY + 2)).toBe(false);
		expect(set.has(hashed(2), T + DAY + 2)).toBe(true);
	});

	it('stops trying the older form once its entries have been evicted by newer keys', () => {
		const set = SeenSet.fromJSON(earlierState([hashed(1), hashed(2)]), { windowMs: DAY, maxEntries: 3 });
		set.add(hashed(3), T + 10);
		expect(set.holdsOlderForm(T + 10)).toBe(true);
		set.add(hashed(4), T + 11);
		set.add(hashed(5), T + 12);
		expect(set.has(hashed(1), T + 13)).toBe(false);
		expect(set.holdsOlderForm(T + 13)).toBe(false);
		expect(set.toCompactJSON().l).toBeUndefined();
	});

	it('trusts a state of this version: a key in the older form there is no match', () => {
		const state = { ...earlierState([hashed(1)]), f: 2 };
		const set = SeenSet.fromJSON(state, limits);
		expect(set.holdsOlderForm(T + 1)).toBe(false);
		expect(set.has(hashed(1), T + 1)).toBe(false);
	});

	it('keeps the bound when folding a copy in, and reads versions 1 and 2 as the older form', () => {
		const older = SeenSet.fromJSON({ v: 2, t0: T, keys: [legacyStorageKey(hashed(1))], dt: '0' }, limits);
		const fresh = SeenSet.create(limits);
		fresh.add(hashed(2), T + 5);
		fresh.merge(older);
		expect(fresh.has(hashed(1), T + 6)).toBe(true);
		expect(fresh.toCompactJSON().l).toBe(T);
		const v1 = SeenSet.fromJSON({ v: 1, t0: T, keys: [legacyStorageKey(hashed(7))], dtMs: [0] }, limits);
		expect(v1.has(hashed(7), T + 1)).toBe(true);
	});
});
