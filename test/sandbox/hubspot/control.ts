// The in-process handle tests use to change HubSpot data and look at what happened.
import type { Deliverer } from '../delivery/deliverer';
import { SandboxError } from '../errors';
import type { FailureInjector } from '../failures';
import type { RequestLog } from '../request-log';
import type { ChangeOptions, HubSpotControl } from '../types';
import { readProjectUpload } from './project';
import type { RecordChange } from './records';
import type { HubSpotState } from './routes';

export function hubspotControl(state: HubSpotState, deliverer: Deliverer, log: RequestLog, failures: FailureInjector): HubSpotControl {
	const apply = (options: ChangeOptions, change: (atMs: number, nowMs: number) => RecordChange) => {
		const nowMs = state.now();
		const atMs = options.atMs ?? nowMs;
		const result = change(atMs, nowMs);
		if (options.emit !== false) state.webhooks.emit(result, options.changeSource ?? 'CRM', atMs);
		return result.record;
	};
	return {
		identity: state.identity,
		behaviour: state.behaviour,
		configure: (patch) => {
			Object.assign(state.behaviour, patch);
		},
		create: (objectType, properties, options = {}) => apply(options, (atMs, nowMs) => state.records.create(objectType, properties, atMs, nowMs)),
		update: (objectType, id, properties, options = {}) => apply(options, (atMs, nowMs) => state.records.update(objectType, id, properties, atMs, nowMs)),
		archive: (objectType, id, options = {}) => apply(options, (atMs, nowMs) => state.records.archive(objectType, id, atMs, nowMs)),
		get: (objectType, id) => state.records.get(objectType, id),
		list: (objectType, options = {}) => state.records.list(objectType, options.archived === true),
		settings: () => (state.webhooks.settings ? { ...state.webhooks.settings } : null),
		subscriptions: () => state.webhooks.subscriptions.map((s) => ({ ...s })),
		deliver: (events, options = {}) => state.webhooks.deliver(events, options),
		uploadProject: (component) => {
			state.webhooks.project = readProjectUpload(component);
			return { targetUrl: state.webhooks.project.targetUrl, subscriptions: state.webhooks.project.entries.length };
		},
		project: () => (state.webhooks.project ? { targetUrl: state.webhooks.project.targetUrl, entries: state.webhooks.project.entries.map((e) => ({ ...e })) } : null),
		redeliver: (deliveryId) => {
			const delivery = deliverer.find(deliveryId);
			if (!delivery) throw new SandboxError('NOT_FOUND', `no delivery ${deliveryId}`);
			return state.webhooks.redeliver(delivery);
		},
		deliveries: (filter = {}) => deliverer.list({ ...filter, provider: 'hubspot' }),
		requests: (filter = {}) => log.list({ ...filter, provider: 'hubspot' }),
		failNext: (rule) => failures.add(rule),
	};
}
