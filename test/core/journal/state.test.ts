import { loadJournalState, selectionKey } from '../../../core/journal';
import { STATE_VERSION as STATE_VERSION_FOR_TESTS } from '../../../core/journal/state';

describe('journal state in static data', () => {
	it.each([
		{ name: 'nothing stored', raw: undefined, cursor: undefined, owned: [] },
		{ name: 'another version', raw: { v: 2, cursor: { offset: 'a', committedAtMs: 1 } }, cursor: undefined, owned: [] },
		{ name: 'a cursor', raw: { v: STATE_VERSION_FOR_TESTS, cursor: { offset: '550e8400-e29b-41d4-a716-446655440000', committedAtMs: 5 }, owned: ['1'] }, cursor: { offset: '550e8400-e29b-41d4-a716-446655440000', committedAtMs: 5 }, owned: ['1'] },
		{ name: '"start at the earliest" cursor', raw: { v: STATE_VERSION_FOR_TESTS, cursor: { offset: null, committedAtMs: 0 }, owned: [] }, cursor: { offset: null, committedAtMs: 0 }, owned: [] },
		{ name: 'an offset with path characters is refused', raw: { v: STATE_VERSION_FOR_TESTS, cursor: { offset: '../../x', committedAtMs: 1 }, owned: [] }, cursor: undefined, owned: [] },
		{ name: 'garbage owned ids are dropped', raw: { v: STATE_VERSION_FOR_TESTS, owned: ['7', 7, { a: 1 }, 'x/y'] }, cursor: undefined, owned: ['7'] },
		{ name: 'a missing commit time reads as unknown', raw: { v: STATE_VERSION_FOR_TESTS, cursor: { offset: 'o' } }, cursor: { offset: 'o', committedAtMs: 0 }, owned: [] },
	])('$name', ({ raw, cursor, owned }) => {
		const state = loadJournalState(raw);
		expect(state.cursor).toEqual(cursor);
		expect(state.owned).toEqual(owned);
	});

	it('the selection key ignores the order of choices and changes with any choice', () => {
		const a = { portalId: 5, objectTypeIds: ['0-1', '0-2'], actions: ['CREATE' as const, 'UPDATE' as const], properties: ['b', 'a'] };
		expect(selectionKey(a)).toBe(selectionKey({ ...a, objectTypeIds: ['0-2', '0-1'], properties: ['a', 'b'] }));
		expect(selectionKey(a)).not.toBe(selectionKey({ ...a, portalId: 6 }));
		expect(selectionKey(a)).not.toBe(selectionKey({ ...a, properties: ['a'] }));
	});
});
