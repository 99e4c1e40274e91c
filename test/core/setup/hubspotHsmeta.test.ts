import { parseCustomObjectNames } from '../../../core/events';
import { buildHubSpotHsmeta, buildHubSpotSetupGuide, HSMETA_FILE } from '../../../core/setup';
import cases from '../../fixtures/setup/hsmeta-cases.json';

function names(text: string | undefined) {
	const parsed = parseCustomObjectNames(text ?? '');
	if (!parsed.ok) throw new Error(parsed.entry);
	return parsed.names;
}

describe('buildHubSpotHsmeta', () => {
	test.each(cases)('$name', ({ input, subscriptions, warnings }) => {
		const result = buildHubSpotHsmeta({ ...input, customObjectNames: names((input as { customObjectNames?: string }).customObjectNames) });
		if (!result.ok) throw new Error(result.problem);
		// The text is the file: valid JSON, the production URL as target, every selected event in its section.
		const file = JSON.parse(result.text) as typeof result.hsmeta;
		expect(file).toEqual(result.hsmeta);
		expect(file).toEqual({
			uid: 'webhooks',
			type: 'webhooks',
			config: { settings: { targetUrl: input.targetUrl, maxConcurrentRequests: 10 }, subscriptions },
		});
		expect(result.warnings).toEqual(warnings);
	});

	test.each([
		{ name: 'wildcard event', events: ['contact.*'], propertyNames: [], problem: /"contact\.\*" is no single HubSpot event/ },
		{ name: 'generic event without object type', events: ['object.creation'], propertyNames: [], problem: /"object\.creation"/ },
		{ name: 'property change without properties', events: ['object.propertyChange.0-1'], propertyNames: [], problem: /Properties to Watch/ },
	])('refuses what it cannot write: $name', ({ events, propertyNames, problem }) => {
		const result = buildHubSpotHsmeta({ targetUrl: 'https://n8n.example.com/webhook/x', events, propertyNames });
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.problem).toMatch(problem);
	});

	test.each(['', 'webhook/x', 'ftp://example.com/x'])('refuses a production URL that is not absolute http(s): %p', (targetUrl) => {
		expect(buildHubSpotHsmeta({ targetUrl, events: [], propertyNames: [] })).toMatchObject({ ok: false });
	});

	test('escapes what JSON must escape in the URL and property names', () => {
		const result = buildHubSpotHsmeta({
			targetUrl: 'https://n8n.example.com/webhook/a"b\\c',
			events: ['contact.propertyChange'],
			propertyNames: ['na"me'],
		});
		if (!result.ok) throw new Error(result.problem);
		expect(JSON.parse(result.text).config.settings.targetUrl).toBe('https://n8n.example.com/webhook/a"b\\c');
		expect(JSON.parse(result.text).config.subscriptions.legacyCrmObjects[0].propertyName).toBe('na"me');
	});
});

describe('buildHubSpotSetupGuide', () => {
	const input = {
		productionUrl: 'https://n8n.example.com/webhook/abc/webhook',
		testUrl: 'https://n8n.example.com/webhook-test/abc/webhook',
		events: ['object.creation.0-1'],
		propertyNames: [],
	};

	test('names the file, the upload, the client secret and both URLs, and embeds the same file text', () => {
		const result = buildHubSpotSetupGuide(input);
		if (!result.ok) throw new Error(result.problem);
		const { guide, text } = result;
		expect(guide.file).toBe(HSMETA_FILE);
		expect(guide.steps.join(' ')).toMatch(/hs project upload/);
		expect(guide.steps.join(' ')).toMatch(/client secret/);
		expect(text).toContain(guide.hsmetaText.trimEnd());
		expect(text).toContain(`Production URL: ${input.productionUrl}`);
		expect(text).toContain(`Test URL:       ${input.testUrl}`);
		expect(guide.testCommand[0]).toBe(`URL='${input.testUrl}'`);
		expect(JSON.stringify(guide)).not.toMatch(/secret=|SECRET='[^<]/);
	});

	test('passes the generator’s refusal through', () => {
		expect(buildHubSpotSetupGuide({ ...input, events: ['contact.*'] })).toMatchObject({ ok: false });
	});
});
