export { Store, type Row, type OpenOptions } from './store.js';
export { q, META_TABLE, createTableSql, createIndexSql } from './ddl.js';
export { encodeValue, decodeValue, formatDatetime, encodeDatetime, sqliteType, type SqlValue } from './encoding.js';
