export { SEEN_SET_ERROR_CODES, SeenSetError, type SeenSetErrorCode } from './errors';
export { SeenSet, type CompactSeenSetState, type CompactSeenSetStateV2, type SeenSetLimits, type SeenSetState, type StoredSeenSetState } from './seenSet';
export { SeenSetMemory } from './seenSetMemory';
export { MAX_STORED_KEY_LENGTH, storageKey } from './storageKey';
