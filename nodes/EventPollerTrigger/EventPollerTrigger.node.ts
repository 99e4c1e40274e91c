import {
	NodeConnectionTypes,
	NodeOperationError,
	sleep,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { loadState, PollerHttpError, PollerResponseError, runPoll } from '../../core/poller';
import { credentialShownFor } from '../shared/credentialChoice';
import { HUBSPOT_API_KEY_TYPE_NAME, HUBSPOT_O2_TYPE_NAME } from '../shared/hubspot';
import { PIPEDRIVE_API_KEY_TYPE_NAME, PIPEDRIVE_O2_TYPE_NAME } from '../shared/pipedrive';
import { providerRefusal } from '../shared/providerHttp';
import { maskSecrets } from '../shared/secrets';
import { pollerProperties } from './description';
import { configurationWarnings, readPollerSettings } from './settings';
import { pollerFetch, pollerProvider } from './transport';
import { documentationUrlOf } from '../shared/documentation';
import codex from './EventPollerTrigger.node.json';

const STATE_KEY = 'pollerState';
const DEFAULT_BUDGET_MS = 5 * 60_000;

/** Workflow, node and warnings already written to n8n's log by this process: once each, not on every poll. */
const loggedWarnings = new Set<string>();

function logWarningsOnce(ctx: IPollFunctions, warnings: string[]): void {
	if (warnings.length === 0) return;
	const key = `${ctx.getWorkflow().id ?? ''}\u0000${ctx.getNode().id}\u0000${warnings.join('\n')}`;
	if (loggedWarnings.has(key)) return;
	if (loggedWarnings.size >= 1000) loggedWarnings.clear();
	loggedWarnings.add(key);
	ctx.logger.warn(`Event Poller Trigger "${ctx.getNode().name}": poller configuration warnings: ${warnings.join('; ')}`);
}

export class EventPollerTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Event Poller Trigger',
		name: 'eventPollerTrigger',
		documentationUrl: documentationUrlOf(codex),
		icon: { light: 'file:poller.svg', dark: 'file:poller.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ ($parameter["source"] === "pipedrive" ? "Pipedrive" : "HubSpot") + ($parameter["configurationMode"] === "custom" ? ", custom configuration" : ": " + ($parameter["source"] === "pipedrive" ? $parameter["pipedriveObjects"] : $parameter["hubspotObjects"]).join(", ")) }}',
		description:
			'Polls HubSpot or Pipedrive as a Cloud Elements poller configuration describes, and emits CREATED, UPDATED and DELETED events exactly once',
		defaults: { name: 'Event Poller Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: HUBSPOT_API_KEY_TYPE_NAME,
				required: true,
				displayOptions: credentialShownFor({ source: 'hubspot', authentication: 'apiKey' }, pollerProperties),
			},
			{
				name: HUBSPOT_O2_TYPE_NAME,
				required: true,
				displayOptions: credentialShownFor({ source: 'hubspot', authentication: 'oAuth2' }, pollerProperties),
			},
			{
				name: PIPEDRIVE_API_KEY_TYPE_NAME,
				required: true,
				displayOptions: credentialShownFor({ source: 'pipedrive', authentication: 'apiKey' }, pollerProperties),
			},
			{
				name: PIPEDRIVE_O2_TYPE_NAME,
				required: true,
				displayOptions: credentialShownFor({ source: 'pipedrive', authentication: 'oAuth2' }, pollerProperties),
			},
		],
		properties: pollerProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const settings = await readPollerSettings(this);
		const staticData = this.getWorkflowStaticData('node') as IDataObject;
		const test = this.getMode() === 'manual';
		// n8n ≥ 2.40 tells a poll how long it may run; older versions do not have the method.
		const budgetMs =
			typeof (this as Partial<IPollFunctions>).getPollBudgetMs === 'function' ? this.getPollBudgetMs() : DEFAULT_BUDGET_MS;

		const provider = pollerProvider(settings);

		let outcome;
		try {
			outcome = await runPoll({
				config: settings.config,
				state: loadState(staticData[STATE_KEY]),
				nowMs: Date.now(),
				budgetMs,
				mode: test ? 'test' : 'poll',
				fetch: pollerFetch(this, settings),
				sleep: async (ms) => await sleep(ms),
				clock: () => Date.now(),
				testLimit: settings.testLimit,
				maxEvents: settings.maxEvents,
				startMs: settings.startMs,
				baseUrl: settings.baseUrl,
			});
		} catch (error) {
			// The cursor in static data is untouched: the next poll reads the same records again.
			if (error instanceof PollerHttpError) throw providerRefusal(this, provider, error.status, error.providerMessage);
			if (error instanceof PollerResponseError) {
				throw new NodeOperationError(this.getNode(), `Poller configuration: ${error.message}`);
			}
			const message = error instanceof Error ? error.message : String(error);
			throw new NodeOperationError(this.getNode(), maskSecrets(message, settings.secrets));
		}

		const warnings = configurationWarnings(settings.config);
		if (test) {
			if (outcome.events.length === 0) {
				throw new NodeOperationError(this.getNode(), 'No records changed in the last 30 days to show as a test event', {
					description: warnings.length > 0 ? `Configuration warnings: ${warnings.join('; ')}` : undefined,
				});
			}
			// Fetch Test Event shows the configuration's warnings on every test item, after the event's own fields.
			if (warnings.length > 0) {
				return [outcome.events.map((event) => ({ json: { ...event, configurationWarnings: warnings } as unknown as IDataObject }))];
			}
		} else {
			staticData[STATE_KEY] = outcome.state as unknown as IDataObject;
			logWarningsOnce(this, warnings);
		}
		if (outcome.events.length === 0) return null;
		// The events become the items as they are: no second copy of a poll's records.
		return [outcome.events.map((event) => ({ json: event as unknown as IDataObject }))];
	}
}
