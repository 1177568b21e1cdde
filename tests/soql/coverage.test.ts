// Every AST node kind, comparison operator, function, date literal and clause variant reaches the
// compiler (and runs) or is rejected explicitly (NOT_EMULATED, or the Salesforce error the construct
// always produces). A new kind in ast.ts without a sample here fails the first test. A pg-mem style
// guard checks that no parsed clause is silently dropped between the AST and the checked query.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, idField, ref, str, systemFields } from '../../schema/build.js';
import { OBJECTS, SchemaRegistry, type ObjectDef } from '../../schema/index.js';
import * as A from '../../server/soql/ast.js';
import { executeCompiled, prepareSoql, type PreparedSoql } from '../../server/soql/index.js';
import { SalesforceError } from '../../server/soql/errors.js';
import { parseSoql } from '../../server/soql/parser.js';
import { Store } from '../../server/store/index.js';
import { testOrgPath } from '../helpers/org.js';

// The base org has no multi-select picklist; a copy of the registry with one lets INCLUDES/EXCLUDES
// compile. Queries on the shared org never touch the extra object.
const Gadget: ObjectDef = {
  name: 'Gadget__c', label: 'Gadget', labelPlural: 'Gadgets', keyPrefix: 'a9G', custom: true, createable: true, updateable: true,
  deletable: true, queryable: true, searchable: true, description: 'test',
  fields: [idField('Gadget'), str('Name', 'Name', 80), field('Tags__c', 'multipicklist', 'Tags'), ref('Account__c', 'Account', 'acct', 'Gadgets__r'), ...systemFields('Gadget')],
};
const registry = new SchemaRegistry([...OBJECTS, Gadget]);

type Outcome = 'ok' | 'NOT_EMULATED' | `error:${string}`;
type Sample = readonly [soql: string, outcome: Outcome];

/** At least one sample per node kind. */
const BY_KIND: Record<A.NodeKind, readonly Sample[]> = {
  ident: [['SELECT c.Id FROM Case c', 'ok'], ['SELECT Status, COUNT(Id) n FROM Case GROUP BY Status', 'ok']],
  query: [['SELECT Id FROM Case', 'ok']],
  field: [['SELECT Account.Owner.Name FROM Case', 'ok']],
  call: [['SELECT COUNT(Id) FROM Case', 'ok'], ['SELECT COUNT() FROM Case', 'ok']],
  selectField: [['SELECT Subject FROM Case', 'ok']],
  selectCall: [['SELECT MAX(CreatedDate) m FROM Case', 'ok']],
  selectSubquery: [['SELECT Name, (SELECT LastName FROM Contacts WHERE LastName != null ORDER BY LastName LIMIT 2 OFFSET 1) FROM Account LIMIT 1', 'ok']],
  selectTypeof: [['SELECT TYPEOF Owner WHEN User THEN Name END FROM Case', 'NOT_EMULATED']],
  selectFields: [['SELECT FIELDS(STANDARD) FROM Case', 'ok'], ['SELECT FIELDS(ALL) FROM Case LIMIT 10', 'ok'], ['SELECT FIELDS(CUSTOM) FROM Case LIMIT 10', 'ok']],
  typeofWhen: [['SELECT TYPEOF Owner WHEN User THEN Name, Email END FROM Case', 'NOT_EMULATED']],
  typeofElse: [['SELECT TYPEOF Owner WHEN User THEN Name ELSE Id END FROM Case', 'NOT_EMULATED']],
  from: [['SELECT Id FROM Account a', 'ok']],
  usingScope: [['SELECT Id FROM Case USING SCOPE Everything', 'NOT_EMULATED']],
  and: [["SELECT Id FROM Case WHERE Status = 'New' AND Priority = 'High'", 'ok']],
  or: [["SELECT Id FROM Case WHERE Status = 'New' OR Priority = 'High'", 'ok']],
  not: [["SELECT Id FROM Case WHERE NOT Status = 'New'", 'ok']],
  comparison: [["SELECT Id FROM Case WHERE Status = 'New'", 'ok']],
  list: [["SELECT Id FROM Case WHERE Status IN ('New', 'Closed')", 'ok']],
  subquery: [["SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Case WHERE Status = 'New')", 'ok']],
  bind: [['SELECT Id FROM Case WHERE Status = :s', 'error:MALFORMED_QUERY']],
  string: [["SELECT Id FROM Case WHERE Subject = 'x\\'y'", 'ok']],
  integer: [['SELECT Id FROM OrderItem WHERE Quantity > 2', 'ok']],
  decimal: [['SELECT Id FROM OrderItem WHERE UnitPrice > -2.5', 'ok']],
  boolean: [['SELECT Id FROM Case WHERE IsClosed = false', 'ok']],
  null: [['SELECT Id FROM Case WHERE ClosedDate = null', 'ok']],
  date: [['SELECT Id FROM Order WHERE EffectiveDate >= 2023-01-01', 'ok']],
  datetime: [['SELECT Id FROM Case WHERE CreatedDate >= 2023-01-01T00:00:00.000-08:00', 'ok']],
  dateLiteral: [['SELECT Id FROM Case WHERE CreatedDate = LAST_N_DAYS:30', 'ok']],
  currency: [['SELECT Id FROM OrderItem WHERE UnitPrice > USD100', 'NOT_EMULATED']],
  withMode: [['SELECT Id FROM Case WITH SECURITY_ENFORCED', 'ok'], ['SELECT Id FROM Case WITH USER_MODE', 'ok'], ['SELECT Id FROM Case WITH SYSTEM_MODE', 'ok']],
  withDataCategory: [['SELECT Id FROM Knowledge__kav WITH DATA CATEGORY Geography__c AT usa__c', 'NOT_EMULATED']],
  dataCategoryCondition: [['SELECT Id FROM Knowledge__kav WITH DATA CATEGORY Geography__c ABOVE usa__c AND Product__c BELOW All__c', 'NOT_EMULATED']],
  groupBy: [['SELECT Status, COUNT(Id) FROM Case GROUP BY Status', 'ok'], ['SELECT Status, COUNT(Id) FROM Case GROUP BY ROLLUP(Status)', 'ok'], ['SELECT Status, Priority, COUNT(Id) FROM Case GROUP BY CUBE(Status, Priority)', 'ok']],
  orderByItem: [['SELECT Id FROM Case ORDER BY CreatedDate DESC NULLS LAST, Id ASC NULLS FIRST', 'ok']],
  limit: [['SELECT Id FROM Case LIMIT 5', 'ok']],
  offset: [['SELECT Id FROM Case LIMIT 5 OFFSET 5', 'ok']],
  for: [['SELECT Id FROM Case LIMIT 1 FOR VIEW', 'ok'], ['SELECT Id FROM Case LIMIT 1 FOR REFERENCE', 'ok'], ['SELECT Id FROM Case LIMIT 1 FOR UPDATE', 'ok']],
  update: [['SELECT Id FROM Knowledge__kav UPDATE TRACKING', 'ok'], ['SELECT Id FROM Knowledge__kav UPDATE VIEWSTAT', 'ok']],
};

const OPERATORS: Record<A.ComparisonOperator, Sample> = {
  '=': ["SELECT Id FROM Case WHERE Status = 'New'", 'ok'],
  '!=': ["SELECT Id FROM Case WHERE Status != 'New'", 'ok'],
  '<>': ["SELECT Id FROM Case WHERE Status <> 'New'", 'ok'],
  '<': ['SELECT Id FROM Case WHERE CreatedDate < 2022-01-01T00:00:00Z', 'ok'],
  '<=': ['SELECT Id FROM Case WHERE CreatedDate <= 2022-01-01T00:00:00Z', 'ok'],
  '>': ['SELECT Id FROM Case WHERE CreatedDate > 2022-01-01T00:00:00Z', 'ok'],
  '>=': ['SELECT Id FROM Case WHERE CreatedDate >= 2022-01-01T00:00:00Z', 'ok'],
  LIKE: ["SELECT Id FROM Case WHERE Subject LIKE '%refund%'", 'ok'],
  IN: ["SELECT Id FROM Case WHERE Priority IN ('High', 'Low')", 'ok'],
  'NOT IN': ["SELECT Id FROM Case WHERE Priority NOT IN ('High')", 'ok'],
  INCLUDES: ["SELECT Id FROM Gadget__c WHERE Tags__c INCLUDES ('a', 'b;c')", 'ok'],
  EXCLUDES: ["SELECT Id FROM Gadget__c WHERE Tags__c EXCLUDES ('a')", 'ok'],
};

function functionSample(fn: A.FunctionName): Sample {
  if (fn === 'SUM' || fn === 'AVG') return [`SELECT OrderId, ${fn}(UnitPrice) FROM OrderItem GROUP BY OrderId LIMIT 100`, 'ok'];
  if (A.isAggregateFunction(fn)) return [`SELECT Status, ${fn}(CreatedDate) FROM Case GROUP BY Status`, 'ok'];
  if (A.isDateFunction(fn)) return [`SELECT ${fn}(CreatedDate), COUNT(Id) FROM Case WHERE ${fn}(CreatedDate) != null GROUP BY ${fn}(CreatedDate) ORDER BY ${fn}(CreatedDate)`, 'ok'];
  switch (fn) {
    case 'convertTimezone':
      return ['SELECT HOUR_IN_DAY(convertTimezone(CreatedDate)), COUNT(Id) FROM Case GROUP BY HOUR_IN_DAY(convertTimezone(CreatedDate))', 'ok'];
    case 'GROUPING':
      return ['SELECT Status, GROUPING(Status) g, COUNT(Id) FROM Case GROUP BY ROLLUP(Status)', 'ok'];
    case 'toLabel':
      return ['SELECT Id, toLabel(Status) FROM Case', 'ok'];
    case 'FORMAT':
      return ['SELECT FORMAT(CreatedDate) FROM Case', 'NOT_EMULATED'];
    case 'convertCurrency':
      return ['SELECT convertCurrency(UnitPrice) FROM OrderItem', 'NOT_EMULATED'];
    case 'DISTANCE':
    case 'GEOLOCATION':
      return ["SELECT Id FROM Account WHERE DISTANCE(ShippingCity, GEOLOCATION(37.7, -122.4), 'mi') < 20", 'NOT_EMULATED'];
    default:
      throw new Error(`no sample for function ${String(fn)}`);
  }
}

const ALL: Sample[] = [
  ...Object.values(BY_KIND).flat(),
  ...Object.values(OPERATORS),
  ...A.FUNCTION_NAMES.map(functionSample),
  ...A.DATE_LITERALS.map((d): Sample => [`SELECT Id FROM Case WHERE CreatedDate = ${d} OR ClosedDate > ${d}`, 'ok']),
  ...A.DATE_N_LITERALS.map((d): Sample => [`SELECT Id FROM Order WHERE EffectiveDate = ${d}:3 OR CreatedDate < ${d}:2`, 'ok']),
];

let store: Store;
beforeAll(() => {
  store = Store.open(testOrgPath(), { readonly: true });
});
afterAll(() => store?.close());

const now = new Date('2024-06-15T12:00:00Z');

function outcomeOf(soql: string): { outcome: Outcome; prepared?: PreparedSoql; error?: unknown } {
  try {
    const prepared = prepareSoql(soql, { registry, now, timeZone: 'America/New_York' });
    return { outcome: 'ok', prepared };
  } catch (e) {
    if (e instanceof SalesforceError) return { outcome: e.errorCode === 'NOT_EMULATED' ? 'NOT_EMULATED' : `error:${e.errorCode}`, error: e };
    throw e;
  }
}

describe('AST coverage', () => {
  it('every node kind has a sample (add one when ast.ts grows)', () => {
    const missing = A.NODE_KINDS.filter((k) => !(k in BY_KIND) || BY_KIND[k].length === 0);
    expect(missing).toEqual([]);
    expect(Object.keys(OPERATORS).sort()).toEqual([...A.COMPARISON_OPERATORS].sort());
  });

  it.each(Object.entries(BY_KIND).flatMap(([k, samples]) => samples.map((s) => [k, s[0]] as const)))('%s appears in: %s', (kind, soql) => {
    const seen = new Set<string>();
    A.walk(parseSoql(soql), (n) => seen.add(n.kind));
    expect(seen.has(kind)).toBe(true);
  });

  it.each(ALL.map((s) => [s[0], s[1]] as const))('%s → %s', (soql, expected) => {
    const { outcome, prepared, error } = outcomeOf(soql);
    expect(outcome, String(error instanceof Error ? error.message : '')).toBe(expected);
    if (prepared && prepared.compiled.sobject !== 'Gadget__c') {
      // it also runs against the org
      const functions = prepared.compiled.sqlFunctions;
      if (functions.length === 0) expect(() => executeCompiled(prepared.compiled, (sql, params) => store.allRaw(sql, params), { apiVersion: '59.0' })).not.toThrow();
    }
  });
});

describe('no clause is silently dropped (pg-mem guard)', () => {
  it.each(ALL.filter((s) => s[1] === 'ok').map((s) => [s[0]] as const))('%s', (soql) => {
    const { prepared } = outcomeOf(soql);
    const ast = prepared!.ast;
    const q = prepared!.checked;
    expect(q.where !== null).toBe(ast.where !== undefined);
    expect(q.groupBy !== null).toBe(ast.groupBy !== undefined);
    if (ast.groupBy) expect(q.groupBy!.items.length).toBe(ast.groupBy.items.length);
    expect(q.having !== null).toBe(ast.having !== undefined);
    expect(q.orderBy.length).toBe(ast.orderBy?.length ?? 0);
    expect(q.limit).toBe(ast.limit && ast.limit.value.kind === 'integer' ? ast.limit.value.value : null);
    expect(q.offset).toBe(ast.offset && ast.offset.value.kind === 'integer' ? ast.offset.value.value : null);
    const isCount = ast.select.some((s) => s.kind === 'selectCall' && s.call.fn === 'COUNT' && s.call.args.length === 0);
    const expandsFields = ast.select.some((s) => s.kind === 'selectFields');
    if (isCount) expect(q.mode).toBe('count');
    else if (!expandsFields) expect(q.select.length).toBe(ast.select.length);
    else expect(q.select.length).toBeGreaterThanOrEqual(ast.select.length);
    // the compiled SQL carries the WHERE / GROUP BY / HAVING / ORDER BY / LIMIT it was given
    const sql = prepared!.compiled.sql;
    if (ast.groupBy) expect(sql).toContain('GROUP BY');
    if (ast.having) expect(sql).toContain('HAVING');
    if (ast.orderBy) expect(sql).toContain('ORDER BY');
    if (ast.limit && !isCount) expect(sql).toContain('LIMIT');
  });
});
