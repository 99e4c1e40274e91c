/**
 * Drives a webhook node the way n8n's webhook server does, minus the socket: n8n-core's real WebhookContext over
 * a test harness, the request's body already read (and parsed, as n8n parses JSON before a webhook node runs).
 * Shared by the in-process webhook benchmarks.
 */
import { WebhookContext } from 'n8n-core';
import type { INodeType, IWebhookData, IWebhookResponseData, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { CrmListenersHubSpotApp } from '../credentials/CrmListenersHubSpotApp.credentials';
import { defaultWebhookData, makeHarness, type Harness } from '../test/helpers/n8n';
import type { SignedDelivery } from './deliveries';

export const BASE_URL = 'http://127.0.0.1:5678';

export interface Driven {
	harness: Harness;
	type: INodeType;
	url: string;
	webhookData: IWebhookData;
}

/** `type` with its own harness (workflow, node, credentials, static data) behind n8n-core's WebhookContext. */
export function drive(type: INodeType, typeName: string, parameters: Harness['node']['parameters'], credentials: Record<string, Record<string, string>>): Driven {
	const harness = makeHarness(
		{ type, typeName, parameters, credentials, credentialTypes: [new CrmListenersHubSpotApp()] },
		BASE_URL,
	);
	return { harness, type, url: `${BASE_URL}/webhook/${harness.node.webhookId}/webhook`, webhookData: defaultWebhookData(harness) };
}

/** The request and response objects n8n's server hands to WebhookContext, body already read. */
function request(driven: Driven, delivery: SignedDelivery, parsedBody: unknown) {
	const url = new URL(driven.url);
	return {
		method: 'POST',
		url: url.pathname,
		originalUrl: url.pathname,
		path: url.pathname,
		protocol: 'http',
		headers: { host: url.host, 'content-type': 'application/json', 'content-length': String(delivery.body.length), ...delivery.headers },
		rawBody: delivery.body,
		readRawBody: async () => undefined,
		body: parsedBody,
		query: {},
		params: {},
	};
}

function response() {
	const res = {
		statusCode: 200,
		headersSent: false,
		status(code: number) {
			res.statusCode = code;
			return res;
		},
		setHeader() {
			return res;
		},
		end() {
			res.headersSent = true;
			return res;
		},
		json() {
			res.headersSent = true;
			return res;
		},
	};
	return res;
}

/** One request through a fresh WebhookContext, as n8n's webhook server makes it, n8n's parse of the body given. */
export async function call(driven: Driven, delivery: SignedDelivery, parsedBody: unknown): Promise<IWebhookResponseData> {
	const additionalData = {
		...driven.harness.additionalData,
		httpRequest: request(driven, delivery, parsedBody),
		httpResponse: response(),
	} as unknown as IWorkflowExecuteAdditionalData;
	const ctx = new WebhookContext(driven.harness.workflow, driven.harness.node, additionalData, 'webhook', driven.webhookData, [], null);
	return await (driven.type.webhook as NonNullable<INodeType['webhook']>).call(ctx);
}
