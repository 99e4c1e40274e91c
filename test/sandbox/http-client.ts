// A minimal JSON client for sandbox tests and scripts (no dependencies, no global fetch assumptions).
import { request } from 'node:http';

export interface ClientResponse {
	status: number;
	headers: Record<string, string>;
	text: string;
	/** Parsed JSON body, undefined when empty or not JSON. */
	json: unknown;
}

export interface ClientRequest {
	body?: unknown;
	/** Sent as is (form bodies); wins over `body`. */
	rawBody?: string;
	headers?: Record<string, string>;
}

export function call(baseUrl: string, method: string, path: string, options: ClientRequest = {}): Promise<ClientResponse> {
	const payload = options.rawBody ?? (options.body === undefined ? '' : JSON.stringify(options.body));
	const headers: Record<string, string> = { ...options.headers };
	if (options.rawBody === undefined && options.body !== undefined) headers['content-type'] ??= 'application/json';
	return new Promise((resolve, reject) => {
		const req = request(new URL(path, baseUrl), { method, headers: { ...headers, 'content-length': String(Buffer.byteLength(payload)) }, agent: false }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let json: unknown;
				try {
					json = text === '' ? undefined : JSON.parse(text);
				} catch {
					json = undefined;
				}
				const responseHeaders: Record<string, string> = {};
				for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') responseHeaders[name] = value;
				resolve({ status: res.statusCode ?? 0, headers: responseHeaders, text, json });
			});
		});
		req.on('error', reject);
		req.end(payload);
	});
}
