// The fidelity corpus: numbered SOQL/SOSL behaviours taken from Salesforce's documentation, each with
// the page it comes from (`doc`) and what Localforce must answer. tests/soql/fidelity.test.ts runs
// every case against the generated test org (SOQL) or the SOSL fixture org (SOSL; `org: 'generated'`
// runs a SOSL case on the generated org);
// tests/soql/compatibility.test.ts checks that each engine row of docs/compatibility.md cites cases
// (`[F12, F13]`) whose outcome agrees with the row's status.
//
// Outcomes
// - `{ ok: true }`: the statement runs; `rows` (when given) is the exact record count, `check` a
//   further assertion on the records.
// - `{ code, text, column }`: a SalesforceError with that errorCode and bare text (after the caret
//   excerpt); `column` is the 1-based caret column, or null when Salesforce shows no excerpt.
// Texts marked "ours" in the engine are Localforce's wording where the documentation gives the rule
// but not the message; they are locked here so a change is deliberate.
import type { ErrorCode } from '../../server/soql/errors.js';

export type Outcome =
  | { readonly ok: true; readonly rows?: number; readonly check?: (records: ReadonlyArray<Record<string, unknown>>) => void }
  | { readonly code: ErrorCode; readonly text: string; readonly column: number | null };

export interface FidelityCase {
  readonly n: number;
  readonly lang: 'soql' | 'sosl';
  /** SOSL only: run on the generated test org instead of the SOSL fixture org (for result limits that need thousands of matches). */
  readonly org?: 'generated';
  /** The statement (a function for generated ones, e.g. long chains). */
  readonly q: string | (() => string);
  readonly expect: Outcome;
  /** The documentation page (or report) the behaviour comes from. */
  readonly doc: string;
}

const DOCS = 'https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/';
const LIMITS = 'https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_soslsoql.htm';
const SEMI = `${DOCS}sforce_api_calls_soql_select_comparisonoperators.htm`;
const AGG = `${DOCS}sforce_api_calls_soql_select_agg_functions.htm`;
const AGG_TYPES = `${DOCS}sforce_api_calls_soql_select_agg_functions_field_types.htm`;
const ROLLUP = `${DOCS}sforce_api_calls_soql_select_groupby_rollup.htm`;
const LIMIT = `${DOCS}sforce_api_calls_soql_select_limit.htm`;
const OFFSET = `${DOCS}sforce_api_calls_soql_select_offset.htm`;
const FIELDS = `${DOCS}sforce_api_calls_soql_select_fields.htm`;
const TOLABEL = `${DOCS}sforce_api_calls_soql_select_tolabel.htm`;
const ALIASES = `${DOCS}sforce_api_calls_soql_relationships_and_aliases.htm`;
const SELECT = `${DOCS}sforce_api_calls_soql_select.htm`;
const DATES = `${DOCS}sforce_api_calls_soql_select_dateformats.htm`;
const DATE_FNS = `${DOCS}sforce_api_calls_soql_select_date_functions.htm`;
const NULLS = `${DOCS}sforce_api_calls_soql_null.htm`;
const ORDER = `${DOCS}sforce_api_calls_soql_select_orderby.htm`;
const CHILD = `${DOCS}sforce_api_calls_soql_relationships_query_limits.htm`;
const WITH = `${DOCS}sforce_api_calls_soql_select_with.htm`;
const TYPEOF = `${DOCS}sforce_api_calls_soql_select_typeof.htm`;
const FIND = `${DOCS}sforce_api_calls_sosl_find.htm`;
const SOSL_SYNTAX = `${DOCS}sforce_api_calls_sosl_syntax.htm`;
const SOSL_OFFSET = `${DOCS}sforce_api_calls_sosl_offset.htm`;
const SOSL_LIMIT = `${DOCS}sforce_api_calls_sosl_limit.htm`;
const SOSL_LIMITS = `${DOCS}sforce_api_calls_sosl_limits.htm`;
const SOSL_RETURNING = `${DOCS}sforce_api_calls_sosl_returning.htm`;
const SOSL_WITH = `${DOCS}sforce_api_calls_sosl_with.htm`;
const CRMARENA = 'CRMArena connector observations (real org): unescaped apostrophe in a SOSL term';

const ok = (rows?: number): Outcome => (rows === undefined ? { ok: true } : { ok: true, rows });
const err = (code: ErrorCode, text: string, column: number | null): Outcome => ({ code, text, column });

const typeOf = (r: Record<string, unknown>) => (r.attributes as { type: string }).type;
/** Asserts the records per object type (SOSL results). */
function types(records: ReadonlyArray<Record<string, unknown>>, want: Record<string, number>): void {
  const got: Record<string, number> = {};
  for (const r of records) got[typeOf(r)] = (got[typeOf(r)] ?? 0) + 1;
  if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`records per object ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
}

/** A WHERE chain of `n` copies of `term` joined by `op`. */
const chain = (head: string, term: string, op: string, n: number) => () => head + Array.from({ length: n }, () => term).join(` ${op} `);
const AND_15000 = chain('SELECT Id FROM Case WHERE ', "Subject != 'x'", 'AND', 15_000);
const OR_20000 = chain('SELECT Id FROM Case WHERE ', "Subject = 'x'", 'OR', 20_000);
const tooLong = (q: () => string): Outcome => err('MALFORMED_QUERY', `SOQL statements cannot be longer than 100000 characters (this one has ${q().length})`, null);

export const FIDELITY: readonly FidelityCase[] = [
  // ── statement and literal limits (issue 8 hardening) ──
  { n: 1, lang: 'soql', doc: LIMITS, q: chain('SELECT Id FROM Case WHERE ', "Id!=''", 'AND', 9_088), expect: ok() },
  { n: 2, lang: 'soql', doc: LIMITS, q: chain('SELECT Id FROM Case WHERE ', "Id=''", 'OR', 11_108), expect: ok(0) },
  { n: 3, lang: 'soql', doc: LIMITS, q: AND_15000, expect: tooLong(AND_15000) },
  { n: 4, lang: 'soql', doc: LIMITS, q: OR_20000, expect: tooLong(OR_20000) },
  { n: 5, lang: 'soql', doc: LIMITS, q: `SELECT Id FROM Case WHERE Subject = '${'x'.repeat(4_000)}'`, expect: ok(0) },
  { n: 6, lang: 'soql', doc: LIMITS, q: `SELECT Id FROM Case WHERE Subject = '${'x'.repeat(4_001)}'`, expect: err('MALFORMED_QUERY', 'String literal too long: 4001 characters (a string in a WHERE clause can have at most 4000)', 37) },
  { n: 7, lang: 'soql', doc: LIMITS, q: `SELECT Id FROM Case WHERE Subject IN ('a', '${'x'.repeat(4_001)}')`, expect: err('MALFORMED_QUERY', 'String literal too long: 4001 characters (a string in a WHERE clause can have at most 4000)', 44) },
  { n: 8, lang: 'soql', doc: LIMIT, q: 'SELECT Id FROM Case LIMIT 9007199254740992', expect: err('NUMBER_OUTSIDE_VALID_RANGE', 'Maximum SOQL limit allowed is 2147483647', 27) },
  { n: 9, lang: 'soql', doc: LIMIT, q: 'SELECT Id FROM Case LIMIT 2147483647', expect: ok() },
  { n: 10, lang: 'soql', doc: LIMIT, q: 'SELECT Id FROM Case LIMIT 1.5', expect: err('MALFORMED_QUERY', "unexpected token: '1.5'", 27) },
  { n: 11, lang: 'soql', doc: OFFSET, q: 'SELECT Id FROM Case LIMIT 5 OFFSET 9007199254740993', expect: err('NUMBER_OUTSIDE_VALID_RANGE', 'Maximum SOQL offset allowed is 2000', null) },
  { n: 12, lang: 'soql', doc: OFFSET, q: 'SELECT Id FROM Case ORDER BY Id LIMIT 5 OFFSET 2000', expect: ok() },

  // ── semi-joins and anti-joins ──
  { n: 20, lang: 'soql', doc: SEMI, q: 'SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact)', expect: ok() },
  { n: 21, lang: 'soql', doc: SEMI, q: 'SELECT Id FROM Case WHERE AccountId IN (SELECT AccountId FROM Contact)', expect: ok() },
  { n: 22, lang: 'soql', doc: SEMI, q: "SELECT Id FROM Case WHERE ContactId NOT IN (SELECT Id FROM Contact WHERE LastName = 'zz-none')", expect: ok() },
  { n: 23, lang: 'soql', doc: SEMI, q: 'SELECT Id FROM Contact WHERE Account.Id IN (SELECT AccountId FROM Case)', expect: err('MALFORMED_QUERY', 'The left operand of a semi join sub-select cannot use a relationship: Account.Id', 30) },
  { n: 24, lang: 'soql', doc: SEMI, q: 'SELECT Id FROM Account WHERE Id IN (SELECT Contact.AccountId FROM Case)', expect: err('MALFORMED_QUERY', 'Semi join sub-selects cannot select a field through a relationship: Contact.AccountId', 44) },
  { n: 25, lang: 'soql', doc: SEMI, q: 'SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact ORDER BY LastName)', expect: err('MALFORMED_QUERY', 'ORDER BY is not supported in a semi join sub-select', 76) },
  { n: 26, lang: 'soql', doc: SEMI, q: 'SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact LIMIT 5)', expect: err('MALFORMED_QUERY', 'LIMIT is not supported in a semi join sub-select', 67) },
  { n: 27, lang: 'soql', doc: SEMI, q: 'SELECT Id FROM Account WHERE Id IN (SELECT OwnerId FROM Case)', expect: err('INVALID_FIELD', "The selected field in a semi join sub-select must reference the left operand's object type (Account): OwnerId references User", 44) },
  { n: 28, lang: 'soql', doc: SEMI, q: 'SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE Id IN (SELECT ContactId FROM Case))', expect: err('MALFORMED_QUERY', 'Nesting of semi join sub-selects is not supported', null) },
  { n: 29, lang: 'soql', doc: SEMI, q: 'SELECT Id, (SELECT Id FROM Contacts WHERE Id IN (SELECT ContactId FROM Case)) FROM Account', expect: err('MALFORMED_QUERY', 'Semi join sub-selects are only allowed at the top level WHERE expressions and not in nested WHERE expressions.', null) },
  { n: 30, lang: 'soql', doc: SEMI, q: "SELECT Id FROM Account WHERE Name = 'x' OR Id IN (SELECT AccountId FROM Contact)", expect: err('MALFORMED_QUERY', "Semi join sub-selects are not allowed with the 'OR' operator", null) },
  { n: 31, lang: 'soql', doc: SEMI, q: 'SELECT Id FROM Account WHERE Id IN (SELECT Id FROM Account)', expect: err('MALFORMED_QUERY', 'The inner and outer selects should not be on the same object type', null) },
  { n: 32, lang: 'soql', doc: SEMI, q: 'SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact) AND Id IN (SELECT AccountId FROM Case) AND Id IN (SELECT AccountId FROM Order)', expect: err('MALFORMED_QUERY', 'Maximum of 2 semi join sub-selects are allowed in a query', null) },

  // ── aggregates and grouping ──
  { n: 40, lang: 'soql', doc: AGG_TYPES, q: 'SELECT COUNT(IsClosed) FROM Case', expect: err('MALFORMED_QUERY', 'field IsClosed does not support aggregate operator COUNT', 14) },
  { n: 41, lang: 'soql', doc: AGG_TYPES, q: 'SELECT MAX(IsClosed) FROM Case', expect: err('MALFORMED_QUERY', 'field IsClosed does not support aggregate operator MAX', 12) },
  { n: 42, lang: 'soql', doc: AGG_TYPES, q: 'SELECT SUM(Subject) FROM Case', expect: err('MALFORMED_QUERY', 'field Subject does not support aggregate operator SUM', 12) },
  { n: 43, lang: 'soql', doc: AGG_TYPES, q: 'SELECT AVG(CreatedDate) FROM Case', expect: err('MALFORMED_QUERY', 'field CreatedDate does not support aggregate operator AVG', 12) },
  { n: 44, lang: 'soql', doc: AGG_TYPES, q: 'SELECT COUNT(Subject), COUNT_DISTINCT(OwnerId), MIN(CreatedDate), MAX(Subject) FROM Case', expect: ok(1) },
  { n: 45, lang: 'soql', doc: AGG_TYPES, q: 'SELECT SUM(Quantity), AVG(UnitPrice), MIN(UnitPrice), MAX(Quantity) FROM OrderItem', expect: ok(1) },
  {
    n: 46, lang: 'soql', doc: AGG, q: 'SELECT MIN(Status) lo, MAX(Status) hi FROM Case',
    // picklist order New, Working, Escalated, Waiting on Customer, Closed (not alphabetical: that would give Closed / Working)
    expect: { ok: true, rows: 1, check: (r) => { if (r[0]!.lo !== 'New' || r[0]!.hi !== 'Closed') throw new Error(`MIN/MAX by picklist order, got ${JSON.stringify(r[0])}`); } },
  },
  { n: 47, lang: 'soql', doc: LIMIT, q: 'SELECT MAX(CreatedDate) FROM Account LIMIT 1', expect: err('MALFORMED_QUERY', 'LIMIT can only be used with aggregate functions in a query with GROUP BY', 38) },
  { n: 48, lang: 'soql', doc: LIMIT, q: 'SELECT COUNT() FROM Account LIMIT 1', expect: ok() },
  { n: 49, lang: 'soql', doc: LIMIT, q: 'SELECT Status, MAX(CreatedDate) FROM Case GROUP BY Status LIMIT 2', expect: ok(2) },
  { n: 50, lang: 'soql', doc: ROLLUP, q: 'SELECT Status, GROUPING(Status) g, COUNT(Id) n FROM Case GROUP BY ROLLUP(Status) ORDER BY GROUPING(Status) DESC, Status', expect: { ok: true, check: (r) => { if (r[0]!.g !== 1 || r[0]!.Status !== null) throw new Error(`subtotal row first, got ${JSON.stringify(r[0])}`); } } },
  // GROUPING() (and any grouped or aggregate expression) may order a ROLLUP / CUBE result without being selected
  {
    n: 132, lang: 'soql', doc: ROLLUP, q: 'SELECT Status, COUNT(Id) n FROM Case GROUP BY ROLLUP(Status) ORDER BY GROUPING(Status) DESC, Status',
    expect: { ok: true, check: (r) => { if (r[0]!.Status !== null || r.slice(1).some((x) => x.Status === null) || 'expr0' in r[0]! || Object.keys(r[0]!).join() !== 'attributes,Status,n') throw new Error(`subtotal row first, no hidden column in the records, got ${JSON.stringify(r.slice(0, 2))}`); } },
  },
  {
    n: 133, lang: 'soql', doc: ROLLUP, q: 'SELECT Status FROM Case GROUP BY ROLLUP(Status) ORDER BY COUNT(Id) DESC',
    expect: { ok: true, check: (r) => { if (r[0]!.Status !== null || r[1]!.Status !== 'Closed') throw new Error(`ordered by the unselected COUNT(Id): the total, then the largest group, got ${JSON.stringify(r.slice(0, 2))}`); } },
  },
  { n: 51, lang: 'soql', doc: ROLLUP, q: 'SELECT COUNT(Id) FROM Case GROUP BY ROLLUP(Status, Priority, Origin, OwnerId)', expect: err('MALFORMED_QUERY', 'GROUP BY ROLLUP allows at most 3 fields', 70) },
  { n: 52, lang: 'soql', doc: ROLLUP, q: 'SELECT Status, Priority, Origin, COUNT(Id) FROM Case GROUP BY CUBE(Status, Priority, Origin)', expect: ok() },
  { n: 53, lang: 'soql', doc: AGG, q: 'SELECT Status, COUNT(Id) FROM Case GROUP BY Status HAVING COUNT(Id) > 1 ORDER BY COUNT(Id) DESC', expect: ok() },
  { n: 54, lang: 'soql', doc: AGG, q: 'SELECT Subject, COUNT(Id) FROM Case', expect: err('MALFORMED_QUERY', 'Field must be grouped or aggregated: Subject', 8) },
  // A date function in SELECT must be grouped, or stand on a *date* field that is grouped (Date
  // Functions docs: "You can use the date field instead of the date function in the GROUP BY clause.
  // This doesn't work for dateTime fields"). The page's own example groups by the function, which is
  // valid either way; the prose states the exception, so Localforce follows the prose.
  {
    n: 55, lang: 'soql', doc: DATE_FNS,
    q: 'SELECT EffectiveDate, CALENDAR_YEAR(EffectiveDate) y, CALENDAR_MONTH(EffectiveDate) m, COUNT(Id) n FROM Order GROUP BY EffectiveDate ORDER BY EffectiveDate LIMIT 5',
    expect: {
      ok: true, rows: 5,
      check: (r) => {
        for (const x of r) {
          const d = String(x.EffectiveDate);
          if (x.y !== Number(d.slice(0, 4)) || x.m !== Number(d.slice(5, 7))) throw new Error(`date function of the grouped date field, got ${JSON.stringify(x)}`);
        }
      },
    },
  },
  {
    n: 56, lang: 'soql', doc: DATE_FNS, q: 'SELECT EffectiveDate, CALENDAR_YEAR(EffectiveDate) y, COUNT(Id) n FROM Order GROUP BY ROLLUP(EffectiveDate)',
    expect: { ok: true, check: (r) => { const total = r[r.length - 1]!; if (total.EffectiveDate !== null || total.y !== null) throw new Error(`subtotal row rolls the date function up too, got ${JSON.stringify(total)}`); } },
  },
  { n: 57, lang: 'soql', doc: DATE_FNS, q: 'SELECT CALENDAR_YEAR(CreatedDate), COUNT(Id) FROM Case GROUP BY CreatedDate', expect: err('INVALID_FIELD', "field 'CreatedDate' can not be grouped in a query call", 65) },
  { n: 58, lang: 'soql', doc: DATE_FNS, q: 'SELECT CALENDAR_YEAR(EffectiveDate), Status FROM Order', expect: err('MALFORMED_QUERY', 'Field must be grouped or aggregated: CALENDAR_YEAR', 8) },
  { n: 59, lang: 'soql', doc: DATE_FNS, q: 'SELECT CALENDAR_YEAR(EffectiveDate), COUNT(Id) FROM Order GROUP BY Status', expect: err('MALFORMED_QUERY', 'Field must be grouped or aggregated: CALENDAR_YEAR', 8) },

  // ── other SOQL rules ──
  { n: 60, lang: 'soql', doc: OFFSET, q: 'SELECT Name, (SELECT Id FROM Orders LIMIT 2 OFFSET 1) FROM Account LIMIT 1', expect: ok(1) },
  { n: 61, lang: 'soql', doc: OFFSET, q: 'SELECT Name, (SELECT Id FROM Orders LIMIT 2 OFFSET 1) FROM Account LIMIT 5', expect: err('MALFORMED_QUERY', 'OFFSET in a child subquery requires the parent query to have LIMIT 1', 45) },
  { n: 62, lang: 'soql', doc: OFFSET, q: 'SELECT Name, (SELECT Id FROM Orders OFFSET 1) FROM Account', expect: err('MALFORMED_QUERY', 'OFFSET in a child subquery requires the parent query to have LIMIT 1', 37) },
  { n: 63, lang: 'soql', doc: FIELDS, q: 'SELECT Id, FIELDS(ALL) FROM User LIMIT 200', expect: err('INVALID_FIELD', 'duplicate field selected: Id', null) },
  { n: 64, lang: 'soql', doc: FIELDS, q: 'SELECT FIELDS(STANDARD), FIELDS(ALL) FROM Account LIMIT 10', expect: err('INVALID_FIELD', 'duplicate field selected: Id', null) },
  { n: 65, lang: 'soql', doc: FIELDS, q: 'SELECT FIELDS(CUSTOM) FROM User LIMIT 200', expect: err('MALFORMED_QUERY', 'FIELDS(CUSTOM) selects no fields on User', 8) },
  { n: 66, lang: 'soql', doc: FIELDS, q: 'SELECT FIELDS(ALL) FROM Account', expect: err('MALFORMED_QUERY', 'The SOQL FIELDS function must have a LIMIT of at most 200', null) },
  { n: 67, lang: 'soql', doc: FIELDS, q: 'SELECT FIELDS(STANDARD) FROM Account LIMIT 3', expect: ok(3) },
  { n: 68, lang: 'soql', doc: FIELDS, q: 'SELECT COUNT(Id), FIELDS(STANDARD) FROM Account', expect: err('MALFORMED_QUERY', 'FIELDS() cannot be used in an aggregate query', 19) },
  {
    n: 69, lang: 'soql', doc: TOLABEL, q: 'SELECT Status, toLabel(Status) StatusLabel FROM Case LIMIT 1',
    expect: { ok: true, rows: 1, check: (r) => { if (!('StatusLabel' in r[0]!) || !('Status' in r[0]!)) throw new Error(`aliased toLabel, got ${JSON.stringify(r[0])}`); } },
  },
  { n: 70, lang: 'soql', doc: TOLABEL, q: 'SELECT Status, toLabel(Status) FROM Case LIMIT 1', expect: err('INVALID_FIELD', 'duplicate field selected: Status', null) },
  { n: 71, lang: 'soql', doc: ALIASES, q: "SELECT COUNT() FROM Contact c, c.Account a WHERE a.Name != 'MyriadPubs'", expect: ok() },
  {
    n: 72, lang: 'soql', doc: ALIASES, q: 'SELECT Id, a.Name, o.Name FROM Case c, c.Account a, a.Owner o LIMIT 1',
    expect: { ok: true, rows: 1, check: (r) => { const acc = r[0]!.Account as Record<string, unknown> | null; if (!acc || !('Name' in acc) || !('Owner' in acc)) throw new Error(`alias paths nest as Account.Owner, got ${JSON.stringify(r[0])}`); } },
  },
  { n: 73, lang: 'soql', doc: ALIASES, q: 'SELECT Id FROM Contact c, c.Foo a', expect: err('INVALID_FIELD', "Didn't understand relationship 'Foo' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.", 27) },
  { n: 74, lang: 'soql', doc: ALIASES, q: 'SELECT Id FROM Contact c, c.Account c', expect: err('MALFORMED_QUERY', 'duplicate alias: c', 37) },
  { n: 75, lang: 'soql', doc: SELECT, q: 'SELECT Id FROM Account a WHERE a.Name != null LIMIT 1', expect: ok(1) },
  { n: 76, lang: 'soql', doc: SELECT, q: 'SELECT Id, Name, Id FROM Account', expect: err('INVALID_FIELD', 'duplicate field selected: Id', null) },
  { n: 77, lang: 'soql', doc: SELECT, q: 'SELECT Id Name FROM Account', expect: err('MALFORMED_QUERY', 'only aggregate expressions use field aliasing', 11) },
  { n: 78, lang: 'soql', doc: SELECT, q: "SELECT Id FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'", expect: err('MALFORMED_QUERY', "unexpected token: 'OR'", 56) },
  { n: 79, lang: 'soql', doc: NULLS, q: 'SELECT COUNT() FROM Case WHERE IsClosed = null', expect: ok() },
  { n: 80, lang: 'soql', doc: DATES, q: 'SELECT Id FROM Case WHERE CreatedDate = LAST_N_DAYS:30', expect: ok() },
  { n: 81, lang: 'soql', doc: DATES, q: 'SELECT Id FROM Case WHERE CreatedDate > 2024-01-01', expect: err('INVALID_FIELD', "value of filter criterion for field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes", 27) },
  { n: 82, lang: 'soql', doc: DATE_FNS, q: 'SELECT CALENDAR_YEAR(CreatedDate), COUNT(Id) FROM Case GROUP BY CALENDAR_YEAR(CreatedDate)', expect: ok() },
  { n: 83, lang: 'soql', doc: DATE_FNS, q: 'SELECT HOUR_IN_DAY(convertTimezone(CreatedDate)), COUNT(Id) FROM Case GROUP BY HOUR_IN_DAY(convertTimezone(CreatedDate))', expect: ok() },
  { n: 84, lang: 'soql', doc: ORDER, q: 'SELECT Id, Status FROM Case ORDER BY Status DESC NULLS LAST, Id LIMIT 5', expect: ok(5) },
  { n: 85, lang: 'soql', doc: CHILD, q: 'SELECT Name, (SELECT LastName, (SELECT Id FROM Cases) FROM Contacts) FROM Account', expect: err('NOT_EMULATED', 'Localforce does not emulate nested child relationship subqueries (more than one level); see docs/compatibility.md', null) },
  { n: 86, lang: 'soql', doc: CHILD, q: 'SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName LIMIT 2) FROM Account LIMIT 3', expect: ok(3) },
  { n: 87, lang: 'soql', doc: WITH, q: 'SELECT Id FROM Case WITH SECURITY_ENFORCED LIMIT 1', expect: ok(1) },
  { n: 88, lang: 'soql', doc: TYPEOF, q: 'SELECT TYPEOF Owner WHEN User THEN Name END FROM Case', expect: err('NOT_EMULATED', 'Localforce does not emulate TYPEOF (this org has no polymorphic relationships); see docs/compatibility.md', null) },
  { n: 89, lang: 'soql', doc: WITH, q: 'SELECT Id FROM Knowledge__kav WITH DATA CATEGORY Geography__c AT asia__c', expect: err('NOT_EMULATED', 'Localforce does not emulate WITH DATA CATEGORY; see docs/compatibility.md', null) },
  { n: 90, lang: 'soql', doc: SELECT, q: 'SELECT Id FROM Case WHERE OwnerId = :ownerId', expect: err('MALFORMED_QUERY', 'Bind variables only allowed in Apex code', 37) },
  { n: 91, lang: 'soql', doc: SELECT, q: 'SELECT Id FROM Case FOR VIEW', expect: ok() },
  { n: 92, lang: 'soql', doc: SELECT, q: 'SELECT Id FROM Case ALL ROWS', expect: err('MALFORMED_QUERY', "unexpected token: 'ROWS'", 25) },
  { n: 93, lang: 'soql', doc: SELECT, q: 'SELECT Name, (SELECT LastName FROM Contacts), FORMAT(Name) FROM Account', expect: err('NOT_EMULATED', 'Localforce does not emulate FORMAT(); see docs/compatibility.md', null) },
  { n: 94, lang: 'soql', doc: SELECT, q: "SELECT Id FROM Case WHERE Subject = 'x'", expect: ok(0) },
  { n: 95, lang: 'soql', doc: SELECT, q: "SELECT Id FROM Case WHERE Subject LIKE 'REFUND%' LIMIT 1", expect: ok() },
  {
    n: 96, lang: 'soql', doc: SELECT, q: 'select id, NAME from account limit 1',
    expect: { ok: true, rows: 1, check: (r) => { if (Object.keys(r[0]!).join() !== 'attributes,Id,Name') throw new Error(`canonical casing, got ${Object.keys(r[0]!).join()}`); } },
  },
  { n: 97, lang: 'soql', doc: SELECT, q: 'SELECT Id, OrderItem.Order.Account.Owner.Name FROM OrderItem LIMIT 1', expect: ok(1) },
  { n: 98, lang: 'soql', doc: SELECT, q: "SELECT Id FROM User WHERE Id = '005000000000001'", expect: ok(1) },
  { n: 99, lang: 'soql', doc: AGG, q: 'SELECT MAX(CALENDAR_YEAR(CreatedDate)) FROM Case', expect: err('NOT_EMULATED', 'Localforce does not emulate an aggregate of a function (MAX(CALENDAR_YEAR(…))); see docs/compatibility.md', null) },

  // ── SOSL ──
  { n: 100, lang: 'sosl', doc: SOSL_RETURNING, q: 'FIND {running} RETURNING Product2(Name WHERE Family = 5)', expect: err('INVALID_FIELD', "value of filter criterion for field 'Family' must be of type string and should be enclosed in quotes", 46) },
  { n: 101, lang: 'sosl', doc: SOSL_RETURNING, q: 'FIND {running} RETURNING Product2(Name ORDER BY Name)', expect: ok() },
  { n: 102, lang: 'sosl', doc: SOSL_RETURNING, q: 'FIND {running} RETURNING Product2(Name WHERE Name = = 1)', expect: err('MALFORMED_SEARCH', "unexpected token: '='", 53) },
  { n: 103, lang: 'sosl', doc: SOSL_RETURNING, q: 'FIND {acme} RETURNING Account, account', expect: err('MALFORMED_SEARCH', 'duplicate object in RETURNING: account', 32) },
  { n: 104, lang: 'sosl', doc: SOSL_OFFSET, q: 'FIND {running} RETURNING Product2(Name ORDER BY Name LIMIT 2 OFFSET 1)', expect: ok() },
  { n: 105, lang: 'sosl', doc: SOSL_OFFSET, q: 'FIND {acme} RETURNING Account(Id LIMIT 5 OFFSET 5), Contact', expect: err('MALFORMED_SEARCH', 'OFFSET can only be used when searching a single object', 42) },
  { n: 106, lang: 'sosl', doc: SOSL_OFFSET, q: 'FIND {acme} RETURNING Account(Id OFFSET 2001)', expect: err('MALFORMED_SEARCH', 'SOSL offset should be between 0 to 2000', null) },
  { n: 107, lang: 'sosl', doc: FIND, q: 'FIND {acme | corp}', expect: err('MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.', null) },
  { n: 108, lang: 'sosl', doc: FIND, q: 'FIND {AT&T}', expect: err('MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.', null) },
  { n: 109, lang: 'sosl', doc: FIND, q: 'FIND {acme\\|corp} RETURNING Account', expect: ok() },
  { n: 110, lang: 'sosl', doc: FIND, q: 'FIND {"trail running} RETURNING Product2', expect: err('MALFORMED_SEARCH', `line 1:20 mismatched character '}' expecting '"'`, 21) },
  { n: 111, lang: 'sosl', doc: CRMARENA, q: "FIND {Women's Fitness Leggings} IN ALL FIELDS RETURNING Product2(Id, Name, Description)", expect: err('MALFORMED_SEARCH', "line 1:11 mismatched character ''' expecting '}'", 12) },
  { n: 112, lang: 'sosl', doc: SOSL_RETURNING, q: 'FIND {running}', expect: { ok: true, check: (r) => { if (r.length === 0 || r.some((x) => Object.keys(x).join() !== 'attributes,Id')) throw new Error('without RETURNING: Id of every searchable object found'); } } },
  { n: 113, lang: 'sosl', doc: SOSL_LIMIT, q: 'FIND {running} RETURNING Product2(Name), Knowledge__kav(Title) LIMIT 2', expect: ok(2) },
  { n: 114, lang: 'sosl', doc: SOSL_LIMIT, q: 'FIND {running} RETURNING Product2(Name LIMIT 1)', expect: ok(1) },
  { n: 115, lang: 'sosl', doc: SOSL_LIMIT, q: 'FIND {running} LIMIT 2001', expect: { ok: true } },
  { n: 116, lang: 'sosl', doc: SOSL_SYNTAX, q: `FIND {running ${'x'.repeat(10_001)}} RETURNING Product2`, expect: ok(0) },
  { n: 117, lang: 'sosl', doc: FIND, q: 'FIND {a}', expect: err('INVALID_SEARCH', 'search term must be longer than one character: a', null) },
  { n: 118, lang: 'sosl', doc: SOSL_SYNTAX, q: "FIND 'Acme' IN ALL FIELDS", expect: err('MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.', null) },
  { n: 119, lang: 'sosl', doc: SOSL_WITH, q: 'FIND {acme} WITH SNIPPET', expect: err('NOT_EMULATED', 'Localforce does not emulate SOSL WITH SNIPPET (WITH SNIPPET)', null) },
  { n: 120, lang: 'sosl', doc: SOSL_WITH, q: 'FIND {acme} RETURNING Account WITH SECURITY_ENFORCED UPDATE TRACKING', expect: ok() },
  { n: 121, lang: 'sosl', doc: SOSL_RETURNING, q: 'FIND {acme} RETURNING Foo__c(Id)', expect: err('INVALID_TYPE', "sObject type 'Foo__c' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.", 23) },
  { n: 122, lang: 'sosl', doc: SOSL_RETURNING, q: `FIND {running} RETURNING Product2(Name WHERE Name = '${'x'.repeat(4_001)}')`, expect: err('MALFORMED_SEARCH', 'String literal too long: 4001 characters (a string in a WHERE clause can have at most 4000)', 53) },
  { n: 123, lang: 'sosl', doc: SOSL_SYNTAX, q: 'FIND {Summit} IN NAME FIELDS RETURNING Product2(Name)', expect: ok() },
  { n: 124, lang: 'sosl', doc: FIND, q: 'FIND {"trail running" OR (leg?ings AND NOT yoga*)} RETURNING Product2(Name)', expect: ok() },
  { n: 125, lang: 'sosl', doc: SOSL_RETURNING, q: 'FIND {acme} RETURNING Organization', expect: err('INVALID_TYPE', 'entity type Organization does not support search', 23) },

  // ── SOSL result limits (SOSL LIMIT and SOSL Limits pages): at most 2,000 results overall, 2,000 when
  // no LIMIT is given; an overall LIMIT is shared evenly among the objects; per-object LIMITs are
  // applied first and what an object leaves unused goes to the others ("if only seven accounts match
  // …, then at most 93 contact records can be returned"); LIMIT 0 returns nothing for that object.
  // The two pages' examples (even split; in-order adjustment) agree with one rule, fairShares().
  { n: 126, lang: 'sosl', doc: SOSL_LIMIT, q: 'FIND {running} RETURNING Product2(Name LIMIT 0), Knowledge__kav(Title)', expect: { ok: true, rows: 1, check: (r) => types(r, { Knowledge__kav: 1 }) } },
  { n: 127, lang: 'sosl', doc: SOSL_LIMIT, q: 'FIND {running OR shoe OR yoga OR return} RETURNING Knowledge__kav(Title LIMIT 1), Product2(Name) LIMIT 4', expect: { ok: true, rows: 4, check: (r) => types(r, { Knowledge__kav: 1, Product2: 3 }) } },
  { n: 128, lang: 'sosl', doc: SOSL_LIMIT, q: 'FIND {running OR shoe OR yoga OR return} RETURNING Product2(Name), Knowledge__kav(Title) LIMIT 4', expect: { ok: true, rows: 4, check: (r) => types(r, { Product2: 2, Knowledge__kav: 2 }) } },
  // on the generated org `order OR refund` matches more than 2,000 records of five objects (2,000 of four objects alone): 2,000 come back, every object represented
  { n: 129, lang: 'sosl', org: 'generated', doc: SOSL_LIMITS, q: 'FIND {order OR refund}', expect: { ok: true, rows: 2000, check: (r) => { if (new Set(r.map(typeOf)).size < 5) throw new Error('the 2,000 results are shared among all five objects'); } } },
  { n: 130, lang: 'sosl', org: 'generated', doc: SOSL_LIMIT, q: 'FIND {order OR refund} RETURNING Case(Id LIMIT 10), EmailMessage LIMIT 100', expect: { ok: true, rows: 100, check: (r) => types(r, { Case: 10, EmailMessage: 90 }) } },
  { n: 131, lang: 'sosl', org: 'generated', doc: SOSL_LIMIT, q: 'FIND {order OR refund} RETURNING Case, EmailMessage, LiveChatTranscript, Knowledge__kav LIMIT 2001', expect: ok(2000) },
];
