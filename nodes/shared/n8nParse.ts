import type { IWebhookFunctions } from 'n8n-workflow';

import { parseDelivery, type ParseResult } from '../../core/listener';
import type { RawRequest } from './rawRequest';

/**
 * Whether this process takes n8n's parse of a body (see `parseDelivery`): `unchecked` until the first body it
 * could take, which is parsed by the node as well and compared; `trusted` when the two were the same,
 * `distrusted` (for the life of the process) when they were not. The conditions in `n8nParsesAsUtf8Json` hold
 * for the n8n versions this package is tested with; the comparison catches an n8n that parses differently
 * (another parser, a reviver, a default body where it did not parse) before its parse is ever used.
 */
let n8nParse: 'unchecked' | 'trusted' | 'distrusted' = 'unchecked';

/** The verified body, parsed (or taken from n8n) for a webhook trigger. */
export function parseVerifiedBody(ctx: IWebhookFunctions, request: RawRequest): ParseResult {
	if (n8nParse === 'distrusted') return parseDelivery(request.rawBody, request.contentType);
	const result = parseDelivery(request.rawBody, request.contentType, { parsed: request.parsedByN8n, compare: n8nParse === 'unchecked' });
	if (result.ok && result.hostParse === 'same') {
		n8nParse = 'trusted';
		ctx.logger.info("CRM listeners: n8n's parse of a verified JSON body matched the node's own; the webhook triggers take it from now on in this process", {
			node: ctx.getNode().type,
		});
	} else if (result.ok && result.hostParse === 'different') {
		n8nParse = 'distrusted';
		ctx.logger.warn(
			"CRM listeners: n8n's parse of a verified JSON body differed from the node's own; the webhook triggers parse every body themselves in this process from now on",
			{ node: ctx.getNode().type },
		);
	}
	return result;
}

/** For tests: start over as a new process would. */
export function resetN8nParseCheck(): void {
	n8nParse = 'unchecked';
}

/** For tests and diagnostics: where this process stands. */
export function n8nParseCheck(): 'unchecked' | 'trusted' | 'distrusted' {
	return n8nParse;
}
