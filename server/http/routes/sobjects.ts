// `/services/data/vNN.N/sobjects…`: describe metadata and record CRUD / upsert, as resource-table
// routes (server/http/resource.ts). Thin handlers: decode → zod → service → outcome; errors are
// thrown and become outcomes in one place.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_basic_info.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_retrieve.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_upsert.htm
import { z } from 'zod';
import { isValidId } from '../../../schema/index.js';
import { METADATA_LAST_MODIFIED } from '../../org/index.js';
import { SalesforceError } from '../../org/index.js';
import type { RecordBody } from '../../org/index.js';
import { notModified } from '../conditional.js';
import { empty, failure, json, notAllowed, type Call, type Outcome, type Route } from '../resource.js';

const recordBody = z.record(z.string(), z.unknown());

/** A record body: a JSON object (absent body = no fields). */
export function parseRecordBody(body: unknown, objectName: string): RecordBody {
  if (body === undefined) return {};
  const r = recordBody.safeParse(body);
  if (r.success) return r.data;
  const token = Array.isArray(body) ? 'START_ARRAY' : body === null ? 'VALUE_NULL' : typeof body === 'string' ? 'VALUE_STRING' : 'VALUE_NUMBER_INT';
  throw new SalesforceError(
    'JSON_PARSER_ERROR',
    `Cannot deserialize instance of ${objectName} from ${token} value ${JSON.stringify(body).slice(0, 40)} or request may be missing a required field at [line:1, column:1]`,
    400,
  );
}

/** `?fields=a,b` (also repeated `fields=`); undefined when absent. */
export function fieldsParam(query: Readonly<Record<string, unknown>>): string[] | undefined {
  const raw = query.fields;
  if (raw === undefined) return undefined;
  const parts = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(','));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const flag = (c: Call, name: string) => String(c.req.query[name] ?? '').toLowerCase() === 'true';
const str = (c: Call, name: string) => {
  const v = c.req.query[name];
  return typeof v === 'string' ? v : undefined;
};
const records = (c: Call) => c.ctx.svc.records;
const describe = (c: Call) => c.ctx.svc.describe;
const type = (c: Call) => c.params.type!;

/** Upserts answer 200 + body from API 46.0; 204 before. */
const upsertHasBody = (version: string) => Number(version) >= 46;

function upserted(c: Call, r: { id: string; created: boolean }): Outcome {
  const version = c.ctx.version;
  if (r.created) {
    const location = records(c).recordUrl(version, records(c).objectInfo(type(c)).def.name, r.id);
    return json(upsertHasBody(version) ? { id: r.id, success: true, errors: [], created: true } : { id: r.id, success: true, errors: [] }, 201, { Location: location });
  }
  return upsertHasBody(version) ? json({ id: r.id, success: true, errors: [], created: false }) : empty(204);
}

/**
 * Describe answers are built first (an unknown object stays a 404), then checked against
 * `If-Modified-Since` (conditional.ts): 304 with no body, else 200 with `Last-Modified`.
 */
function described(c: Call, body: unknown): Outcome {
  const r = notModified(c.req.headers, METADATA_LAST_MODIFIED);
  return r.notModified ? empty(304, r.headers) : json(body, 200, r.headers);
}

const bodyOf = (c: Call): RecordBody => parseRecordBody(c.req.body, records(c).objectInfo(type(c)).def.name);

/** sObject sub-resources a real org has and Localforce does not emulate: 501 (an unknown object is a 404 first). */
const notEmulated =
  (what: (c: Call) => string) =>
  (c: Call): Outcome => {
    describe(c).basicInfo(type(c), c.ctx.version);
    throw new SalesforceError('NOT_EMULATED', `Localforce does not emulate the sObject '${what(c)}' resource`, 501);
  };

const NOT_EMULATED_SUBRESOURCES = ['listviews', 'quickActions', 'compactLayouts', 'layouts', 'defaultValues', 'eventSchema', 'richTextImageFields'];

/** describeGlobal, basic info / create, describe, and the not-emulated sub-resources. */
const metadataRoutes: Route[] = [
  { method: 'GET', path: '/sobjects', handler: (c) => described(c, describe(c).global(c.ctx.version)) },
  { method: '*', path: '/sobjects', handler: notAllowed(['GET', 'HEAD']) },
  { method: 'GET', path: '/sobjects/:type', handler: (c) => described(c, describe(c).basicInfo(type(c), c.ctx.version)) },
  {
    method: 'POST',
    path: '/sobjects/:type',
    handler: (c) => {
      const info = records(c).objectInfo(type(c));
      const id = records(c).create(type(c), parseRecordBody(c.req.body, info.def.name));
      return json({ id, success: true, errors: [] }, 201, { Location: records(c).recordUrl(c.ctx.version, info.def.name, id) });
    },
  },
  { method: '*', path: '/sobjects/:type', handler: notAllowed(['GET', 'HEAD', 'POST']) },
  { method: 'GET', path: '/sobjects/:type/describe', handler: (c) => described(c, describe(c).describe(type(c), c.ctx.version)) },
  { method: '*', path: '/sobjects/:type/describe', handler: notAllowed(['GET', 'HEAD']) },
  { method: '*', path: '/sobjects/:type/describe/:sub/*more', handler: notEmulated((c) => `describe/${c.params.sub}`) },
  ...NOT_EMULATED_SUBRESOURCES.map((sub): Route => ({ method: '*', path: `/sobjects/:type/${sub}/*rest`, handler: notEmulated(() => sub) })),
  // Replication: records changed / deleted in a window.
  // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_getupdated.htm
  { method: 'GET', path: '/sobjects/:type/updated', handler: (c) => json(records(c).updated(type(c), str(c, 'start'), str(c, 'end'))) },
  { method: 'GET', path: '/sobjects/:type/deleted', handler: (c) => json(records(c).deleted(type(c), str(c, 'start'), str(c, 'end'))) },
];

/** One record by id; `POST /sobjects/T/Id` (and an external id field without a value) creates or upserts. */
const rowRoutes: Route[] = [
  { method: 'GET', path: '/sobjects/:type/:id', handler: (c) => json(records(c).retrieve(type(c), c.params.id!, fieldsParam(c.req.query), c.ctx.version)) },
  {
    method: 'PATCH',
    path: '/sobjects/:type/:id',
    handler: (c) => {
      records(c).update(type(c), c.params.id!, bodyOf(c));
      return empty(204);
    },
  },
  {
    method: 'DELETE',
    path: '/sobjects/:type/:id',
    handler: (c) => {
      records(c).delete(type(c), c.params.id!);
      return empty(204);
    },
  },
  {
    method: 'POST',
    path: '/sobjects/:type/:id',
    handler: (c) => {
      const r = records(c).upsertFromBody(type(c), c.params.id!, bodyOf(c), { updateOnly: flag(c, 'updateOnly'), version: c.ctx.version });
      if (r === undefined) {
        const error = new SalesforceError('METHOD_NOT_ALLOWED', `HTTP Method 'POST' not allowed. Allowed are GET,PATCH,DELETE,HEAD`, 405);
        return failure(error, { Allow: 'GET,PATCH,DELETE,HEAD' });
      }
      return upserted(c, r);
    },
  },
  { method: '*', path: '/sobjects/:type/:id', handler: notAllowed(['GET', 'HEAD', 'PATCH', 'DELETE']) },
];

/** By external id, and relationship traversal (`…/Contact/003…/Account`). */
const externalIdRoutes: Route[] = [
  {
    method: 'GET',
    path: '/sobjects/:type/:field/:value',
    handler: (c) => {
      const { field, value } = c.params as { field: string; value: string };
      // A record id in the middle segment means relationship traversal.
      const body = isValidId(field)
        ? records(c).retrieveRelated(type(c), field, value, fieldsParam(c.req.query), c.ctx.version)
        : records(c).retrieveByExternalId(type(c), field, value, fieldsParam(c.req.query), c.ctx.version);
      return json(body);
    },
  },
  ...(['PATCH', 'POST'] as const).map(
    (method): Route => ({
      method,
      path: '/sobjects/:type/:field/:value',
      handler: (c) => upserted(c, records(c).upsert(type(c), c.params.field!, c.params.value!, bodyOf(c), { updateOnly: flag(c, 'updateOnly'), version: c.ctx.version })),
    }),
  ),
  {
    method: 'DELETE',
    path: '/sobjects/:type/:field/:value',
    handler: (c) => {
      const rec = records(c).retrieveByExternalId(type(c), c.params.field!, c.params.value!, ['Id'], c.ctx.version);
      records(c).delete(type(c), String(rec.Id));
      return empty(204);
    },
  },
  { method: '*', path: '/sobjects/:type/:field/:value', handler: notAllowed(['GET', 'HEAD', 'PATCH', 'POST', 'DELETE']) },
];

export const sobjectRoutes: readonly Route[] = [...metadataRoutes, ...rowRoutes, ...externalIdRoutes];
