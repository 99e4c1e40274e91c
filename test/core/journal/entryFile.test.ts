import { parseEntryFile } from '../../../core/journal';
import cases from '../../fixtures/journal/entry-files.json';

describe('journal entry files → events', () => {
	it.each(cases)('$name', (c) => {
		const result = parseEntryFile(c.text);
		if (c.reason !== undefined) {
			expect(result.ok).toBe(false);
			if (!result.ok) expect(result.reason).toContain(c.reason);
			return;
		}
		expect(result).toEqual({ ok: true, events: expect.any(Array), skipped: c.skipped });
		if (result.ok) expect(result.events).toHaveLength(c.events!);
	});

	it('keeps every field of an event, known or not', () => {
		const event = { action: 'CREATE', objectId: 1, brandNew: { nested: [1, 2] }, n: null };
		expect(parseEntryFile(JSON.stringify({ journalEvents: [event] }))).toEqual({ ok: true, events: [event], skipped: 0 });
	});

	it('refuses a file nested deeper than 64 levels instead of crashing later', () => {
		const deep = `[{"objectId":1,"x":${'['.repeat(100)}${']'.repeat(100)}}]`;
		expect(parseEntryFile(deep)).toEqual({ ok: false, reason: expect.stringContaining('deeper') });
	});
});
