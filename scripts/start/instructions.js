'use strict';
// What `npm start` prints once everything is up: where things are and curl commands that make the sandbox
// emit events.

const OWNER = { email: 'demo@crm-listeners.test', password: 'Demo-Passw0rd!' };

/**
 * @param {{ n8nUrl: string, sandboxUrl: string, logFile: string, workflows: Array<{ id: string, name: string }> }} ready
 * @returns {string}
 */
function instructions({ n8nUrl, sandboxUrl, logFile, workflows }) {
	const json = "-H 'content-type: application/json'";
	const s = sandboxUrl;
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

  Ctrl-C stops n8n and the sandbox.
`;
}

module.exports = { OWNER, instructions };
