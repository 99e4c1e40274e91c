/**
 * The poller configuration's door: a pasted configuration in, a validated `PollerConfig` (or a
 * `PollerConfigError` with a JSON path) out. The files beside this one each parse one part of it.
 */
export { describeConfigError, parsePollerConfig } from './parse';
export type { ParsePollerConfigOptions } from './parse';
