// A plain HTTP POST that reports exactly what came back (status, headers, body), for the tests that play the
// provider themselves.
import { request } from 'node:http';

export interface HttpResult {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

export function post(url: string, body: string | Buffer, headers: Record<string, string>): Promise<HttpResult> {
	return new Promise((resolve, reject) => {
		const req = request(url, { method: 'POST', agent: false, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
			res.on('error', reject);
		});
		req.setTimeout(30_000, () => req.destroy(new Error(`POST ${url} timed out`)));
		req.on('error', reject);
		req.end(body);
	});
}
