import { randomBytes } from 'node:crypto';
import { NodeOperationError, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';

import {
	pipedrivePlanIsSettled,
	planPipedriveRegistration,
	planPipedriveRemoval,
	readPipedriveRecord,
	recordMatches,
	type PipedriveRecord,
	type PipedriveWanted,
} from '../../core/registration';
import { derivePipedriveWebhookPassword } from '../../core/signature';
import {
	accessFrom,
	createWebhook,
	deleteWebhook,
	derivationKey,
	listWebhooks,
	type PipedriveAccess,
	type PipedriveCredentialType,
} from '../shared/pipedrive';
import { staticSlot, type StaticSlot } from '../shared/staticSlot';
import { registrationAction } from './options';
import type { PipedriveSettings } from './settings';

/**
 * What this node created in Pipedrive. The Basic-auth password is not stored: it is derived from a random
 * nonce and a secret of the API credential, so static data (which exports with the workflow) never holds it.
 */
export interface PipedriveRegistration extends PipedriveRecord {
	version: '1.0' | '2.0';
	credentialType: PipedriveCredentialType;
}

const REGISTRATION_KEY = 'pipedriveRegistration';

function slot(ctx: IHookFunctions | IWebhookFunctions): StaticSlot<PipedriveRegistration> {
	return staticSlot(ctx, REGISTRATION_KEY, (value) => readPipedriveRecord(value) as PipedriveRegistration | undefined);
}

export function loadRegistration(ctx: IHookFunctions | IWebhookFunctions): PipedriveRegistration | undefined {
	return slot(ctx).load();
}

async function accessFor(ctx: IHookFunctions, credentialType: PipedriveCredentialType) {
	const credentials = await ctx.getCredentials(credentialType);
	return { credentials, access: accessFrom(credentialType, credentials) };
}

function wanted(settings: PipedriveSettings, url: string): PipedriveWanted {
	return {
		url,
		action: registrationAction(settings.action, settings.version),
		object: settings.entity,
		version: settings.version,
		credentialType: settings.apiCredential,
	};
}

export async function registrationExists(ctx: IHookFunctions, settings: PipedriveSettings, url: string): Promise<boolean> {
	const stored = loadRegistration(ctx);
	const want = wanted(settings, url);
	// Only a webhook this node created with these settings can count; no call is needed to rule out the rest.
	if (!stored || !recordMatches(stored, want)) return false;
	const { access } = await accessFor(ctx, settings.apiCredential);
	return pipedrivePlanIsSettled(planPipedriveRegistration({ stored, hooks: await listWebhooks(ctx, access), wanted: want }));
}

function conflictError(ctx: IHookFunctions, id: string, want: PipedriveWanted): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`Pipedrive already has webhook ${id} for this URL, ${want.action}.${want.object}, which this node did not create`,
		{
			description:
				'Its HTTP Basic password is unknown to this node, so it would reject those deliveries. Delete that webhook in Pipedrive (Tools → Webhooks), or set Setup to "I Created the Webhook Myself" and give its user and password.',
		},
	);
}

async function create(ctx: IHookFunctions, settings: PipedriveSettings, access: PipedriveAccess, key: string, want: PipedriveWanted) {
	const user = `n8n-${randomBytes(6).toString('hex')}`;
	const nonce = randomBytes(32).toString('base64url');
	const name = settings.webhookName || `n8n CRM Listeners: ${ctx.getWorkflow().name ?? ctx.getWorkflow().id ?? 'workflow'}`;
	const password = derivePipedriveWebhookPassword(key, nonce);
	// Masked like the credential's own secrets, should Pipedrive quote it back in an error.
	const id = await createWebhook(ctx, { ...access, secrets: [...access.secrets, password] }, {
		subscription_url: want.url,
		event_action: want.action,
		event_object: want.object,
		name: name.slice(0, 255),
		http_auth_user: user,
		http_auth_password: password,
		// Always explicit: Pipedrive silently picks v2 when this is missing.
		version: want.version,
	});
	if (id === undefined) throw new NodeOperationError(ctx.getNode(), 'Pipedrive created the webhook but returned no id');
	slot(ctx).save({ id, url: want.url, action: want.action, object: want.object, version: settings.version, user, nonce, credentialType: settings.apiCredential });
}

export async function createRegistration(ctx: IHookFunctions, settings: PipedriveSettings, url: string): Promise<void> {
	const { credentials, access } = await accessFor(ctx, settings.apiCredential);
	const key = derivationKey(credentials, settings.apiCredential);
	if (key === '') {
		throw new NodeOperationError(ctx.getNode(), 'The Pipedrive credential has no API token or client secret', {
			description: 'The node derives the webhook password from it.',
		});
	}
	const want = wanted(settings, url);
	const actions = planPipedriveRegistration({ stored: loadRegistration(ctx), hooks: await listWebhooks(ctx, access), wanted: want });
	for (const action of actions) {
		if (action.kind === 'delete') await deleteWebhook(ctx, access, action.id);
		else if (action.kind === 'forget') slot(ctx).save(undefined);
		else if (action.kind === 'conflict') throw conflictError(ctx, action.id, want);
		else if (action.kind === 'create') await create(ctx, settings, access, key, want);
	}
}

export async function deleteRegistration(ctx: IHookFunctions): Promise<void> {
	const stored = loadRegistration(ctx);
	if (!stored) return;
	const { access } = await accessFor(ctx, stored.credentialType);
	for (const action of planPipedriveRemoval(stored)) {
		if (action.kind === 'delete') await deleteWebhook(ctx, access, action.id);
		else slot(ctx).save(undefined);
	}
}

/** The Basic pair a delivery to a registered webhook must carry, or undefined when none can be known. */
export async function expectedRegisteredPair(ctx: IWebhookFunctions): Promise<{ user: string; password: string } | undefined> {
	const registration = loadRegistration(ctx);
	if (!registration) return undefined;
	const key = derivationKey(await ctx.getCredentials(registration.credentialType), registration.credentialType);
	return key === '' ? undefined : { user: registration.user, password: derivePipedriveWebhookPassword(key, registration.nonce) };
}
