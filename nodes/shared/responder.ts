import type { IWebhookFunctions, IWebhookResponseData, INodeExecutionData } from 'n8n-workflow';

import { buildRejection, type RejectionStatus } from '../../core/listener';

export interface HttpAnswer {
	status: number;
	headers: Record<string, string>;
	body: string | undefined;
}

/**
 * Answers the HTTP request ourselves, so the caller gets exactly the status, media type and body we chose,
 * and returns the items (if any) for n8n to start an execution with. No items → no execution.
 */
export function answer(ctx: IWebhookFunctions, reply: HttpAnswer, items?: INodeExecutionData[]): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.status(reply.status);
	for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
	res.end(reply.body);
	return items && items.length > 0 ? { noWebhookResponse: true, workflowData: [items] } : { noWebhookResponse: true };
}

/** Refuses the request with `status` and a reason code; no execution starts. */
export function refuse(ctx: IWebhookFunctions, status: RejectionStatus, reason: string): IWebhookResponseData {
	return answer(ctx, buildRejection(status, reason));
}
