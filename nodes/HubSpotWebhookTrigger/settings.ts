import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

import { readListenerSettings, type ListenerSettings } from '../shared/listenerOptions';
import { DEFAULT_DATA_URI } from './subscriptionTypes';

type ParameterReader = (name: string, fallback?: unknown) => unknown;

export interface HubSpotSettings {
	listener: ListenerSettings;
	events: string[];
	propertyNames: string[];
	manageSubscriptions: boolean;
	verify: boolean;
	requireV3: boolean;
	publicUrl?: string;
	toleranceMs: number;
}

/** Reads every parameter once, validating as it goes: called on activation and for each request. */
export function readHubSpotSettings(node: INode, param: ParameterReader): HubSpotSettings {
	const options = (param('options', {}) ?? {}) as IDataObject;
	const events = (param('events', []) ?? []) as string[];
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
	return {
		listener: readListenerSettings(node, options, DEFAULT_DATA_URI),
		events,
		propertyNames,
		manageSubscriptions: param('manageSubscriptions', true) !== false,
		verify: param('verification', 'signature') !== 'none',
		requireV3: options.requireV3 === true,
		publicUrl: publicUrl || undefined,
		toleranceMs: toleranceSeconds * 1000,
	};
}
