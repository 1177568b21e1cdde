// The composite APIs: sObject Collections (create / update / upsert / delete / retrieve up to 200
// records, allOrNone) and `POST /composite` (a sequence of sub-requests with `@{ref.path}`
// references and allOrNone rollback). Sub-requests to sobjects, query and collection URLs run here,
// synchronously, inside one savepoint; anything else goes to an optional external dispatcher.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite.htm
import { isValidId } from '../../schema/index.js';
import { SalesforceError } from '../soql/errors.js';
import type { OrgDeps } from './deps.js';
import { DescribeService } from './describe.js';
import { MultipleMatchesError, RecordService, type JsonRecord, type RecordBody } from './records.js';

export const MAX_COLLECTION_RECORDS = 200;
export const MAX_RETRIEVE_IDS = 2000;
export const MAX_SUBREQUESTS = 25;

/** An error inside a collection result: `statusCode`, not `errorCode`. */
export interface CollectionError {
  readonly statusCode: string;
  readonly message: string;
  readonly fields: readonly string[];
}

export type CollectionResult =
  | { readonly id: string; readonly success: true; readonly errors: readonly []; readonly created?: boolean }
  | { readonly id?: string; readonly success: false; readonly errors: readonly CollectionError[] };

const ROLLED_BACK: CollectionError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

/** A failure with a status code outside the SalesforceError catalogue (collections only). */
class CollectionFailure extends Error {
  constructor(readonly error: CollectionError) {
    super(error.message);
  }
}

function toCollectionError(e: unknown): CollectionError | undefined {
  if (e instanceof CollectionFailure) return e.error;
  if (e instanceof SalesforceError) return { statusCode: e.errorCode, message: e.message, fields: [...(e.fields ?? [])] };
  return undefined;
}

/** Thrown inside a transaction to roll it back after an allOrNone failure. */
class Rollback extends Error {}

// --- POST /composite ------------------------------------------------------------------------------

export interface SubRequest {
  readonly method: string;
  readonly url: string;
  readonly referenceId: string;
  readonly body?: unknown;
  readonly httpHeaders?: Readonly<Record<string, string>>;
}

export interface SubResponse {
  readonly body: unknown;
  readonly httpHeaders: Record<string, string>;
  readonly httpStatusCode: number;
  readonly referenceId: string;
}

/** What a sub-request to a URL this service does not handle itself returns (the HTTP app, in-process). */
export type ExternalDispatch = (req: { method: string; url: string; body?: unknown }) => Promise<{
  status: number;
  headers: Record<string, string>;
  body: unknown;
}>;

/** Runs a SOQL query for `query` / `queryAll` sub-requests; returns the response envelope. */
export type QueryRunner = (soql: string, opts: { includeDeleted: boolean; version: string }) => unknown;

interface Outcome {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const HALTED_ROLLBACK = [
  { errorCode: 'PROCESSING_HALTED', message: 'The transaction was rolled back since another operation in the same transaction failed.' },
];

const REFERENCE = /@\{([^}]*)\}/g;

export class CompositeService {
  readonly records: RecordService;
  private readonly describe: DescribeService;

  constructor(
    private readonly deps: OrgDeps,
    private readonly opts: { query?: QueryRunner; external?: ExternalDispatch } = {},
  ) {
    this.records = new RecordService(deps);
    this.describe = new DescribeService(deps);
  }

  // ── sObject Collections ──────────────────────────────────────────────────────────────────────

  /**
   * Runs one operation per item, each in its own savepoint; with allOrNone, any failure rolls
   * everything back and the other items report ALL_OR_NONE_OPERATION_ROLLED_BACK.
   */
  private collection<T>(
    items: readonly T[],
    allOrNone: boolean,
    op: (item: T) => { id: string; created?: boolean },
    idFor: (item: T) => string | undefined = () => undefined,
  ): CollectionResult[] {
    if (items.length > MAX_COLLECTION_RECORDS) {
      throw new SalesforceError('EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_COLLECTION_RECORDS} records into this call`, 400);
    }
    const results: CollectionResult[] = [];
    const runAll = () => {
      items.forEach((item, i) => {
        try {
          const r = this.deps.store.transaction(() => op(item));
          results[i] = r.created === undefined ? { id: r.id, success: true, errors: [] } : { id: r.id, success: true, errors: [], created: r.created };
        } catch (e) {
          const err = toCollectionError(e);
          if (!err) throw e;
          const id = idFor(item);
          results[i] = id === undefined ? { success: false, errors: [err] } : { id, success: false, errors: [err] };
        }
      });
    };
    if (!allOrNone) {
      // Each item commits on its own; the outer transaction only matters when an item fails in a way
      // that is not a record error (a bug): then nothing of the request is kept and it fails whole,
      // instead of answering 500 after earlier items were written.
      this.deps.store.transaction(runAll);
      return results;
    }
    try {
      this.deps.store.transaction(() => {
        runAll();
        if (results.some((r) => !r.success)) throw new Rollback();
      });
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
      return results.map((r, i) => {
        if (!r.success) return r;
        const id = idFor(items[i]!);
        return id === undefined ? { success: false, errors: [ROLLED_BACK] } : { id, success: false, errors: [ROLLED_BACK] };
      });
    }
    return results;
  }

  private recordType(rec: RecordBody, fallback?: string): string {
    const attrs = rec.attributes as { type?: unknown } | undefined;
    const type = attrs && typeof attrs.type === 'string' ? attrs.type : fallback;
    if (type === undefined) {
      throw new CollectionFailure({ statusCode: 'INVALID_TYPE', message: 'Must specify a type in the attributes of each record', fields: [] });
    }
    return type;
  }

  private static strip(rec: RecordBody, ...keys: string[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rec)) if (!keys.includes(k)) out[k] = v;
    return out;
  }

  /** `POST /composite/sobjects`. */
  createMany(records: readonly RecordBody[], allOrNone: boolean): CollectionResult[] {
    return this.collection(records, allOrNone, (rec) => {
      const type = this.recordType(rec);
      return { id: this.records.create(type, CompositeService.strip(rec, 'attributes')) };
    });
  }

  /** `PATCH /composite/sobjects` (records carry `id`). */
  updateMany(records: readonly RecordBody[], allOrNone: boolean): CollectionResult[] {
    const idOf = (rec: RecordBody) => {
      const raw = rec.id ?? rec.Id;
      return typeof raw === 'string' && raw !== '' ? raw : undefined;
    };
    return this.collection(
      records,
      allOrNone,
      (rec) => {
        const rawId = idOf(rec);
        if (rawId === undefined) {
          throw new CollectionFailure({ statusCode: 'MISSING_ARGUMENT', message: 'Id not specified in an update call', fields: [] });
        }
        const type = this.recordType(rec, this.deps.store.registry.objectForId(rawId)?.name);
        return { id: this.records.update(type, rawId, CompositeService.strip(rec, 'attributes', 'id', 'Id')) };
      },
      idOf,
    );
  }

  /** `PATCH /composite/sobjects/T/ExtField`. */
  upsertMany(type: string, fieldName: string, records: readonly RecordBody[], allOrNone: boolean, version: string): CollectionResult[] {
    const info = this.records.objectInfo(type);
    const field = info.fieldsByLower.get(fieldName.toLowerCase());
    if (!field || !(field.externalId || field.idLookup)) {
      throw new SalesforceError('INVALID_FIELD', `Field name provided, ${fieldName} is not an External ID or indexed field for ${info.def.name}`, 400);
    }
    return this.collection(records, allOrNone, (rec) => {
      const t = this.recordType(rec, info.def.name);
      if (t.toLowerCase() !== info.def.name.toLowerCase()) {
        throw new CollectionFailure({ statusCode: 'INVALID_TYPE', message: `Record type ${t} does not match the URL type ${info.def.name}`, fields: [] });
      }
      const key = Object.keys(rec).find((k) => k.toLowerCase() === field.name.toLowerCase());
      const value = key === undefined ? undefined : rec[key];
      const body = CompositeService.strip(rec, 'attributes');
      try {
        if (field.name === 'Id') return this.records.upsert(info.def.name, 'Id', value == null ? undefined : String(value), CompositeService.strip(body, key ?? 'Id'), { version });
        if (value === undefined || value === null || value === '') {
          throw new CollectionFailure({ statusCode: 'MISSING_ARGUMENT', message: `${field.name} not specified`, fields: [field.name] });
        }
        return this.records.upsert(info.def.name, field.name, String(value), body, { version });
      } catch (e) {
        if (e instanceof MultipleMatchesError) {
          throw new CollectionFailure({
            statusCode: 'DUPLICATE_EXTERNAL_ID',
            message: `${field.label}: more than one record found for external id field: [${e.urls.map((u) => u.slice(u.lastIndexOf('/') + 1)).join(', ')}]`,
            fields: [field.name],
          });
        }
        throw e;
      }
    });
  }

  /** `DELETE /composite/sobjects?ids=…`. */
  deleteMany(ids: readonly string[], allOrNone: boolean): CollectionResult[] {
    return this.collection(
      ids,
      allOrNone,
      (id) => {
        try {
          return { id: this.records.deleteById(id) };
        } catch (e) {
          if (e instanceof SalesforceError && e.errorCode === 'NOT_FOUND') {
            throw new CollectionFailure({ statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] });
          }
          throw e;
        }
      },
      (id) => id,
    );
  }

  /** `POST /composite/sobjects/T` `{ids, fields}` → records aligned with ids (null when missing). */
  retrieveMany(type: string, ids: readonly string[], fields: readonly string[] | undefined, version: string): (JsonRecord | null)[] {
    if (ids.length > MAX_RETRIEVE_IDS) {
      throw new SalesforceError('EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_RETRIEVE_IDS} records into this call`, 400);
    }
    const info = this.records.objectInfo(type);
    return this.records.retrieveMany(info.def.name, ids, fields ?? info.def.fields.map((f) => f.name), version);
  }

  // ── POST /composite ──────────────────────────────────────────────────────────────────────────

  /** `/composite` and `/composite/batch` run one at a time per store: their savepoints must not interleave. */
  private queue: Promise<unknown> = Promise.resolve();

  private serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  composite(requests: readonly SubRequest[], allOrNone: boolean): Promise<{ compositeResponse: SubResponse[] }> {
    return this.serial(() => this.compositeNow(requests, allOrNone));
  }

  private async compositeNow(requests: readonly SubRequest[], allOrNone: boolean): Promise<{ compositeResponse: SubResponse[] }> {
    if (requests.length > MAX_SUBREQUESTS) {
      throw new SalesforceError('INVALID_FIELD', `Composite request limit exceeded: at most ${MAX_SUBREQUESTS} subrequests are allowed`, 400);
    }
    const seen = new Set<string>();
    for (const r of requests) {
      if (seen.has(r.referenceId)) {
        throw new SalesforceError('JSON_PARSER_ERROR', `Duplicate ReferenceId provided in the request: ${r.referenceId}`, 400);
      }
      seen.add(r.referenceId);
    }
    const store = this.deps.store;
    const outcomes = new Map<string, Outcome>();
    const responses: SubResponse[] = [];
    let failedAt = -1;
    // One savepoint around the whole request. Internal sub-requests run synchronously, so when every
    // sub-request is internal no `await` happens and the savepoint is atomic with respect to other
    // requests. Only an external sub-request (search, limits…) yields to the event loop; writes that
    // other connections make meanwhile would share the savepoint (accepted: clients rarely overlap).
    // With allOrNone=false the savepoint is released at the end (each sub-request's writes stand); it
    // is rolled back only when a sub-request fails unexpectedly, so a request never answers 500 after
    // some of its writes were kept.
    store.run('SAVEPOINT lf_composite');
    try {
      for (let i = 0; i < requests.length; i++) {
        const sub = requests[i]!;
        if (allOrNone && failedAt >= 0) {
          responses.push({ body: HALTED_ROLLBACK, httpHeaders: {}, httpStatusCode: 400, referenceId: sub.referenceId });
          continue;
        }
        let outcome: Outcome;
        try {
          const url = this.resolveString(sub.url, outcomes, true) as string;
          const body = this.resolveDeep(sub.body, outcomes);
          const internal = this.execute(sub.method.toUpperCase(), url, body);
          if (internal !== null) outcome = internal;
          else if (this.opts.external) {
            const r = await this.opts.external({ method: sub.method.toUpperCase(), url, body });
            const headers: Record<string, string> = {};
            if (r.headers.location !== undefined) headers.Location = r.headers.location;
            outcome = { status: r.status, body: r.body, headers };
          } else outcome = errorOutcome(new SalesforceError('NOT_FOUND', 'The requested resource does not exist', 404));
        } catch (e) {
          if (e instanceof ReferenceError_) {
            outcome = { status: 400, body: [{ errorCode: 'PROCESSING_HALTED', message: e.message }], headers: {} };
          } else throw e;
        }
        outcomes.set(sub.referenceId, outcome);
        responses.push({ body: outcome.body, httpHeaders: outcome.headers, httpStatusCode: outcome.status, referenceId: sub.referenceId });
        if (outcome.status >= 400 && failedAt < 0) failedAt = i;
      }
    } catch (e) {
      store.run('ROLLBACK TO lf_composite');
      store.run('RELEASE lf_composite');
      throw e;
    }
    if (!allOrNone) store.run('RELEASE lf_composite');
    else {
      if (failedAt >= 0) {
        store.run('ROLLBACK TO lf_composite');
        store.run('RELEASE lf_composite');
        return {
          compositeResponse: responses.map((r, i) => (i === failedAt || i > failedAt ? r : { body: HALTED_ROLLBACK, httpHeaders: {}, httpStatusCode: 400, referenceId: r.referenceId })),
        };
      }
      store.run('RELEASE lf_composite');
    }
    return { compositeResponse: responses };
  }

  // ── POST /composite/tree/T ───────────────────────────────────────────────────────────────────

  /**
   * Creates record trees (parents with nested child-relationship records) in one transaction.
   * Any failure rolls back everything; the result lists the failing references only.
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobject_tree.htm
   */
  tree(type: string, records: readonly RecordBody[]): { status: number; body: TreeResponse } {
    const root = this.records.objectInfo(type);
    const results: { referenceId: string; id: string }[] = [];
    const failures: { referenceId: string; errors: CollectionError[] }[] = [];
    const seen = new Set<string>();
    let count = 0;
    const insert = (rec: RecordBody, expected: string, parent?: { field: string; id: string }): void => {
      count++;
      if (count > MAX_COLLECTION_RECORDS) {
        throw new SalesforceError('EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_COLLECTION_RECORDS} records into this call`, 400);
      }
      if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) {
        failures.push({ referenceId: '', errors: [{ statusCode: 'INVALID_INPUT', message: `Each record must be a JSON object, not ${JSON.stringify(rec)}`, fields: [] }] });
        return;
      }
      const attrs = (rec.attributes ?? {}) as { type?: unknown; referenceId?: unknown };
      const referenceId = typeof attrs.referenceId === 'string' ? attrs.referenceId : '';
      const fail = (e: CollectionError) => failures.push({ referenceId, errors: [e] });
      if (referenceId === '' || seen.has(referenceId)) {
        fail({ statusCode: 'INVALID_INPUT', message: referenceId === '' ? 'Include a reference ID for each record in the request.' : `Duplicate ReferenceId provided in the request: ${referenceId}`, fields: [] });
        return;
      }
      seen.add(referenceId);
      const t = typeof attrs.type === 'string' ? attrs.type : '';
      const info = this.deps.store.registry.object(t);
      if (!info || info.def.name !== expected) {
        fail({ statusCode: 'INVALID_TYPE', message: `sObject type '${t}' is not the expected type ${expected}`, fields: [] });
        return;
      }
      const fields: Record<string, unknown> = {};
      const children: [string, unknown][] = [];
      for (const [k, v] of Object.entries(rec)) {
        if (k === 'attributes') continue;
        if (info.childrenByLower.has(k.toLowerCase())) children.push([k, v]);
        else fields[k] = v;
      }
      if (parent) fields[parent.field] = parent.id;
      let id: string;
      try {
        id = this.deps.store.transaction(() => this.records.create(info.def.name, fields));
      } catch (e) {
        const err = toCollectionError(e);
        if (!err) throw e;
        fail(err);
        return;
      }
      results.push({ referenceId, id });
      for (const [k, v] of children) {
        const rel = info.childrenByLower.get(k.toLowerCase())!;
        const nested = (v as { records?: unknown } | null)?.records;
        if (!Array.isArray(nested)) {
          fail({ statusCode: 'INVALID_INPUT', message: `${k} must be an object with a records array`, fields: [] });
          continue;
        }
        for (const child of nested) insert(child as RecordBody, rel.childSObject, { field: rel.field, id });
      }
    };
    try {
      this.deps.store.transaction(() => {
        for (const rec of records) insert(rec, root.def.name);
        if (failures.length > 0) throw new Rollback();
      });
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
      return { status: 400, body: { hasErrors: true, results: failures } };
    }
    return { status: 201, body: { hasErrors: false, results } };
  }

  // ── POST /composite/batch ────────────────────────────────────────────────────────────────────

  /**
   * Independent sub-requests (no references, no transaction); `haltOnError` stops after a failure.
   * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_batch.htm
   */
  batch(requests: readonly { method: string; url: string; richInput?: unknown }[], haltOnError: boolean): Promise<BatchResponse> {
    if (requests.length > MAX_SUBREQUESTS) {
      throw new SalesforceError('INVALID_FIELD', `Batch request limit exceeded: at most ${MAX_SUBREQUESTS} subrequests are allowed`, 400);
    }
    return this.serial(async () => {
      // Sub-requests are independent, but one that fails unexpectedly (a bug) undoes the whole batch
      // rather than answering 500 after earlier sub-requests were written.
      this.deps.store.run('SAVEPOINT lf_batch');
      try {
        const out = await this.batchNow(requests, haltOnError);
        this.deps.store.run('RELEASE lf_batch');
        return out;
      } catch (e) {
        this.deps.store.run('ROLLBACK TO lf_batch');
        this.deps.store.run('RELEASE lf_batch');
        throw e;
      }
    });
  }

  private async batchNow(requests: readonly { method: string; url: string; richInput?: unknown }[], haltOnError: boolean): Promise<BatchResponse> {
    const results: { statusCode: number; result: unknown }[] = [];
    let halted = false;
    for (const r of requests) {
      if (halted) {
        results.push({ statusCode: 412, result: [{ errorCode: 'BATCH_PROCESSING_HALTED', message: 'Batch processing halted per request' }] });
        continue;
      }
      const url = r.url.startsWith('/') ? r.url : `/services/data/${r.url}`;
      const method = r.method.toUpperCase();
      let out = this.execute(method, url, r.richInput);
      if (out === null) {
        if (this.opts.external) {
          const x = await this.opts.external({ method, url, body: r.richInput });
          out = { status: x.status, body: x.body, headers: {} };
        } else out = errorOutcome(new SalesforceError('NOT_FOUND', 'The requested resource does not exist', 404));
      }
      results.push({ statusCode: out.status, result: out.body });
      if (out.status >= 400 && haltOnError) halted = true;
    }
    return { hasErrors: results.some((r) => r.statusCode >= 400), results };
  }

  // ── references ───────────────────────────────────────────────────────────────────────────────

  private lookup(expr: string, outcomes: ReadonlyMap<string, Outcome>): unknown {
    const m = /^([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_]+|\[\d+\])*)$/.exec(expr.trim());
    if (!m) throw new ReferenceError_(`Invalid reference specified. Reference expression ${expr} is not valid.`);
    const ref = m[1]!;
    const out = outcomes.get(ref);
    const fail = () =>
      new ReferenceError_(
        `Invalid reference specified. No value for ${expr} found in ${ref}. Provided referenceId ('${ref}') must be the referenceId of a previous successful subrequest.`,
      );
    if (!out || out.status >= 400) throw fail();
    let cur: unknown = out.body;
    for (const step of m[2]!.matchAll(/\.([A-Za-z0-9_]+)|\[(\d+)\]/g)) {
      if (cur === null || typeof cur !== 'object') throw fail();
      if (step[1] !== undefined) {
        const key = Object.keys(cur as object).find((k) => k.toLowerCase() === step[1]!.toLowerCase());
        if (key === undefined) throw fail();
        cur = (cur as Record<string, unknown>)[key];
      } else {
        if (!Array.isArray(cur)) throw fail();
        cur = cur[Number(step[2])];
      }
    }
    if (cur === undefined) throw fail();
    return cur;
  }

  /** Replaces `@{ref.path}` in a string; a string that is exactly one reference takes the value's JSON type. */
  private resolveString(s: string, outcomes: ReadonlyMap<string, Outcome>, forceString = false): unknown {
    const whole = /^@\{([^}]*)\}$/.exec(s);
    if (whole && !forceString) return this.lookup(whole[1]!, outcomes);
    return s.replace(REFERENCE, (_m, expr: string) => {
      const v = this.lookup(expr, outcomes);
      return v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    });
  }

  private resolveDeep(v: unknown, outcomes: ReadonlyMap<string, Outcome>): unknown {
    if (typeof v === 'string') return v.includes('@{') ? this.resolveString(v, outcomes) : v;
    if (Array.isArray(v)) return v.map((x) => this.resolveDeep(x, outcomes));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = this.resolveDeep(x, outcomes);
      return out;
    }
    return v;
  }

  // ── internal sub-request routing ─────────────────────────────────────────────────────────────

  /** Runs a sub-request this service handles (sobjects, query, collections); null for other URLs. */
  execute(method: string, url: string, body: unknown): Outcome | null {
    const qIdx = url.indexOf('?');
    const path = qIdx < 0 ? url : url.slice(0, qIdx);
    const params = new URLSearchParams(qIdx < 0 ? '' : url.slice(qIdx + 1));
    const m = /^\/services\/data\/v(\d+\.\d)\/(.*?)\/?$/.exec(path);
    if (!m) return null;
    const version = m[1]!;
    const seg = m[2]!.split('/').map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
    try {
      return this.route(method, seg, params, body, version);
    } catch (e) {
      if (e instanceof SalesforceError) return errorOutcome(e);
      if (e instanceof MultipleMatchesError) return { status: 300, body: e.urls, headers: {} };
      throw e;
    }
  }

  private route(method: string, seg: readonly string[], params: URLSearchParams, body: unknown, version: string): Outcome | null {
    const ok = (b: unknown, status = 200, headers: Record<string, string> = {}): Outcome => ({ status, body: b, headers });
    const recordBody = (b: unknown): RecordBody => {
      if (b === undefined || b === null) return {};
      if (typeof b !== 'object' || Array.isArray(b)) throw new SalesforceError('JSON_PARSER_ERROR', 'The request body must be a JSON object', 400);
      return b as RecordBody;
    };
    const fields = params.get('fields')?.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const updateOnly = params.get('updateOnly') === 'true';
    const upsertOutcome = (type: string, r: { id: string; created: boolean }): Outcome => {
      const name = this.records.objectInfo(type).def.name;
      const has = Number(version) >= 46;
      if (r.created) {
        return ok(has ? { id: r.id, success: true, errors: [], created: true } : { id: r.id, success: true, errors: [] }, 201, {
          Location: this.records.recordUrl(version, name, r.id),
        });
      }
      return has ? ok({ id: r.id, success: true, errors: [], created: false }) : ok(null, 204);
    };
    const [head, a, b, c, ...rest] = seg;
    if (head === 'sobjects') {
      if (rest.length > 0) return null;
      if (a === undefined || a === '') return method === 'GET' ? ok(this.describe.global(version)) : null;
      if (b === undefined) {
        if (method === 'GET') return ok(this.describe.basicInfo(a, version));
        if (method === 'POST') {
          const id = this.records.create(a, recordBody(body));
          return ok({ id, success: true, errors: [] }, 201, { Location: this.records.recordUrl(version, this.records.objectInfo(a).def.name, id) });
        }
        return null;
      }
      if (c === undefined) {
        if (b === 'describe') return method === 'GET' ? ok(this.describe.describe(a, version)) : null;
        switch (method) {
          case 'GET':
            return ok(this.records.retrieve(a, b, fields, version));
          case 'PATCH':
            this.records.update(a, b, recordBody(body));
            return ok(null, 204);
          case 'DELETE':
            this.records.delete(a, b);
            return ok(null, 204);
          case 'POST': {
            const r = this.records.upsertFromBody(a, b, recordBody(body), { updateOnly, version });
            return r === undefined ? null : upsertOutcome(a, r);
          }
          default:
            return null;
        }
      }
      switch (method) {
        case 'GET':
          return ok(isValidId(b) ? this.records.retrieveRelated(a, b, c, fields, version) : this.records.retrieveByExternalId(a, b, c, fields, version));
        case 'PATCH':
        case 'POST':
          return upsertOutcome(a, this.records.upsert(a, b, c, recordBody(body), { updateOnly, version }));
        case 'DELETE': {
          const rec = this.records.retrieveByExternalId(a, b, c, ['Id'], version);
          this.records.delete(a, String(rec.Id));
          return ok(null, 204);
        }
        default:
          return null;
      }
    }
    if ((head === 'query' || head === 'queryAll') && a === undefined && method === 'GET' && this.opts.query) {
      const q = params.get('q');
      if (q === null || q.trim() === '') throw new SalesforceError('MALFORMED_QUERY', 'SOQL statements cannot be empty or null', 400);
      return ok(this.opts.query(q, { includeDeleted: head === 'queryAll', version }));
    }
    // Composite resources other than sObject Collections are not supported as sub-requests (they are not
    // in the documented list); answering them here also keeps a nested batch from waiting on its parent.
    // https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite.htm
    if (head === 'composite' && a !== 'sobjects') throw new SalesforceError('NOT_FOUND', 'The requested resource does not exist', 404);
    if (head === 'composite' && a === 'sobjects' && rest.length === 0) {
      const payload = (body ?? {}) as { allOrNone?: unknown; records?: unknown; ids?: unknown; fields?: unknown };
      const all = payload.allOrNone === true || params.get('allOrNone') === 'true';
      const recs = Array.isArray(payload.records) ? (payload.records as RecordBody[]) : [];
      if (b === undefined && method === 'POST') return ok(this.createMany(recs, all));
      if (b === undefined && method === 'PATCH') return ok(this.updateMany(recs, all));
      if (b === undefined && method === 'DELETE') return ok(this.deleteMany((params.get('ids') ?? '').split(',').filter((s) => s !== ''), all));
      if (b !== undefined && c !== undefined && method === 'PATCH') return ok(this.upsertMany(b, c, recs, all, version));
      if (b !== undefined && c === undefined && method === 'POST') {
        const ids = Array.isArray(payload.ids) ? payload.ids.map(String) : [];
        const fl = Array.isArray(payload.fields) ? payload.fields.map(String) : undefined;
        return ok(this.retrieveMany(b, ids, fl, version));
      }
      return null;
    }
    return null;
  }
}

export interface TreeResponse {
  readonly hasErrors: boolean;
  readonly results: readonly ({ referenceId: string; id: string } | { referenceId: string; errors: readonly CollectionError[] })[];
}

export interface BatchResponse {
  readonly hasErrors: boolean;
  readonly results: readonly { statusCode: number; result: unknown }[];
}

class ReferenceError_ extends Error {}

function errorOutcome(e: SalesforceError): Outcome {
  return { status: e.status, body: e.toWire(), headers: {} };
}
