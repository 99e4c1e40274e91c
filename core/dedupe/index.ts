export { SEEN_SET_ERROR_CODES, SeenSetError, type SeenSetErrorCode } from './errors';
export { KEY_FORMAT, SeenSet, type CompactSeenSetState, type CompactSeenSetStateV2, type SeenSetLimits, type SeenSetState, type StoredSeenSetState } from './seenSet';
export { SeenSetMemory } from './seenSetMemory';
export { hashedTraceKeyStorageKey, legacyStorageKey, MAX_STORED_KEY_LENGTH, olderStorageKey, storageKey } from './storageKey';
