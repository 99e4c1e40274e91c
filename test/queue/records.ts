// What n8n recorded, read straight from its PostgreSQL tables: every execution of every process (webhook
// processes create them, the worker finishes them), with the items each node put out. One query answers a
// whole measurement, where the REST API would need a request per execution.
import { parseFlatted } from '../e2e/flatted';
import type { Postgres } from './services/postgres';

export interface ExecutionRecord {
	id: number;
	workflowId: string;
	status: string;
	mode: string;
	/** The JSON of every item each node put out (first run, first output), by node name. */
	items: Record<string, Array<Record<string, unknown>>>;
	/** The execution's error message, if it failed. */
	error?: string;
}

const FINISHED = new Set(['success', 'error', 'crashed', 'canceled']);

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorOf(parsed: unknown): string | undefined {
	const error = isRecord(parsed) && isRecord(parsed.resultData) && isRecord(parsed.resultData.error) ? parsed.resultData.error : undefined;
	return error ? String(error.message ?? 'unknown error') : undefined;
}

function itemsByNode(parsed: unknown): ExecutionRecord['items'] {
	const runData = isRecord(parsed) && isRecord(parsed.resultData) && isRecord(parsed.resultData.runData) ? parsed.resultData.runData : {};
	const stack = isRecord(parsed) && isRecord(parsed.executionData) && Array.isArray(parsed.executionData.nodeExecutionStack) ? parsed.executionData.nodeExecutionStack : [];
	const out: ExecutionRecord['items'] = {};
	const jsonOf = (main: unknown): Array<Record<string, unknown>> =>
		Array.isArray(main) ? main.filter(isRecord).map((item) => (isRecord(item.json) ? item.json : {})) : [];
	// A queued execution not yet run holds the trigger's items in its start stack.
	for (const entry of stack) {
		if (!isRecord(entry) || !isRecord(entry.node) || !isRecord(entry.data) || !Array.isArray(entry.data.main)) continue;
		out[String(entry.node.name)] = jsonOf(entry.data.main[0]);
	}
	for (const [node, runs] of Object.entries(runData)) {
		const first = Array.isArray(runs) && isRecord(runs[0]) ? runs[0] : undefined;
		const main = first && isRecord(first.data) && Array.isArray(first.data.main) ? first.data.main[0] : undefined;
		out[node] = jsonOf(main);
	}
	return out;
}

export class ExecutionRecords {
	constructor(private readonly postgres: Postgres) {}

	/** The newest execution id so far (0 when none): later reads can start after it. */
	lastId(): number {
		return Number(this.postgres.query('select coalesce(max(id), 0) from execution_entity').trim());
	}

	/** How many executions the workflows have, whatever their state and whichever process created them. */
	count(workflowIds: string[]): number {
		const ids = workflowIds.map((id) => `'${id.replace(/'/g, "''")}'`).join(',');
		return Number(this.postgres.query(`select count(*) from execution_entity where "workflowId" in (${ids})`).trim());
	}

	/** Executions after `afterId`, oldest first, of the given workflows (all when none given). */
	since(afterId: number, workflowIds: string[] = []): ExecutionRecord[] {
		const filter = workflowIds.length > 0 ? `and e."workflowId" in (${workflowIds.map((id) => `'${id.replace(/'/g, "''")}'`).join(',')})` : '';
		const rows = this.postgres.query(
			`select e.id, e."workflowId", e.status, e.mode, d.data from execution_entity e left join execution_data d on d."executionId" = e.id where e.id > ${Math.floor(afterId)} ${filter} order by e.id`,
		);
		return rows
			.split('\n')
			.filter((line) => line.trim() !== '')
			.map((line) => {
				const [id, workflowId, status, mode, data] = line.split('\t');
				const parsed = data ? parseFlatted(data) : undefined;
				return { id: Number(id), workflowId, status, mode, items: itemsByNode(parsed), error: errorOf(parsed) };
			});
	}

	/** Waits until every execution after `afterId` of the workflows has finished, then returns them all. */
	async settled(afterId: number, workflowIds: string[], timeoutMs = 60_000): Promise<ExecutionRecord[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const statuses = this.postgres.query(
				`select status from execution_entity where id > ${Math.floor(afterId)} and "workflowId" in (${workflowIds.map((id) => `'${id}'`).join(',')})`,
			);
			const open = statuses.split('\n').filter((line) => line.trim() !== '' && !FINISHED.has(line.trim()));
			if (open.length === 0) return this.since(afterId, workflowIds);
			if (Date.now() > deadline) throw new Error(`${open.length} execution(s) still unfinished after ${timeoutMs} ms`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}
}
