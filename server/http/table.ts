// The REST resource table of `/services/data/vNN.N/…` and its Express transport. Express keeps the
// transport's work (compression, usage accounting, Accept, session, version, JSON body — see
// server/app.ts); every resource below the version segment is answered by one `runResource` over
// this table, the same call composite subrequests make (resource.ts `subrequests`).
import type { Request, RequestHandler, Response } from 'express';
import type { ServerResponse, IncomingMessage } from 'node:http';
import { servicesOf } from './middleware/auth.js';
import { ResourceTable, runResource, splitUrl, type Outcome, type ResourceContext } from './resource.js';
import { compositeRoutes } from './routes/composite.js';
import { dataRoutes } from './routes/data.js';
import { queryRoutes } from './routes/query.js';
import { searchRoutes } from './routes/search.js';
import { sobjectRoutes } from './routes/sobjects.js';
import { apiVersion, baseUrl, sendEmpty, sendJson } from './wire.js';

/** Every versioned REST resource, in matching order. */
export const RESOURCES = new ResourceTable([...dataRoutes, ...queryRoutes, ...searchRoutes, ...sobjectRoutes, ...compositeRoutes]);

/** Writes an outcome: its headers, then JSON (pretty with `X-PrettyPrint: 1`) or no body. */
export function writeOutcome(req: IncomingMessage, res: ServerResponse, o: Outcome): void {
  for (const [k, v] of Object.entries(o.headers)) res.setHeader(k, v);
  if (o.body === undefined) sendEmpty(res, o.status);
  else sendJson(req, res, o.status, o.body);
}

/** The caller's context, once the session and version middleware have run. */
export function contextOf(req: Request, res: Response): ResourceContext {
  const svc = servicesOf(res);
  const session = res.locals.session as { userId?: string } | undefined;
  return { svc, version: apiVersion(res), userId: session?.userId ?? '', baseUrl: baseUrl(req) };
}

/** The terminal handler of the versioned router: the request's path and query through the table. */
export function expressResources(table: ResourceTable = RESOURCES): RequestHandler {
  return async (req, res) => {
    const { segments, query } = splitUrl(req.url);
    const outcome = await runResource(table, { method: req.method, segments, query, body: req.body as unknown, headers: req.headers }, contextOf(req, res));
    writeOutcome(req, res, outcome);
  };
}
