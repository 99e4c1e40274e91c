import {
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INode,
	type INodeProperties,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { BoundedCache } from '../../core/cache';
import { MAX_TRACE_KEY_LENGTH } from '../../core/listener';
import type { CompiledTemplate } from '../../core/template';
import { compileOption } from './templates';

/** What a trigger's template options show as placeholders: its own defaults, in its provider's field names. */
export interface ListenerPlaceholders {
	/** The default trace key written as a template, or an example in the provider's field names. */
	traceKey: string;
	/** The default data URI template. */
	dataUri: string;
}

/** Options every webhook trigger of this package shares (integrator.io-style listener features). */
export function listenerOptionProperties(placeholders: ListenerPlaceholders): INodeProperties[] {
	return [
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 1000 },
		default: 1,
		description:
			'Events per output item. 1 gives one item per event; a larger value gives items holding an "events" array of up to this many events.',
	},
	{
		displayName: 'Data URI Template',
		name: 'dataUriTemplate',
		type: 'string',
		default: '',
		placeholder: placeholders.dataUri,
		description:
			'Template for a "dataUri" field on each event. Empty uses the default link to the record in the CRM.',
	},
	{
		displayName: 'Drop Duplicate Deliveries',
		name: 'dedupe',
		type: 'boolean',
		default: true,
		description:
			'Whether to drop events whose trace key was already seen within the window. A delivery made only of duplicates is answered 2xx and starts no execution.',
	},
	{
		displayName: 'Duplicate Window (Minutes)',
		name: 'dedupeWindowMinutes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1440,
		description: 'How long a trace key is remembered. The providers retry for up to a day.',
	},
	{
		displayName: 'Duplicate Memory (Keys)',
		name: 'dedupeMaxKeys',
		type: 'number',
		typeOptions: { minValue: 10, maxValue: 100000 },
		default: 5000,
		description: "Most trace keys remembered in the workflow's static data; the oldest are forgotten first",
	},
	{
		displayName: 'Duplicate Memory Save Interval (Seconds)',
		name: 'dedupeSaveIntervalSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			"0 saves the duplicate memory to the workflow's static data after every execution that adds keys. A larger value saves it at most once per interval (faster under load); keys added since the last save are remembered only by the running n8n process, so a restart within the interval can let a retry of those events through again.",
	},
	{
		displayName: 'Include Data URI',
		name: 'includeDataUri',
		type: 'boolean',
		default: true,
		description: 'Whether to add a "dataUri" field with a link to the record on each event',
	},
	{
		displayName: 'Max Body Size (KB)',
		name: 'maxBodyKb',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 1024,
		description: 'Larger requests are refused with 413 before they are read',
	},
	{
		displayName: 'Response Body Template',
		name: 'responseBody',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		placeholder: '{"ok":true,"accepted":{{counts.emitted}}}',
		description:
			'Body of the success response. Available: counts.received, counts.emitted, counts.duplicates, counts.filtered, traceKeys. Empty sends a short default body in the chosen media type.',
	},
	{
		displayName: 'Response Media Type',
		name: 'responseMediaType',
		type: 'options',
		options: [
			{ name: 'JSON', value: 'application/json' },
			{ name: 'XML', value: 'application/xml' },
			{ name: 'Plain Text', value: 'text/plain' },
		],
		default: 'application/json',
		description: 'Content-Type of the success response',
	},
	{
		displayName: 'Response Status Code',
		name: 'responseStatusCode',
		type: 'number',
		typeOptions: { minValue: 200, maxValue: 299 },
		default: 200,
		description: 'Any 2xx. 204 sends no body.',
	},
	{
		displayName: 'Trace Key Template',
		name: 'traceKeyTemplate',
		type: 'string',
		default: '',
		placeholder: placeholders.traceKey,
		description:
			`Template for the trace key of each event (truncated to ${MAX_TRACE_KEY_LENGTH} characters), used to drop duplicates. Empty uses a key that is the same for every retry of one event.`,
	},
	];
}

export const MEDIA_TYPES = ['application/json', 'application/xml', 'text/plain'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export interface ListenerSettings {
	batchSize: number;
	dedupe: boolean;
	dedupeWindowMs: number;
	dedupeMaxKeys: number;
	/** 0: the duplicate memory is written to static data after every execution that adds keys. */
	dedupeSaveIntervalMs: number;
	maxBodyBytes: number;
	traceKeyTemplate?: CompiledTemplate;
	dataUriTemplate?: CompiledTemplate;
	/** Fields the default data URI needs; empty for a template the user wrote. */
	dataUriRequires: readonly string[];
	response: { statusCode: number; mediaType: MediaType; bodyTemplate?: CompiledTemplate };
}

/** Reads a node parameter, with a fallback when it is unset. */
export type ParameterReader = (name: string, fallback?: unknown) => unknown;

type SettingsReader<T> = (node: INode, param: ParameterReader) => T;

/** Settings already read, per reader, by the node's type, version and raw parameters. */
const settingsCache = new Map<SettingsReader<unknown>, BoundedCache<string, unknown>>();

/** Whether a parameter value holds an n8n expression anywhere (a string starting with `=`). */
function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object') return Object.values(value).some(holdsExpression);
	return false;
}

/**
 * A webhook node's settings, read through its parameters by `read` (on activation and for each request).
 * Reading and validating every parameter (and n8n's own per-parameter work behind getNodeParameter) is done
 * once per distinct set of raw parameters and reused: n8n hands each request a fresh copy of the node, so the
 * cache is keyed by the parameters' JSON, not by object identity. Parameters holding an expression are read
 * every time (their value can change per request), and a reading that throws is not kept. The settings are
 * shared between requests, so nothing may change them.
 */
export function readNodeSettings<T>(ctx: IHookFunctions | IWebhookFunctions, read: SettingsReader<T>): T {
	const node = ctx.getNode();
	const readFresh = () => read(node, (name, fallback) => ctx.getNodeParameter(name, fallback));
	if (holdsExpression(node.parameters)) return readFresh();
	let cache = settingsCache.get(read);
	if (cache === undefined) {
		cache = new BoundedCache<string, unknown>(256);
		settingsCache.set(read, cache);
	}
	return cache.getOrCreate(JSON.stringify([node.type, node.typeVersion, node.parameters]), readFresh) as T;
}

/** The node's "Options" collection. */
export function optionsOf(param: ParameterReader): IDataObject {
	return (param('options', {}) ?? {}) as IDataObject;
}

function numberOption(options: IDataObject, name: string, fallback: number): number {
	const value = options[name];
	return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function stringOption(options: IDataObject, name: string): string {
	const value = options[name];
	return typeof value === 'string' ? value.trim() : '';
}

/**
 * Reads and validates the shared options. Throws NodeOperationError for mistakes, so activation fails with
 * the option's name instead of the first delivery failing.
 */
export function readListenerSettings(
	node: INode,
	options: IDataObject,
	defaultDataUri: string,
	defaultDataUriRequires: readonly string[] = [],
): ListenerSettings {
	const statusCode = numberOption(options, 'responseStatusCode', 200);
	if (!Number.isInteger(statusCode) || statusCode < 200 || statusCode > 299) {
		throw new NodeOperationError(node, `Response Status Code: ${statusCode} is not a 2xx status`, {
			description: 'The providers treat anything but 2xx as a failure and retry (Pipedrive even bans the webhook).',
		});
	}
	const mediaTypeRaw = stringOption(options, 'responseMediaType') || 'application/json';
	const mediaType = MEDIA_TYPES.find((type) => type === mediaTypeRaw);
	if (!mediaType) throw new NodeOperationError(node, `Response Media Type: "${mediaTypeRaw}" is not supported`);

	const batchSize = numberOption(options, 'batchSize', 1);
	if (!Number.isInteger(batchSize) || batchSize < 1) {
		throw new NodeOperationError(node, `Batch Size: ${batchSize} must be a whole number of at least 1`);
	}
	const traceKeySource = stringOption(options, 'traceKeyTemplate');
	const bodySource = stringOption(options, 'responseBody');
	const includeDataUri = options.includeDataUri !== false;
	const customDataUri = stringOption(options, 'dataUriTemplate');
	const dataUriSource = customDataUri || defaultDataUri;

	return {
		batchSize,
		dedupe: options.dedupe !== false,
		dedupeWindowMs: Math.max(1, numberOption(options, 'dedupeWindowMinutes', 1440)) * 60_000,
		dedupeMaxKeys: Math.max(10, Math.floor(numberOption(options, 'dedupeMaxKeys', 5000))),
		dedupeSaveIntervalMs: Math.max(0, numberOption(options, 'dedupeSaveIntervalSeconds', 0)) * 1000,
		maxBodyBytes: Math.max(1, numberOption(options, 'maxBodyKb', 1024)) * 1024,
		traceKeyTemplate: traceKeySource ? compileOption(node, 'Trace Key Template', traceKeySource, MAX_TRACE_KEY_LENGTH) : undefined,
		dataUriTemplate:
			includeDataUri && dataUriSource ? compileOption(node, 'Data URI Template', dataUriSource, 2048) : undefined,
		dataUriRequires: customDataUri ? [] : defaultDataUriRequires,
		response: {
			statusCode,
			mediaType,
			bodyTemplate: bodySource ? compileOption(node, 'Response Body Template', bodySource) : undefined,
		},
	};
}
