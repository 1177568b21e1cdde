// `query`, `queryAll` and their locators: thin handlers over the query service plus paging.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
import express, { type Request, type Response, type Router } from 'express';
import type { CursorStore } from '../../org/cursors.js';
import type { OrgDeps } from '../../org/deps.js';
import { SalesforceError } from '../../org/errors.js';
import { methodNotAllowed } from '../errors.js';
import type { QueryPort } from '../ports.js';
import { apiVersion, sendJson } from '../wire.js';

export const MAX_BATCH = 2000;
const MIN_BATCH = 200;

/** `Sforce-Query-Options: batchSize=N` (200–2000; out-of-range values are clamped). */
export function batchSize(req: Request): number {
  const header = req.headers['sforce-query-options'];
  const m = typeof header === 'string' ? /(?:^|[;,\s])batchSize\s*=\s*(\d+)/i.exec(header) : null;
  if (!m) return MAX_BATCH;
  return Math.min(MAX_BATCH, Math.max(MIN_BATCH, Number(m[1])));
}

/** The first value of a query-string parameter. */
export function queryParam(req: Request, name: string): string | undefined {
  const v = (req.query as Record<string, unknown>)[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
}

export function queryRouter(deps: OrgDeps, query: QueryPort, cursors: CursorStore): Router {
  const router = express.Router({ mergeParams: true });

  const envelope = (res: Response, totalSize: number, records: readonly unknown[], next: string | null) => {
    const version = apiVersion(res);
    return next === null
      ? { totalSize, done: true, records }
      : { totalSize, done: false, nextRecordsUrl: `/services/data/v${version}/query/${next}`, records };
  };

  const run = (includeDeleted: boolean) => (req: Request, res: Response) => {
    const soql = queryParam(req, 'q') ?? queryParam(req, 'Q');
    if (soql === undefined || soql.trim() === '') {
      throw new SalesforceError('MALFORMED_QUERY', 'SOQL statements cannot be empty or null', 400);
    }
    const result = query.query(soql, { now: deps.now(), timeZone: deps.timeZone, apiVersion: apiVersion(res), includeDeleted });
    const size = batchSize(req);
    if (result.aggregate && result.records.length > MAX_BATCH) {
      throw new SalesforceError(
        'MALFORMED_QUERY',
        'Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch',
        400,
      );
    }
    const page = result.aggregate
      ? { totalSize: result.totalSize, records: result.records, nextLocator: null }
      : cursors.firstPage(result.records, result.totalSize, size);
    sendJson(req, res, 200, envelope(res, page.totalSize, page.records, page.nextLocator));
  };

  const more = (req: Request, res: Response) => {
    const page = cursors.page(String(req.params.locator), batchSize(req));
    sendJson(req, res, 200, envelope(res, page.totalSize, page.records, page.nextLocator));
  };

  for (const [path, includeDeleted] of [['/query', false], ['/queryAll', true]] as const) {
    router.get(path, run(includeDeleted));
    router.all(path, methodNotAllowed(['GET', 'HEAD']));
    router.get(`${path}/:locator`, more);
    router.all(`${path}/:locator`, methodNotAllowed(['GET', 'HEAD']));
  }
  return router;
}
