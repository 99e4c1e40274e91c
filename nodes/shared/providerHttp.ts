import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IPollFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { maskSecrets } from './secrets';

/** One provider's HTTP conventions: its name in messages, where its errors say why, which query keys are secret. */
export interface Provider {
	name: string;
	messageKeys: readonly string[];
	secretQueryKeys: readonly string[];
	/** The credential's own secret values, masked in whatever form a provider echoes them. */
	secrets?: readonly string[];
}

export type ProviderContext = IHookFunctions | IPollFunctions | IExecuteFunctions;

export interface ProviderResult {
	statusCode: number;
	body: unknown;
}

function mask(text: string, provider: Provider): string {
	const byPattern = provider.secretQueryKeys.reduce(
		(masked, key) => masked.replace(new RegExp(`${key}=[^&\\s]+`, 'gi'), `${key}=***`),
		text,
	);
	return maskSecrets(byPattern, provider.secrets ?? []);
}

function providerMessage(provider: Provider, body: unknown): string {
	if (body && typeof body === 'object') {
		const record = body as IDataObject;
		for (const key of provider.messageKeys) {
			if (typeof record[key] === 'string') return record[key] as string;
		}
	}
	return typeof body === 'string' && body.length < 500 ? body : '';
}

/**
 * A JSON call with the node's credential that returns any status instead of throwing, so callers decide
 * which statuses are fine (404 on delete). Transport failures are rethrown without the request options,
 * whose query string may hold a key.
 */
export async function providerRequest(
	ctx: ProviderContext,
	provider: Provider,
	credentialType: string,
	method: IHttpRequestMethods,
	url: string,
	body?: IDataObject,
): Promise<ProviderResult> {
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, {
			method,
			url,
			body,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as { statusCode: number; body: unknown };
		return { statusCode: response.statusCode, body: response.body };
	} catch (error) {
		const reason = error instanceof Error ? mask(error.message, provider) : 'unknown error';
		throw new NodeApiError(ctx.getNode(), { message: reason } as JsonObject, {
			message: `Could not reach ${provider.name}: ${reason}`,
		});
	}
}

/** Throws NodeApiError with the provider's own message unless the status is 2xx or explicitly allowed. */
export function failOnProviderError(
	ctx: ProviderContext,
	provider: Provider,
	what: string,
	result: ProviderResult,
	allowed: readonly number[] = [],
): void {
	if ((result.statusCode >= 200 && result.statusCode < 300) || allowed.includes(result.statusCode)) return;
	const message = mask(providerMessage(provider, result.body), provider);
	throw new NodeApiError(ctx.getNode(), { message, statusCode: result.statusCode } as JsonObject, {
		message: `${provider.name} refused to ${what} (HTTP ${result.statusCode})`,
		description: message || undefined,
		httpCode: String(result.statusCode),
	});
}
