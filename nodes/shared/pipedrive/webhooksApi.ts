import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import { failOnProviderError, providerRequest, type Provider, type ProviderContext, type ProviderResult } from '../providerHttp';
import type { PipedriveAccess } from './credentials';

/** Calls to Pipedrive's API (https://developers.pipedrive.com/docs/api/v1) with either Pipedrive credential. */
export type PipedriveHttpResult = ProviderResult;

/** How Pipedrive answers: its errors say why in `error` (or `message`, `error_info`); a token may travel as `api_token`. */
export const PIPEDRIVE: Provider = { name: 'Pipedrive', messageKeys: ['error', 'message', 'error_info'], secretQueryKeys: ['api_token'] };

export interface PipedriveWebhook {
	id: string;
	subscription_url: string;
	event_action: string;
	event_object: string;
	version?: string;
}

export async function pipedriveRequest(
	ctx: ProviderContext,
	access: PipedriveAccess,
	method: IHttpRequestMethods,
	path: string,
	body?: IDataObject,
): Promise<PipedriveHttpResult> {
	const provider = { ...PIPEDRIVE, secrets: access.secrets };
	return await providerRequest(ctx, provider, access.credentialType, method, `${access.baseUrl}${path}`, body);
}

export function failOnPipedriveError(
	ctx: ProviderContext,
	access: PipedriveAccess,
	what: string,
	result: PipedriveHttpResult,
	allowed: number[] = [],
): void {
	failOnProviderError(ctx, { ...PIPEDRIVE, secrets: access.secrets }, what, result, allowed);
}

export async function listWebhooks(ctx: ProviderContext, access: PipedriveAccess): Promise<PipedriveWebhook[]> {
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

/** Creates a webhook and returns Pipedrive's id for it (undefined when Pipedrive sent none). */
export async function createWebhook(ctx: ProviderContext, access: PipedriveAccess, body: IDataObject): Promise<string | undefined> {
	const result = await pipedriveRequest(ctx, access, 'POST', '/v1/webhooks', body);
	failOnPipedriveError(ctx, access, 'create the webhook', result);
	const id = ((result.body as IDataObject | undefined)?.data as IDataObject | undefined)?.id;
	return id === undefined || id === null ? undefined : String(id);
}

export async function deleteWebhook(ctx: ProviderContext, access: PipedriveAccess, id: string): Promise<void> {
	// The id comes from an answer or from static data: encoded, it can only ever name one webhook.
	const result = await pipedriveRequest(ctx, access, 'DELETE', `/v1/webhooks/${encodeURIComponent(id)}`);
	failOnPipedriveError(ctx, access, `delete webhook ${id}`, result, [404]);
}
