// `localforce query "<SOQL or SOSL>"`: runs one query against an org file and prints what the REST
// API would return ({totalSize, done, records} for SOQL, {searchRecords} for SOSL). Errors print the
// wire JSON ([{message, errorCode}]) to stderr and exit 1.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { API_USER_ID, ORG_ID } from '../../schema/index.js';
import type { OrgDeps } from '../../server/org/deps.js';
import { QueryService } from '../../server/org/query.js';
import { SalesforceError } from '../../server/soql/errors.js';
import { isValidTimeZone } from '../../server/soql/index.js';
import { Store } from '../../server/store/index.js';
import { DEFAULT_ORG as DEFAULT_DB, orgFileProblem } from '../org-file.js';

interface QueryOptions {
  db?: string;
  now?: string;
  timeZone?: string;
  format: string;
  all?: boolean;
  apiVersion: string;
}

export function registerQuery(program: Command): void {
  program
    .command('query')
    .description('run a SOQL (or SOSL: text starting with FIND) query against an org file and print the REST JSON')
    .argument('<query>', 'the SOQL or SOSL text')
    .option('--db <path>', `org file (default: ${DEFAULT_DB})`)
    .option('--now <iso>', "the clock for date literals (default: the org's reference now)")
    .option('--time-zone <tz>', "the user's IANA time zone for date literals (default: the API user's, else GMT)")
    .option('--format <format>', 'json or table', 'json')
    .option('--all', 'queryAll: include deleted records')
    .option('--api-version <v>', 'API version used in attributes.url', '59.0')
    .action(async (text: string, opts: QueryOptions) => {
      process.exitCode = await runQuery(text, opts);
    });
}

async function runQuery(text: string, opts: QueryOptions): Promise<number> {
  if (opts.format !== 'json' && opts.format !== 'table') {
    process.stderr.write(`localforce query: unknown --format ${opts.format} (valid: json, table)\n`);
    return 2;
  }
  const db = resolve(opts.db ?? DEFAULT_DB);
  const problem = orgFileProblem(opts.db ?? DEFAULT_DB);
  if (problem) {
    process.stderr.write(`localforce query: ${problem}\n`);
    return 2;
  }
  const store = Store.open(db, { readonly: true });
  try {
    let now: Date;
    if (opts.now !== undefined) {
      now = new Date(opts.now);
      if (Number.isNaN(now.getTime())) {
        process.stderr.write(`localforce query: --now must be an ISO date-time, got ${opts.now}\n`);
        return 2;
      }
    } else {
      const ref = store.getMeta('referenceNow');
      now = ref !== undefined && !Number.isNaN(new Date(ref).getTime()) ? new Date(ref) : new Date('2025-01-01T00:00:00Z');
    }
    const apiUser = store.get('SELECT "TimeZoneSidKey" FROM "User" WHERE "Id" = ?', [API_USER_ID]) as { TimeZoneSidKey?: string } | undefined;
    const timeZone = opts.timeZone ?? apiUser?.TimeZoneSidKey ?? 'GMT';
    if (!isValidTimeZone(timeZone)) {
      process.stderr.write(`localforce query: unknown time zone ${timeZone} (use an IANA name such as America/New_York, or GMT)\n`);
      return 2;
    }
    const deps: OrgDeps = { store, now: () => now, timeZone, orgId: ORG_ID, userId: API_USER_ID };
    try {
      if (/^\s*find\b/i.test(text)) {
        const { SearchService } = await import('../../server/org/search.js');
        const result = new SearchService(deps).search(text, { now, timeZone, apiVersion: opts.apiVersion });
        if (opts.format === 'json') print(result);
        else process.stdout.write(searchTables(result.searchRecords));
      } else {
        const result = new QueryService(deps).query(text, { now, timeZone, apiVersion: opts.apiVersion, includeDeleted: opts.all === true });
        if (opts.format === 'json') print({ totalSize: result.totalSize, done: true, records: result.records });
        else process.stdout.write(queryTable(result.records, result.totalSize));
      }
      return 0;
    } catch (e) {
      if (e instanceof SalesforceError) {
        process.stderr.write(`${JSON.stringify(e.toWire())}\n`);
        return 1;
      }
      throw e;
    }
  } finally {
    store.close();
  }
}

function print(body: unknown): void {
  process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
}

const plural = (n: number) => `${n} record${n === 1 ? '' : 's'}`;

/** A SOQL result as a table; COUNT() returns no records, only totalSize, so that is what it shows. */
export function queryTable(records: ReadonlyArray<Record<string, unknown>>, totalSize: number): string {
  if (records.length === 0 && totalSize > 0) return `totalSize\n---------\n${totalSize}\n(COUNT(): ${plural(0)}, totalSize ${totalSize})\n`;
  return table(records);
}

/** SOSL results: one table per object (each RETURNING list has its own fields), in result order. */
export function searchTables(records: ReadonlyArray<Record<string, unknown>>): string {
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const r of records) {
    const type = String((r.attributes as { type?: unknown } | undefined)?.type ?? '(unknown object)');
    const list = groups.get(type) ?? [];
    list.push(r);
    groups.set(type, list);
  }
  if (groups.size === 0) return `(${plural(0)})\n`;
  return [...groups].map(([type, rs]) => `${type}\n${table(rs)}`).join('\n');
}

/** Flattens records (nested parents as dotted columns, child envelopes as their size) into a text table. */
export function table(records: ReadonlyArray<Record<string, unknown>>): string {
  const rows = records.map((r) => flatten(r));
  const columns: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  if (columns.length === 0) return `(${plural(records.length)})\n`;
  const cells = rows.map((r) => columns.map((c) => cell(r[c])));
  const widths = columns.map((c, i) => Math.min(60, Math.max(c.length, ...cells.map((row) => row[i]!.length))));
  const line = (vals: string[]) => vals.map((v, i) => (v.length > widths[i]! ? `${v.slice(0, widths[i]! - 1)}…` : v.padEnd(widths[i]!))).join('  ').trimEnd();
  const out = [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
  return `${out.join('\n')}\n(${plural(records.length)})\n`;
}

function flatten(r: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(r)) {
    if (k === 'attributes') continue;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      if ('records' in o && 'totalSize' in o) out[prefix + k] = `[${String(o.totalSize)} records]`;
      else flatten(o, `${prefix}${k}.`, out);
    } else {
      out[prefix + k] = v;
    }
  }
  return out;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  return String(v).replace(/\s+/g, ' ');
}
