export { compileTemplate, MIN_OUTPUT_BUDGET, validateTemplate, type CompiledTemplate, type CompileOptions } from './compile';
export { TEMPLATE_ERROR_CODES, TemplateError, type TemplateErrorCode } from './errors';
export type { RenderOptions } from './evaluate';
export { HELPER_NAMES, HELPERS, type HelperName, type HelperSpec } from './helpers';
export { MAX_NESTING_DEPTH, MAX_SOURCE_LENGTH } from './parser';
export { DEFAULT_OUTPUT_BUDGET } from './text';
export { fitToBudget, TRUNCATION_MARKER, truncateText } from './truncate';
