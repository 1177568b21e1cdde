// Engine behaviour on a small hand-built org (exact shapes, null parents, deleted rows, child
// batching, ROLLUP/CUBE, multi-select picklists, time zones, plan cache) plus the
// salesforce-api.md §7 cases 8–14 on the shared generated org.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, idField, ref, str, systemFields } from '../../schema/build.js';
import { makeId, OBJECTS, SchemaRegistry, type ObjectDef } from '../../schema/index.js';
import { QueryService, type QueryContext } from '../../server/org/query.js';
import { compileFilter, compileQuery, executeCompiled, prepareSoql, type SqlParam } from '../../server/soql/index.js';
import { Store } from '../../server/store/index.js';
import { testOrgPath } from '../helpers/org.js';

// ───────────────────────────── a tiny org with a multi-select picklist object ─────────────────────────────
const Gadget: ObjectDef = {
  name: 'Gadget__c',
  label: 'Gadget',
  labelPlural: 'Gadgets',
  keyPrefix: 'a9G',
  custom: true,
  createable: true,
  updateable: true,
  deletable: true,
  queryable: true,
  searchable: true,
  description: 'Test object with a multi-select picklist.',
  fields: [
    idField('Gadget'),
    str('Name', 'Name', 80, { nameField: true }),
    field('Tags__c', 'multipicklist', 'Tags', { picklistValues: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }, { value: 'c', label: 'C' }] }),
    field('Score__c', 'double', 'Score'),
    ref('Account__c', 'Account', 'Owner account', 'Gadgets__r'),
    ...systemFields('Gadget'),
  ],
};
const registry = new SchemaRegistry([...OBJECTS, Gadget]);

const U1 = makeId('005', 2);
const U2 = makeId('005', 3);
const A1 = makeId('001', 1); // Acme, two contacts
const A2 = makeId('001', 2); // beta, no contacts
const A3 = makeId('001', 3); // deleted
const C1 = makeId('003', 1);
const C2 = makeId('003', 2);
const C3 = makeId('003', 3); // no account
const C4 = makeId('003', 4); // deleted, on Acme

function user(id: string, last: string, tz: string) {
  return { Id: id, LastName: last, Name: `Test ${last}`, Email: `${last}@x.com`, Username: `${last}@x.com`, Alias: last.slice(0, 4), IsActive: true, ProfileId: makeId('00e', 1), LanguageLocaleKey: 'en_US', EmailEncodingKey: 'UTF-8', TimeZoneSidKey: tz, LocaleSidKey: 'en_US', CreatedDate: '2020-01-01T00:00:00.000Z' };
}

let dir: string;
let small: Store;
let svc: QueryService;
const ctx: QueryContext = { now: new Date('2024-06-15T12:00:00Z'), timeZone: 'GMT', apiVersion: '59.0', includeDeleted: false };

beforeAll(() => {
  dir = mkdtempSync(join(process.env.LOCALFORCE_TEST_DIR ?? tmpdir(), 'soql-engine-'));
  small = Store.create(join(dir, 'small.db'), registry);
  small.insertMany('User', [user(U1, 'Alpha', 'GMT'), user(U2, 'Bravo', 'America/New_York')]);
  small.insertMany('Account', [
    { Id: A1, Name: 'Acme', OwnerId: U1, ShippingState: 'CA', CreatedDate: '2023-07-02T11:00:00.000Z' },
    { Id: A2, Name: 'beta', OwnerId: U2, ShippingState: null, CreatedDate: '2024-06-15T03:30:00.000Z' },
    { Id: A3, Name: 'Gone', OwnerId: U1, ShippingState: 'NY', CreatedDate: '2022-01-01T00:00:00.000Z', IsDeleted: true },
  ]);
  small.insertMany('Contact', [
    { Id: C1, LastName: 'Xu', AccountId: A1, OwnerId: U1, CreatedDate: '2023-01-01T00:00:00.000Z' },
    { Id: C2, LastName: 'yang', AccountId: A1, OwnerId: U2, CreatedDate: '2023-02-01T00:00:00.000Z' },
    { Id: C3, LastName: 'Zed', AccountId: null, OwnerId: U1, CreatedDate: '2023-03-01T00:00:00.000Z' },
    { Id: C4, LastName: 'Old', AccountId: A1, OwnerId: U1, CreatedDate: '2023-04-01T00:00:00.000Z', IsDeleted: true },
  ]);
  small.insertMany('Order', [
    { Id: makeId('801', 1), AccountId: A1, Status: 'Activated', EffectiveDate: '2023-07-02', TotalAmount: 15000, OwnerId: U1, CreatedDate: '2023-07-02T11:00:00.000Z' },
    { Id: makeId('801', 2), AccountId: A1, Status: 'Draft', EffectiveDate: '2024-06-14', TotalAmount: 10.5, OwnerId: U1, CreatedDate: '2024-06-14T23:30:00.000Z' },
    { Id: makeId('801', 3), AccountId: A2, Status: 'Activated', EffectiveDate: '2024-06-15', TotalAmount: null, OwnerId: U2, CreatedDate: '2024-06-15T01:00:00.000Z' },
  ]);
  small.insertMany('Gadget__c', [
    { Id: makeId('a9G', 1), Name: 'g1', Tags__c: 'a;b', Score__c: 1.5, Account__c: A1, CreatedDate: '2024-01-01T00:00:00.000Z' },
    { Id: makeId('a9G', 2), Name: 'g2', Tags__c: 'b;c', Score__c: 2, Account__c: A1, CreatedDate: '2024-01-02T00:00:00.000Z' },
    { Id: makeId('a9G', 3), Name: 'g3', Tags__c: 'c', Score__c: null, Account__c: A2, CreatedDate: '2024-01-03T00:00:00.000Z' },
    { Id: makeId('a9G', 4), Name: 'g4', Tags__c: null, Score__c: 4, Account__c: null, CreatedDate: '2024-01-04T00:00:00.000Z' },
  ]);
  svc = new QueryService({ store: small, now: () => ctx.now, timeZone: 'GMT', orgId: makeId('00D', 1), userId: makeId('005', 1) });
});

afterAll(() => small?.close());

const q = (soql: string, over: Partial<QueryContext> = {}) => svc.query(soql, { ...ctx, ...over });
const url = (type: string, id: string) => `/services/data/v59.0/sobjects/${type}/${id}`;
const names = (soql: string, over: Partial<QueryContext> = {}) => q(soql, over).records.map((r) => r.Name ?? r.LastName);

describe('record shapes (salesforce-api.md §2.3)', () => {
  it('attributes first, canonical casing whatever the query casing, SELECT order', () => {
    const r = q('select name, ID from account where id = \'' + A1 + "'");
    expect(JSON.stringify(r.records[0])).toBe(JSON.stringify({ attributes: { type: 'Account', url: url('Account', A1) }, Name: 'Acme', Id: A1 }));
  });

  it('formats datetimes, dates, numbers, booleans and nulls', () => {
    const r = q(`SELECT CreatedDate, EffectiveDate, TotalAmount, IsDeleted, Status FROM Order ORDER BY EffectiveDate`);
    expect(r.records.map((x) => [x.CreatedDate, x.EffectiveDate, x.TotalAmount, x.IsDeleted])).toEqual([
      ['2023-07-02T11:00:00.000+0000', '2023-07-02', 15000, false],
      ['2024-06-14T23:30:00.000+0000', '2024-06-14', 10.5, false],
      ['2024-06-15T01:00:00.000+0000', '2024-06-15', null, false],
    ]);
  });

  it('nests parents at the first path position; a missing parent is null', () => {
    const r = q(`SELECT LastName, Account.Name, Owner.LastName, Account.Owner.LastName, Account.ShippingState FROM Contact ORDER BY LastName`);
    expect(JSON.stringify(r.records)).toBe(
      JSON.stringify([
        {
          attributes: { type: 'Contact', url: url('Contact', C1) },
          LastName: 'Xu',
          Account: { attributes: { type: 'Account', url: url('Account', A1) }, Name: 'Acme', Owner: { attributes: { type: 'User', url: url('User', U1) }, LastName: 'Alpha' }, ShippingState: 'CA' },
          Owner: { attributes: { type: 'User', url: url('User', U1) }, LastName: 'Alpha' },
        },
        {
          attributes: { type: 'Contact', url: url('Contact', C2) },
          LastName: 'yang',
          Account: { attributes: { type: 'Account', url: url('Account', A1) }, Name: 'Acme', Owner: { attributes: { type: 'User', url: url('User', U1) }, LastName: 'Alpha' }, ShippingState: 'CA' },
          Owner: { attributes: { type: 'User', url: url('User', U2) }, LastName: 'Bravo' },
        },
        { attributes: { type: 'Contact', url: url('Contact', C3) }, LastName: 'Zed', Account: null, Owner: { attributes: { type: 'User', url: url('User', U1) }, LastName: 'Alpha' } },
      ]),
    );
  });

  it('child envelopes, or null when there are no children (§7 #13)', () => {
    const r = q(`SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName DESC) FROM Account ORDER BY Name`);
    expect(JSON.stringify(r.records)).toBe(
      JSON.stringify([
        {
          attributes: { type: 'Account', url: url('Account', A1) },
          Name: 'Acme',
          Contacts: {
            totalSize: 2,
            done: true,
            records: [
              { attributes: { type: 'Contact', url: url('Contact', C2) }, LastName: 'yang' },
              { attributes: { type: 'Contact', url: url('Contact', C1) }, LastName: 'Xu' },
            ],
          },
        },
        { attributes: { type: 'Account', url: url('Account', A2) }, Name: 'beta', Contacts: null },
      ]),
    );
  });

  it('runs each child subquery once for all parents (no N+1)', () => {
    const p = prepareSoql('SELECT Name, (SELECT LastName FROM Contacts), (SELECT Name FROM Gadgets__r LIMIT 1) FROM Account', { registry, now: ctx.now });
    const calls: string[] = [];
    const out = executeCompiled(p.compiled, (sql: string, params: readonly SqlParam[]) => {
      calls.push(sql);
      return small.allRaw(sql, params);
    }, { apiVersion: '59.0' });
    expect(calls).toHaveLength(3);
    expect(out.records.map((r) => [(r.Contacts as { totalSize: number } | null)?.totalSize ?? 0, (r.Gadgets__r as { totalSize: number } | null)?.totalSize ?? 0])).toEqual([[2, 1], [0, 1]]);
  });

  it('COUNT() returns totalSize and no records; LIMIT caps it (§7 #9)', () => {
    expect(q('SELECT COUNT() FROM Contact')).toEqual({ totalSize: 3, records: [], aggregate: false });
    expect(q('SELECT count() FROM Contact LIMIT 2').totalSize).toBe(2);
  });

  it('aggregate rows: AggregateResult without url, expr numbering among unaliased (§2.3)', () => {
    const r = q('SELECT Status, MAX(TotalAmount), MIN(TotalAmount) mn, SUM(TotalAmount), COUNT(Id) FROM Order GROUP BY Status ORDER BY Status');
    expect(JSON.stringify(r.records)).toBe(
      JSON.stringify([
        // Status is a picklist: it sorts in value order (Draft, Activated), not alphabetically
        { attributes: { type: 'AggregateResult' }, Status: 'Draft', expr0: 10.5, mn: 10.5, expr1: 10.5, expr2: 1 },
        { attributes: { type: 'AggregateResult' }, Status: 'Activated', expr0: 15000, mn: 15000, expr1: 15000, expr2: 2 },
      ]),
    );
    expect(r.aggregate).toBe(true);
  });

  it('no GROUP BY → exactly one row, COUNT 0 and nulls on empty input', () => {
    expect(q("SELECT COUNT(Id), SUM(TotalAmount), MAX(CreatedDate) FROM Order WHERE Status = 'None'").records).toEqual([
      { attributes: { type: 'AggregateResult' }, expr0: 0, expr1: null, expr2: null },
    ]);
  });

  it('MIN/MAX keep the field format; grouped relationship fields are keyed by their last segment', () => {
    const r = q('SELECT Account.Name, MIN(CreatedDate), MAX(EffectiveDate) FROM Order GROUP BY Account.Name ORDER BY Account.Name');
    expect(r.records).toEqual([
      { attributes: { type: 'AggregateResult' }, Name: 'Acme', expr0: '2023-07-02T11:00:00.000+0000', expr1: '2024-06-14' },
      { attributes: { type: 'AggregateResult' }, Name: 'beta', expr0: '2024-06-15T01:00:00.000+0000', expr1: '2024-06-15' },
    ]);
  });
});

describe('semantics', () => {
  it('excludes IsDeleted rows unless queryAll (includeDeleted)', () => {
    expect(names('SELECT Name FROM Account ORDER BY Name')).toEqual(['Acme', 'beta']);
    expect(names('SELECT Name FROM Account ORDER BY Name', { includeDeleted: true })).toEqual(['Acme', 'beta', 'Gone']);
    expect(q('SELECT COUNT() FROM Contact', { includeDeleted: true }).totalSize).toBe(4);
    // deleted children are hidden too, and shown by queryAll
    const children = (inc: boolean) => (q(`SELECT (SELECT Id FROM Contacts) FROM Account WHERE Id = '${A1}'`, { includeDeleted: inc }).records[0]!.Contacts as { totalSize: number }).totalSize;
    expect([children(false), children(true)]).toEqual([2, 3]);
  });

  it('text comparison and ordering are case-insensitive', () => {
    expect(names("SELECT Name FROM Account WHERE Name = 'ACME'")).toEqual(['Acme']);
    expect(names("SELECT Name FROM Account WHERE Name IN ('BETA')")).toEqual(['beta']);
    expect(names('SELECT Name FROM Account ORDER BY Name DESC')).toEqual(['beta', 'Acme']);
    expect(names('SELECT LastName FROM Contact ORDER BY LastName')).toEqual(['Xu', 'yang', 'Zed']);
  });

  it('!= and NOT IN also match null; < > LIKE IN never do', () => {
    expect(names("SELECT Name FROM Account WHERE ShippingState != 'CA'")).toEqual(['beta']);
    expect(names("SELECT Name FROM Account WHERE ShippingState NOT IN ('CA')")).toEqual(['beta']);
    expect(names("SELECT Name FROM Account WHERE ShippingState < 'ZZ'")).toEqual(['Acme']);
    expect(names("SELECT Name FROM Account WHERE ShippingState LIKE '%'")).toEqual(['Acme']);
    expect(names("SELECT LastName FROM Contact WHERE Account.Name != 'Acme'")).toEqual(['Zed']);
  });

  it("boolean = null matches false; '' against text and id fields means null", () => {
    const n = (soql: string, over: Partial<QueryContext> = {}) => q(soql, over).totalSize;
    expect(n('SELECT COUNT() FROM Account WHERE IsDeleted = null')).toBe(2);
    expect(n('SELECT COUNT() FROM Account WHERE IsDeleted != null')).toBe(0);
    expect(n('SELECT COUNT() FROM Account WHERE IsDeleted != null', { includeDeleted: true })).toBe(1);
    expect(names("SELECT Name FROM Account WHERE ShippingState = ''")).toEqual(['beta']);
    expect(names("SELECT Name FROM Account WHERE ShippingState != '' ORDER BY Name")).toEqual(['Acme']);
    expect(names("SELECT Name FROM Account WHERE ShippingState IN ('', 'ZZ')")).toEqual(['beta']);
    expect(names("SELECT LastName FROM Contact WHERE AccountId = ''")).toEqual(['Zed']);
    expect(names("SELECT LastName FROM Contact WHERE AccountId != '' ORDER BY LastName")).toEqual(['Xu', 'yang']);
  });

  it('NOT uses two-valued logic: a comparison on null is false, so NOT of it matches', () => {
    expect(names("SELECT Name FROM Account WHERE NOT ShippingState = 'CA'")).toEqual(['beta']);
    expect(names("SELECT Name FROM Account WHERE NOT ShippingState LIKE 'C%'")).toEqual(['beta']);
    expect(names("SELECT Name FROM Account WHERE NOT (ShippingState = 'CA' OR Name = 'x')")).toEqual(['beta']);
    expect(names("SELECT Name FROM Account WHERE NOT (NOT ShippingState = 'CA')")).toEqual(['Acme']);
    expect(names("SELECT Name FROM Account WHERE NOT ShippingState != 'CA'")).toEqual(['Acme']);
  });

  it('nulls sort first ascending and last descending; NULLS FIRST/LAST override', () => {
    const st = (soql: string) => q(soql).records.map((r) => r.ShippingState);
    expect(st('SELECT ShippingState FROM Account ORDER BY ShippingState')).toEqual([null, 'CA']);
    expect(st('SELECT ShippingState FROM Account ORDER BY ShippingState DESC')).toEqual(['CA', null]);
    expect(st('SELECT ShippingState FROM Account ORDER BY ShippingState NULLS LAST')).toEqual(['CA', null]);
    expect(st('SELECT ShippingState FROM Account ORDER BY ShippingState DESC NULLS FIRST')).toEqual([null, 'CA']);
  });

  it('15- and 18-character id literals are the same record', () => {
    expect(names(`SELECT Name FROM Account WHERE Id = '${A1.slice(0, 15)}'`)).toEqual(['Acme']);
    expect(names(`SELECT LastName FROM Contact WHERE AccountId IN ('${A1.slice(0, 15)}') ORDER BY LastName`)).toEqual(['Xu', 'yang']);
    // a wrong-cased checksum suffix is accepted (case-insensitive suffix)
    expect(names(`SELECT Name FROM Account WHERE Id = '${A1.slice(0, 15)}${A1.slice(15).toLowerCase()}'`)).toEqual(['Acme']);
  });

  it('INCLUDES / EXCLUDES and = on multi-select picklists', () => {
    expect(names("SELECT Name FROM Gadget__c WHERE Tags__c INCLUDES ('a')")).toEqual(['g1']);
    expect(names("SELECT Name FROM Gadget__c WHERE Tags__c INCLUDES ('a', 'c')")).toEqual(['g1', 'g2', 'g3']);
    expect(names("SELECT Name FROM Gadget__c WHERE Tags__c INCLUDES ('b;c')")).toEqual(['g2']);
    expect(names("SELECT Name FROM Gadget__c WHERE Tags__c EXCLUDES ('b')")).toEqual(['g3', 'g4']);
    expect(names("SELECT Name FROM Gadget__c WHERE Tags__c = 'b;a'")).toEqual(['g1']);
    expect(names("SELECT Name FROM Gadget__c WHERE Tags__c = 'c'")).toEqual(['g3']);
    expect(names("SELECT Name FROM Gadget__c WHERE Tags__c != 'c'")).toEqual(['g1', 'g2', 'g4']);
    expect(q("SELECT Tags__c FROM Gadget__c WHERE Name = 'g1'").records[0]!.Tags__c).toBe('a;b');
  });

  it('GROUP BY ROLLUP adds subtotal rows with null group values and GROUPING() = 1', () => {
    const r = q('SELECT Account.Name acct, Status, COUNT(Id) n, GROUPING(Status) gs FROM Order GROUP BY ROLLUP(Account.Name, Status)');
    expect(r.records.map((x) => [x.acct, x.Status, x.n, x.gs])).toEqual([
      ['Acme', 'Activated', 1, 0],
      ['Acme', 'Draft', 1, 0],
      ['Acme', null, 2, 1],
      ['beta', 'Activated', 1, 0],
      ['beta', null, 1, 1],
      [null, null, 3, 1],
    ]);
  });

  it('GROUP BY CUBE produces every grouping set', () => {
    const r = q('SELECT Status, COUNT(Id) n FROM Order GROUP BY CUBE(Status) ORDER BY Status NULLS LAST');
    expect(r.records.map((x) => [x.Status, x.n])).toEqual([['Draft', 1], ['Activated', 2], [null, 3]]);
  });

  it('HAVING on aggregates and grouped fields; ORDER BY aggregates', () => {
    const r = q('SELECT OwnerId, COUNT(Id) c FROM Contact GROUP BY OwnerId HAVING COUNT(Id) > 1 ORDER BY COUNT(Id) DESC');
    expect(r.records).toEqual([{ attributes: { type: 'AggregateResult' }, OwnerId: U1, c: 2 }]);
  });

  it('semi-joins and anti-joins', () => {
    expect(names('SELECT Name FROM Account WHERE Id IN (SELECT AccountId FROM Contact) ORDER BY Name')).toEqual(['Acme']);
    expect(names('SELECT Name FROM Account WHERE Id NOT IN (SELECT AccountId FROM Contact) ORDER BY Name')).toEqual(['beta']);
    expect(names("SELECT Name FROM Gadget__c WHERE Account__c NOT IN (SELECT AccountId FROM Order WHERE Status = 'Draft') ORDER BY Name")).toEqual(['g3', 'g4']);
  });

  it('child subquery LIMIT applies per parent', () => {
    const r = q('SELECT Name, (SELECT Name FROM Gadgets__r ORDER BY Name DESC LIMIT 1) FROM Account ORDER BY Name');
    expect(r.records.map((x) => (x.Gadgets__r as { records: Array<{ Name: string }> }).records.map((g) => g.Name))).toEqual([['g2'], ['g3']]);
  });

  it('toLabel() returns picklist labels under the field name', () => {
    const id = makeId('02s', 1);
    small.insertMany('EmailMessage', [{ Id: id, Subject: 's', ParentId: null, Status: '3', Incoming: false, CreatedDate: '2024-01-01T00:00:00.000Z' }]);
    const r = q(`SELECT Subject, toLabel(Status) FROM EmailMessage WHERE Id = '${id}'`);
    expect(r.records[0]).toEqual({ attributes: { type: 'EmailMessage', url: url('EmailMessage', id) }, Subject: 's', Status: 'Sent' });
    expect(q(`SELECT toLabel(Tags__c) FROM Gadget__c WHERE Name = 'g1'`).records[0]!.Tags__c).toBe('A;B');
    expect(q(`SELECT Status FROM EmailMessage WHERE Id = '${id}'`).records[0]!.Status).toBe('3');
  });

  it('FIELDS(STANDARD) expands from the schema in describe order', () => {
    const r = q(`SELECT FIELDS(STANDARD) FROM Gadget__c WHERE Name = 'g1'`);
    expect(Object.keys(r.records[0]!)).toEqual(['attributes', 'Id', 'Name', 'IsDeleted', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp']);
    const all = q(`SELECT FIELDS(ALL) FROM Gadget__c LIMIT 1`);
    expect(Object.keys(all.records[0]!)).toContain('Tags__c');
  });
});

describe('clock and time zone', () => {
  it('date literals use the injected now in the user time zone', () => {
    // now 2024-06-15T12:00Z. In GMT, TODAY = 06-15; A2 was created 03:30Z on 06-15.
    expect(names('SELECT Name FROM Account WHERE CreatedDate = TODAY')).toEqual(['beta']);
    // In Los Angeles (UTC-7) it is 05:00 on 06-15: 03:30Z is 20:30 on 06-14 → YESTERDAY.
    expect(names('SELECT Name FROM Account WHERE CreatedDate = TODAY', { timeZone: 'America/Los_Angeles' })).toEqual([]);
    expect(names('SELECT Name FROM Account WHERE CreatedDate = YESTERDAY', { timeZone: 'America/Los_Angeles' })).toEqual(['beta']);
    // a later clock moves the window: the plan cache must not serve a stale range
    expect(names('SELECT Name FROM Account WHERE CreatedDate = TODAY', { now: new Date('2024-06-16T12:00:00Z') })).toEqual([]);
    expect(names('SELECT Name FROM Account WHERE CreatedDate = LAST_N_DAYS:1', { now: new Date('2024-06-16T12:00:00Z') })).toEqual(['beta']);
  });

  it('date fields compare with local dates, datetime fields with UTC instants', () => {
    const eff = (tz: string) => q('SELECT EffectiveDate FROM Order WHERE EffectiveDate = TODAY', { timeZone: tz, now: new Date('2024-06-15T03:00:00Z') }).records.map((r) => r.EffectiveDate);
    expect(eff('GMT')).toEqual(['2024-06-15']);
    expect(eff('America/New_York')).toEqual(['2024-06-14']);
  });

  it('convertTimezone() shifts date functions into the user zone (DST aware)', () => {
    const hours = (tz: string) =>
      q('SELECT HOUR_IN_DAY(convertTimezone(CreatedDate)) h, COUNT(Id) n FROM Order GROUP BY HOUR_IN_DAY(convertTimezone(CreatedDate)) ORDER BY HOUR_IN_DAY(convertTimezone(CreatedDate))', { timeZone: tz }).records.map((r) => [r.h, r.n]);
    expect(hours('GMT')).toEqual([[1, 1], [11, 1], [23, 1]]);
    // New York is UTC-4 in summer: 11→7, 23→19, 01→21 (previous day)
    expect(hours('America/New_York')).toEqual([[7, 1], [19, 1], [21, 1]]);
    expect(q('SELECT DAY_ONLY(convertTimezone(CreatedDate)) d, COUNT(Id) FROM Order GROUP BY DAY_ONLY(convertTimezone(CreatedDate)) ORDER BY DAY_ONLY(convertTimezone(CreatedDate))', { timeZone: 'Asia/Tokyo' }).records.map((r) => r.d)).toEqual(['2023-07-02', '2024-06-15']);
  });

  it('huge :n values and extreme datetimes clamp to the storable range instead of failing', () => {
    const n = (soql: string) => q(soql).totalSize;
    expect(n('SELECT COUNT() FROM Account WHERE CreatedDate = LAST_N_DAYS:2147483647')).toBe(2);
    expect(n('SELECT COUNT() FROM Account WHERE CreatedDate = NEXT_N_YEARS:999999')).toBe(0);
    expect(n('SELECT COUNT() FROM Account WHERE CreatedDate < NEXT_N_YEARS:999999')).toBe(2);
    expect(n('SELECT COUNT() FROM Account WHERE CreatedDate > N_FISCAL_YEARS_AGO:99999999')).toBe(2);
    expect(n('SELECT COUNT() FROM Account WHERE CreatedDate < 9999-12-31T23:59:59-14:00')).toBe(2);
    expect(n('SELECT COUNT() FROM Account WHERE CreatedDate > 0000-01-01T00:00:00+14:00')).toBe(2);
  });

  it('datetime literals with offsets are converted to UTC', () => {
    expect(names('SELECT Name FROM Account WHERE CreatedDate = 2023-07-02T07:00:00-04:00')).toEqual(['Acme']);
    expect(names('SELECT Name FROM Account WHERE CreatedDate = 2023-07-02T16:30:00.000+0530')).toEqual(['Acme']);
  });
});

describe('compiler', () => {
  it('binds every value as a parameter and quotes schema identifiers (LIMIT/OFFSET: checked integer literals)', () => {
    const p = prepareSoql(`SELECT Name FROM Account WHERE Name = 'x''y' AND ShippingState IN ('CA', 'NY') AND CreatedDate > 2020-01-01T00:00:00Z LIMIT 5 OFFSET 1`.replace("'x''y'", "'x\\'y'"), { registry, now: ctx.now });
    expect(p.compiled.sql).not.toMatch(/'x|\bCA\b|\bNY\b|2020/);
    expect(p.compiled.sql).toMatch(/ LIMIT 5 OFFSET 1$/);
    expect(p.compiled.params).toEqual(["x'y", 'CA', 'NY', '2020-01-01T00:00:00.000Z']);
    expect(p.compiled.sql).toContain('"Account"');
  });

  it('long IN lists are bound as one JSON parameter (no SQLite variable limit), keeping text semantics', () => {
    // 4,000 ids: as many as fit in Salesforce's 100,000-character statement limit
    const ids = Array.from({ length: 4_000 }, (_, i) => makeId('003', 100 + i));
    const r = q(`SELECT LastName FROM Contact WHERE Id IN ('${C1}', ${ids.map((i) => `'${i}'`).join(', ')}) OR LastName IN (${[...Array(150).keys()].map((i) => `'YANG${i}'`).join(', ')}, 'YANG')`);
    expect(r.records.map((x) => x.LastName)).toEqual(['Xu', 'yang']);
    const p = prepareSoql(`SELECT Id FROM Contact WHERE LastName NOT IN (${[...Array(150).keys()].map((i) => `'x${i}'`).join(', ')})`, { registry, now: ctx.now });
    expect(p.compiled.params.filter((x) => typeof x === 'string' && x.startsWith('['))).toHaveLength(1);
    expect(executeCompiled(p.compiled, (sql, params) => small.allRaw(sql, params), { apiVersion: '59.0' }).totalSize).toBe(3);
  });

  it('caches plans by text and recompiles when the clock matters', () => {
    const a = svc.plan('SELECT Id FROM Account', ctx);
    expect(svc.plan('SELECT Id FROM Account', { ...ctx, now: new Date('2030-01-01T00:00:00Z') })).toBe(a);
    const b = svc.plan('SELECT Id FROM Account WHERE CreatedDate = TODAY', ctx);
    expect(svc.plan('SELECT Id FROM Account WHERE CreatedDate = TODAY', ctx)).toBe(b);
    expect(svc.plan('SELECT Id FROM Account WHERE CreatedDate = TODAY', { ...ctx, now: new Date('2030-01-01T00:00:00Z') })).not.toBe(b);
    expect(svc.plan('SELECT Id FROM Account', { ...ctx, includeDeleted: true })).not.toBe(a);
  });

  it('compileFilter gives FROM / WHERE / ORDER BY / LIMIT fragments for a caller-built SELECT (SOSL reuse)', () => {
    const p = prepareSoql("SELECT Id FROM Contact WHERE Account.Name = 'acme' ORDER BY LastName DESC LIMIT 1", { registry, now: ctx.now });
    const f = compileFilter(p.checked, { now: ctx.now, timeZone: 'GMT', includeDeleted: false });
    const rows = small.allRaw(`SELECT t0."LastName"${f.from}${f.where}${f.orderBy}${f.limit}`, f.params);
    expect(rows).toEqual([['yang']]);
  });

  it('compileQuery is pure: same checked query, same SQL', () => {
    const p = prepareSoql('SELECT Id, Account.Name FROM Contact WHERE CreatedDate = LAST_N_DAYS:30', { registry, now: ctx.now });
    const again = compileQuery(p.checked, { now: ctx.now, timeZone: 'GMT', includeDeleted: false });
    expect(again.sql).toBe(p.compiled.sql);
    expect(again.params).toEqual(p.compiled.params);
  });
});

describe('soft-delete filter', () => {
  it('a delete after a cached plan is seen by the next query, on this and on another connection', () => {
    expect(q('SELECT COUNT() FROM Order').totalSize).toBe(3);
    const id = makeId('801', 3);
    small.run('UPDATE "Order" SET "IsDeleted" = 1 WHERE "Id" = ?', [id]);
    try {
      expect(q('SELECT COUNT() FROM Order').totalSize).toBe(2);
      expect(q('SELECT COUNT() FROM Order', { includeDeleted: true }).totalSize).toBe(3);
      expect(q(`SELECT Name, (SELECT Id FROM Orders) FROM Account WHERE Id = '${A2}'`).records[0]!.Orders).toBeNull();
    } finally {
      small.run('UPDATE "Order" SET "IsDeleted" = 0 WHERE "Id" = ?', [id]);
    }
    const other = Store.open(join(dir, 'small.db'), { registry });
    try {
      other.run('UPDATE "Order" SET "IsDeleted" = 1 WHERE "Id" = ?', [makeId('801', 1)]);
      expect(q('SELECT COUNT() FROM Order').totalSize).toBe(2);
      other.run('UPDATE "Order" SET "IsDeleted" = 0 WHERE "Id" = ?', [makeId('801', 1)]);
      expect(q('SELECT COUNT() FROM Order').totalSize).toBe(3);
    } finally {
      other.close();
    }
  });
});

// ───────────────────────────── salesforce-api.md §7 on the generated org ─────────────────────────────
describe('§7 cases 8–14 on the generated org', () => {
  let org: Store;
  let gen: QueryService;
  beforeAll(() => {
    org = Store.open(testOrgPath(), { readonly: true });
    gen = new QueryService({ store: org, now: () => ctx.now, timeZone: 'GMT', orgId: makeId('00D', 1), userId: makeId('005', 1) });
  });
  afterAll(() => org?.close());

  it('#8 lower-case query, keys Id and Name', () => {
    const r = gen.query('select id, name from account limit 2', ctx);
    expect(r.totalSize).toBe(2);
    for (const rec of r.records) {
      expect(Object.keys(rec)).toEqual(['attributes', 'Id', 'Name']);
      expect((rec.attributes as { url: string }).url).toBe(`/services/data/v59.0/sobjects/Account/${String(rec.Id)}`);
    }
  });

  it('#9 / #10 / #11 counts and aggregate keys', () => {
    const n = gen.query('SELECT COUNT() FROM Account', ctx).totalSize;
    expect(n).toBeGreaterThan(100);
    expect(gen.query('SELECT COUNT(Id) FROM Account', ctx).records).toEqual([{ attributes: { type: 'AggregateResult' }, expr0: n }]);
    const agg = gen.query('SELECT Status, COUNT(Id) cnt, SUM(TotalAmount) FROM Order GROUP BY Status', ctx);
    for (const rec of agg.records) expect(Object.keys(rec)).toEqual(['attributes', 'Status', 'cnt', 'expr0']);
  });

  it('#14 datetime and date formats', () => {
    const rec = gen.query('SELECT Id, CreatedDate, EffectiveDate FROM Order LIMIT 1', ctx).records[0]!;
    expect(rec.CreatedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(rec.EffectiveDate).toMatch(/^\d{4}-\d\d-\d\d$/);
  });
});
