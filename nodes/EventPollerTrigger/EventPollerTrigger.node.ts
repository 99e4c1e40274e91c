import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	sleep,
	type IDataObject,
	type IHttpRequestMethods,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { loadState, PollerHttpError, PollerResponseError, runPoll, type HttpResponse } from '../../core/poller';
import { maskSecrets } from '../shared/secrets';
import { pollerProperties } from './description';
import { readPollerSettings } from './settings';

const STATE_KEY = 'pollerState';
const DEFAULT_BUDGET_MS = 5 * 60_000;

function headersOf(raw: unknown): Record<string, string | undefined> {
	const headers: Record<string, string | undefined> = {};
	if (raw && typeof raw === 'object') {
		for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
			headers[name.toLowerCase()] = Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
		}
	}
	return headers;
}

export class EventPollerTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Event Poller Trigger',
		name: 'eventPollerTrigger',
		icon: { light: 'file:poller.svg', dark: 'file:poller.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["source"]}}',
		description:
			'Polls HubSpot or Pipedrive as a Cloud Elements poller configuration describes, and emits CREATED, UPDATED and DELETED events exactly once',
		defaults: { name: 'Event Poller Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'crmListenersHubSpotApiKey',
				required: true,
				displayOptions: { show: { source: ['hubspot'], authentication: ['apiKey'] } },
			},
			{
				name: 'crmListenersHubSpotOAuth2Api',
				required: true,
				displayOptions: { show: { source: ['hubspot'], authentication: ['oAuth2'] } },
			},
			{
				name: 'crmListenersPipedriveApiKey',
				required: true,
				displayOptions: { show: { source: ['pipedrive'], authentication: ['apiKey'] } },
			},
			{
				name: 'crmListenersPipedriveOAuth2Api',
				required: true,
				displayOptions: { show: { source: ['pipedrive'], authentication: ['oAuth2'] } },
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

		const fetch = async (request: { method: 'GET' | 'POST'; url: string; body?: unknown }): Promise<HttpResponse> => {
			const url = /^https?:\/\//i.test(request.url) ? request.url : `${settings.baseUrl}${request.url.startsWith('/') ? '' : '/'}${request.url}`;
			const response = (await this.helpers.httpRequestWithAuthentication.call(this, settings.credentialType, {
				method: request.method as IHttpRequestMethods,
				url,
				body: request.body as IDataObject | undefined,
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			})) as { statusCode: number; headers: unknown; body: unknown };
			return { status: response.statusCode, headers: headersOf(response.headers), body: response.body };
		};

		let outcome;
		try {
			outcome = await runPoll({
				config: settings.config,
				state: loadState(staticData[STATE_KEY]),
				nowMs: Date.now(),
				budgetMs,
				mode: test ? 'test' : 'poll',
				fetch,
				sleep: async (ms) => await sleep(ms),
				clock: () => Date.now(),
				testLimit: settings.testLimit,
				maxEvents: settings.maxEvents,
				startMs: settings.startMs,
				baseUrl: settings.baseUrl,
			});
		} catch (error) {
			// The cursor in static data is untouched: the next poll reads the same records again.
			if (error instanceof PollerHttpError) {
				const providerMessage = maskSecrets(error.providerMessage, settings.secrets);
				throw new NodeApiError(this.getNode(), { message: providerMessage, status: error.status } as JsonObject, {
					message: `${settings.source === 'hubspot' ? 'HubSpot' : 'Pipedrive'} answered HTTP ${error.status}: ${providerMessage}`,
					httpCode: String(error.status),
				});
			}
			if (error instanceof PollerResponseError) {
				throw new NodeOperationError(this.getNode(), `Poller configuration: ${error.message}`);
			}
			const message = error instanceof Error ? error.message : String(error);
			throw new NodeOperationError(this.getNode(), maskSecrets(message, settings.secrets));
		}

		if (test) {
			if (outcome.events.length === 0) {
				throw new NodeOperationError(this.getNode(), 'No records changed in the last 30 days to show as a test event');
			}
		} else {
			staticData[STATE_KEY] = outcome.state as unknown as IDataObject;
		}
		if (outcome.events.length === 0) return null;
		return [outcome.events.map((event) => ({ json: { ...event } as unknown as IDataObject }))];
	}
}
