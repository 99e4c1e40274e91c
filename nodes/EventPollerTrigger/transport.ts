import type { IHttpRequestMethods, IPollFunctions } from 'n8n-workflow';

import type { HttpFetch } from '../../core/poller';
import { HUBSPOT } from '../shared/hubspot';
import { PIPEDRIVE } from '../shared/pipedrive';
import { providerRequest, type Provider } from '../shared/providerHttp';
import type { PollerSettings } from './settings';

/** The provider's HTTP conventions, with this credential's secrets to mask. */
export function pollerProvider(settings: PollerSettings): Provider {
	return { ...(settings.source === 'hubspot' ? HUBSPOT : PIPEDRIVE), secrets: settings.secrets };
}

/** How the poller reaches the provider: a path is resolved against the credential's base URL. */
export function pollerFetch(ctx: IPollFunctions, settings: PollerSettings): HttpFetch {
	const provider = pollerProvider(settings);
	return async (request) => {
		const url = /^https?:\/\//i.test(request.url)
			? request.url
			: `${settings.baseUrl}${request.url.startsWith('/') ? '' : '/'}${request.url}`;
		const method = request.method as IHttpRequestMethods;
		const response = await providerRequest(ctx, provider, settings.credentialType, method, url, request.body);
		return { status: response.statusCode, headers: response.headers, body: response.body };
	};
}
