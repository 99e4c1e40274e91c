import { createHash } from 'node:crypto';
import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { addHubSpotObjectTypeId, normaliseHubSpotDelivery } from '../../core/events';
import { buildRejection } from '../../core/listener';
import { verifyHubSpotRequest, type HubSpotVerifyResult } from '../../core/signature';
import { deliver } from '../shared/deliver';
import { HUBSPOT_APP_CREDENTIAL } from '../shared/hubspot';
import { readRawRequest, type RawRequest } from '../shared/rawRequest';
import { answer } from '../shared/responder';
import { hubSpotProperties } from './description';
import { appAccess, createRegistration, deleteRegistration, desiredSubscriptions, registrationExists } from './registration';
import { readHubSpotSettings, type HubSpotSettings } from './settings';
import { answerSetupRequest } from './setup';

function settingsOf(ctx: IHookFunctions | IWebhookFunctions): HubSpotSettings {
	return readHubSpotSettings(ctx.getNode(), (name, fallback) => ctx.getNodeParameter(name, fallback));
}

function secretsOf(credentials: Record<string, unknown>): string[] {
	return [credentials.clientSecret, credentials.previousClientSecret].filter(
		(secret): secret is string => typeof secret === 'string' && secret !== '',
	);
}

/** v2 and v3 sign the URL HubSpot called: try each URL this request may have been sent to. */
function verifyAgainstCandidates(request: RawRequest, secrets: string[], toleranceMs: number): HubSpotVerifyResult {
	let result: HubSpotVerifyResult = { ok: false, reason: 'bad-signature' };
	for (const url of request.urlCandidates.length > 0 ? request.urlCandidates : ['']) {
		result = verifyHubSpotRequest({
			method: request.method,
			url,
			rawBody: request.rawBody,
			headers: request.headers,
			secrets,
			nowMs: Date.now(),
			toleranceMs,
		});
		if (result.ok) return result;
	}
	return result;
}

export class HubSpotWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HubSpot Webhook Trigger',
		name: 'hubSpotWebhookTrigger',
		icon: { light: 'file:hubspot.svg', dark: 'file:hubspot.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].length ? $parameter["events"].join(", ") : "all events"}}',
		description: 'Starts the workflow on verified, de-duplicated HubSpot webhook events',
		defaults: { name: 'HubSpot Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: undefined,
		credentials: [{ name: HUBSPOT_APP_CREDENTIAL, required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
			// Same URL, opened in a browser while testing: shows the setup to paste into HubSpot.
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'webhook', ndvHideUrl: true },
		],
		properties: hubSpotProperties,
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				// Validates every option (templates, status code…) so a mistake fails activation, not a delivery.
				const settings = settingsOf(this);
				const desired = desiredSubscriptions(this.getNode(), settings);
				const access = await appAccess(this, settings.manageSubscriptions);
				if (!access) return true;
				return await registrationExists(this, access, desired, this.getNodeWebhookUrl('default') ?? '');
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const settings = settingsOf(this);
				const access = await appAccess(this, settings.manageSubscriptions);
				if (!access) return true;
				const desired = desiredSubscriptions(this.getNode(), settings);
				await createRegistration(this, access, desired, this.getNodeWebhookUrl('default') ?? '');
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				// Independent of the options: a template broken since activation must not block the clean-up.
				await deleteRegistration(this, await appAccess(this, true));
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const settings = settingsOf(this);
		const read = await readRawRequest(this, {
			maxBodyBytes: settings.listener.maxBodyBytes,
			publicUrl: settings.publicUrl,
		});
		if (!read.ok) return answer(this, buildRejection(read.status, read.reason));
		const request = read.request;
		if (this.getWebhookName() === 'setup') return answerSetupRequest(this, settings, request.urlCandidates.at(-1) ?? '');

		// Verification runs on the raw bytes before anything parses or reads the body.
		let verification: Record<string, unknown> = { verified: false, reason: 'verification disabled' };
		if (settings.verify) {
			const secrets = secretsOf(await this.getCredentials(HUBSPOT_APP_CREDENTIAL));
			const verdict = verifyAgainstCandidates(request, secrets, settings.toleranceMs);
			if (!verdict.ok) return answer(this, buildRejection(401, verdict.reason));
			if (settings.requireV3 && verdict.version !== 'v3') return answer(this, buildRejection(401, 'v3-required'));
			verification = { verified: true, version: verdict.version };
		}

		const rawBodySha256 = createHash('sha256').update(request.rawBody).digest('hex');
		return deliver(this, {
			settings: settings.listener,
			request,
			eventFilter: settings.events,
			normalise: (body) =>
				normaliseHubSpotDelivery(body, {
					nowMs: Date.now(),
					rawBodySha256,
					customObjectNames: settings.customObjectNames,
				}),
			// Record links and templates need HubSpot's object type id, which classic events only imply.
			enrich: (event) => addHubSpotObjectTypeId(event, settings.customObjectNames),
			extraFields: { verification },
		});
	}
}
