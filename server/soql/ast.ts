// The SOQL abstract syntax tree: plain data, every node tagged by `kind` and carrying a `span`
// (0-based character offsets into the query text, `end` exclusive). Produced by parser.ts, printed
// by printer.ts, resolved against the schema by check.ts. No name resolution happens here: a field
// path is the dotted identifiers as written (the checker decides whether the first segment is the
// FROM object, its alias or a relationship).
//
// Grammar: server/soql/README.md. Salesforce reference:
// https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select.htm
//
// Stability: other engines build on these types. Changes are additive only.

export interface Span {
  /** 0-based offset of the first character. */
  start: number;
  /** 0-based offset just past the last character. */
  end: number;
}

/** An identifier as written (original case kept). */
export interface Ident {
  kind: 'ident';
  name: string;
  span: Span;
}

// ───────────────────────────────────────────── query ─────────────────────────────────────────────

/**
 * A SELECT statement: the root query, a child subquery in the SELECT list, or a semi/anti-join
 * subquery in WHERE. The grammar is the same for all three; the checker enforces what each context
 * allows (e.g. no GROUP BY in a child subquery).
 */
export interface SoqlQuery {
  kind: 'query';
  span: Span;
  select: SelectItem[];
  from: FromClause;
  usingScope?: UsingScopeClause;
  where?: Condition;
  with?: WithClause;
  groupBy?: GroupByClause;
  having?: Condition;
  orderBy?: OrderByItem[];
  limit?: LimitClause;
  offset?: OffsetClause;
  for?: ForClause;
  update?: UpdateClause;
}

// ─────────────────────────────────────────── expressions ───────────────────────────────────────────

/** `Name`, `Account.Owner.Name`, `a.Name`, `OrderItem.Order.AccountId`: dotted identifiers as written. */
export interface FieldRef {
  kind: 'field';
  /** Segments as written, e.g. ['Account', 'Owner', 'Name']. */
  path: string[];
  /** One span per segment, parallel to `path`. */
  pathSpans: Span[];
  span: Span;
}

/** Aggregate functions. `COUNT()` is a call with no arguments. */
export const AGGREGATE_FUNCTIONS = ['COUNT', 'COUNT_DISTINCT', 'SUM', 'AVG', 'MIN', 'MAX'] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

/** Date functions: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_date_functions.htm */
export const DATE_FUNCTIONS = [
  'CALENDAR_MONTH',
  'CALENDAR_QUARTER',
  'CALENDAR_YEAR',
  'DAY_IN_MONTH',
  'DAY_IN_WEEK',
  'DAY_IN_YEAR',
  'DAY_ONLY',
  'FISCAL_MONTH',
  'FISCAL_QUARTER',
  'FISCAL_YEAR',
  'HOUR_IN_DAY',
  'WEEK_IN_MONTH',
  'WEEK_IN_YEAR',
] as const;
export type DateFunction = (typeof DATE_FUNCTIONS)[number];

/** Other functions the grammar accepts, in Salesforce's documented spelling. */
export const OTHER_FUNCTIONS = [
  'convertTimezone', // only legal inside a date function
  'toLabel',
  'FORMAT',
  'convertCurrency',
  'GROUPING',
  'DISTANCE', // DISTANCE(field, GEOLOCATION(lat, lon), 'mi'|'km')
  'GEOLOCATION',
] as const;
export type OtherFunction = (typeof OTHER_FUNCTIONS)[number];

export type FunctionName = AggregateFunction | DateFunction | OtherFunction;

/** Every function name the parser knows, canonical spelling; lookup is case-insensitive. */
export const FUNCTION_NAMES: readonly FunctionName[] = [...AGGREGATE_FUNCTIONS, ...DATE_FUNCTIONS, ...OTHER_FUNCTIONS];

/** `COUNT(Id)`, `CALENDAR_YEAR(convertTimezone(CreatedDate))`, `toLabel(Status)`, `COUNT()`. */
export interface FunctionCall {
  kind: 'call';
  /** Canonical spelling (see FUNCTION_NAMES); the text as written is at `nameSpan`. */
  fn: FunctionName;
  nameSpan: Span;
  args: CallArg[];
  span: Span;
}

/** Function arguments: fields, nested calls, and literals (DISTANCE/GEOLOCATION take numbers and 'mi'). */
export type CallArg = FieldRef | FunctionCall | Literal;

/** What may stand on the left of a comparison, in GROUP BY and in ORDER BY. */
export type ValueExpr = FieldRef | FunctionCall;

// ─────────────────────────────────────────── SELECT list ───────────────────────────────────────────

export type SelectItem = SelectField | SelectCall | SelectSubquery | SelectTypeof | SelectFields;

/** A field in the SELECT list. `alias` only parses when the query has GROUP BY (else MALFORMED_QUERY). */
export interface SelectField {
  kind: 'selectField';
  field: FieldRef;
  alias?: Ident;
  span: Span;
}

/** A function in the SELECT list: `COUNT(Id) IssueCount`, `toLabel(Status)`, `FORMAT(Amount) amt`. */
export interface SelectCall {
  kind: 'selectCall';
  call: FunctionCall;
  alias?: Ident;
  span: Span;
}

/** A child relationship subquery `(SELECT LastName FROM Contacts WHERE … ORDER BY … LIMIT n)`. */
export interface SelectSubquery {
  kind: 'selectSubquery';
  query: SoqlQuery;
  span: Span;
}

/** `TYPEOF What WHEN Account THEN Phone, Industry WHEN Opportunity THEN Amount ELSE Name END` */
export interface SelectTypeof {
  kind: 'selectTypeof';
  /** The polymorphic relationship (one identifier in practice, kept as a path). */
  field: FieldRef;
  whens: TypeofWhen[];
  else?: TypeofElse;
  span: Span;
}

export interface TypeofWhen {
  kind: 'typeofWhen';
  objectType: Ident;
  fields: FieldRef[];
  span: Span;
}

export interface TypeofElse {
  kind: 'typeofElse';
  fields: FieldRef[];
  span: Span;
}

/** `FIELDS(ALL)`, `FIELDS(STANDARD)`, `FIELDS(CUSTOM)`. */
export interface SelectFields {
  kind: 'selectFields';
  which: 'ALL' | 'STANDARD' | 'CUSTOM';
  span: Span;
}

// ─────────────────────────────────────────── FROM / USING ──────────────────────────────────────────

/** `FROM Account`, `FROM Account a`, `FROM Contacts` (child subquery: a relationship name). */
export interface FromClause {
  kind: 'from';
  /** Object (or child relationship) name as written: the last segment of a dotted name. */
  name: Ident;
  /**
   * Added later (additive): the segments before `name` in a dotted FROM, e.g. `Account` in
   * `(SELECT LastName FROM Account.Contacts)`. The parser accepts a dotted name only in a child
   * subquery of the SELECT list (Salesforce's documented form qualifies the child relationship with
   * the parent object); the checker must validate or reject it.
   */
  prefix?: Ident[];
  alias?: Ident;
  /**
   * Added later (additive): relationship aliases after the object, `FROM Contact c, c.Account a`
   * (`a.Name` then means `c.Account.Name`); root and semi-join queries only.
   */
  relationships?: FromRelationship[];
  span: Span;
}

/** `c.Account a` in `FROM Contact c, c.Account a`: a parent-relationship path and its alias. */
export interface FromRelationship {
  path: FieldRef;
  alias: Ident;
}

/** `USING SCOPE Mine` (Everything, Mine, MineAndMyGroups, Team, Delegated, My_Territory, …; not validated here). */
export interface UsingScopeClause {
  kind: 'usingScope';
  scope: Ident;
  span: Span;
}

// ───────────────────────────────────────── WHERE / HAVING ──────────────────────────────────────────

/**
 * A boolean tree. `and` / `or` are n-ary (≥ 2 operands) and flattened per level: `a AND b AND c` is
 * one `and` node with three operands. An `and`/`or` that appears as an operand of another `and`/`or`
 * or of `not` was therefore written in parentheses — the parser rejects unparenthesised AND/OR mixing
 * (`unexpected token: 'OR'`). Redundant parentheses around a comparison leave no node (only the
 * enclosing span shows them).
 */
export type Condition = AndCondition | OrCondition | NotCondition | Comparison;

export interface AndCondition {
  kind: 'and';
  operands: Condition[];
  span: Span;
}

export interface OrCondition {
  kind: 'or';
  operands: Condition[];
  span: Span;
}

/** `NOT Name LIKE 'A%'`, `(NOT Name = 'x')`, `NOT (a = 1 OR b = 2)`. */
export interface NotCondition {
  kind: 'not';
  operand: Condition;
  span: Span;
}

export const COMPARISON_OPERATORS = [
  '=',
  '!=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  'LIKE',
  'IN',
  'NOT IN',
  'INCLUDES',
  'EXCLUDES',
] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/**
 * `left op right`. IN / NOT IN take a list, a subquery (semi/anti-join) or a bind variable;
 * INCLUDES / EXCLUDES take a list or a bind; the others a single literal or bind.
 */
export interface Comparison {
  kind: 'comparison';
  left: ValueExpr;
  operator: ComparisonOperator;
  operatorSpan: Span;
  right: Operand;
  span: Span;
}

export type Operand = Literal | LiteralList | SubqueryOperand | BindVariable;

/** `('a', 'b;c')` — never empty (the parser rejects `IN ()`). */
export interface LiteralList {
  kind: 'list';
  items: (Literal | BindVariable)[];
  span: Span;
}

/** `Id IN (SELECT AccountId FROM Contact …)`. */
export interface SubqueryOperand {
  kind: 'subquery';
  query: SoqlQuery;
  span: Span;
}

/** `:name` or `:acct.Id` — parsed so the checker can reject it (`Bind variables only allowed in Apex code`). */
export interface BindVariable {
  kind: 'bind';
  /** Source text of the expression (after the colon), e.g. 'ids', 'acct.Id', 'idMap.keySet()'. */
  name: string;
  /**
   * Added later (additive): true when written without a colon. Salesforce reads a bare name or call in
   * value position (`ClosedDate > CreatedDate`, `Status = Closed`, `= lower('x')`) as an Apex
   * expression, and the API answers `Bind variables only allowed in Apex code` — so does Localforce.
   */
  implicit?: boolean;
  span: Span;
}

// ───────────────────────────────────────────── literals ─────────────────────────────────────────────

export type Literal =
  | StringLiteral
  | IntegerLiteral
  | DecimalLiteral
  | BooleanLiteral
  | NullLiteral
  | DateValueLiteral
  | DateTimeLiteral
  | DateLiteral
  | CurrencyLiteral;

/**
 * `'O\'Brien'`. `value` has the escapes decoded (\n \r \t \b \f \" \' \\), except `\%` and `\_`,
 * which stay as two characters (backslash + wildcard) so a LIKE pattern can tell an escaped wildcard
 * from a live one; use `decodeLikePattern(raw)` from lexer.ts for an unambiguous reading.
 */
export interface StringLiteral {
  kind: 'string';
  value: string;
  /** Source text between the quotes, escapes undecoded. */
  raw: string;
  span: Span;
}

/** `42`, `-7`. `value` may exceed 2^53 in pathological input; `raw` is exact. */
export interface IntegerLiteral {
  kind: 'integer';
  value: number;
  raw: string;
  span: Span;
}

/** `3.14`, `-0.5`. */
export interface DecimalLiteral {
  kind: 'decimal';
  value: number;
  raw: string;
  span: Span;
}

export interface BooleanLiteral {
  kind: 'boolean';
  value: boolean;
  span: Span;
}

export interface NullLiteral {
  kind: 'null';
  span: Span;
}

/** Unquoted `2020-09-03` (validated calendar date). */
export interface DateValueLiteral {
  kind: 'date';
  raw: string;
  year: number;
  month: number;
  day: number;
  span: Span;
}

/**
 * Unquoted `2021-12-01T00:00:00Z`, `2021-12-01T00:00:00.000+00:00`, `…-0800` (validated).
 * The components are as written; `offsetMinutes` is the zone offset (Z → 0, -08:00 → -480).
 */
export interface DateTimeLiteral extends DateParts {
  kind: 'datetime';
  raw: string;
  span: Span;
}

/** The components of a date or datetime as written (also what the lexer reads off a token). */
export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offsetMinutes: number;
}

/** Relative date literals: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_dateformats.htm */
export const DATE_LITERALS = [
  'YESTERDAY',
  'TODAY',
  'TOMORROW',
  'LAST_WEEK',
  'THIS_WEEK',
  'NEXT_WEEK',
  'LAST_MONTH',
  'THIS_MONTH',
  'NEXT_MONTH',
  'LAST_90_DAYS',
  'NEXT_90_DAYS',
  'THIS_QUARTER',
  'LAST_QUARTER',
  'NEXT_QUARTER',
  'THIS_YEAR',
  'LAST_YEAR',
  'NEXT_YEAR',
  'THIS_FISCAL_QUARTER',
  'LAST_FISCAL_QUARTER',
  'NEXT_FISCAL_QUARTER',
  'THIS_FISCAL_YEAR',
  'LAST_FISCAL_YEAR',
  'NEXT_FISCAL_YEAR',
] as const;
export type DateLiteralName = (typeof DATE_LITERALS)[number];

/** Date literals that take `:n`. */
export const DATE_N_LITERALS = [
  'LAST_N_DAYS',
  'NEXT_N_DAYS',
  'N_DAYS_AGO',
  'LAST_N_WEEKS',
  'NEXT_N_WEEKS',
  'N_WEEKS_AGO',
  'LAST_N_MONTHS',
  'NEXT_N_MONTHS',
  'N_MONTHS_AGO',
  'LAST_N_QUARTERS',
  'NEXT_N_QUARTERS',
  'N_QUARTERS_AGO',
  'LAST_N_YEARS',
  'NEXT_N_YEARS',
  'N_YEARS_AGO',
  'LAST_N_FISCAL_QUARTERS',
  'NEXT_N_FISCAL_QUARTERS',
  'N_FISCAL_QUARTERS_AGO',
  'LAST_N_FISCAL_YEARS',
  'NEXT_N_FISCAL_YEARS',
  'N_FISCAL_YEARS_AGO',
] as const;
export type DateNLiteralName = (typeof DATE_N_LITERALS)[number];

/** `TODAY`, `THIS_QUARTER`, `LAST_N_DAYS:30`. `n` is present exactly for DATE_N_LITERALS. */
export interface DateLiteral {
  kind: 'dateLiteral';
  /** Canonical upper case. */
  name: DateLiteralName | DateNLiteralName;
  n?: number;
  span: Span;
}

/** `USD500`, `EUR-12.5` (multi-currency orgs). */
export interface CurrencyLiteral {
  kind: 'currency';
  /** ISO code as written, upper-cased. */
  currency: string;
  value: number;
  /** Full text, e.g. 'USD-12.5'. */
  raw: string;
  span: Span;
}

// ─────────────────────────────────────────────── WITH ───────────────────────────────────────────────

export type WithClause = WithMode | WithDataCategory;

/** `WITH SECURITY_ENFORCED`, `WITH USER_MODE`, `WITH SYSTEM_MODE`. */
export interface WithMode {
  kind: 'withMode';
  mode: 'SECURITY_ENFORCED' | 'USER_MODE' | 'SYSTEM_MODE';
  span: Span;
}

/** `WITH DATA CATEGORY Geography__c AT (asia__c, europe__c) AND Product__c BELOW All__c` */
export interface WithDataCategory {
  kind: 'withDataCategory';
  conditions: DataCategoryCondition[];
  span: Span;
}

export interface DataCategoryCondition {
  kind: 'dataCategoryCondition';
  group: Ident;
  selector: 'AT' | 'ABOVE' | 'BELOW' | 'ABOVE_OR_BELOW';
  categories: Ident[];
  span: Span;
}

// ───────────────────────────────────────── GROUP BY / ORDER BY ─────────────────────────────────────

/** `GROUP BY a, b` (plain), `GROUP BY ROLLUP(a, b)`, `GROUP BY CUBE(a, b)`. */
export interface GroupByClause {
  kind: 'groupBy';
  mode: 'plain' | 'rollup' | 'cube';
  items: ValueExpr[];
  span: Span;
}

/** `Name DESC NULLS LAST`, `COUNT(Id) DESC`. Absent direction/nulls mean the defaults (ASC, NULLS FIRST). */
export interface OrderByItem {
  kind: 'orderByItem';
  expr: ValueExpr;
  direction?: 'ASC' | 'DESC';
  nulls?: 'FIRST' | 'LAST';
  span: Span;
}

// ───────────────────────────────────────── LIMIT / OFFSET / FOR ────────────────────────────────────

export interface LimitClause {
  kind: 'limit';
  value: IntegerLiteral | BindVariable;
  span: Span;
}

export interface OffsetClause {
  kind: 'offset';
  value: IntegerLiteral | BindVariable;
  span: Span;
}

/** `FOR VIEW`, `FOR REFERENCE`, `FOR UPDATE`. */
export interface ForClause {
  kind: 'for';
  mode: 'VIEW' | 'REFERENCE' | 'UPDATE';
  span: Span;
}

/** `UPDATE TRACKING`, `UPDATE VIEWSTAT`. */
export interface UpdateClause {
  kind: 'update';
  mode: 'TRACKING' | 'VIEWSTAT';
  span: Span;
}

// ─────────────────────────────────────────────── misc ───────────────────────────────────────────────

/** Every node kind, for exhaustiveness tests ("each AST kind reaches the compiler"). */
export type Node =
  | Ident
  | SoqlQuery
  | FieldRef
  | FunctionCall
  | SelectItem
  | TypeofWhen
  | TypeofElse
  | FromClause
  | UsingScopeClause
  | Condition
  | LiteralList
  | SubqueryOperand
  | BindVariable
  | Literal
  | WithClause
  | DataCategoryCondition
  | GroupByClause
  | OrderByItem
  | LimitClause
  | OffsetClause
  | ForClause
  | UpdateClause;

export type NodeKind = Node['kind'];

/** Every node kind (the tags of `Node`), for coverage tests. */
export const NODE_KINDS = [
  'ident',
  'query',
  'field',
  'call',
  'selectField',
  'selectCall',
  'selectSubquery',
  'selectTypeof',
  'selectFields',
  'typeofWhen',
  'typeofElse',
  'from',
  'usingScope',
  'and',
  'or',
  'not',
  'comparison',
  'list',
  'subquery',
  'bind',
  'string',
  'integer',
  'decimal',
  'boolean',
  'null',
  'date',
  'datetime',
  'dateLiteral',
  'currency',
  'withMode',
  'withDataCategory',
  'dataCategoryCondition',
  'groupBy',
  'orderByItem',
  'limit',
  'offset',
  'for',
  'update',
] as const satisfies readonly NodeKind[];

/** Compile-time proof that NODE_KINDS lists every kind: this type must be `true`. */
export type NodeKindsComplete = Exclude<NodeKind, (typeof NODE_KINDS)[number]> extends never ? true : false;
const nodeKindsComplete: NodeKindsComplete = true;
void nodeKindsComplete;

/** The direct child nodes of `node`, in source order. */
export function childrenOf(node: Node): Node[] {
  switch (node.kind) {
    case 'query': {
      const out: Node[] = [...node.select, node.from];
      if (node.usingScope) out.push(node.usingScope);
      if (node.where) out.push(node.where);
      if (node.with) out.push(node.with);
      if (node.groupBy) out.push(node.groupBy);
      if (node.having) out.push(node.having);
      if (node.orderBy) out.push(...node.orderBy);
      if (node.limit) out.push(node.limit);
      if (node.offset) out.push(node.offset);
      if (node.for) out.push(node.for);
      if (node.update) out.push(node.update);
      return out;
    }
    case 'call':
      return [...node.args];
    case 'selectField':
      return node.alias ? [node.field, node.alias] : [node.field];
    case 'selectCall':
      return node.alias ? [node.call, node.alias] : [node.call];
    case 'selectSubquery':
    case 'subquery':
      return [node.query];
    case 'selectTypeof':
      return node.else ? [node.field, ...node.whens, node.else] : [node.field, ...node.whens];
    case 'typeofWhen':
      return [node.objectType, ...node.fields];
    case 'typeofElse':
      return [...node.fields];
    case 'from':
      return [...(node.prefix ?? []), node.name, ...(node.alias ? [node.alias] : []), ...(node.relationships ?? []).flatMap((r) => [r.path, r.alias])];
    case 'usingScope':
      return [node.scope];
    case 'and':
    case 'or':
      return [...node.operands];
    case 'not':
      return [node.operand];
    case 'comparison':
      return [node.left, node.right];
    case 'list':
      return [...node.items];
    case 'withDataCategory':
      return [...node.conditions];
    case 'dataCategoryCondition':
      return [node.group, ...node.categories];
    case 'groupBy':
      return [...node.items];
    case 'orderByItem':
      return [node.expr];
    case 'limit':
    case 'offset':
      return [node.value];
    case 'ident':
    case 'field':
    case 'selectFields':
    case 'bind':
    case 'string':
    case 'integer':
    case 'decimal':
    case 'boolean':
    case 'null':
    case 'date':
    case 'datetime':
    case 'dateLiteral':
    case 'currency':
    case 'withMode':
    case 'for':
    case 'update':
      return [];
    default:
      return assertNever(node);
  }
}

/** Calls `visit` on `node` and every descendant, depth first, parents before children. */
export function walk(node: Node, visit: (n: Node) => void): void {
  visit(node);
  for (const c of childrenOf(node)) walk(c, visit);
}

export function isAggregateFunction(fn: FunctionName): fn is AggregateFunction {
  return (AGGREGATE_FUNCTIONS as readonly string[]).includes(fn);
}

export function isDateFunction(fn: FunctionName): fn is DateFunction {
  return (DATE_FUNCTIONS as readonly string[]).includes(fn);
}

/** The engine's one exhaustiveness guard for switches over closed unions (AST, checked query, plan, SOSL). */
export function assertNever(x: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(x)}`);
}
