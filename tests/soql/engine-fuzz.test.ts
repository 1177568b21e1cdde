// Seeded mutations of the engine corpus: every mutant either runs or fails with a SalesforceError
// (status 400) — never a TypeError, a SQLite error or any other bug-class exception.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OBJECTS } from '../../schema/index.js';
import { QueryService } from '../../server/org/query.js';
import { SalesforceError } from '../../server/soql/errors.js';
import { Store } from '../../server/store/index.js';
import { testOrgPath } from '../helpers/org.js';
import { CORPUS, FACTS, fill, NOW } from './corpus.js';
import { rng } from '../helpers/prng.js';

const FIELD_NAMES = [...new Set(OBJECTS.flatMap((o) => o.fields.map((f) => f.name)))];
const OBJECT_NAMES = OBJECTS.map((o) => o.name);
const SNIPPETS = [
  'COUNT(Id)', 'COUNT()', 'MAX(CreatedDate)', 'SUM(UnitPrice)', "'x'", '5', '-1.5', 'null', 'true', 'TODAY', 'LAST_N_DAYS:3',
  '2024-01-01', '2024-01-01T00:00:00Z', 'CALENDAR_MONTH(CreatedDate)', 'convertTimezone(CreatedDate)', '(SELECT Id FROM Contacts)',
  '(SELECT AccountId FROM Contact)', 'GROUP BY Status', 'ORDER BY Name', 'LIMIT 3', 'OFFSET 5', 'HAVING COUNT(Id) > 1', 'AND', 'OR', 'NOT',
  'IN', 'NOT IN', 'LIKE', 'INCLUDES', '=', '!=', '<', '>=', ',', '(', ')', 'Account.Name', 'Owner.Name', 'FIELDS(ALL)', 'ROLLUP(Status)',
  'GROUPING(Status)', 'WITH SECURITY_ENFORCED', 'FOR VIEW', 'TYPEOF', ':x', 'DAY_ONLY(CreatedDate)', "'%a\\_b%'",
  'LAST_N_DAYS:2147483647', 'NEXT_N_YEARS:99999', 'N_FISCAL_QUARTERS_AGO:4000000', '9999-12-31T23:59:59-14:00', '0000-01-01',
  '99999999999999999999', '-0.000000001', '2147483648', "'\\u0000'", 'LIMIT 2147483647', 'OFFSET 2000', "'005000000000001'",
  'toLabel(Status)', 'FIELDS(STANDARD)', 'CUBE(Status, Priority)', 'NULLS LAST', 'DESC', 'USD5', 'EXCLUDES',
];

function mutate(q: string, r: () => number): string {
  const toks = q.match(/'(?:[^'\\]|\\.)*'|\w+(?:\.\w+)*(?::\d+)?|[^\s\w]+/g) ?? [];
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const n = 1 + Math.floor(r() * 3);
  for (let k = 0; k < n && toks.length > 0; k++) {
    const i = Math.floor(r() * toks.length);
    switch (Math.floor(r() * 7)) {
      case 0: toks.splice(i, 1); break;
      case 1: toks.splice(i, 0, toks[i]!); break;
      case 2: toks[i] = pick(FIELD_NAMES); break;
      case 3: toks[i] = pick(OBJECT_NAMES); break;
      case 4: toks.splice(i, 0, pick(SNIPPETS)); break;
      case 5: { const j = Math.floor(r() * toks.length); [toks[i], toks[j]] = [toks[j]!, toks[i]!]; break; }
      default: toks[i] = pick(SNIPPETS); break;
    }
  }
  return toks.join(' ');
}

let store: Store;
let service: QueryService;
const facts: Record<string, string> = {};
beforeAll(() => {
  store = Store.open(testOrgPath(), { readonly: true });
  service = new QueryService({ store, now: () => new Date(NOW), timeZone: 'GMT', orgId: '00D000000000001EAA', userId: '005000000000001AAA' });
  for (const [name, sql] of FACTS) facts[name] = String((store.allRaw(fill(sql, facts))[0] ?? [])[0]);
});
afterAll(() => store?.close());

describe('fuzzed corpus', () => {
  it('2,000 mutants: results or SalesforceError only', () => {
    const r = rng(20241124);
    const outcomes = { ok: 0, salesforce: 0 };
    const bugs: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const base = fill(CORPUS[Math.floor(r() * CORPUS.length)]!.soql, facts);
      const q = mutate(base, r);
      for (const tz of ['GMT', 'America/New_York']) {
        try {
          service.query(q, { now: new Date(NOW), timeZone: tz, apiVersion: '59.0', includeDeleted: r() < 0.2 });
          outcomes.ok++;
        } catch (e) {
          if (e instanceof SalesforceError && e.status === 400) outcomes.salesforce++;
          else bugs.push(`${q}\n  → ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
        }
      }
    }
    expect(bugs.slice(0, 10)).toEqual([]);
    // the mutants exercise both paths
    expect(outcomes.ok).toBeGreaterThan(50);
    expect(outcomes.salesforce).toBeGreaterThan(1000);
  });
});
