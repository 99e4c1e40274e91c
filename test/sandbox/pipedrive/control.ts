// The in-process handle tests use to change Pipedrive data and look at what happened.
import type { Deliverer } from '../delivery/deliverer';
import { SandboxError } from '../errors';
import type { FailureInjector } from '../failures';
import type { RequestLog } from '../request-log';
import type { ChangeOptions, PipedriveControl, PipedriveRecord } from '../types';
import type { PipedriveChange } from './records';
import type { PipedriveState } from './routes';

export function pipedriveControl(state: PipedriveState, deliverer: Deliverer, log: RequestLog, failures: FailureInjector): PipedriveControl {
	const apply = (options: ChangeOptions, change: (atMs: number) => PipedriveChange[]): PipedriveRecord => {
		const atMs = options.atMs ?? state.now();
		const changes = change(atMs);
		if (options.emit !== false) {
			for (const item of changes) state.webhooks.emit(item, options.changeSource ?? 'app', atMs);
		}
		const last = changes[changes.length - 1];
		const record = last.current ?? last.previous;
		if (!record) throw new SandboxError('BAD_INPUT', 'change without a record');
		return record;
	};
	return {
		identity: state.identity,
		behaviour: state.behaviour,
		configure: (patch) => {
			Object.assign(state.behaviour, patch);
		},
		create: (entity, fields, options = {}) => apply(options, (atMs) => [state.records.create(entity, fields, atMs)]),
		update: (entity, id, fields, options = {}) => apply(options, (atMs) => [state.records.update(entity, id, fields, atMs)]),
		delete: (entity, id, options = {}) => apply(options, (atMs) => [state.records.delete(entity, id, atMs)]),
		merge: (entity, fromId, toId, options = {}) =>
			apply(options, (atMs) => {
				const removed = { ...state.records.delete(entity, fromId, atMs), mergedToId: toId };
				const kept = { ...state.records.update(entity, toId, {}, atMs), mergedFromId: fromId };
				return [removed, kept];
			}),
		get: (entity, id) => state.records.get(entity, id),
		list: (entity, options = {}) => state.records.list(entity, options.deleted === true),
		webhooks: () => state.webhooks.webhooks.map((w) => ({ ...w })),
		deliver: (webhookId, body, options = {}) => state.webhooks.deliver(webhookId, body, options),
		redeliver: (deliveryId) => {
			const delivery = deliverer.find(deliveryId);
			if (!delivery) throw new SandboxError('NOT_FOUND', `no delivery ${deliveryId}`);
			return state.webhooks.redeliver(delivery);
		},
		deliveries: (filter = {}) => deliverer.list({ ...filter, provider: 'pipedrive' }),
		requests: (filter = {}) => log.list({ ...filter, provider: 'pipedrive' }),
		failNext: (rule) => failures.add(rule),
	};
}
