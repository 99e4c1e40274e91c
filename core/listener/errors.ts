export const LISTENER_ERROR_CODES = ['INVALID_BATCH_SIZE', 'INVALID_STATUS_CODE', 'INVALID_REJECTION_STATUS'] as const;
export type ListenerErrorCode = (typeof LISTENER_ERROR_CODES)[number];

/** A listener option out of range. The node glue checks options at activation, so this means a bug there. */
export class ListenerError extends Error {
	constructor(
		readonly code: ListenerErrorCode,
		message: string,
	) {
		super(message);
		this.name = 'ListenerError';
	}
}
