/** The node's parameters and credential, read and checked once per poll. */
import { NodeOperationError, type IDataObject, type IPollFunctions } from 'n8n-workflow';

import {
	EXPIRED_OFFSET_CHOICES,
	JOURNAL_ACTIONS,
	START_POSITIONS,
	type ExpiredOffsetChoice,
	type JournalAction,
	type JournalSelection,
	type StartPosition,
} from '../../core/journal';
import { hubspotBaseUrl, HUBSPOT_JOURNAL_CREDENTIAL } from '../shared/hubspot';
import { secretValues } from '../shared/secrets';
import { OBJECT_TYPE_ID } from './objects';

export interface JournalSettings {
	selection: JournalSelection;
	start: StartPosition;
	onExpiredOffset: ExpiredOffsetChoice;
	manageSubscriptions: boolean;
	maxEvents: number;
	testLimit: number;
	baseUrl: string;
	secrets: string[];
}

const list = (text: string): string[] =>
	text
		.split(',')
		.map((part) => part.trim())
		.filter((part) => part !== '');

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
	return allowed.includes(value as T) ? (value as T) : fallback;
}

function positiveInteger(value: unknown, fallback: number): number {
	return typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : fallback;
}

export async function readJournalSettings(ctx: IPollFunctions): Promise<JournalSettings> {
	const fail = (message: string, description?: string) => new NodeOperationError(ctx.getNode(), message, { description });
	const portalId = ctx.getNodeParameter('portalId', 0) as number;
	if (!Number.isInteger(portalId) || portalId <= 0) throw fail('Set "Account (Portal) ID" to the HubSpot account the app is installed in');
	const custom = list(ctx.getNodeParameter('customObjectTypeIds', '') as string);
	const badId = custom.find((id) => !OBJECT_TYPE_ID.test(id));
	if (badId !== undefined) throw fail(`"${badId}" is not an object type id`, 'Object type ids look like 0-1 (contacts) or 2-123456 (a custom object).');
	const objectTypeIds = [...new Set([...(ctx.getNodeParameter('objects', []) as string[]), ...custom])];
	if (objectTypeIds.length === 0) throw fail('Choose at least one object type');
	const actions = (ctx.getNodeParameter('actions', []) as string[]).filter((a): a is JournalAction => JOURNAL_ACTIONS.includes(a as JournalAction));
	if (actions.length === 0) throw fail('Choose at least one action');
	const properties = actions.includes('UPDATE') ? list(ctx.getNodeParameter('properties', '') as string) : [];
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const credentials = await ctx.getCredentials(HUBSPOT_JOURNAL_CREDENTIAL);
	const baseUrl = hubspotBaseUrl(credentials);
	return {
		selection: { portalId, objectTypeIds, actions, properties },
		start: oneOf(ctx.getNodeParameter('start', 'latest'), START_POSITIONS, 'latest'),
		onExpiredOffset: oneOf(options.onExpiredOffset, EXPIRED_OFFSET_CHOICES, 'fail'),
		manageSubscriptions: options.manageSubscriptions !== false,
		maxEvents: positiveInteger(options.maxEvents, 5000),
		testLimit: positiveInteger(options.testLimit, 5),
		baseUrl,
		secrets: secretValues(credentials),
	};
}
