// Record CRUD and upsert with Salesforce's validation errors (docs/compatibility.md "DML validation"): one service used by the
// /sobjects routes and by the composite APIs. Every write runs in a store transaction (nested
// writes become savepoints), so a failing write leaves no partial data.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_create.htm
import type { FieldDef, ObjectDef, ObjectInfo } from '../../schema/index.js';
import { idCounter, makeId, normalizeId } from '../../schema/index.js';
import { SalesforceError } from '../soql/index.js';
import { decodeValue, formatDatetime, q, type SqlValue } from '../store/index.js';
import { coerceValue, parseDatetime } from './coercion.js';
import type { OrgDeps } from './deps.js';
import {
  entityIsDeleted, errLabel, insufficientAccess, noSuchColumn, noSuchColumnQuery, noSuchExternalIdField, notFound, show,
} from './record-errors.js';
import { DERIVATIONS, ROLLUPS, type StoredRow } from './record-rules.js';

export { coerceValue, parseDatetime } from './coercion.js';

export type RecordBody = Readonly<Record<string, unknown>>;
export type JsonRecord = Record<string, unknown>;

/** Several records match an external id: the route answers 300 with their URLs. */
export class MultipleMatchesError extends Error {
  constructor(readonly urls: readonly string[]) {
    super(`More than one record matches: ${urls.join(', ')}`);
    this.name = 'MultipleMatchesError';
  }
}

export interface UpsertResult {
  readonly id: string;
  readonly created: boolean;
}

// ---------------------------------------------------------------------------------------------
// The service
// ---------------------------------------------------------------------------------------------

type Row = StoredRow;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class RecordService {
  constructor(private readonly deps: OrgDeps) {}

  private get store() {
    return this.deps.store;
  }

  private get registry() {
    return this.deps.store.registry;
  }

  /** Case-insensitive object lookup; unknown → 404 NOT_FOUND. */
  objectInfo(name: string): ObjectInfo {
    const info = this.registry.object(name);
    if (!info) throw notFound();
    return info;
  }

  recordUrl(version: string, objectName: string, id: string): string {
    return `/services/data/v${version}/sobjects/${objectName}/${id}`;
  }

  // --- reads -----------------------------------------------------------------------------------

  /** `GET /sobjects/T/{id}[?fields=a,b]`. */
  retrieve(type: string, idText: string, fields: readonly string[] | undefined, version: string): JsonRecord {
    const info = this.objectInfo(type);
    const id = normalizeId(idText);
    if (id === null) throw noSuchExternalIdField(idText);
    const selected = this.selectFields(info, fields);
    if (id.slice(0, 3) !== info.def.keyPrefix) throw notFound();
    const row = this.loadRow(info.def, id);
    if (!row || row.IsDeleted === 1) throw notFound();
    return this.toJson(info.def, row, selected, version, fields !== undefined);
  }

  /** `GET /sobjects/T/{ExtField}/{value}`: 0 matches → 404, several → MultipleMatchesError. */
  retrieveByExternalId(type: string, fieldName: string, value: string, fields: readonly string[] | undefined, version: string): JsonRecord {
    const info = this.objectInfo(type);
    const f = this.externalIdField(info, fieldName);
    const selected = this.selectFields(info, fields);
    const ids = this.matchExternalId(info.def, f, value);
    if (ids.length === 0) throw notFound();
    if (ids.length > 1) throw new MultipleMatchesError(ids.map((i) => this.recordUrl(version, info.def.name, i)));
    const row = this.loadRow(info.def, ids[0]!)!;
    return this.toJson(info.def, row, selected, version, fields !== undefined);
  }

  /**
   * `GET /sobjects/T/{id}/{relationship}`: a parent relationship returns the parent record, a child
   * relationship a query-result envelope of the live children (Id order).
   */
  retrieveRelated(type: string, idText: string, relationship: string, fields: readonly string[] | undefined, version: string): JsonRecord {
    const info = this.objectInfo(type);
    const id = normalizeId(idText);
    if (id === null || id.slice(0, 3) !== info.def.keyPrefix) throw notFound();
    const row = this.loadRow(info.def, id);
    if (!row || row.IsDeleted === 1) throw notFound();
    const parentField = info.parentsByLower.get(relationship.toLowerCase());
    if (parentField) {
      const parent = this.registry.parentObject(parentField);
      const parentId = row[parentField.name];
      if (!parent || typeof parentId !== 'string') throw notFound();
      return this.retrieve(parent.def.name, parentId, fields, version);
    }
    const child = info.childrenByLower.get(relationship.toLowerCase());
    const childInfo = child ? this.registry.object(child.childSObject) : undefined;
    if (!child || !childInfo) throw notFound();
    const selected = this.selectFields(childInfo, fields);
    const rows = this.store.all(`SELECT * FROM ${q(childInfo.def.name)} WHERE ${q(child.field)} = ? AND "IsDeleted" = 0 ORDER BY "Id"`, [id]) as Row[];
    return {
      totalSize: rows.length,
      done: true,
      records: rows.map((r) => this.toJson(childInfo.def, r, selected, version, fields !== undefined)),
    };
  }

  /** Several records by id (sObject Collections retrieve): null for a missing, deleted or malformed id. */
  retrieveMany(type: string, ids: readonly string[], fields: readonly string[], version: string): (JsonRecord | null)[] {
    const info = this.objectInfo(type);
    const selected = this.selectFields(info, fields);
    return ids.map((idText) => {
      const id = normalizeId(String(idText));
      if (id === null || id.slice(0, 3) !== info.def.keyPrefix) return null;
      const row = this.loadRow(info.def, id);
      if (!row || row.IsDeleted === 1) return null;
      return this.toJson(info.def, row, selected, version, true);
    });
  }

  private selectFields(info: ObjectInfo, fields: readonly string[] | undefined): readonly FieldDef[] {
    if (fields === undefined) return info.def.fields;
    const out: FieldDef[] = [];
    for (const raw of fields) {
      const name = raw.trim();
      if (name === '') continue;
      const f = info.fieldsByLower.get(name.toLowerCase());
      if (!f) throw noSuchColumnQuery(info.def, name);
      if (!out.includes(f)) out.push(f);
    }
    return out.length === 0 ? info.def.fields : out;
  }

  private toJson(o: ObjectDef, row: Row, fields: readonly FieldDef[], version: string, appendId: boolean): JsonRecord {
    const out: JsonRecord = { attributes: { type: o.name, url: this.recordUrl(version, o.name, String(row.Id)) } };
    for (const f of fields) out[f.name] = decodeValue(f.type, row[f.name]);
    if (appendId && !('Id' in out)) out.Id = row.Id;
    return out;
  }

  private loadRow(o: ObjectDef, id: string): Row | undefined {
    return this.store.get(`SELECT * FROM ${q(o.name)} WHERE "Id" = ?`, [id]) as Row | undefined;
  }

  // --- replication: sobjects/T/updated and sobjects/T/deleted ---------------------------------------

  private replicationWindow(start: string | undefined, end: string | undefined): { from: string; to: string } {
    if (start === undefined || start === '') throw new SalesforceError('MISSING_ARGUMENT', 'Missing parameter: start', 400);
    if (end === undefined || end === '') throw new SalesforceError('MISSING_ARGUMENT', 'Missing parameter: end', 400);
    const from = parseDatetime(start);
    const to = parseDatetime(end);
    if (from === null) throw new SalesforceError('INVALID_REPLICATION_DATE', `Invalid start date: ${start}`, 400);
    if (to === null) throw new SalesforceError('INVALID_REPLICATION_DATE', `Invalid end date: ${end}`, 400);
    if (to < from) throw new SalesforceError('INVALID_REPLICATION_DATE', 'endDate before startDate', 400);
    return { from, to };
  }

  /** The covered end: min(end, now), truncated to the minute (Salesforce reports whole minutes). */
  private latestCovered(to: string): string {
    const now = this.nowText();
    const t = to < now ? to : now;
    return formatDatetime(`${t.slice(0, 16)}:00.000Z`);
  }

  /** `GET /sobjects/T/updated?start=&end=`: ids of live records modified in the window. */
  updated(type: string, start: string | undefined, end: string | undefined): { ids: string[]; latestDateCovered: string } {
    const info = this.objectInfo(type);
    const { from, to } = this.replicationWindow(start, end);
    const ids = this.store
      .all(`SELECT "Id" FROM ${q(info.def.name)} WHERE "IsDeleted" = 0 AND "SystemModstamp" >= ? AND "SystemModstamp" <= ? ORDER BY "Id"`, [from, to])
      .map((r) => String(r.Id));
    return { ids, latestDateCovered: this.latestCovered(to) };
  }

  /** `GET /sobjects/T/deleted?start=&end=`: soft-deleted records (deletion time = SystemModstamp). */
  deleted(type: string, start: string | undefined, end: string | undefined): {
    deletedRecords: { id: string; deletedDate: string }[];
    earliestDateAvailable: string;
    latestDateCovered: string;
  } {
    const info = this.objectInfo(type);
    const { from, to } = this.replicationWindow(start, end);
    const rows = this.store.all(
      `SELECT "Id", "SystemModstamp" FROM ${q(info.def.name)} WHERE "IsDeleted" = 1 AND "SystemModstamp" >= ? AND "SystemModstamp" <= ? ORDER BY "SystemModstamp", "Id"`,
      [from, to],
    );
    const earliest = this.store.get(`SELECT MIN("SystemModstamp") AS t FROM ${q(info.def.name)} WHERE "IsDeleted" = 1`);
    const earliestText = earliest && typeof earliest.t === 'string' ? earliest.t : from;
    return {
      deletedRecords: rows.map((r) => ({ id: String(r.Id), deletedDate: formatDatetime(String(r.SystemModstamp)) })),
      earliestDateAvailable: formatDatetime(`${earliestText.slice(0, 16)}:00.000Z`),
      latestDateCovered: this.latestCovered(to),
    };
  }

  // --- external ids ----------------------------------------------------------------------------

  private externalIdField(info: ObjectInfo, fieldName: string): FieldDef {
    const f = info.fieldsByLower.get(fieldName.toLowerCase());
    if (!f || !(f.externalId || f.idLookup)) throw noSuchExternalIdField(fieldName);
    return f;
  }

  /** Ids of live records whose external id equals `value` (text compared case-insensitively). */
  private matchExternalId(o: ObjectDef, f: FieldDef, value: string): string[] {
    if (f.type === 'id') {
      const id = normalizeId(value);
      if (id === null) return [];
      const row = this.store.get(`SELECT "Id" FROM ${q(o.name)} WHERE "Id" = ? AND "IsDeleted" = 0`, [id]);
      return row ? [String(row.Id)] : [];
    }
    const v = coerceValue(f, value);
    if (v === null) return [];
    const cond = typeof v === 'string' ? `lower(${q(f.name)}) = lower(?)` : `${q(f.name)} = ?`;
    return this.store
      .all(`SELECT "Id" FROM ${q(o.name)} WHERE ${cond} AND "IsDeleted" = 0 ORDER BY "Id"`, [v])
      .map((r) => String(r.Id));
  }

  // --- writes ----------------------------------------------------------------------------------

  /** `POST /sobjects/T`: validates, derives platform values and inserts; returns the new Id. */
  create(type: string, body: RecordBody): string {
    const info = this.objectInfo(type);
    const o = info.def;
    if (!o.createable) throw insufficientAccess();
    const values = this.parseBody(info, body, 'create');
    return this.store.transaction(() => this.insertRow(info, values));
  }

  /** `PATCH /sobjects/T/{id}`. */
  update(type: string, idText: string, body: RecordBody): string {
    const info = this.objectInfo(type);
    const o = info.def;
    const id = this.resolveWriteId(info, idText);
    if (!o.updateable) throw insufficientAccess();
    const values = this.parseBody(info, body, 'update', id);
    this.store.transaction(() => this.updateRow(info, id, values));
    return id;
  }

  /** `DELETE /sobjects/T/{id}`: soft delete (IsDeleted = 1; queryAll still sees the row). */
  delete(type: string, idText: string): string {
    const info = this.objectInfo(type);
    const id = this.resolveWriteId(info, idText);
    if (!info.def.deletable) throw insufficientAccess();
    this.store.transaction(() => this.softDelete(info, id));
    return id;
  }

  /** Delete by id alone (collections): the object comes from the key prefix. */
  deleteById(idText: string): string {
    const id = normalizeId(idText);
    if (id === null) throw new SalesforceError('MALFORMED_ID', `malformed id ${idText}`, 400);
    const o = this.registry.objectForId(id);
    if (!o) throw new SalesforceError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', 400);
    return this.delete(o.name, id);
  }

  /**
   * Upsert on an external id field (or `Id`). `value` undefined means `POST /sobjects/T/Id` (always
   * creates). Throws MultipleMatchesError for several matches.
   */
  upsert(type: string, fieldName: string, value: string | undefined, body: RecordBody, opts: { updateOnly?: boolean; version: string }): UpsertResult {
    const info = this.objectInfo(type);
    const f = this.externalIdField(info, fieldName);
    if (f.type === 'id') {
      const { Id: _ignored, id: _ignored2, ...rest } = body as Record<string, unknown>;
      if (value === undefined || value === '') {
        if (opts.updateOnly) throw notFound();
        return { id: this.create(type, rest), created: true };
      }
      const id = normalizeId(value);
      if (id === null) throw noSuchExternalIdField(value);
      return { id: this.update(type, id, rest), created: false };
    }
    if (value === undefined) throw noSuchExternalIdField(f.name);
    const bodyKey = Object.keys(body).find((k) => k.toLowerCase() === f.name.toLowerCase());
    const rest: Record<string, unknown> = { ...body };
    if (bodyKey !== undefined) {
      const bv = rest[bodyKey];
      if (bv !== null && bv !== undefined && String(bv).toLowerCase() !== value.toLowerCase()) {
        throw new SalesforceError(
          'INVALID_FIELD',
          `The value of the external ID field ${f.name} in the request body doesn't match the value in the request URL.`,
          400,
          [f.name],
        );
      }
      delete rest[bodyKey];
    }
    return this.store.transaction(() => {
      const ids = this.matchExternalId(info.def, f, value);
      if (ids.length > 1) throw new MultipleMatchesError(ids.map((i) => this.recordUrl(opts.version, info.def.name, i)));
      if (ids.length === 1) return { id: this.update(type, ids[0]!, rest), created: false };
      if (opts.updateOnly) throw notFound();
      return { id: this.create(type, { ...rest, [f.name]: value }), created: true };
    });
  }

  /**
   * `POST /sobjects/T/{Field}` without a value in the URL: `Id` always creates; an external id field
   * takes its value from the body (upsert on it), or creates when the body has none.
   */
  upsertFromBody(type: string, fieldName: string, body: RecordBody, opts: { updateOnly?: boolean; version: string }): UpsertResult | undefined {
    const info = this.objectInfo(type);
    const f = info.fieldsByLower.get(fieldName.toLowerCase());
    if (!f || !(f.externalId || f.idLookup)) return undefined;
    if (f.name === 'Id') return this.upsert(type, 'Id', undefined, body, opts);
    const key = Object.keys(body).find((k) => k.toLowerCase() === f.name.toLowerCase());
    const value = key === undefined ? undefined : body[key];
    if (value === undefined || value === null || value === '') {
      if (opts.updateOnly) throw notFound();
      return { id: this.create(type, body), created: true };
    }
    return this.upsert(type, f.name, String(value), body, opts);
  }

  /** A record id from a URL for update/delete: non-ids read as external-id lookups (404), other objects' ids are MALFORMED_ID. */
  private resolveWriteId(info: ObjectInfo, idText: string): string {
    const id = normalizeId(idText);
    if (id === null) throw noSuchExternalIdField(idText);
    if (id.slice(0, 3) !== info.def.keyPrefix) {
      throw new SalesforceError('MALFORMED_ID', `${info.def.label} ID: id value of incorrect type: ${idText}`, 400, ['Id']);
    }
    return id;
  }

  /**
   * Body → field values: canonical field names, unknown fields and JSON type errors rejected,
   * read-only fields reported together.
   */
  private parseBody(info: ObjectInfo, body: RecordBody, mode: 'create' | 'update', id?: string): Map<FieldDef, SqlValue> {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new SalesforceError('JSON_PARSER_ERROR', 'The request body must be a JSON object describing one record.', 400);
    }
    const o = info.def;
    const values = new Map<FieldDef, SqlValue>();
    const readOnly: FieldDef[] = [];
    for (const [key, raw] of Object.entries(body)) {
      if (key === 'attributes') continue;
      const rel = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? info.parentsByLower.get(key.toLowerCase()) : undefined;
      if (rel) {
        // `"Product2": {"External_ID__c": "X"}` sets the lookup from the parent's external id.
        const relValue = this.foreignKeyByExternalId(rel, raw as Record<string, unknown>);
        if (mode === 'create' ? !rel.createable : !rel.updateable) {
          if (!readOnly.includes(rel)) readOnly.push(rel);
        } else values.set(rel, relValue);
        continue;
      }
      const f = info.fieldsByLower.get(key.toLowerCase());
      if (!f) throw noSuchColumn(o, key);
      if (f.name === 'Id') {
        if (raw === null || raw === undefined || raw === '') continue;
        if (mode === 'create') {
          throw new SalesforceError('INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', 400, ['Id']);
        }
        if (normalizeId(String(raw)) !== id) {
          throw new SalesforceError('MALFORMED_ID', `${o.label} ID: id value of incorrect type: ${show(raw)}`, 400, ['Id']);
        }
        continue;
      }
      const v = coerceValue(f, raw);
      if (mode === 'create' ? !f.createable : !f.updateable) {
        if (!readOnly.includes(f)) readOnly.push(f);
        continue;
      }
      values.set(f, v);
    }
    if (readOnly.length > 0) {
      const names = readOnly.map((f) => f.name);
      throw new SalesforceError(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${names.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        400,
        names,
      );
    }
    return values;
  }

  /** The parent id named by `{"ExtField": value}` in a relationship-typed body key. */
  private foreignKeyByExternalId(rel: FieldDef, ref: Record<string, unknown>): string {
    const parent = this.registry.parentObject(rel);
    const entries = Object.entries(ref).filter(([k]) => k !== 'attributes');
    if (!parent || entries.length !== 1) {
      throw new SalesforceError('INVALID_FIELD', `A relationship reference must name exactly one external id field of ${rel.referenceTo[0] ?? 'the parent'}`, 400, [rel.name]);
    }
    const [fieldName, value] = entries[0]!;
    const f = parent.fieldsByLower.get(fieldName.toLowerCase());
    if (!f || !(f.externalId || f.idLookup)) {
      throw new SalesforceError('INVALID_FIELD', `Field ${fieldName} is not an External ID or indexed field for ${parent.def.name}`, 400, [rel.name]);
    }
    const ids = this.matchExternalId(parent.def, f, String(value ?? ''));
    if (ids.length === 0) {
      throw new SalesforceError('INVALID_FIELD', `Foreign key external ID: ${String(value)} not found for field ${f.name} in entity ${parent.def.name}`, 400, []);
    }
    if (ids.length > 1) {
      throw new SalesforceError('INVALID_FIELD', `More than 1 record found for external id field: ${f.name} (${String(value)})`, 400, []);
    }
    return ids[0]!;
  }

  /** Checks written values: required, restricted picklists, lengths, emails, references, uniqueness. */
  private validate(info: ObjectInfo, row: Row, written: ReadonlyMap<FieldDef, SqlValue>, mode: 'create' | 'update', selfId: string): void {
    const o = info.def;
    const missing = o.fields.filter((f) => {
      if (f.type === 'boolean' || f.nillable) return false;
      // An explicit null is missing even where the platform would default an absent value (Case.Status).
      if (written.has(f) && written.get(f) === null) return true;
      return mode === 'create' && f.createable && !f.defaultedOnCreate && (row[f.name] === null || row[f.name] === undefined);
    });
    if (missing.length > 0) {
      const names = missing.map((f) => f.name);
      throw new SalesforceError('REQUIRED_FIELD_MISSING', `Required fields are missing: [${names.join(', ')}]`, 400, names);
    }
    for (const [f, v] of written) {
      if (v === null) continue;
      if (typeof v === 'string' && (f.type === 'picklist' || f.type === 'multipicklist') && f.restrictedPicklist) {
        const parts = f.type === 'multipicklist' ? v.split(';') : [v];
        for (const p of parts) {
          if (!f.picklistValues.some((pv) => pv.value === p)) {
            throw new SalesforceError(
              'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
              `${errLabel(f)}: bad value for restricted picklist field: ${p}`,
              400,
              [f.name],
            );
          }
        }
      }
      if (typeof v === 'string' && f.type !== 'reference' && f.type !== 'id' && f.length > 0 && [...v].length > f.length) {
        throw new SalesforceError('STRING_TOO_LONG', `${errLabel(f)}: data value too large: ${v} (max length=${f.length})`, 400, [f.name]);
      }
      if (f.type === 'email' && typeof v === 'string' && !EMAIL.test(v)) {
        throw new SalesforceError('INVALID_EMAIL_ADDRESS', `${errLabel(f)}: invalid email address: ${v}`, 400, [f.name]);
      }
      if (f.type === 'reference' && typeof v === 'string') row[f.name] = this.checkReference(f, v);
      if (f.unique && typeof v === 'string') {
        const dup = this.store.get(
          `SELECT "Id" FROM ${q(o.name)} WHERE lower(${q(f.name)}) = lower(?) AND "Id" <> ? AND "IsDeleted" = 0 LIMIT 1`,
          [v, selfId],
        );
        if (dup) {
          throw new SalesforceError('DUPLICATE_VALUE', `duplicate value found: ${f.name} duplicates value on record with id: ${String(dup.Id)}`, 400, [f.name]);
        }
      }
    }
  }

  /** A reference value: well-formed id, of the referenced object, of a live record. Returns the 18-char id. */
  private checkReference(f: FieldDef, v: string): string {
    const id = normalizeId(v);
    if (id === null) throw new SalesforceError('MALFORMED_ID', `${errLabel(f)}: id value of incorrect type: ${v}`, 400, [f.name]);
    const targets = f.referenceTo.map((t) => this.registry.object(t)).filter((t): t is ObjectInfo => t !== undefined);
    if (targets.length === 0) {
      // A reference to an object this org does not model (Profile, RecordType…): only the shape is checked,
      // but an id of a modelled object is still the wrong type.
      if (this.registry.objectForId(id)) {
        throw new SalesforceError('FIELD_INTEGRITY_EXCEPTION', `${errLabel(f)}: id value of incorrect type: ${v}`, 400, [f.name]);
      }
      return id;
    }
    const target = targets.find((t) => t.def.keyPrefix === id.slice(0, 3));
    if (!target) throw new SalesforceError('FIELD_INTEGRITY_EXCEPTION', `${errLabel(f)}: id value of incorrect type: ${v}`, 400, [f.name]);
    const row = this.store.get(`SELECT "IsDeleted" FROM ${q(target.def.name)} WHERE "Id" = ?`, [id]);
    if (!row) throw new SalesforceError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', 400, [f.name]);
    if (row.IsDeleted === 1) throw entityIsDeleted([f.name]);
    return id;
  }

  private nowText(): string {
    return this.deps.now().toISOString();
  }

  /** Next Id: one above the highest counter already used for the object (deterministic). */
  private nextId(o: ObjectDef): string {
    const row = this.store.get(`SELECT "Id" FROM ${q(o.name)} ORDER BY "Id" DESC LIMIT 1`);
    return makeId(o.keyPrefix, (row && typeof row.Id === 'string' ? idCounter(row.Id) : 0) + 1);
  }

  /** Next auto number: the highest existing value + 1, keeping its prefix and width ('00001001'). */
  private nextAutoNumber(o: ObjectDef, f: FieldDef): string {
    const row = this.store.get(
      `SELECT ${q(f.name)} AS v FROM ${q(o.name)} WHERE ${q(f.name)} IS NOT NULL ORDER BY length(${q(f.name)}) DESC, ${q(f.name)} DESC LIMIT 1`,
    );
    const last = row && typeof row.v === 'string' ? row.v : null;
    if (last === null) return '00000001';
    const m = /^(.*?)(\d+)$/.exec(last);
    if (!m) return `${last}-1`;
    const digits = m[2]!;
    const next = String(BigInt(digits) + 1n).padStart(digits.length, '0');
    return `${m[1]}${next}`;
  }

  private insertRow(info: ObjectInfo, values: ReadonlyMap<FieldDef, SqlValue>): string {
    const o = info.def;
    const id = this.nextId(o);
    const now = this.nowText();
    const row: Row = {};
    for (const f of o.fields) row[f.name] = f.type === 'boolean' ? 0 : null;
    // Defaults for absent fields (picklist defaults, checkbox defaults, owner).
    for (const f of o.fields) {
      if (values.has(f)) continue;
      if (f.defaultValue !== null && f.defaultValue !== undefined && f.defaultedOnCreate) {
        row[f.name] = typeof f.defaultValue === 'boolean' ? (f.defaultValue ? 1 : 0) : f.defaultValue;
      } else if (f.type === 'boolean' && f.defaultValue === true) row[f.name] = 1;
      if (f.name === 'OwnerId') row[f.name] = this.deps.userId;
    }
    for (const [f, v] of values) row[f.name] = v;
    this.derive(info, row, 'create', undefined, values);
    this.validate(info, row, values, 'create', id);
    row.Id = id;
    row.IsDeleted = 0;
    row.CreatedDate = now;
    row.CreatedById = this.deps.userId;
    row.LastModifiedDate = now;
    row.LastModifiedById = this.deps.userId;
    row.SystemModstamp = now;
    for (const f of o.fields) if (f.autoNumber) row[f.name] = this.nextAutoNumber(o, f);
    const cols = o.fields.map((f) => f.name);
    this.store.run(
      `INSERT INTO ${q(o.name)} (${cols.map(q).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      cols.map((c) => row[c] ?? null),
    );
    this.afterWrite(info, row, undefined);
    return id;
  }

  private updateRow(info: ObjectInfo, id: string, values: ReadonlyMap<FieldDef, SqlValue>): void {
    const o = info.def;
    const before = this.loadRow(o, id);
    if (!before) throw notFound();
    if (before.IsDeleted === 1) throw entityIsDeleted();
    const row: Row = { ...before };
    for (const [f, v] of values) row[f.name] = v;
    this.derive(info, row, 'update', before, values);
    this.validate(info, row, values, 'update', id);
    const now = this.nowText();
    row.LastModifiedDate = now;
    row.LastModifiedById = this.deps.userId;
    row.SystemModstamp = now;
    const changed = o.fields.filter((f) => f.name !== 'Id' && row[f.name] !== before[f.name]);
    if (changed.length > 0) {
      this.store.run(
        `UPDATE ${q(o.name)} SET ${changed.map((f) => `${q(f.name)} = ?`).join(', ')} WHERE "Id" = ?`,
        [...changed.map((f) => row[f.name] ?? null), id],
      );
    }
    this.afterWrite(info, row, before);
  }

  private softDelete(info: ObjectInfo, id: string): void {
    const o = info.def;
    const before = this.loadRow(o, id);
    if (!before) throw notFound();
    if (before.IsDeleted === 1) throw entityIsDeleted();
    const now = this.nowText();
    this.store.run(`UPDATE ${q(o.name)} SET "IsDeleted" = 1, "SystemModstamp" = ? WHERE "Id" = ?`, [now, id]);
    // Master-detail children go to the recycle bin with their parent.
    for (const c of info.childRelationships) {
      if (!c.cascadeDelete) continue;
      const child = this.registry.object(c.childSObject);
      if (!child) continue;
      for (const r of this.store.all(`SELECT "Id" FROM ${q(child.def.name)} WHERE ${q(c.field)} = ? AND "IsDeleted" = 0`, [id])) {
        this.softDelete(child, String(r.Id));
      }
    }
    this.afterWrite(info, { ...before, IsDeleted: 1 }, before);
  }

  /** Platform-derived values: the object's rule in DERIVATIONS (record-rules.ts). */
  private derive(info: ObjectInfo, row: Row, mode: 'create' | 'update', before?: Row, written?: ReadonlyMap<FieldDef, SqlValue>): void {
    const rule = DERIVATIONS[info.def.name];
    if (!rule) return;
    const names = new Set([...(written?.keys() ?? [])].map((f) => f.name));
    rule(row, {
      mode,
      before,
      wrote: (name) => names.has(name),
      lookup: (sql, params) => this.store.get(sql, params) as Row | undefined,
      now: () => this.nowText(),
    });
  }

  /** Roll-ups after a write (ROLLUPS in record-rules.ts), for the old and the new parent. */
  private afterWrite(info: ObjectInfo, row: Row, before: Row | undefined): void {
    const r = ROLLUPS[info.def.name];
    if (!r) return;
    const parents = new Set<string>();
    if (typeof row[r.link] === 'string') parents.add(row[r.link] as string);
    if (before && typeof before[r.link] === 'string') parents.add(before[r.link] as string);
    for (const parentId of parents) {
      const s = this.store.get(`SELECT SUM(${q(r.of)}) AS t FROM ${q(info.def.name)} WHERE ${q(r.link)} = ? AND "IsDeleted" = 0`, [parentId]);
      const total = s && typeof s.t === 'number' ? Math.round(s.t * 100) / 100 : null;
      this.store.run(`UPDATE ${q(r.parent)} SET ${q(r.total)} = ? WHERE "Id" = ?`, [total ?? 0, parentId]);
    }
  }
}
