import { checkHubSpotVersion, verifyHubSpotRequest, type HubSpotVerifyResult } from '../../../core/signature';
import { signV1, signV2, signV3 } from '../../helpers/hubspotSigner';

const SECRET = 'candidate-secret-0000-1111';
const OLD_SECRET = 'candidate-secret-old-2222';
const BODY = '[{"eventId":1,"subscriptionType":"contact.creation","objectId":5}]';
const NOW = 1_700_000_000_000;
const PUBLIC = 'https://n8n.example.com/webhook/abc/webhook';
const LOCAL = 'http://127.0.0.1:5678/webhook/abc/webhook';
const OTHER = 'https://evil.example.net/webhook/abc/webhook';

const v2 = (url: string, secret = SECRET) => ({
	'X-HubSpot-Signature': signV2(secret, 'POST', url, BODY),
	'X-HubSpot-Signature-Version': 'v2',
});
const v3 = (url: string, secret = SECRET) => ({
	'X-HubSpot-Signature-v3': signV3(secret, 'POST', url, BODY, String(NOW)),
	'X-HubSpot-Request-Timestamp': String(NOW),
});
const v1 = () => ({ 'X-HubSpot-Signature': signV1(SECRET, BODY), 'X-HubSpot-Signature-Version': 'v1' });

const verify = (headers: Record<string, string>, url: string | string[], secrets = [SECRET]): HubSpotVerifyResult =>
	verifyHubSpotRequest({ method: 'POST', url, rawBody: Buffer.from(BODY), headers, secrets, nowMs: NOW, toleranceMs: 300_000 });

describe('verifyHubSpotRequest over several candidate URLs', () => {
	test.each([
		{ name: 'v3 for the first candidate', headers: v3(PUBLIC), urls: [PUBLIC, LOCAL], expected: { ok: true, version: 'v3', secretIndex: 0 } },
		{ name: 'v3 for the second candidate', headers: v3(LOCAL), urls: [PUBLIC, LOCAL], expected: { ok: true, version: 'v3', secretIndex: 0 } },
		{ name: 'v2 for the second candidate', headers: v2(LOCAL), urls: [PUBLIC, LOCAL], expected: { ok: true, version: 'v2', secretIndex: 0 } },
		{ name: 'v2 for the second candidate, old secret', headers: v2(LOCAL, OLD_SECRET), urls: [PUBLIC, LOCAL], secrets: [SECRET, OLD_SECRET], expected: { ok: true, version: 'v2', secretIndex: 1 } },
		{ name: 'v3 for a URL that is not a candidate', headers: v3(OTHER), urls: [PUBLIC, LOCAL], expected: { ok: false, reason: 'bad-signature' } },
		{ name: 'v2 for a URL that is not a candidate', headers: v2(OTHER), urls: [PUBLIC, LOCAL], expected: { ok: false, reason: 'bad-signature' } },
		{ name: 'v1 does not depend on the URL', headers: v1(), urls: [OTHER], expected: { ok: true, version: 'v1', secretIndex: 0 } },
		{ name: 'no candidates: v2 over an empty URL fails', headers: v2(PUBLIC), urls: [], expected: { ok: false, reason: 'bad-signature' } },
	])('$name', ({ headers, urls, secrets, expected }) => {
		expect(verify(headers, urls, secrets)).toEqual(expected);
	});

	test('one URL given as a string or as a list of one gives the same verdict', () => {
		for (const headers of [v1(), v2(PUBLIC), v3(PUBLIC), v3(OTHER)]) expect(verify(headers, PUBLIC)).toEqual(verify(headers, [PUBLIC]));
	});
});

describe('checkHubSpotVersion', () => {
	test.each([
		{ version: 'v1', requireV3: false, expected: { ok: true } },
		{ version: 'v2', requireV3: false, expected: { ok: true } },
		{ version: 'v3', requireV3: false, expected: { ok: true } },
		{ version: 'v1', requireV3: true, expected: { ok: false, reason: 'v3-required' } },
		{ version: 'v2', requireV3: true, expected: { ok: false, reason: 'v3-required' } },
		{ version: 'v3', requireV3: true, expected: { ok: true } },
	] as const)('$version with requireV3 $requireV3', ({ version, requireV3, expected }) => {
		expect(checkHubSpotVersion(version, { requireV3 })).toEqual(expected);
	});

	// After a node accepted v3, a v1-only delivery is a v3 + v1 delivery stripped of v3; v2 (workflow actions) stays.
	test.each([
		{ version: 'v1', requireV3: false, expected: { ok: false, reason: 'v3-expected' } },
		{ version: 'v2', requireV3: false, expected: { ok: true } },
		{ version: 'v3', requireV3: false, expected: { ok: true } },
		{ version: 'v1', requireV3: true, expected: { ok: false, reason: 'v3-required' } },
		{ version: 'v2', requireV3: true, expected: { ok: false, reason: 'v3-required' } },
	] as const)('$version after a v3 delivery, requireV3 $requireV3', ({ version, requireV3, expected }) => {
		expect(checkHubSpotVersion(version, { requireV3, v3Seen: true })).toEqual(expected);
	});
});
