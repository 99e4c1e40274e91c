import { NodeOperationError, type IDataObject, type IPollFunctions } from 'n8n-workflow';

import {
	DEFAULT_MAX_EVENTS_PER_POLL,
	describeConfigError,
	parsePollerConfig,
	PollerConfigError,
	type PollerConfig,
} from '../../core/poller';
import { hubspotBaseUrl, HUBSPOT_API_KEY_TYPE_NAME, HUBSPOT_O2_TYPE_NAME } from '../shared/hubspot';
import { pipedriveBaseUrl, PIPEDRIVE_API_KEY_TYPE_NAME, PIPEDRIVE_O2_TYPE_NAME } from '../shared/pipedrive';
import { secretValues } from '../shared/secrets';
import {
	HUBSPOT_PRESETS,
	hubspotPreset,
	PIPEDRIVE_PRESETS,
	pipedrivePreset,
	type HubSpotPreset,
	type PipedrivePreset,
	type ResourceMap,
} from './presets';

export const POLLER_SOURCES = ['hubspot', 'pipedrive'] as const;
export type PollerSource = (typeof POLLER_SOURCES)[number];

// Credential type names per source: [API key, OAuth2].
const CREDENTIAL_TYPES: Record<PollerSource, readonly [string, string]> = {
	hubspot: [HUBSPOT_API_KEY_TYPE_NAME, HUBSPOT_O2_TYPE_NAME],
	pipedrive: [PIPEDRIVE_API_KEY_TYPE_NAME, PIPEDRIVE_O2_TYPE_NAME],
};

export interface PollerSettings {
	source: PollerSource;
	credentialType: string;
	baseUrl: string;
	config: PollerConfig;
	startMs?: number;
	testLimit: number;
	maxEvents: number;
	/** The credential's secret values, masked in errors built from the provider's answers. */
	secrets: string[];
}

function presetMap(ctx: IPollFunctions, source: PollerSource, includeDeleted: boolean): ResourceMap {
	if (source === 'hubspot') {
		const chosen = (ctx.getNodeParameter('hubspotObjects', ['contacts']) as string[]).filter((name): name is HubSpotPreset =>
			(HUBSPOT_PRESETS as readonly string[]).includes(name),
		);
		const map = hubspotPreset(chosen);
		if (!includeDeleted) for (const key of Object.keys(map)) if (key.endsWith('_archived')) delete map[key];
		return map;
	}
	const chosen = (ctx.getNodeParameter('pipedriveObjects', ['deals']) as string[]).filter((name): name is PipedrivePreset =>
		(PIPEDRIVE_PRESETS as readonly string[]).includes(name),
	);
	const map = pipedrivePreset(chosen);
	if (!includeDeleted) delete map.deals_deleted;
	return map;
}

/** Reads the node's parameters and credential, and validates the configuration (errors name the JSON path). */
export async function readPollerSettings(ctx: IPollFunctions): Promise<PollerSettings> {
	const node = ctx.getNode();
	const source: PollerSource = ctx.getNodeParameter('source', 'hubspot') === 'pipedrive' ? 'pipedrive' : 'hubspot';
	const useOAuth2 = ctx.getNodeParameter('authentication', 'apiKey') === 'oAuth2';
	const credentialType = CREDENTIAL_TYPES[source][useOAuth2 ? 1 : 0];
	const credentials = await ctx.getCredentials(credentialType);
	const baseUrl = source === 'pipedrive' ? pipedriveBaseUrl(credentials) : hubspotBaseUrl(credentials);

	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const mode = ctx.getNodeParameter('configurationMode', 'preset');
	let input: unknown;
	if (mode === 'custom') {
		input = ctx.getNodeParameter('configuration', '');
	} else {
		const map = presetMap(ctx, source, options.includeDeleted !== false);
		if (Object.keys(map).length === 0) {
			throw new NodeOperationError(node, 'Choose at least one object to poll');
		}
		input = map;
	}
	let config: PollerConfig;
	try {
		config = parsePollerConfig(input, {
			baseUrl,
			presetsHint: { hubspot: 'Configuration: Preset, Source: HubSpot', pipedrive: 'Configuration: Preset, Source: Pipedrive' },
		});
	} catch (error) {
		if (error instanceof PollerConfigError) throw configurationError(ctx, error);
		throw new NodeOperationError(node, error instanceof Error ? error.message : String(error));
	}

	const startRaw = ctx.getNodeParameter('startDate', '') as string;
	let startMs: number | undefined;
	if (startRaw) {
		startMs = Date.parse(startRaw);
		if (!Number.isFinite(startMs)) throw new NodeOperationError(node, `Start From: "${startRaw}" is not a date`);
	}
	const testLimit = typeof options.testLimit === 'number' ? Math.max(1, Math.min(50, options.testLimit)) : 5;
	const maxEvents = typeof options.maxEvents === 'number' && options.maxEvents >= 1 ? Math.floor(options.maxEvents) : DEFAULT_MAX_EVENTS_PER_POLL;
	return { source, credentialType, baseUrl, config, startMs, testLimit, maxEvents, secrets: secretValues(credentials) };
}

/**
 * A configuration error as the user reads it: where (the JSON path, once; the configuration as a whole is just
 * "Poller configuration"), what is wrong, and what to do, worded for the step the user is in.
 */
function configurationError(ctx: IPollFunctions, error: PollerConfigError): NodeOperationError {
	const where = error.path === 'configuration' ? 'Poller configuration' : `Poller configuration, ${error.path}`;
	const next = ctx.getMode() === 'manual' ? 'then fetch the test event again' : 'then publish or activate the workflow again';
	return new NodeOperationError(ctx.getNode(), `${where}: ${error.problem}`, {
		description: `${describeConfigError(error)} Fix it in the node's Poller Configuration, ${next}. (${error.code})`,
	});
}

/** The configuration's non-fatal findings (unknown or misspelled keys), one line each: `path: what was done`. */
export function configurationWarnings(config: PollerConfig): string[] {
	return config.warnings.map((warning) => `${warning.path}: ${warning.message}`);
}
