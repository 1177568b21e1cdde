// Public surface of the SOQL engine (SOQL front end + semantic pass + compiler + shaper).
// SOSL (server/soql/sosl/) checks each RETURNING object as a SOQL AST with checkQuery (see sosl/compile.ts checkReturning);
// compileFilter (FROM/WHERE/ORDER BY/LIMIT fragments for a caller-built SELECT) is kept for such callers.
export { parseSoql } from './parser.js';
export type { SoqlQuery } from './ast.js';
export { checkQuery, messages as checkMessages, notEmulated, type CheckOptions } from './check.js';
export type * from './checked.js';
export { compileQuery, compileFilter, usesConvertTimezone, quoteIdent, escapeLikeLiteral, type CompileOptions } from './compile.js';
export type { CompiledQuery, CompiledSubquery, RecordShape, ShapeNode, SqlParam, ValueFormat, QueryKind } from './plan.js';
export { Shaper, formatValue, type SfRecord, type ShapeOptions } from './shape.js';
export {
  analyzeSoql,
  compileOptions,
  executeCompiled,
  prepareSoql,
  MAX_AGGREGATE_ROWS,
  type ExecuteOptions,
  type PrepareOptions,
  type PreparedSoql,
  type QueryOutput,
  type SqlRunner,
} from './engine.js';
export {
  dateLiteralRange,
  dateFunctionSql,
  parseDatetimeLiteral,
  parseDateLiteral,
  todayIn,
  tzOffsetMs,
  utcToLocalIso,
  isValidTimeZone,
  LOCAL_TIME_SQL_FUNCTION,
} from './dates.js';
export { SalesforceError, sfError, ERROR_CATALOGUE, ERROR_CODES, type ErrorCode, type ErrorLocation, type ErrorOptions, type ErrorFactory } from './errors.js';
export { queryColumns, type ColumnMetadata, type QueryColumns } from './columns.js';
// SOSL (server/soql/sosl/)
export { parseSosl, MAX_SOSL_LIMIT, NO_SEARCH_TERM } from './sosl/parser.js';
export { checkReturning, checkSosl, compileSearch, defaultOperatorFor, type CheckedObject } from './sosl/compile.js';
export type { ReturningObject } from './sosl/ast.js';
