import https from 'node:https';
import type { AddressInfo } from 'node:net';

import { X509Certificate } from 'node:crypto';

import { createSelfSignedCertificate, integer } from './tls/selfSigned';
import { trustCertificateInThisProcess } from './tls/trust';

function get(url: string, options: https.RequestOptions = {}): Promise<number> {
	return new Promise((resolve, reject) => {
		https.get(url, { ...options, agent: new https.Agent() }, (res) => {
			res.resume();
			resolve(res.statusCode ?? 0);
		}).on('error', reject);
	});
}

describe('run-time self-signed certificate', () => {
	const { cert, key } = createSelfSignedCertificate();
	let server: https.Server;
	let url: string;
	beforeAll(async () => {
		server = https.createServer({ cert, key }, (_req, res) => res.end('ok'));
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	});
	afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

	it('is refused by default, as any unknown issuer must be', async () => {
		await expect(get(url)).rejects.toThrow(/self-signed|self signed/);
	});

	it('is accepted with it as the CA, and by the whole process only while trusted', async () => {
		expect(await get(url, { ca: cert })).toBe(200);
		const untrust = trustCertificateInThisProcess(cert);
		try {
			expect(await get(url)).toBe(200);
		} finally {
			untrust();
		}
		await expect(get(url)).rejects.toThrow(/self-signed|self signed/);
	});

	it('refuses another run\'s certificate (each run makes its own key)', async () => {
		const other = createSelfSignedCertificate();
		await expect(get(url, { ca: other.cert })).rejects.toThrow();
	});
});

describe('DER integers in the certificate', () => {
	const hex = (bytes: number[]) => integer(Buffer.from(bytes)).toString('hex');

	it('are minimal: a redundant leading zero is dropped and a high bit gets one', () => {
		expect(hex([0x00, 0x12])).toBe('020112');
		expect(hex([0x00, 0x00, 0x80])).toBe('02020080');
		expect(hex([0x80, 0x01])).toBe('0203008001');
		expect(hex([0x00])).toBe('020100');
	});

	it('parse back in many fresh certificates (a random serial once made one in 512 unreadable)', () => {
		for (let i = 0; i < 600; i++) {
			const { cert } = createSelfSignedCertificate();
			expect(new X509Certificate(cert).serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
		}
	});
});
