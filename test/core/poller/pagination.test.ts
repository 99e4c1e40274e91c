import { checkedNextUrl, nextPageRequest, setQueryParam } from '../../../core/poller/pagination';
import type { PageRequest, PagingContext } from '../../../core/poller/pagination';
import { PollerResponseError } from '../../../core/poller/runErrors';
import type { Pagination } from '../../../core/poller/types';

const BASE = 'https://api.hubapi.com';
const get = (url: string): PageRequest => ({ method: 'GET', url });
const post = (url: string, body?: unknown): PageRequest => (body === undefined ? { method: 'POST', url } : { method: 'POST', url, body });
const context = (pagination: Pagination, baseUrl: string | undefined = BASE): PagingContext => ({
	resource: 'contacts',
	pagination,
	baseUrl,
});

const cursorQuery: Pagination = { type: 'cursor', nextPath: 'additional_data.next_cursor', param: 'cursor', in: 'query' };
const cursorBody: Pagination = { type: 'cursor', nextPath: 'paging.next.after', param: 'after', in: 'body' };
const offset: Pagination = {
	type: 'offset',
	param: 'start',
	nextPath: 'additional_data.pagination.next_start',
	morePath: 'additional_data.pagination.more_items_in_collection',
};
const nextUrl: Pagination = { type: 'nextUrl', nextPath: 'paging.next.link' };

describe('nextPageRequest', () => {
	it.each([
		{ name: 'none never pages', pagination: { type: 'none' } as Pagination, current: get('/x'), body: { next: 1 }, next: undefined },
		{
			name: 'cursor in the query is added',
			pagination: cursorQuery,
			current: get('/api/v2/deals?updated_since=2025-01-01T00%3A00%3A00Z&limit=100'),
			body: { data: [], additional_data: { next_cursor: 'eyJpZCI6NX0=' } },
			next: get('/api/v2/deals?updated_since=2025-01-01T00%3A00%3A00Z&limit=100&cursor=eyJpZCI6NX0%3D'),
		},
		{
			name: 'cursor in the query replaces the previous one',
			pagination: cursorQuery,
			current: get('/api/v2/deals?cursor=old&limit=100'),
			body: { additional_data: { next_cursor: 'new' } },
			next: get('/api/v2/deals?limit=100&cursor=new'),
		},
		{
			name: 'cursor null ends paging',
			pagination: cursorQuery,
			current: get('/api/v2/deals'),
			body: { additional_data: { next_cursor: null } },
			next: undefined,
		},
		{ name: 'cursor empty ends paging', pagination: cursorQuery, current: get('/d'), body: { additional_data: { next_cursor: '' } }, next: undefined },
		{ name: 'cursor missing ends paging', pagination: cursorQuery, current: get('/d'), body: {}, next: undefined },
		{
			name: 'cursor that is an object ends paging',
			pagination: cursorQuery,
			current: get('/d'),
			body: { additional_data: { next_cursor: { a: 1 } } },
			next: undefined,
		},
		{
			name: 'cursor equal to the current one ends paging (no loop)',
			pagination: cursorQuery,
			current: get('/d?cursor=same'),
			body: { additional_data: { next_cursor: 'same' } },
			next: undefined,
		},
		{
			name: 'cursor in the body is set beside the rest of the body',
			pagination: cursorBody,
			current: post('/crm/v3/objects/contacts/search', { limit: 200, sorts: ['a'] }),
			body: { results: [], paging: { next: { after: '200' } } },
			next: post('/crm/v3/objects/contacts/search', { limit: 200, sorts: ['a'], after: '200' }),
		},
		{
			name: 'cursor in the body creates a body when there is none',
			pagination: cursorBody,
			current: post('/s'),
			body: { paging: { next: { after: 7 } } },
			next: post('/s', { after: 7 }),
		},
		{
			name: 'offset pages while more items are announced',
			pagination: offset,
			current: get('/v1/recents?since_timestamp=2025-01-01%2000%3A00%3A00&items=deal&start=0'),
			body: { additional_data: { pagination: { more_items_in_collection: true, next_start: 100 } } },
			next: get('/v1/recents?since_timestamp=2025-01-01%2000%3A00%3A00&items=deal&start=100'),
		},
		{
			name: 'offset stops when no more items are announced',
			pagination: offset,
			current: get('/v1/recents'),
			body: { additional_data: { pagination: { more_items_in_collection: false, next_start: 100 } } },
			next: undefined,
		},
		{
			name: 'offset stops when the announcement is missing',
			pagination: offset,
			current: get('/v1/recents'),
			body: { additional_data: { pagination: { next_start: 100 } } },
			next: undefined,
		},
		{
			name: 'offset without morePath follows a numeric text offset',
			pagination: { type: 'offset', param: 'offset', nextPath: 'next' } as Pagination,
			current: get('/items'),
			body: { next: '50' },
			next: get('/items?offset=50'),
		},
		{
			name: 'offset that is not a number ends paging',
			pagination: { type: 'offset', param: 'offset', nextPath: 'next' } as Pagination,
			current: get('/items'),
			body: { next: '50abc' },
			next: undefined,
		},
		{
			name: 'negative offset ends paging',
			pagination: { type: 'offset', param: 'offset', nextPath: 'next' } as Pagination,
			current: get('/items'),
			body: { next: -1 },
			next: undefined,
		},
		{
			name: 'next link on the base origin is followed',
			pagination: nextUrl,
			current: get('/crm/v3/objects/contacts?limit=100'),
			body: { paging: { next: { link: 'https://api.hubapi.com/crm/v3/objects/contacts?limit=100&after=100' } } },
			next: get('https://api.hubapi.com/crm/v3/objects/contacts?limit=100&after=100'),
		},
		{
			name: 'next link as a path is followed',
			pagination: nextUrl,
			current: get('/items'),
			body: { paging: { next: { link: '/items?page=2' } } },
			next: get('/items?page=2'),
		},
		{ name: 'no next link ends paging', pagination: nextUrl, current: get('/items'), body: { paging: {} }, next: undefined },
	])('$name', ({ pagination, current, body, next }) => {
		expect(nextPageRequest(context(pagination), current, body)).toEqual(next);
	});

	it('keeps the method and body when following a next link', () => {
		const current: PageRequest = { method: 'POST', url: '/search', body: { q: 1 } };
		expect(nextPageRequest(context(nextUrl), current, { paging: { next: { link: '/search?page=2' } } })).toEqual({
			method: 'POST',
			url: '/search?page=2',
			body: { q: 1 },
		});
	});

	it('sets a body cursor named __proto__ as data', () => {
		const pagination: Pagination = { type: 'cursor', nextPath: 'n', param: '__proto__', in: 'body' };
		const next = nextPageRequest(context(pagination), { method: 'POST', url: '/s', body: {} }, { n: 'x' });
		expect(Object.getPrototypeOf(next?.body)).toBe(Object.prototype);
		expect(Object.keys(next?.body as object)).toEqual(['__proto__']);
	});
});

describe('next links must stay on the API origin', () => {
	it.each([
		{ name: 'another host', link: 'https://evil.example/crm?after=1', code: 'FOREIGN_NEXT_URL' },
		{ name: 'a host that starts like the API host', link: 'https://api.hubapi.com.evil.example/crm', code: 'FOREIGN_NEXT_URL' },
		{ name: 'the API host as user info', link: 'https://api.hubapi.com@evil.example/crm', code: 'INVALID_NEXT_URL' },
		{ name: 'credentials in the link', link: 'https://user:pw@api.hubapi.com/crm', code: 'INVALID_NEXT_URL' },
		{ name: 'a protocol-relative link', link: '//evil.example/crm', code: 'FOREIGN_NEXT_URL' },
		{ name: 'plain http to an https API', link: 'http://api.hubapi.com/crm', code: 'FOREIGN_NEXT_URL' },
		{ name: 'another port', link: 'https://api.hubapi.com:8443/crm', code: 'FOREIGN_NEXT_URL' },
		{ name: 'a javascript: link', link: 'javascript:alert(1)', code: 'INVALID_NEXT_URL' },
		{ name: 'a file: link', link: 'file:///etc/passwd', code: 'INVALID_NEXT_URL' },
		{ name: 'a backslash path', link: '/\\evil.example/crm', code: 'INVALID_NEXT_URL' },
		{ name: 'a link with a newline', link: '/crm\r\nHost: evil.example', code: 'INVALID_NEXT_URL' },
		{ name: 'a relative link without a slash', link: 'crm?page=2', code: 'INVALID_NEXT_URL' },
	])('refuses $name', ({ link, code }) => {
		const attempt = (): unknown =>
			nextPageRequest(context(nextUrl), get('/crm'), { paging: { next: { link } } });
		expect(attempt).toThrow(PollerResponseError);
		try {
			attempt();
		} catch (error) {
			expect((error as PollerResponseError).code).toBe(code);
			expect((error as PollerResponseError).message.startsWith('contacts: ')).toBe(true);
		}
	});

	it('checks an absolute link against an absolute resource URL when no base URL is known', () => {
		const current = get('https://acme.pipedrive.com/api/v2/deals');
		expect(checkedNextUrl({ resource: 'deals' }, current, 'https://acme.pipedrive.com/api/v2/deals?cursor=x')).toBe(
			'https://acme.pipedrive.com/api/v2/deals?cursor=x',
		);
		expect(() => checkedNextUrl({ resource: 'deals' }, current, 'https://other.pipedrive.com/api/v2/deals')).toThrow(
			PollerResponseError,
		);
	});

	it('refuses an absolute link when neither the base nor the resource URL says which origin is ours', () => {
		expect(() => checkedNextUrl({ resource: 'deals' }, get('/api/v2/deals'), 'https://acme.pipedrive.com/api/v2/deals')).toThrow(
			PollerResponseError,
		);
	});
});

describe('setQueryParam', () => {
	it.each([
		{ name: 'adds a query', url: '/a', expected: '/a?p=v%2Fw' },
		{ name: 'appends to a query', url: '/a?x=1', expected: '/a?x=1&p=v%2Fw' },
		{ name: 'replaces the parameter', url: '/a?p=old&x=1', expected: '/a?x=1&p=v%2Fw' },
		{ name: 'replaces an encoded name', url: '/a?%70=old', expected: '/a?p=v%2Fw' },
		{ name: 'keeps other encodings as written', url: '/a?since=2025-01-01%2000%3A00&x=a+b', expected: '/a?since=2025-01-01%2000%3A00&x=a+b&p=v%2Fw' },
		{ name: 'keeps a fragment last', url: '/a?x=1#top', expected: '/a?x=1&p=v%2Fw#top' },
		{ name: 'survives a malformed escape', url: '/a?%E0%A4%A=1', expected: '/a?%E0%A4%A=1&p=v%2Fw' },
		{ name: 'works on absolute URLs', url: 'https://h.example/a?x=1', expected: 'https://h.example/a?x=1&p=v%2Fw' },
	])('$name', ({ url, expected }) => {
		expect(setQueryParam(url, 'p', 'v/w')).toBe(expected);
	});
});
