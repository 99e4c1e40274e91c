// The loopback load balancer in front of the webhook processes: nginx, round robin, keep-alive to the
// upstreams, an access log that says which upstream answered each request. Started with its own prefix
// folder and config, stopped and deleted afterwards.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { spawnService, waitUntilReady } from './process';

export interface LoadBalancer {
	url: string;
	/** The service's process (and process group) id. */
	pid: number;
	port: number;
	/** The same proxy with the first upstream only (to compare one webhook process with all of them). */
	firstOnlyUrl: string;
	/** Requests nginx passed on: which upstream (host:port) answered which path, and with what status. */
	accessLog(): Array<{ atMs: number; upstream: string; status: number; path: string }>;
	stop(): Promise<void>;
}

function config(prefix: string, port: number, firstOnlyPort: number, upstreams: string[]): string {
	return `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes 1;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 1024; }
http {
	log_format lb '$msec $upstream_addr $status $request_uri';
	access_log ${prefix}/access.log lb;
	client_body_temp_path ${prefix}/body;
	proxy_temp_path ${prefix}/proxy;
	fastcgi_temp_path ${prefix}/fastcgi;
	uwsgi_temp_path ${prefix}/uwsgi;
	scgi_temp_path ${prefix}/scgi;
	client_max_body_size 16m;
	upstream n8n_webhooks {
${upstreams.map((upstream) => `		server ${upstream} max_fails=0;`).join('\n')}
		keepalive 32;
	}
	upstream n8n_first_webhook {
		server ${upstreams[0]} max_fails=0;
		keepalive 32;
	}
${[
	[port, 'n8n_webhooks'],
	[firstOnlyPort, 'n8n_first_webhook'],
]
	.map(
		([listen, upstream]) => `	server {
		listen 127.0.0.1:${listen};
		location / {
			proxy_pass http://${upstream};
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host $http_host;
			proxy_set_header X-Forwarded-For $remote_addr;
			proxy_set_header X-Forwarded-Proto $scheme;
			proxy_read_timeout 120s;
		}
	}`,
	)
	.join('\n')}
}
`;
}

function status(url: string): Promise<number> {
	return new Promise((resolve) => {
		const req = request(url, { method: 'GET', agent: false, timeout: 1_000 }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode ?? 0));
		});
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(0));
		req.end();
	});
}

export async function startLoadBalancer(options: {
	nginx: string;
	port: number;
	firstOnlyPort: number;
	upstreams: string[];
	onSpawn?: (pid: number) => void;
}): Promise<LoadBalancer> {
	const prefix = mkdtempSync(join(tmpdir(), 'crm-listeners-nginx-'));
	for (const dir of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(prefix, dir));
	const configFile = join(prefix, 'nginx.conf');
	writeFileSync(configFile, config(prefix, options.port, options.firstOnlyPort, options.upstreams));
	writeFileSync(join(prefix, 'access.log'), '');
	const service = spawnService({
		name: 'nginx',
		command: options.nginx,
		// -e: the error log before the configuration is read (else the compiled-in /var/log/nginx/error.log).
		args: ['-p', prefix, '-e', join(prefix, 'error.log'), '-c', configFile],
		logFile: join(prefix, 'nginx.out'),
		onSpawn: options.onSpawn,
	});
	const url = `http://127.0.0.1:${options.port}`;
	// Any answer (a 502 while no upstream listens yet) means nginx is up.
	await waitUntilReady(service, async () => (await status(`${url}/`)) !== 0, 20_000);
	return {
		url,
		pid: service.pid,
		port: options.port,
		firstOnlyUrl: `http://127.0.0.1:${options.firstOnlyPort}`,
		accessLog: () =>
			readFileSync(join(prefix, 'access.log'), 'utf8')
				.split('\n')
				.filter((line) => line.trim() !== '')
				.map((line) => {
					const [msec, upstream, code, path] = line.split(' ');
					return { atMs: Math.round(Number(msec) * 1000), upstream, status: Number(code), path };
				}),
		stop: async () => {
			await service.stop();
			rmSync(prefix, { recursive: true, force: true });
		},
	};
}
