import {
	NodeConnectionTypes,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IDataObject,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { normalisePipedriveDelivery } from '../../core/events/pipedrive';
import { firstHeader, verifyBasicAuth } from '../../core/signature';
import { credentialShownFor } from '../shared/credentialChoice';
import { checkWithCredential } from '../shared/credentialReuse';
import { deliver } from '../shared/deliver';
import { PIPEDRIVE_API_KEY_TYPE_NAME, PIPEDRIVE_BASIC_AUTH_TYPE_NAME, PIPEDRIVE_O2_TYPE_NAME } from '../shared/pipedrive';
import { readNodeSettings } from '../shared/listenerOptions';
import { parseVerifiedBody } from '../shared/n8nParse';
import { readRawRequest } from '../shared/rawRequest';
import { refuse } from '../shared/responder';
import { pipedriveProperties } from './description';
import { createRegistration, deleteRegistration, expectedRegisteredPair, registrationExists } from './registration';
import { readPipedriveSettings, type PipedriveSettings } from './settings';
import { documentationUrlOf } from '../shared/documentation';
import codex from './PipedriveWebhookTrigger.node.json';

function settingsOf(ctx: IHookFunctions | IWebhookFunctions): PipedriveSettings {
	return readNodeSettings(ctx, readPipedriveSettings);
}

/** The user/password pair a credential holds, or undefined when it lacks either (→ 401). */
function pairOf(credentials: Record<string, unknown>): { user: string; password: string } | undefined {
	const user = String(credentials.user ?? '');
	const password = String(credentials.password ?? '');
	return user !== '' && password !== '' ? { user, password } : undefined;
}

type Authenticated = { ok: true } | { ok: false; reason: string };

/** Whether the delivery carries the user/password pair it must carry; none known → 401 `not-registered`. */
async function authenticate(
	ctx: IWebhookFunctions,
	settings: PipedriveSettings,
	authorization: string | undefined,
	nowMs: number,
): Promise<Authenticated> {
	const checkPair = (expected: { user: string; password: string } | undefined): Authenticated =>
		expected ? verifyBasicAuth(authorization, expected) : { ok: false, reason: 'not-registered' };
	if (settings.setup === 'manual') {
		return await checkWithCredential(ctx, PIPEDRIVE_BASIC_AUTH_TYPE_NAME, nowMs, pairOf, checkPair);
	}
	return checkPair(await expectedRegisteredPair(ctx));
}

export class PipedriveWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Pipedrive Webhook Trigger',
		name: 'pipedriveWebhookTrigger',
		documentationUrl: documentationUrlOf(codex),
		icon: { light: 'file:pipedrive.svg', dark: 'file:pipedrive.dark.svg' },
		group: ['trigger'],
		// Version 2 behaves as version 1; n8n evaluates an expression on every request to a version-1 webhook node.
		version: [1, 2],
		defaultVersion: 2,
		// Readable on the canvas: "deal: updated", "All objects: any action".
		subtitle:
			'={{ ($parameter["entity"] === "*" ? "All objects" : $parameter["entity"]) + ": " + ({ "*": "any action", "create": "created", "change": "updated", "delete": "deleted" })[$parameter["action"]] }}',
		description: 'Starts the workflow on authenticated, de-duplicated Pipedrive webhook events (v1 and v2)',
		defaults: { name: 'Pipedrive Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: PIPEDRIVE_API_KEY_TYPE_NAME,
				required: true,
				displayOptions: credentialShownFor({ setup: 'register', apiAuthentication: 'apiKey' }, pipedriveProperties),
			},
			{
				name: PIPEDRIVE_O2_TYPE_NAME,
				required: true,
				displayOptions: credentialShownFor({ setup: 'register', apiAuthentication: 'oAuth2' }, pipedriveProperties),
			},
			{
				// Written out: the community-node lint reads this literal to find the credential's `testedBy` check.
				name: 'crmListenersPipedriveBasicAuth',
				required: true,
				testedBy: 'pipedriveBasicAuthStrength',
				displayOptions: credentialShownFor({ setup: 'manual', incomingAuth: 'basicAuth' }, pipedriveProperties),
			},
		],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: pipedriveProperties,
	};

	methods = {
		credentialTest: {
			/** Nothing to call for an incoming pair: check it is set and hard to guess. */
			async pipedriveBasicAuthStrength(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const data = (credential.data ?? {}) as IDataObject;
				const user = String(data.user ?? '');
				const password = String(data.password ?? '');
				if (user === '' || password === '') return { status: 'Error', message: 'Set both the user and the password' };
				if (password.length < 16) {
					return { status: 'Error', message: 'Use a password of at least 16 random characters' };
				}
				return { status: 'OK', message: 'The pair is set and long enough' };
			},
		},
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const settings = settingsOf(this);
				if (settings.setup === 'manual') return true;
				return await registrationExists(this, settings, this.getNodeWebhookUrl('default') ?? '');
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const settings = settingsOf(this);
				if (settings.setup === 'manual') return true;
				await createRegistration(this, settings, this.getNodeWebhookUrl('default') ?? '');
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				await deleteRegistration(this);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const nowMs = Date.now();
		const settings = settingsOf(this);
		const read = await readRawRequest(this, { maxBodyBytes: settings.listener.maxBodyBytes });
		if (!read.ok) return refuse(this, read.status, read.reason);
		const { request } = read;

		let authentication: Record<string, unknown> = { verified: false, reason: 'authentication disabled' };
		if (settings.setup === 'register' || settings.incomingAuth === 'basicAuth') {
			const verdict = await authenticate(this, settings, firstHeader(request.headers, 'authorization'), nowMs);
			if (!verdict.ok) return refuse(this, 401, verdict.reason);
			authentication = { verified: true, method: 'basic' };
		}

		const parsed = parseVerifiedBody(this, request);
		if (!parsed.ok) return refuse(this, parsed.status, parsed.reason);
		const normalised = normalisePipedriveDelivery(parsed.body, { includeRaw: settings.includeRawPayload });
		if (!normalised.ok) return refuse(this, 400, normalised.reason);
		return deliver(this, {
			settings: settings.listener,
			events: normalised.events,
			eventFilter: settings.eventFilter,
			extraFields: { authentication },
			nowMs,
		});
	}
}
