// Golden error texts for bad SOSL: exact errorCode and message (caret excerpts as server/soql/README.md describes them).
import { describe, expect, it } from 'vitest';
import { CTX, errorOf, openSoslOrg } from './helpers.js';

const { service } = openSoslOrg();

const UNSUPPORTED = (name: string) =>
  `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`;

const caret = (q: string, col: number, text: string) => `\n${q}\n${' '.repeat(col - 1)}^\nERROR at Row:1:Column:${col}\n${text}`;

const GOLDEN: Array<[string, string, string]> = [
  ['FIND {a}', 'INVALID_SEARCH', 'search term must be longer than one character: a'],
  // an unescaped reserved character (SOSL FIND docs): the error Salesforce gives for `&`
  ['FIND {!}', 'MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.'],
  ['FIND {acme | corp}', 'MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.'],
  ['FIND {AT&T}', 'MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.'],
  ['FIND {a*}', 'INVALID_SEARCH', 'search term must be longer than one character: a*'],
  ["FIND 'Acme' IN ALL FIELDS", 'MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.'],
  ['', 'MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.'],
  ['FIND', 'MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.'],
  // lexer errors: the caret excerpt, then ANTLR's `line R:C` text (C 0-based)
  ["FIND {Women's Fitness Leggings} IN ALL FIELDS RETURNING Product2(Id, Name, Description)", 'MALFORMED_SEARCH', `\nFIND {Women's Fitness Leggings} IN ALL FIELDS\n           ^\nERROR at Row:1:Column:12\nline 1:11 mismatched character ''' expecting '}'`],
  ['FIND {abc', 'MALFORMED_SEARCH', caret('FIND {abc', 10, "line 1:9 mismatched character '<EOF>' expecting '}'")],
  ['FIND {a{b}', 'MALFORMED_SEARCH', caret('FIND {a{b}', 8, "line 1:7 mismatched character '{' expecting '}'")],
  ['FIND {"trail running} RETURNING Product2', 'MALFORMED_SEARCH', caret('FIND {"trail running} RETURNING Product2', 21, 'line 1:20 mismatched character \'}\' expecting \'"\'')],
  ['FIND {acme} RETURNING Account, account', 'MALFORMED_SEARCH', caret('FIND {acme} RETURNING Account, account', 32, 'duplicate object in RETURNING: account')],
  ['FIND {acme} RETURNING Account(Id LIMIT 5 OFFSET 5), Contact', 'MALFORMED_SEARCH', caret('FIND {acme} RETURNING Account(Id LIMIT 5 OFFSET 5), Contact', 42, 'OFFSET can only be used when searching a single object')],
  ['FIND {(acme}', 'MALFORMED_SEARCH', "line 1:11 unexpected token in search term: '}'"],
  ['FIND {acme)}', 'MALFORMED_SEARCH', "line 1:10 unexpected token in search term: ')'"],
  [`FIND {${'('.repeat(51)}acme${')'.repeat(51)}}`, 'MALFORMED_SEARCH', 'line 1:56 search term nested more than 50 levels deep'],
  [`FIND {${'(shoe AND NOT '.repeat(50)}shoe${')'.repeat(50)}} RETURNING Product2`, 'INVALID_SEARCH', 'search term is too complex'],
  ['SELECT Id FROM Account', 'MALFORMED_SEARCH', caret('SELECT Id FROM Account', 1, "unexpected token: 'SELECT'")],
  ['FIND {acme} IN BOGUS FIELDS', 'MALFORMED_SEARCH', caret('FIND {acme} IN BOGUS FIELDS', 16, "unexpected token: 'BOGUS'")],
  ['FIND {acme} IN NAME', 'MALFORMED_SEARCH', caret('FIND {acme} IN NAME', 20, "unexpected token: '<EOF>'")],
  ['FIND {acme} RETURNING', 'MALFORMED_SEARCH', caret('FIND {acme} RETURNING', 22, "unexpected token: '<EOF>'")],
  ['FIND {acme} RETURNING Account(', 'MALFORMED_SEARCH', caret('FIND {acme} RETURNING Account(', 31, "unexpected token: '<EOF>'")],
  ['FIND {acme} RETURNING Account()', 'MALFORMED_SEARCH', caret('FIND {acme} RETURNING Account()', 31, "unexpected token: ')'")],
  ['FIND {acme} RETURNING Account(Id LIMIT x)', 'MALFORMED_SEARCH', caret('FIND {acme} RETURNING Account(Id LIMIT x)', 40, "unexpected token: 'x'")],
  ['FIND {acme} RETURNING Account(Id WHERE)', 'MALFORMED_SEARCH', caret('FIND {acme} RETURNING Account(Id WHERE)', 39, "unexpected token: ')'")],
  ['FIND {acme} LIMIT abc', 'MALFORMED_SEARCH', caret('FIND {acme} LIMIT abc', 19, "unexpected token: 'abc'")],
  ['FIND {acme} UPDATE FOO', 'MALFORMED_SEARCH', caret('FIND {acme} UPDATE FOO', 20, "unexpected token: 'FOO'")],
  ['FIND {acme} RETURNING Account LIMIT 5 extra', 'MALFORMED_SEARCH', caret('FIND {acme} RETURNING Account LIMIT 5 extra', 39, "unexpected token: 'extra'")],
  ['FIND {acme} WITH FOO', 'MALFORMED_SEARCH', caret('FIND {acme} WITH FOO', 18, "unexpected token: 'FOO'")],
  ['FIND {acme} RETURNING Foo__c(Id)', 'INVALID_TYPE', caret('FIND {acme} RETURNING Foo__c(Id)', 23, UNSUPPORTED('Foo__c'))],
  ['FIND {acme} RETURNING Account, Acount', 'INVALID_TYPE', caret('FIND {acme} RETURNING Account, Acount', 32, UNSUPPORTED('Acount'))],
  ['FIND {acme} RETURNING Organization', 'INVALID_TYPE', caret('FIND {acme} RETURNING Organization', 23, 'entity type Organization does not support search')],
  ['FIND {acme} WITH SNIPPET', 'NOT_EMULATED', 'Localforce does not emulate SOSL WITH SNIPPET (WITH SNIPPET)'],
  ['FIND {acme} WITH SNIPPET (target_length=120)', 'NOT_EMULATED', 'Localforce does not emulate SOSL WITH SNIPPET (WITH SNIPPET (target_length=120))'],
  ['FIND {acme} WITH HIGHLIGHT', 'NOT_EMULATED', 'Localforce does not emulate SOSL WITH HIGHLIGHT (WITH HIGHLIGHT)'],
  ["FIND {acme} WITH METADATA='LABELS'", 'NOT_EMULATED', "Localforce does not emulate SOSL WITH METADATA (WITH METADATA='LABELS')"],
  ['FIND {acme} WITH SPELL_CORRECTION = true', 'NOT_EMULATED', 'Localforce does not emulate SOSL WITH SPELL_CORRECTION (WITH SPELL_CORRECTION = true)'],
  ["FIND {acme} WITH DATA CATEGORY Geography__c AT asia__c", 'NOT_EMULATED', 'Localforce does not emulate SOSL WITH DATA CATEGORY (WITH DATA CATEGORY Geography__c AT asia__c)'],
  ['FIND {acme} RETURNING Account(Id, (SELECT Id FROM Contacts))', 'MALFORMED_SEARCH', caret('FIND {acme} RETURNING Account(Id, (SELECT Id FROM Contacts))', 35, "unexpected token: '('")],
  ['FIND {acme} RETURNING Account(COUNT(Id))', 'MALFORMED_SEARCH', caret('FIND {acme} RETURNING Account(COUNT(Id))', 31, "unexpected token: 'COUNT'")],
  ['FIND {acme} RETURNING Account(Id OFFSET 2001)', 'MALFORMED_SEARCH', 'SOSL offset should be between 0 to 2000'],
  ['FIND {acme} RETURNING Account(Id, Foo)', 'INVALID_FIELD', caret('FIND {acme} RETURNING Account(Id, Foo)', 35, "No such column 'Foo' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.")],
  ['FIND {acme} RETURNING Account(Id USING LISTVIEW=Recent)', 'NOT_EMULATED', 'Localforce does not emulate USING LISTVIEW in SOSL RETURNING'],
];

describe('golden SOSL errors', () => {
  it.each(GOLDEN)('%s', (sosl, code, message) => {
    const e = errorOf(() => service.search(sosl, CTX));
    expect({ code: e.errorCode, message: e.message }).toEqual({ code, message });
    expect(e.status).toBe(400);
  });

  it('has at least 15 golden errors', () => expect(GOLDEN.length).toBeGreaterThanOrEqual(15));

  it('accepts harmless WITH clauses and UPDATE TRACKING', () => {
    for (const q of ['FIND {acme} WITH SECURITY_ENFORCED', 'FIND {acme} WITH USER_MODE', 'FIND {acme} WITH SPELL_CORRECTION = false', 'FIND {acme} RETURNING Account LIMIT 5 UPDATE TRACKING, VIEWSTAT']) {
      expect(service.search(q, CTX).searchRecords.length).toBeGreaterThan(0);
    }
  });
});
