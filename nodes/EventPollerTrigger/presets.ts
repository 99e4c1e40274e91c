/**
 * Ready-made poller configurations (Cloud Elements `event.poller.configuration` shape plus our documented
 * extensions) for the APIs that exist outside Cloud Elements: HubSpot CRM search and Pipedrive API v2.
 * The node shows the generated JSON so users can copy it into a custom configuration and edit it.
 */

export const HUBSPOT_PRESETS = ['contacts', 'companies', 'deals', 'tickets'] as const;
export const PIPEDRIVE_PRESETS = ['deals', 'persons', 'organizations', 'activities', 'products'] as const;
export type HubSpotPreset = (typeof HUBSPOT_PRESETS)[number];
export type PipedrivePreset = (typeof PIPEDRIVE_PRESETS)[number];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type ResourceMap = Record<string, Record<string, Json>>;

// Contacts name their modification date differently from the other CRM objects.
const HUBSPOT_MODIFIED: Record<HubSpotPreset, string> = {
	contacts: 'lastmodifieddate',
	companies: 'hs_lastmodifieddate',
	deals: 'hs_lastmodifieddate',
	tickets: 'hs_lastmodifieddate',
};
const HUBSPOT_CREATED: Record<HubSpotPreset, string> = {
	contacts: 'createdate',
	companies: 'createdate',
	deals: 'createdate',
	tickets: 'createdate',
};
const HUBSPOT_PROPERTIES: Record<HubSpotPreset, string[]> = {
	contacts: ['email', 'firstname', 'lastname', 'lifecyclestage'],
	companies: ['name', 'domain', 'industry'],
	deals: ['dealname', 'amount', 'dealstage', 'pipeline', 'closedate'],
	tickets: ['subject', 'content', 'hs_pipeline', 'hs_pipeline_stage', 'hs_ticket_priority'],
};

const SINGULAR: Record<string, string> = {
	contacts: 'contact',
	companies: 'company',
	deals: 'deal',
	tickets: 'ticket',
	persons: 'person',
	organizations: 'organization',
	activities: 'activity',
	products: 'product',
};

/**
 * HubSpot CRM search (https://developers.hubspot.com/docs/api/crm/search): ascending by last-modified date,
 * 200 per page, restarted from the last timestamp at the 10,000-results cap. Search needs a moment to index
 * changes, hence the poll delay. Archived records never appear in search: a second resource lists them.
 */
export function hubspotPreset(objects: readonly HubSpotPreset[]): ResourceMap {
	const map: ResourceMap = {};
	for (const object of objects) {
		const modified = HUBSPOT_MODIFIED[object];
		const created = HUBSPOT_CREATED[object];
		map[object] = {
			url: `/crm/v3/objects/${object}/search`,
			method: 'POST',
			body: {
				filterGroups: [{ filters: [{ propertyName: modified, operator: 'GTE', value: '${epoch:ms}' }] }],
				sorts: [{ propertyName: modified, direction: 'ASCENDING' }],
				properties: [...HUBSPOT_PROPERTIES[object], created, modified],
				limit: 200,
			},
			idField: 'id',
			objectType: SINGULAR[object],
			recordsPath: 'results',
			pagination: { type: 'cursor', nextPath: 'paging.next.after', param: 'after', in: 'body' },
			pageSize: 200,
			sortOrder: 'ascending',
			maxResultsPerQuery: 10000,
			pollDelay: 30,
			datesConfiguration: {
				updatedDateField: `properties.${modified}`,
				updatedDateFormat: 'iso8601',
				createdDateField: `properties.${created}`,
				createdDateFormat: 'iso8601',
				createdCheckTolerance: 10,
			},
		};
		map[`${object}_archived`] = {
			url: `/crm/v3/objects/${object}?archived=true&limit=100`,
			idField: 'id',
			objectType: SINGULAR[object],
			eventType: 'DELETED',
			recordsPath: 'results',
			pagination: { type: 'cursor', nextPath: 'paging.next.after', param: 'after', in: 'query' },
			pageSize: 100,
			sortOrder: 'unordered',
			datesConfiguration: { updatedDateField: 'archivedAt', updatedDateFormat: 'iso8601' },
		};
	}
	return map;
}

const PIPEDRIVE_SINCE = "${gmtDate:yyyy-MM-dd'T'HH:mm:ss'Z'}";

/**
 * Pipedrive API v2 lists (https://developers.pipedrive.com/docs/api/v2): `updated_since` is inclusive,
 * ascending by update time, 500 per page, cursor pagination. Products take no `updated_since`, so they are
 * read newest first back to the cursor. Deals also list deleted deals (kept 30 days).
 */
export function pipedrivePreset(objects: readonly PipedrivePreset[]): ResourceMap {
	const map: ResourceMap = {};
	const dates = {
		updatedDateField: 'update_time',
		updatedDateFormat: 'iso8601',
		createdDateField: 'add_time',
		createdDateFormat: 'iso8601',
		createdCheckTolerance: 10,
	};
	const pagination = { type: 'cursor', nextPath: 'additional_data.next_cursor', param: 'cursor', in: 'query' };
	for (const object of objects) {
		const ascending = object !== 'products';
		map[object] = {
			url: ascending
				? `/api/v2/${object}?updated_since=${PIPEDRIVE_SINCE}&sort_by=update_time&sort_direction=asc&limit=500`
				: `/api/v2/${object}?sort_by=update_time&sort_direction=desc&limit=500`,
			idField: 'id',
			objectType: SINGULAR[object],
			recordsPath: 'data',
			pagination,
			pageSize: 500,
			sortOrder: ascending ? 'ascending' : 'descending',
			// Pipedrive's lists are not a search index, but a change can commit a moment after its update_time.
			pollDelay: 5,
			datesConfiguration: dates,
		};
	}
	if (objects.includes('deals')) {
		map.deals_deleted = {
			url: `/api/v2/deals?status=deleted&updated_since=${PIPEDRIVE_SINCE}&sort_by=update_time&sort_direction=asc&limit=500`,
			idField: 'id',
			objectType: 'deal',
			eventType: 'DELETED',
			recordsPath: 'data',
			pagination,
			pageSize: 500,
			sortOrder: 'ascending',
			pollDelay: 5,
			datesConfiguration: { updatedDateField: 'update_time', updatedDateFormat: 'iso8601' },
		};
	}
	return map;
}
