export const SIGNATURE_CONFIG_ERROR_CODES = ['invalid-tolerance', 'invalid-clock'] as const;
export type SignatureConfigErrorCode = (typeof SIGNATURE_CONFIG_ERROR_CODES)[number];

/**
 * A programming or configuration mistake in how verification was called (never a property of the request,
 * which yields a result with a reason instead). The message never contains a secret.
 */
export class SignatureConfigError extends Error {
	readonly code: SignatureConfigErrorCode;

	constructor(code: SignatureConfigErrorCode, message: string) {
		super(message);
		this.name = 'SignatureConfigError';
		this.code = code;
	}
}
