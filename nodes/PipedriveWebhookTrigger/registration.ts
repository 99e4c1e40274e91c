import { createHmac, randomBytes } from 'node:crypto';
import { NodeOperationError, type IDataObject, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';

import {
	failOnPipedriveError,
	pipedriveBaseUrl,
	pipedriveRequest,
	PIPEDRIVE_O2_TYPE_NAME,
	type PipedriveAccess,
	type PipedriveCredentialType,
} from '../shared/pipedriveApi';
import { secretValues } from '../shared/secrets';
import { registrationAction } from './options';
import type { PipedriveSettings } from './settings';

/**
 * What this node created in Pipedrive. The Basic-auth password is not stored: it is derived from a random
 * nonce and a secret of the API credential, so static data (which exports with the workflow) never holds it.
 */
export interface PipedriveRegistration {
	id: string;
	url: string;
	action: string;
	object: string;
	version: '1.0' | '2.0';
	user: string;
	nonce: string;
	credentialType: PipedriveCredentialType;
}

const REGISTRATION_KEY = 'pipedriveRegistration';

export function loadRegistration(ctx: IHookFunctions | IWebhookFunctions): PipedriveRegistration | undefined {
	const value = (ctx.getWorkflowStaticData('node') as IDataObject)[REGISTRATION_KEY];
	if (!value || typeof value !== 'object') return undefined;
	const candidate = value as Partial<PipedriveRegistration>;
	return typeof candidate.id === 'string' && typeof candidate.nonce === 'string' && typeof candidate.user === 'string'
		? (candidate as PipedriveRegistration)
		: undefined;
}

function saveRegistration(ctx: IHookFunctions, registration: PipedriveRegistration | undefined): void {
	const staticData = ctx.getWorkflowStaticData('node') as IDataObject;
	if (registration) staticData[REGISTRATION_KEY] = registration as unknown as IDataObject;
	else delete staticData[REGISTRATION_KEY];
}

/** The credential secret the password derives from: the API token, or the OAuth2 client secret (tokens rotate). */
export function derivationKey(credentials: IDataObject, credentialType: PipedriveCredentialType): string {
	const key = credentialType === PIPEDRIVE_O2_TYPE_NAME ? credentials.clientSecret : credentials.apiToken;
	return typeof key === 'string' ? key : '';
}

export function derivePassword(key: string, nonce: string): string {
	return createHmac('sha256', key).update(`crm-listeners/pipedrive-webhook\u0000${nonce}`).digest('base64url');
}

interface PipedriveWebhook {
	id: string;
	subscription_url: string;
	event_action: string;
	event_object: string;
	version?: string;
}

async function context(ctx: IHookFunctions, credentialType: PipedriveCredentialType) {
	const credentials = await ctx.getCredentials(credentialType);
	const access: PipedriveAccess = { credentialType, baseUrl: pipedriveBaseUrl(credentials), secrets: secretValues(credentials) };
	return { credentials, access };
}

async function listWebhooks(ctx: IHookFunctions, access: PipedriveAccess): Promise<PipedriveWebhook[]> {
	const result = await pipedriveRequest(ctx, access, 'GET', '/v1/webhooks');
	failOnPipedriveError(ctx, access, 'list its webhooks', result);
	const data = (result.body as IDataObject | undefined)?.data;
	if (!Array.isArray(data)) return [];
	return (data as IDataObject[]).map((hook) => ({
		id: String(hook.id),
		subscription_url: String(hook.subscription_url ?? ''),
		event_action: String(hook.event_action ?? ''),
		event_object: String(hook.event_object ?? ''),
		version: typeof hook.version === 'string' ? hook.version : undefined,
	}));
}

function wanted(settings: PipedriveSettings, url: string) {
	return { url, action: registrationAction(settings.action, settings.version), object: settings.entity, version: settings.version };
}

function matchesWanted(registration: PipedriveRegistration, want: ReturnType<typeof wanted>, credentialType: string): boolean {
	return (
		registration.url === want.url &&
		registration.action === want.action &&
		registration.object === want.object &&
		registration.version === want.version &&
		registration.credentialType === credentialType
	);
}

export async function registrationExists(ctx: IHookFunctions, settings: PipedriveSettings, url: string): Promise<boolean> {
	const registration = loadRegistration(ctx);
	if (!registration || !matchesWanted(registration, wanted(settings, url), settings.apiCredential)) return false;
	const { access } = await context(ctx, settings.apiCredential);
	return (await listWebhooks(ctx, access)).some((hook) => hook.id === registration.id);
}

export async function createRegistration(ctx: IHookFunctions, settings: PipedriveSettings, url: string): Promise<void> {
	const { credentials, access } = await context(ctx, settings.apiCredential);
	const key = derivationKey(credentials, settings.apiCredential);
	if (key === '') {
		throw new NodeOperationError(ctx.getNode(), 'The Pipedrive credential has no API token or client secret', {
			description: 'The node derives the webhook password from it.',
		});
	}
	const want = wanted(settings, url);
	const previous = loadRegistration(ctx);
	const hooks = await listWebhooks(ctx, access);
	if (previous && hooks.some((hook) => hook.id === previous.id)) {
		if (matchesWanted(previous, want, settings.apiCredential)) return;
		// Ours but for other settings: replace it rather than leave a stale webhook behind.
		const removed = await pipedriveRequest(ctx, access, 'DELETE', `/v1/webhooks/${previous.id}`);
		failOnPipedriveError(ctx, access, `delete webhook ${previous.id}`, removed, [404]);
	}
	saveRegistration(ctx, undefined);
	const foreign = hooks.find(
		(hook) =>
			hook.id !== previous?.id &&
			hook.subscription_url === url &&
			hook.event_action === want.action &&
			hook.event_object === want.object,
	);
	if (foreign) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Pipedrive already has webhook ${foreign.id} for this URL, ${want.action}.${want.object}, which this node did not create`,
			{
				description:
					'Its HTTP Basic password is unknown to this node, so it would reject those deliveries. Delete that webhook in Pipedrive (Tools → Webhooks), or set Setup to "I Created the Webhook Myself" and give its user and password.',
			},
		);
	}
	const user = `n8n-${randomBytes(6).toString('hex')}`;
	const nonce = randomBytes(32).toString('base64url');
	const name = settings.webhookName || `n8n CRM Listeners: ${ctx.getWorkflow().name ?? ctx.getWorkflow().id ?? 'workflow'}`;
	const result = await pipedriveRequest(ctx, access, 'POST', '/v1/webhooks', {
		subscription_url: url,
		event_action: want.action,
		event_object: want.object,
		name: name.slice(0, 255),
		http_auth_user: user,
		http_auth_password: derivePassword(key, nonce),
		// Always explicit: Pipedrive silently picks v2 when this is missing.
		version: want.version,
	});
	failOnPipedriveError(ctx, access, 'create the webhook', result);
	const id = ((result.body as IDataObject | undefined)?.data as IDataObject | undefined)?.id;
	if (id === undefined || id === null) {
		throw new NodeOperationError(ctx.getNode(), 'Pipedrive created the webhook but returned no id');
	}
	saveRegistration(ctx, { id: String(id), ...want, user, nonce, credentialType: settings.apiCredential });
}

export async function deleteRegistration(ctx: IHookFunctions): Promise<void> {
	const registration = loadRegistration(ctx);
	if (!registration) return;
	const { access } = await context(ctx, registration.credentialType);
	const result = await pipedriveRequest(ctx, access, 'DELETE', `/v1/webhooks/${registration.id}`);
	failOnPipedriveError(ctx, access, `delete webhook ${registration.id}`, result, [404]);
	saveRegistration(ctx, undefined);
}
