// DDL generated from the schema: one table per sObject named by its API name, one column per field.
import { traitsOf, type ObjectDef } from '../../schema/index.js';

export const META_TABLE = '_localforce_meta';

export const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

export function createTableSql(o: ObjectDef): string {
  const cols = o.fields.map((f) => {
    const pk = f.name === 'Id' ? ' PRIMARY KEY' : '';
    const nn = f.type === 'boolean' ? ' NOT NULL DEFAULT 0' : '';
    return `  ${q(f.name)} ${traitsOf(f.type).storage}${pk}${nn}`;
  });
  return `CREATE TABLE ${q(o.name)} (\n${cols.join(',\n')}\n)`;
}

/** Indexes on every reference field and every date/datetime field (tasks filter and join on them), each with IsDeleted. */
export function createIndexSql(o: ObjectDef): string[] {
  return o.fields
    .filter((f) => f.name !== 'Id' && (f.type === 'reference' || f.type === 'date' || f.type === 'datetime'))
    .filter((f) => f.name !== 'LastModifiedById' && f.name !== 'SystemModstamp' && f.name !== 'LastModifiedDate')
    // IsDeleted rides along: every query filters `IsDeleted = 0`, so counts and Id lookups by a
    // reference field are answered from the index alone.
    .map((f) => `CREATE INDEX ${q(`${o.name}_${f.name}`)} ON ${q(o.name)} (${q(f.name)}, "IsDeleted")`);
}

export function metaTableSql(): string {
  return `CREATE TABLE ${q(META_TABLE)} (key TEXT PRIMARY KEY, value TEXT NOT NULL)`;
}
