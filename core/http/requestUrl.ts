/**
 * Which URLs a HubSpot v2/v3 signature may have been made for. The URL is part of what is signed, so it must
 * come from configuration, not from headers anyone can send: a signature made for another host, or with a
 * path smuggled in a forwarded header, must not match.
 */
export interface RequestUrlInput {
	/** The node's Public URL option, when set: then it is the only candidate. */
	publicUrl?: string;
	/** n8n's own webhook URL for this node (WEBHOOK_URL, or N8N_PROTOCOL/HOST/PORT). */
	configuredUrl?: string;
	/** Path and query as received. */
	originalUrl: string;
	/**
	 * The request as a proxy n8n trusts described it (express's `trust proxy`, set from N8N_PROXY_HOPS), or
	 * undefined when n8n trusts no proxy for this request: then no header contributes a URL.
	 */
	trustedProxy?: { protocol: string; host: string | undefined };
}

/** `host` or `host:port`, a DNS name or an IP literal: nothing that could carry a path, user info or a query. */
const PLAIN_HOST = /^(?:[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export function isPlainHost(value: string): boolean {
	return value.length <= 260 && PLAIN_HOST.test(value);
}

function originOf(url: string): string | undefined {
	try {
		const { origin } = new URL(url);
		return origin === 'null' ? undefined : origin;
	} catch {
		return undefined;
	}
}

function queryOf(originalUrl: string): string {
	const at = originalUrl.indexOf('?');
	return at === -1 ? '' : originalUrl.slice(at);
}

/** A configured URL plus the request's query string, unless the configured URL carries its own. */
export function withRequestQuery(base: string, originalUrl: string): string {
	return base.includes('?') ? base : base + queryOf(originalUrl);
}

/**
 * The Public URL alone when set; otherwise n8n's configured webhook URL and, only where n8n trusts the proxy
 * in front of it, the URL that proxy forwarded (scheme and a plain host; the path is the one received).
 */
export function signedUrlCandidates(input: RequestUrlInput): string[] {
	if (input.publicUrl) return [withRequestQuery(input.publicUrl, input.originalUrl)];
	const candidates: string[] = [];
	if (input.configuredUrl) {
		candidates.push(withRequestQuery(input.configuredUrl, input.originalUrl));
		// The path n8n routed this request on (the Test URL's while Execute step listens), under n8n's configured
		// origin: nothing here comes from a header.
		const origin = originOf(input.configuredUrl);
		if (origin !== undefined && input.originalUrl.startsWith('/')) candidates.push(origin + input.originalUrl);
	}
	const proxy = input.trustedProxy;
	if (proxy !== undefined && proxy.host !== undefined && isPlainHost(proxy.host)) {
		const protocol = proxy.protocol.toLowerCase();
		if ((protocol === 'http' || protocol === 'https') && input.originalUrl.startsWith('/')) {
			candidates.push(`${protocol}://${proxy.host}${input.originalUrl}`);
		}
	}
	return [...new Set(candidates)];
}
