// Sends webhook deliveries the way the providers do: POST, count any non-2xx or slow answer as a failure,
// retry after the configured delays, and keep every attempt for inspection.
import { randomUUID } from 'node:crypto';

import type { DeliveryAttempt, DeliveryFilter, DeliveryRecord, JsonValue, Provider } from '../types';
import { post } from './post';

export interface OutgoingAttempt {
	headers: Record<string, string>;
	body: string;
}

export interface DeliveryJob {
	provider: Provider;
	targetUrl: string;
	subscriptionIds: string[];
	payload: JsonValue;
	retryDelaysMs: readonly number[];
	timeoutMs: number;
	/** Builds the request of try `attemptIndex` (0 for the first): providers put the attempt number in the body. */
	build(attemptIndex: number): OutgoingAttempt;
	/** Told after each try (Pipedrive records last delivery time/status on the webhook). */
	onAttempt?(attempt: DeliveryAttempt): void;
}

export class Deliverer {
	private records: DeliveryRecord[] = [];
	private readonly pending = new Set<Promise<unknown>>();
	private readonly timers = new Map<NodeJS.Timeout, () => void>();
	private closed = false;
	private readonly aborter = new AbortController();

	constructor(private readonly now: () => number) {}

	start(job: DeliveryJob): Promise<DeliveryRecord> {
		const record: DeliveryRecord = {
			id: randomUUID(),
			provider: job.provider,
			targetUrl: job.targetUrl,
			subscriptionIds: job.subscriptionIds,
			payload: job.payload,
			attempts: [],
			state: 'pending',
		};
		this.records.push(record);
		return this.track(this.run(job, record));
	}

	/** Keep `promise` in the set `settle()` waits for. */
	track<T>(promise: Promise<T>): Promise<T> {
		this.pending.add(promise);
		const forget = (): void => {
			this.pending.delete(promise);
		};
		promise.then(forget, forget);
		return promise;
	}

	/** A timer that close() can cut short. */
	wait(ms: number): Promise<void> {
		return new Promise((resolve) => {
			if (this.closed) {
				resolve();
				return;
			}
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.set(timer, resolve);
		});
	}

	async settle(timeoutMs = 30_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (this.pending.size > 0) {
			if (Date.now() > deadline) throw new Error(`sandbox: ${this.pending.size} deliveries still pending after ${timeoutMs} ms`);
			await Promise.race([Promise.allSettled([...this.pending]), new Promise((resolve) => setTimeout(resolve, 50))]);
		}
	}

	list(filter: DeliveryFilter = {}): DeliveryRecord[] {
		return this.records.filter(
			(record) =>
				(filter.provider === undefined || record.provider === filter.provider) &&
				(filter.state === undefined || record.state === filter.state) &&
				(filter.targetUrl === undefined || record.targetUrl === filter.targetUrl),
		);
	}

	find(id: string): DeliveryRecord | undefined {
		return this.records.find((record) => record.id === id);
	}

	clear(): void {
		this.records = [];
	}

	close(): void {
		this.closed = true;
		for (const [timer, resolve] of this.timers) {
			clearTimeout(timer);
			resolve();
		}
		this.timers.clear();
		this.aborter.abort();
	}

	private async run(job: DeliveryJob, record: DeliveryRecord): Promise<DeliveryRecord> {
		const tries = job.retryDelaysMs.length + 1;
		for (let index = 0; index < tries && !this.closed; index++) {
			if (index > 0) await this.wait(job.retryDelaysMs[index - 1]);
			if (this.closed) break;
			const outgoing = job.build(index);
			const sentAtMs = this.now();
			const started = Date.now();
			const result = await post(job.targetUrl, outgoing.headers, outgoing.body, job.timeoutMs, this.aborter.signal);
			const attempt: DeliveryAttempt = {
				attempt: index + 1,
				sentAtMs,
				durationMs: Date.now() - started,
				headers: outgoing.headers,
				body: outgoing.body,
				status: result.status,
				responseBody: result.responseBody,
				...(result.error === undefined ? {} : { error: result.error }),
			};
			record.attempts.push(attempt);
			job.onAttempt?.(attempt);
			if (result.status !== null && result.status >= 200 && result.status < 300) {
				record.state = 'succeeded';
				return record;
			}
		}
		record.state = 'failed';
		return record;
	}
}
