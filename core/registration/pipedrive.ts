/**
 * What a Pipedrive Webhook Trigger does to the account's webhooks, decided from what exists and what is wanted.
 * The node authenticates deliveries with a Basic password it generated, so it never adopts a webhook it did not
 * create (that webhook's password is unknown to it) and never deletes one either.
 */
export interface PipedriveWanted {
	url: string;
	action: string;
	object: string;
	version: '1.0' | '2.0';
	credentialType: string;
}

/** What this node created; the password is derived from `nonce`, so it is never stored. */
export interface PipedriveRecord extends PipedriveWanted {
	id: string;
	user: string;
	nonce: string;
}

export interface PipedriveFoundWebhook {
	id: string;
	subscription_url: string;
	event_action: string;
	event_object: string;
}

export interface PipedriveSituation {
	stored: PipedriveRecord | undefined;
	hooks: readonly PipedriveFoundWebhook[];
	wanted: PipedriveWanted;
}

export type PipedriveAction =
	/** This node's webhook exists with the wanted settings: nothing to do. */
	| { kind: 'keep'; id: string }
	/** This node's webhook exists for other settings: replaced rather than left behind. */
	| { kind: 'delete'; id: string }
	| { kind: 'forget' }
	/** A webhook this node did not create already covers the URL, action and object. */
	| { kind: 'conflict'; id: string }
	| { kind: 'create' };

export function recordMatches(record: PipedriveRecord, wanted: PipedriveWanted): boolean {
	return (
		record.url === wanted.url &&
		record.action === wanted.action &&
		record.object === wanted.object &&
		record.version === wanted.version &&
		record.credentialType === wanted.credentialType
	);
}

export function planPipedriveRegistration(situation: PipedriveSituation): PipedriveAction[] {
	const { stored, hooks, wanted } = situation;
	const actions: PipedriveAction[] = [];
	if (stored && hooks.some((hook) => hook.id === stored.id)) {
		if (recordMatches(stored, wanted)) return [{ kind: 'keep', id: stored.id }];
		actions.push({ kind: 'delete', id: stored.id });
	}
	actions.push({ kind: 'forget' });
	const foreign = hooks.find(
		(hook) =>
			hook.id !== stored?.id &&
			hook.subscription_url === wanted.url &&
			hook.event_action === wanted.action &&
			hook.event_object === wanted.object,
	);
	actions.push(foreign ? { kind: 'conflict', id: foreign.id } : { kind: 'create' });
	return actions;
}

export function pipedrivePlanIsSettled(actions: readonly PipedriveAction[]): boolean {
	return actions.length === 1 && actions[0].kind === 'keep';
}

export type PipedriveRemovalAction = { kind: 'delete'; id: string } | { kind: 'forget' };

export function planPipedriveRemoval(stored: PipedriveRecord | undefined): PipedriveRemovalAction[] {
	return stored ? [{ kind: 'delete', id: stored.id }, { kind: 'forget' }] : [];
}

/** Reads a record from static data; anything malformed reads as no record. */
export function readPipedriveRecord(value: unknown): PipedriveRecord | undefined {
	if (!value || typeof value !== 'object') return undefined;
	const candidate = value as Partial<PipedriveRecord>;
	return typeof candidate.id === 'string' && typeof candidate.nonce === 'string' && typeof candidate.user === 'string'
		? (candidate as PipedriveRecord)
		: undefined;
}
