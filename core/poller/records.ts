/**
 * Record extraction: where the array of records sits in a response. Elements that are not objects are kept
 * out here and counted by the caller as skipped, like records without an id or a date.
 */
import { getPath, isJsonObject } from './paths';
import { PollerResponseError } from './runErrors';

/** Where records usually are when the configuration does not say (HubSpot `results`, Pipedrive `data`). */
export const AUTO_DETECTED_RECORD_PATHS = ['results', 'data', 'items', 'contacts'] as const;

export interface ExtractedRecords {
	records: Array<Record<string, unknown>>;
	/** Array elements that were not JSON objects. */
	notObjects: number;
}

export function extractRecords(resource: string, body: unknown, recordsPath: string | undefined): ExtractedRecords {
	return split(locate(resource, body, recordsPath));
}

function locate(resource: string, body: unknown, recordsPath: string | undefined): unknown[] {
	if (recordsPath !== undefined) {
		const value = getPath(body, recordsPath);
		// Pipedrive answers `data: null` for an empty list; a missing key is the same "nothing".
		if (value === undefined || value === null) return [];
		if (!Array.isArray(value)) {
			throw new PollerResponseError(
				'RECORDS_NOT_ARRAY',
				resource,
				`recordsPath "${recordsPath}" holds ${describe(value)}, not an array of records`,
			);
		}
		return value;
	}
	if (Array.isArray(body)) return body;
	if (isJsonObject(body)) {
		for (const path of AUTO_DETECTED_RECORD_PATHS) {
			if (Array.isArray(getPath(body, path))) return getPath(body, path) as unknown[];
		}
		for (const path of AUTO_DETECTED_RECORD_PATHS) {
			if (Object.hasOwn(body, path) && body[path] === null) return [];
		}
	}
	throw new PollerResponseError(
		'NO_RECORDS_ARRAY',
		resource,
		`the response has no array at ${AUTO_DETECTED_RECORD_PATHS.join(', ')} (it is ${describe(body)}); set recordsPath`,
	);
}

function split(values: unknown[]): ExtractedRecords {
	const records: Array<Record<string, unknown>> = [];
	let notObjects = 0;
	for (const value of values) {
		if (isJsonObject(value)) records.push(value);
		else notObjects++;
	}
	return { records, notObjects };
}

/** The shape of a value, never its content (a response may hold personal data). */
function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	if (isJsonObject(value)) {
		const keys = Object.keys(value).slice(0, 8);
		return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.join(', ')}`;
	}
	return `a ${typeof value}`;
}
