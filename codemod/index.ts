/** The package's programmatic API: `migrate` over paths, `transformFile` over one text, and the report printers. */
export { migrate, MigrateError, PathError, DEFAULT_JOBS, DEFAULT_MAX_SIZE, type Progress, type RunOptions } from './migrate.js';
export { canHandle, transformFile } from './engine.js';
export { formatCheck, formatDiff, formatJson, formatText } from './report.js';
export type * from './types.js';
