/**
 * An HTTP client that sends exactly what a test asks for: header names in any case, repeated headers, any
 * method and path, a body from a buffer or a stream, with or without Content-Length. `fetch` normalises too
 * much of that away to be useful for hostile input.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

export interface RawHttpRequest {
	method: string;
	/** Path and query, sent as is. */
	path: string;
	/** In order; a name may repeat. Host is added unless present. */
	headers: Array<[string, string]>;
	body: Buffer | Readable;
	/** Add `Content-Length` for a buffer body (default true); without it the body is sent chunked. */
	contentLength?: boolean;
	/** Give up reading the response after this long (default 30 s). */
	timeoutMs?: number;
}

export interface RawHttpResponse {
	/** 0 when the connection was reset before any answer arrived (see `reset`). */
	status: number;
	/**
	 * The server closed the connection while the upload was still running and the answer was lost with it (a
	 * server that stops reading an oversized body may reset the connection). The server's own record of its
	 * answer is then the only one.
	 */
	reset?: boolean;
	headers: IncomingHttpHeaders;
	body: string;
}

export function sendRaw(base: string, init: RawHttpRequest): Promise<RawHttpResponse> {
	const url = new URL(base);
	const headers = [...init.headers];
	if (!headers.some(([name]) => name.toLowerCase() === 'host')) headers.unshift(['Host', url.host]);
	const buffer = Buffer.isBuffer(init.body) ? init.body : undefined;
	if (buffer && init.contentLength !== false && !headers.some(([name]) => name.toLowerCase() === 'content-length')) {
		headers.push(['Content-Length', String(buffer.length)]);
	}
	const flat: string[] = [];
	for (const [name, value] of headers) flat.push(name, value);

	return new Promise((resolve, reject) => {
		const req = httpRequest({
			host: url.hostname,
			port: url.port,
			method: init.method,
			path: init.path,
			headers: flat,
			setHost: false,
			agent: false,
		});
		let answered = false;
		const timer = setTimeout(() => reject(new Error('response timeout')), init.timeoutMs ?? 30_000);
		req.on('response', (res) => {
			answered = true;
			// The server may answer (413, 401) before the upload ends: stop sending the rest.
			if (!buffer) (init.body as Readable).unpipe(req);
			const chunks: Buffer[] = [];
			let received = 0;
			const expected = res.headers['content-length'] === undefined ? undefined : Number(res.headers['content-length']);
			let done = false;
			const finish = (): void => {
				if (done) return;
				done = true;
				clearTimeout(timer);
				req.destroy();
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
			};
			res.on('data', (chunk: Buffer) => {
				chunks.push(chunk);
				received += chunk.length;
				// A response that arrives while the request is still uploading does not always see its 'end'.
				if (expected !== undefined && received >= expected) finish();
			});
			res.on('end', finish);
			res.on('close', finish);
			if (expected === 0 || res.statusCode === 204) finish();
		});
		req.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'EPIPE' || error.code === 'ECONNRESET') {
				// The answer may still be in flight; if it does not come, report the reset.
				setTimeout(() => {
					if (answered) return;
					clearTimeout(timer);
					resolve({ status: 0, reset: true, headers: {}, body: '' });
				}, 250);
				return;
			}
			clearTimeout(timer);
			reject(error);
		});
		if (buffer) {
			req.end(buffer);
		} else {
			(init.body as Readable).on('error', () => req.destroy()).pipe(req);
		}
	});
}
