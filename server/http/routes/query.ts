// `query`, `queryAll` and their locators: resource-table routes over the query service plus paging.
// The endpoint logic lives in plain functions so the HTTP fast path (server/http/fast.ts) runs the
// very same code without the table.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
import type { IncomingHttpHeaders } from 'node:http';
import { SalesforceError } from '../../org/index.js';
import type { ExplainResult } from '../../org/index.js';
import { columnsOf } from '../../org/index.js';
import type { EpisodeServices } from '../../sessions/index.js';
import { isSerialized, rawJson } from '../../sessions/index.js';
import { json, notAllowed, type Call, type Outcome, type Route } from '../resource.js';

export const MAX_BATCH = 2000;
const MIN_BATCH = 200;

/** `Sforce-Query-Options: batchSize=N` (200–2000; out-of-range values are clamped). */
export function batchSize(headers: IncomingHttpHeaders): number {
  const header = headers['sforce-query-options'];
  const m = typeof header === 'string' ? /(?:^|[;,\s])batchSize\s*=\s*(\d+)/i.exec(header) : null;
  if (!m) return MAX_BATCH;
  return Math.min(MAX_BATCH, Math.max(MIN_BATCH, Number(m[1])));
}

/** The first value of a parsed query-string parameter. */
export function firstParam(query: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const v = query[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
}

/** `columns=true` (the Developer Console's and the Salesforce CLI's column-metadata request). */
export function columnsParam(v: string | undefined): boolean {
  return v !== undefined && v.toLowerCase() === 'true';
}

export interface QueryEndpoint {
  /** `GET …/query?q=` / `…/queryAll?q=`: the response body. */
  /** `columns`: answer the column metadata instead of running the query. */
  run(svc: EpisodeServices, soql: string | undefined, includeDeleted: boolean, version: string, batch: number, owner?: string, columns?: boolean): Promise<unknown>;
  /**
   * `GET …/query/{locator}`: the response body. Locators are only valid in the episode that made them
   * and for the same user (`owner`, the session's user id).
   */
  more(svc: EpisodeServices, locator: string, version: string, batch: number, owner?: string): unknown;
  /** `GET …/query?explain=<SOQL>`: the query plan (server/org/explain.ts); the query is not paged. */
  explain(svc: EpisodeServices, soql: string | undefined, includeDeleted: boolean): Promise<ExplainResult>;
}

/** `explain` given (even empty): the request asks for a plan, not rows; it wins over `q`. */
export function explainParam(query: Readonly<Record<string, unknown>>): { readonly text: string | undefined } | null {
  return query.explain === undefined ? null : { text: firstParam(query, 'explain') };
}

const envelope = (version: string, totalSize: number, records: readonly unknown[], next: string | null) =>
  next === null
    ? { totalSize, done: true, records }
    : { totalSize, done: false, nextRecordsUrl: `/services/data/v${version}/query/${next}`, records };

export const queryEndpoint: QueryEndpoint = {
  async run(svc, soql, includeDeleted, version, batch, owner = '', columns = false) {
    if (soql === undefined || soql.trim() === '') {
      throw new SalesforceError('MALFORMED_QUERY', 'SOQL statements cannot be empty or null', 400);
    }
    if (columns) return columnsOf(svc.deps.store.registry, soql);
    svc.countQuery();
    const { deps } = svc;
    const result = await svc.runQuery(soql, { now: deps.now(), timeZone: deps.timeZone, apiVersion: version, includeDeleted });
    const size = isSerialized(result) ? result.size : result.records.length;
    if (result.aggregate && size > MAX_BATCH) {
      throw new SalesforceError(
        'MALFORMED_QUERY',
        'Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch',
        400,
      );
    }
    // One page of records serialised on a SQL worker: spliced in as is (server/sessions/wire-json.ts).
    if (isSerialized(result) && (result.aggregate || size <= batch)) {
      return rawJson(`{"totalSize":${JSON.stringify(result.totalSize)},"done":true,"records":${result.recordsJson}}`);
    }
    const page = result.aggregate
      ? { totalSize: result.totalSize, records: result.records, nextLocator: null }
      : svc.cursors.firstPage(result.records, result.totalSize, batch, owner);
    return envelope(version, page.totalSize, page.records, page.nextLocator);
  },
  explain(svc, soql, includeDeleted) {
    const { deps } = svc;
    // On the SQL pool like the query itself (its COUNT(*) runs the query), else on this thread.
    return svc.runExplain(soql, { now: deps.now(), timeZone: deps.timeZone, apiVersion: '59.0', includeDeleted });
  },
  more(svc, locator, version, batch, owner = '') {
    const page = svc.cursors.page(locator, batch, owner);
    return envelope(version, page.totalSize, page.records, page.nextLocator);
  },
};

const run =
  (includeDeleted: boolean) =>
  async (c: Call): Promise<Outcome> => {
    const q = c.req.query;
    const explain = explainParam(q);
    if (explain) return json(await queryEndpoint.explain(c.ctx.svc, explain.text, includeDeleted));
    const soql = firstParam(q, 'q') ?? firstParam(q, 'Q');
    return json(await queryEndpoint.run(c.ctx.svc, soql, includeDeleted, c.ctx.version, batchSize(c.req.headers), c.ctx.userId, columnsParam(firstParam(q, 'columns'))));
  };

const more = (c: Call): Outcome => json(queryEndpoint.more(c.ctx.svc, c.params.locator!, c.ctx.version, batchSize(c.req.headers), c.ctx.userId));

export const queryRoutes: readonly Route[] = (
  [
    ['/query', false],
    ['/queryAll', true],
  ] as const
).flatMap(([path, includeDeleted]): Route[] => [
  { method: 'GET', path, handler: run(includeDeleted) },
  { method: '*', path, handler: notAllowed(['GET', 'HEAD']) },
  { method: 'GET', path: `${path}/:locator`, handler: more },
  { method: '*', path: `${path}/:locator`, handler: notAllowed(['GET', 'HEAD']) },
]);
