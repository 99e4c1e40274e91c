// The presigned-file host: https only, on loopback, with a certificate made at run time. It records whether
// a download carried credentials (none must) and refuses expired or forged URLs the way S3 does (403 + XML).
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

import { createSelfSignedCertificate } from '../../tls/selfSigned';
import type { JournalStore } from './store';
import type { JournalBehaviour, JournalFileStats } from './types';

export interface FileHost {
	url: string;
	certificate: string;
	stats: JournalFileStats;
	failNext(status: number, count: number): void;
	close(): Promise<void>;
}

const s3Error = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

export async function startFileHost(store: JournalStore, behaviour: JournalBehaviour, host: string): Promise<FileHost> {
	const { cert, key } = createSelfSignedCertificate();
	const stats: JournalFileStats = { downloads: 0, withAuthorization: 0, refusedExpired: 0 };
	const failures: number[] = [];
	const server: Server = createServer({ cert, key }, (req, res) => {
		stats.downloads += 1;
		if (req.headers.authorization !== undefined || req.headers['x-api-token'] !== undefined) stats.withAuthorization += 1;
		const url = new URL(req.url ?? '/', 'https://files.invalid');
		const match = /^\/journal-files\/([0-9a-f-]+)\.json$/.exec(url.pathname);
		const injected = failures.shift();
		if (injected !== undefined) {
			res.writeHead(injected, { 'content-type': 'application/xml' }).end(s3Error(injected === 503 ? 'SlowDown' : 'InternalError', 'injected'));
			return;
		}
		if (req.method !== 'GET' || !match) {
			res.writeHead(404, { 'content-type': 'application/xml' }).end(s3Error('NoSuchKey', 'The specified key does not exist.'));
			return;
		}
		const file = store.file(match[1], url.searchParams.get('X-Amz-Expires'), url.searchParams.get('X-Amz-Signature'), behaviour.fileFormat);
		if (!file.ok) {
			if (file.reason === 'Request has expired') stats.refusedExpired += 1;
			res.writeHead(file.status, { 'content-type': 'application/xml' }).end(s3Error('AccessDenied', file.reason));
			return;
		}
		res.writeHead(200, { 'content-type': 'application/json' }).end(file.text);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, host, () => resolve());
	});
	const address = server.address() as AddressInfo;
	const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
	return {
		url: `https://${hostPart}:${address.port}`,
		certificate: cert,
		stats,
		failNext: (status, count) => {
			for (let i = 0; i < count; i++) failures.push(status);
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
