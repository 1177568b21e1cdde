// Golden semantic errors: queries Salesforce rejects (exact errorCode + message, caret excerpt where
// Salesforce shows one) and valid SOQL Localforce does not emulate (NOT_EMULATED).
// Texts: Salesforce's, as real error payloads show them; caret rows/columns written out by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryService } from '../../server/org/query.js';
import { SalesforceError } from '../../server/soql/errors.js';
import { Store } from '../../server/store/index.js';
import { testOrgPath } from '../helpers/org.js';

const FIELD_TAIL =
  "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";
const OBJECT_TAIL =
  "If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.";
const REL_TAIL =
  "If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.";

/** The caret message for a single-line query with the problem at 1-based column `col`. */
const caret = (q: string, col: number, text: string) => `\n${q}\n${' '.repeat(col - 1)}^\nERROR at Row:1:Column:${col}\n${text}`;
const noSuchColumn = (f: string, e: string) => `No such column '${f}' on entity '${e}'. ${FIELD_TAIL}`;
const typeOf = (f: string, t: string, quoted = false) => `value of filter criterion for field '${f}' must be of type ${t} and should ${quoted ? '' : 'not '}be enclosed in quotes`;
const ne = (feature: string) => `Localforce does not emulate ${feature}; see docs/compatibility.md`;

type Golden = readonly [soql: string, code: string, message: string | ((q: string) => string)];

const GOLDEN: readonly Golden[] = [
  // unknown names (INVALID_FIELD / INVALID_TYPE, with caret)
  ['SELECT Id, Foo FROM Account', 'INVALID_FIELD', (q) => caret(q, 12, noSuchColumn('Foo', 'Account'))],
  ['SELECT Id FROM Foo', 'INVALID_TYPE', (q) => caret(q, 16, `sObject type 'Foo' is not supported. ${OBJECT_TAIL}`)],
  ['SELECT Id FROM Accountz LIMIT 2', 'INVALID_TYPE', (q) => caret(q, 16, `sObject type 'Accountz' is not supported. ${OBJECT_TAIL}`)],
  ["SELECT Id FROM Contact WHERE Foo.Name = 'x'", 'INVALID_FIELD', (q) => caret(q, 30, `Didn't understand relationship 'Foo' in field path. ${REL_TAIL}`)],
  ['SELECT Id, Account.Foo FROM Contact', 'INVALID_FIELD', (q) => caret(q, 12, noSuchColumn('Foo', 'Account'))],
  ['SELECT Id, Owner.Foo FROM Case', 'INVALID_FIELD', (q) => caret(q, 12, noSuchColumn('Foo', 'User'))],
  ['SELECT Profile.Name FROM User', 'INVALID_FIELD', (q) => caret(q, 8, `Didn't understand relationship 'Profile' in field path. ${REL_TAIL}`)],
  ['SELECT Account FROM Contact', 'INVALID_FIELD', (q) => caret(q, 8, noSuchColumn('Account', 'Contact'))],
  ['SELECT Id FROM Case WHERE Issue__c = null', 'INVALID_FIELD', (q) => caret(q, 27, noSuchColumn('Issue__c', 'Case'))],
  ['SELECT Id, IssueId__c.Name FROM Case', 'INVALID_FIELD', (q) => caret(q, 12, `Didn't understand relationship 'IssueId__c' in field path. ${REL_TAIL}`)],
  ["SELECT Id FROM Case c WHERE x.Subject = 'a'", 'INVALID_FIELD', (q) => caret(q, 29, `Didn't understand relationship 'x' in field path. ${REL_TAIL}`)],
  ['SELECT Name, (SELECT Id FROM Foos) FROM Account', 'INVALID_TYPE', (q) => caret(q, 30, `Didn't understand relationship 'Foos' in FROM part of query call. ${REL_TAIL}`)],
  ['SELECT Name, (SELECT Id FROM Contact) FROM Account', 'INVALID_TYPE', (q) => caret(q, 30, `Didn't understand relationship 'Contact' in FROM part of query call. ${REL_TAIL}`)],
  ['SELECT Id FROM Account ORDER BY Foo', 'INVALID_FIELD', (q) => caret(q, 33, noSuchColumn('Foo', 'Account'))],
  ['SELECT Id\nFROM Foo', 'INVALID_TYPE', `\nFROM Foo\n     ^\nERROR at Row:2:Column:6\nsObject type 'Foo' is not supported. ${OBJECT_TAIL}`],
  // filter value types
  ['SELECT Id FROM Account WHERE CreatedDate > 2024-01-01', 'INVALID_FIELD', (q) => caret(q, 30, typeOf('CreatedDate', 'dateTime'))],
  ["SELECT Id FROM Account WHERE CreatedDate > '2024-01-01T00:00:00Z'", 'INVALID_FIELD', (q) => caret(q, 30, typeOf('CreatedDate', 'dateTime'))],
  ['select id from account where createddate = 2020-01-01', 'INVALID_FIELD', (q) => caret(q, 30, typeOf('CreatedDate', 'dateTime'))],
  ['SELECT Id FROM Order WHERE EffectiveDate = 2024-01-01T00:00:00Z', 'INVALID_FIELD', (q) => caret(q, 28, typeOf('EffectiveDate', 'date'))],
  ["SELECT Id FROM Order WHERE EffectiveDate = '2024-01-01'", 'INVALID_FIELD', (q) => caret(q, 28, typeOf('EffectiveDate', 'date'))],
  ["SELECT Id FROM User WHERE IsActive = 'true'", 'INVALID_FIELD', (q) => caret(q, 27, typeOf('IsActive', 'boolean'))],
  ['SELECT Id FROM User WHERE IsActive = 1', 'INVALID_FIELD', (q) => caret(q, 27, typeOf('IsActive', 'boolean'))],
  ["SELECT Id FROM OrderItem WHERE Quantity = '2'", 'INVALID_FIELD', (q) => caret(q, 32, typeOf('Quantity', 'double'))],
  ['SELECT Id FROM OrderItem WHERE UnitPrice > TODAY', 'INVALID_FIELD', (q) => caret(q, 32, typeOf('UnitPrice', 'double'))],
  ["SELECT Id FROM Knowledge__kav WHERE VersionNumber = '1'", 'INVALID_FIELD', (q) => caret(q, 37, typeOf('VersionNumber', 'double'))],
  ['SELECT Id FROM Account WHERE Name = 5', 'INVALID_FIELD', (q) => caret(q, 30, typeOf('Name', 'string', true))],
  ['SELECT Id FROM Account WHERE Name = TODAY', 'INVALID_FIELD', (q) => caret(q, 30, typeOf('Name', 'string', true))],
  ['SELECT Id FROM Account WHERE Name IN (1, 2)', 'INVALID_FIELD', (q) => caret(q, 30, typeOf('Name', 'string', true))],
  ['SELECT Id FROM Case WHERE OwnerId = 5', 'INVALID_FIELD', (q) => caret(q, 27, typeOf('OwnerId', 'id', true))],
  ["SELECT Id FROM Case WHERE CALENDAR_YEAR(CreatedDate) = '2020'", 'INVALID_FIELD', (q) => caret(q, 27, typeOf('CALENDAR_YEAR(CreatedDate)', 'integer'))],
  // ids
  ["SELECT Id FROM Account WHERE Id = 'abc'", 'INVALID_QUERY_FILTER_OPERATOR', (q) => caret(q, 30, 'invalid ID field: abc')],
  ["SELECT Id FROM Account WHERE Id = '001000000000001AAB'", 'INVALID_QUERY_FILTER_OPERATOR', (q) => caret(q, 30, 'invalid ID field: 001000000000001AAB')],
  ["SELECT Id FROM Case WHERE OwnerId IN ('005000000000001AAA', 'nope')", 'INVALID_QUERY_FILTER_OPERATOR', (q) => caret(q, 27, 'invalid ID field: nope')],
  ["SELECT Id FROM Case WHERE AccountId != ' '", 'INVALID_QUERY_FILTER_OPERATOR', (q) => caret(q, 27, 'invalid ID field:  ')],
  ["SELECT Id FROM Case WHERE Id LIKE '500%'", 'INVALID_QUERY_FILTER_OPERATOR', (q) => caret(q, 27, 'invalid operator on id field')],
  ["SELECT Id FROM Case WHERE OwnerId LIKE '005%'", 'INVALID_QUERY_FILTER_OPERATOR', (q) => caret(q, 27, 'invalid operator on id field')],
  // operators not valid for the type
  ["SELECT Id FROM Case WHERE Status INCLUDES ('Closed')", 'INVALID_QUERY_FILTER_OPERATOR', (q) => caret(q, 34, 'includes or excludes operator only valid on multipicklist field')],
  ["SELECT Id FROM Case WHERE Quantity__x LIKE 'a'", 'INVALID_FIELD', (q) => caret(q, 27, noSuchColumn('Quantity__x', 'Case'))],
  ["SELECT Id FROM OrderItem WHERE Quantity LIKE '1%'", 'INVALID_QUERY_FILTER_OPERATOR', (q) => caret(q, 41, 'invalid operator on field of type double: LIKE')],
  ['SELECT Id FROM Case WHERE IsClosed > true', 'INVALID_QUERY_FILTER_OPERATOR', (q) => caret(q, 36, 'invalid operator on boolean field: IsClosed')],
  // filterable / sortable / groupable
  ["SELECT Id FROM Case WHERE Description = 'x'", 'INVALID_FIELD', (q) => caret(q, 27, "field 'Description' can not be filtered in a query call")],
  ["SELECT Id FROM Knowledge__kav WHERE FAQ_Answer__c LIKE '%refund%'", 'INVALID_FIELD', (q) => caret(q, 37, "field 'FAQ_Answer__c' can not be filtered in a query call")],
  ['SELECT Id FROM Case ORDER BY Description', 'INVALID_FIELD', (q) => caret(q, 30, "field 'Description' can not be sorted in a query call")],
  ['SELECT Description, COUNT(Id) FROM Case GROUP BY Description', 'INVALID_FIELD', (q) => caret(q, 50, "field 'Description' can not be grouped in a query call")],
  ['SELECT ClosedDate, COUNT(Id) FROM Case GROUP BY ClosedDate', 'INVALID_FIELD', (q) => caret(q, 49, "field 'ClosedDate' can not be grouped in a query call")],
  // grouping and aggregates
  ['SELECT Name, COUNT(Id) FROM Account', 'MALFORMED_QUERY', (q) => caret(q, 8, 'Field must be grouped or aggregated: Name')],
  ['SELECT Status, Priority, COUNT(Id) FROM Case GROUP BY Status', 'MALFORMED_QUERY', (q) => caret(q, 16, 'Field must be grouped or aggregated: Priority')],
  ["SELECT Status FROM Case GROUP BY Status HAVING Priority = 'High'", 'MALFORMED_QUERY', (q) => caret(q, 48, 'Field must be grouped or aggregated: Priority')],
  ['SELECT HOUR_IN_DAY(CreatedDate) FROM Case', 'MALFORMED_QUERY', (q) => caret(q, 8, 'Field must be grouped or aggregated: HOUR_IN_DAY')],
  ['SELECT Status, COUNT(Id) FROM Case GROUP BY Status ORDER BY Priority', 'MALFORMED_QUERY', (q) => caret(q, 61, 'Ordered field must be grouped or aggregated: Priority')],
  ['SELECT Id FROM Case ORDER BY COUNT(Id)', 'MALFORMED_QUERY', (q) => caret(q, 30, 'Ordered field must be grouped or aggregated: COUNT')],
  ['SELECT SUM(Name) FROM Account', 'MALFORMED_QUERY', (q) => caret(q, 12, 'field Name does not support aggregate operator SUM')],
  ['SELECT AVG(CreatedDate) FROM Case', 'MALFORMED_QUERY', (q) => caret(q, 12, 'field CreatedDate does not support aggregate operator AVG')],
  ['SELECT COUNT(Description) FROM Case', 'MALFORMED_QUERY', (q) => caret(q, 14, 'field Description does not support aggregate operator COUNT')],
  ['SELECT Id FROM Case WHERE COUNT(Id) > 1', 'MALFORMED_QUERY', (q) => caret(q, 27, 'Aggregate functions are not supported in the WHERE clause')],
  ["SELECT Id FROM Case WHERE Status = 'Closed' HAVING COUNT(Id) > 1", 'MALFORMED_QUERY', (q) => caret(q, 45, "unexpected token: 'HAVING'")],
  ['SELECT Name, (SELECT COUNT(Id) FROM Contacts) FROM Account', 'MALFORMED_QUERY', (q) => caret(q, 22, 'only root queries support aggregate expressions')],
  ['SELECT COUNT() FROM Account GROUP BY Name', 'MALFORMED_QUERY', (q) => caret(q, 29, 'COUNT() cannot be used with GROUP BY; use COUNT(fieldName)')],
  ['SELECT COUNT() FROM Account ORDER BY Name', 'MALFORMED_QUERY', (q) => caret(q, 38, 'COUNT() cannot be used with ORDER BY')],
  ['SELECT CALENDAR_MONTH(Name), COUNT(Id) FROM Account GROUP BY CALENDAR_MONTH(Name)', 'MALFORMED_QUERY', (q) => caret(q, 77, 'Invalid field type for date function CALENDAR_MONTH: Name is of type string')],
  ['SELECT HOUR_IN_DAY(EffectiveDate), COUNT(Id) FROM Order GROUP BY HOUR_IN_DAY(EffectiveDate)', 'MALFORMED_QUERY', (q) => caret(q, 78, 'Invalid field type for date function HOUR_IN_DAY: EffectiveDate is of type date')],
  ['SELECT Id FROM Case WHERE convertTimezone(CreatedDate) > 2020-01-01T00:00:00Z', 'MALFORMED_QUERY', (q) => caret(q, 27, 'convertTimezone() can only be used inside a date function')],
  ['SELECT Name, (SELECT Id FROM Contacts) FROM Account GROUP BY Name', 'MALFORMED_QUERY', (q) => caret(q, 14, 'Aggregate queries do not support child relationship subqueries')],
  // whole-query checks (no excerpt)
  ['SELECT Id, Id FROM Account', 'INVALID_FIELD', 'duplicate field selected: Id'],
  ['SELECT Id, Account.Name, Account.Name FROM Contact', 'INVALID_FIELD', 'duplicate field selected: Account.Name'],
  ['SELECT Id FROM Account ORDER BY Name OFFSET 2001', 'NUMBER_OUTSIDE_VALID_RANGE', 'Maximum SOQL offset allowed is 2000'],
  ['SELECT FIELDS(ALL) FROM Account', 'MALFORMED_QUERY', 'The SOQL FIELDS function must have a LIMIT of at most 200'],
  ['SELECT FIELDS(CUSTOM) FROM Case LIMIT 201', 'MALFORMED_QUERY', 'The SOQL FIELDS function must have a LIMIT of at most 200'],
  ["SELECT Id FROM Account WHERE Name = 'x' OR Id IN (SELECT AccountId FROM Contact)", 'MALFORMED_QUERY', "Semi join sub-selects are not allowed with the 'OR' operator"],
  ['SELECT Id FROM Case WHERE CreatedDate = LAST_N_DAYS:5 OR Id IN (SELECT CaseId__c FROM CaseHistory__c)', 'MALFORMED_QUERY', "Semi join sub-selects are not allowed with the 'OR' operator"],
  ['SELECT Id FROM Account WHERE NOT (Id IN (SELECT AccountId FROM Contact))', 'MALFORMED_QUERY', 'Semi join sub-selects are only allowed at the top level WHERE expressions and not in nested WHERE expressions.'],
  ["SELECT Name, (SELECT Id FROM Contacts WHERE Id IN (SELECT ContactId FROM Case)) FROM Account", 'MALFORMED_QUERY', 'Semi join sub-selects are only allowed at the top level WHERE expressions and not in nested WHERE expressions.'],
  ['SELECT Id FROM Account WHERE Id IN (SELECT Id FROM Account)', 'MALFORMED_QUERY', 'The inner and outer selects should not be on the same object type'],
  ['SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact) AND Id IN (SELECT AccountId FROM Case) AND Id IN (SELECT AccountId FROM Order)', 'MALFORMED_QUERY', 'Maximum of 2 semi join sub-selects are allowed in a query'],
  ['SELECT Id FROM Account WHERE Id IN (SELECT Name FROM Contact)', 'MALFORMED_QUERY', (q) => caret(q, 37, 'Semi join sub-selects can only select one Id or reference field')],
  ['SELECT Id FROM Account WHERE Name IN (SELECT AccountId FROM Contact)', 'MALFORMED_QUERY', (q) => caret(q, 30, 'The left operand of a semi join sub-select must be an Id or reference field: Name')],
  // bind variables
  ['SELECT Id FROM Account WHERE Name = :name', 'MALFORMED_QUERY', (q) => caret(q, 37, 'Bind variables only allowed in Apex code')],
  ['SELECT Id FROM Account WHERE Id IN :ids', 'MALFORMED_QUERY', (q) => caret(q, 36, 'Bind variables only allowed in Apex code')],
  ['SELECT Id FROM Account LIMIT :lim', 'MALFORMED_QUERY', (q) => caret(q, 30, 'Bind variables only allowed in Apex code')],
  // valid SOQL that is not emulated
  ['SELECT Id FROM Account USING SCOPE Mine', 'NOT_EMULATED', ne('USING SCOPE')],
  ['SELECT TYPEOF Owner WHEN User THEN Name END FROM Case', 'NOT_EMULATED', ne('TYPEOF (this org has no polymorphic relationships)')],
  ["SELECT Id FROM Case WHERE toLabel(Status) = 'New'", 'NOT_EMULATED', ne('toLabel() outside the SELECT list of a non-aggregate query')],
  ['SELECT toLabel(Status), COUNT(Id) FROM Case GROUP BY Status', 'NOT_EMULATED', ne('toLabel() outside the SELECT list of a non-aggregate query')],
  ['SELECT Status, toLabel(Status) FROM Case', 'INVALID_FIELD', 'duplicate field selected: Status'],
  ['SELECT FORMAT(UnitPrice) FROM OrderItem', 'NOT_EMULATED', ne('FORMAT()')],
  ['SELECT convertCurrency(UnitPrice) FROM OrderItem', 'NOT_EMULATED', ne('convertCurrency()')],
  ['SELECT Id FROM Knowledge__kav WITH DATA CATEGORY Geography__c AT (usa__c)', 'NOT_EMULATED', ne('WITH DATA CATEGORY')],
  ['SELECT Id FROM OrderItem WHERE UnitPrice = USD5', 'NOT_EMULATED', ne('currency literals (multi-currency orgs)')],
  ['SELECT Name, (SELECT LastName, (SELECT Id FROM Cases) FROM Contacts) FROM Account', 'NOT_EMULATED', ne('nested child relationship subqueries (more than one level)')],
];

let store: Store;
let service: QueryService;
const ctx = { now: new Date('2024-06-15T12:00:00Z'), timeZone: 'GMT', apiVersion: '59.0', includeDeleted: false };

beforeAll(() => {
  store = Store.open(testOrgPath(), { readonly: true });
  service = new QueryService({ store, now: () => ctx.now, timeZone: 'GMT', orgId: '00D000000000001EAA', userId: '005000000000001AAA' });
});
afterAll(() => store?.close());

function errorOf(soql: string): SalesforceError {
  try {
    service.query(soql, ctx);
  } catch (e) {
    if (e instanceof SalesforceError) return e;
    throw e;
  }
  throw new Error(`expected an error for: ${soql}`);
}

describe('golden semantic errors', () => {
  it('has at least 50 cases', () => {
    expect(GOLDEN.length).toBeGreaterThanOrEqual(50);
  });

  it.each(GOLDEN.map((g) => [g[0], g] as const))('%s', (_q, [soql, code, message]) => {
    const err = errorOf(soql);
    const expected = typeof message === 'function' ? message(soql) : message;
    expect({ errorCode: err.errorCode, status: err.status }).toEqual({ errorCode: code, status: 400 });
    if (!expected.startsWith('\n')) {
      expect(err.message).toBe(expected);
      return;
    }
    // Caret messages: the `ERROR at Row…` line and the text are exact; the excerpt is a window of
    // the offending row (its width is best effort) whose caret sits under the offending character.
    const tail = expected.slice(expected.indexOf('\nERROR at Row'));
    expect(err.message.endsWith(tail), `${JSON.stringify(err.message)}\n≠ …${JSON.stringify(tail)}`).toBe(true);
    const [, excerpt, caretLine] = err.message.split('\n');
    const [, wantExcerpt, wantCaret] = expected.split('\n');
    expect(caretLine).toMatch(/^ *\^$/);
    const at = caretLine!.length - 1;
    const wantAt = wantCaret!.length - 1;
    expect(wantExcerpt!.includes(excerpt!)).toBe(true);
    expect(excerpt!.slice(at)).toBe(wantExcerpt!.slice(wantAt, wantAt + excerpt!.length - at));
  });

  it('refuses aggregate results larger than one batch', () => {
    const err = errorOf('SELECT Id, COUNT(Name) FROM PricebookEntry GROUP BY Id');
    expect(err.message).toBe('Aggregate query does not support queryMore(), use LIMIT to restrict the results to a single batch');
    // with LIMIT it is fine
    expect(service.query('SELECT Id, COUNT(Name) FROM PricebookEntry GROUP BY Id LIMIT 2000', ctx).records).toHaveLength(2000);
  });

  it('wire body is [{message, errorCode}]', () => {
    expect(errorOf('SELECT Id, Id FROM Account').toWire()).toEqual([{ message: 'duplicate field selected: Id', errorCode: 'INVALID_FIELD' }]);
  });
});
