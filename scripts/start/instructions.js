'use strict';
// What `npm start` prints once everything is up: where things are and curl commands that make the sandbox
// emit events.

const OWNER = { email: 'demo@crm-listeners.test', password: 'Demo-Passw0rd!' };

/**
 * What the instructions need of a workflow: its id and name, whether a webhook trigger starts it, and where its
 * HubSpot Webhook Trigger listens during Execute step (n8n's default test endpoint).
 * @param {{ id: string, name: string, nodes?: Array<{ type?: string, webhookId?: string }> }} workflow
 * @returns {{ id: string, name: string, webhook: boolean, hubspotTestPath?: string }}
 */
function demoWorkflow(workflow) {
	const nodes = workflow.nodes ?? [];
	const hubspot = nodes.find((node) => node.type === 'n8n-nodes-crm-listeners.hubSpotWebhookTrigger');
	return {
		id: workflow.id,
		name: workflow.name,
		webhook: nodes.some((node) => /^n8n-nodes-crm-listeners\..*WebhookTrigger$/.test(node.type ?? '')),
		hubspotTestPath: hubspot?.webhookId ? `/webhook-test/${hubspot.webhookId}/webhook` : undefined,
	};
}

/**
 * @param {{ n8nUrl: string, sandboxUrl: string, logFile: string, workflows: Array<{ id: string, name: string, hubspotTestPath?: string }> }} ready
 * @returns {string}
 */
function instructions({ n8nUrl, sandboxUrl, logFile, workflows }) {
	const json = "-H 'content-type: application/json'";
	const s = sandboxUrl;
	const hubspotDemo = workflows.find((w) => w.hubspotTestPath);
	return `
\x1b[32m✔ Ready.\x1b[0m

  n8n editor     ${n8nUrl}   (log in as ${OWNER.email} / ${OWNER.password})
  sandbox CRM    ${s}       (HubSpot + Pipedrive stand-in; state at ${s}/_sandbox/…)
  n8n log        ${logFile}

  Demo workflows (open them, then "Executions"):
${workflows.map((w) => `    - ${w.name}   ${n8nUrl}/workflow/${w.id}`).join('\n')}

  Make the sandbox emit events:

  # HubSpot: create a contact, then change its email (signed v1+v3 deliveries to the HubSpot trigger)
  curl -s -X POST ${s}/_sandbox/hubspot/records/contacts ${json} -d '{"properties":{"email":"ada@example.com","firstname":"Ada"}}'
  curl -s -X PATCH ${s}/_sandbox/hubspot/records/contacts/1001 ${json} -d '{"properties":{"email":"ada@lovelace.example"}}'
  curl -s -X DELETE ${s}/_sandbox/hubspot/records/contacts/1001

${hubspotDemo ? testLoop(n8nUrl, s, json, hubspotDemo) : ''}
  # HubSpot: a forged delivery (wrong client secret) — the trigger answers 401, no execution
  curl -s -X POST ${s}/_sandbox/hubspot/deliver ${json} -d '{"events":[{"subscriptionType":"contact.creation","objectId":1}],"clientSecret":"forged"}'

  # Pipedrive: create, change and delete a deal (v2 deliveries with HTTP Basic auth)
  curl -s -X POST ${s}/_sandbox/pipedrive/records/deals ${json} -d '{"fields":{"title":"Big deal","value":5000}}'
  curl -s -X PATCH ${s}/_sandbox/pipedrive/records/deals/1 ${json} -d '{"fields":{"stage_id":2}}'
  curl -s -X DELETE ${s}/_sandbox/pipedrive/records/deals/1

  # A duplicate: send the first delivery again (same event ids) — de-duplicated, no second execution
  curl -s "${s}/_sandbox/deliveries" | head -c 600; echo
  curl -s -X POST ${s}/_sandbox/hubspot/redeliver/<delivery id from above>

  # What the sandbox saw and sent
  curl -s ${s}/_sandbox/hubspot/subscriptions; echo
  curl -s ${s}/_sandbox/pipedrive/webhooks; echo
  curl -s "${s}/_sandbox/deliveries?state=failed"; echo
  curl -s "${s}/_sandbox/requests?provider=hubspot" | head -c 2000; echo

  The Event Poller Trigger polls the sandbox every minute: the records you create above show up there too
  (HubSpot search has a 30 s poll delay in the preset).

  The HubSpot Journal Trigger also polls every minute: its first poll created a v4 subscription (contacts and
  deals), so the contact changes above land in the sandbox's journal and come out once each.
  curl -s "${s}/_sandbox/requests?pathPrefix=/webhooks-journal" | head -c 1500; echo

  Ctrl-C stops n8n and the sandbox.
`;
}

/**
 * The HubSpot test loop: Execute step in the editor, then a signed event to the trigger's Test URL.
 * @param {string} n8nUrl
 * @param {string} s sandbox URL
 * @param {string} json curl header flag
 * @param {{ name: string, hubspotTestPath?: string }} demo
 * @returns {string}
 */
function testLoop(n8nUrl, s, json, demo) {
	const testUrl = `${n8nUrl}${demo.hubspotTestPath ?? ''}`;
	return `
  # HubSpot test loop: open "${demo.name}", open its trigger, click "Execute step", then send it a test event
  # (signed v1+v3 with the sandbox app's client secret, to the trigger's Test URL; it appears in the editor)
  curl -s -X POST ${s}/_sandbox/hubspot/deliver ${json} -d '{"targetUrl":"${testUrl}","events":[{"subscriptionType":"contact.creation","objectId":4242}]}'
  #   A HubSpot trigger you add yourself: put its Test URL (Webhook URLs in the node) in targetUrl; with the demo
  #   credential set "Execute Step Receives" to "A Test Delivery I Send" (the demo workflow owns the app's URL).

  # HubSpot project app: "upload" a webhooks file (what the trigger shows when you open its Test URL while it
  # listens, "HubSpot App" set to "Project App…") to the sandbox, then change records as below
  curl -s -X PUT ${s}/_sandbox/hubspot/project ${json} --data-binary @webhooks-hsmeta.json
`;
}

module.exports = { OWNER, demoWorkflow, instructions, testLoop };
