// SQL injection: hostile text in every literal and identifier position either fails as a
// Salesforce error or matches literally — and the org file is byte-for-byte unchanged (content hash).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryService } from '../../server/org/query.js';
import { SalesforceError } from '../../server/soql/errors.js';
import { Store } from '../../server/store/index.js';
import { copyTestOrg } from '../helpers/org.js';

const PAYLOADS = [
  "' OR 1=1 --",
  "\\' OR 1=1 --",
  "\\' OR '1'='1",
  '"; DROP TABLE "Account"; --',
  "\\'; DROP TABLE Account; --",
  "'); DELETE FROM \"Case\"; --",
  "\\'); DELETE FROM \"Case\"; --",
  '\\\\',
  '\\\\\\\'',
  '%\\_\\%_%',
  "x' UNION SELECT sql FROM sqlite_master --",
  "\\' UNION SELECT name FROM sqlite_master --",
  "*/ DROP TABLE User; /*",
  '\u0000',
  '; ATTACH DATABASE \'/tmp/x.db\' AS x; --',
];

/** Every place a literal can go, with `$` marking it. */
const TEMPLATES = [
  "SELECT Id FROM Account WHERE Name = '$'",
  "SELECT Id FROM Account WHERE Name != '$'",
  "SELECT Id FROM Account WHERE Name IN ('a', '$')",
  "SELECT Id FROM Account WHERE Name NOT IN ('$')",
  "SELECT Id FROM Account WHERE Name LIKE '$'",
  "SELECT Id FROM Account WHERE Name LIKE '%$%'",
  "SELECT Id FROM Account WHERE Id = '$'",
  "SELECT Id FROM Case WHERE OwnerId IN ('$')",
  "SELECT Id FROM Case WHERE Subject > '$'",
  "SELECT COUNT() FROM Case WHERE Status = '$'",
  "SELECT Status, COUNT(Id) FROM Case GROUP BY Status HAVING Status = '$'",
  "SELECT Name, (SELECT LastName FROM Contacts WHERE LastName = '$') FROM Account LIMIT 3",
  "SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE LastName = '$')",
  "SELECT Id FROM Case WHERE Account.Name = '$'",
  "SELECT Id FROM Case WHERE CreatedDate = $",
  "SELECT Id FROM Case WHERE $ = 'x'",
  "SELECT $ FROM Case",
  "SELECT Id FROM $",
  "SELECT Id FROM Case ORDER BY $",
  "SELECT Id FROM Case LIMIT $",
];

let path: string;
let store: Store;
let service: QueryService;
let before: string;
const ctx = { now: new Date('2024-06-15T12:00:00Z'), timeZone: 'GMT', apiVersion: '59.0', includeDeleted: false };

beforeAll(() => {
  path = copyTestOrg();
  store = Store.open(path);
  before = store.contentHash();
  service = new QueryService({ store, now: () => ctx.now, timeZone: 'GMT', orgId: '00D000000000001EAA', userId: '005000000000001AAA' });
});
afterAll(() => store?.close());

describe('injection', () => {
  const cases = TEMPLATES.flatMap((t) => PAYLOADS.map((p) => [t.replace('$', p)] as const));

  it.each(cases)('%s', (soql) => {
    try {
      const r = service.query(soql, ctx);
      // a literal match: nothing in this org has such a name
      expect(r.totalSize === r.records.length || soql.includes('COUNT()')).toBe(true);
      if (/Name = '|LastName = '|Status = '|Id = '/.test(soql) && !soql.includes('!=') && !soql.includes('(SELECT LastName FROM Contacts')) {
        expect(r.records.filter((x) => !('Contacts' in x))).toEqual([]);
      }
    } catch (e) {
      expect(e).toBeInstanceOf(SalesforceError);
      expect((e as SalesforceError).status).toBe(400);
    }
  });

  it('string literals reach SQLite as bound values, matched literally', () => {
    const name = store.all('SELECT Name FROM Account WHERE instr(Name, \'\'\'\') > 0 LIMIT 1')[0]?.Name as string | undefined;
    if (name) {
      const soql = `SELECT Name FROM Account WHERE Name = '${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
      expect(service.query(soql, ctx).records.map((r) => r.Name)).toContain(name);
    }
    expect(service.query("SELECT Id FROM Account WHERE Name = '\\' OR 1=1 --'", ctx).records).toEqual([]);
    expect(service.query("SELECT COUNT() FROM Account WHERE Name LIKE '%\\' OR \\'1\\'=\\'1%'", ctx).totalSize).toBe(0);
  });

  it('leaves the org unchanged', () => {
    expect(store.contentHash()).toBe(before);
    expect(store.count('Account')).toBeGreaterThan(0);
    expect(store.count('Case')).toBeGreaterThan(0);
  });
});
