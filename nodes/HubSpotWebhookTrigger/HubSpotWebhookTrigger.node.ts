import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { normaliseHubSpotDelivery } from '../../core/events';
import { sha256 } from '../../core/hash';
import { checkHubSpotVersion, verifyHubSpotRequest } from '../../core/signature';
import { checkWithCredential } from '../shared/credentialReuse';
import { deliver } from '../shared/deliver';
import { HUBSPOT_APP_CREDENTIAL } from '../shared/hubspot';
import { readNodeSettings } from '../shared/listenerOptions';
import { parseVerifiedBody } from '../shared/n8nParse';
import { readRawRequest } from '../shared/rawRequest';
import { refuse } from '../shared/responder';
import { hubSpotProperties } from './description';
import { appAccess, createRegistration, deleteRegistration, desiredSubscriptions, registrationExists } from './registration';
import { readHubSpotSettings, type HubSpotSettings } from './settings';
import { answerSetupRequest } from './setup';
import { createTestRegistration, deleteTestRegistration } from './testRegistration';
import { hasSeenV3, rememberV3 } from './v3Memory';
import { documentationUrlOf } from '../shared/documentation';
import codex from './HubSpotWebhookTrigger.node.json';

function settingsOf(ctx: IHookFunctions | IWebhookFunctions): HubSpotSettings {
	return readNodeSettings(ctx, readHubSpotSettings);
}

function secretsOf(credentials: Record<string, unknown>): string[] {
	return [credentials.clientSecret, credentials.previousClientSecret].filter(
		(secret): secret is string => typeof secret === 'string' && secret !== '',
	);
}

export class HubSpotWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'HubSpot Webhook Trigger',
		name: 'hubSpotWebhookTrigger',
		documentationUrl: documentationUrlOf(codex),
		icon: { light: 'file:hubspot.svg', dark: 'file:hubspot.dark.svg' },
		group: ['trigger'],
		// Version 2 behaves as version 1; n8n evaluates an expression on every request to a version-1 webhook node.
		version: [1, 2],
		defaultVersion: 2,
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
				// Execute step decides in create() whether the app may point here; see testRegistration.ts.
				if (this.getMode() === 'manual') return settings.testChoice === 'manual';
				return await registrationExists(this, access, desired, this.getNodeWebhookUrl('default') ?? '');
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const settings = settingsOf(this);
				const access = await appAccess(this, settings.manageSubscriptions);
				if (!access) return true;
				const desired = desiredSubscriptions(this.getNode(), settings);
				const url = this.getNodeWebhookUrl('default') ?? '';
				if (this.getMode() === 'manual') await createTestRegistration(this, access, desired, url, settings.testChoice);
				else await createRegistration(this, access, desired, url);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				// Independent of the options: a template broken since activation must not block the clean-up.
				// n8n ends a test with mode "internal" on the test's own static data, where only the test record
				// exists; production static data holds only the production record. So both are undone here.
				const access = await appAccess(this, true);
				await deleteTestRegistration(this, access);
				await deleteRegistration(this, access);
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const nowMs = Date.now();
		const settings = settingsOf(this);
		const read = await readRawRequest(this, {
			maxBodyBytes: settings.listener.maxBodyBytes,
			publicUrl: settings.publicUrl,
		});
		if (!read.ok) return refuse(this, read.status, read.reason);
		const { request } = read;
		if (this.getWebhookName() === 'setup') return answerSetupRequest(this, settings, request.displayUrl);

		// Verification runs on the raw bytes before anything parses or reads the body.
		let verification: Record<string, unknown> = { verified: false, reason: 'verification disabled' };
		if (settings.verify) {
			const verdict = await checkWithCredential(this, HUBSPOT_APP_CREDENTIAL, nowMs, secretsOf, (secrets) =>
				verifyHubSpotRequest({
					method: request.method,
					url: request.urlCandidates,
					rawBody: request.rawBody,
					headers: request.headers,
					secrets,
					nowMs,
					toleranceMs: settings.toleranceMs,
				}),
			);
			if (!verdict.ok) return refuse(this, 401, verdict.reason);
			const allowed = checkHubSpotVersion(verdict.version, { requireV3: settings.requireV3, v3Seen: hasSeenV3(this) });
			if (!allowed.ok) return refuse(this, 401, allowed.reason);
			if (verdict.version === 'v3') rememberV3(this);
			verification = { verified: true, version: verdict.version };
		}

		const parsed = parseVerifiedBody(this, request);
		if (!parsed.ok) return refuse(this, parsed.status, parsed.reason);
		const normalised = normaliseHubSpotDelivery(parsed.body, {
			nowMs,
			rawBodySha256: () => sha256(request.rawBody, 'hex'),
			customObjectNames: settings.customObjectNames,
			addObjectTypeId: true,
			// Parsed for this request only (by parseDelivery, or by n8n, which reads req.body no more once the node runs).
			bodyHandedOver: true,
		});
		if (!normalised.ok) return refuse(this, 400, normalised.reason);
		return deliver(this, {
			settings: settings.listener,
			events: normalised.events,
			eventFilter: settings.events,
			extraFields: { verification },
			nowMs,
		});
	}
}
