import type { IWebhookFunctions } from 'n8n-workflow';

import { mediaTypeOf } from '../../core/listener';

/** What the verifiers need from an HTTP request: bytes as received, never the parsed body. */
export interface RawRequest {
	method: string;
	headers: Record<string, string | string[] | undefined>;
	rawBody: Buffer;
	/** Media type without parameters, lower case; '' when absent. */
	contentType: string;
	/**
	 * URLs the sender may have signed (HubSpot v2/v3 sign the URL it called). With a configured public URL
	 * that is the only one; otherwise n8n's own webhook URL and the URL rebuilt from the request.
	 */
	urlCandidates: string[];
}

export type RawRequestResult =
	| { ok: true; request: RawRequest }
	| { ok: false; status: 400 | 413 | 500; reason: 'body-too-large' | 'body-unreadable' | 'raw-body-unavailable' };

function queryOf(originalUrl: string): string {
	const at = originalUrl.indexOf('?');
	return at === -1 ? '' : originalUrl.slice(at);
}

function firstHeader(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

/** A configured public URL plus the request's query string, unless the configured URL carries its own. */
export function withRequestQuery(base: string, originalUrl: string): string {
	return base.includes('?') ? base : base + queryOf(originalUrl);
}

export async function readRawRequest(
	ctx: IWebhookFunctions,
	options: { maxBodyBytes: number; publicUrl?: string },
): Promise<RawRequestResult> {
	const req = ctx.getRequestObject();
	const declaredLength = Number(firstHeader(req.headers['content-length']) ?? '0');
	if (Number.isFinite(declaredLength) && declaredLength > options.maxBodyBytes) {
		return { ok: false, status: 413, reason: 'body-too-large' };
	}
	try {
		if (req.rawBody === undefined && typeof req.readRawBody === 'function') await req.readRawBody();
	} catch (error) {
		const type = (error as { type?: unknown }).type;
		return type === 'entity.too.large'
			? { ok: false, status: 413, reason: 'body-too-large' }
			: { ok: false, status: 400, reason: 'body-unreadable' };
	}
	const rawBody: unknown = req.rawBody;
	if (!Buffer.isBuffer(rawBody)) return { ok: false, status: 500, reason: 'raw-body-unavailable' };
	if (rawBody.length > options.maxBodyBytes) return { ok: false, status: 413, reason: 'body-too-large' };

	const originalUrl = req.originalUrl ?? req.url ?? '/';
	const candidates: string[] = [];
	if (options.publicUrl) {
		candidates.push(withRequestQuery(options.publicUrl, originalUrl));
	} else {
		const configured = ctx.getNodeWebhookUrl('default');
		if (configured) candidates.push(withRequestQuery(configured, originalUrl));
		const proto = firstHeader(req.headers['x-forwarded-proto'])?.split(',')[0]?.trim() || req.protocol || 'http';
		const host = firstHeader(req.headers['x-forwarded-host'])?.split(',')[0]?.trim() || req.headers.host;
		if (host) candidates.push(`${proto}://${host}${originalUrl}`);
	}
	const contentType = mediaTypeOf(firstHeader(req.headers['content-type']));
	return {
		ok: true,
		request: {
			method: req.method ?? 'POST',
			headers: req.headers,
			rawBody,
			contentType,
			urlCandidates: [...new Set(candidates)],
		},
	};
}
