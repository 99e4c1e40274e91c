// Mistakes in how a test drives the sandbox (unknown record, bad input): thrown in-process, 4xx over HTTP.
export const SANDBOX_ERROR_CODES = ['NOT_FOUND', 'BAD_INPUT'] as const;
export type SandboxErrorCode = (typeof SANDBOX_ERROR_CODES)[number];

export class SandboxError extends Error {
	constructor(
		readonly code: SandboxErrorCode,
		message: string,
	) {
		super(message);
		this.name = 'SandboxError';
	}
}
