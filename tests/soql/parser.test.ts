// Parser: every corpus query parses, prints canonically and re-parses to the same tree (spans
// aside); soql-parser-js agrees that the corpus is valid; spot checks of AST shapes and spans.
import { isQueryValid } from '@jetstreamapp/soql-parser-js';
import { describe, expect, it } from 'vitest';
import type { Comparison, Condition, SoqlQuery } from '../../server/soql/ast.js';
import {
  COMPARISON_OPERATORS,
  DATE_LITERALS,
  DATE_N_LITERALS,
  FUNCTION_NAMES,
  NODE_KINDS,
  walk,
} from '../../server/soql/ast.js';
import { SalesforceError } from '../../server/soql/errors.js';
import { parseSoql, parseWhere, SoqlParser } from '../../server/soql/parser.js';
import { printSoql } from '../../server/soql/printer.js';
import { decodeLikePattern, tokenize } from '../../server/soql/lexer.js';
import { stripSpans, SYNTAX_CORPUS } from './syntax-corpus.js';

function where(soql: string): Condition {
  const q = parseSoql(soql);
  if (!q.where) throw new Error('no WHERE');
  return q.where;
}

describe('syntax corpus', () => {
  it('has at least 150 queries', () => {
    expect(SYNTAX_CORPUS.length).toBeGreaterThanOrEqual(150);
  });

  it('covers every AST node kind, operator, function, date literal and clause variant', () => {
    const seen = new Set<string>();
    for (const e of SYNTAX_CORPUS) {
      walk(parseSoql(e.soql), (n) => {
        seen.add(n.kind);
        if (n.kind === 'comparison') seen.add(`op:${n.operator}`);
        if (n.kind === 'call') seen.add(`fn:${n.fn}`);
        if (n.kind === 'dateLiteral') seen.add(`dl:${n.name}`);
        if (n.kind === 'groupBy') seen.add(`group:${n.mode}`);
        if (n.kind === 'withMode') seen.add(`with:${n.mode}`);
        if (n.kind === 'for') seen.add(`for:${n.mode}`);
        if (n.kind === 'update') seen.add(`update:${n.mode}`);
        if (n.kind === 'selectFields') seen.add(`fields:${n.which}`);
        if (n.kind === 'dataCategoryCondition') seen.add(`dc:${n.selector}`);
        if (n.kind === 'orderByItem') seen.add(`order:${n.direction ?? '-'}:${n.nulls ?? '-'}`);
      });
    }
    const missing = [
      ...NODE_KINDS,
      ...COMPARISON_OPERATORS.map((o) => `op:${o}`),
      ...FUNCTION_NAMES.map((f) => `fn:${f}`),
      ...DATE_LITERALS.map((d) => `dl:${d}`),
      ...DATE_N_LITERALS.map((d) => `dl:${d}`),
      'group:plain', 'group:rollup', 'group:cube',
      'with:SECURITY_ENFORCED', 'with:USER_MODE', 'with:SYSTEM_MODE',
      'for:VIEW', 'for:REFERENCE', 'for:UPDATE', 'update:TRACKING', 'update:VIEWSTAT',
      'fields:ALL', 'fields:STANDARD', 'fields:CUSTOM',
      'dc:AT', 'dc:ABOVE', 'dc:BELOW', 'dc:ABOVE_OR_BELOW',
      'order:-:-', 'order:ASC:-', 'order:DESC:-', 'order:-:FIRST', 'order:DESC:LAST', 'order:ASC:LAST',
    ].filter((k) => !seen.has(k));
    expect(missing).toEqual([]);
  });

  describe.each(SYNTAX_CORPUS.map((e) => [e.id, e] as const))('#%i', (_id, entry) => {
    it('parses, and print → re-parse gives the same tree', () => {
      const ast = parseSoql(entry.soql);
      const printed = printSoql(ast);
      const again = parseSoql(printed);
      expect(stripSpans(again)).toEqual(stripSpans(ast));
      // Printing is a fixed point.
      expect(printSoql(again)).toBe(printed);
    });

    it('every node carries a span inside the text', () => {
      const ast = parseSoql(entry.soql);
      const check = (n: unknown): void => {
        if (Array.isArray(n)) return n.forEach(check);
        if (!n || typeof n !== 'object') return;
        const o = n as Record<string, unknown>;
        if ('kind' in o) {
          const s = o.span as { start: number; end: number };
          expect(s, `span of ${String(o.kind)}`).toBeDefined();
          expect(s.start).toBeGreaterThanOrEqual(0);
          expect(s.end).toBeGreaterThanOrEqual(s.start);
          expect(s.end).toBeLessThanOrEqual(entry.soql.length);
        }
        for (const v of Object.values(o)) check(v);
      };
      check(ast);
    });

    // Entries marked jsParserRejects are valid SOQL that soql-parser-js is known to reject (currency
    // literals, convertCurrency in ORDER BY, DISTANCE, Apex binds): assert that gap instead of skipping.
    it(`soql-parser-js ${entry.jsParserRejects ? 'rejects' : 'also accepts'} it`, () => {
      expect(isQueryValid(entry.soql)).toBe(!entry.jsParserRejects);
    });
  });
});

describe('AST shapes', () => {
  it('field paths keep their segments as written', () => {
    const q = parseSoql(
      "SELECT Product2Id FROM OrderItem WHERE OrderItem.Order.AccountId = '001' AND OrderItem.Order.EffectiveDate = 2020-09-03",
    );
    const w = q.where;
    expect(w?.kind).toBe('and');
    if (w?.kind !== 'and') return;
    const c = w.operands[0] as Comparison;
    expect(c.left).toMatchObject({ kind: 'field', path: ['OrderItem', 'Order', 'AccountId'] });
    expect(c.right).toMatchObject({ kind: 'string', value: '001' });
    const d = w.operands[1] as Comparison;
    expect(d.right).toMatchObject({ kind: 'date', raw: '2020-09-03', year: 2020, month: 9, day: 3 });
  });

  it('aggregates with aliases, GROUP BY, ORDER BY on an aggregate', () => {
    const q = parseSoql('SELECT IssueId__c, COUNT(Id) IssueCount FROM Case GROUP BY IssueId__c ORDER BY COUNT(Id) DESC');
    expect(q.select[1]).toMatchObject({
      kind: 'selectCall',
      call: { kind: 'call', fn: 'COUNT', args: [{ kind: 'field', path: ['Id'] }] },
      alias: { kind: 'ident', name: 'IssueCount' },
    });
    expect(q.groupBy).toMatchObject({ kind: 'groupBy', mode: 'plain', items: [{ kind: 'field', path: ['IssueId__c'] }] });
    expect(q.orderBy?.[0]).toMatchObject({ kind: 'orderByItem', expr: { kind: 'call', fn: 'COUNT' }, direction: 'DESC' });
    expect(q.orderBy?.[0]?.nulls).toBeUndefined();
  });

  it('COUNT() has no arguments; function names are canonicalised', () => {
    const q = parseSoql('select count() from account');
    expect(q.select[0]).toMatchObject({ kind: 'selectCall', call: { fn: 'COUNT', args: [] } });
    const r = parseSoql('SELECT hour_in_day(CONVERTTIMEZONE(CreatedDate)) FROM Case GROUP BY hour_in_day(convertTimezone(CreatedDate))');
    expect(r.select[0]).toMatchObject({
      call: { fn: 'HOUR_IN_DAY', args: [{ kind: 'call', fn: 'convertTimezone', args: [{ kind: 'field', path: ['CreatedDate'] }] }] },
    });
  });

  it('HAVING is a condition tree with aggregates on the left', () => {
    const q = parseSoql('SELECT CaseId__c FROM CaseHistory__c GROUP BY CaseId__c HAVING COUNT(Id) = 1');
    expect(q.having).toMatchObject({ kind: 'comparison', left: { kind: 'call', fn: 'COUNT' }, operator: '=', right: { kind: 'integer', value: 1 } });
  });

  it('datetimes keep raw text and zone offset', () => {
    const c = where('SELECT Id FROM Case WHERE CreatedDate >= 2021-12-01T10:20:30.5-08:00') as Comparison;
    expect(c.right).toMatchObject({
      kind: 'datetime',
      raw: '2021-12-01T10:20:30.5-08:00',
      year: 2021,
      month: 12,
      day: 1,
      hour: 10,
      minute: 20,
      second: 30,
      millisecond: 500,
      offsetMinutes: -480,
      span: { start: 41, end: 68 },
    });
    const z = where('SELECT Id FROM Case WHERE CreatedDate >= 2021-12-01T00:00:00+00:00') as Comparison;
    expect(z.right).toMatchObject({ kind: 'datetime', offsetMinutes: 0 });
  });

  it('date literals with and without :n', () => {
    const c = where('SELECT Id FROM Case WHERE CreatedDate = last_n_days:30') as Comparison;
    expect(c.right).toEqual({ kind: 'dateLiteral', name: 'LAST_N_DAYS', n: 30, span: { start: 40, end: 54 } });
    const d = where('SELECT Id FROM Case WHERE CreatedDate = THIS_QUARTER') as Comparison;
    expect(d.right).toEqual({ kind: 'dateLiteral', name: 'THIS_QUARTER', span: { start: 40, end: 52 } });
  });

  it('literal kinds', () => {
    const kinds = (soql: string): string[] => {
      const c = where(soql) as Comparison;
      return c.right.kind === 'list' ? c.right.items.map((i) => i.kind) : [c.right.kind];
    };
    expect(kinds("SELECT Id FROM A WHERE X IN ('a', 1, 1.5, -2, true, null, 2020-01-01, 2020-01-01T00:00:00Z, TODAY, USD5)")).toEqual([
      'string',
      'integer',
      'decimal',
      'integer',
      'boolean',
      'null',
      'date',
      'datetime',
      'dateLiteral',
      'currency',
    ]);
    const cur = where('SELECT Id FROM Opportunity WHERE Amount > USD-12.5') as Comparison;
    expect(cur.right).toMatchObject({ kind: 'currency', currency: 'USD', value: -12.5, raw: 'USD-12.5' });
    const cur2 = where('SELECT Id FROM Opportunity WHERE Amount > eur5.25') as Comparison;
    expect(cur2.right).toMatchObject({ kind: 'currency', currency: 'EUR', value: 5.25, raw: 'eur5.25' });
  });

  it('string escapes are decoded; LIKE wildcards stay escaped', () => {
    const c = where("SELECT Id FROM A WHERE N = 'O\\'Brien\\n\\\\x\\u00e9'") as Comparison;
    expect(c.right).toMatchObject({ kind: 'string', value: "O'Brien\n\\xé", raw: "O\\'Brien\\n\\\\x\\u00e9" });
    const l = where("SELECT Id FROM A WHERE N LIKE 'Ter\\%%a\\_b_'") as Comparison;
    expect(l.right).toMatchObject({ kind: 'string', value: 'Ter\\%%a\\_b_' });
    expect(decodeLikePattern('Ter\\%%a\\_b_')).toEqual([
      { literal: 'Ter%' },
      { wildcard: '%' },
      { literal: 'a_b' },
      { wildcard: '_' },
    ]);
  });

  it('AND / OR are n-ary; parentheses show as nesting', () => {
    const flat = where("SELECT Id FROM A WHERE a = 1 AND b = 2 AND c = 3");
    expect(flat.kind).toBe('and');
    if (flat.kind === 'and') expect(flat.operands).toHaveLength(3);
    const nested = where('SELECT Id FROM A WHERE (a = 1 AND b = 2) OR c = 3');
    expect(stripSpans(nested)).toMatchObject({ kind: 'or', operands: [{ kind: 'and' }, { kind: 'comparison' }] });
    const redundant = where('SELECT Id FROM A WHERE ((a = 1))');
    expect(redundant.kind).toBe('comparison');
    const sameOp = where('SELECT Id FROM A WHERE (a = 1 AND b = 2) AND c = 3');
    expect(stripSpans(sameOp)).toMatchObject({ kind: 'and', operands: [{ kind: 'and' }, { kind: 'comparison' }] });
  });

  it('NOT applies to one simple condition', () => {
    expect(stripSpans(where("SELECT Id FROM A WHERE NOT Name LIKE 'A%'"))).toMatchObject({
      kind: 'not',
      operand: { kind: 'comparison', operator: 'LIKE' },
    });
    expect(stripSpans(where("SELECT Id FROM A WHERE x = 1 AND (NOT Name = 'a')"))).toMatchObject({
      kind: 'and',
      operands: [{ kind: 'comparison' }, { kind: 'not' }],
    });
  });

  it('operators', () => {
    const ops = ['=', '!=', '<>', '<', '<=', '>', '>=', 'LIKE'].map(
      (op) => (where(`SELECT Id FROM A WHERE x ${op} 'v'`) as Comparison).operator,
    );
    expect(ops).toEqual(['=', '!=', '<>', '<', '<=', '>', '>=', 'LIKE']);
    const notIn = where("SELECT Id FROM A WHERE x not  IN ('a')") as Comparison;
    expect(notIn.operator).toBe('NOT IN');
    expect(notIn.operatorSpan).toEqual({ start: 25, end: 32 });
    expect((where("SELECT Id FROM A WHERE x includes ('a;b')") as Comparison).operator).toBe('INCLUDES');
    expect((where("SELECT Id FROM A WHERE x EXCLUDES ('a')") as Comparison).operator).toBe('EXCLUDES');
  });

  it('semi-join subquery operand', () => {
    const c = where("SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact WHERE LastName = 'x')") as Comparison;
    expect(c.right.kind).toBe('subquery');
    if (c.right.kind === 'subquery') {
      expect(c.right.query.from.name.name).toBe('Contact');
      expect(c.right.span).toEqual({ start: 35, end: 87 });
    }
  });

  it('child subquery, TYPEOF, FIELDS in the select list', () => {
    const q = parseSoql(
      'SELECT Name, (SELECT LastName FROM Contacts LIMIT 2), TYPEOF What WHEN Account THEN Phone, Industry ELSE Name END, FIELDS(STANDARD) FROM Account',
    );
    expect(q.select.map((s) => s.kind)).toEqual(['selectField', 'selectSubquery', 'selectTypeof', 'selectFields']);
    expect(stripSpans(q.select[2])).toEqual({
      kind: 'selectTypeof',
      field: { kind: 'field', path: ['What'] },
      whens: [
        {
          kind: 'typeofWhen',
          objectType: { kind: 'ident', name: 'Account' },
          fields: [
            { kind: 'field', path: ['Phone'] },
            { kind: 'field', path: ['Industry'] },
          ],
        },
      ],
      else: { kind: 'typeofElse', fields: [{ kind: 'field', path: ['Name'] }] },
    });
    expect(q.select[3]).toMatchObject({ kind: 'selectFields', which: 'STANDARD' });
  });

  it('FROM alias, USING SCOPE, WITH, ROLLUP, LIMIT/OFFSET, FOR, UPDATE', () => {
    const q = parseSoql(
      'SELECT a.Name, COUNT(Id) FROM Account a USING SCOPE Mine WHERE a.Name != null WITH SECURITY_ENFORCED GROUP BY ROLLUP(a.Name) ORDER BY a.Name LIMIT 5 OFFSET 10 FOR VIEW UPDATE TRACKING',
    );
    expect(q.from).toMatchObject({ name: { name: 'Account' }, alias: { name: 'a' } });
    expect(q.usingScope?.scope.name).toBe('Mine');
    expect(q.with).toMatchObject({ kind: 'withMode', mode: 'SECURITY_ENFORCED' });
    expect(q.groupBy?.mode).toBe('rollup');
    expect(q.limit?.value).toMatchObject({ kind: 'integer', value: 5 });
    expect(q.offset?.value).toMatchObject({ kind: 'integer', value: 10 });
    expect(q.for?.mode).toBe('VIEW');
    expect(q.update?.mode).toBe('TRACKING');
  });

  it('WITH DATA CATEGORY', () => {
    const q = parseSoql('SELECT Title FROM Question WITH DATA CATEGORY Geography__c AT (usa__c, uk__c) AND Product__c BELOW All__c');
    expect(stripSpans(q.with)).toEqual({
      kind: 'withDataCategory',
      conditions: [
        {
          kind: 'dataCategoryCondition',
          group: { kind: 'ident', name: 'Geography__c' },
          selector: 'AT',
          categories: [
            { kind: 'ident', name: 'usa__c' },
            { kind: 'ident', name: 'uk__c' },
          ],
        },
        { kind: 'dataCategoryCondition', group: { kind: 'ident', name: 'Product__c' }, selector: 'BELOW', categories: [{ kind: 'ident', name: 'All__c' }] },
      ],
    });
  });

  it('bind variables are parsed for the checker to reject', () => {
    const m = parseSoql('SELECT Id FROM Account WHERE Id IN :idMap.keySet() AND Name = :a.b');
    expect(stripSpans(m.where)).toMatchObject({ operands: [{ right: { kind: 'bind', name: 'idMap.keySet()' } }, { right: { kind: 'bind', name: 'a.b' } }] });
    const q = parseSoql('SELECT Id FROM Account WHERE Id IN :ids LIMIT :n');
    expect((q.where as Comparison).right).toEqual({ kind: 'bind', name: 'ids', span: { start: 35, end: 39 } });
    expect(q.limit?.value).toMatchObject({ kind: 'bind', name: 'n' });
  });

  it('keywords are names where a name stands', () => {
    const q = parseSoql('SELECT Type, Name, Date, Count FROM Order ORDER BY Type');
    expect(q.select.map((s) => (s.kind === 'selectField' ? s.field.path[0] : ''))).toEqual(['Type', 'Name', 'Date', 'Count']);
    expect(q.from.name.name).toBe('Order');
    expect(q.from.alias).toBeUndefined();
    expect(parseSoql('SELECT Id FROM Group').from.name.name).toBe('Group');
    expect(parseSoql('SELECT TypeOf, Fields FROM X__c').select.map((s) => s.kind)).toEqual(['selectField', 'selectField']);
    expect(parseSoql('SELECT TYPEOF FROM X__c').select[0]?.kind).toBe('selectField');
  });

  it('spans of the query and its parts', () => {
    const text = "SELECT Id, Account.Name FROM Contact WHERE Account.Name = 'x'";
    const q: SoqlQuery = parseSoql(text);
    expect(q.span).toEqual({ start: 0, end: text.length });
    const f = q.select[1];
    expect(f?.span).toEqual({ start: 11, end: 23 });
    if (f?.kind === 'selectField') expect(f.field.pathSpans).toEqual([{ start: 11, end: 18 }, { start: 19, end: 23 }]);
    expect(q.from.span).toEqual({ start: 29, end: 36 });
    const c = q.where as Comparison;
    expect(c.span).toEqual({ start: 43, end: text.length });
    expect(c.operatorSpan).toEqual({ start: 56, end: 57 });
  });

  it('IN lists with hundreds of ids', () => {
    const idsList = Array.from({ length: 1000 }, (_, i) => `'500Wt${String(i).padStart(13, '0')}'`).join(',');
    const c = where(`SELECT Id FROM Case WHERE Id IN (${idsList})`) as Comparison;
    expect(c.right.kind === 'list' && c.right.items.length).toBe(1000);
  });
});

describe('reuse entry points (SOSL)', () => {
  it('parseWhere parses a bare condition', () => {
    expect(stripSpans(parseWhere("PublishStatus='Online' AND Language='en_US'"))).toMatchObject({ kind: 'and' });
  });

  it('SoqlParser can start at an offset and keeps absolute positions', () => {
    const text = "FIND {x} RETURNING Knowledge__kav(Id WHERE PublishStatus='Online' ORDER BY Title LIMIT 5)";
    const at = text.indexOf('WHERE');
    const p = new SoqlParser(text, at);
    p.expectWord('WHERE');
    const c = p.condition() as Comparison;
    expect(c.left.span).toEqual({ start: at + 6, end: at + 19 });
    const items = p.orderBy();
    expect(items[0]?.expr).toMatchObject({ path: ['Title'] });
    expect(p.limitClause().value).toMatchObject({ value: 5 });
    expect(p.peek()).toMatchObject({ kind: 'punct', text: ')' });
    expect(() => new SoqlParser(text, at).expectPunct('(')).toThrow(SalesforceError);
  });

  it('tokenize exposes tokens with absolute offsets', () => {
    const toks = tokenize("ab WHERE x = 'q'", 3);
    expect(toks.map((t) => t.kind)).toEqual(['ident', 'ident', 'punct', 'string', 'eof']);
    expect(toks[0]).toMatchObject({ text: 'WHERE', upper: 'WHERE', start: 3, end: 8 });
  });
});

describe('boolean node spans', () => {
  it('an and/or span runs from its first operand (with its parenthesis) to its last', () => {
    const text = "SELECT Id FROM A WHERE (a = 1 AND b = 2) OR c = 3";
    const w = where(text);
    expect(w.span).toEqual({ start: 23, end: text.length });
    if (w.kind === 'or') expect(w.operands[0]?.span).toEqual({ start: 24, end: 39 });
  });
});

describe('dotted FROM in a child subquery', () => {
  it('keeps the qualifying segments in prefix', () => {
    const q = parseSoql('SELECT Account.Name, (SELECT Contact.LastName FROM Account.Contacts) FROM Account');
    const sub = q.select[1];
    expect(sub?.kind).toBe('selectSubquery');
    if (sub?.kind === 'selectSubquery') {
      expect(stripSpans(sub.query.from)).toEqual({
        kind: 'from',
        prefix: [{ kind: 'ident', name: 'Account' }],
        name: { kind: 'ident', name: 'Contacts' },
      });
      expect(sub.query.from.span).toEqual({ start: 51, end: 67 });
    }
    expect(q.from.prefix).toBeUndefined();
  });
});

describe('implicit binds: a bare word in value position', () => {
  it('is a bind without a colon, which the checker rejects like any bind', () => {
    const eq = where('SELECT Id FROM Case WHERE Status = Closed') as Comparison;
    expect(eq.right).toEqual({ kind: 'bind', name: 'Closed', implicit: true, span: { start: 35, end: 41 } });
    const cmp = where('SELECT Id FROM Price__c WHERE Approved_Date__c > Last_Upload_Date__c') as Comparison;
    expect(cmp.right).toMatchObject({ kind: 'bind', name: 'Last_Upload_Date__c', implicit: true });
    const call = where("SELECT Id FROM Account WHERE PersonEmail = lower('a@b.c')") as Comparison;
    expect(call.right).toMatchObject({ kind: 'bind', name: "lower('a@b.c')", implicit: true });
    const now = where('SELECT Id FROM Case WHERE CreatedDate > NOW()') as Comparison;
    expect(now.right).toMatchObject({ kind: 'bind', name: 'NOW()', implicit: true });
    const list = where("SELECT Id FROM Case WHERE Status IN (New, 'Closed', a.b)") as Comparison;
    expect(stripSpans(list.right)).toEqual({
      kind: 'list',
      items: [
        { kind: 'bind', name: 'New', implicit: true },
        { kind: 'string', value: 'Closed', raw: 'Closed' },
        { kind: 'bind', name: 'a.b', implicit: true },
      ],
    });
  });

  it('literal words stay literals', () => {
    const kinds = ['TRUE', 'false', 'NULL', 'TODAY', 'LAST_N_DAYS:3', 'USD5'].map(
      (v) => (where(`SELECT Id FROM A WHERE x = ${v}`) as Comparison).right.kind,
    );
    expect(kinds).toEqual(['boolean', 'boolean', 'null', 'dateLiteral', 'dateLiteral', 'currency']);
  });
});
