import { extractRecords } from '../../../core/poller/records';
import { PollerResponseError } from '../../../core/poller/runErrors';

describe('extractRecords', () => {
	it.each([
		{ name: 'recordsPath array', body: { results: [{ id: 1 }] }, path: 'results', ids: [1], notObjects: 0 },
		{ name: 'nested recordsPath', body: { response: { rows: [{ id: 1 }, { id: 2 }] } }, path: 'response.rows', ids: [1, 2], notObjects: 0 },
		{ name: 'recordsPath null (Pipedrive empty list)', body: { success: true, data: null }, path: 'data', ids: [], notObjects: 0 },
		{ name: 'recordsPath missing', body: { success: true }, path: 'data', ids: [], notObjects: 0 },
		{ name: 'array body', body: [{ id: 1 }], path: undefined, ids: [1], notObjects: 0 },
		{ name: 'auto: results', body: { results: [{ id: 1 }], paging: {} }, path: undefined, ids: [1], notObjects: 0 },
		{ name: 'auto: data', body: { success: true, data: [{ id: 2 }] }, path: undefined, ids: [2], notObjects: 0 },
		{ name: 'auto: items', body: { items: [{ id: 3 }] }, path: undefined, ids: [3], notObjects: 0 },
		{ name: 'auto: contacts', body: { contacts: [{ vid: 4 }], 'has-more': false }, path: undefined, ids: [undefined], notObjects: 0 },
		{ name: 'auto: results before data', body: { data: [{ id: 2 }], results: [{ id: 1 }] }, path: undefined, ids: [1], notObjects: 0 },
		{ name: 'auto: an array wins over an earlier null', body: { results: null, data: [{ id: 2 }] }, path: undefined, ids: [2], notObjects: 0 },
		{ name: 'auto: data null is an empty list', body: { success: true, data: null }, path: undefined, ids: [], notObjects: 0 },
		{ name: 'elements that are not objects are counted', body: [{ id: 1 }, 2, 'x', null, [3]], path: undefined, ids: [1], notObjects: 4 },
	])('$name', ({ body, path, ids, notObjects }) => {
		const extracted = extractRecords('deals', body, path);
		expect(extracted.records.map((record) => record.id)).toEqual(ids);
		expect(extracted.notObjects).toBe(notObjects);
	});

	it.each([
		{ name: 'recordsPath at an object', body: { data: { id: 1, email: 'jane@example.com' } }, path: 'data', code: 'RECORDS_NOT_ARRAY' },
		{ name: 'recordsPath at text', body: { data: 'jane@example.com' }, path: 'data', code: 'RECORDS_NOT_ARRAY' },
		{ name: 'no array anywhere', body: { status: 'ok', email: 'jane@example.com' }, path: undefined, code: 'NO_RECORDS_ARRAY' },
		{ name: 'a text body', body: 'jane@example.com', path: undefined, code: 'NO_RECORDS_ARRAY' },
		{ name: 'an inherited results key', body: Object.create({ results: [{ id: 1 }] }) as unknown, path: undefined, code: 'NO_RECORDS_ARRAY' },
	])('refuses $name without quoting the response', ({ body, path, code }) => {
		let caught: unknown;
		try {
			extractRecords('deals', body, path);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(PollerResponseError);
		expect((caught as PollerResponseError).code).toBe(code);
		expect((caught as PollerResponseError).message).toMatch(/^deals: /);
		expect((caught as PollerResponseError).message).not.toContain('jane@example.com');
	});
});
