/**
 * The poller's door: everything the node (and the benchmarks) use from core/poller comes through here.
 */
export type { ParsePollerConfigOptions } from './config';
export { describeConfigError, parsePollerConfig } from './config';
export type { PollerState, ResourceState } from './cursor';
export { emptyState, loadState, serializedBytes, STATE_BUDGET_BYTES } from './cursor';
export type { PollInput, PollMode, PollOutcome, PollStats } from './engine';
export { DEFAULT_MAX_EVENTS_PER_POLL, DEFAULT_TEST_LIMIT, runPoll, TEST_LOOKBACK_MS } from './engine';
export type { PageRequest } from './pagination';
export type { HttpFetch, HttpResponse } from './retry';
export { PollerHttpError, PollerResponseError } from './runErrors';
export type { PollerConfig, PollEvent, ResourceConfig } from './types';
export { PollerConfigError } from './types';
