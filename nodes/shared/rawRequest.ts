import type { IWebhookFunctions } from 'n8n-workflow';

import { signedUrlCandidates, type RequestUrlInput } from '../../core/http/requestUrl';
import { mediaTypeOf } from '../../core/listener';

/** What the verifiers need from an HTTP request: bytes as received; n8n's parse of them only once they are verified. */
export interface RawRequest {
	method: string;
	headers: Record<string, string | string[] | undefined>;
	rawBody: Buffer;
	/** Media type without parameters, lower case; '' when absent. */
	contentType: string;
	/**
	 * URLs the sender may have signed (HubSpot v2/v3 sign the URL it called): the Public URL alone when set;
	 * otherwise n8n's own webhook URL, plus the forwarded URL only where n8n trusts the proxy (N8N_PROXY_HOPS).
	 */
	urlCandidates: string[];
	/** The URL as this request reached n8n, Host header included: for showing to the person who opened it, never for verification. */
	displayUrl: string;
	/**
	 * n8n's own parse of the body when it made one from these bytes decoded as UTF-8, else undefined: for
	 * `parseDelivery`, after verification (nothing reads `req.body` before).
	 */
	parsedByN8n: () => unknown;
}

export type RawRequestResult =
	| { ok: true; request: RawRequest }
	| { ok: false; status: 400 | 413 | 500; reason: 'body-too-large' | 'body-unreadable' | 'raw-body-unavailable' };

type Request = ReturnType<IWebhookFunctions['getRequestObject']>;
/** express's compiled `trust proxy` setting: whether the peer at `hop` (0 = the socket's) is a trusted proxy. */
type TrustProxy = (address: string | undefined, hop: number) => boolean;

function firstHeader(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

/** The first entry of a comma-separated forwarded header (the client-side one), or undefined. */
function firstEntry(value: string | string[] | undefined): string | undefined {
	return firstHeader(value)?.split(',')[0]?.trim() || undefined;
}

/**
 * The scheme and host a proxy forwarded, decided the way express (and so n8n) decides for `req.protocol` and
 * `req.host`: only when n8n's `trust proxy` setting (N8N_PROXY_HOPS) trusts the peer that sent the request.
 */
function trustedProxyOf(req: Request): RequestUrlInput['trustedProxy'] {
	const app = (req as { app?: { get?: (name: string) => unknown } }).app;
	const trust = typeof app?.get === 'function' ? app.get('trust proxy fn') : undefined;
	if (typeof trust !== 'function' || (trust as TrustProxy)(req.socket?.remoteAddress, 0) !== true) return undefined;
	const encrypted = (req.socket as { encrypted?: unknown } | undefined)?.encrypted === true;
	return {
		protocol: firstEntry(req.headers['x-forwarded-proto']) ?? (encrypted ? 'https' : 'http'),
		host: firstEntry(req.headers['x-forwarded-host']) ?? firstHeader(req.headers.host),
	};
}

/**
 * Whether n8n's body parser decodes a body sent with this `Content-Type` as UTF-8 and `JSON.parse`s it into
 * `req.body` before the node runs (n8n 1.x and 2.x, for webhook nodes of any version without a binary data
 * option, as ours are): media type exactly `application/json` once lower-cased (n8n does not trim it), and every
 * `charset` parameter UTF-8 (n8n's default when there is none). Stricter than n8n where it is unsure: a charset
 * spelled any other way (percent-encoded, with extra `=`) counts as not UTF-8, and the node then parses itself.
 */
export function n8nParsesAsUtf8Json(contentType: string | undefined): boolean {
	if (contentType === undefined) return false;
	const [type, ...parameters] = contentType.split(';');
	if (type.toLowerCase() !== 'application/json') return false;
	for (const parameter of parameters) {
		const equals = parameter.indexOf('=');
		if (equals < 0 || parameter.slice(0, equals).trim().toLowerCase() !== 'charset') continue;
		if (!/^(?:utf-?8|"utf-?8")$/i.test(parameter.slice(equals + 1).trim())) return false;
	}
	return true;
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
	const urlCandidates = signedUrlCandidates({
		publicUrl: options.publicUrl,
		configuredUrl: options.publicUrl ? undefined : (ctx.getNodeWebhookUrl('default') ?? undefined),
		originalUrl,
		trustedProxy: trustedProxyOf(req),
	});
	const displayUrl = `${req.protocol || 'http'}://${firstHeader(req.headers.host) ?? ''}${originalUrl}`;
	const contentTypeHeader = firstHeader(req.headers['content-type']);
	const contentType = mediaTypeOf(contentTypeHeader);
	const n8nParsed = n8nParsesAsUtf8Json(contentTypeHeader);
	return {
		ok: true,
		request: {
			method: req.method ?? 'POST',
			headers: req.headers,
			rawBody,
			contentType,
			urlCandidates,
			displayUrl,
			parsedByN8n: () => (n8nParsed ? (req.body as unknown) : undefined),
		},
	};
}
