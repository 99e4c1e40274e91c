import { selectResources } from './objects';
import { parseResource } from './resource';
import { detectProvider, type UrlContext } from './url';
import { decodeJson, describeValue, optionalNumber } from './values';
import { isJsonObject } from '../paths';
import type { ConfigErrorCode, ConfigWarning, PollerConfig } from '../types';
import { PollerConfigError } from '../types';

/**
 * Entry point for a pasted Cloud Elements poller configuration: finds the resource map in
 * whichever of the three shapes it came in, validates everything, applies every default.
 */

export interface ParsePollerConfigOptions {
	/** The credential's API base URL: absolute resource URLs must be on its host. */
	baseUrl: string;
	/** Preset names by provider (`{ hubspot: 'HubSpot contacts' }`), named when a hub URL is refused. */
	presetsHint?: Record<string, string>;
}

/** The path label of the pasted text as a whole. */
const ROOT = 'configuration';
const KEY_RESOURCES = 'event.poller.configuration';
const KEY_REFRESH = 'event.poller.refresh_interval';
const KEY_OBJECTS = 'event.objects';
const INSTANCE_KEYS = [KEY_RESOURCES, KEY_REFRESH, KEY_OBJECTS];
const INSTANCE_BODY_KEYS = ['element', 'configuration', 'tags', 'name'];

const REFRESH_RULE = { min: 0, minExclusive: true, expected: 'a number of minutes greater than 0' };
const MAP_EXAMPLE = '{"contacts": {"url": "/crm/v3/objects/contacts", "idField": "id", …}}';

/** Instance keys that hold secrets: named in a warning, their values never read. */
const CREDENTIAL_KEY = /secret|token|password|api\.?key|authorization|private|signature/i;

interface Located {
	resources: unknown;
	resourcesPath: string;
	refresh: { value: unknown; path: string };
	objects: { value: unknown; path: string };
	elementName: string | undefined;
}

function elementName(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (!isJsonObject(value)) return undefined;
	const name = value.key ?? value.name;
	return typeof name === 'string' ? name : undefined;
}

function instanceKeyWarning(key: string): string {
	if (key.startsWith('event.notification.')) return 'ignored: events go to the workflow';
	if (CREDENTIAL_KEY.test(key)) return 'ignored: the n8n credential supplies authentication (leave secrets out of this field)';
	return 'ignored';
}

/** Shape 2: an instance `configuration` object (shape 3 passes `configuration.` as prefix). */
function fromInstanceConfiguration(config: Record<string, unknown>, prefix: string, warnings: ConfigWarning[], element?: string): Located {
	for (const key of Object.keys(config)) {
		if (!INSTANCE_KEYS.includes(key)) warnings.push({ path: `${prefix}${key}`, message: instanceKeyWarning(key) });
	}
	const resourcesPath = `${prefix}${KEY_RESOURCES}`;
	if (config[KEY_RESOURCES] === undefined || config[KEY_RESOURCES] === null) {
		throw new PollerConfigError('MISSING_FIELD', resourcesPath, `required: the resource map, e.g. ${MAP_EXAMPLE}`);
	}
	return {
		resources: config[KEY_RESOURCES],
		resourcesPath,
		refresh: { value: config[KEY_REFRESH], path: `${prefix}${KEY_REFRESH}` },
		objects: { value: config[KEY_OBJECTS], path: `${prefix}${KEY_OBJECTS}` },
		elementName: element,
	};
}

function locate(root: Record<string, unknown>, warnings: ConfigWarning[]): Located {
	if (Object.hasOwn(root, 'configuration')) {
		const config = decodeJson(root.configuration, ROOT);
		const isInstanceBody = Object.hasOwn(root, 'element') || (isJsonObject(config) && Object.hasOwn(config, KEY_RESOURCES));
		if (isInstanceBody) {
			if (!isJsonObject(config)) {
				throw new PollerConfigError('INVALID_SHAPE', ROOT, `must be the instance configuration object holding "${KEY_RESOURCES}", got ${describeValue(config)}`);
			}
			for (const key of Object.keys(root)) {
				if (!INSTANCE_BODY_KEYS.includes(key)) warnings.push({ path: key, message: 'ignored' });
			}
			return fromInstanceConfiguration(config, `${ROOT}.`, warnings, elementName(root.element));
		}
	}
	if (Object.hasOwn(root, KEY_RESOURCES)) return fromInstanceConfiguration(root, '', warnings);
	if (Object.keys(root).some((key) => key.startsWith('event.'))) {
		throw new PollerConfigError('MISSING_FIELD', KEY_RESOURCES, `required: an instance configuration holds the resource map there, e.g. ${MAP_EXAMPLE}`);
	}
	return { resources: root, resourcesPath: ROOT, refresh: { value: undefined, path: KEY_REFRESH }, objects: { value: undefined, path: KEY_OBJECTS }, elementName: undefined };
}

function parseBaseUrl(text: string): URL {
	try {
		const url = new URL(text);
		if (url.protocol === 'https:' || url.protocol === 'http:') return url;
	} catch {
		// Reported below, without quoting the value.
	}
	throw new PollerConfigError('INVALID_VALUE', 'baseUrl', "the credential's API base URL is not an http(s) URL");
}

/**
 * Parses a pasted poller configuration: the resource map itself, an instance `configuration` object, or a
 * whole instance body, each as an object or as (possibly twice-encoded) JSON text. Throws
 * `PollerConfigError`; non-fatal findings (unknown keys, aliases) come back as warnings.
 */
export function parsePollerConfig(input: unknown, options: ParsePollerConfigOptions): PollerConfig {
	const baseUrl = parseBaseUrl(options.baseUrl);
	const warnings: ConfigWarning[] = [];
	const root = decodeJson(input, ROOT);
	if (!isJsonObject(root)) {
		throw new PollerConfigError(
			'INVALID_SHAPE',
			ROOT,
			`must be a JSON object (the resource map, an instance configuration or an instance body), got ${describeValue(root)}`,
		);
	}
	const located = locate(root, warnings);
	const map = decodeJson(located.resources, located.resourcesPath);
	if (!isJsonObject(map) || Object.keys(map).length === 0) {
		throw new PollerConfigError('INVALID_SHAPE', located.resourcesPath, `must be a map of resources such as ${MAP_EXAMPLE}, got ${describeValue(map)}`);
	}
	const names = Object.keys(map);
	if (names.some((name) => name.trim() === '')) {
		throw new PollerConfigError('INVALID_SHAPE', located.resourcesPath, 'every resource needs a name (the object type, e.g. "contacts")');
	}
	const refreshIntervalMinutes = optionalNumber(located.refresh.value, located.refresh.path, REFRESH_RULE);
	const selected = selectResources(names, located.objects.value, located.objects.path);

	const ctx: UrlContext = { baseUrl, provider: detectProvider(located.elementName, baseUrl), presetsHint: options.presetsHint };
	const resources = selected.map((name) => parseResource(name, map[name], ctx, warnings));
	const config: PollerConfig = { resources, warnings };
	if (refreshIntervalMinutes !== undefined) config.refreshIntervalMinutes = refreshIntervalMinutes;
	return config;
}

const ADVICE: Record<ConfigErrorCode, string> = {
	INVALID_JSON: 'Paste the poller configuration as JSON: the resource map, the instance configuration or the whole instance body.',
	INVALID_SHAPE: 'The configuration is a map from object type to resource settings, e.g. {"contacts": {"url": "…", "idField": "id"}}.',
	MISSING_FIELD: 'Add the missing setting; the poller configuration reference lists every field and its default.',
	INVALID_VALUE: 'Correct the value; the poller configuration reference lists what each field accepts.',
	INVALID_PATTERN: "Date patterns follow Java's SimpleDateFormat, e.g. yyyy-MM-dd'T'HH:mm:ssXXX; quote literal text as in 'T'.",
	UNKNOWN_PLACEHOLDER: 'Placeholders are ${date}, ${date:FMT}, ${gmtDate:FMT}, ${dateTimeZone:ZONE:FMT}, ${epoch} and ${epoch:s|ms|us}.',
	UNKNOWN_ZONE: 'Use GMT/UTC, an IANA zone such as America/New_York, EST/MST/HST or an offset such as -08:00.',
	UNKNOWN_OBJECT: 'event.objects lists resource names of this configuration, separated by commas.',
	HUB_URL: "Cloud Elements hub URLs only work inside Cloud Elements: pick one of the node's presets or write the provider's API path.",
	FOREIGN_HOST: "Resource URLs must stay on the credential's API host so the credential is never sent elsewhere; use a path.",
};

/** What the user can do about a configuration error, for the description under the error message. */
export function describeConfigError(error: PollerConfigError): string {
	return ADVICE[error.code];
}
