export { LISTENER_ERROR_CODES, ListenerError, type ListenerErrorCode } from './errors';
export { compileEventFilter } from './eventFilter';
export { processEvents } from './pipeline';
export {
	buildRejection,
	buildSuccessResponse,
	FALLBACK_REASON,
	REJECTION_STATUSES,
	RESPONSE_MEDIA_TYPES,
	validateStatusCode,
	type HttpReply,
	type RejectionStatus,
	type ResponseMediaType,
	type SuccessResponseContext,
	type SuccessResponseOptions,
} from './response';
export { MAX_TRACE_KEY_LENGTH, traceKeyOf } from './traceKey';
export type { ListenerCounts, ListenerOptions, ListenerResult } from './types';
export { exceedsDepth, MAX_JSON_DEPTH } from './jsonDepth';
export { isJsonMediaType, mediaTypeOf, parseDelivery, type HostParse, type ParseResult } from './parse';
export { isWellFormedUtf8 } from './utf8';
