export { Store, type Row, type OpenOptions, type JournalEntry } from './store.js';
export { q, META_TABLE, createTableSql, createIndexSql } from './ddl.js';
export { encodeValue, decodeValue, formatDatetime, encodeDatetime, type SqlValue } from './encoding.js';
export { FtsIndex, FtsQueryError, tokenize, stem, htmlToText, searchableFields, type FtsExpr, type FtsScope, type FtsHit } from './fts.js';
