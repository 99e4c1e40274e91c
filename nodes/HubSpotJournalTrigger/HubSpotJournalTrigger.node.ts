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

import { loadJournalState, readJournal, sampleJournal, selectionKey, type Clock, type JournalItem } from '../../core/journal';
import { HUBSPOT_JOURNAL_CREDENTIAL, journalApi, renewTokenIfExpiring } from '../shared/hubspot';
import { journalProperties } from './description';
import { toNodeError } from './errors';
import { readJournalSettings } from './settings';
import { syncSubscriptions } from './subscriptions';
import { documentationUrlOf } from '../shared/documentation';
import codex from './HubSpotJournalTrigger.node.json';

const STATE_KEY = 'journalState';
const DEFAULT_BUDGET_MS = 5 * 60_000;

/** Trigger instances whose subscriptions were checked in this process, with the settings they were checked for. */
const checkedThisProcess = new Set<string>();

const clock: Clock = { now: () => Date.now(), sleep: async (ms) => await sleep(ms), random: () => Math.random() };

const toItems = (items: JournalItem[]): INodeExecutionData[][] | null =>
	items.length === 0 ? null : [items.map((item) => ({ json: item as unknown as IDataObject }))];

export class HubSpotJournalTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HubSpot Journal Trigger',
		name: 'hubSpotJournalTrigger',
		documentationUrl: documentationUrlOf(codex),
		icon: { light: 'file:hubspot.svg', dark: 'file:hubspot.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"account " + $parameter["portalId"]}}',
		description: "Reads HubSpot's webhooks journal: every subscribed CRM change exactly once, no public URL needed",
		defaults: { name: 'HubSpot Journal Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: HUBSPOT_JOURNAL_CREDENTIAL, required: true }],
		properties: journalProperties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const settings = await readJournalSettings(this);
		// n8n ≥ 2.40 tells a poll how long it may run; older versions do not have the method.
		const budgetMs = typeof (this as Partial<IPollFunctions>).getPollBudgetMs === 'function' ? this.getPollBudgetMs() : DEFAULT_BUDGET_MS;
		const api = journalApi(this, settings.baseUrl, settings.selection.portalId, settings.secrets);
		try {
			await renewTokenIfExpiring(this, Date.now());
			if (this.getMode() === 'manual') {
				const samples = await sampleJournal({ api, clock, selection: settings.selection, limit: settings.testLimit, budgetMs });
				if (samples.length > 0) return toItems(samples);
				throw new NodeOperationError(this.getNode(), `The journal of account ${settings.selection.portalId} has no recent event this trigger would emit`, {
					description: 'Activate the workflow (its first poll creates the subscriptions), then change a matching record in HubSpot and fetch again.',
				});
			}
			const staticData = this.getWorkflowStaticData('node') as IDataObject;
			const state = loadJournalState(staticData[STATE_KEY]);
			// Checked when the settings change and once per n8n process (a restart also repairs subscriptions
			// someone deleted in HubSpot); when all is in place that costs one list call.
			const key = selectionKey(settings.selection);
			const processKey = `${this.getWorkflow().id ?? ''}:${this.getNode().id}:${key}`;
			if (settings.manageSubscriptions && (state.selectionKey !== key || !checkedThisProcess.has(processKey))) {
				await syncSubscriptions(this, settings, settings.selection, state);
				staticData[STATE_KEY] = state as unknown as IDataObject;
				checkedThisProcess.add(processKey);
			}
			const outcome = await readJournal({ api, clock, cursor: state.cursor, ...settings, budgetMs });
			if (outcome.error && outcome.items.length === 0) throw outcome.error;
			state.cursor = outcome.cursor;
			staticData[STATE_KEY] = state as unknown as IDataObject;
			if (outcome.error) this.logger.warn(`HubSpot Journal Trigger stopped early, the next poll retries: ${toNodeError(this.getNode(), outcome.error, settings.secrets).message}`);
			if (outcome.gap) {
				this.logger.warn(`HubSpot Journal Trigger restarted at the earliest retained entry; events after offset ${outcome.gap.offset} may be missing`);
				if (outcome.items.length > 0) {
					(outcome.items[0] as JournalItem & { journalGap?: object }).journalGap = {
						expiredOffset: outcome.gap.offset,
						lastReadAt: outcome.gap.committedAtMs > 0 ? new Date(outcome.gap.committedAtMs).toISOString() : '',
					};
				}
			}
			return toItems(outcome.items);
		} catch (error) {
			throw toNodeError(this.getNode(), error, settings.secrets);
		}
	}
}
