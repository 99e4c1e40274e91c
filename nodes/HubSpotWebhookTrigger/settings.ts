import { NodeOperationError, type INode } from 'n8n-workflow';

import {
	HUBSPOT_DEFAULT_DATA_URI,
	HUBSPOT_DEFAULT_DATA_URI_REQUIRES,
	parseCustomObjectNames,
	parseHubSpotEvent,
	type CustomObjectNames,
} from '../../core/events';
import { HUBSPOT_TEST_CHOICES, type HubSpotTestChoice } from '../../core/registration';
import { optionsOf, readListenerSettings, type ListenerSettings, type ParameterReader } from '../shared/listenerOptions';

export const HUBSPOT_APP_MODELS = ['legacyPublicApp', 'configuredInHubSpot'] as const;
export type HubSpotAppModel = (typeof HUBSPOT_APP_MODELS)[number];

export interface HubSpotSettings {
	appModel: HubSpotAppModel;
	/** What Execute step may do to a legacy public app's target URL. */
	testChoice: HubSpotTestChoice;
	listener: ListenerSettings;
	events: string[];
	propertyNames: string[];
	manageSubscriptions: boolean;
	verify: boolean;
	requireV3: boolean;
	publicUrl?: string;
	toleranceMs: number;
	customObjectNames: CustomObjectNames;
}

/** Reads every parameter once, validating as it goes: called on activation and for each request. */
export function readHubSpotSettings(node: INode, param: ParameterReader): HubSpotSettings {
	const options = optionsOf(param);
	const events = ((param('events', []) ?? []) as string[]).map((value) => String(value).trim()).filter((v) => v !== '');
	const unknownEvent = events.find((value) => value !== '*' && !value.includes('*') && !parseHubSpotEvent(value));
	if (unknownEvent !== undefined) {
		throw new NodeOperationError(node, `Events: "${unknownEvent}" is not a HubSpot event name`, {
			description:
				'Use a classic name such as contact.creation, or a generic one with its object type id such as object.creation.0-3 (deals) or object.creation.2-123 (a custom object).',
		});
	}
	const propertyNames = String(param('propertyNames', '') ?? '')
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
	const publicUrl = typeof options.publicUrl === 'string' ? options.publicUrl.trim() : '';
	if (publicUrl !== '' && !/^https?:\/\/[^/?#\s]+/i.test(publicUrl)) {
		throw new NodeOperationError(node, `Public URL: "${publicUrl}" is not an absolute http(s) URL`);
	}
	const toleranceSeconds = typeof options.toleranceSeconds === 'number' ? options.toleranceSeconds : 300;
	if (!(toleranceSeconds > 0)) {
		throw new NodeOperationError(node, `Timestamp Tolerance: ${toleranceSeconds} must be a positive number of seconds`);
	}
	const custom = parseCustomObjectNames(typeof options.customObjectNames === 'string' ? options.customObjectNames : '');
	if (!custom.ok) {
		throw new NodeOperationError(node, `Custom Object Names: "${custom.entry}" is not <object type id>=<name>`, {
			description: 'For example 2-123=cars, 2-456=pets. The id is in the custom object\'s URL in HubSpot.',
		});
	}
	const appModelRaw = param('appModel', 'legacyPublicApp');
	const appModel = HUBSPOT_APP_MODELS.find((model) => model === appModelRaw);
	if (!appModel) throw new NodeOperationError(node, `HubSpot App: "${String(appModelRaw)}" is not a known app model`);
	const testChoiceRaw = param('testDeliveries', 'ifFree');
	const testChoice = HUBSPOT_TEST_CHOICES.find((choice) => choice === testChoiceRaw);
	if (!testChoice) throw new NodeOperationError(node, `Execute Step Receives: "${String(testChoiceRaw)}" is not a known choice`);
	return {
		appModel,
		testChoice,
		listener: readListenerSettings(node, options, HUBSPOT_DEFAULT_DATA_URI, HUBSPOT_DEFAULT_DATA_URI_REQUIRES),
		events,
		propertyNames,
		// Only legacy public apps have an API for webhook settings; every other model is configured in HubSpot.
		manageSubscriptions: appModel === 'legacyPublicApp' && param('manageSubscriptions', true) !== false,
		verify: param('verification', 'signature') !== 'none',
		requireV3: options.requireV3 === true,
		publicUrl: publicUrl || undefined,
		toleranceMs: toleranceSeconds * 1000,
		customObjectNames: custom.names,
	};
}
