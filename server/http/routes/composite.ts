// `/services/data/vNN.N/composite…`: sObject Collections and `POST /composite`. Thin handlers over
// server/org/composite.ts; sub-requests to URLs it does not handle go through the in-process
// dispatcher (when createApp passes one) with the caller's credentials.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite.htm
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { CompositeService, type ExternalDispatch, type QueryRunner } from '../../org/index.js';
import { SalesforceError } from '../../org/index.js';
import type { Dispatcher } from '../dispatch.js';
import { methodNotAllowed } from '../errors.js';
import { servicesOf } from '../middleware/auth.js';
import { apiVersion, sendJson } from '../wire.js';

const collectionBody = z.object({
  allOrNone: z.boolean().optional(),
  records: z.array(z.record(z.string(), z.unknown())),
});

const retrieveBody = z.object({
  ids: z.array(z.string()),
  fields: z.array(z.string()).optional(),
});

const treeBody = z.object({ records: z.array(z.record(z.string(), z.unknown())) });

const batchBody = z.object({
  haltOnError: z.boolean().optional(),
  batchRequests: z.array(z.object({ method: z.string(), url: z.string(), richInput: z.unknown().optional() })),
});

const compositeBody = z.object({
  allOrNone: z.boolean().optional(),
  collateSubrequests: z.boolean().optional(),
  compositeRequest: z.array(
    z.object({
      method: z.string(),
      url: z.string(),
      referenceId: z.string(),
      body: z.unknown().optional(),
      httpHeaders: z.record(z.string(), z.string()).optional(),
    }),
  ),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue ? issue.path.join('.') : '';
  throw new SalesforceError('JSON_PARSER_ERROR', `Invalid request body${where ? ` at ${where}` : ''}: ${issue?.message ?? 'malformed'}`, 400);
}

const param = (req: Request, name: string) => {
  const v = (req.query as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : undefined;
};

/** Headers a sub-request inherits from the composite request (so it is authenticated). */
function inherited(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of ['authorization', 'host', 'x-sfdc-session']) {
    const v = req.headers[h];
    if (typeof v === 'string') out[h] = v;
  }
  return out;
}

export function compositeRouter(dispatch?: Dispatcher): Router {
  const router = express.Router({ mergeParams: true });
  // Services of the request's episode: its records and its SOQL engine for query subrequests.
  const service = (res: Response, external?: ExternalDispatch) => {
    const svc = servicesOf(res);
    const { deps } = svc;
    const query: QueryRunner = (soql, o) => {
      svc.countQuery();
      const r = svc.query.query(soql, { now: deps.now(), timeZone: deps.timeZone, apiVersion: o.version, includeDeleted: o.includeDeleted });
      return { totalSize: r.totalSize, done: true, records: r.records };
    };
    return new CompositeService(deps, { query, ...(external ? { external } : {}) });
  };

  // ── sObject Collections ──────────────────────────────────────────────────────────────────
  router.post('/sobjects', (req, res) => {
    const b = parse(collectionBody, req.body);
    sendJson(req, res, 200, service(res).createMany(b.records, b.allOrNone ?? false));
  });
  router.patch('/sobjects', (req, res) => {
    const b = parse(collectionBody, req.body);
    sendJson(req, res, 200, service(res).updateMany(b.records, b.allOrNone ?? false));
  });
  router.delete('/sobjects', (req, res) => {
    const ids = (param(req, 'ids') ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    sendJson(req, res, 200, service(res).deleteMany(ids, param(req, 'allOrNone') === 'true'));
  });
  router.all('/sobjects', methodNotAllowed(['POST', 'PATCH', 'DELETE']));

  router.post('/sobjects/:type', (req, res) => {
    const b = parse(retrieveBody, req.body);
    sendJson(req, res, 200, service(res).retrieveMany(String(req.params.type), b.ids, b.fields, apiVersion(res)));
  });
  router.get('/sobjects/:type', (req, res) => {
    const ids = (param(req, 'ids') ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
    const fields = param(req, 'fields')?.split(',').map((s) => s.trim()).filter((s) => s !== '');
    sendJson(req, res, 200, service(res).retrieveMany(String(req.params.type), ids, fields, apiVersion(res)));
  });
  router.all('/sobjects/:type', methodNotAllowed(['GET', 'POST']));

  router.patch('/sobjects/:type/:field', (req, res) => {
    const b = parse(collectionBody, req.body);
    sendJson(req, res, 200, service(res).upsertMany(String(req.params.type), String(req.params.field), b.records, b.allOrNone ?? false, apiVersion(res)));
  });
  router.all('/sobjects/:type/:field', methodNotAllowed(['PATCH']));

  // ── tree and batch ───────────────────────────────────────────────────────────────────────
  router.post('/tree/:type', (req, res) => {
    const b = parse(treeBody, req.body);
    const r = service(res).tree(String(req.params.type), b.records);
    sendJson(req, res, r.status, r.body);
  });
  router.all('/tree/:type', methodNotAllowed(['POST']));
  router.post('/batch', async (req, res) => {
    const b = parse(batchBody, req.body);
    const headers = inherited(req);
    const external: ExternalDispatch | undefined = dispatch ? async (r) => dispatch({ method: r.method, url: r.url, body: r.body, headers }) : undefined;
    sendJson(req, res, 200, await service(res, external).batch(b.batchRequests, b.haltOnError ?? false));
  });
  router.all('/batch', methodNotAllowed(['POST']));

  // ── composite ────────────────────────────────────────────────────────────────────────────
  router.post('/', async (req, res) => {
    const b = parse(compositeBody, req.body);
    const headers = inherited(req);
    const external: ExternalDispatch | undefined = dispatch
      ? async (r) => dispatch({ method: r.method, url: r.url, body: r.body, headers })
      : undefined;
    sendJson(req, res, 200, await service(res, external).composite(b.compositeRequest, b.allOrNone ?? false));
  });
  // `GET /composite` lists the composite resources.
  router.get('/', (req, res) => {
    const base = `/services/data/v${apiVersion(res)}/composite`;
    sendJson(req, res, 200, { tree: `${base}/tree`, batch: `${base}/batch`, sobjects: `${base}/sobjects` });
  });
  router.all('/', methodNotAllowed(['GET', 'HEAD', 'POST']));

  return router;
}
