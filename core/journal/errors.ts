/** Typed failures of a journal read; the node turns them into n8n errors a user can act on. */

/** The stored offset is older than what HubSpot keeps (three days): events after it may be gone. */
export class JournalGapError extends Error {
	readonly code = 'OFFSET_EXPIRED';

	constructor(
		readonly offset: string,
		readonly committedAtMs: number,
	) {
		super(`HubSpot no longer has journal offset ${offset}`);
	}
}

/** HubSpot refused a journal or subscription call, or kept failing it past the retries the poll could afford. */
export class JournalRequestError extends Error {
	constructor(
		readonly what: string,
		readonly status: number,
		readonly providerMessage: string,
	) {
		super(`HubSpot refused to ${what} (HTTP ${status})${providerMessage ? `: ${providerMessage}` : ''}`);
	}
}

export const FILE_PROBLEMS = ['not-https', 'download-failed', 'unreadable'] as const;
export type FileProblem = (typeof FILE_PROBLEMS)[number];

/** An entry's file could not be used. The message never holds the presigned URL: its query string is a credential. */
export class JournalFileError extends Error {
	constructor(
		readonly offset: string,
		readonly problem: FileProblem,
		readonly reason: string,
	) {
		super(`Journal entry ${offset}: ${reason}`);
	}
}
