// `/services/data/vNN.N/composite…`: sObject Collections, sObject Tree, `composite`, `composite/batch`
// and `composite/graph`, as resource-table routes. The three request kinds made of subrequests run
// each one through the same table (resource.ts `subrequests`), so it answers as if sent directly.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite.htm
import { z } from 'zod';
import { CompositeService, SubrequestRunner, type RecordBody } from '../../org/index.js';
import { SalesforceError } from '../../org/index.js';
import { json, notAllowed, subrequests, type Call, type Route } from '../resource.js';

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

const subrequest = z.object({
  method: z.string(),
  url: z.string(),
  referenceId: z.string(),
  body: z.unknown().optional(),
  httpHeaders: z.record(z.string(), z.string()).optional(),
});

const compositeBody = z.object({
  allOrNone: z.boolean().optional(),
  collateSubrequests: z.boolean().optional(),
  compositeRequest: z.array(subrequest),
});

const graphBody = z.object({
  graphs: z.array(z.object({ graphId: z.string(), compositeRequest: z.array(subrequest) })),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue ? issue.path.join('.') : '';
  throw new SalesforceError('JSON_PARSER_ERROR', `Invalid request body${where ? ` at ${where}` : ''}: ${issue?.message ?? 'malformed'}`, 400);
}

const param = (c: Call, name: string) => {
  const v = c.req.query[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : undefined;
};
const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');

const collections = (c: Call) => new CompositeService(c.ctx.svc.deps);
/** Composite, batch and graph run their subrequests through the same table, with the caller's session. */
const runner = (c: Call) => new SubrequestRunner(c.ctx.svc.deps.store, subrequests(c.table, c.ctx));

// ── sObject Collections ────────────────────────────────────────────────────────────────────────
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections.htm
const collectionRoutes: Route[] = [
  { method: 'POST', path: '/composite/sobjects', handler: (c) => json(collections(c).createMany(...records(c))) },
  { method: 'PATCH', path: '/composite/sobjects', handler: (c) => json(collections(c).updateMany(...records(c))) },
  { method: 'DELETE', path: '/composite/sobjects', handler: (c) => json(collections(c).deleteMany(list(param(c, 'ids')), param(c, 'allOrNone') === 'true')) },
  { method: '*', path: '/composite/sobjects', handler: notAllowed(['POST', 'PATCH', 'DELETE']) },
  {
    method: 'POST',
    path: '/composite/sobjects/:type',
    handler: (c) => {
      const b = parse(retrieveBody, c.req.body);
      return json(collections(c).retrieveMany(c.params.type!, b.ids, b.fields, c.ctx.version));
    },
  },
  {
    method: 'GET',
    path: '/composite/sobjects/:type',
    handler: (c) => {
      const fields = param(c, 'fields');
      return json(collections(c).retrieveMany(c.params.type!, list(param(c, 'ids')), fields === undefined ? undefined : list(fields), c.ctx.version));
    },
  },
  { method: '*', path: '/composite/sobjects/:type', handler: notAllowed(['GET', 'POST']) },
  {
    method: 'PATCH',
    path: '/composite/sobjects/:type/:field',
    handler: (c) => json(collections(c).upsertMany(c.params.type!, c.params.field!, ...records(c), c.ctx.version)),
  },
  { method: '*', path: '/composite/sobjects/:type/:field', handler: notAllowed(['PATCH']) },
];

function records(c: Call): [RecordBody[], boolean] {
  const b = parse(collectionBody, c.req.body);
  return [b.records, b.allOrNone ?? false];
}

// ── tree, batch, composite, graph ──────────────────────────────────────────────────────────────
const requestRoutes: Route[] = [
  {
    method: 'POST',
    path: '/composite/tree/:type',
    handler: (c) => {
      const r = collections(c).tree(c.params.type!, parse(treeBody, c.req.body).records);
      return json(r.body, r.status);
    },
  },
  { method: '*', path: '/composite/tree/:type', handler: notAllowed(['POST']) },
  {
    method: 'POST',
    path: '/composite/batch',
    handler: async (c) => {
      const b = parse(batchBody, c.req.body);
      return json(await runner(c).batch(b.batchRequests, b.haltOnError ?? false));
    },
  },
  { method: '*', path: '/composite/batch', handler: notAllowed(['POST']) },
  {
    method: 'POST',
    path: '/composite/graph',
    handler: async (c) => json(await runner(c).graph(parse(graphBody, c.req.body).graphs)),
  },
  { method: '*', path: '/composite/graph', handler: notAllowed(['POST']) },
  {
    method: 'POST',
    path: '/composite',
    handler: async (c) => {
      const b = parse(compositeBody, c.req.body);
      return json(await runner(c).composite(b.compositeRequest, b.allOrNone ?? false));
    },
  },
  // `GET /composite` lists the composite resources.
  {
    method: 'GET',
    path: '/composite',
    handler: (c) => {
      const base = `/services/data/v${c.ctx.version}/composite`;
      return json({ tree: `${base}/tree`, batch: `${base}/batch`, sobjects: `${base}/sobjects`, graph: `${base}/graph` });
    },
  },
  { method: '*', path: '/composite', handler: notAllowed(['GET', 'HEAD', 'POST']) },
];

export const compositeRoutes: readonly Route[] = [...collectionRoutes, ...requestRoutes];
