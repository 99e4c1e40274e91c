// Every request the sandbox answered, with secrets masked, for tests to inspect.
import type { AuthKind, JsonValue, RequestFilter, RequestLogEntry } from './types';

const SECRET_HEADERS = ['authorization', 'x-api-token'];
const SECRET_QUERY = ['hapikey', 'api_token'];

export interface LoggedRequest {
	provider: RequestLogEntry['provider'];
	method: string;
	path: string;
	query: URLSearchParams;
	headers: Record<string, string>;
	auth: AuthKind;
	body: JsonValue;
	status: number;
	injected: boolean;
	client?: string;
}

export class RequestLog {
	private entries: RequestLogEntry[] = [];
	private seq = 0;

	constructor(private readonly now: () => number) {}

	record(request: LoggedRequest): void {
		const headers: Record<string, string> = {};
		for (const [name, value] of Object.entries(request.headers)) {
			headers[name] = SECRET_HEADERS.includes(name) ? '***' : value;
		}
		const query: Record<string, string> = {};
		for (const [name, value] of request.query) {
			query[name] = SECRET_QUERY.includes(name) ? '***' : value;
		}
		this.entries.push({ ...request, seq: ++this.seq, atMs: this.now(), headers, query });
	}

	list(filter: RequestFilter = {}): RequestLogEntry[] {
		return this.entries.filter(
			(entry) =>
				(filter.provider === undefined || entry.provider === filter.provider) &&
				(filter.method === undefined || entry.method === filter.method.toUpperCase()) &&
				(filter.pathPrefix === undefined || entry.path.startsWith(filter.pathPrefix)),
		);
	}

	clear(): void {
		this.entries = [];
	}
}
