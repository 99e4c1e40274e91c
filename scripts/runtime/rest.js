'use strict';
// n8n's internal REST API as the owner: what the editor's Publish / Unpublish buttons and execution list do,
// without a restart.

const { randomUUID } = require('node:crypto');
const http = require('node:http');

/**
 * @typedef {object} RestResponse
 * @property {number} status
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {string} text
 * @property {unknown} json
 */

/**
 * @typedef {object} OwnerSession
 * @property {(method: string, route: string, body?: unknown) => Promise<RestResponse>} call
 * @property {(id: string) => Promise<unknown>} getWorkflow
 * @property {(id: string) => Promise<unknown>} activate publish the current version (what the editor's Publish button does); takes effect asynchronously
 * @property {(id: string) => Promise<unknown>} deactivate
 * @property {(workflowId: string) => Promise<unknown>} executions
 */

/**
 * A JSON request over loopback HTTP; the body is parsed when it is JSON.
 * @param {string} url
 * @param {string} method
 * @param {unknown} body
 * @param {Record<string, string>} [headers]
 * @returns {Promise<RestResponse>}
 */
function request(url, method, body, headers = {}) {
	return new Promise((resolve, reject) => {
		const payload = body === undefined ? '' : JSON.stringify(body);
		const options = { method, agent: false, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), ...headers } };
		const req = http.request(url, options, (res) => {
			let text = '';
			res.on('data', (/** @type {Buffer} */ chunk) => (text += chunk));
			res.on('end', () => {
				/** @type {unknown} */
				let json;
				try {
					json = text ? JSON.parse(text) : undefined;
				} catch {
					json = undefined;
				}
				resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
			});
		});
		req.on('error', reject);
		req.end(payload);
	});
}

/**
 * The `data` of an n8n REST answer (or the whole JSON), or an error naming what failed.
 * @param {RestResponse} response
 * @param {string} what
 * @returns {unknown}
 */
function dataOf(response, what) {
	if (response.status !== 200) throw new Error(`${what} failed: ${response.status} ${response.text.slice(0, 500)}`);
	const { json } = response;
	return typeof json === 'object' && json !== null && 'data' in json && json.data !== undefined ? json.data : json;
}

/** @param {unknown} workflow */
function versionIdOf(workflow) {
	return typeof workflow === 'object' && workflow !== null && 'versionId' in workflow ? workflow.versionId : undefined;
}

/**
 * Log in to n8n's internal REST API as the owner (creating the owner on a fresh instance) to
 * activate/deactivate workflows without a restart — what the editor's Publish / Unpublish buttons do.
 * @param {string} baseUrl
 * @param {{ email?: string, password?: string }} [owner]
 * @returns {Promise<OwnerSession>}
 */
async function ownerSession(baseUrl, owner = {}) {
	const email = owner.email || 'owner@crm-listeners.test';
	const password = owner.password || 'Sandbox-Passw0rd!';
	const browserId = randomUUID();
	let cookie = '';
	/** @type {OwnerSession['call']} */
	const call = async (method, route, body) => {
		const response = await request(`${baseUrl}/rest${route}`, method, body, { 'browser-id': browserId, ...(cookie ? { cookie } : {}) });
		const setCookie = response.headers['set-cookie'];
		if (setCookie) cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
		return response;
	};
	const setup = await call('POST', '/owner/setup', { email, password, firstName: 'Sandbox', lastName: 'Owner' });
	if (setup.status !== 200) {
		const login = await call('POST', '/login', { emailOrLdapLoginId: email, password });
		if (login.status !== 200) throw new Error(`n8n login failed: ${login.status} ${login.text.slice(0, 300)}`);
	}
	/** @param {string} id */
	const getWorkflow = async (id) => dataOf(await call('GET', `/workflows/${id}`), `GET workflow ${id}`);
	return {
		call,
		getWorkflow,
		activate: async (id) => {
			const versionId = versionIdOf(await getWorkflow(id));
			return dataOf(await call('POST', `/workflows/${id}/activate`, { versionId }), `activate ${id}`);
		},
		deactivate: async (id) => dataOf(await call('POST', `/workflows/${id}/deactivate`, {}), `deactivate ${id}`),
		executions: async (workflowId) => dataOf(await call('GET', `/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`), 'list executions'),
	};
}

module.exports = { request, ownerSession };
