import {
	NodeApiError,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IPollFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { judgeRedirect, MAX_REDIRECTS, type RedirectRefusal } from '../../core/http';
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

/** Where and as whom to call a provider; `secrets` are masked in every error built from its answers. */
export interface ProviderAccess {
	credentialType: string;
	baseUrl: string;
	secrets: readonly string[];
}

/** Response header names in lower case, one value each (the first of a repeated header). */
export type ProviderHeaders = Record<string, string | undefined>;

export interface ProviderResult {
	statusCode: number;
	headers: ProviderHeaders;
	body: unknown;
}

export function headersOf(raw: unknown): ProviderHeaders {
	const headers: ProviderHeaders = {};
	if (raw && typeof raw === 'object') {
		for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
			headers[name.toLowerCase()] = Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
		}
	}
	return headers;
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

interface OneRequest {
	method: IHttpRequestMethods;
	url: string;
	body?: unknown;
}

/**
 * One exchange, redirects never followed by n8n: its helpers follow them by default, re-adding `Authorization`
 * and keeping custom headers such as `x-api-token` on the way to any other host.
 */
async function send(ctx: ProviderContext, provider: Provider, credentialType: string, request: OneRequest): Promise<ProviderResult> {
	try {
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, credentialType, {
			method: request.method,
			url: request.url,
			body: request.body as IDataObject | undefined,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		})) as { statusCode: number; headers?: unknown; body: unknown };
		return { statusCode: response.statusCode, headers: headersOf(response.headers), body: response.body };
	} catch (error) {
		const reason = error instanceof Error ? mask(error.message, provider) : 'unknown error';
		throw new NodeApiError(ctx.getNode(), { message: reason } as JsonObject, {
			message: `Could not reach ${provider.name}: ${reason}`,
		});
	}
}

const REFUSAL_TEXT: Record<RedirectRefusal, string> = {
	'no-location': 'without saying where to',
	'invalid-location': 'to an address that is not a plain http(s) URL',
	'other-origin': 'to another origin',
	'too-many': `more than ${MAX_REDIRECTS} times`,
};

function redirectRefusal(ctx: ProviderContext, provider: Provider, statusCode: number, reason: RedirectRefusal, target?: string): NodeApiError {
	const where = target === undefined ? '' : ` (${mask(target, provider)})`;
	const message = `${provider.name} answered HTTP ${statusCode}, a redirect ${REFUSAL_TEXT[reason]}${where}; it was not followed, so the credential was sent nowhere else`;
	return new NodeApiError(ctx.getNode(), { message, statusCode } as JsonObject, {
		message,
		description:
			'Requests with a credential follow redirects only within the origin they started on (scheme, host and port). Check the base URL in the credential: it must be the API address itself, not one that redirects.',
		httpCode: String(statusCode),
	});
}

/**
 * A JSON call with the node's credential that returns any status instead of throwing, so callers decide
 * which statuses are fine (404 on delete). A redirect is followed only within the origin the call started on;
 * any other is refused with an error. Transport failures are rethrown without the request options, whose
 * query string may hold a key.
 */
export async function providerRequest(
	ctx: ProviderContext,
	provider: Provider,
	credentialType: string,
	method: IHttpRequestMethods,
	url: string,
	body?: unknown,
): Promise<ProviderResult> {
	let request: OneRequest = { method, url, body };
	for (let hops = 0; ; hops++) {
		const result = await send(ctx, provider, credentialType, request);
		const location = result.headers.location;
		const verdict = judgeRedirect({ status: result.statusCode, location, method: request.method, currentUrl: request.url, startUrl: url, hops });
		if (verdict.kind === 'final') return result;
		if (verdict.kind === 'refuse') throw redirectRefusal(ctx, provider, result.statusCode, verdict.reason, verdict.target);
		request = { method: verdict.method as IHttpRequestMethods, url: verdict.url, body: verdict.keepBody ? request.body : undefined };
	}
}

/**
 * The error for a provider's refusal, its message masked like the credential's secrets. With `what`, the summary
 * says which step was refused and the provider's words go to the description; without, they end the summary.
 */
export function providerRefusal(
	ctx: ProviderContext,
	provider: Provider,
	statusCode: number,
	providerText: string,
	what?: string,
): NodeApiError {
	const message = mask(providerText, provider);
	return new NodeApiError(ctx.getNode(), { message, statusCode } as JsonObject, {
		message:
			what === undefined
				? `${provider.name} answered HTTP ${statusCode}: ${message}`
				: `${provider.name} refused to ${what} (HTTP ${statusCode})`,
		description: message || undefined,
		httpCode: String(statusCode),
	});
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
	throw providerRefusal(ctx, provider, result.statusCode, providerMessage(provider, result.body), what);
}
