export const SEEN_SET_ERROR_CODES = ['INVALID_LIMITS', 'INVALID_TIME'] as const;
export type SeenSetErrorCode = (typeof SEEN_SET_ERROR_CODES)[number];

/** A programming or configuration mistake (limits out of range, a time that is not a number), never bad state. */
export class SeenSetError extends Error {
	constructor(
		readonly code: SeenSetErrorCode,
		message: string,
	) {
		super(message);
		this.name = 'SeenSetError';
	}
}
