import {
	pipedrivePlanIsSettled,
	planPipedriveRegistration,
	planPipedriveRemoval,
	readPipedriveRecord,
	type PipedriveAction,
	type PipedriveFoundWebhook,
	type PipedriveRecord,
	type PipedriveWanted,
} from '../../../core/registration';
import { derivePipedriveWebhookPassword } from '../../../core/signature';
import fixtures from '../../fixtures/registration/pipedrive-plans.json';

interface PlanCase {
	name: string;
	stored?: Partial<PipedriveRecord> & { id: string };
	hooks: PipedriveFoundWebhook[];
	actions: PipedriveAction[];
	settled: boolean;
}

const wanted = fixtures.wanted as PipedriveWanted;

/** A record made for the wanted settings, changed only where the case says. */
function recordOf(partial: Partial<PipedriveRecord> & { id: string }): PipedriveRecord {
	return { ...wanted, user: 'n8n-000000000000', nonce: 'nonce', ...partial };
}

describe('Pipedrive registration planner', () => {
	it.each(fixtures.plans as PlanCase[])('$name', ({ stored, hooks, actions, settled }) => {
		const plan = planPipedriveRegistration({ stored: stored && recordOf(stored), hooks, wanted });
		expect(plan).toEqual(actions);
		expect(pipedrivePlanIsSettled(plan)).toBe(settled);
	});
});

describe('Pipedrive removal planner', () => {
	it('deletes only the webhook it recorded, then forgets it', () => {
		expect(planPipedriveRemoval(recordOf({ id: '11' }))).toEqual([{ kind: 'delete', id: '11' }, { kind: 'forget' }]);
	});
	it('does nothing without a record', () => {
		expect(planPipedriveRemoval(undefined)).toEqual([]);
	});
});

describe('Pipedrive record from static data', () => {
	it.each(fixtures.records)('$name', ({ value, valid }) => {
		expect(readPipedriveRecord(value)).toEqual(valid ? value : undefined);
	});
});

describe('Pipedrive webhook password derivation', () => {
	// Expected values computed independently: printf 'crm-listeners/pipedrive-webhook\0<nonce>' | openssl dgst -sha256 -hmac <key>
	it.each(fixtures.passwords)('$name', ({ key, nonce, password }) => {
		expect(derivePipedriveWebhookPassword(key, nonce)).toBe(password);
	});
	it('differs for another nonce or key', () => {
		const base = derivePipedriveWebhookPassword('api-token-abc', 'nonce-123');
		expect(derivePipedriveWebhookPassword('api-token-abc', 'nonce-124')).not.toBe(base);
		expect(derivePipedriveWebhookPassword('api-token-abd', 'nonce-123')).not.toBe(base);
	});
});
