// Engine limits: generated queries far larger than a person writes (CRMArena builds IN lists and
// OR chains from tool outputs) must run or fail with a Salesforce error, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_USER_ID, ORG_ID } from '../../schema/index.js';
import { QueryService, runChecked, type QueryContext } from '../../server/org/query.js';
import { SalesforceError } from '../../server/soql/errors.js';
import { Store } from '../../server/store/index.js';
import { testOrgPath } from '../helpers/org.js';

const ctx: QueryContext = { now: new Date('2024-06-15T12:00:00Z'), timeZone: 'GMT', apiVersion: '59.0', includeDeleted: false };
let store: Store;
let service: QueryService;

beforeAll(() => {
  store = Store.open(testOrgPath(), { readonly: true });
  service = new QueryService({ store, now: () => ctx.now, timeZone: 'GMT', orgId: ORG_ID, userId: API_USER_ID });
});
afterAll(() => store.close());

describe('very long boolean chains', () => {
  it('runs a 3,000-term OR chain (deeper than SQLite allows if compiled left-deep) and matches the oracle', () => {
    const ids = (store.all('SELECT Id FROM "Case" WHERE IsDeleted = 0 ORDER BY Id LIMIT 40') as Array<{ Id: string }>).map((r) => r.Id);
    const terms = Array.from({ length: 3000 }, (_, i) => (i < ids.length ? `Id = '${ids[i]}'` : `Subject = 'no ${i}'`));
    const res = service.query(`SELECT Id FROM Case WHERE ${terms.join(' OR ')}`, ctx);
    expect(res.records.map((r) => r.Id).sort()).toEqual([...ids].sort());
  });

  it('runs a 3,000-term AND chain', () => {
    const terms = Array.from({ length: 3000 }, (_, i) => `Subject != 'no ${i}'`);
    const res = service.query(`SELECT COUNT() FROM Case WHERE ${terms.join(' AND ')}`, ctx);
    const want = (store.get('SELECT COUNT(*) AS n FROM "Case" WHERE IsDeleted = 0') as { n: number }).n;
    expect(res.totalSize).toBe(want);
  });
});

describe('SQLite limits become QUERY_TOO_COMPLICATED', () => {
  it('maps a real SQLite expression-depth error to a 400 Salesforce error', () => {
    const deep = `SELECT ${Array.from({ length: 1500 }, () => 'x = 1').join(' OR ')} FROM (SELECT 1 AS x)`;
    let err: unknown;
    try {
      runChecked(() => store.allRaw(deep));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SalesforceError);
    expect((err as SalesforceError).errorCode).toBe('QUERY_TOO_COMPLICATED');
    expect((err as SalesforceError).status).toBe(400);
  });

  it('lets other errors through unchanged', () => {
    expect(() => runChecked(() => store.allRaw('SELECT no_such_column FROM "Case"'))).toThrowError(/no such column/);
  });
});

describe('SOSL RETURNING shares the SOQL execution path', () => {
  it('runs a RETURNING WHERE with a 3,000-term OR chain (balanced compile, limit mapping)', async () => {
    const { SearchService } = await import('../../server/org/search.js');
    const search = new SearchService({ store, now: () => ctx.now, timeZone: 'GMT', orgId: ORG_ID, userId: API_USER_ID }, { soql: service });
    const terms = Array.from({ length: 3000 }, (_, i) => `Title = 'no such title ${i}'`);
    const none = search.search(`FIND {refund} RETURNING Knowledge__kav(Id WHERE ${terms.join(' OR ')})`, ctx);
    expect(none.searchRecords).toEqual([]);
    const some = search.search(`FIND {refund} RETURNING Knowledge__kav(Id WHERE ${terms.join(' OR ')} OR PublishStatus = 'Online')`, ctx);
    expect(some.searchRecords.length).toBeGreaterThan(0);
  });
});
