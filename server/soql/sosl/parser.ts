// Recursive-descent SOSL parser: one function per clause, in the order Salesforce requires.
// https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_sosl_syntax.htm
//
//   FIND {terms} [IN group FIELDS] [RETURNING object {, object}] {WITH …} [LIMIT n] [UPDATE TRACKING|VIEWSTAT {, …}]
//   object = Name [ "(" field {, field} [WHERE cond] [ORDER BY items] [LIMIT n] [OFFSET n] ")" ]
//
// REST requires the braces: `FIND 'x'` (Apex syntax) is rejected with Salesforce's MALFORMED_SEARCH text.
import { SalesforceError, sfError } from '../errors.js';
import type { Condition, OrderByItem, SelectItem } from '../ast.js';
import { SoqlParser } from '../parser.js';
import type { NumberClause, ReturningObject, SearchGroup, SoqlFragment, SoslQuery, Span, UpdateClause, WithClause } from './ast.js';
import { SEARCH_GROUPS } from './ast.js';
import { lexOuter, type OuterToken } from './lexer.js';
import { NO_SEARCH_TERM_TEXT, parseTerms, scanBraces } from './terms.js';

export const NO_SEARCH_TERM = NO_SEARCH_TERM_TEXT;
/** The maximum (and default) number of rows a SOSL query returns. */
export const MAX_SOSL_LIMIT = 2000;

const IDENT = /^[A-Za-z][A-Za-z0-9_]*$/;
const NUMBER = /^\d+$/;
/** Keywords that end a field list, WHERE or ORDER BY inside RETURNING (at nesting depth 0). */
const OBJECT_CLAUSES = new Set(['WHERE', 'ORDER', 'LIMIT', 'OFFSET', 'USING']);
/** Keywords that end a top-level WITH clause. */
const TOP_CLAUSES = new Set(['WITH', 'LIMIT', 'UPDATE']);
/** WITH clause names Salesforce accepts (the checker decides which Localforce emulates). */
const WITH_NAMES = new Set(['SNIPPET', 'HIGHLIGHT', 'METADATA', 'NETWORK', 'DATA', 'DIVISION', 'PRICEBOOKID', 'SPELL_CORRECTION', 'SECURITY_ENFORCED', 'USER_MODE', 'SYSTEM_MODE']);

export function parseSosl(query: string): SoslQuery {
  return new Parser(query).query();
}

class Parser {
  private toks: OuterToken[] = [];
  private pos = 0;

  constructor(private readonly text: string) {}

  query(): SoslQuery {
    const m = /^\s*/.exec(this.text)!;
    let i = m[0].length;
    if (i >= this.text.length) throw new SalesforceError('MALFORMED_SEARCH', NO_SEARCH_TERM);
    const head = /^[A-Za-z_]+/.exec(this.text.slice(i));
    if (!head || head[0].toUpperCase() !== 'FIND') {
      const tok = lexOuter(this.text, i)[0];
      throw this.error(i, `unexpected token: '${tok?.text ?? '<EOF>'}'`);
    }
    const findStart = i;
    i += 4;
    while (i < this.text.length && /\s/.test(this.text[i]!)) i++;
    if (this.text[i] !== '{') throw new SalesforceError('MALFORMED_SEARCH', NO_SEARCH_TERM);
    const close = scanBraces(this.text, i);
    const terms = parseTerms(this.text, i + 1, close);
    const search = { kind: 'find' as const, raw: this.text.slice(i + 1, close), terms, span: { start: findStart, end: close + 1 } };
    this.toks = lexOuter(this.text, close + 1);
    const inClause = this.searchGroup();
    const returning = this.returning();
    const withs: WithClause[] = [];
    while (this.isWord('WITH')) withs.push(this.withClause());
    const limit = this.isWord('LIMIT') ? this.limitClause() : null;
    const update = this.isWord('UPDATE') ? this.updateClause() : null;
    if (this.peek()) throw this.unexpected(this.peek());
    return { kind: 'sosl', search, in: inClause, returning, with: withs, limit, update, span: { start: findStart, end: this.text.length } };
  }

  // ── clauses ──

  private searchGroup(): SoslQuery['in'] {
    if (!this.isWord('IN')) return null;
    const start = this.next().span.start;
    const g = this.peek();
    if (g?.kind !== 'word' || !(SEARCH_GROUPS as readonly string[]).includes(g.upper)) throw this.unexpected(g);
    this.pos++;
    const f = this.peek();
    if (f?.kind !== 'word' || f.upper !== 'FIELDS') throw this.unexpected(f);
    this.pos++;
    return { kind: 'searchGroup', group: g.upper as SearchGroup, span: { start, end: f.span.end } };
  }

  private returning(): ReturningObject[] | null {
    if (!this.isWord('RETURNING')) return null;
    this.pos++;
    const list: ReturningObject[] = [this.returningObject()];
    while (this.peek()?.kind === 'comma') {
      this.pos++;
      list.push(this.returningObject());
    }
    return list;
  }

  private returningObject(): ReturningObject {
    const name = this.peek();
    if (name?.kind !== 'word' || !IDENT.test(name.text)) throw this.unexpected(name);
    this.pos++;
    const base = { kind: 'returningObject' as const, name: name.text, nameSpan: name.span };
    if (this.peek()?.kind !== 'lparen') {
      return { ...base, fields: null, where: null, orderBy: null, limit: null, offset: null, span: name.span };
    }
    this.pos++;
    const fieldStops = new Set(['COMMA', ...OBJECT_CLAUSES]);
    const fields: SoqlFragment<SelectItem>[] = [this.fragment(fieldStops, (p) => p.selectItem())];
    while (this.peek()?.kind === 'comma') {
      this.pos++;
      fields.push(this.fragment(fieldStops, (p) => p.selectItem()));
    }
    let where: SoqlFragment<Condition> | null = null;
    let orderBy: SoqlFragment<readonly OrderByItem[]> | null = null;
    let limit: NumberClause | null = null;
    let offset: NumberClause | null = null;
    if (this.isWord('WHERE')) {
      this.pos++;
      where = this.fragment(OBJECT_CLAUSES, (p) => p.condition());
    }
    if (this.isWord('USING')) {
      throw new SalesforceError('NOT_EMULATED', 'Localforce does not emulate USING LISTVIEW in SOSL RETURNING');
    }
    if (this.isWord('ORDER')) {
      this.pos++;
      if (!this.isWord('BY')) throw this.unexpected(this.peek());
      this.pos++;
      orderBy = this.fragment(new Set(['LIMIT', 'OFFSET']), (p) => {
        const items = [p.orderByItem()];
        while (p.isPunct(',')) {
          p.next();
          items.push(p.orderByItem());
        }
        return items;
      });
    }
    if (this.isWord('LIMIT')) limit = this.number();
    if (this.isWord('OFFSET')) offset = this.number();
    const close = this.peek();
    if (close?.kind !== 'rparen') throw this.unexpected(close);
    this.pos++;
    return { ...base, fields, where, orderBy, limit, offset, span: { start: name.span.start, end: close.span.end } };
  }

  /**
   * Tokens up to a stop keyword (or a comma, when 'COMMA' is a stop) at depth 0, or the closing
   * parenthesis of the object; at least one token. The text is then parsed by the SOQL parser rule
   * `rule` at its absolute offset, which must consume exactly the fragment.
   */
  private fragment<T>(stops: ReadonlySet<string>, rule: (p: SoqlParser) => T): SoqlFragment<T> {
    const first = this.peek();
    let depth = 0;
    let last: OuterToken | undefined;
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if (depth === 0) {
        if (t.kind === 'rparen') break;
        if (t.kind === 'comma' && stops.has('COMMA')) break;
        if (t.kind === 'word' && stops.has(t.upper)) break;
      }
      if (t.kind === 'lparen') depth++;
      if (t.kind === 'rparen') depth--;
      last = t;
      this.pos++;
    }
    if (!first || !last) throw this.unexpected(this.peek());
    const span: Span = { start: first.span.start, end: last.span.end };
    return { kind: 'soqlFragment', text: this.text.slice(span.start, span.end), span, ast: this.soql(span, rule) };
  }

  /**
   * Runs a SOQL parser rule over exactly `span` (the text is cut at its end, so a rule cannot read past
   * it: `Name ORDER BY …` must not make `ORDER` an alias); spans stay absolute. A syntax error is
   * reported as the whole statement shows it (the token after the fragment, the full row in the
   * excerpt), as MALFORMED_SEARCH.
   */
  private soql<T>(span: Span, rule: (p: SoqlParser) => T): T {
    const run = (text: string) => {
      const p = new SoqlParser(text, span.start);
      const ast = rule(p);
      if (p.peek().start < span.end) p.fail(p.peek());
      return ast;
    };
    try {
      return run(this.text.slice(0, span.end));
    } catch (e) {
      if (!(e instanceof SalesforceError) || e.errorCode !== 'MALFORMED_QUERY') throw e;
      try {
        run(this.text);
      } catch (full) {
        if (full instanceof SalesforceError && full.errorCode === 'MALFORMED_QUERY') throw full.withCode('MALFORMED_SEARCH');
        throw full;
      }
      throw new SalesforceError('MALFORMED_SEARCH', e.text, e.status, e.fields, e.location && { source: this.text, offset: e.location.offset });
    }
  }

  private number(): NumberClause {
    const kw = this.next();
    const n = this.peek();
    if (n?.kind !== 'word' || !NUMBER.test(n.text)) throw this.unexpected(n);
    this.pos++;
    return { kind: 'number', value: Number(n.text), span: { start: kw.span.start, end: n.span.end } };
  }

  private withClause(): WithClause {
    const kw = this.next();
    const name = this.peek();
    const head = name?.kind === 'word' ? name.upper.split('=')[0]! : '';
    if (!WITH_NAMES.has(head)) throw this.unexpected(name);
    let last: OuterToken = name!;
    this.pos++;
    let depth = 0;
    for (let t = this.peek(); t; t = this.peek()) {
      if (depth === 0 && t.kind === 'word' && TOP_CLAUSES.has(t.upper)) break;
      if (t.kind === 'lparen') depth++;
      if (t.kind === 'rparen') depth--;
      last = t;
      this.pos++;
    }
    const span = { start: kw.span.start, end: last.span.end };
    return { kind: 'with', name: head === 'DATA' ? 'DATA CATEGORY' : head, text: this.text.slice(span.start, span.end), span };
  }

  private limitClause(): NumberClause {
    return this.number();
  }

  private updateClause(): UpdateClause {
    const kw = this.next();
    const items: ('TRACKING' | 'VIEWSTAT')[] = [];
    let end = kw.span.end;
    for (;;) {
      const t = this.peek();
      if (t?.kind !== 'word' || (t.upper !== 'TRACKING' && t.upper !== 'VIEWSTAT')) throw this.unexpected(t);
      this.pos++;
      items.push(t.upper);
      end = t.span.end;
      if (this.peek()?.kind !== 'comma') break;
      this.pos++;
    }
    return { kind: 'update', items, span: { start: kw.span.start, end } };
  }

  // ── helpers ──

  private peek(): OuterToken | undefined {
    return this.toks[this.pos];
  }

  private next(): OuterToken {
    const t = this.toks[this.pos++];
    if (!t) throw this.unexpected(undefined);
    return t;
  }

  private isWord(upper: string): boolean {
    const t = this.peek();
    return t?.kind === 'word' && t.upper === upper;
  }

  private unexpected(t: OuterToken | undefined): SalesforceError {
    return this.error(t ? t.span.start : this.text.length, `unexpected token: '${t ? t.text : '<EOF>'}'`);
  }

  private error(offset: number, text: string): SalesforceError {
    return sfError.MALFORMED_SEARCH(text, { at: { source: this.text, offset } });
  }
}
