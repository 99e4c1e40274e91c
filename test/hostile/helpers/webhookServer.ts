/**
 * A loopback server that hands each request to a node through n8n-core's real WebhookContext, with the request
 * plumbing of n8n 2.40.7 rebuilt where hostile input meets it (packages/cli/src/middlewares/body-parser.ts):
 * `readRawBody` inflates gzip/deflate, refuses more than N8N_PAYLOAD_SIZE_MAX (16 MB by default) with an
 * error of type `entity.too.large`, and checks the declared length; optionally the body is JSON-parsed first
 * and a parse failure answered 422, as n8n does for version-1 webhook nodes. A node that throws is answered
 * 500, as n8n answers a failed webhook call. Every request is recorded as the node saw it, for the oracles.
 */
import express from 'express';
import type { IncomingHttpHeaders, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import { WebhookContext } from 'n8n-core';
import type { INodeExecutionData, IWebhookResponseData, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { defaultWebhookData, makeHarness, type Harness, type NodeUnderTest } from '../../helpers/n8n';

/** n8n's default N8N_PAYLOAD_SIZE_MAX, in bytes. */
export const N8N_PAYLOAD_LIMIT_BYTES = 16 * 1024 * 1024;

export interface ObservedRequest {
	method: string;
	originalUrl: string;
	headers: IncomingHttpHeaders;
	/** The body as `readRawBody` produced it; undefined when the node never read it. */
	rawBody: Buffer | undefined;
	/** Bytes taken off the socket (before inflating). */
	bytesRead: number;
	/** Set when the node threw: the message n8n would log. */
	thrown?: string;
	/** The status the server answered with, as the server saw it (the client may lose it to a reset). */
	status?: number;
}

export interface HostileServer {
	url: string;
	base: string;
	harness: Harness;
	/** Items of each execution started, in order. */
	executions: INodeExecutionData[][];
	observed: ObservedRequest[];
	close(): Promise<void>;
}

export interface HostileServerOptions {
	/** JSON-parse `application/json` bodies before the node runs, answering 422 on failure (n8n 2.40 does). */
	n8nParsesBody?: boolean;
	payloadLimitBytes?: number;
	/** express's `trust proxy`, as n8n sets it from N8N_PROXY_HOPS (unset: no proxy trusted, n8n's default). */
	trustProxy?: number | string;
}

interface RawBodyError extends Error {
	type: string;
	status: number;
}

function rawBodyError(type: string, status: number, message: string): RawBodyError {
	return Object.assign(new Error(message), { type, status });
}

/** The raw-body module's contract as n8n uses it: inflate, bound, check the declared length. */
function readLimited(req: IncomingMessage, limitBytes: number, counter: { bytes: number }): Promise<Buffer> {
	const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
	let stream: Readable = req;
	let declared: number | undefined;
	if (encoding === 'gzip') stream = req.pipe(createGunzip());
	else if (encoding === 'deflate') stream = req.pipe(createInflate());
	else if (req.headers['content-length'] !== undefined) declared = Number(req.headers['content-length']);
	req.on('data', (chunk: Buffer) => {
		counter.bytes += chunk.length;
	});

	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let received = 0;
		let settled = false;
		const finish = (error: Error | undefined, body?: Buffer): void => {
			if (settled) return;
			settled = true;
			stream.removeAllListeners('data');
			if (error) {
				// Stop reading, as raw-body does: the rest of the upload stays on the socket.
				if (stream !== req) req.unpipe();
				req.pause();
				reject(error);
			} else {
				resolve(body as Buffer);
			}
		};
		if (declared !== undefined && declared > limitBytes) {
			finish(rawBodyError('entity.too.large', 413, 'request entity too large'));
			return;
		}
		stream.on('data', (chunk: Buffer) => {
			received += chunk.length;
			if (received > limitBytes) finish(rawBodyError('entity.too.large', 413, 'request entity too large'));
			else chunks.push(chunk);
		});
		stream.on('end', () => {
			if (declared !== undefined && received !== declared) {
				finish(rawBodyError('request.size.invalid', 400, 'request size did not match content length'));
			} else {
				finish(undefined, Buffer.concat(chunks));
			}
		});
		stream.on('error', (error: Error) => finish(error));
		req.on('aborted', () => finish(rawBodyError('request.aborted', 400, 'request aborted')));
	});
}

export async function startHostileServer(spec: NodeUnderTest, options: HostileServerOptions = {}): Promise<HostileServer> {
	const limit = options.payloadLimitBytes ?? N8N_PAYLOAD_LIMIT_BYTES;
	const app = express();
	if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
	const executions: INodeExecutionData[][] = [];
	const observed: ObservedRequest[] = [];
	const holder: { harness?: Harness } = {};

	app.use((req, _res, next) => {
		const counter = { bytes: 0 };
		(req as unknown as { bytesCounter: { bytes: number } }).bytesCounter = counter;
		req.readRawBody = async () => {
			if (!req.rawBody) req.rawBody = await readLimited(req, limit, counter);
		};
		next();
	});
	app.all('/{*rest}', async (req, res) => {
		const h = holder.harness as Harness;
		const record: ObservedRequest = {
			method: req.method,
			originalUrl: req.originalUrl,
			headers: req.headers,
			rawBody: undefined,
			bytesRead: 0,
		};
		observed.push(record);
		try {
			if (options.n8nParsesBody && /^application\/json/i.test(String(req.headers['content-type'] ?? ''))) {
				try {
					await req.readRawBody();
					if (req.rawBody.length > 0) req.body = JSON.parse(req.rawBody.toString('utf8').replace(/^\uFEFF/, ''));
				} catch (error) {
					const status = (error as Partial<RawBodyError>).status;
					res.status(status === 413 ? 413 : 422).json({ code: 422, message: 'Failed to parse request body' });
					return;
				}
			}
			const webhookData = defaultWebhookData(h);
			const additionalData = { ...h.additionalData, httpRequest: req, httpResponse: res } as IWorkflowExecuteAdditionalData;
			const ctx = new WebhookContext(h.workflow, h.node, additionalData, 'webhook', webhookData, [], null);
			const type = h.workflow.nodeTypes.getByNameAndVersion(h.node.type);
			const result: IWebhookResponseData = await (type.webhook as NonNullable<typeof type.webhook>).call(ctx);
			if (result.workflowData) executions.push(result.workflowData[0]);
			if (!result.noWebhookResponse) res.status(200).json({ message: 'Workflow was started' });
		} catch (error) {
			record.thrown = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
			if (!res.headersSent) res.status(500).json({ code: 0, message: 'Error in workflow' });
		} finally {
			record.rawBody = Buffer.isBuffer(req.rawBody) ? req.rawBody : undefined;
			record.status = res.headersSent ? res.statusCode : undefined;
			record.bytesRead = (req as unknown as { bytesCounter: { bytes: number } }).bytesCounter.bytes;
		}
	});

	const server: Server = await new Promise((resolve) => {
		const s = app.listen(0, '127.0.0.1', () => resolve(s));
	});
	const port = (server.address() as AddressInfo).port;
	const base = `http://127.0.0.1:${port}`;
	const harness = makeHarness(spec, base);
	holder.harness = harness;
	return {
		url: `${base}/webhook/${harness.node.webhookId}/webhook`,
		base,
		harness,
		executions,
		observed,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
