// Golden syntax errors: errorCode and the full message (caret excerpt, row/column, text), compared
// exactly. Wording as real Salesforce error payloads show it; columns are 1-based, at the first character of the
// offending token, length + 1 at end of input.
import { describe, expect, it } from 'vitest';
import { SalesforceError } from '../../server/soql/errors.js';
import { caretMessage } from '../../server/soql/excerpt.js';
import { parseSoql } from '../../server/soql/parser.js';

function errorOf(soql: string): SalesforceError {
  try {
    parseSoql(soql);
  } catch (e) {
    if (e instanceof SalesforceError) return e;
    throw e;
  }
  throw new Error(`parsed without error: ${soql}`);
}

/**
 * The message for a one-row query with the problem at `column`. The excerpt is the whole row unless
 * given: from about 43 characters before the caret to about 35 after, snapped to tokens (excerpt.ts).
 */
function oneRow(soql: string, column: number, text: string, excerpt = soql): string {
  const from = soql.indexOf(excerpt);
  return `\n${excerpt}\n${' '.repeat(column - 1 - from)}^\nERROR at Row:1:Column:${column}\n${text}`;
}

describe('golden messages written out in full', () => {
  it('unexpected end of input (compat case 18)', () => {
    const e = errorOf('SELECT Id FROM Account WHERE');
    expect(e.errorCode).toBe('MALFORMED_QUERY');
    expect(e.status).toBe(400);
    expect(e.message).toBe(
      "\nSELECT Id FROM Account WHERE\n                            ^\nERROR at Row:1:Column:29\nunexpected token: '<EOF>'",
    );
  });

  it('AND/OR mixing: caret at the second operator (compat case 21); the excerpt starts ~43 characters before it', () => {
    expect(errorOf("SELECT Id FROM Account WHERE Name = 'a' AND Type = 'b' OR Industry = 'c'").message).toBe(
      "\nAccount WHERE Name = 'a' AND Type = 'b' OR Industry = 'c'\n" +
        ' '.repeat(40) +
        "^\nERROR at Row:1:Column:56\nunexpected token: 'OR'",
    );
  });

  it('the published Stack Exchange sample (row 3, column 61)', () => {
    const soql =
      "SELECT Id, Email, Name\nFROM Contact\nWHERE AccountId ='0014000000p6XlS' AND LastName LIKE 'test' OR email LIKE 'test'"; // one space fewer than the post shows: its column is 61
    expect(errorOf(soql).message).toBe(
      "\n'0014000000p6XlS' AND LastName LIKE 'test' OR email LIKE 'test'\n" +
        ' '.repeat(43) +
        "^\nERROR at Row:3:Column:61\nunexpected token: 'OR'",
    );
  });

  it('field alias without aggregation (compat case 20)', () => {
    expect(errorOf('SELECT Id Name FROM Account').message).toBe(
      '\nSELECT Id Name FROM Account\n          ^\nERROR at Row:1:Column:11\nonly aggregate expressions use field aliasing',
    );
  });

  it('a character no token starts with: ANTLR lexer wording, 0-based column in the text', () => {
    expect(errorOf('SELECT Id FROM $Account').message).toBe(
      "\nSELECT Id FROM $Account\n               ^\nERROR at Row:1:Column:16\nline 1:15 unexpected token: '$'",
    );
  });

  it('multi-line query: row and column of the token, excerpt is its row', () => {
    expect(errorOf('SELECT Id\nFROM Account\nWHERE Name = \'x\' OR').message).toBe(
      "\nWHERE Name = 'x' OR\n                   ^\nERROR at Row:3:Column:20\nunexpected token: '<EOF>'",
    );
    expect(errorOf('SELECT Id\r\nFROM Account\r\nWHERE Name = \'x\' AND Type = \'y\' OR Id = null').message).toBe(
      "\nWHERE Name = 'x' AND Type = 'y' OR Id = null\n                                ^\nERROR at Row:3:Column:33\nunexpected token: 'OR'",
    );
  });

  it('empty query: no excerpt', () => {
    for (const q of ['', '   ', '\n']) {
      const e = errorOf(q);
      expect(e.errorCode).toBe('MALFORMED_QUERY');
      expect(e.message).toBe('SOQL statements cannot be empty or null');
    }
  });
});

// [query, column, text, excerpt if not the whole row]
const GOLDEN: Array<[string, number, string, string?]> = [
  ["SELECT Id FROM Account WHERE Name = 'a' OR Type = 'b' AND Industry = 'c'", 55, "unexpected token: 'AND'", "Account WHERE Name = 'a' OR Type = 'b' AND Industry = 'c'"],
  ["SELECT Id FROM Account WHERE Name = 'a' and Type = 'b' or Industry = 'c'", 56, "unexpected token: 'or'", "Account WHERE Name = 'a' and Type = 'b' or Industry = 'c'"],
  ['SELECT AnnualRevenue FROM Account WHERE Name <> NULL AND NOT (AnnualRevenue > 0)', 58, "unexpected token: 'NOT'", "FROM Account WHERE Name <> NULL AND NOT (AnnualRevenue > 0)"],
  ["SELECT Id FROM Account WHERE NOT Name = 'x' AND Type = 'y'", 45, "unexpected token: 'AND'", "Id FROM Account WHERE NOT Name = 'x' AND Type = 'y'"],
  ["SELECT Id FROM Account WHERE NOT (NOT Name LIKE '%1%' AND Id = null)", 55, "unexpected token: 'AND'", "Account WHERE NOT (NOT Name LIKE '%1%' AND Id = null)"],
  ['SELECT DISTINCT Name FROM Account', 17, 'only aggregate expressions use field aliasing'],
  ['SELECT Id, Name n, (SELECT Id FROM Contacts) FROM Account', 17, 'only aggregate expressions use field aliasing', "SELECT Id, Name n, (SELECT Id FROM Contacts) FROM"],
  ['SELECT Id FROM Account WHERE Id IN ()', 37, "unexpected token: ')'"],
  ["SELECT Id FROM Account WHERE Name IN ('a',)", 43, "unexpected token: ')'"],
  ['SELECT * FROM Account', 8, "unexpected token: '*'"],
  ['SELECT COUNT(*) FROM Account', 14, "unexpected token: '*'"],
  ['SELECT Amount * 2 FROM Opportunity', 15, "unexpected token: '*'"],
  ['SELECT Id FROM Account;', 23, "unexpected token: ';'"],
  ['SELECT Id FROM Account LIMIT 5;', 31, "unexpected token: ';'"],
  ['SELECT Id FROM Account WHERE Name = "Acme"', 37, 'line 1:36 unexpected token: \'"\''],
  ["SELECT Id FROM Account WHERE Name != 'x' && Type = 'y'", 42, "line 1:41 unexpected token: '&'"],
  ['SELECT Id FROM Account WHERE CreatedDate > 2020-12-12t12:12:00-25:00', 44, 'Invalid datetime: 2020-12-12t12:12:00-25:00'],
  ['SELECT Id FROM Account WHERE CreatedDate > 2024-01-01T00:00:00', 44, 'Invalid datetime: 2024-01-01T00:00:00'],
  ['SELECT Id FROM Account WHERE CreatedDate > 2024-13-01T00:00:00Z', 44, 'Invalid datetime: 2024-13-01T00:00:00Z'],
  ['SELECT Id FROM Account WHERE CloseDate = 2023-02-29', 42, 'Invalid date: 2023-02-29'],
  ["SELECT Id FROM Account WHERE Name = 'a\\qb'", 37, "Invalid string literal 'a\\qb'. Illegal character sequence '\\q' in string literal."],
  ["SELECT Id FROM Account WHERE Name = 'abc", 41, "line 1:40 mismatched character '<EOF>' expecting '''"],
  ["SELECT Id FROM Account WHERE Name = 'O'Brien'", 40, "unexpected token: 'Brien'"],
  ['SELECT FROM Account', 8, "unexpected token: 'FROM'"],
  ['SELECT Id, FROM Account', 12, "unexpected token: 'FROM'"],
  ['SELECT Id FROM', 15, "unexpected token: '<EOF>'"],
  ['SELECT Id Account', 18, "unexpected token: '<EOF>'"],
  ['Id FROM Account', 1, "unexpected token: 'Id'"],
  ['SELECT Id FROM Account a JOIN Contact c ON a.Id = c.AccountId', 26, "unexpected token: 'JOIN'", "SELECT Id FROM Account a JOIN Contact c ON a.Id ="],
  ['SELECT Id FROM Account UNION SELECT Id FROM Contact', 30, "unexpected token: 'SELECT'"],
  ['SELECT Id FROM Account WHERE Name IS NULL', 35, "unexpected token: 'IS'"],
  ['SELECT Id FROM Opportunity WHERE Amount BETWEEN 1 AND 5', 41, "unexpected token: 'BETWEEN'"],
  ['SELECT COUNT(DISTINCT AccountId) FROM Case', 23, "unexpected token: 'AccountId'"],
  ['SELECT LOWER(Name) FROM Account', 13, "unexpected token: '('"],
  ["SELECT Id FROM Account WHERE UPPER(Name) = 'X'", 35, "unexpected token: '('"],
  ["SELECT Id FROM Account LIMIT 5 WHERE Name = 'x'", 32, "unexpected token: 'WHERE'"],
  ['SELECT Id FROM Account ORDER Name', 30, "unexpected token: 'Name'"],
  ['SELECT Id FROM Account ORDER BY Name NULLS', 43, "unexpected token: '<EOF>'"],
  ['SELECT Id FROM Account ORDER BY Name DESC ASC', 43, "unexpected token: 'ASC'"],
  ['SELECT Id FROM Account WHERE Name LIKE', 39, "unexpected token: '<EOF>'"],
  ["SELECT Id FROM Account WHERE (Name = 'x'", 41, "unexpected token: '<EOF>'"],
  ["SELECT Id FROM Account WHERE Name = 'x')", 40, "unexpected token: ')'"],
  ["SELECT Id FROM Account WHERE Name = 'x' AND", 44, "unexpected token: '<EOF>'"],
  ['SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS', 55, "unexpected token: '<EOF>'", "Account WHERE CreatedDate = LAST_N_DAYS"],
  ['SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS:x', 56, "unexpected token: 'x'", "Account WHERE CreatedDate = LAST_N_DAYS:x"],
  ['SELECT Id FROM Account WHERE CreatedDate = TODAY:3', 49, "unexpected token: ':'", "Id FROM Account WHERE CreatedDate = TODAY:3"],
  ["SELECT Id FROM Account WHERE 'x' = Name", 30, "unexpected token: ''x''"],
  ["SELECT Id FROM Account WHERE Name = ('a')", 37, "unexpected token: '('"],
  ["SELECT Id FROM Account WHERE Name IN 'a'", 38, "unexpected token: ''a''"],
  ["SELECT Id FROM Account WHERE Name == 'x'", 36, "unexpected token: '='"],
  ['SELECT Id FROM Account WHERE Name NOT LIKE \'x\'', 39, "unexpected token: 'LIKE'"],
  ["SELECT Id FROM Account WHERE Name = 'x' WHERE Type = 'y'", 41, "unexpected token: 'WHERE'"],
  ['SELECT Id FROM Account LIMIT -1', 30, "unexpected token: '-1'"],
  ['SELECT Id FROM Account LIMIT 1.5', 30, "unexpected token: '1.5'"],
  ['SELECT Id FROM Account OFFSET', 30, "unexpected token: '<EOF>'"],
  ['SELECT COUNT(Id) FROM Account HAVING COUNT(Id) > 1', 31, "unexpected token: 'HAVING'"],
  ['SELECT Id FROM Account WHERE Id IN (SELECT Id FROM Contact', 59, "unexpected token: '<EOF>'", "Account WHERE Id IN (SELECT Id FROM Contact"],
  ['SELECT Name, (SELECT LastName FROM Contacts) c FROM Account', 46, "unexpected token: 'c'", "Name, (SELECT LastName FROM Contacts) c FROM Account"],
  ['SELECT FIELDS(SOME) FROM Account', 15, "unexpected token: 'SOME'"],
  ['SELECT Id FROM Account WITH FOO', 29, "unexpected token: 'FOO'"],
  ['SELECT Id FROM Account FOR LOCK', 28, "unexpected token: 'LOCK'"],
  ['SELECT Id FROM Account GROUP Name', 30, "unexpected token: 'Name'"],
  ['SELECT Id FROM Account WHERE CreatedDate > 2024-01-01 00:00:00', 55, "unexpected token: '00'", "Account WHERE CreatedDate > 2024-01-01 00:00:00"],
  ['SELECT Id FROM Account USING Mine', 30, "unexpected token: 'Mine'"],
  ['SELECT TYPEOF What WHEN Account THEN Phone FROM Event', 44, "unexpected token: 'FROM'"],
  ['SELECT Id FROM Account WHERE Id = : x', 37, "unexpected token: 'x'"],
  ['SELECT Id FROM Account WHERE Amount > 100 + 5', 43, "unexpected token: '+'"],
  ['SELECT Id FROM Account WHERE Amount > 100 +5', 43, "unexpected token: '+5'"],
  ["SELECT Name || 'x' FROM Account", 13, "line 1:12 unexpected token: '|'"],
  ['SELECT Id FROM Account -- comment', 24, "unexpected token: '-'"],
  ['SELECT Id FROM Account WHERE Name = \u00abx\u00bb', 37, "line 1:36 unexpected token: '\u00ab'"],
  // mistakes LLM agents make (CRMArena free-form queries)
  ['```sql SELECT Id FROM Case```', 1, "line 1:0 unexpected token: '`'"],
  ['SELECT Id FROM Case WHERE Subject LIKE %refund%', 40, "line 1:39 unexpected token: '%'"],
  ['SELECT TOP 10 Id FROM Case', 12, "unexpected token: '10'"],
  ['SELECT Id FROM Case LIMIT 10, 20', 29, "unexpected token: ','"],
  ['SELECT Id FROM Case WHERE CreatedDate > TODAY()', 46, "unexpected token: '('", 'Id FROM Case WHERE CreatedDate > TODAY()'],
  ["SELECT Id FROM Case WHERE Status IN 'New', 'Closed'", 37, "unexpected token: ''New''"],
  ["SELECT Id FROM Case WHERE OwnerId IN ('a', 'b'", 47, "unexpected token: '<EOF>'", "Id FROM Case WHERE OwnerId IN ('a', 'b'"],
  ['SELECT Id FROM Case WHERE Id = 500Wt00000DDOsnIAH', 35, "unexpected token: 'Wt00000DDOsnIAH'"],
  ['SELECT Id FROM Case ORDER BY CreatedDate DESC LIMIT', 52, "unexpected token: '<EOF>'", 'FROM Case ORDER BY CreatedDate DESC LIMIT'],
  ['SELECT COUNT(Id) AS total FROM Case', 21, "unexpected token: 'total'"],
  ['SELECT Id FROM Account WHERE Name = Acme Corp', 42, "unexpected token: 'Corp'"],
  ['SELECT Id FROM Account WHERE Name = LIMIT 5', 37, "unexpected token: 'LIMIT'"],
  ["SELECT Id FROM Account WHERE Name = lower('x'", 46, "unexpected token: '<EOF>'", "Id FROM Account WHERE Name = lower('x'"],
  // dotted FROM only in a child subquery; GEOLOCATION only inside DISTANCE
  ['SELECT Id FROM Account.Contacts', 23, "unexpected token: '.'"],
  ['SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Account.Contacts)', 66, "unexpected token: '.'", 'WHERE Id IN (SELECT AccountId FROM Account.Contacts)'],
  ['SELECT Name FROM W__c WHERE GEOLOCATION(37.775, -122.418) < 20', 40, "unexpected token: '('"],
  ['SELECT Name FROM W__c WHERE DISTANCE(Loc__c, GEOLOCATION(1, 2), 3) < 20', 65, "unexpected token: '3'", 'WHERE DISTANCE(Loc__c, GEOLOCATION(1, 2), 3) < 20'],
  ["SELECT Name FROM W__c WHERE DISTANCE(Loc__c, GEOLOCATION('a', 2), 'mi') < 20", 58, "unexpected token: ''a''", "W__c WHERE DISTANCE(Loc__c, GEOLOCATION('a', 2), 'mi') < 20"],
  ["SELECT Name FROM W__c WHERE DISTANCE(Loc__c, TODAY(x), 'mi') < 20", 51, "unexpected token: '('", "Name FROM W__c WHERE DISTANCE(Loc__c, TODAY(x), 'mi') < 20"],
];

describe('golden syntax errors', () => {
  it('has at least 35 cases', () => {
    expect(GOLDEN.length + 6).toBeGreaterThanOrEqual(35);
  });

  it.each(GOLDEN)('%s', (soql, column, text, excerpt) => {
    const e = errorOf(soql);
    expect(e.errorCode).toBe('MALFORMED_QUERY');
    expect(e.message).toBe(oneRow(soql, column, text, excerpt));
  });
});

describe('long rows and deep nesting', () => {
  it('a long row shows a window around the caret; row, column and text are exact', () => {
    const ids = Array.from({ length: 40 }, (_, i) => `'001Wt00000PFj${String(i).padStart(3, '0')}AA'`).join(', ');
    const soql = `SELECT Id, Name, ShippingState FROM Account WHERE Id IN (${ids}) AND Name = 'x' OR Name = 'y'`;
    const col = soql.indexOf(' OR ') + 2;
    const msg = errorOf(soql).message;
    expect(msg.endsWith(`\nERROR at Row:1:Column:${col}\nunexpected token: 'OR'`)).toBe(true);
    const [, excerpt, caretLine] = msg.split('\n');
    expect(excerpt!.length).toBeLessThanOrEqual(80);
    expect(excerpt!.slice(caretLine!.length - 1)).toMatch(/^OR Name = 'y'/);
    expect(soql).toContain(excerpt);
  });

  it('caretMessage is exported for semantic errors', () => {
    expect(caretMessage('SELECT Id, Foo FROM Account', 11, "No such column 'Foo' on entity 'Account'.")).toBe(
      "\nSELECT Id, Foo FROM Account\n           ^\nERROR at Row:1:Column:12\nNo such column 'Foo' on entity 'Account'.",
    );
  });

  it('600 nested parentheses: MALFORMED_QUERY, not a stack overflow', () => {
    const soql = `SELECT Id FROM Account WHERE ${'('.repeat(600)}Name = 'x'${')'.repeat(600)}`;
    const e = errorOf(soql);
    expect(e.errorCode).toBe('MALFORMED_QUERY');
    expect(e.message).toMatch(/ERROR at Row:1:Column:\d+\nQuery is too deeply nested/);
  });

  it('200 nested parentheses parse', () => {
    const soql = `SELECT Id FROM Account WHERE ${'('.repeat(200)}Name = 'x'${')'.repeat(200)}`;
    expect(parseSoql(soql).where?.kind).toBe('comparison');
  });
});
