import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describeConfigError, parsePollerConfig, type ParsePollerConfigOptions } from '../../../core/poller/config';
import { CONFIG_ERROR_CODES, type PollerConfig, PollerConfigError, type ResourceConfig } from '../../../core/poller/types';
import { HUBSPOT_PRESETS, hubspotPreset, PIPEDRIVE_PRESETS, pipedrivePreset } from '../../../nodes/EventPollerTrigger/presets';

const FIXTURES = join(__dirname, '../../fixtures/poller/config');
const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;
const fixtureText = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

const HUBSPOT = 'https://api.hubapi.com';
const PIPEDRIVE = 'https://api.pipedrive.com';
const PRESETS = { hubspot: 'HubSpot contacts', pipedrive: 'Pipedrive deals' };
const OPTIONS: ParsePollerConfigOptions = { baseUrl: HUBSPOT, presetsHint: PRESETS };

const parse = (input: unknown, options: ParsePollerConfigOptions = OPTIONS): PollerConfig => parsePollerConfig(input, options);

function errorOf(input: unknown, options: ParsePollerConfigOptions = OPTIONS): PollerConfigError {
	let caught: unknown;
	try {
		parse(input, options);
	} catch (error) {
		caught = error;
	}
	if (!(caught instanceof PollerConfigError)) throw new Error(`expected a PollerConfigError, got ${String(caught)}`);
	return caught;
}

/** The smallest valid resource. */
const minimal = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
	url: '/crm/v3/objects/contacts',
	idField: 'id',
	datesConfiguration: { updatedDateField: 'updatedAt', updatedDateFormat: 'iso8601' },
	...extra,
});
const withDates = (dates: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
	contacts: minimal({ datesConfiguration: dates, ...extra }),
});
const one = (input: unknown, options?: ParsePollerConfigOptions): ResourceConfig => parse(input, options).resources[0];

const HUB_MESSAGE =
	'contacts.url: "/hubs/crm/contacts?where=lastmodifieddate=\'${date}\'" is a Cloud Elements hub URL; hub URLs exist only inside Cloud Elements, so this node cannot call it: ';

describe('the HubSpot seed example from the reference', () => {
	const seed = fixture('hubspot-seed.json');
	const seedText = fixtureText('hubspot-seed.json');

	it.each([
		{ name: 'as an object', input: seed },
		{ name: 'as JSON text', input: seedText },
		{ name: 'as JSON text encoded twice', input: JSON.stringify(seedText) },
		{ name: 'as escaped JSON pasted without its quotes', input: JSON.stringify(seedText).slice(1, -1) },
		{ name: 'inside an instance configuration, as a string', input: { 'event.poller.configuration': seedText } },
		{ name: 'inside an instance configuration, as an object', input: { 'event.poller.configuration': seed } },
		{ name: 'inside an instance body', input: { element: { key: 'hubspotcrm' }, name: 'x', tags: [], configuration: { 'event.poller.configuration': seed } } },
		{ name: 'inside an instance body given as text', input: JSON.stringify({ element: 'hubspotcrm', configuration: JSON.stringify({ 'event.poller.configuration': seedText }) }) },
	])('fails with HUB_URL $name', ({ input }) => {
		const error = errorOf(input);
		expect(error.code).toBe('HUB_URL');
		expect(error.path).toBe('contacts.url');
		expect(error.message).toBe(`${HUB_MESSAGE}use the "HubSpot contacts" preset instead, or a HubSpot API path such as POST /crm/v3/objects/contacts/search`);
	});

	it.each([
		{
			name: 'the element names Pipedrive',
			input: { element: { key: 'pipedrive' }, configuration: { 'event.poller.configuration': seed } },
			options: { baseUrl: 'https://api.example.com', presetsHint: PRESETS },
			advice: 'use the "Pipedrive deals" preset instead, or a Pipedrive API path such as GET /api/v2/deals',
		},
		{
			name: 'the base URL names HubSpot (EU data centre)',
			input: seed,
			options: { baseUrl: 'https://api-eu1.hubapi.com', presetsHint: PRESETS },
			advice: 'use the "HubSpot contacts" preset instead, or a HubSpot API path such as POST /crm/v3/objects/contacts/search',
		},
		{
			name: 'the base URL names Pipedrive (company domain)',
			input: seed,
			options: { baseUrl: 'https://acme.pipedrive.com', presetsHint: PRESETS },
			advice: 'use the "Pipedrive deals" preset instead, or a Pipedrive API path such as GET /api/v2/deals',
		},
		{
			name: 'the provider is known but there are no presets',
			input: seed,
			options: { baseUrl: HUBSPOT },
			advice: 'write a HubSpot API path such as POST /crm/v3/objects/contacts/search instead',
		},
		{
			name: 'the provider is unknown',
			input: seed,
			options: { baseUrl: 'https://api.example.com', presetsHint: PRESETS },
			advice: 'use one of the presets ("HubSpot contacts", "Pipedrive deals") instead',
		},
		{
			name: 'nothing is known',
			input: seed,
			options: { baseUrl: 'https://api.example.com' },
			advice: "write the provider's own API path instead",
		},
	])('names the right preset when $name', ({ input, options, advice }) => {
		expect(errorOf(input, options).message).toBe(`${HUB_MESSAGE}${advice}`);
	});

	it('fails with HUB_URL from the instance-body fixture, secrets untouched', () => {
		const error = errorOf(fixture('hubspot-instance-body.json'), { baseUrl: 'https://api.example.com', presetsHint: PRESETS });
		expect(error.code).toBe('HUB_URL');
		expect(error.message).toContain('use the "HubSpot contacts" preset instead');
		expect(error.message).not.toContain('SECRET');
	});

	it.each([
		{ name: 'absolute Cloud Elements URL', url: 'https://api.cloud-elements.com/elements/api-v2/hubs/crm/contacts' },
		{ name: 'element API path', url: '/elements/api-v2/contacts' },
		{ name: 'hub path without leading slash', url: 'hubs/crm/contacts' },
		{ name: 'upper case', url: '/HUBS/crm/contacts' },
	])('recognises a hub URL: $name', ({ url }) => {
		expect(errorOf({ contacts: minimal({ url }) }).code).toBe('HUB_URL');
	});

	it('masks secret query values when quoting a hub URL', () => {
		const error = errorOf({ contacts: minimal({ url: '/hubs/crm/contacts?apikey=SECRET1&hapikey=SECRET2&where=x' }) });
		expect(error.message).toContain('"/hubs/crm/contacts?apikey=***&hapikey=***&where=x"');
		expect(error.message).not.toContain('SECRET');
	});
});

describe('working configurations', () => {
	it('reads a HubSpot CRM search configuration', () => {
		const config = parse(fixture('hubspot-search.json'));
		expect(config.warnings).toEqual([]);
		expect(config.refreshIntervalMinutes).toBeUndefined();
		expect(config.resources).toEqual([
			{
				name: 'contacts',
				objectType: 'contact',
				url: '/crm/v3/objects/contacts/search',
				method: 'POST',
				body: (fixture('hubspot-search.json').contacts as Record<string, unknown>).body,
				idField: 'id',
				filterByUpdatedDate: true,
				filterByCurrentDate: false,
				pollDelayMs: 30000,
				pageSize: 200,
				createdCheckToleranceMs: 10000,
				updated: { path: 'updatedAt', format: { kind: 'iso8601' }, zone: 'UTC' },
				created: { path: 'createdAt', format: { kind: 'iso8601' }, zone: 'UTC' },
				recordsPath: 'results',
				pagination: { type: 'cursor', nextPath: 'paging.next.after', param: 'after', in: 'body' },
				sortOrder: 'ascending',
			},
			{
				name: 'archivedContacts',
				objectType: 'archivedContact',
				url: 'https://api.hubapi.com/crm/v3/objects/contacts?archived=true&limit=100',
				method: 'GET',
				idField: 'id',
				filterByUpdatedDate: true,
				filterByCurrentDate: false,
				pollDelayMs: 0,
				pageSize: 100,
				createdCheckToleranceMs: 10000,
				updated: {
					path: 'archivedAt',
					format: { kind: 'pattern', java: "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", luxon: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'uZZ" },
					zone: 'UTC',
				},
				created: {
					path: 'archivedAt',
					format: { kind: 'pattern', java: "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", luxon: "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'uZZ" },
					zone: 'UTC',
				},
				pagination: { type: 'nextUrl', nextPath: 'paging.next.link' },
				sortOrder: 'descending',
				eventType: 'DELETED',
			},
		]);
	});

	it('reads a Pipedrive v2 instance configuration, selecting objects and ignoring the rest', () => {
		const config = parse(fixture('pipedrive-instance-configuration.json'), { baseUrl: PIPEDRIVE, presetsHint: PRESETS });
		expect(config.refreshIntervalMinutes).toBe(5);
		// `activities` (a hub URL) is not selected by event.objects, so it is not read at all.
		expect(config.resources.map((r) => r.name)).toEqual(['deals', 'persons']);
		const [deals, persons] = config.resources;
		expect(deals).toMatchObject({
			url: "/api/v2/deals?updated_since=${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}&sort_by=update_time&sort_direction=asc&limit=500",
			method: 'GET',
			pageSize: 500,
			recordsPath: 'data',
			pagination: { type: 'cursor', nextPath: 'additional_data.next_cursor', param: 'cursor', in: 'query' },
			sortOrder: 'ascending',
			updated: { path: 'update_time', format: { kind: 'pattern', java: "yyyy-MM-dd'T'HH:mm:ssX" }, zone: 'UTC' },
			created: { path: 'add_time', format: { kind: 'pattern', java: "yyyy-MM-dd'T'HH:mm:ssX" }, zone: 'UTC' },
		});
		expect(persons.updated.format).toEqual({ kind: 'iso8601' });
		expect(config.warnings).toEqual([
			{ path: 'event.vendor.type', message: 'ignored' },
			{ path: 'event.notification.enabled', message: 'ignored: events go to the workflow' },
			{ path: 'event.notification.callback.url', message: 'ignored: events go to the workflow' },
			{ path: 'pipedrive.api.token', message: 'ignored: the n8n credential supplies authentication (leave secrets out of this field)' },
		]);
		expect(JSON.stringify(config)).not.toContain('SECRET');
	});

	it('reads a Pipedrive v1 recents configuration with a Java pattern and offset pagination', () => {
		const resource = one(fixture('pipedrive-recents.json'), { baseUrl: 'https://acme.pipedrive.com' });
		expect(resource).toEqual({
			name: 'deals',
			objectType: 'deal',
			url: '/v1/recents?since_timestamp=${date}&items=deal',
			method: 'GET',
			idField: 'item_id',
			filterByUpdatedDate: true,
			filterByCurrentDate: false,
			pollDelayMs: 0,
			pageSize: 100,
			createdCheckToleranceMs: 10000,
			updated: { path: 'data.update_time', format: { kind: 'pattern', java: 'yyyy-MM-dd HH:mm:ss', luxon: "yyyy'-'MM'-'dd' 'HH':'mm':'ss" }, zone: 'UTC' },
			created: { path: 'data.add_time', format: { kind: 'pattern', java: 'yyyy-MM-dd HH:mm:ss', luxon: "yyyy'-'MM'-'dd' 'HH':'mm':'ss" }, zone: 'UTC' },
			recordsPath: 'data',
			pagination: {
				type: 'offset',
				param: 'start',
				nextPath: 'additional_data.pagination.next_start',
				morePath: 'additional_data.pagination.more_items_in_collection',
			},
			sortOrder: 'descending',
			deleted: { field: 'data.deleted', value: true },
		});
	});
});

describe('input shapes', () => {
	const map = { contacts: minimal() };
	it.each([
		{ name: 'resource map object', input: map, refresh: undefined },
		{ name: 'resource map text', input: JSON.stringify(map), refresh: undefined },
		{ name: 'resource map text with surrounding whitespace', input: `\n  ${JSON.stringify(map)}\n`, refresh: undefined },
		{ name: 'resource map encoded twice', input: JSON.stringify(JSON.stringify(map)), refresh: undefined },
		{ name: 'resource map encoded three times', input: JSON.stringify(JSON.stringify(JSON.stringify(map))), refresh: undefined },
		{ name: 'instance configuration', input: { 'event.poller.configuration': map, 'event.poller.refresh_interval': 15 }, refresh: 15 },
		{
			name: 'instance configuration with the map as escaped text',
			input: { 'event.poller.configuration': JSON.stringify(map), 'event.poller.refresh_interval': '2.5' },
			refresh: 2.5,
		},
		{
			name: 'instance configuration with the map encoded twice',
			input: { 'event.poller.configuration': JSON.stringify(JSON.stringify(map)) },
			refresh: undefined,
		},
		{
			name: 'instance body',
			input: { element: { key: 'hubspotcrm' }, name: 'poller', tags: ['a'], configuration: { 'event.poller.configuration': map, 'event.poller.refresh_interval': 1 } },
			refresh: 1,
		},
		{
			name: 'instance body without element',
			input: { name: 'poller', configuration: { 'event.poller.configuration': JSON.stringify(map) } },
			refresh: undefined,
		},
		{
			name: 'instance body with its configuration as text',
			input: { element: 'hubspotcrm', configuration: JSON.stringify({ 'event.poller.configuration': map }) },
			refresh: undefined,
		},
	])('$name', ({ input, refresh }) => {
		const config = parse(input);
		expect(config.resources.map((r) => r.name)).toEqual(['contacts']);
		expect(config.refreshIntervalMinutes).toBe(refresh);
	});

	it('reads a resource called "configuration" as a resource', () => {
		expect(parse({ configuration: minimal() }).resources.map((r) => r.name)).toEqual(['configuration']);
	});

	it('keeps the configuration order of resources', () => {
		const config = parse({ b: minimal(), a: minimal(), c: minimal() });
		expect(config.resources.map((r) => r.name)).toEqual(['b', 'a', 'c']);
	});
});

describe('defaults', () => {
	it('applies every default to the smallest resource', () => {
		expect(one({ contacts: minimal() })).toEqual({
			name: 'contacts',
			objectType: 'contact',
			url: '/crm/v3/objects/contacts',
			method: 'GET',
			idField: 'id',
			filterByUpdatedDate: true,
			filterByCurrentDate: false,
			pollDelayMs: 0,
			pageSize: 100,
			createdCheckToleranceMs: 10000,
			updated: { path: 'updatedAt', format: { kind: 'iso8601' }, zone: 'UTC' },
			created: { path: 'updatedAt', format: { kind: 'iso8601' }, zone: 'UTC' },
			pagination: { type: 'none' },
			sortOrder: 'descending',
		});
	});

	it.each([
		{ name: 'method POST when there is a body', extra: { body: { a: 1 } }, expected: { method: 'POST', body: { a: 1 } } },
		{ name: 'body given as JSON text', extra: { body: '{"limit": 5}' }, expected: { method: 'POST', body: { limit: 5 } } },
		{ name: 'method in lower case', extra: { method: 'post', body: [] }, expected: { method: 'POST', body: [] } },
		{ name: 'relative URL without a slash', extra: { url: 'crm/v3/objects/contacts' }, expected: { url: '/crm/v3/objects/contacts' } },
		{ name: 'URL with spaces around', extra: { url: '  /v1/x  ' }, expected: { url: '/v1/x' } },
		{ name: 'same-host absolute URL in capitals', extra: { url: 'HTTPS://API.HUBAPI.COM/crm' }, expected: { url: 'HTTPS://API.HUBAPI.COM/crm' } },
		{ name: 'protocol-relative URL on the same host', extra: { url: '//api.hubapi.com/crm' }, expected: { url: 'https://api.hubapi.com/crm' } },
		{ name: 'an @ in a relative path stays on the host', extra: { url: '@evil.example/x' }, expected: { url: '/@evil.example/x' } },
		{ name: 'pollDelay in seconds', extra: { pollDelay: 2.5 }, expected: { pollDelayMs: 2500 } },
		{ name: 'numbers as text', extra: { pollDelay: '30', pageSize: '200' }, expected: { pollDelayMs: 30000, pageSize: 200 } },
		{ name: 'booleans as text', extra: { filterByCurrentDate: 'TRUE' }, expected: { filterByCurrentDate: true } },
		{ name: 'pageSize at its maximum', extra: { pageSize: 10000 }, expected: { pageSize: 10000 } },
		{ name: 'zero pollDelay', extra: { pollDelay: 0 }, expected: { pollDelayMs: 0 } },
		{ name: 'tolerance at resource level', extra: { createdCheckTolerance: 5 }, expected: { createdCheckToleranceMs: 5000 } },
		{ name: 'zero tolerance', extra: { createdCheckTolerance: 0 }, expected: { createdCheckToleranceMs: 0 } },
		{ name: 'sortOrder asc', extra: { sortOrder: 'ASC' }, expected: { sortOrder: 'ascending' } },
		{ name: 'sortOrder desc', extra: { sortOrder: 'desc' }, expected: { sortOrder: 'descending' } },
		{ name: 'eventType in lower case', extra: { eventType: 'deleted' }, expected: { eventType: 'DELETED' } },
		{ name: 'deletedValue given', extra: { deletedField: 'status', deletedValue: 'deleted' }, expected: { deleted: { field: 'status', value: 'deleted' } } },
		{ name: 'deletedValue false', extra: { deletedField: 'active', deletedValue: false }, expected: { deleted: { field: 'active', value: false } } },
		{ name: 'deletedValue null', extra: { deletedField: 'deleted_at', deletedValue: null }, expected: { deleted: { field: 'deleted_at', value: null } } },
		{ name: 'recordsPath', extra: { recordsPath: 'data.items' }, expected: { recordsPath: 'data.items' } },
		{ name: 'pagination none as text', extra: { pagination: 'none' }, expected: { pagination: { type: 'none' } } },
		{ name: 'pagination none as object', extra: { pagination: { type: 'none' } }, expected: { pagination: { type: 'none' } } },
		{ name: 'pagination as JSON text', extra: { pagination: '{"type": "nextUrl", "nextPath": "next"}' }, expected: { pagination: { type: 'nextUrl', nextPath: 'next' } } },
		{ name: 'pagination type in any case', extra: { pagination: { type: 'NEXTURL', nextPath: 'next' } }, expected: { pagination: { type: 'nextUrl', nextPath: 'next' } } },
		{
			name: 'cursor pagination in the query for GET',
			extra: { pagination: { type: 'cursor', nextPath: 'additional_data.next_cursor', param: 'cursor' } },
			expected: { pagination: { type: 'cursor', nextPath: 'additional_data.next_cursor', param: 'cursor', in: 'query' } },
		},
		{
			name: 'cursor pagination in the body for POST',
			extra: { body: {}, pagination: { type: 'cursor', nextPath: 'paging.next.after', param: 'after' } },
			expected: { pagination: { type: 'cursor', nextPath: 'paging.next.after', param: 'after', in: 'body' } },
		},
		{
			name: 'cursor pagination in the query for POST when asked',
			extra: { body: {}, pagination: { type: 'cursor', nextPath: 'n', param: 'p', in: 'Query' } },
			expected: { pagination: { type: 'cursor', nextPath: 'n', param: 'p', in: 'query' } },
		},
		{
			name: 'offset pagination without morePath',
			extra: { pagination: { type: 'offset', param: 'start', nextPath: 'next_start' } },
			expected: { pagination: { type: 'offset', param: 'start', nextPath: 'next_start' } },
		},
	])('$name', ({ extra, expected }) => {
		expect(one({ contacts: minimal(extra) })).toMatchObject(expected);
	});

	it.each([
		{
			name: 'created settings default to the updated ones',
			dates: { updatedDateField: 'u', updatedDateFormat: 'yyyy-MM-dd HH:mm:ss', updatedDateTimezone: 'America/New_York' },
			updated: { path: 'u', java: 'yyyy-MM-dd HH:mm:ss', zone: 'America/New_York' },
			created: { path: 'u', java: 'yyyy-MM-dd HH:mm:ss', zone: 'America/New_York' },
		},
		{
			name: 'created settings of their own',
			dates: {
				updatedDateField: 'u',
				updatedDateFormat: 'yyyy-MM-dd HH:mm:ss',
				updatedDateTimezone: 'EST',
				createdDateField: 'c',
				createdDateFormat: "yyyy-MM-dd'T'HH:mm:ssXXX",
				createdDateTimezone: '+05:30',
			},
			updated: { path: 'u', java: 'yyyy-MM-dd HH:mm:ss', zone: 'UTC-5' },
			created: { path: 'c', java: "yyyy-MM-dd'T'HH:mm:ssXXX", zone: 'UTC+5:30' },
		},
		{
			name: 'only the created field differs',
			dates: { updatedDateField: 'u', updatedDateFormat: 'yyyy', createdDateField: 'c' },
			updated: { path: 'u', java: 'yyyy', zone: 'UTC' },
			created: { path: 'c', java: 'yyyy', zone: 'UTC' },
		},
		{
			name: 'a created zone does not flow back to the updated side',
			dates: { updatedDateField: 'u', updatedDateFormat: 'yyyy', createdDateTimezone: 'GMT+2' },
			updated: { path: 'u', java: 'yyyy', zone: 'UTC' },
			created: { path: 'u', java: 'yyyy', zone: 'UTC+2' },
		},
	])('$name', ({ dates, updated, created }) => {
		const resource = one(withDates(dates));
		expect(resource.updated).toMatchObject({ path: updated.path, format: { java: updated.java }, zone: updated.zone });
		expect(resource.created).toMatchObject({ path: created.path, format: { java: created.java }, zone: created.zone });
	});

	it('filters by created date, the updated side defaulting to it', () => {
		const resource = one(withDates({ createdDateField: 'add_time', createdDateFormat: 'iso8601', createdDateTimezone: 'Europe/Berlin' }, { filterByUpdatedDate: false }));
		expect(resource.filterByUpdatedDate).toBe(false);
		expect(resource.created).toEqual({ path: 'add_time', format: { kind: 'iso8601' }, zone: 'Europe/Berlin' });
		expect(resource.updated).toEqual({ path: 'add_time', format: { kind: 'iso8601' }, zone: 'Europe/Berlin' });
	});

	it.each([
		{ name: 'resource level only', resource: 5, dates: undefined, ms: 5000, warnings: [] },
		{ name: 'datesConfiguration only (the reference example)', resource: undefined, dates: 7, ms: 7000, warnings: [] },
		{ name: 'both, equal', resource: 3, dates: 3, ms: 3000, warnings: [] },
		{
			name: 'both, different: datesConfiguration wins',
			resource: 5,
			dates: 7,
			ms: 7000,
			warnings: [{ path: 'contacts.createdCheckTolerance', message: 'ignored: datesConfiguration.createdCheckTolerance (7) is also set and wins' }],
		},
		{ name: 'neither', resource: undefined, dates: undefined, ms: 10000, warnings: [] },
	])('createdCheckTolerance: $name', ({ resource, dates, ms, warnings }) => {
		const config = parse(
			withDates({ updatedDateField: 'u', updatedDateFormat: 'milliseconds', createdCheckTolerance: dates }, { createdCheckTolerance: resource }),
		);
		expect(config.resources[0].createdCheckToleranceMs).toBe(ms);
		expect(config.warnings).toEqual(warnings);
	});
});

describe('warnings', () => {
	it.each([
		{
			name: 'misspelled filterByUpdateDate is read as filterByUpdatedDate',
			resource: minimal({ filterByUpdateDate: false, datesConfiguration: { createdDateField: 'c', createdDateFormat: 'iso8601' } }),
			filterByUpdatedDate: false,
			warnings: [{ path: 'contacts.filterByUpdateDate', message: 'read as "filterByUpdatedDate" (misspelled key)' }],
		},
		{
			name: 'misspelled key ignored when the right one is set',
			resource: minimal({ filterByUpdateDate: false, filterByUpdatedDate: true }),
			filterByUpdatedDate: true,
			warnings: [{ path: 'contacts.filterByUpdateDate', message: 'misspelled key ignored: "filterByUpdatedDate" is also set' }],
		},
		{
			name: 'platform-only and unknown keys',
			resource: minimal({ postHooks: ['x'], preHooks: [], colour: 'blue' }),
			filterByUpdatedDate: true,
			warnings: [
				{ path: 'contacts.postHooks', message: 'runs only inside Cloud Elements, ignored' },
				{ path: 'contacts.preHooks', message: 'runs only inside Cloud Elements, ignored' },
				{ path: 'contacts.colour', message: 'unknown key, ignored' },
			],
		},
		{
			name: 'a key in the wrong case',
			resource: minimal({ PageSize: 5 }),
			filterByUpdatedDate: true,
			warnings: [{ path: 'contacts.PageSize', message: 'unknown key, ignored (did you mean "pageSize"?)' }],
		},
		{
			name: 'unknown keys in datesConfiguration',
			resource: minimal({ datesConfiguration: { updatedDateField: 'u', updatedDateFormat: 'iso8601', updatedDateTimeZone: 'UTC', foo: 1 } }),
			filterByUpdatedDate: true,
			warnings: [
				{ path: 'contacts.datesConfiguration.updatedDateTimeZone', message: 'unknown key, ignored (did you mean "updatedDateTimezone"?)' },
				{ path: 'contacts.datesConfiguration.foo', message: 'unknown key, ignored' },
			],
		},
		{
			name: 'keys another pagination type would use',
			resource: minimal({ pagination: { type: 'nextUrl', nextPath: 'next', param: 'page', NextPath: 'x' } }),
			filterByUpdatedDate: true,
			warnings: [
				{ path: 'contacts.pagination.param', message: 'not used by "nextUrl" pagination, ignored' },
				{ path: 'contacts.pagination.NextPath', message: 'unknown key, ignored (did you mean "nextPath"?)' },
			],
		},
		{
			name: 'created-date filter without a created field',
			resource: minimal({ filterByUpdatedDate: false }),
			filterByUpdatedDate: false,
			warnings: [
				{
					path: 'contacts.datesConfiguration.createdDateField',
					message: 'not set, so the created-date filter reads updatedDateField "updatedAt" and lets updated records through too',
				},
			],
		},
	])('$name', ({ resource, filterByUpdatedDate, warnings }) => {
		const config = parse({ contacts: resource });
		expect(config.resources[0].filterByUpdatedDate).toBe(filterByUpdatedDate);
		expect(config.warnings).toEqual(warnings);
	});

	it('names the keys of an instance body and its configuration, never their values', () => {
		const config = parse({
			element: { key: 'hubspotcrm' },
			name: 'x',
			tags: [],
			description: 'SECRET-DESCRIPTION',
			configuration: {
				'event.poller.configuration': { contacts: minimal() },
				'oauth.api.secret': 'SECRET-1',
				'hubspot.authorization.apikey': 'SECRET-2',
				'event.notification.signature.key': 'SECRET-3',
				'filter.response.nulls': true,
			},
		});
		expect(config.warnings).toEqual([
			{ path: 'description', message: 'ignored' },
			{ path: 'configuration.oauth.api.secret', message: 'ignored: the n8n credential supplies authentication (leave secrets out of this field)' },
			{ path: 'configuration.hubspot.authorization.apikey', message: 'ignored: the n8n credential supplies authentication (leave secrets out of this field)' },
			{ path: 'configuration.event.notification.signature.key', message: 'ignored: events go to the workflow' },
			{ path: 'configuration.filter.response.nulls', message: 'ignored' },
		]);
		expect(JSON.stringify(config)).not.toContain('SECRET');
	});
});

describe('event.objects', () => {
	const map = { contacts: minimal(), accounts: minimal(), companies: minimal(), activities: minimal(), addresses: minimal(), deal: minimal() };
	it.each([
		{ name: 'singular names (the reference example)', objects: 'Contact,Account', selected: ['contacts', 'accounts'] },
		{ name: 'exact names', objects: 'contacts', selected: ['contacts'] },
		{ name: 'any case', objects: 'CONTACTS', selected: ['contacts'] },
		{ name: '-ies plurals', objects: 'company,activity', selected: ['companies', 'activities'] },
		{ name: '-es plurals', objects: 'address', selected: ['addresses'] },
		{ name: 'a plural for a singular resource', objects: 'deals', selected: ['deal'] },
		{ name: 'spaces and empty items', objects: ' contacts , ,deal ', selected: ['contacts', 'deal'] },
		{ name: 'duplicates and configuration order', objects: 'deal,contact,contacts', selected: ['contacts', 'deal'] },
		{ name: 'a list', objects: ['Contact', 'Deal'], selected: ['contacts', 'deal'] },
		{ name: 'an empty string means all', objects: '', selected: Object.keys(map) },
		{ name: 'null means all', objects: null, selected: Object.keys(map) },
	])('$name', ({ objects, selected }) => {
		const config = parse({ 'event.poller.configuration': map, 'event.objects': objects });
		expect(config.resources.map((r) => r.name)).toEqual(selected);
	});

	it('prefers an exact name over a plural match', () => {
		const config = parse({ 'event.poller.configuration': { deal: minimal(), deals: minimal() }, 'event.objects': 'deals' });
		expect(config.resources.map((r) => r.name)).toEqual(['deals']);
	});
});

describe('errors', () => {
	const dates = { updatedDateField: 'u', updatedDateFormat: 'milliseconds' };
	const cases: { name: string; input: unknown; options?: ParsePollerConfigOptions; code: string; message: string }[] = [
		// INVALID_JSON
		{ name: 'truncated JSON', input: '{"contacts": {', code: 'INVALID_JSON', message: 'configuration: is not valid JSON (line 1, column 15)' },
		{ name: 'JSON with a missing comma', input: '{\n  "a": 1\n  "b": 2}', code: 'INVALID_JSON', message: 'configuration: is not valid JSON (line 3, column 3)' },
		{ name: 'not JSON at all', input: 'contacts', code: 'INVALID_JSON', message: 'configuration: is not valid JSON' },
		{ name: 'empty text', input: '   ', code: 'INVALID_JSON', message: 'configuration: is empty: paste the poller configuration as JSON' },
		{
			name: 'encoded four times',
			input: JSON.stringify(JSON.stringify(JSON.stringify(JSON.stringify({ contacts: minimal() })))),
			code: 'INVALID_JSON',
			message: 'configuration: is JSON text encoded more than 3 times',
		},
		{
			name: 'broken resource map inside an instance configuration',
			input: { 'event.poller.configuration': '{"contacts": ' },
			code: 'INVALID_JSON',
			message: 'event.poller.configuration: is not valid JSON (it ends too early)',
		},
		{
			name: 'broken body text',
			input: { contacts: minimal({ body: '{limit: 5}' }) },
			code: 'INVALID_JSON',
			message: 'contacts.body: is not valid JSON (line 1, column 2)',
		},
		// INVALID_SHAPE
		{
			name: 'an array',
			input: [{ url: '/x' }],
			code: 'INVALID_SHAPE',
			message: 'configuration: must be a JSON object (the resource map, an instance configuration or an instance body), got an array',
		},
		{
			name: 'a number',
			input: '42',
			code: 'INVALID_SHAPE',
			message: 'configuration: must be a JSON object (the resource map, an instance configuration or an instance body), got 42',
		},
		{
			name: 'no resources',
			input: {},
			code: 'INVALID_SHAPE',
			message: 'configuration: must be a map of resources such as {"contacts": {"url": "/crm/v3/objects/contacts", "idField": "id", …}}, got an object',
		},
		{
			name: 'resource map that is an array',
			input: { 'event.poller.configuration': [] },
			code: 'INVALID_SHAPE',
			message: 'event.poller.configuration: must be a map of resources such as {"contacts": {"url": "/crm/v3/objects/contacts", "idField": "id", …}}, got an array',
		},
		{ name: 'a resource that is a string', input: { contacts: '/crm' }, code: 'INVALID_SHAPE', message: 'contacts: must be an object with "url" and "idField", got "/crm"' },
		{ name: 'a resource without a name', input: { '': minimal() }, code: 'INVALID_SHAPE', message: 'configuration: every resource needs a name (the object type, e.g. "contacts")' },
		{
			name: 'an instance body whose configuration is a list',
			input: { element: 'hubspot', configuration: [] },
			code: 'INVALID_SHAPE',
			message: 'configuration: must be the instance configuration object holding "event.poller.configuration", got an array',
		},
		// MISSING_FIELD
		{ name: 'url', input: { contacts: { idField: 'id' } }, code: 'MISSING_FIELD', message: 'contacts.url: required: the path to poll, relative to the API base URL (e.g. "/api/v2/deals")' },
		{ name: 'empty url', input: { contacts: minimal({ url: ' ' }) }, code: 'MISSING_FIELD', message: 'contacts.url: required: the path to poll, relative to the API base URL (e.g. "/api/v2/deals")' },
		{
			name: 'idField',
			input: { contacts: { url: '/x' } },
			code: 'MISSING_FIELD',
			message: 'contacts.idField: required: the dotted path of the record id (e.g. "id" or "vid")',
		},
		{
			name: 'idField written in another case',
			input: { contacts: { url: '/x', idfield: 'id' } },
			code: 'MISSING_FIELD',
			message: 'contacts.idField: required: the dotted path of the record id (e.g. "id" or "vid") (found "idfield": keys are case-sensitive)',
		},
		{
			name: 'updatedDateField',
			input: { contacts: { url: '/x', idField: 'id' } },
			code: 'MISSING_FIELD',
			message: 'contacts.datesConfiguration.updatedDateField: required: the dotted path of the record\'s last-modified date, e.g. "properties.lastmodifieddate"',
		},
		{
			name: 'updatedDateField when only the created one is given',
			input: withDates({ createdDateField: 'c', createdDateFormat: 'iso8601' }),
			code: 'MISSING_FIELD',
			message: 'contacts.datesConfiguration.updatedDateField: required: the dotted path of the record\'s last-modified date, e.g. "properties.lastmodifieddate"',
		},
		{
			name: 'createdDateField when filtering by created date',
			input: { contacts: { url: '/x', idField: 'id', filterByUpdatedDate: false, datesConfiguration: { createdDateFormat: 'iso8601' } } },
			code: 'MISSING_FIELD',
			message: 'contacts.datesConfiguration.createdDateField: required: filterByUpdatedDate is false, so records are filtered by this created date, e.g. "add_time"',
		},
		{
			name: 'updatedDateFormat',
			input: withDates({ updatedDateField: 'u' }),
			code: 'MISSING_FIELD',
			message: 'contacts.datesConfiguration.updatedDateFormat: required: "milliseconds", "seconds", "iso8601" or a Java date pattern such as "yyyy-MM-dd\'T\'HH:mm:ssXXX"',
		},
		{
			name: 'updatedDateFormat even when a created format is set',
			input: withDates({ updatedDateField: 'u', createdDateFormat: 'iso8601' }),
			code: 'MISSING_FIELD',
			message: 'contacts.datesConfiguration.updatedDateFormat: required: "milliseconds", "seconds", "iso8601" or a Java date pattern such as "yyyy-MM-dd\'T\'HH:mm:ssXXX"',
		},
		{
			name: 'createdDateFormat when filtering by created date',
			input: withDates({ createdDateField: 'c' }, { filterByUpdatedDate: false }),
			code: 'MISSING_FIELD',
			message: 'contacts.datesConfiguration.createdDateFormat: required: "milliseconds", "seconds", "iso8601" or a Java date pattern such as "yyyy-MM-dd\'T\'HH:mm:ssXXX"',
		},
		{
			name: 'event.poller.configuration in an instance configuration',
			input: { 'event.objects': 'contacts', 'event.poller.refresh_interval': 5 },
			code: 'MISSING_FIELD',
			message: 'event.poller.configuration: required: an instance configuration holds the resource map there, e.g. {"contacts": {"url": "/crm/v3/objects/contacts", "idField": "id", …}}',
		},
		{
			name: 'event.poller.configuration in an instance body',
			input: { element: { key: 'pipedrive' }, configuration: { 'event.objects': 'deals' } },
			code: 'MISSING_FIELD',
			message: 'configuration.event.poller.configuration: required: the resource map, e.g. {"contacts": {"url": "/crm/v3/objects/contacts", "idField": "id", …}}',
		},
		{ name: 'pagination type', input: { contacts: minimal({ pagination: { nextPath: 'x' } }) }, code: 'MISSING_FIELD', message: 'contacts.pagination.type: required: one of "none", "cursor", "offset", "nextUrl"' },
		{
			name: 'pagination nextPath',
			input: { contacts: minimal({ pagination: { type: 'cursor', param: 'after' } }) },
			code: 'MISSING_FIELD',
			message: 'contacts.pagination.nextPath: required: the dotted path of the value in the response, e.g. "paging.next.after"',
		},
		{
			name: 'pagination param',
			input: { contacts: minimal({ pagination: { type: 'offset', nextPath: 'next_start' } }) },
			code: 'MISSING_FIELD',
			message: 'contacts.pagination.param: required: the request parameter that carries it, e.g. "start"',
		},
		{
			name: 'nextUrl nextPath',
			input: { contacts: minimal({ pagination: { type: 'nextUrl' } }) },
			code: 'MISSING_FIELD',
			message: 'contacts.pagination.nextPath: required: the dotted path of the value in the response, e.g. "paging.next.link"',
		},
		{ name: 'deletedField', input: { contacts: minimal({ deletedValue: true }) }, code: 'MISSING_FIELD', message: 'contacts.deletedField: required when deletedValue is set: the dotted path of the field to compare' },
		// INVALID_VALUE
		{ name: 'pageSize 0', input: { contacts: minimal({ pageSize: 0 }) }, code: 'INVALID_VALUE', message: 'contacts.pageSize: must be a whole number from 1 to 10000, got 0' },
		{ name: 'pageSize too large', input: { contacts: minimal({ pageSize: 10001 }) }, code: 'INVALID_VALUE', message: 'contacts.pageSize: must be a whole number from 1 to 10000, got 10001' },
		{ name: 'pageSize fraction', input: { contacts: minimal({ pageSize: 1.5 }) }, code: 'INVALID_VALUE', message: 'contacts.pageSize: must be a whole number from 1 to 10000, got 1.5' },
		{ name: 'pageSize word', input: { contacts: minimal({ pageSize: 'many' }) }, code: 'INVALID_VALUE', message: 'contacts.pageSize: must be a whole number from 1 to 10000, got "many"' },
		{ name: 'pageSize boolean', input: { contacts: minimal({ pageSize: true }) }, code: 'INVALID_VALUE', message: 'contacts.pageSize: must be a whole number from 1 to 10000, got true' },
		{ name: 'negative pollDelay', input: { contacts: minimal({ pollDelay: -1 }) }, code: 'INVALID_VALUE', message: 'contacts.pollDelay: must be a number of seconds, 0 or more, got -1' },
		{
			name: 'negative tolerance',
			input: { contacts: minimal({ createdCheckTolerance: '-5' }) },
			code: 'INVALID_VALUE',
			message: 'contacts.createdCheckTolerance: must be a number of seconds, 0 or more, got "-5"',
		},
		{
			name: 'negative tolerance inside datesConfiguration',
			input: withDates({ ...dates, createdCheckTolerance: -1 }),
			code: 'INVALID_VALUE',
			message: 'contacts.datesConfiguration.createdCheckTolerance: must be a number of seconds, 0 or more, got -1',
		},
		{
			name: 'zero refresh interval',
			input: { 'event.poller.configuration': { contacts: minimal() }, 'event.poller.refresh_interval': 0 },
			code: 'INVALID_VALUE',
			message: 'event.poller.refresh_interval: must be a number of minutes greater than 0, got 0',
		},
		{
			name: 'refresh interval as a word',
			input: { element: 'x', configuration: { 'event.poller.configuration': { contacts: minimal() }, 'event.poller.refresh_interval': 'hourly' } },
			code: 'INVALID_VALUE',
			message: 'configuration.event.poller.refresh_interval: must be a number of minutes greater than 0, got "hourly"',
		},
		{ name: 'method PUT', input: { contacts: minimal({ method: 'PUT' }) }, code: 'INVALID_VALUE', message: 'contacts.method: must be "GET" or "POST", got "PUT"' },
		{ name: 'a body that is a number', input: { contacts: minimal({ body: 42 }) }, code: 'INVALID_VALUE', message: 'contacts.body: must be a JSON object or array, got 42' },
		{ name: 'a body with GET', input: { contacts: minimal({ method: 'GET', body: {} }) }, code: 'INVALID_VALUE', message: 'contacts.body: a GET request has no body; set "method": "POST"' },
		{ name: 'a word for a boolean', input: { contacts: minimal({ filterByCurrentDate: 'yes' }) }, code: 'INVALID_VALUE', message: 'contacts.filterByCurrentDate: must be true or false, got "yes"' },
		{ name: 'a number for filterByUpdatedDate', input: { contacts: minimal({ filterByUpdatedDate: 1 }) }, code: 'INVALID_VALUE', message: 'contacts.filterByUpdatedDate: must be true or false, got 1' },
		{ name: 'maxResultsPerQuery', input: { contacts: minimal({ maxResultsPerQuery: 0 }) }, code: 'INVALID_VALUE', message: 'contacts.maxResultsPerQuery: must be a whole number of at least 1, got 0' },
		{ name: 'sortOrder', input: { contacts: minimal({ sortOrder: 'random' }) }, code: 'INVALID_VALUE', message: 'contacts.sortOrder: must be "ascending", "descending" or "unordered", got "random"' },
		{ name: 'eventType', input: { contacts: minimal({ eventType: 'MERGED' }) }, code: 'INVALID_VALUE', message: 'contacts.eventType: must be one of "CREATED", "UPDATED", "DELETED", got "MERGED"' },
		{ name: 'idField with an empty segment', input: { contacts: minimal({ idField: 'user..id' }) }, code: 'INVALID_VALUE', message: 'contacts.idField: must be a dotted path such as "id" or "user.id", got "user..id"' },
		{ name: 'idField as a number', input: { contacts: minimal({ idField: 7 }) }, code: 'INVALID_VALUE', message: 'contacts.idField: must be a string, got 7' },
		{ name: 'empty recordsPath', input: { contacts: minimal({ recordsPath: '' }) }, code: 'INVALID_VALUE', message: 'contacts.recordsPath: must be a dotted path such as "results", got ""' },
		{
			name: 'date field as an object',
			input: withDates({ updatedDateField: { path: 'u' }, updatedDateFormat: 'iso8601' }),
			code: 'INVALID_VALUE',
			message: 'contacts.datesConfiguration.updatedDateField: must be a dotted path such as "properties.lastmodifieddate", got an object',
		},
		{
			name: 'date format as a number',
			input: withDates({ updatedDateField: 'u', updatedDateFormat: 13 }),
			code: 'INVALID_VALUE',
			message: 'contacts.datesConfiguration.updatedDateFormat: must be "milliseconds", "seconds", "iso8601" or a Java date pattern such as "yyyy-MM-dd\'T\'HH:mm:ssXXX", got 13',
		},
		{
			name: 'datesConfiguration as a list',
			input: withDates([] as unknown as Record<string, unknown>),
			code: 'INVALID_VALUE',
			message: 'contacts.datesConfiguration: must be an object with updatedDateField and updatedDateFormat, got an array',
		},
		{
			name: 'deletedValue as an object',
			input: { contacts: minimal({ deletedField: 'x', deletedValue: { a: 1 } }) },
			code: 'INVALID_VALUE',
			message: 'contacts.deletedValue: must be a string, number, true, false or null, got an object',
		},
		{
			name: 'pagination type',
			input: { contacts: minimal({ pagination: { type: 'page' } }) },
			code: 'INVALID_VALUE',
			message: 'contacts.pagination.type: must be one of "none", "cursor", "offset", "nextUrl", got "page"',
		},
		{
			name: 'pagination as a word',
			input: { contacts: minimal({ pagination: 'cursor' }) },
			code: 'INVALID_VALUE',
			message: 'contacts.pagination: must be an object with "type" ("none", "cursor", "offset", "nextUrl"), got "cursor"',
		},
		{
			name: 'pagination as a number',
			input: { contacts: minimal({ pagination: 3 }) },
			code: 'INVALID_VALUE',
			message: 'contacts.pagination: must be an object with "type" ("none", "cursor", "offset", "nextUrl"), got 3',
		},
		{
			name: 'cursor pagination in a header',
			input: { contacts: minimal({ pagination: { type: 'cursor', nextPath: 'n', param: 'p', in: 'header' } }) },
			code: 'INVALID_VALUE',
			message: 'contacts.pagination.in: must be "query" or "body", got "header"',
		},
		{
			name: 'cursor pagination in the body of a GET',
			input: { contacts: minimal({ pagination: { type: 'cursor', nextPath: 'n', param: 'p', in: 'body' } }) },
			code: 'INVALID_VALUE',
			message: 'contacts.pagination.in: "body" needs "method": "POST" (a GET request has no body)',
		},
		{
			name: 'pagination nextPath with an empty segment',
			input: { contacts: minimal({ pagination: { type: 'nextUrl', nextPath: 'paging.' } }) },
			code: 'INVALID_VALUE',
			message: 'contacts.pagination.nextPath: must be a dotted path such as "paging.next.link", got "paging."',
		},
		{
			name: 'pagination param as a number',
			input: { contacts: minimal({ pagination: { type: 'offset', nextPath: 'n', param: 5 } }) },
			code: 'INVALID_VALUE',
			message: 'contacts.pagination.param: must be a parameter name, got 5',
		},
		{
			name: 'event.objects as a number',
			input: { 'event.poller.configuration': { contacts: minimal() }, 'event.objects': 5 },
			code: 'INVALID_VALUE',
			message: 'event.objects: must be a comma-separated list of resource names such as "contacts,companies", got 5',
		},
		{ name: 'a URL with another scheme', input: { contacts: minimal({ url: 'ftp://api.hubapi.com/x' }) }, code: 'INVALID_VALUE', message: 'contacts.url: must be a path such as "/v1/items" or an http(s) URL, got "ftp://api.hubapi.com/x"' },
		{
			name: 'a javascript: URL with a token',
			input: { contacts: minimal({ url: 'javascript:alert(1)//?token=SECRET' }) },
			code: 'INVALID_VALUE',
			message: 'contacts.url: must be a path such as "/v1/items" or an http(s) URL, got "javascript:alert(1)//?token=***"',
		},
		{ name: 'a backslash', input: { contacts: minimal({ url: '/\\evil.example/x' }) }, code: 'INVALID_VALUE', message: 'contacts.url: must not contain backslashes or control characters' },
		{ name: 'a newline', input: { contacts: minimal({ url: '/x\n@evil.example' }) }, code: 'INVALID_VALUE', message: 'contacts.url: must not contain backslashes or control characters' },
		{ name: 'a tab', input: { contacts: minimal({ url: '/x\t' + '/y' }) }, code: 'INVALID_VALUE', message: 'contacts.url: must not contain backslashes or control characters' },
		{
			name: 'user info on the right host',
			input: { contacts: minimal({ url: 'https://user:SECRET@api.hubapi.com/crm' }) },
			code: 'INVALID_VALUE',
			message: 'contacts.url: must not contain a user name or password: the credential supplies them',
		},
		{ name: 'a URL as a number', input: { contacts: minimal({ url: 5 }) }, code: 'INVALID_VALUE', message: 'contacts.url: must be a string, got 5' },
		{
			name: 'a base URL that is not a URL',
			input: { contacts: minimal() },
			options: { baseUrl: 'not a url SECRET' },
			code: 'INVALID_VALUE',
			message: "baseUrl: the credential's API base URL is not an http(s) URL",
		},
		// INVALID_PATTERN
		{
			name: 'unterminated quote (the reference example)',
			input: withDates({ updatedDateField: 'u', updatedDateFormat: "yyyy-MM-dd'T" }),
			code: 'INVALID_PATTERN',
			message: 'contacts.datesConfiguration.updatedDateFormat: unterminated quote in "yyyy-MM-dd\'T"',
		},
		{
			name: 'k in the created format',
			input: withDates({ updatedDateField: 'u', updatedDateFormat: 'iso8601', createdDateFormat: 'yyyy-MM-dd kk:mm' }),
			code: 'INVALID_PATTERN',
			message: 'contacts.datesConfiguration.createdDateFormat: unsupported letter "k" at position 11 in "yyyy-MM-dd kk:mm": "k" (hour 1-24) has no equivalent; use "H" (hour 0-23)',
		},
		{
			name: 'a bad pattern in a URL placeholder',
			input: { contacts: minimal({ url: '/x?since=${gmtDate:YYYY}' }) },
			code: 'INVALID_PATTERN',
			message: 'contacts.url: unsupported letter "Y" at position 0 in "YYYY": "Y" (week year) differs from the calendar year around New Year; use "y" in placeholder "${gmtDate:YYYY}"',
		},
		// UNKNOWN_PLACEHOLDER
		{
			name: 'in the URL',
			input: { contacts: minimal({ url: '/x?since=${lastRun}' }) },
			code: 'UNKNOWN_PLACEHOLDER',
			message: 'contacts.url: unknown placeholder "${lastRun}"; use ${date}, ${date:FMT}, ${gmtDate:FMT}, ${dateTimeZone:ZONE:FMT}, ${epoch} or ${epoch:s|ms|us}',
		},
		{
			name: 'in an absolute URL',
			input: { contacts: minimal({ url: 'https://api.hubapi.com/x?since=${epoch:minutes}' }) },
			code: 'UNKNOWN_PLACEHOLDER',
			message: 'contacts.url: unknown placeholder "${epoch:minutes}": ${epoch:…} takes s, ms or us',
		},
		{
			name: 'in the body',
			input: { contacts: minimal({ body: { filterGroups: [{ filters: [{ value: '${cursor}' }] }] } }) },
			code: 'UNKNOWN_PLACEHOLDER',
			message:
				'contacts.body.filterGroups[0].filters[0].value: unknown placeholder "${cursor}"; use ${date}, ${date:FMT}, ${gmtDate:FMT}, ${dateTimeZone:ZONE:FMT}, ${epoch} or ${epoch:s|ms|us}',
		},
		// UNKNOWN_ZONE
		{
			name: 'a Java abbreviation',
			input: withDates({ ...dates, updatedDateTimezone: 'PST' }),
			code: 'UNKNOWN_ZONE',
			message: 'contacts.datesConfiguration.updatedDateTimezone: time zone "PST" is a Java abbreviation; Java reads it as America/Los_Angeles: write "America/Los_Angeles" instead',
		},
		{
			name: 'an unknown zone for the created date',
			input: withDates({ ...dates, createdDateTimezone: 'Mars/Phobos' }),
			code: 'UNKNOWN_ZONE',
			message:
				'contacts.datesConfiguration.createdDateTimezone: unknown time zone "Mars/Phobos"; use GMT/UTC, an IANA name such as "America/New_York", EST/MST/HST or an offset such as "-08:00"',
		},
		{
			name: 'an offset out of range',
			input: withDates({ ...dates, updatedDateTimezone: '+24:00' }),
			code: 'UNKNOWN_ZONE',
			message: 'contacts.datesConfiguration.updatedDateTimezone: offset "+24:00" is out of range (-18:00 to +18:00)',
		},
		{
			name: 'an unknown zone in a URL placeholder',
			input: { contacts: minimal({ url: '/x?t=${dateTimeZone:CET-1:HH}' }) },
			code: 'UNKNOWN_ZONE',
			message:
				'contacts.url: unknown time zone "CET-1"; use GMT/UTC, an IANA name such as "America/New_York", EST/MST/HST or an offset such as "-08:00" in placeholder "${dateTimeZone:CET-1:HH}"',
		},
		// UNKNOWN_OBJECT
		{
			name: 'an unknown object',
			input: { 'event.poller.configuration': { contacts: minimal(), accounts: minimal() }, 'event.objects': 'Contact,Lead' },
			code: 'UNKNOWN_OBJECT',
			message: 'event.objects: "Lead" matches no resource; the resources are "contacts", "accounts"',
		},
		{
			name: 'an unknown object in an instance body',
			input: { element: 'x', configuration: { 'event.poller.configuration': { deals: minimal() }, 'event.objects': 'persons' } },
			code: 'UNKNOWN_OBJECT',
			message: 'configuration.event.objects: "persons" matches no resource; the resources are "deals"',
		},
		// FOREIGN_HOST
		{
			name: 'another host',
			input: { contacts: minimal({ url: 'https://evil.example/crm?hapikey=SECRET' }) },
			code: 'FOREIGN_HOST',
			message:
				'contacts.url: "https://evil.example" is not the credential\'s API host "api.hubapi.com"; the credential is sent only there, so write a path such as "/v1/items" or a URL on that host',
		},
		{
			name: 'a look-alike host',
			input: { contacts: minimal({ url: 'https://api.hubapi.com.evil.example/crm' }) },
			code: 'FOREIGN_HOST',
			message:
				'contacts.url: "https://api.hubapi.com.evil.example" is not the credential\'s API host "api.hubapi.com"; the credential is sent only there, so write a path such as "/v1/items" or a URL on that host',
		},
		{
			name: 'the right host as user info',
			input: { contacts: minimal({ url: 'https://api.hubapi.com@evil.example/crm' }) },
			code: 'FOREIGN_HOST',
			message:
				'contacts.url: "https://evil.example" is not the credential\'s API host "api.hubapi.com"; the credential is sent only there, so write a path such as "/v1/items" or a URL on that host',
		},
		{
			name: 'a protocol-relative URL',
			input: { contacts: minimal({ url: '//evil.example/crm' }) },
			code: 'FOREIGN_HOST',
			message:
				'contacts.url: "https://evil.example" is not the credential\'s API host "api.hubapi.com"; the credential is sent only there, so write a path such as "/v1/items" or a URL on that host',
		},
		{
			name: 'another port',
			input: { contacts: minimal({ url: 'https://api.hubapi.com:8443/crm' }) },
			code: 'FOREIGN_HOST',
			message:
				'contacts.url: "https://api.hubapi.com:8443" is not the credential\'s API host "api.hubapi.com"; the credential is sent only there, so write a path such as "/v1/items" or a URL on that host',
		},
		{
			name: 'plain http to an https API',
			input: { contacts: minimal({ url: 'http://api.hubapi.com/crm' }) },
			code: 'FOREIGN_HOST',
			message:
				'contacts.url: "http://api.hubapi.com" would send the credential unencrypted; the API base is "https://api.hubapi.com"; the credential is sent only there, so write a path such as "/v1/items" or a URL on that host',
		},
		{
			name: 'user info and password on another host',
			input: { contacts: minimal({ url: 'https://user:SECRET@evil.example/crm' }) },
			code: 'FOREIGN_HOST',
			message:
				'contacts.url: "https://evil.example" is not the credential\'s API host "api.hubapi.com"; the credential is sent only there, so write a path such as "/v1/items" or a URL on that host',
		},
	];

	it.each(cases)('$code: $name', ({ input, options, code, message }) => {
		const error = errorOf(input, options);
		expect({ code: error.code, message: error.message }).toEqual({ code, message });
		expect(error.message.startsWith(`${error.path}: `)).toBe(true);
		expect(error.problem).toBe(error.message.slice(error.path.length + 2));
		expect(error.message).not.toContain('SECRET');
	});

	it('covers every error code', () => {
		const covered = new Set(cases.map((c) => c.code));
		covered.add('HUB_URL');
		expect([...CONFIG_ERROR_CODES].filter((code) => !covered.has(code))).toEqual([]);
	});

	it('accepts the same host over http when the base is http too', () => {
		expect(one({ contacts: minimal({ url: 'http://localhost:8080/x' }) }, { baseUrl: 'http://localhost:8080' }).url).toBe('http://localhost:8080/x');
	});

	it('accepts https for an http base on the same host', () => {
		expect(one({ contacts: minimal({ url: 'https://sandbox.test/x' }) }, { baseUrl: 'http://sandbox.test' }).url).toBe('https://sandbox.test/x');
	});

	it('keeps a base path out of the way of relative URLs', () => {
		expect(one({ contacts: minimal({ url: '/v2/deals' }) }, { baseUrl: 'https://api.pipedrive.com/api/' }).url).toBe('/v2/deals');
	});
});

describe('describeConfigError', () => {
	it.each(CONFIG_ERROR_CODES.map((code) => ({ code })))('has advice for $code', ({ code }) => {
		const advice = describeConfigError(new PollerConfigError(code, 'contacts.url', 'problem'));
		expect(advice.length).toBeGreaterThan(20);
		expect(advice.endsWith('.')).toBe(true);
	});

	it('points a hub URL at the presets', () => {
		expect(describeConfigError(errorOf(fixture('hubspot-seed.json')))).toContain('presets');
	});
});

describe('objectType without one in the configuration', () => {
	it.each([
		['contacts', 'contact'],
		['accounts', 'account'],
		['activities', 'activity'],
		['addresses', 'address'],
		['deals_deleted', 'deal'],
		['contacts_archived', 'contact'],
		['status', 'status'],
		['lead', 'lead'],
	])('resource %s gives objectType %s, singular like the webhook triggers', (name, expected) => {
		expect(parse({ [name]: minimal() }).resources[0].objectType).toBe(expected);
	});
});

describe('our extensions used by the presets', () => {
	it.each([
		{ name: 'objectType names the event object', extra: { objectType: 'person' }, expected: { objectType: 'person' } },
		{ name: 'maxResultsPerQuery caps one query', extra: { maxResultsPerQuery: 10000 }, expected: { maxResultsPerQuery: 10000 } },
		{ name: 'unordered sources are read whole', extra: { sortOrder: 'unordered' }, expected: { sortOrder: 'unordered' } },
	])('$name', ({ extra, expected }) => {
		const config = parse({ contacts: minimal(extra) });
		expect(config.resources[0]).toMatchObject(expected);
		expect(config.warnings).toEqual([]);
	});
});

describe('the node presets parse without warnings', () => {
	it.each([
		{ name: 'HubSpot, every object', map: hubspotPreset(HUBSPOT_PRESETS), baseUrl: 'https://api.hubapi.com' },
		{ name: 'Pipedrive, every object', map: pipedrivePreset(PIPEDRIVE_PRESETS), baseUrl: 'https://api.pipedrive.com' },
	])('$name', ({ map, baseUrl }) => {
		const config = parsePollerConfig({ 'event.poller.configuration': map }, { baseUrl });
		expect(config.warnings).toEqual([]);
		expect(config.resources.map((resource) => resource.name)).toEqual(Object.keys(map));
		for (const resource of config.resources) expect(resource.objectType).toMatch(/^[a-z]+$/);
	});
});
