// Date formats the providers use.

/** HubSpot and Pipedrive v2 style: 2024-05-01T10:00:00.123Z */
export function isoMs(ms: number): string {
	return new Date(ms).toISOString();
}

/** Pipedrive API v2 records: RFC 3339 without milliseconds, 2024-05-01T10:00:00Z */
export function isoSeconds(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Pipedrive v1 objects: 2024-05-01 10:00:00 (UTC) */
export function pipedriveV1Date(ms: number): string {
	return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
