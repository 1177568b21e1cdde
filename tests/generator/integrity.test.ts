// Referential integrity, Id validity, dates and volumes of the shared generated org (seed 1, scale 1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidId, OBJECTS, schema } from '../../schema/index.js';
import { q, Store } from '../../server/store/index.js';
import { testOrgPath } from '../helpers/org.js';

let store: Store;
beforeAll(() => {
  store = Store.open(testOrgPath(), { readonly: true });
});
afterAll(() => store?.close());

/** Objects whose volume does not grow with --scale. */
const FIXED = new Set(['User', 'Product2', 'ProductCategory', 'ProductCategoryProduct', 'Pricebook2', 'PricebookEntry', 'Issue__c', 'Knowledge__kav', 'Organization']);

/** Scale-1 volumes of org.md (CRMArena's org). */
export const SCALE1: Record<string, number> = {
  User: 150,
  Account: 200,
  Contact: 208,
  Product2: 500,
  ProductCategory: 12,
  ProductCategoryProduct: 762,
  Pricebook2: 45,
  PricebookEntry: 22000,
  Order: 2050,
  OrderItem: 7100,
  Issue__c: 10,
  Knowledge__kav: 45,
  Case: 1000,
  CaseHistory__c: 3000,
  EmailMessage: 3200,
  LiveChatTranscript: 560,
  Organization: 1,
};

describe('generated org: integrity', () => {
  it('has every object with org.md volumes (× scale for transactional objects) within ±10%', () => {
    const scale = Number(store.getMeta('scale'));
    let total = 0;
    for (const o of OBJECTS) {
      const n = store.count(o.name);
      total += n;
      const want = SCALE1[o.name]! * (FIXED.has(o.name) ? 1 : scale);
      expect(n, o.name).toBeGreaterThanOrEqual(Math.floor(want * 0.9));
      expect(n, o.name).toBeLessThanOrEqual(Math.ceil(want * 1.1));
    }
    if (scale === 1) {
      expect(total).toBeGreaterThan(40_000);
      expect(total).toBeLessThan(46_000);
    }
  });

  it('LiveChatTranscripts are within CRMArena range (400–800 per scale unit)', () => {
    const n = store.count('LiveChatTranscript') / Number(store.getMeta('scale'));
    expect(n).toBeGreaterThanOrEqual(400);
    expect(n).toBeLessThanOrEqual(800);
  });

  for (const o of OBJECTS) {
    it(`${o.name}: Ids are valid 18-char Ids with prefix ${o.keyPrefix}, unique`, () => {
      const ids = store.allRaw(`SELECT "Id" FROM ${q(o.name)}`).map((r) => r[0] as string);
      const bad = ids.filter((id) => id.length !== 18 || !isValidId(id) || id.slice(0, 3) !== o.keyPrefix);
      expect(bad.slice(0, 5)).toEqual([]);
      expect(new Set(ids).size).toBe(ids.length);
    });
  }

  for (const o of OBJECTS) {
    for (const f of o.fields.filter((f) => f.type === 'reference' && f.relationshipName !== null)) {
      const target = schema.object(f.referenceTo[0]!);
      if (!target) continue;
      it(`${o.name}.${f.name} → ${target.def.name}: no dangling Ids`, () => {
        const dangling = store.allRaw(
          `SELECT c."Id", c.${q(f.name)} FROM ${q(o.name)} c LEFT JOIN ${q(target.def.name)} p ON p."Id" = c.${q(f.name)}
            WHERE c.${q(f.name)} IS NOT NULL AND p."Id" IS NULL LIMIT 5`,
        );
        expect(dangling).toEqual([]);
      });
    }
  }

  it('values have the stored type of their field (booleans 0/1, numbers REAL/INTEGER, text TEXT)', () => {
    const bad: string[] = [];
    for (const o of OBJECTS) {
      for (const f of o.fields) {
        const want = f.type === 'boolean' || f.type === 'int' ? ['integer'] : f.type === 'double' || f.type === 'currency' || f.type === 'percent' ? ['real', 'integer'] : ['text'];
        const rows = store.allRaw(`SELECT DISTINCT typeof(${q(f.name)}) FROM ${q(o.name)} WHERE ${q(f.name)} IS NOT NULL`).map((r) => r[0] as string);
        for (const t of rows) if (!want.includes(t)) bad.push(`${o.name}.${f.name}: ${t}`);
        if (f.type === 'boolean') {
          const n = store.allRaw(`SELECT COUNT(*) FROM ${q(o.name)} WHERE ${q(f.name)} NOT IN (0, 1)`)[0]![0] as number;
          if (n > 0) bad.push(`${o.name}.${f.name}: ${n} non-0/1`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('required (non-nillable, createable) fields are set', () => {
    const missing: string[] = [];
    for (const o of OBJECTS) {
      for (const f of o.fields.filter((f) => !f.nillable && f.type !== 'boolean')) {
        const n = store.allRaw(`SELECT COUNT(*) FROM ${q(o.name)} WHERE ${q(f.name)} IS NULL`)[0]![0] as number;
        if (n > 0) missing.push(`${o.name}.${f.name}: ${n}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every date and datetime lies in 2020-01-01 .. 2024-12-31 and is well-formed', () => {
    const bad: string[] = [];
    for (const o of OBJECTS) {
      for (const f of o.fields.filter((f) => f.type === 'date' || f.type === 'datetime')) {
        const rows = store.allRaw(`SELECT MIN(${q(f.name)}), MAX(${q(f.name)}) FROM ${q(o.name)}`)[0] as (string | null)[];
        const [min, max] = rows;
        if (min == null || max == null) continue;
        if (min < '2020-01-01' || max > '2024-12-31T23:59:59.999Z') bad.push(`${o.name}.${f.name}: ${min} .. ${max}`);
        const glob = f.type === 'date' ? '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' : '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z';
        const malformed = store.allRaw(`SELECT ${q(f.name)} FROM ${q(o.name)} WHERE ${q(f.name)} IS NOT NULL AND (typeof(${q(f.name)}) <> 'text' OR ${q(f.name)} NOT GLOB '${glob}') LIMIT 3`);
        for (const [v] of malformed) bad.push(`${o.name}.${f.name}: ${String(v)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('cases are created 2020-01 .. 2024-05', () => {
    const [min, max] = store.allRaw(`SELECT MIN("CreatedDate"), MAX("CreatedDate") FROM "Case"`)[0] as string[];
    expect(min! >= '2020-01-01').toBe(true);
    expect(max! < '2024-06-01').toBe(true);
  });

  it('the API user and organization are fixed', () => {
    const api = store.get(`SELECT * FROM "User" WHERE "Id" = '005000000000001AAA'`)!;
    expect(api.Username).toBe('api@localforce.dev');
    expect(api.TimeZoneSidKey).toBe('GMT');
    expect(api.IsActive).toBe(1);
    expect(store.count('Organization')).toBe(1);
    expect(store.get(`SELECT "Id" FROM "Organization"`)!.Id).toBe('00D000000000001EAA');
  });

  it('unique fields are unique (Username, External_ID__c, UrlName, product names)', () => {
    for (const [t, c] of [['User', 'Username'], ['Product2', 'External_ID__c'], ['Knowledge__kav', 'UrlName'], ['Product2', 'Name'], ['Knowledge__kav', 'ArticleNumber']] as const) {
      const dup = store.allRaw(`SELECT ${q(c)}, COUNT(*) FROM ${q(t)} GROUP BY 1 HAVING COUNT(*) > 1`);
      expect(dup, `${t}.${c}`).toEqual([]);
    }
  });

  it('writes generator metadata', () => {
    expect(store.getMeta('seed')).toMatch(/^\d+$/);
    expect(Number(store.getMeta('scale'))).toBeGreaterThan(0);
    expect(store.getMeta('referenceNow')).toBe('2025-01-01T00:00:00.000Z');
    expect(store.getMeta('generatorVersion')).toMatch(/^\d+$/);
    expect(store.getMeta('hash')).toBe(store.contentHash());
  });
});
