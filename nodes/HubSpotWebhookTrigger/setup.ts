import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { buildHubSpotSetupGuide, hubspotTestDeliveryCommand } from '../../core/setup';
import { answer } from '../shared/responder';
import type { HubSpotSettings } from './settings';

const TEXT = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' };

/**
 * A GET on the node's URL while Execute step listens: the HubSpot setup for this workflow (webhooks file with the
 * production URL, steps, a signed test command), as text in the browser and as the step's output in the editor.
 * Production URLs answer 404 to GET and start nothing: the setup is for the person editing the workflow.
 */
export function answerSetupRequest(ctx: IWebhookFunctions, settings: HubSpotSettings, requestUrl: string): IWebhookResponseData {
	// n8n 1.x has no getWebhookResourceUrl; the URL the browser opened is the test URL there.
	const testUrl = (typeof ctx.getWebhookResourceUrl === 'function' ? ctx.getWebhookResourceUrl('default') : undefined) ?? requestUrl;
	if (ctx.getMode() !== 'manual') {
		return answer(ctx, { status: 404, headers: TEXT, body: 'Not found. The HubSpot setup is shown on the Test URL while Execute step listens.\n' });
	}
	if (settings.appModel !== 'configuredInHubSpot') {
		const message =
			'This trigger manages the legacy public app itself: nothing to paste into HubSpot. To see an event here without touching the app, click Execute step again and run testCommand (fill in the client secret).';
		const testCommand = hubspotTestDeliveryCommand({ url: testUrl, events: settings.events, propertyNames: settings.propertyNames });
		const body = [message, '', `Test URL: ${testUrl}`, '', ...testCommand, ''].join('\n');
		return answer(ctx, { status: 200, headers: TEXT, body }, [{ json: { setup: 'legacy public app', message, testUrl, testCommand } }]);
	}
	const result = buildHubSpotSetupGuide({
		productionUrl: settings.publicUrl ?? ctx.getNodeWebhookUrl('default') ?? '',
		testUrl,
		events: settings.events,
		propertyNames: settings.propertyNames,
		customObjectNames: settings.customObjectNames,
	});
	if (!result.ok) {
		return answer(ctx, { status: 422, headers: TEXT, body: `${result.problem}\n` }, [{ json: { setup: 'not possible', problem: result.problem } }]);
	}
	return answer(ctx, { status: 200, headers: TEXT, body: result.text }, [{ json: { ...result.guide } }]);
}
