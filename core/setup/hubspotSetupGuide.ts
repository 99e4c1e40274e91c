import type { CustomObjectNames } from '../events/hubspotObjectTypes';
import { buildHubSpotHsmeta, HSMETA_FILE, type HsmetaWebhooks } from './hubspotHsmeta';
import { hubspotTestDeliveryCommand } from './hubspotTestDelivery';

/*
 * What a user of a project app, a legacy private app or a workflow action must do in HubSpot for this trigger:
 * the webhooks file with this workflow's production URL, the deploy and secret steps, and how to test.
 * https://developers.hubspot.com/docs/apps/developer-platform/build-apps/manage-apps-in-hubspot
 */

export interface SetupGuideInput {
	productionUrl: string;
	testUrl: string;
	events: readonly string[];
	propertyNames: readonly string[];
	customObjectNames?: CustomObjectNames;
}

export interface SetupGuide {
	setup: 'HubSpot project app, legacy private app or workflow action';
	productionUrl: string;
	testUrl: string;
	file: string;
	hsmeta: HsmetaWebhooks;
	/** The file as text, ready to paste. */
	hsmetaText: string;
	steps: string[];
	otherApps: string[];
	testing: string[];
	testCommand: string[];
	warnings: string[];
}

export type SetupGuideResult = { ok: true; guide: SetupGuide; text: string } | { ok: false; problem: string };

export function buildHubSpotSetupGuide(input: SetupGuideInput): SetupGuideResult {
	const built = buildHubSpotHsmeta({
		targetUrl: input.productionUrl,
		events: input.events,
		propertyNames: input.propertyNames,
		customObjectNames: input.customObjectNames,
	});
	if (!built.ok) return built;
	const guide: SetupGuide = {
		setup: 'HubSpot project app, legacy private app or workflow action',
		productionUrl: input.productionUrl,
		testUrl: input.testUrl,
		file: HSMETA_FILE,
		hsmeta: built.hsmeta,
		hsmetaText: built.text,
		steps: [
			`Save hsmetaText as ${HSMETA_FILE} in your HubSpot project, beside src/app/app-hsmeta.json. An app has one webhooks target URL, so this replaces any other webhooks file of the app.`,
			'Run "hs project upload" in the project folder (HubSpot CLI).',
			"Copy the app's client secret (HubSpot: Development > Projects > your project > your app > Auth) into this node's credential as Client Secret.",
			'Activate (publish) this workflow. HubSpot then posts every subscribed event to the production URL, signed with v3 and v1; the node checks both.',
		],
		otherApps: [
			"Legacy private app: in its Webhooks tab set the target URL to the production URL, create the subscriptions listed in hsmeta, and put the private app's client secret in the credential (signature v1, v3 when sent).",
			'Workflow "Send a webhook" action: method POST, URL = the production URL, request signature on; the action signs with v2 and the selected app\'s client secret.',
		],
		testing: [
			'HubSpot sends to the production URL only, so to see an event here: click Execute step, then run testCommand in a shell (fill in your client secret) — it posts one signed sample event to the test URL.',
			'Or, for real events: temporarily set targetUrl to the test URL, run "hs project upload", click Execute step and change a record; set targetUrl back and upload again afterwards.',
		],
		testCommand: hubspotTestDeliveryCommand({ url: input.testUrl, events: input.events, propertyNames: input.propertyNames }),
		warnings: built.warnings,
	};
	return { ok: true, guide, text: guideText(guide) };
}

/** The same guide as plain text, for a browser tab. */
function guideText(guide: SetupGuide): string {
	const numbered = guide.steps.map((step, index) => `${index + 1}. ${step}`);
	return [
		`HubSpot setup for this workflow (${guide.setup})`,
		'',
		`Production URL: ${guide.productionUrl}`,
		`Test URL:       ${guide.testUrl}`,
		'',
		...numbered,
		'',
		`----- ${guide.file} -----`,
		guide.hsmetaText.trimEnd(),
		'-----',
		'',
		...guide.otherApps,
		'',
		'Testing:',
		...guide.testing,
		'',
		...guide.testCommand,
		...(guide.warnings.length > 0 ? ['', 'Warnings:', ...guide.warnings] : []),
		'',
	].join('\n');
}
