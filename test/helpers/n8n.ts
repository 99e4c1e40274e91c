/**
 * Drives our nodes through n8n-core's real execution contexts (WebhookContext, HookContext, PollContext),
 * the way n8n's own server does: a real express app on loopback, n8n's raw-body reader, a workflow with
 * static data, and a credentials helper that applies each credential type's own `authenticate` block.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { HookContext, PollContext, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

export const PACKAGE = 'n8n-nodes-crm-listeners';

class TestNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType>) {}

	getByName(nodeType: string): INodeType {
		return this.getByNameAndVersion(nodeType);
	}

	getByNameAndVersion(nodeType: string): INodeType {
		const type = this.types[nodeType];
		if (!type) throw new Error(`unknown node type ${nodeType}`);
		return type;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

function resolveCredentialExpression(value: unknown, data: ICredentialDataDecryptedObject): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	return value.slice(1).replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_m, name: string) => String(data[name] ?? ''));
}

function resolveRecord(record: IDataObject | undefined, data: ICredentialDataDecryptedObject): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(record ?? {})) out[key] = resolveCredentialExpression(value, data) as string;
	return out;
}

/** Stands in for n8n's CLI CredentialsHelper: decrypted data from memory, `authenticate` applied as n8n does. */
export class TestCredentialsHelper {
	readonly used: string[] = [];

	constructor(
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
		private readonly types: Record<string, ICredentialType>,
	) {}

	getParentTypes(name: string): string[] {
		return this.types[name]?.extends ?? [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const type = this.types[typeName];
		const auth = type?.authenticate;
		if (!auth) return requestOptions;
		if (typeof auth === 'function') return await auth(credentials, requestOptions);
		const props = auth.properties;
		return {
			...requestOptions,
			headers: { ...(requestOptions.headers ?? {}), ...resolveRecord(props.headers as IDataObject, credentials) },
			qs: { ...(requestOptions.qs ?? {}), ...resolveRecord(props.qs as IDataObject, credentials) },
			auth: props.auth
				? (resolveRecord(props.auth as unknown as IDataObject, credentials) as unknown as IHttpRequestOptions['auth'])
				: requestOptions.auth,
		};
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getDecrypted(_additionalData: unknown, _nodeCredentials: unknown, type: string): Promise<ICredentialDataDecryptedObject> {
		this.used.push(type);
		const data = this.data[type];
		if (!data) throw new Error(`no test credentials of type ${type}`);
		return { ...data };
	}

	async updateCredentials(): Promise<void> {}

	/** The user edits a credential: later reads give `data`. */
	setData(type: string, data: ICredentialDataDecryptedObject): void {
		this.data[type] = { ...data };
	}

	/** n8n stores the token it fetched (client credentials) or refreshed; later requests use it. */
	async updateCredentialsOauthTokenData(_nodeCredentials: unknown, type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		this.setData(type, data);
	}

	getCredentialsProperties(type: string) {
		return this.types[type]?.properties ?? [];
	}
}

export interface NodeUnderTest {
	type: INodeType;
	typeName: string;
	parameters: INode['parameters'];
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	credentialTypes?: ICredentialType[];
	staticData?: IDataObject;
}

/** The version n8n gives a node of this type when the editor adds it. */
function latestVersion(type: INodeType): number {
	const { version, defaultVersion } = type.description;
	return defaultVersion ?? (Array.isArray(version) ? Math.max(...version) : version);
}

export interface Harness {
	workflow: Workflow;
	node: INode;
	additionalData: IWorkflowExecuteAdditionalData;
	credentialsHelper: TestCredentialsHelper;
	staticData(): IDataObject;
	setParameters(parameters: INode['parameters']): void;
}

export function makeHarness(spec: NodeUnderTest, baseUrl = 'http://127.0.0.1:5678'): Harness {
	const node: INode = {
		id: randomUUID(),
		name: 'Trigger',
		type: `${PACKAGE}.${spec.typeName}`,
		typeVersion: latestVersion(spec.type),
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: spec.parameters,
		credentials: Object.fromEntries(
			Object.keys(spec.credentials ?? {}).map((type) => [type, { id: `cred-${type}`, name: type }]),
		),
	};
	const workflow = new Workflow({
		id: 'wf-test',
		name: 'test workflow',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: new TestNodeTypes({ [node.type]: spec.type }),
		staticData: spec.staticData ?? {},
	});
	const types = Object.fromEntries((spec.credentialTypes ?? []).map((type) => [type.name, type]));
	const credentialsHelper = new TestCredentialsHelper(spec.credentials ?? {}, types);
	const additionalData = {
		credentialsHelper,
		restApiUrl: `${baseUrl}/rest`,
		instanceBaseUrl: baseUrl,
		webhookBaseUrl: `${baseUrl}/webhook`,
		webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
		webhookTestBaseUrl: `${baseUrl}/webhook-test`,
		formBaseUrl: `${baseUrl}/form`,
		formWaitingBaseUrl: `${baseUrl}/form-waiting`,
		formTestBaseUrl: `${baseUrl}/form-test`,
		mcpBaseUrl: `${baseUrl}/mcp`,
		mcpTestBaseUrl: `${baseUrl}/mcp-test`,
		currentNodeExecutionIndex: 0,
		variables: {},
		logAiEvent: () => undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
	return {
		workflow,
		node,
		additionalData,
		credentialsHelper,
		staticData: () => workflow.getStaticData('node', node),
		setParameters: (parameters) => {
			node.parameters = parameters;
		},
	};
}

/** What n8n hands the contexts of a node's default webhook (POST `webhook`), with `extra` on top. */
export function defaultWebhookData(h: Harness, extra: Partial<IWebhookData> = {}): IWebhookData {
	return {
		httpMethod: 'POST',
		node: h.node.name,
		path: 'webhook',
		webhookDescription: { name: 'default', httpMethod: 'POST', path: 'webhook' },
		workflowId: h.workflow.id,
		workflowExecuteAdditionalData: h.additionalData,
		...extra,
	} as IWebhookData;
}

/** A real HookContext, as n8n builds for checkExists/create/delete on activation. */
export function hookContext(h: Harness, mode: WorkflowExecuteMode = 'trigger', activation: WorkflowActivateMode = 'activate') {
	return new HookContext(h.workflow, h.node, h.additionalData, mode, activation);
}

/**
 * The HookContexts n8n builds for Execute step: create() in mode "manual", and the clean-up when the test ends in
 * mode "internal"; both on the test webhook (`isTest`), so getNodeWebhookUrl() gives the test URL.
 */
export function testHookContexts(h: Harness) {
	const webhookData = defaultWebhookData(h, { webhookId: h.node.webhookId, isTest: true });
	return {
		create: new HookContext(h.workflow, h.node, h.additionalData, 'manual', 'manual', webhookData),
		end: new HookContext(h.workflow, h.node, h.additionalData, 'internal', 'update', webhookData),
	};
}

/** A real PollContext, as n8n builds for each poll. */
export function pollContext(h: Harness, mode: WorkflowExecuteMode = 'trigger', budgetMs?: number) {
	return new PollContext(
		h.workflow,
		h.node,
		h.additionalData,
		mode,
		'activate',
		undefined,
		undefined,
		undefined,
		undefined,
		undefined,
		budgetMs === undefined ? undefined : () => budgetMs,
	);
}

export interface WebhookCall {
	status: number;
	headers: Record<string, string>;
	body: string;
	/** Items of the execution the request started; undefined when none was started. */
	items: INodeExecutionData[] | undefined;
}

export interface WebhookServer {
	url: string;
	harness: Harness;
	/** Executions started, in order. */
	executions: INodeExecutionData[][];
	/** Reads of `req.body` by anyone after n8n built the context. */
	bodyReads: number;
	send(init: { body: string | Buffer; headers?: Record<string, string>; method?: string; path?: string }): Promise<WebhookCall>;
	close(): Promise<void>;
}

/**
 * Starts a loopback express server that hands each request to the node through a real WebhookContext,
 * after n8n's raw-body reader (n8n's server wires `readRawBody` the same way).
 */
export async function startWebhookServer(
	spec: NodeUnderTest,
	options: {
		mode?: WorkflowExecuteMode;
		/** Parse the body first as n8n 2.x does (true), or hand the node what this function makes of it instead. */
		parseJsonFirst?: boolean | ((rawBody: Buffer) => unknown);
	} = {},
): Promise<WebhookServer> {
	const app = express();
	let lastItems: INodeExecutionData[] | undefined;
	const state = { bodyReads: 0 };
	const executions: INodeExecutionData[][] = [];
	const holder: { harness?: Harness } = {};

	app.use((req, _res, next) => {
		req.readRawBody = async () => {
			if (!req.rawBody) {
				const chunks: Buffer[] = [];
				for await (const chunk of req) chunks.push(chunk as Buffer);
				req.rawBody = Buffer.concat(chunks);
			}
		};
		next();
	});
	app.all('/{*rest}', async (req, res) => {
		const h = holder.harness!;
		try {
			if (options.parseJsonFirst) {
				await req.readRawBody();
				// As n8n 2.x's body parser: media type lower-cased (not trimmed), charset parameter (UTF-8 by
				// default) handed to Buffer#toString, a BOM dropped, JSON.parse; a body it cannot parse gets 422.
				const [type, ...parameters] = (req.headers['content-type'] ?? '').split(';');
				let charset = 'utf-8';
				for (const parameter of parameters) {
					const equals = parameter.indexOf('=');
					if (equals >= 0 && parameter.slice(0, equals).toLowerCase().trim() === 'charset') charset = parameter.slice(equals + 1).trim().replace(/^"(.*)"$/, '$1').toLowerCase();
				}
				if (type.toLowerCase() === 'application/json' && req.rawBody.length > 0) {
					try {
						const text = req.rawBody.toString(charset as BufferEncoding);
						req.body = typeof options.parseJsonFirst === 'function' ? options.parseJsonFirst(req.rawBody) : JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
					} catch (error) {
						res.status(422).json({ message: 'Failed to parse request body', error: String(error) });
						return;
					}
				}
			}
			// The node's webhook for this method, as n8n routes it (HubSpot: POST events, GET setup).
			const descriptions = h.workflow.nodeTypes.getByNameAndVersion(h.node.type).description.webhooks ?? [];
			const description = descriptions.find((d) => d.httpMethod === req.method) ?? { name: 'default', httpMethod: 'POST', path: 'webhook' };
			const webhookData = {
				httpMethod: description.httpMethod,
				node: h.node.name,
				path: 'webhook',
				webhookDescription: description,
				workflowId: h.workflow.id,
				workflowExecuteAdditionalData: h.additionalData,
				isTest: options.mode === 'manual',
			} as IWebhookData;
			const additionalData = { ...h.additionalData, httpRequest: req, httpResponse: res } as IWorkflowExecuteAdditionalData;
			const ctx = new WebhookContext(h.workflow, h.node, additionalData, options.mode ?? 'webhook', webhookData, [], null);
			// From here on, count who reads the parsed body: the node must not.
			const parsed: unknown = req.body;
			Object.defineProperty(req, 'body', {
				configurable: true,
				get: () => {
					state.bodyReads += 1;
					return parsed;
				},
			});
			const type = h.workflow.nodeTypes.getByNameAndVersion(h.node.type);
			const result: IWebhookResponseData = await type.webhook!.call(ctx);
			lastItems = result.workflowData?.[0];
			if (result.workflowData) executions.push(result.workflowData[0]);
			if (!result.noWebhookResponse) res.status(200).json({ message: 'Workflow was started' });
		} catch (error) {
			lastItems = undefined;
			res.status(500).json({ message: 'Error in workflow', error: error instanceof Error ? error.message : String(error) });
		}
	});

	const server: Server = await new Promise((resolve) => {
		const s = app.listen(0, '127.0.0.1', () => resolve(s));
	});
	const port = (server.address() as AddressInfo).port;
	const base = `http://127.0.0.1:${port}`;
	const harness = makeHarness(spec, base);
	holder.harness = harness;
	const url = `${base}/webhook/${harness.node.webhookId}/webhook`;

	return {
		url,
		harness,
		executions,
		get bodyReads() {
			return state.bodyReads;
		},
		async send(init) {
			lastItems = undefined;
			const method = init.method ?? 'POST';
			const response = await fetch(init.path ? base + init.path : url, {
				method,
				headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
				body: method === 'GET' || method === 'HEAD' ? undefined : init.body,
			});
			const body = await response.text();
			const headers: Record<string, string> = {};
			response.headers.forEach((value, key) => {
				headers[key] = value;
			});
			return { status: response.status, headers, body, items: lastItems };
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
