/** The object types the journal trigger offers by name, with HubSpot's ids (https://developers.hubspot.com/docs/guides/crm/using-object-apis). */
export const JOURNAL_OBJECTS: ReadonlyArray<{ name: string; value: string }> = [
	{ name: 'Contacts', value: '0-1' },
	{ name: 'Companies', value: '0-2' },
	{ name: 'Deals', value: '0-3' },
	{ name: 'Tickets', value: '0-5' },
	{ name: 'Products', value: '0-7' },
	{ name: 'Line Items', value: '0-8' },
	{ name: 'Quotes', value: '0-14' },
	{ name: 'Tasks', value: '0-27' },
	{ name: 'Notes', value: '0-46' },
	{ name: 'Meetings', value: '0-47' },
	{ name: 'Calls', value: '0-48' },
	{ name: 'Emails', value: '0-49' },
];

/** Standard (`0-…`) and custom (`2-…`) object type ids. */
export const OBJECT_TYPE_ID = /^[0-9]+-[0-9]+$/;
