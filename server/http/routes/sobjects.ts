// `/services/data/vNN.N/sobjects…`: describe metadata and record CRUD / upsert. Thin handlers:
// decode → zod → service → shape; errors are thrown to the one error middleware.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_basic_info.htm
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { isValidId } from '../../../schema/index.js';
import { METADATA_LAST_MODIFIED, type DescribeService } from '../../org/index.js';
import { SalesforceError } from '../../org/index.js';
import { MultipleMatchesError, type RecordBody, type RecordService } from '../../org/index.js';
import { servicesOf } from '../middleware/auth.js';
import { notModified } from '../conditional.js';
import { methodNotAllowed } from '../errors.js';
import { apiVersion, sendEmpty, sendJson } from '../wire.js';

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
export function fieldsParam(req: Request): string[] | undefined {
  const raw = (req.query as Record<string, unknown>).fields;
  if (raw === undefined) return undefined;
  const parts = (Array.isArray(raw) ? raw : [raw]).flatMap((v) => String(v).split(','));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const flag = (req: Request, name: string) => String((req.query as Record<string, unknown>)[name] ?? '').toLowerCase() === 'true';

/** Upserts answer 200 + body from API 46.0; 204 before. */
const upsertHasBody = (version: string) => Number(version) >= 46;

/** Several external-id matches: 300 with the records' URLs. */
function catchMultiple(h: (req: Request, res: Response) => void): RequestHandler {
  return (req, res) => {
    try {
      h(req, res);
    } catch (e) {
      if (e instanceof MultipleMatchesError) {
        sendJson(req, res, 300, e.urls);
        return;
      }
      throw e;
    }
  };
}

export function sobjectsRouter(): Router {
  const router = express.Router({ mergeParams: true });
  // `POST …?_HttpMethod=PATCH` (for clients that cannot send PATCH) acts as the named verb.
  router.use((req, _res, next) => {
    const override = (req.query as Record<string, unknown>)._HttpMethod;
    if (req.method === 'POST' && typeof override === 'string' && /^(PATCH|DELETE)$/i.test(override)) req.method = override.toUpperCase();
    next();
  });
  // The request's episode: its fork's records and describe services.
  const records = (res: Response): RecordService => servicesOf(res).records;
  const describe = (res: Response): DescribeService => servicesOf(res).describe;
  const p = (req: Request, name: string) => String(req.params[name]);

  const sendUpsert = (req: Request, res: Response, r: { id: string; created: boolean }) => {
    const version = apiVersion(res);
    if (r.created) {
      res.setHeader('Location', records(res).recordUrl(version, records(res).objectInfo(p(req, 'type')).def.name, r.id));
      sendJson(req, res, 201, upsertHasBody(version) ? { id: r.id, success: true, errors: [], created: true } : { id: r.id, success: true, errors: [] });
    } else if (upsertHasBody(version)) sendJson(req, res, 200, { id: r.id, success: true, errors: [], created: false });
    else sendEmpty(res, 204);
  };

  // Describe answers are built first (an unknown object stays a 404), then checked against
  // `If-Modified-Since` (conditional.ts).
  const sendDescribe = (req: Request, res: Response, body: unknown) => {
    if (!notModified(req, res, METADATA_LAST_MODIFIED)) sendJson(req, res, 200, body);
  };

  // ── describeGlobal ───────────────────────────────────────────────────────────────────────
  router.get('/', (req, res) => sendDescribe(req, res, describe(res).global(apiVersion(res))));
  router.all('/', methodNotAllowed(['GET', 'HEAD']));

  // ── basic info / create ──────────────────────────────────────────────────────────────────
  router.get('/:type', (req, res) => sendDescribe(req, res, describe(res).basicInfo(p(req, 'type'), apiVersion(res))));
  router.post('/:type', (req, res) => {
    const type = p(req, 'type');
    const info = records(res).objectInfo(type);
    const id = records(res).create(type, parseRecordBody(req.body, info.def.name));
    res.setHeader('Location', records(res).recordUrl(apiVersion(res), info.def.name, id));
    sendJson(req, res, 201, { id, success: true, errors: [] });
  });
  router.all('/:type', methodNotAllowed(['GET', 'HEAD', 'POST']));

  // ── full describe ────────────────────────────────────────────────────────────────────────
  router.get('/:type/describe', (req, res) => sendDescribe(req, res, describe(res).describe(p(req, 'type'), apiVersion(res))));
  router.all('/:type/describe', methodNotAllowed(['GET', 'HEAD']));

  // ── sObject sub-resources a real org has and Localforce does not emulate (not record ids) ──
  const notEmulated = (what: (req: Request) => string) => (req: Request, res: Response) => {
    describe(res).basicInfo(p(req, 'type'), apiVersion(res)); // an unknown object is a 404 first
    throw new SalesforceError('NOT_EMULATED', `Localforce does not emulate the sObject '${what(req)}' resource`, 501);
  };
  router.all('/:type/describe/:sub', notEmulated((req) => `describe/${p(req, 'sub')}`));
  router.all('/:type/describe/:sub/:more', notEmulated((req) => `describe/${p(req, 'sub')}`));
  for (const sub of ['listviews', 'quickActions', 'compactLayouts', 'layouts', 'defaultValues', 'eventSchema', 'richTextImageFields'])
    router.all(`/:type/${sub}{/*rest}`, notEmulated(() => sub));

  // ── replication ──────────────────────────────────────────────────────────────────────────
  const qp = (req: Request, name: string) => {
    const v = (req.query as Record<string, unknown>)[name];
    return typeof v === 'string' ? v : undefined;
  };
  router.get('/:type/updated', (req, res) => sendJson(req, res, 200, records(res).updated(p(req, 'type'), qp(req, 'start'), qp(req, 'end'))));
  router.get('/:type/deleted', (req, res) => sendJson(req, res, 200, records(res).deleted(p(req, 'type'), qp(req, 'start'), qp(req, 'end'))));

  // ── one record by id ─────────────────────────────────────────────────────────────────────
  router.get('/:type/:id', (req, res) => {
    sendJson(req, res, 200, records(res).retrieve(p(req, 'type'), p(req, 'id'), fieldsParam(req), apiVersion(res)));
  });
  router.patch('/:type/:id', (req, res) => {
    const type = p(req, 'type');
    records(res).update(type, p(req, 'id'), parseRecordBody(req.body, records(res).objectInfo(type).def.name));
    sendEmpty(res, 204);
  });
  router.delete('/:type/:id', (req, res) => {
    records(res).delete(p(req, 'type'), p(req, 'id'));
    sendEmpty(res, 204);
  });
  // `POST /sobjects/T/Id` (and an external id field without a value in the URL) creates or upserts.
  router.post(
    '/:type/:field',
    catchMultiple((req, res) => {
      const type = p(req, 'type');
      const body = parseRecordBody(req.body, records(res).objectInfo(type).def.name);
      const r = records(res).upsertFromBody(type, p(req, 'field'), body, { updateOnly: flag(req, 'updateOnly'), version: apiVersion(res) });
      if (r === undefined) {
        res.setHeader('Allow', 'GET,PATCH,DELETE,HEAD');
        throw new SalesforceError('METHOD_NOT_ALLOWED', `HTTP Method 'POST' not allowed. Allowed are GET,PATCH,DELETE,HEAD`, 405);
      }
      sendUpsert(req, res, r);
    }),
  );
  router.all('/:type/:id', methodNotAllowed(['GET', 'HEAD', 'PATCH', 'DELETE']));

  // ── by external id ───────────────────────────────────────────────────────────────────────
  router.get(
    '/:type/:field/:value',
    catchMultiple((req, res) => {
      const [type, field, value] = [p(req, 'type'), p(req, 'field'), p(req, 'value')];
      // A record id in the middle segment means relationship traversal (`…/Contact/003…/Account`).
      const body = isValidId(field)
        ? records(res).retrieveRelated(type, field, value, fieldsParam(req), apiVersion(res))
        : records(res).retrieveByExternalId(type, field, value, fieldsParam(req), apiVersion(res));
      sendJson(req, res, 200, body);
    }),
  );
  const upsert = catchMultiple((req, res) => {
    const type = p(req, 'type');
    const body = parseRecordBody(req.body, records(res).objectInfo(type).def.name);
    sendUpsert(req, res, records(res).upsert(type, p(req, 'field'), p(req, 'value'), body, { updateOnly: flag(req, 'updateOnly'), version: apiVersion(res) }));
  });
  router.patch('/:type/:field/:value', upsert);
  router.post('/:type/:field/:value', upsert);
  router.delete(
    '/:type/:field/:value',
    catchMultiple((req, res) => {
      const type = p(req, 'type');
      const rec = records(res).retrieveByExternalId(type, p(req, 'field'), p(req, 'value'), ['Id'], apiVersion(res));
      records(res).delete(type, String(rec.Id));
      sendEmpty(res, 204);
    }),
  );
  router.all('/:type/:field/:value', methodNotAllowed(['GET', 'HEAD', 'PATCH', 'POST', 'DELETE']));

  return router;
}
