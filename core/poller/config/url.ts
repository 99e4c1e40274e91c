import { describeValue } from './values';
import { validatePlaceholders } from '../placeholders';
import { PollerConfigError } from '../types';

/**
 * A resource's `url`: a path under the credential's API base, or an absolute URL on that same host, so the
 * credential is never sent anywhere else. Cloud Elements hub URLs are refused with a pointer to the preset.
 */

export const PROVIDERS = ['hubspot', 'pipedrive'] as const;
export type Provider = (typeof PROVIDERS)[number];

const PROVIDER_INFO: Record<Provider, { label: string; example: string; hosts: RegExp }> = {
	hubspot: { label: 'HubSpot', example: 'POST /crm/v3/objects/contacts/search', hosts: /(^|\.)(hubapi|hubspot)\.com$/i },
	pipedrive: { label: 'Pipedrive', example: 'GET /api/v2/deals', hosts: /(^|\.)pipedrive\.com$/i },
};

export interface UrlContext {
	baseUrl: URL;
	/** The provider, when the element name or the base URL tells it. */
	provider: Provider | undefined;
	presetsHint?: Record<string, string>;
}

/** The provider named by an element key (`hubspotcrm`, `pipedrive`) or else by the API base host. */
export function detectProvider(elementName: string | undefined, baseUrl: URL): Provider | undefined {
	const element = elementName?.toLowerCase() ?? '';
	const byElement = PROVIDERS.find((p) => element.includes(p));
	return byElement ?? PROVIDERS.find((p) => PROVIDER_INFO[p].hosts.test(baseUrl.hostname));
}

/** Query parameters whose values are never quoted back (tokens, keys, signatures). */
const SECRET_PARAM = /token|key|secret|pass|auth|sig|session|credential/i;

/** A URL fit to quote in a message: no user info, secret-looking query values masked. */
export function redactUrl(url: string): string {
	return url
		.replace(/^([a-z][a-z\d+.-]*:\/\/)[^/?#]*@/i, '$1')
		.replace(/([?&])([^=&#]*)=([^&#]*)/g, (whole: string, separator: string, name: string) =>
			SECRET_PARAM.test(name) ? `${separator}${name}=***` : whole,
		);
}

/** Cloud Elements' normalised APIs: `/hubs/crm/contacts`, `/elements/api-v2/…`. */
const HUB_PATH = /(^|\/)(hubs|elements\/api-v2)\//i;
const SCHEME = /^[a-z][a-z\d+.-]*:/i;
const UNSAFE_CHARACTERS = /[\\\u0000-\u001f\u007f]/;
const PLACEHOLDER = /\$\{[^}]*\}/g;

function hubAdvice(ctx: UrlContext): string {
	const hints = ctx.presetsHint ?? {};
	if (ctx.provider !== undefined) {
		const info = PROVIDER_INFO[ctx.provider];
		const preset = Object.hasOwn(hints, ctx.provider) ? hints[ctx.provider] : undefined;
		const path = `a ${info.label} API path such as ${info.example}`;
		return preset === undefined ? `write ${path} instead` : `use the "${preset}" preset instead, or ${path}`;
	}
	const presets = Object.values(hints);
	if (presets.length > 0) return `use one of the presets (${presets.map((p) => `"${p}"`).join(', ')}) instead`;
	return "write the provider's own API path instead";
}

function pathOf(url: string): string {
	if (!SCHEME.test(url) && !url.startsWith('//')) return url.split(/[?#]/)[0];
	try {
		return new URL(url.replace(PLACEHOLDER, '0')).pathname;
	} catch {
		return url;
	}
}

function parseUrl(text: string, base?: URL): URL | undefined {
	try {
		return new URL(text.replace(PLACEHOLDER, '0'), base);
	} catch {
		return undefined;
	}
}

/** Checks a configured URL and returns it normalised: a path starting with `/`, or an absolute URL. */
export function checkUrl(raw: string, path: string, ctx: UrlContext): string {
	const url = raw.trim();
	if (HUB_PATH.test(pathOf(url))) {
		throw new PollerConfigError(
			'HUB_URL',
			path,
			`${describeValue(redactUrl(url))} is a Cloud Elements hub URL; hub URLs exist only inside Cloud Elements, so this node cannot call it: ${hubAdvice(ctx)}`,
		);
	}
	if (UNSAFE_CHARACTERS.test(url)) {
		throw new PollerConfigError('INVALID_VALUE', path, 'must not contain backslashes or control characters');
	}
	const base = ctx.baseUrl;
	const origin = (target: URL): string => `"${target.protocol}//${target.host}"`;
	const foreign = (problem: string): PollerConfigError =>
		new PollerConfigError('FOREIGN_HOST', path, `${problem}; the credential is sent only there, so write a path such as "/v1/items" or a URL on that host`);
	const notOnHost = (target: URL): PollerConfigError =>
		foreign(`${origin(target)} is not the credential's API host "${base.host}"`);
	if (SCHEME.test(url) || url.startsWith('//')) {
		const absolute = url.startsWith('//') ? `${base.protocol}${url}` : url;
		const target = parseUrl(absolute);
		if (target === undefined || (target.protocol !== 'https:' && target.protocol !== 'http:')) {
			throw new PollerConfigError('INVALID_VALUE', path, `must be a path such as "/v1/items" or an http(s) URL, got ${describeValue(redactUrl(url))}`);
		}
		if (target.host !== base.host) throw notOnHost(target);
		if (target.username !== '' || target.password !== '') {
			throw new PollerConfigError('INVALID_VALUE', path, 'must not contain a user name or password: the credential supplies them');
		}
		if (target.protocol === 'http:' && base.protocol === 'https:') {
			throw foreign(`${origin(target)} would send the credential unencrypted; the API base is "https://${base.host}"`);
		}
		validatePlaceholders(absolute, path);
		return absolute;
	}
	const relative = url.startsWith('/') ? url : `/${url}`;
	// Whichever way the request is built (resolved against the base, or appended to it), it must stay on the host.
	const resolved = parseUrl(relative, base);
	const appended = parseUrl(`${base.origin}${base.pathname.replace(/\/+$/, '')}${relative}`);
	for (const target of [resolved, appended]) {
		if (target === undefined) throw new PollerConfigError('INVALID_VALUE', path, `is not a valid URL path: ${describeValue(redactUrl(url))}`);
		if (target.host !== base.host) throw notOnHost(target);
	}
	validatePlaceholders(relative, path);
	return relative;
}
