// One outbound POST with a hard deadline (a provider gives up on slow receivers).
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface PostResult {
	status: number | null;
	responseBody: string;
	error?: string;
}

export function post(targetUrl: string, headers: Record<string, string>, body: string, timeoutMs: number, signal?: AbortSignal): Promise<PostResult> {
	return new Promise((resolve) => {
		let url: URL;
		try {
			url = new URL(targetUrl);
		} catch {
			resolve({ status: null, responseBody: '', error: 'invalid target URL' });
			return;
		}
		const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
		let settled = false;
		const finish = (result: PostResult): void => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			// The signal is shared by every delivery of the sandbox: leave no listener behind on it.
			signal?.removeEventListener('abort', onAbort);
			resolve(result);
		};
		const req = send(
			url,
			{ method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: false },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () => finish({ status: res.statusCode ?? null, responseBody: Buffer.concat(chunks).toString('utf8') }));
				res.on('error', (error) => finish({ status: null, responseBody: '', error: error.message }));
			},
		);
		const timer = setTimeout(() => {
			finish({ status: null, responseBody: '', error: `timeout after ${timeoutMs} ms` });
			req.destroy();
		}, timeoutMs);
		req.on('error', (error) => finish({ status: null, responseBody: '', error: error.message }));
		function onAbort(): void {
			finish({ status: null, responseBody: '', error: 'sandbox closed' });
			req.destroy();
		}
		signal?.addEventListener('abort', onAbort, { once: true });
		req.end(body);
	});
}
