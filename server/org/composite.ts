// sObject Collections (create / update / upsert / delete / retrieve up to 200 records, allOrNone)
// and sObject Tree. `composite`, `composite/batch` and `composite/graph` (requests made of
// subrequests) are in subrequests.ts.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections.htm
import { SalesforceError } from '../soql/index.js';
import type { OrgDeps } from './deps.js';
import { MultipleMatchesError, RecordService, type JsonRecord, type RecordBody } from './records.js';

export const MAX_COLLECTION_RECORDS = 200;
export const MAX_RETRIEVE_IDS = 2000;

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

export class CompositeService {
  readonly records: RecordService;

  constructor(private readonly deps: OrgDeps) {
    this.records = new RecordService(deps);
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
}

export interface TreeResponse {
  readonly hasErrors: boolean;
  readonly results: readonly ({ referenceId: string; id: string } | { referenceId: string; errors: readonly CollectionError[] })[];
}

