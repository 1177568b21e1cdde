// Public surface of the benchmark tasks: instance types and family descriptors, drawing, export,
// scoring, reports, the run directory format and the reference solver.
export * from './types.js';
export * from './generate.js';
export * from './export.js';
export * from './score.js';
export * from './report.js';
export * from './run-format.js';
export * from './time.js';
export * from './solver/solve.js';
