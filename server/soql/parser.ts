// Recursive-descent SOQL parser: one method per grammar rule (EBNF in README.md), named after it.
// Syntax errors are SalesforceError('MALFORMED_QUERY') with Salesforce's wording and caret excerpt:
// `unexpected token: '<text>'`, `unexpected token: '<EOF>'`.
//
// SOQL reserves keywords only by position, so the parser compares `token.upper` where a keyword may
// stand and accepts any word as a name elsewhere (`SELECT Type FROM Order ORDER BY Type`).
//
// The SOSL engine reuses `SoqlParser` for the WHERE / ORDER BY / LIMIT / OFFSET inside RETURNING:
// construct it at an offset of the search text and call the rule methods (see README.md).

import type {
  BindVariable,
  CallArg,
  ComparisonOperator,
  Condition,
  DataCategoryCondition,
  DateLiteral,
  DateLiteralName,
  DateNLiteralName,
  FieldRef,
  ForClause,
  FromClause,
  FunctionCall,
  FunctionName,
  GroupByClause,
  Ident,
  IntegerLiteral,
  LimitClause,
  Literal,
  LiteralList,
  OffsetClause,
  Operand,
  OrderByItem,
  SelectItem,
  SelectTypeof,
  SoqlQuery,
  Span,
  TypeofElse,
  TypeofWhen,
  UpdateClause,
  UsingScopeClause,
  ValueExpr,
  WithClause,
} from './ast.js';
import { assertNever, DATE_LITERALS, DATE_N_LITERALS, FUNCTION_NAMES } from './ast.js';
import { SalesforceError, sfError } from './errors.js';
import { tokenize, type Token } from './lexer.js';

/** Deeper nesting (parentheses, subqueries, function calls) is rejected rather than risking the stack. */
export const MAX_NESTING = 500;

/**
 * Words that never name a field or an alias (Salesforce's reserved keyword list,
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_reservedwords.htm).
 * They may still name an object after FROM (`FROM Group`).
 */
const RESERVED = new Set([
  'AND',
  'ASC',
  'DESC',
  'EXCLUDES',
  'FIRST',
  'FROM',
  'GROUP',
  'HAVING',
  'IN',
  'INCLUDES',
  'LAST',
  'LIKE',
  'LIMIT',
  'NOT',
  'NULL',
  'NULLS',
  'OR',
  'SELECT',
  'WHERE',
  'WITH',
]);

/** Words that start the clauses after FROM, so they cannot be an object alias. */
const AFTER_FROM = new Set([...RESERVED, 'USING', 'ORDER', 'OFFSET', 'FOR', 'UPDATE']);

/** Words that cannot be the object name after FROM. */
const NOT_OBJECT = new Set(['SELECT', 'FROM', 'WHERE', 'WITH', 'LIMIT', 'OFFSET', 'HAVING', 'USING', 'FOR', 'UPDATE']);

const FUNCTIONS = new Map<string, FunctionName>(FUNCTION_NAMES.map((f) => [f.toUpperCase(), f]));
const PLAIN_DATE_LITERALS = new Set<string>(DATE_LITERALS);
const N_DATE_LITERALS = new Set<string>(DATE_N_LITERALS);

/** How many arguments each function takes: [min, max]. */
function arity(fn: FunctionName): [number, number] {
  switch (fn) {
    case 'COUNT':
      return [0, 1];
    case 'DISTANCE':
      return [3, 3];
    case 'GEOLOCATION':
      return [2, 2];
    default:
      return [1, 1];
  }
}

function span(start: number, end: number): Span {
  return { start, end };
}

// ───────────────────────────────────────────── entry points ────────────────────────────────────────

/** Parses a whole SOQL statement. Throws SalesforceError('MALFORMED_QUERY') on a syntax error. */
/**
 * "Maximum length of SOQL statements: By default, 100,000 characters."
 * https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_soslsoql.htm
 * The wire text for a longer statement is undocumented (ours; no excerpt, as for the other whole-query checks).
 */
export const MAX_SOQL_LENGTH = 100_000;

export function parseSoql(text: string): SoqlQuery {
  if (text.trim() === '') throw new SalesforceError('MALFORMED_QUERY', 'SOQL statements cannot be empty or null');
  if (text.length > MAX_SOQL_LENGTH) {
    throw new SalesforceError('MALFORMED_QUERY', `SOQL statements cannot be longer than ${MAX_SOQL_LENGTH} characters (this one has ${text.length})`);
  }
  const p = new SoqlParser(text);
  const q = p.query();
  p.expectEnd();
  return q;
}

/** Parses a stand-alone condition (`Name = 'x' AND Amount > 5`), e.g. for tests or SOSL. */
export function parseWhere(text: string, start = 0): Condition {
  const p = new SoqlParser(text, start);
  const c = p.condition();
  p.expectEnd();
  return c;
}

// ──────────────────────────────────────────────── parser ────────────────────────────────────────────

export class SoqlParser {
  readonly text: string;
  readonly tokens: Token[];
  /** Index of the next token. */
  pos = 0;
  private depth = 0;

  /** Lexes `text` from character offset `start`; spans and error columns stay absolute. */
  constructor(text: string, start = 0) {
    this.text = text;
    this.tokens = tokenize(text, start);
  }

  // ── token helpers ──

  peek(k = 0): Token {
    // The list ends with `eof` or `error`, and `pos` never passes it.
    return this.tokens[this.pos + k] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  next(): Token {
    const t = this.peek();
    if (t.kind === 'error') this.fail(t);
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  /** The current token is the keyword `word` (upper case). */
  isWord(word: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'ident' && t.upper === word;
  }

  isPunct(p: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'punct' && t.text === p;
  }

  acceptWord(word: string): Token | undefined {
    return this.isWord(word) ? this.next() : undefined;
  }

  expectWord(word: string): Token {
    if (!this.isWord(word)) this.fail(this.peek());
    return this.next();
  }

  expectPunct(p: string): Token {
    if (!this.isPunct(p)) this.fail(this.peek());
    return this.next();
  }

  /** End of the token before the current one. */
  get lastEnd(): number {
    return this.pos > 0 ? (this.tokens[this.pos - 1] as Token).end : 0;
  }

  /** Requires end of input. */
  expectEnd(): void {
    if (this.peek().kind !== 'eof') this.fail(this.peek());
  }

  /** Throws the syntax error for `tok`: its lexical error, or `unexpected token: '<text>'`. */
  fail(tok: Token, text?: string): never {
    const message = text ?? (tok.kind === 'error' ? (tok.message as string) : `unexpected token: '${tok.text}'`);
    throw sfError.MALFORMED_QUERY(message, { at: { source: this.text, offset: tok.start } });
  }

  private enter(tok: Token): void {
    if (++this.depth > MAX_NESTING) {
      this.fail(tok, `Query is too deeply nested (more than ${MAX_NESTING} levels)`);
    }
  }

  private leave(): void {
    this.depth--;
  }

  private ident(tok: Token): Ident {
    return { kind: 'ident', name: tok.text, span: span(tok.start, tok.end) };
  }

  /** A name token: any word not in `reserved`. */
  private name(reserved: ReadonlySet<string>): Token {
    const t = this.peek();
    if (t.kind !== 'ident' || reserved.has(t.upper)) this.fail(t);
    return this.next();
  }

  // ── query ──

  /**
   * query = SELECT selectList FROM fromClause [usingScope] [WHERE condition] [withClause]
   *         [groupBy [HAVING condition]] [orderBy] [limit] [offset] [for] [update]
   * `child`: a child subquery of the SELECT list, whose FROM may be dotted (`FROM Account.Contacts`).
   */
  query(child = false): SoqlQuery {
    const selectTok = this.expectWord('SELECT');
    this.enter(selectTok);
    const select = this.selectList();
    this.expectWord('FROM');
    const from = this.fromClause(child);
    const q: SoqlQuery = { kind: 'query', span: span(selectTok.start, 0), select, from };
    if (this.isWord('USING')) q.usingScope = this.usingScope();
    if (this.acceptWord('WHERE')) q.where = this.condition();
    if (this.isWord('WITH')) q.with = this.withClause();
    if (this.isWord('GROUP')) {
      q.groupBy = this.groupBy();
      if (this.acceptWord('HAVING')) q.having = this.condition();
    }
    if (this.isWord('ORDER')) q.orderBy = this.orderBy();
    if (this.isWord('LIMIT')) q.limit = this.limitClause();
    if (this.isWord('OFFSET')) q.offset = this.offsetClause();
    if (this.isWord('FOR')) q.for = this.forClause();
    if (this.isWord('UPDATE')) q.update = this.updateClause();
    q.span.end = this.lastEnd;
    this.leave();
    // Aliases name aggregate results; a plain field may carry one only when it is grouped.
    if (!q.groupBy) {
      for (const item of select) {
        if (item.kind === 'selectField' && item.alias) {
          throw sfError.MALFORMED_QUERY('only aggregate expressions use field aliasing', { at: { source: this.text, offset: item.alias.span.start } });
        }
      }
    }
    return q;
  }

  // ── SELECT list ──

  /** selectList = selectItem { "," selectItem } */
  selectList(): SelectItem[] {
    const items = [this.selectItem()];
    while (this.isPunct(',')) {
      this.next();
      items.push(this.selectItem());
    }
    return items;
  }

  /** selectItem = "(" query ")" | typeof | fieldsCall | functionCall [alias] | fieldPath [alias] */
  selectItem(): SelectItem {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '(') {
      this.next();
      const query = this.query(true);
      const close = this.expectPunct(')');
      return { kind: 'selectSubquery', query, span: span(t.start, close.end) };
    }
    if (t.kind === 'ident' && t.upper === 'TYPEOF') {
      const n = this.peek(1);
      if (n.kind === 'ident' && !RESERVED.has(n.upper)) return this.typeofClause();
    }
    if (t.kind === 'ident' && t.upper === 'FIELDS' && this.isPunct('(', 1)) return this.fieldsCall();
    if (t.kind === 'ident' && this.isPunct('(', 1)) {
      const call = this.functionCall();
      const alias = this.alias();
      return alias
        ? { kind: 'selectCall', call, alias, span: span(call.span.start, alias.span.end) }
        : { kind: 'selectCall', call, span: call.span };
    }
    const field = this.fieldPath();
    const alias = this.alias();
    return alias
      ? { kind: 'selectField', field, alias, span: span(field.span.start, alias.span.end) }
      : { kind: 'selectField', field, span: field.span };
  }

  /** alias = identifier (not a reserved word) */
  alias(): Ident | undefined {
    const t = this.peek();
    if (t.kind !== 'ident' || RESERVED.has(t.upper)) return undefined;
    return this.ident(this.next());
  }

  /** fieldsCall = FIELDS "(" (ALL | STANDARD | CUSTOM) ")" */
  fieldsCall(): SelectItem {
    const start = this.next();
    this.expectPunct('(');
    const w = this.peek();
    if (w.kind !== 'ident' || (w.upper !== 'ALL' && w.upper !== 'STANDARD' && w.upper !== 'CUSTOM')) this.fail(w);
    this.next();
    const close = this.expectPunct(')');
    return { kind: 'selectFields', which: w.upper as 'ALL' | 'STANDARD' | 'CUSTOM', span: span(start.start, close.end) };
  }

  /** typeof = TYPEOF fieldPath typeofWhen { typeofWhen } [ELSE fieldList] END */
  typeofClause(): SelectTypeof {
    const start = this.next();
    const field = this.fieldPath();
    const whens: TypeofWhen[] = [];
    do {
      const w = this.expectWord('WHEN');
      const objectType = this.ident(this.name(NOT_OBJECT));
      this.expectWord('THEN');
      const fields = this.typeofFieldList();
      whens.push({ kind: 'typeofWhen', objectType, fields, span: span(w.start, this.lastEnd) });
    } while (this.isWord('WHEN'));
    let elseClause: TypeofElse | undefined;
    const e = this.acceptWord('ELSE');
    if (e) elseClause = { kind: 'typeofElse', fields: this.typeofFieldList(), span: span(e.start, 0) };
    if (elseClause) elseClause.span.end = this.lastEnd;
    const end = this.expectWord('END');
    const node: SelectTypeof = { kind: 'selectTypeof', field, whens, span: span(start.start, end.end) };
    if (elseClause) node.else = elseClause;
    return node;
  }

  /** typeofFieldList = fieldPath { "," fieldPath } */
  typeofFieldList(): FieldRef[] {
    const fields = [this.fieldPath()];
    while (this.isPunct(',')) {
      this.next();
      fields.push(this.fieldPath());
    }
    return fields;
  }

  // ── expressions ──

  /** fieldPath = identifier { "." identifier } */
  fieldPath(): FieldRef {
    const first = this.name(RESERVED);
    const path = [first.text];
    const pathSpans = [span(first.start, first.end)];
    while (this.isPunct('.')) {
      this.next();
      const t = this.peek();
      if (t.kind !== 'ident') this.fail(t);
      this.next();
      path.push(t.text);
      pathSpans.push(span(t.start, t.end));
    }
    return { kind: 'field', path, pathSpans, span: span(first.start, this.lastEnd) };
  }

  /**
   * functionCall = functionName "(" [callArg { "," callArg }] ")"
   * GEOLOCATION(lat, lon) stands only as an argument of DISTANCE (`inDistance`).
   */
  functionCall(inDistance = false): FunctionCall {
    const nameTok = this.next();
    const fn = FUNCTIONS.get(nameTok.upper);
    // `LOWER(`, `CAST(`: the "(" is what SOQL cannot take here
    if (!fn || (fn === 'GEOLOCATION' && !inDistance)) this.fail(this.peek());
    const open = this.expectPunct('(');
    this.enter(open);
    const [min, max] = arity(fn);
    const args: CallArg[] = [];
    if (!this.isPunct(')') || min > 0) {
      args.push(this.callArg(fn, 0));
      while (args.length < max && this.isPunct(',')) {
        this.next();
        args.push(this.callArg(fn, args.length));
      }
    }
    if (args.length < min) this.fail(this.peek());
    const close = this.expectPunct(')');
    this.leave();
    return { kind: 'call', fn, nameSpan: span(nameTok.start, nameTok.end), args, span: span(nameTok.start, close.end) };
  }

  /**
   * callArg = functionCall | fieldPath, except:
   *   DISTANCE(location, location, string) with location = fieldPath | GEOLOCATION(...)
   *   GEOLOCATION(number, number)
   */
  callArg(fn: FunctionName, index: number): CallArg {
    const t = this.peek();
    if (fn === 'GEOLOCATION') {
      if (t.kind !== 'integer' && t.kind !== 'decimal') this.fail(t);
      return this.literal();
    }
    if (fn === 'DISTANCE' && index === 2) {
      if (t.kind !== 'string') this.fail(t);
      return this.literal();
    }
    if (t.kind === 'ident' && this.isPunct('(', 1)) {
      if (fn === 'DISTANCE' && t.upper !== 'GEOLOCATION') this.fail(this.peek(1));
      return this.functionCall(fn === 'DISTANCE');
    }
    return this.fieldPath();
  }

  /** valueExpr = functionCall | fieldPath */
  valueExpr(): ValueExpr {
    const t = this.peek();
    if (t.kind === 'ident' && this.isPunct('(', 1) && !RESERVED.has(t.upper)) return this.functionCall();
    return this.fieldPath();
  }

  // ── FROM ──

  /** fromClause = objectName [alias] ; in a child subquery: identifier { "." identifier } [alias] */
  fromClause(dotted = false): FromClause {
    const nameTok = this.name(NOT_OBJECT);
    let name = this.ident(nameTok);
    const prefix: Ident[] = [];
    while (dotted && this.isPunct('.')) {
      this.next();
      const seg = this.peek();
      if (seg.kind !== 'ident') this.fail(seg);
      prefix.push(name);
      name = this.ident(this.next());
    }
    const from: FromClause = { kind: 'from', name, span: span(nameTok.start, name.span.end) };
    if (prefix.length > 0) from.prefix = prefix;
    const t = this.peek();
    if (t.kind === 'ident' && !AFTER_FROM.has(t.upper)) {
      from.alias = this.ident(this.next());
      from.span.end = from.alias.span.end;
    }
    // relationship aliases: FROM Contact c, c.Account a
    // https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_relationships_and_aliases.htm
    while (!dotted && this.isPunct(',')) {
      this.next();
      const path = this.fieldPath();
      if (path.path.length < 2) this.fail(this.peek());
      const a = this.peek();
      if (a.kind !== 'ident' || AFTER_FROM.has(a.upper)) this.fail(a);
      const alias = this.ident(this.next());
      (from.relationships ??= []).push({ path, alias });
      from.span.end = alias.span.end;
    }
    return from;
  }

  /** usingScope = USING SCOPE identifier */
  usingScope(): UsingScopeClause {
    const start = this.expectWord('USING');
    this.expectWord('SCOPE');
    const scope = this.ident(this.name(RESERVED));
    return { kind: 'usingScope', scope, span: span(start.start, scope.span.end) };
  }

  // ── conditions (WHERE, HAVING) ──

  /**
   * condition = NOT simpleCondition
   *           | simpleCondition { AND simpleCondition }
   *           | simpleCondition { OR simpleCondition }
   * Mixing AND and OR at one level is an error at the second operator (`unexpected token: 'OR'`);
   * NOT applies to one simple condition and only at the start of a level (`a AND NOT (b)` fails at NOT).
   */
  condition(): Condition {
    const t = this.peek();
    if (t.kind === 'ident' && t.upper === 'NOT') {
      this.next();
      const operand = this.simpleCondition();
      return { kind: 'not', operand, span: span(t.start, operand.span.end) };
    }
    const first = this.simpleCondition();
    const start = t.start; // includes an opening parenthesis of the first operand
    const op = this.peek();
    if (op.kind !== 'ident' || (op.upper !== 'AND' && op.upper !== 'OR')) return first;
    const operands = [first];
    while (this.isWord(op.upper)) {
      this.next();
      operands.push(this.simpleCondition());
    }
    const other = op.upper === 'AND' ? 'OR' : 'AND';
    if (this.isWord(other)) this.fail(this.peek());
    const kind = op.upper === 'AND' ? 'and' : 'or';
    return { kind, operands, span: span(start, this.lastEnd) };
  }

  /** simpleCondition = "(" condition ")" | comparison */
  simpleCondition(): Condition {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === '(') {
      this.next();
      this.enter(t);
      const inner = this.condition();
      this.expectPunct(')');
      this.leave();
      return inner;
    }
    return this.comparison();
  }

  /** comparison = valueExpr operator operand */
  comparison(): Condition {
    const left = this.valueExpr();
    const { operator, operatorSpan } = this.operator();
    const right = this.operand(operator);
    return { kind: 'comparison', left, operator, operatorSpan, right, span: span(left.span.start, right.span.end) };
  }

  /** operator = "=" | "!=" | "<>" | "<" | "<=" | ">" | ">=" | LIKE | IN | NOT IN | INCLUDES | EXCLUDES */
  operator(): { operator: ComparisonOperator; operatorSpan: Span } {
    const t = this.peek();
    if (t.kind === 'punct') {
      switch (t.text) {
        case '=':
        case '!=':
        case '<>':
        case '<':
        case '<=':
        case '>':
        case '>=':
          this.next();
          return { operator: t.text, operatorSpan: span(t.start, t.end) };
        default:
          this.fail(t);
      }
    }
    if (t.kind === 'ident') {
      switch (t.upper) {
        case 'LIKE':
        case 'IN':
        case 'INCLUDES':
        case 'EXCLUDES':
          this.next();
          return { operator: t.upper, operatorSpan: span(t.start, t.end) };
        case 'NOT': {
          this.next();
          const inTok = this.expectWord('IN');
          return { operator: 'NOT IN', operatorSpan: span(t.start, inTok.end) };
        }
        default:
      }
    }
    this.fail(t);
  }

  /**
   * operand = bind | "(" query ")" (IN / NOT IN) | "(" listItem { "," listItem } ")" (IN, NOT IN,
   *           INCLUDES, EXCLUDES) | literal (the others)
   */
  operand(op: ComparisonOperator): Operand {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === ':') return this.bind();
    const listOp = op === 'IN' || op === 'NOT IN' || op === 'INCLUDES' || op === 'EXCLUDES';
    if (!listOp) return this.value();
    if (!(t.kind === 'punct' && t.text === '(')) this.fail(t);
    if ((op === 'IN' || op === 'NOT IN') && this.isWord('SELECT', 1)) {
      this.next();
      const query = this.query();
      const close = this.expectPunct(')');
      return { kind: 'subquery', query, span: span(t.start, close.end) };
    }
    return this.literalList();
  }

  /** literalList = "(" listItem { "," listItem } ")" ; listItem = literal | bind */
  literalList(): LiteralList {
    const open = this.expectPunct('(');
    const items: LiteralList['items'] = [];
    do {
      if (items.length > 0) this.next();
      items.push(this.isPunct(':') ? this.bind() : this.value());
    } while (this.isPunct(','));
    const close = this.expectPunct(')');
    return { kind: 'list', items, span: span(open.start, close.end) };
  }

  /**
   * value = literal | implicitBind
   * implicitBind = bindExpression — a word that is no literal (`Status = Closed`, `ClosedDate > CreatedDate`,
   * `= lower('x')`): Salesforce takes it for an Apex expression (see BindVariable.implicit).
   */
  value(): Literal | BindVariable {
    const t = this.peek();
    if (t.kind !== 'ident') return this.literal();
    const lit = this.wordLiteral(t);
    if (lit) return lit;
    if (RESERVED.has(t.upper)) this.fail(t);
    return this.bindExpression(t, true);
  }

  /**
   * bind = ":" bindExpression ; bindExpression = identifier { "." identifier | "(" balanced tokens ")" }
   * Apex expressions such as `:acct.Id` or `:idMap.keySet()` are taken whole, so the checker can
   * answer `Bind variables only allowed in Apex code` rather than a syntax error.
   */
  bind(): BindVariable {
    const colon = this.expectPunct(':');
    const first = this.peek();
    if (first.kind !== 'ident' || first.start !== colon.end) this.fail(first);
    return this.bindExpression(colon, false);
  }

  /** The expression of a bind, from its first word; `from` is the colon, or that word when implicit. */
  private bindExpression(from: Token, implicit: boolean): BindVariable {
    const textStart = implicit ? from.start : from.end;
    this.next();
    for (;;) {
      if (this.isPunct('.') && this.peek(1).kind === 'ident') {
        this.next();
        this.next();
      } else if (this.isPunct('(') && this.peek().start === this.lastEnd) {
        const open = this.next();
        this.enter(open);
        let depth = 1;
        while (depth > 0) {
          const t = this.peek();
          if (t.kind === 'eof') this.fail(t);
          if (t.kind === 'punct' && t.text === '(') depth++;
          if (t.kind === 'punct' && t.text === ')') depth--;
          this.next();
        }
        this.leave();
      } else {
        break;
      }
    }
    const node: BindVariable = { kind: 'bind', name: this.text.slice(textStart, this.lastEnd), span: span(from.start, this.lastEnd) };
    if (implicit) node.implicit = true;
    return node;
  }

  /**
   * literal = string | integer | decimal | TRUE | FALSE | NULL | date | datetime
   *         | dateLiteral [":" integer] | currencyLiteral
   */
  literal(): Literal {
    const t = this.peek();
    const s = span(t.start, t.end);
    switch (t.kind) {
      case 'string':
        this.next();
        return { kind: 'string', value: t.value as string, raw: t.text.slice(1, -1), span: s };
      case 'integer':
        this.next();
        return { kind: 'integer', value: Number(t.text), raw: t.text, span: s };
      case 'decimal':
        this.next();
        return { kind: 'decimal', value: Number(t.text), raw: t.text, span: s };
      case 'date': {
        this.next();
        const d = t.date as NonNullable<Token['date']>;
        return { kind: 'date', raw: t.text, year: d.year, month: d.month, day: d.day, span: s };
      }
      case 'datetime': {
        this.next();
        return { kind: 'datetime', raw: t.text, ...(t.date as NonNullable<Token['date']>), span: s };
      }
      case 'ident':
        return this.wordLiteral(t) ?? this.fail(t);
      case 'punct':
      case 'symbol':
      case 'error':
      case 'eof':
        return this.fail(t);
      default:
        return assertNever(t.kind);
    }
  }

  /** TRUE, FALSE, NULL, date literals, currency literals; undefined (nothing consumed) for other words. */
  private wordLiteral(t: Token): Literal | undefined {
    const s = span(t.start, t.end);
    switch (t.upper) {
      case 'TRUE':
      case 'FALSE':
        this.next();
        return { kind: 'boolean', value: t.upper === 'TRUE', span: s };
      case 'NULL':
        this.next();
        return { kind: 'null', span: s };
      default:
    }
    if (PLAIN_DATE_LITERALS.has(t.upper)) {
      this.next();
      return { kind: 'dateLiteral', name: t.upper as DateLiteralName, span: s };
    }
    if (N_DATE_LITERALS.has(t.upper)) return this.dateNLiteral(t);
    return this.currencyLiteral(t);
  }

  /** dateNLiteral = LAST_N_DAYS ":" integer (and the other N literals) */
  private dateNLiteral(t: Token): DateLiteral {
    this.next();
    this.expectPunct(':');
    const n = this.peek();
    // n must be a (safe) integer; a value too large to represent is rejected as a token.
    if (n.kind !== 'integer' || !Number.isSafeInteger(Number(n.text))) this.fail(n);
    this.next();
    return { kind: 'dateLiteral', name: t.upper as DateNLiteralName, n: Number(n.text), span: span(t.start, n.end) };
  }

  /** currencyLiteral = ISO code immediately followed by a number: USD500, USD-12.5, EUR5.25 */
  private currencyLiteral(t: Token): Literal | undefined {
    const w = t.upper;
    if (w.length < 3 || !isLetters(w, 0, 3)) return undefined;
    let end = t.end;
    let numText = '';
    let consumed = 1;
    if (w.length === 3) {
      const n = this.peek(1);
      if ((n.kind !== 'integer' && n.kind !== 'decimal') || n.start !== t.end) return undefined;
      numText = n.text;
      end = n.end;
      consumed = 2;
    } else {
      if (!isDigits(w, 3, w.length)) return undefined;
      numText = w.slice(3);
      const dot = this.peek(1);
      const frac = this.peek(2);
      if (dot.kind === 'punct' && dot.text === '.' && dot.start === t.end && frac.kind === 'integer' && frac.start === dot.end && /^\d+$/.test(frac.text)) {
        numText += `.${frac.text}`;
        end = frac.end;
        consumed = 3;
      }
    }
    for (let k = 0; k < consumed; k++) this.next();
    return {
      kind: 'currency',
      currency: w.slice(0, 3),
      value: Number(numText),
      raw: this.text.slice(t.start, end),
      span: span(t.start, end),
    };
  }

  // ── WITH ──

  /** withClause = WITH (SECURITY_ENFORCED | USER_MODE | SYSTEM_MODE | DATA CATEGORY dataCategoryCondition { AND dataCategoryCondition }) */
  withClause(): WithClause {
    const w = this.expectWord('WITH');
    const t = this.peek();
    if (t.kind === 'ident') {
      switch (t.upper) {
        case 'SECURITY_ENFORCED':
        case 'USER_MODE':
        case 'SYSTEM_MODE':
          this.next();
          return { kind: 'withMode', mode: t.upper, span: span(w.start, t.end) };
        case 'DATA': {
          this.next();
          this.expectWord('CATEGORY');
          const conditions = [this.dataCategoryCondition()];
          while (this.acceptWord('AND')) conditions.push(this.dataCategoryCondition());
          return { kind: 'withDataCategory', conditions, span: span(w.start, this.lastEnd) };
        }
        default:
      }
    }
    this.fail(t);
  }

  /** dataCategoryCondition = identifier (AT | ABOVE | BELOW | ABOVE_OR_BELOW) (identifier | "(" identifier { "," identifier } ")") */
  dataCategoryCondition(): DataCategoryCondition {
    const group = this.ident(this.name(RESERVED));
    const s = this.peek();
    if (s.kind !== 'ident' || !['AT', 'ABOVE', 'BELOW', 'ABOVE_OR_BELOW'].includes(s.upper)) this.fail(s);
    this.next();
    const categories: Ident[] = [];
    if (this.isPunct('(')) {
      this.next();
      categories.push(this.ident(this.name(RESERVED)));
      while (this.isPunct(',')) {
        this.next();
        categories.push(this.ident(this.name(RESERVED)));
      }
      this.expectPunct(')');
    } else {
      categories.push(this.ident(this.name(RESERVED)));
    }
    return {
      kind: 'dataCategoryCondition',
      group,
      selector: s.upper as DataCategoryCondition['selector'],
      categories,
      span: span(group.span.start, this.lastEnd),
    };
  }

  // ── GROUP BY / ORDER BY ──

  /** groupBy = GROUP BY ( (ROLLUP | CUBE) "(" valueExpr { "," valueExpr } ")" | valueExpr { "," valueExpr } ) */
  groupBy(): GroupByClause {
    const g = this.expectWord('GROUP');
    this.expectWord('BY');
    let mode: GroupByClause['mode'] = 'plain';
    if ((this.isWord('ROLLUP') || this.isWord('CUBE')) && this.isPunct('(', 1)) {
      mode = this.next().upper === 'ROLLUP' ? 'rollup' : 'cube';
      this.next();
      const items = this.valueExprList();
      this.expectPunct(')');
      return { kind: 'groupBy', mode, items, span: span(g.start, this.lastEnd) };
    }
    const items = this.valueExprList();
    return { kind: 'groupBy', mode, items, span: span(g.start, this.lastEnd) };
  }

  private valueExprList(): ValueExpr[] {
    const items = [this.valueExpr()];
    while (this.isPunct(',')) {
      this.next();
      items.push(this.valueExpr());
    }
    return items;
  }

  /** orderBy = ORDER BY orderByItem { "," orderByItem } */
  orderBy(): OrderByItem[] {
    this.expectWord('ORDER');
    this.expectWord('BY');
    const items = [this.orderByItem()];
    while (this.isPunct(',')) {
      this.next();
      items.push(this.orderByItem());
    }
    return items;
  }

  /** orderByItem = valueExpr [ASC | DESC] [NULLS (FIRST | LAST)] */
  orderByItem(): OrderByItem {
    const expr = this.valueExpr();
    const item: OrderByItem = { kind: 'orderByItem', expr, span: span(expr.span.start, 0) };
    if (this.isWord('ASC') || this.isWord('DESC')) item.direction = this.next().upper as 'ASC' | 'DESC';
    if (this.acceptWord('NULLS')) {
      const t = this.peek();
      if (!(t.kind === 'ident' && (t.upper === 'FIRST' || t.upper === 'LAST'))) this.fail(t);
      this.next();
      item.nulls = t.upper as 'FIRST' | 'LAST';
    }
    item.span.end = this.lastEnd;
    return item;
  }

  // ── LIMIT / OFFSET / FOR / UPDATE ──

  /** limit = LIMIT (unsignedInteger | bind) */
  limitClause(): LimitClause {
    const l = this.expectWord('LIMIT');
    const value = this.countValue();
    return { kind: 'limit', value, span: span(l.start, value.span.end) };
  }

  /** offset = OFFSET (unsignedInteger | bind) */
  offsetClause(): OffsetClause {
    const o = this.expectWord('OFFSET');
    const value = this.countValue();
    return { kind: 'offset', value, span: span(o.start, value.span.end) };
  }

  private countValue(): IntegerLiteral | BindVariable {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === ':') return this.bind();
    if (t.kind !== 'integer' || t.text.charCodeAt(0) < 48) this.fail(t);
    this.next();
    return { kind: 'integer', value: Number(t.text), raw: t.text, span: span(t.start, t.end) };
  }

  /** for = FOR (VIEW | REFERENCE | UPDATE) */
  forClause(): ForClause {
    const f = this.expectWord('FOR');
    const t = this.peek();
    if (!(t.kind === 'ident' && (t.upper === 'VIEW' || t.upper === 'REFERENCE' || t.upper === 'UPDATE'))) this.fail(t);
    this.next();
    return { kind: 'for', mode: t.upper as ForClause['mode'], span: span(f.start, t.end) };
  }

  /** update = UPDATE (TRACKING | VIEWSTAT) */
  updateClause(): UpdateClause {
    const u = this.expectWord('UPDATE');
    const t = this.peek();
    if (!(t.kind === 'ident' && (t.upper === 'TRACKING' || t.upper === 'VIEWSTAT'))) this.fail(t);
    this.next();
    return { kind: 'update', mode: t.upper as UpdateClause['mode'], span: span(u.start, t.end) };
  }
}

function isLetters(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 65 || c > 90) return false;
  }
  return true;
}

function isDigits(s: string, from: number, to: number): boolean {
  if (from >= to) return false;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
