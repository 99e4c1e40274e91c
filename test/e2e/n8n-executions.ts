// Reads what n8n itself recorded: executions of a workflow and the items its trigger node emitted, through
// the internal REST API the editor uses (an owner session), the same way in n8n 1.x and 2.x.
import type { OwnerSession } from '../../scripts/n8n-runtime';
import { parseFlatted } from './flatted';

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	startedAt: string | null;
}

export interface TriggerRun {
	executionId: string;
	status: string;
	/** The JSON of every item the trigger node put out, in order. */
	items: Array<Record<string, unknown>>;
}

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dataOf(json: unknown): unknown {
	return isRecord(json) && 'data' in json ? json.data : json;
}

export class ExecutionReader {
	/** Finished executions never change: read each one once. */
	private readonly details = new Map<string, TriggerRun>();

	constructor(private readonly session: OwnerSession) {}

	/** Every execution n8n recorded for the workflow, oldest first (paged, 100 at a time). */
	async list(workflowId: string): Promise<ExecutionSummary[]> {
		const all: ExecutionSummary[] = [];
		let lastId: string | undefined;
		for (;;) {
			const query = new URLSearchParams({ filter: JSON.stringify({ workflowId }), limit: '100' });
			if (lastId !== undefined) query.set('lastId', lastId);
			const response = await this.session.call('GET', `/executions?${query.toString()}`);
			if (response.status !== 200) throw new Error(`GET /rest/executions answered ${response.status}: ${response.text.slice(0, 300)}`);
			const data = dataOf(response.json);
			const results = isRecord(data) && Array.isArray(data.results) ? data.results : [];
			const page = results.filter(isRecord).map(
				(row): ExecutionSummary => ({
					id: String(row.id),
					workflowId: String(row.workflowId),
					status: String(row.status),
					mode: String(row.mode),
					startedAt: typeof row.startedAt === 'string' ? row.startedAt : null,
				}),
			);
			all.push(...page);
			if (page.length < 100) break;
			lastId = page[page.length - 1].id;
		}
		return all.sort((a, b) => Number(a.id) - Number(b.id));
	}

	/** The items `nodeName` emitted in one finished execution. */
	async triggerRun(executionId: string, nodeName: string): Promise<TriggerRun> {
		const cached = this.details.get(executionId);
		if (cached) return cached;
		const response = await this.session.call('GET', `/executions/${executionId}`);
		if (response.status !== 200) throw new Error(`GET /rest/executions/${executionId} answered ${response.status}: ${response.text.slice(0, 300)}`);
		const execution = dataOf(response.json);
		if (!isRecord(execution) || typeof execution.data !== 'string') throw new Error(`execution ${executionId} has no data`);
		const data = parseFlatted(execution.data);
		const runs = isRecord(data) && isRecord(data.resultData) && isRecord(data.resultData.runData) ? data.resultData.runData[nodeName] : undefined;
		const firstRun = Array.isArray(runs) && isRecord(runs[0]) ? runs[0] : undefined;
		const main = firstRun && isRecord(firstRun.data) && Array.isArray(firstRun.data.main) ? firstRun.data.main[0] : undefined;
		const items = Array.isArray(main) ? main.filter(isRecord).map((item) => (isRecord(item.json) ? item.json : {})) : [];
		const run: TriggerRun = { executionId, status: String(execution.status), items };
		if (FINISHED.has(run.status)) this.details.set(executionId, run);
		return run;
	}

	/** The trigger's output of every finished execution of the workflow, oldest first. */
	async triggerRuns(workflowId: string, nodeName: string): Promise<TriggerRun[]> {
		const finished = (await this.list(workflowId)).filter((execution) => FINISHED.has(execution.status));
		const runs: TriggerRun[] = [];
		for (const execution of finished) runs.push(await this.triggerRun(execution.id, nodeName));
		return runs;
	}

	/** How many executions the workflow has, whatever their state (a forged request must add none). */
	async count(workflowId: string): Promise<number> {
		return (await this.list(workflowId)).length;
	}
}
