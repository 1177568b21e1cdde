// Semantic pass: SOQL AST → checked query (checked.ts), against the schema registry.
// Resolves names case-insensitively to canonical ones, type-checks every comparison, enforces the
// grouping / aggregate / semi-join / FIELDS() / OFFSET rules, and rejects valid SOQL that
// Localforce does not emulate with NOT_EMULATED. A clause is never silently ignored: each AST kind
// is either checked into the output, explicitly accepted-and-ignored (FOR VIEW, WITH
// SECURITY_ENFORCED, …, documented in README), or rejected.
// Message texts (collected from real error payloads; listed in README "Error texts"): https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/
import type { ChildRelationship, FieldDef, FieldType, ObjectInfo, SchemaRegistry } from '../../schema/index.js';
import { normalizeId, traitsOf } from '../../schema/index.js';
import * as A from './ast.js';
import type {
  AggregateRef,
  CheckedQuery,
  CheckedSubquery,
  CompareOp,
  CompareType,
  Condition,
  DateFnRef,
  FieldRef,
  GroupBy,
  GroupingRef,
  Operand,
  OrderItem,
  PathStep,
  QueryCore,
  RecordSelectItem,
  AggregateSelectItem,
  ScalarExpr,
} from './checked.js';
import { sameScalar, selectGroupIndex } from './checked.js';
import { escapeLikeLiteral } from './compile.js';
import type { DateFunctionName } from './dates.js';
import { SalesforceError, sfError } from './errors.js';
import { decodeLikePattern } from './lexer.js';

export interface CheckOptions {
  readonly registry: SchemaRegistry;
  /** The query text (for caret excerpts). */
  readonly text: string;
}

// ---------------------------------------------------------------------------------------------
// Error texts
// ---------------------------------------------------------------------------------------------

const FIELD_TAIL =
  "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";
const OBJECT_TAIL =
  "If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.";
const REL_TAIL =
  "If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.";

export const messages = {
  unknownField: (name: string, entity: string) => `No such column '${name}' on entity '${entity}'. ${FIELD_TAIL}`,
  unknownObject: (name: string) => `sObject type '${name}' is not supported. ${OBJECT_TAIL}`,
  unknownRelationship: (name: string) => `Didn't understand relationship '${name}' in field path. ${REL_TAIL}`,
  unknownChildRelationship: (name: string) => `Didn't understand relationship '${name}' in FROM part of query call. ${REL_TAIL}`,
  filterType: (field: string, type: string, quoted: boolean) =>
    `value of filter criterion for field '${field}' must be of type ${type} and should ${quoted ? '' : 'not '}be enclosed in quotes`,
  notEmulated: (feature: string) => `Localforce does not emulate ${feature}; see docs/compatibility.md`,
} as const;

/** Raised for valid SOQL that Localforce does not emulate. */
export function notEmulated(feature: string): SalesforceError {
  return new SalesforceError('NOT_EMULATED', messages.notEmulated(feature), 400);
}

/** The largest LIMIT Salesforce accepts (a 32-bit int). */
export const MAX_LIMIT = 2_147_483_647;

/**
 * "Strings in SOQL WHERE clauses: 4,000 characters for each string within a WHERE clause."
 * https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_soslsoql.htm
 */
export const MAX_WHERE_STRING = 4_000;

/**
 * Which aggregate functions each field type supports ("Support for Field Types in Aggregate
 * Functions": boolean and multipicklist support none, SUM/AVG only numbers).
 * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_agg_functions_field_types.htm
 */
const ALL_AGGREGATES: readonly A.AggregateFunction[] = ['COUNT', 'COUNT_DISTINCT', 'MIN', 'MAX', 'SUM', 'AVG'];
const COUNT_MIN_MAX: readonly A.AggregateFunction[] = ['COUNT', 'COUNT_DISTINCT', 'MIN', 'MAX'];
const AGGREGATE_SUPPORT: Readonly<Record<FieldType, readonly A.AggregateFunction[]>> = {
  id: COUNT_MIN_MAX,
  string: COUNT_MIN_MAX,
  textarea: COUNT_MIN_MAX,
  boolean: [],
  int: ALL_AGGREGATES,
  double: ALL_AGGREGATES,
  currency: ALL_AGGREGATES,
  percent: ALL_AGGREGATES,
  date: COUNT_MIN_MAX,
  datetime: COUNT_MIN_MAX,
  picklist: COUNT_MIN_MAX,
  multipicklist: [],
  reference: COUNT_MIN_MAX,
  email: COUNT_MIN_MAX,
  phone: COUNT_MIN_MAX,
  url: COUNT_MIN_MAX,
};

/** "You can use up to three fields in a comma-separated list" in GROUP BY ROLLUP / CUBE. */
export const MAX_ROLLUP_FIELDS = 3;

const MIN_STORED_MS = Date.parse('0000-01-01T00:00:00.000Z');
const MAX_STORED_MS = Date.parse('9999-12-31T23:59:59.999Z');
/** How a field compares in SOQL: the schema's field-type traits table. */
function compareTypeOf(f: FieldDef): CompareType {
  return traitsOf(f.type).compare;
}

// ---------------------------------------------------------------------------------------------
// Scopes
// ---------------------------------------------------------------------------------------------

type Mode = 'root' | 'child' | 'semi';

interface Scope {
  readonly object: ObjectInfo;
  /** Lower-case prefixes that may start a field path and name the FROM object itself. */
  readonly selfNames: readonly string[];
  /** `FROM Contact c, c.Account a`: lower-case alias → the relationship names it stands for. */
  readonly aliases: ReadonlyMap<string, readonly string[]>;
  readonly mode: Mode;
}

interface LevelState {
  usesClock: boolean;
  semiJoins: number;
}

class Checker {
  constructor(private readonly opts: CheckOptions) {}

  private err(code: 'INVALID_FIELD' | 'INVALID_TYPE' | 'MALFORMED_QUERY' | 'INVALID_QUERY_FILTER_OPERATOR' | 'NUMBER_OUTSIDE_VALID_RANGE', offset: number, text: string): SalesforceError {
    return sfError[code](text, { at: { source: this.opts.text, offset } });
  }

  private plain(code: 'INVALID_FIELD' | 'MALFORMED_QUERY' | 'NUMBER_OUTSIDE_VALID_RANGE', text: string): SalesforceError {
    return new SalesforceError(code, text, 400);
  }

  // ------------------------------------------------------------------------------ names

  private resolveField(scope: Scope, ref: A.FieldRef): FieldRef {
    let path = ref.path;
    const viaAlias = path.length > 1 ? scope.aliases.get(path[0]!.toLowerCase()) : undefined;
    if (viaAlias) path = [...viaAlias, ...path.slice(1)];
    let i = 0;
    if (path.length > 1 && scope.selfNames.includes(path[0]!.toLowerCase())) i = 1;
    let obj = scope.object;
    const steps: PathStep[] = [];
    for (; i < path.length - 1; i++) {
      const seg = path[i]!;
      const rel = obj.parentsByLower.get(seg.toLowerCase());
      const target = rel ? this.opts.registry.parentObject(rel) : undefined;
      if (!rel || !target) throw this.err('INVALID_FIELD', ref.span.start, messages.unknownRelationship(seg));
      steps.push({ field: rel, relationshipName: rel.relationshipName!, target });
      obj = target;
    }
    if (steps.length > 5) {
      throw this.err('MALFORMED_QUERY', ref.span.start, 'SOQL statements cannot query more than 5 levels of parent relationships');
    }
    const last = path[path.length - 1]!;
    const field = obj.fieldsByLower.get(last.toLowerCase());
    if (!field) throw this.err('INVALID_FIELD', ref.span.start, messages.unknownField(last, obj.def.name));
    return { kind: 'field', steps, field, object: obj };
  }

  private fieldText(f: FieldRef): string {
    return [...f.steps.map((s) => s.relationshipName), f.field.name].join('.');
  }

  // ------------------------------------------------------------------------------ expressions

  private dateFn(scope: Scope, call: A.FunctionCall): DateFnRef {
    const fn = call.fn as DateFunctionName;
    const arg = call.args[0];
    if (call.args.length !== 1 || !arg) throw this.err('MALFORMED_QUERY', call.span.start, `${fn} requires exactly one argument`);
    let convert = false;
    let fieldAst: A.FieldRef;
    if (arg.kind === 'call' && arg.fn === 'convertTimezone') {
      const inner = arg.args[0];
      if (arg.args.length !== 1 || !inner || inner.kind !== 'field') {
        throw this.err('MALFORMED_QUERY', arg.span.start, 'convertTimezone() requires exactly one dateTime field argument');
      }
      convert = true;
      fieldAst = inner;
    } else if (arg.kind === 'field') {
      fieldAst = arg;
    } else {
      throw this.err('MALFORMED_QUERY', arg.span.start, `${fn} requires a date or dateTime field argument`);
    }
    const f = this.resolveField(scope, fieldAst);
    const t = f.field.type;
    const dtOnly = fn === 'HOUR_IN_DAY' || fn === 'DAY_ONLY';
    if (!(t === 'datetime' || (t === 'date' && !dtOnly)) || (convert && t !== 'datetime')) {
      throw this.err('MALFORMED_QUERY', fieldAst.span.start, `Invalid field type for date function ${fn}: ${f.field.name} is of type ${t}`);
    }
    return { kind: 'dateFn', fn, arg: f, convertTimezone: convert };
  }

  private aggregate(scope: Scope, call: A.FunctionCall): AggregateRef {
    const fn = call.fn as A.AggregateFunction;
    const arg = call.args[0];
    if (call.args.length !== 1 || !arg) throw this.err('MALFORMED_QUERY', call.span.start, `${fn} requires exactly one argument`);
    if (arg.kind !== 'field') {
      if (arg.kind === 'call') throw notEmulated(`an aggregate of a function (${fn}(${arg.fn}(…)))`);
      throw this.err('MALFORMED_QUERY', arg.span.start, `unexpected token: '${'raw' in arg ? arg.raw : arg.kind}'`);
    }
    const f = this.resolveField(scope, arg);
    const ok = f.field.aggregatable && AGGREGATE_SUPPORT[f.field.type].includes(fn);
    if (!ok) throw this.err('MALFORMED_QUERY', arg.span.start, `field ${f.field.name} does not support aggregate operator ${fn}`);
    return { kind: 'aggregate', fn, arg: f };
  }

  /** A scalar expression in WHERE / GROUP BY / ORDER BY: a field or a date function. */
  private scalar(scope: Scope, e: A.ValueExpr, where: string): ScalarExpr {
    if (e.kind === 'field') return this.resolveField(scope, e);
    if (A.isDateFunction(e.fn)) return this.dateFn(scope, e);
    if (A.isAggregateFunction(e.fn)) {
      throw this.err('MALFORMED_QUERY', e.span.start, `Aggregate functions are not supported in the ${where} clause`);
    }
    throw this.unsupportedFunction(e);
  }

  /** The grouped field or date function inside GROUPING(…). */
  private groupingArg(scope: Scope, call: A.FunctionCall, groupedIndex: (s: ScalarExpr) => number): ScalarExpr {
    const a = call.args[0];
    if (call.args.length !== 1 || !a || (a.kind !== 'field' && a.kind !== 'call')) {
      throw this.err('MALFORMED_QUERY', call.span.start, 'GROUPING() requires one grouped field');
    }
    const s = this.scalar(scope, a, 'SELECT');
    if (groupedIndex(s) < 0) throw this.err('MALFORMED_QUERY', a.span.start, `Field must be grouped or aggregated: ${s.kind === 'field' ? s.field.name : s.fn}`);
    return s;
  }

  private unsupportedFunction(call: A.FunctionCall): SalesforceError {
    switch (call.fn) {
      case 'convertTimezone':
        return this.err('MALFORMED_QUERY', call.span.start, 'convertTimezone() can only be used inside a date function');
      case 'toLabel':
        return notEmulated('toLabel() outside the SELECT list of a non-aggregate query');
      case 'FORMAT':
      case 'convertCurrency':
      case 'DISTANCE':
      case 'GEOLOCATION':
        return notEmulated(`${call.fn}()`);
      case 'GROUPING':
        return this.err('MALFORMED_QUERY', call.span.start, 'GROUPING() is only allowed in the SELECT list of a GROUP BY ROLLUP or CUBE query');
      default:
        return this.err('MALFORMED_QUERY', call.span.start, `unexpected function: ${call.fn}`);
    }
  }

  // ------------------------------------------------------------------------------ operands

  private bindError(b: A.BindVariable): SalesforceError {
    return this.err('MALFORMED_QUERY', b.span.start, 'Bind variables only allowed in Apex code');
  }

  /** Converts one literal to its stored form for a left side of `type`; throws Salesforce's type errors. */
  private operand(lit: A.Literal | A.BindVariable, type: CompareType, fieldName: string, at: number, state: LevelState, isIntFn: boolean): Operand {
    if (lit.kind === 'bind') throw this.bindError(lit);
    // https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_null.htm
    // "If you run a query on a boolean field, null matches FALSE values."
    if (lit.kind === 'null') return type === 'boolean' ? { kind: 'value', value: 0 } : { kind: 'null' };
    // Salesforce stores no empty strings: '' against a text or id field means null.
    if (lit.kind === 'string' && lit.value === '' && (type === 'text' || type === 'id' || type === 'multipicklist')) return { kind: 'null' };
    const wrong = (t: string, mustQuote: boolean) => this.err('INVALID_FIELD', at, messages.filterType(fieldName, t, mustQuote));
    switch (type) {
      case 'id': {
        if (lit.kind !== 'string') throw wrong('id', true);
        const id = normalizeId(lit.value);
        if (id === null) throw this.err('INVALID_QUERY_FILTER_OPERATOR', at, `invalid ID field: ${lit.value}`);
        return { kind: 'value', value: id };
      }
      case 'text':
      case 'multipicklist':
        if (lit.kind !== 'string') throw wrong('string', true);
        return { kind: 'value', value: lit.value };
      case 'boolean':
        if (lit.kind !== 'boolean') throw wrong('boolean', false);
        return { kind: 'value', value: lit.value ? 1 : 0 };
      case 'number':
        if (isIntFn) {
          if (lit.kind !== 'integer') throw wrong('integer', false);
          return { kind: 'value', value: lit.value };
        }
        if (lit.kind === 'currency') throw notEmulated('currency literals (multi-currency orgs)');
        if (lit.kind !== 'integer' && lit.kind !== 'decimal') throw wrong('double', false);
        return { kind: 'value', value: lit.value };
      case 'date':
        if (lit.kind === 'date') return { kind: 'value', value: lit.raw };
        if (lit.kind === 'dateLiteral') {
          state.usesClock = true;
          return { kind: 'dateLiteral', name: lit.name, n: lit.n };
        }
        throw wrong('date', false);
      case 'datetime':
        if (lit.kind === 'datetime') {
          const t = Date.UTC(lit.year, lit.month - 1, lit.day, lit.hour, lit.minute, lit.second, lit.millisecond) - lit.offsetMinutes * 60_000;
          // keep the text within years 0000–9999 so it compares correctly with stored values
          const clamped = Math.min(Math.max(t, MIN_STORED_MS), MAX_STORED_MS);
          return { kind: 'value', value: new Date(clamped).toISOString() };
        }
        if (lit.kind === 'dateLiteral') {
          state.usesClock = true;
          return { kind: 'dateLiteral', name: lit.name, n: lit.n };
        }
        throw wrong('dateTime', false);
    }
  }

  // ------------------------------------------------------------------------------ conditions

  private condition(
    scope: Scope,
    c: A.Condition,
    state: LevelState,
    ctx: { top: boolean; underOr: boolean; having: HavingCtx | null },
  ): Condition {
    switch (c.kind) {
      case 'and':
        return { kind: 'and', items: c.operands.map((o) => this.condition(scope, o, state, { ...ctx, top: ctx.top })) };
      case 'or':
        return { kind: 'or', items: c.operands.map((o) => this.condition(scope, o, state, { ...ctx, top: false, underOr: true })) };
      case 'not':
        return { kind: 'not', item: this.condition(scope, c.operand, state, { ...ctx, top: false }) };
      case 'comparison':
        return this.comparison(scope, c, state, ctx);
      default:
        return A.assertNever(c);
    }
  }

  private comparison(scope: Scope, c: A.Comparison, state: LevelState, ctx: { top: boolean; underOr: boolean; having: HavingCtx | null }): Condition {
    const right = c.right;
    if (right.kind === 'bind') throw this.bindError(right);
    this.checkStringLengths(right);
    if (right.kind === 'subquery') return this.semiJoin(scope, c, right, state, ctx);
    const left = this.comparisonLeft(scope, c, ctx.having);
    const { lhs, type, name, isIntFn } = left;
    const at = c.left.span.start;
    const single = (): A.Literal => {
      if (right.kind === 'list') throw this.err('MALFORMED_QUERY', right.span.start, `unexpected token: '('`);
      return right;
    };

    switch (c.operator) {
      case '=':
      case '!=':
      case '<>':
      case '<':
      case '<=':
      case '>':
      case '>=': {
        const op: CompareOp = c.operator === '<>' ? '!=' : c.operator;
        const lit = single();
        if (type === 'boolean' && op !== '=' && op !== '!=' && lit.kind !== 'null') {
          throw this.err('INVALID_QUERY_FILTER_OPERATOR', c.operatorSpan.start, `invalid operator on boolean field: ${name}`);
        }
        if (type === 'multipicklist' && op !== '=' && op !== '!=') {
          throw this.err('INVALID_QUERY_FILTER_OPERATOR', c.operatorSpan.start, `invalid operator on multipicklist field: ${name}`);
        }
        return { kind: 'compare', lhs, type, op, value: this.operand(lit, type, name, at, state, isIntFn) };
      }
      case 'IN':
      case 'NOT IN': {
        const items = right.kind === 'list' ? right.items : [single()];
        const values = items.map((it) => this.operand(it, type, name, at, state, isIntFn));
        return { kind: 'in', lhs, type, negated: c.operator === 'NOT IN', values };
      }
      case 'LIKE':
        return this.likeCondition(c, left, single);
      case 'INCLUDES':
      case 'EXCLUDES':
        return this.includesCondition(c, left, right.kind === 'list' ? right.items : [single()], state);
      default:
        return A.assertNever(c.operator);
    }
  }

  /** "Strings in SOQL WHERE clauses: 4,000 characters for each string" (the limit is documented, the wording is ours). */
  private checkStringLengths(right: A.Comparison['right']): void {
    for (const lit of right.kind === 'list' ? right.items : right.kind === 'subquery' || right.kind === 'bind' ? [] : [right]) {
      if (lit.kind === 'string' && lit.value.length > MAX_WHERE_STRING) {
        throw this.err('MALFORMED_QUERY', lit.span.start, `String literal too long: ${lit.value.length} characters (a string in a WHERE clause can have at most ${MAX_WHERE_STRING})`);
      }
    }
  }

  /** The left side of a comparison: a field or date function (WHERE, HAVING) or an aggregate (HAVING), with how it compares. */
  private comparisonLeft(scope: Scope, c: A.Comparison, having: HavingCtx | null): ComparisonLeft {
    const at = c.left.span.start;
    if (c.left.kind === 'call' && A.isAggregateFunction(c.left.fn)) {
      if (!having) throw this.err('MALFORMED_QUERY', at, 'Aggregate functions are not supported in the WHERE clause');
      if (c.left.args.length === 0) throw this.err('MALFORMED_QUERY', at, 'COUNT() is not allowed in the HAVING clause; use COUNT(Id)');
      const agg = this.aggregate(scope, c.left);
      const name = `${agg.fn}(${this.fieldText(agg.arg as FieldRef)})`;
      if (agg.fn === 'COUNT' || agg.fn === 'COUNT_DISTINCT') return { lhs: agg, type: 'number', name, isIntFn: true };
      if (agg.fn === 'SUM' || agg.fn === 'AVG') return { lhs: agg, type: 'number', name, isIntFn: false };
      return { lhs: agg, type: compareTypeOf((agg.arg as FieldRef).field), name, isIntFn: false };
    }
    const s = this.scalar(scope, c.left, having ? 'HAVING' : 'WHERE');
    if (having) having.requireGrouped(s, at);
    if (s.kind === 'field') {
      if (!s.field.filterable) throw this.err('INVALID_FIELD', at, `field '${s.field.name}' can not be filtered in a query call`);
      for (const st of s.steps) if (!st.field.filterable) throw this.err('INVALID_FIELD', at, `field '${st.field.name}' can not be filtered in a query call`);
      return { lhs: s, type: compareTypeOf(s.field), name: s.field.name, isIntFn: false };
    }
    const name = `${s.fn}(${s.arg.field.name})`;
    return s.fn === 'DAY_ONLY' ? { lhs: s, type: 'date', name, isIntFn: false } : { lhs: s, type: 'number', name, isIntFn: true };
  }

  /** `f LIKE 'pattern'` on a text field: the pattern translated for SQLite (`\%` and `\_` literal). */
  private likeCondition(c: A.Comparison, left: ComparisonLeft, single: () => A.Literal): Condition {
    const { lhs, type, name } = left;
    const at = c.left.span.start;
    if (type === 'id') throw this.err('INVALID_QUERY_FILTER_OPERATOR', at, 'invalid operator on id field');
    if (lhs.kind !== 'field' || type !== 'text') {
      throw this.err('INVALID_QUERY_FILTER_OPERATOR', c.operatorSpan.start, `invalid operator on field of type ${lhs.kind === 'field' ? lhs.field.type : 'integer'}: LIKE`);
    }
    const lit = single();
    if (lit.kind !== 'string') throw this.err('INVALID_FIELD', at, messages.filterType(name, 'string', true));
    const pattern = decodeLikePattern(lit.raw)
      .map((p) => ('wildcard' in p ? p.wildcard : escapeLikeLiteral(p.literal)))
      .join('');
    return { kind: 'like', lhs, sqlPattern: pattern };
  }

  /** `f INCLUDES / EXCLUDES ('a', 'b;c')` on a multi-select picklist: each item a set of values. */
  private includesCondition(c: A.Comparison, left: ComparisonLeft, items: readonly (A.Literal | A.BindVariable)[], state: LevelState): Condition {
    const { lhs, type, name } = left;
    const at = c.left.span.start;
    if (lhs.kind !== 'field' || type !== 'multipicklist') {
      throw this.err('INVALID_QUERY_FILTER_OPERATOR', c.operatorSpan.start, 'includes or excludes operator only valid on multipicklist field');
    }
    const values = items.map((it) => {
      const op = this.operand(it, 'text', name, at, state, false);
      if (op.kind !== 'value') throw this.err('INVALID_FIELD', at, messages.filterType(name, 'string', true));
      return String(op.value)
        .split(';')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    });
    return { kind: 'includes', lhs, negated: c.operator === 'EXCLUDES', values };
  }

  private semiJoin(
    scope: Scope,
    c: A.Comparison,
    right: A.SubqueryOperand,
    state: LevelState,
    ctx: { top: boolean; underOr: boolean; having: HavingCtx | null },
  ): Condition {
    // Rules: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_comparisonoperators.htm
    // (semi-join and anti-join considerations)
    if (scope.mode === 'semi') throw this.plain('MALFORMED_QUERY', 'Nesting of semi join sub-selects is not supported');
    if (ctx.underOr) throw this.plain('MALFORMED_QUERY', "Semi join sub-selects are not allowed with the 'OR' operator");
    if (!ctx.top || ctx.having || scope.mode !== 'root') {
      throw this.plain(
        'MALFORMED_QUERY',
        'Semi join sub-selects are only allowed at the top level WHERE expressions and not in nested WHERE expressions.',
      );
    }
    if (c.operator !== 'IN' && c.operator !== 'NOT IN') {
      throw this.err('MALFORMED_QUERY', c.operatorSpan.start, `unexpected token: '${c.operator}'`);
    }
    if (++state.semiJoins > 2) throw this.plain('MALFORMED_QUERY', 'Maximum of 2 semi join sub-selects are allowed in a query');
    if (c.left.kind !== 'field') throw this.err('MALFORMED_QUERY', c.left.span.start, 'The left operand of a semi join sub-select must be an Id or reference field');
    const lhs = this.resolveField(scope, c.left);
    if (compareTypeOf(lhs.field) !== 'id') {
      throw this.err('MALFORMED_QUERY', c.left.span.start, `The left operand of a semi join sub-select must be an Id or reference field: ${lhs.field.name}`);
    }
    // "The left operand can't use relationships" (wording ours).
    if (lhs.steps.length > 0) {
      throw this.err('MALFORMED_QUERY', c.left.span.start, `The left operand of a semi join sub-select cannot use a relationship: ${c.left.path.join('.')}`);
    }
    const sub = right.query;
    // "COUNT, FOR UPDATE, ORDER BY, and LIMIT aren't supported in subqueries" (wording ours; COUNT and
    // FOR are rejected by the checks of the inner query).
    if (sub.orderBy) throw this.err('MALFORMED_QUERY', sub.orderBy[0]!.span.start, 'ORDER BY is not supported in a semi join sub-select');
    if (sub.limit) throw this.err('MALFORMED_QUERY', sub.limit.span.start, 'LIMIT is not supported in a semi join sub-select');
    const inner = this.query(sub, 'semi', null);
    if (inner.object.def.name === scope.object.def.name) {
      throw this.plain('MALFORMED_QUERY', 'The inner and outer selects should not be on the same object type');
    }
    const item = inner.mode === 'records' ? inner.select[0] : undefined;
    if (inner.select.length !== 1 || !item || item.kind !== 'field' || compareTypeOf(item.expr.field) !== 'id') {
      throw this.err('MALFORMED_QUERY', sub.span.start, 'Semi join sub-selects can only select one Id or reference field');
    }
    // "The selected column in a subquery must be a foreign key field, and can't traverse relationships."
    if (item.expr.steps.length > 0) {
      const at = sub.select[0]!.span.start;
      throw this.err('MALFORMED_QUERY', at, `Semi join sub-selects cannot select a field through a relationship: ${this.fieldText(item.expr)}`);
    }
    // "A subquery must query a field referencing the same object type as the main query" (the left operand's type).
    const want = idTarget(lhs);
    const got = idTarget(item.expr);
    if (want !== null && got !== null && !want.includes(got[0]!) && !got.includes(want[0]!)) {
      throw this.err(
        'INVALID_FIELD',
        sub.select[0]!.span.start,
        `The selected field in a semi join sub-select must reference the left operand's object type (${want.join(', ')}): ${this.fieldText(item.expr)} references ${got.join(', ')}`,
      );
    }
    if (inner.usesClock) state.usesClock = true;
    const { object, where, groupBy, having, orderBy, limit, offset, usesClock } = inner;
    return { kind: 'semiJoin', lhs, negated: c.operator === 'NOT IN', inner: { object, where, groupBy, having, orderBy, limit, offset, usesClock, field: item.expr } };
  }

  // ------------------------------------------------------------------------------ queries

  /** Checks one SELECT, one method per clause. `parent` is the enclosing query's scope for a child-relationship subquery (mode 'child'), else null. */
  query(q: A.SoqlQuery, mode: Mode, parent: Scope | null): CheckedQuery | CheckedSubquery {
    const { object, relationship, scope } = this.fromClause(q, mode, parent);
    const state: LevelState = { usesClock: false, semiJoins: 0 };
    this.ignoredClauses(q, mode);
    const { limit, offset } = this.limitOffset(q, mode);
    const { countOnlyItem, aggregate } = this.queryKind(q, mode);
    const groupBy = this.groupByClause(scope, q);
    const groupedIndex = (s: ScalarExpr) => (groupBy ? groupBy.items.findIndex((g) => sameScalar(g, s)) : -1);
    const level: LevelCtx = { q, mode, scope, state, countOnly: countOnlyItem !== undefined, aggregate, groupBy, limit, groupedIndex };
    const { records, aggs } = this.selectList(level);
    const where = q.where ? this.condition(scope, q.where, state, { top: true, underOr: false, having: null }) : null;
    const having: HavingCtx = {
      requireGrouped: (s, at) => {
        if (groupedIndex(s) < 0) throw this.err('MALFORMED_QUERY', at, `Field must be grouped or aggregated: ${s.kind === 'field' ? s.field.name : s.fn}`);
      },
    };
    const havingCond = q.having ? this.condition(scope, q.having, state, { top: false, underOr: false, having }) : null;
    const orderBy = this.orderByClause(level);
    if (mode === 'semi' && (aggregate || countOnlyItem)) {
      throw this.err('MALFORMED_QUERY', q.span.start, 'Semi join sub-selects cannot use aggregate functions or GROUP BY');
    }

    const core: QueryCore = { object, where, groupBy, having: havingCond, orderBy, limit, offset, usesClock: state.usesClock };
    if (mode === 'child') {
      // child subqueries are records queries (aggregates were rejected above)
      return { ...core, mode: 'records', select: records, relationship: relationship!, relationshipName: relationship!.relationshipName! } satisfies CheckedSubquery;
    }
    if (countOnlyItem) return { ...core, mode: 'count', select: [] };
    if (aggregate) return { ...core, mode: 'aggregate', select: aggs };
    return { ...core, mode: 'records', select: records };
  }

  /** FROM: the object (or child relationship) and the scope its field paths resolve in, with relationship aliases. */
  private fromClause(q: A.SoqlQuery, mode: Mode, parent: Scope | null): { object: ObjectInfo; relationship: ChildRelationship | null; scope: Scope } {
    let object: ObjectInfo;
    let relationship: ChildRelationship | null = null;
    const fromName = q.from.name;
    if (mode === 'child') {
      const rel = parent!.object.childrenByLower.get(fromName.name.toLowerCase());
      const obj = rel ? this.opts.registry.object(rel.childSObject) : undefined;
      if (!rel || !obj) throw this.err('INVALID_TYPE', fromName.span.start, messages.unknownChildRelationship(fromName.name));
      object = obj;
      relationship = rel;
    } else {
      const obj = this.opts.registry.object(fromName.name);
      if (!obj) throw this.err('INVALID_TYPE', fromName.span.start, messages.unknownObject(fromName.name));
      object = obj;
    }
    const selfNames = [object.def.name.toLowerCase()];
    if (q.from.alias) selfNames.push(q.from.alias.name.toLowerCase());
    if (relationship) selfNames.push(relationship.relationshipName!.toLowerCase());
    const aliases = new Map<string, readonly string[]>();
    const scope: Scope = { object, selfNames, mode, aliases };
    for (const r of q.from.relationships ?? []) {
      const segs = r.path.path;
      if (!selfNames.includes(segs[0]!.toLowerCase()) && !aliases.has(segs[0]!.toLowerCase())) {
        throw this.err('INVALID_FIELD', r.path.span.start, messages.unknownRelationship(segs[0]!));
      }
      // validate the path as parent relationships (resolving `<path>.Id` walks every step)
      const probe = this.resolveField(scope, { ...r.path, path: [...segs, 'Id'] });
      const lower = r.alias.name.toLowerCase();
      if (aliases.has(lower) || selfNames.includes(lower)) throw this.err('MALFORMED_QUERY', r.alias.span.start, `duplicate alias: ${r.alias.name}`);
      aliases.set(lower, probe.steps.map((s) => s.relationshipName));
    }
    return { object, relationship, scope };
  }

  /** USING SCOPE, WITH, FOR, UPDATE: not emulated, or accepted and ignored. */
  private ignoredClauses(q: A.SoqlQuery, mode: Mode): void {
    if (q.usingScope) throw notEmulated('USING SCOPE');
    if (q.with) {
      switch (q.with.kind) {
        case 'withMode':
          break; // SECURITY_ENFORCED / USER_MODE / SYSTEM_MODE: the API user sees everything
        case 'withDataCategory':
          throw notEmulated('WITH DATA CATEGORY');
        default:
          A.assertNever(q.with);
      }
    }
    if (q.for) {
      if (mode !== 'root') throw this.err('MALFORMED_QUERY', q.for.span.start, `unexpected token: 'FOR'`);
      // FOR VIEW / REFERENCE / UPDATE: accepted and ignored (no recently-viewed tracking, no locking)
    }
    if (q.update && mode !== 'root') throw this.err('MALFORMED_QUERY', q.update.span.start, `unexpected token: 'UPDATE'`);
    // UPDATE TRACKING / VIEWSTAT: accepted and ignored

  }

  private limitOffset(q: A.SoqlQuery, mode: Mode): { limit: number | null; offset: number | null } {
    let limit: number | null = null;
    let offset: number | null = null;
    if (q.limit) {
      if (q.limit.value.kind === 'bind') throw this.bindError(q.limit.value);
      limit = q.limit.value.value;
      // LIMIT is a Java int in Salesforce (at most 2,147,483,647); beyond it the wording is ours.
      if (!(limit <= MAX_LIMIT)) throw this.err('NUMBER_OUTSIDE_VALID_RANGE', q.limit.value.span.start, `Maximum SOQL limit allowed is ${MAX_LIMIT}`);
    }
    if (q.offset) {
      if (q.offset.value.kind === 'bind') throw this.bindError(q.offset.value);
      offset = q.offset.value.value;
      if (!(offset <= 2000)) throw this.plain('NUMBER_OUTSIDE_VALID_RANGE', 'Maximum SOQL offset allowed is 2000');
      if (mode === 'semi') throw this.err('MALFORMED_QUERY', q.offset.span.start, `unexpected token: 'OFFSET'`);
    }

    return { limit, offset };
  }

  /** COUNT() / aggregate / records, with the rules that depend only on which one it is. */
  private queryKind(q: A.SoqlQuery, mode: Mode): { countOnlyItem: A.SelectItem | undefined; aggregate: boolean } {
    const countOnlyItem = q.select.find((s) => s.kind === 'selectCall' && s.call.fn === 'COUNT' && s.call.args.length === 0);
    const hasAggregate = q.select.some((s) => s.kind === 'selectCall' && A.isAggregateFunction(s.call.fn));
    const aggregate = q.groupBy !== undefined || hasAggregate;
    if (countOnlyItem) {
      if (mode !== 'root') throw this.err('MALFORMED_QUERY', countOnlyItem.span.start, 'only root queries support aggregate expressions');
      if (q.select.length > 1) {
        const other = q.select.find((s) => s !== countOnlyItem)!;
        throw this.err('MALFORMED_QUERY', other.span.start, 'COUNT() must be the only element in the SELECT list');
      }
      if (q.groupBy) throw this.err('MALFORMED_QUERY', q.groupBy.span.start, 'COUNT() cannot be used with GROUP BY; use COUNT(fieldName)');
      if (q.orderBy) throw this.err('MALFORMED_QUERY', q.orderBy[0]!.span.start, 'COUNT() cannot be used with ORDER BY');
      if (q.having) throw this.err('MALFORMED_QUERY', q.having.span.start, 'COUNT() cannot be used with HAVING');
    } else if (aggregate && mode !== 'root') {
      const at = q.groupBy?.span.start ?? q.select.find((s) => s.kind === 'selectCall')!.span.start;
      throw this.err('MALFORMED_QUERY', at, 'only root queries support aggregate expressions');
    }
    if (q.having && !aggregate) throw this.err('MALFORMED_QUERY', q.having.span.start, 'HAVING requires a GROUP BY clause or aggregate functions');
    // "You can't use a LIMIT clause in a query that uses an aggregate function, but does not use a
    // GROUP BY clause" (COUNT() excepted: "You can use LIMIT with count()"); wording ours.
    // https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_limit.htm
    if (aggregate && !countOnlyItem && !q.groupBy && q.limit) {
      throw this.err('MALFORMED_QUERY', q.limit.span.start, 'LIMIT can only be used with aggregate functions in a query with GROUP BY');
    }
    if (q.groupBy && q.groupBy.mode !== 'plain' && q.groupBy.items.length > MAX_ROLLUP_FIELDS) {
      // https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_groupby_rollup.htm (wording ours)
      throw this.err('MALFORMED_QUERY', q.groupBy.items[MAX_ROLLUP_FIELDS]!.span.start, `GROUP BY ${q.groupBy.mode.toUpperCase()} allows at most ${MAX_ROLLUP_FIELDS} fields`);
    }

    return { countOnlyItem, aggregate };
  }

  private groupByClause(scope: Scope, q: A.SoqlQuery): GroupBy | null {
    let groupBy: GroupBy | null = null;
    if (q.groupBy) {
      const items = q.groupBy.items.map((e) => {
        const s = this.scalar(scope, e, 'GROUP BY');
        if (s.kind === 'field') {
          if (!s.field.groupable) throw this.err('INVALID_FIELD', e.span.start, `field '${s.field.name}' can not be grouped in a query call`);
        }
        return s;
      });
      groupBy = { kind: q.groupBy.mode, items };
    }
    return groupBy;
  }

  /** SELECT: the records list or the aggregate list (the other stays empty), one method per item kind. */
  private selectList(level: LevelCtx): { records: RecordSelectItem[]; aggs: AggregateSelectItem[] } {
    const acc: SelectAcc = { records: [], aggs: [], seen: new Set(), aliasKeys: new Set(), exprN: 0, fieldsItems: [] };
    for (const item of level.q.select) {
      switch (item.kind) {
        case 'selectField':
          this.selectFieldItem(level, acc, item);
          break;
        case 'selectCall':
          this.selectCallItem(level, acc, item);
          break;
        case 'selectSubquery':
          this.selectSubqueryItem(level, acc, item);
          break;
        case 'selectTypeof':
          throw notEmulated('TYPEOF (this org has no polymorphic relationships)');
        case 'selectFields':
          this.selectFieldsItem(level, acc, item);
          break;
        default:
          A.assertNever(item);
      }
    }
    if (acc.fieldsItems.some((f) => f.which !== 'STANDARD') && (level.limit === null || level.limit > 200)) {
      throw this.plain('MALFORMED_QUERY', 'The SOQL FIELDS function must have a LIMIT of at most 200');
    }
    return { records: acc.records, aggs: acc.aggs };
  }

  /** An aggregate query's result key (alias or field name), unique case-insensitively. */
  private addAggKey(acc: SelectAcc, key: string, at: number): void {
    const k = key.toLowerCase();
    if (acc.aliasKeys.has(k)) throw this.err('MALFORMED_QUERY', at, `duplicate alias: ${key}`);
    acc.aliasKeys.add(k);
  }

  /** A records query selects each field (path, relationship or alias; lower case `k`) once. */
  private markSelected(acc: SelectAcc, k: string, shown: string): void {
    if (acc.seen.has(k)) throw this.plain('INVALID_FIELD', `duplicate field selected: ${shown}`);
    acc.seen.add(k);
  }

  private selectFieldItem(level: LevelCtx, acc: SelectAcc, item: A.SelectField): void {
    const f = this.resolveField(level.scope, item.field);
    if (level.aggregate) {
      if (level.countOnly) return;
      if (level.groupedIndex(f) < 0) throw this.err('MALFORMED_QUERY', item.span.start, `Field must be grouped or aggregated: ${f.field.name}`);
      const key = item.alias?.name ?? f.field.name;
      this.addAggKey(acc, key, item.span.start);
      acc.aggs.push({ kind: 'field', expr: f, key });
      return;
    }
    if (item.alias) throw this.err('MALFORMED_QUERY', item.alias.span.start, 'only aggregate expressions use field aliasing');
    this.markSelected(acc, this.fieldText(f).toLowerCase(), item.field.path.slice(item.field.path.length - 1 - f.steps.length).join('.'));
    acc.records.push({ kind: 'field', expr: f, key: f.field.name });
  }

  /** Aggregates, date functions, GROUPING() and toLabel() in the SELECT list. */
  private selectCallItem(level: LevelCtx, acc: SelectAcc, item: A.SelectCall): void {
    const { scope, aggregate, groupBy, groupedIndex } = level;
    const call = item.call;
    if (call.fn === 'COUNT' && call.args.length === 0) return; // COUNT(): handled as countOnly
    const nextKey = () => {
      const key = item.alias?.name ?? `expr${acc.exprN++}`;
      this.addAggKey(acc, key, item.span.start);
      return key;
    };
    if (A.isAggregateFunction(call.fn)) {
      const expr = this.aggregate(scope, call);
      acc.aggs.push({ kind: 'aggregate', expr, key: nextKey() });
    } else if (A.isDateFunction(call.fn)) {
      const expr = this.dateFn(scope, call);
      if (!aggregate) throw this.err('MALFORMED_QUERY', item.span.start, `Field must be grouped or aggregated: ${call.fn}`);
      if (selectGroupIndex(groupBy?.items ?? [], expr) < 0) throw this.err('MALFORMED_QUERY', item.span.start, `Field must be grouped or aggregated: ${call.fn}`);
      acc.aggs.push({ kind: 'dateFn', expr, key: nextKey() });
    } else if (call.fn === 'GROUPING') {
      if (!groupBy || groupBy.kind === 'plain') throw this.unsupportedFunction(call);
      const s = this.groupingArg(scope, call, groupedIndex);
      acc.aggs.push({ kind: 'grouping', expr: { kind: 'grouping', arg: s }, key: nextKey() });
    } else if (call.fn === 'toLabel' && !aggregate) {
      this.toLabelItem(level, acc, item);
    } else {
      throw this.unsupportedFunction(call);
    }
  }

  /**
   * toLabel(f) in a records query: the field's picklist labels, keyed by the field name or the alias.
   * "toLabel() supports aliasing, which is required when the query includes the same field multiple
   * times" (`SELECT Status, toLabel(Status) StatusLabel FROM Case`).
   * https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_tolabel.htm
   */
  private toLabelItem(level: LevelCtx, acc: SelectAcc, item: A.SelectCall): void {
    const call = item.call;
    const a = call.args[0];
    if (call.args.length !== 1 || !a || a.kind !== 'field') throw this.err('MALFORMED_QUERY', call.span.start, 'toLabel() requires exactly one field argument');
    const f = this.resolveField(level.scope, a);
    if (item.alias && f.steps.length > 0) throw notEmulated('an alias on toLabel() of a parent field');
    const key = item.alias?.name ?? f.field.name;
    this.markSelected(acc, item.alias ? key.toLowerCase() : this.fieldText(f).toLowerCase(), key);
    const labels = new Map(f.field.picklistValues.map((v) => [v.value, v.label] as const));
    acc.records.push({ kind: 'field', expr: f, key, labels });
  }

  private selectSubqueryItem(level: LevelCtx, acc: SelectAcc, item: A.SelectSubquery): void {
    const { q, mode, scope, state } = level;
    if (mode !== 'root') throw notEmulated('nested child relationship subqueries (more than one level)');
    if (level.aggregate) throw this.err('MALFORMED_QUERY', item.span.start, 'Aggregate queries do not support child relationship subqueries');
    // "A subquery can use OFFSET only if the parent query has a LIMIT 1 clause" (OFFSET docs; wording ours).
    // https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_offset.htm
    if (item.query.offset && !(q.limit?.value.kind === 'integer' && q.limit.value.value === 1)) {
      throw this.err('MALFORMED_QUERY', item.query.offset.span.start, 'OFFSET in a child subquery requires the parent query to have LIMIT 1');
    }
    const sub = this.query(item.query, 'child', scope) as CheckedSubquery;
    this.markSelected(acc, sub.relationshipName.toLowerCase(), sub.relationshipName);
    acc.records.push({ kind: 'subquery', query: sub, key: sub.relationshipName });
    if (sub.usesClock) state.usesClock = true;
  }

  private selectFieldsItem(level: LevelCtx, acc: SelectAcc, item: A.SelectFields): void {
    const object = level.scope.object;
    if (level.aggregate) throw this.err('MALFORMED_QUERY', item.span.start, 'FIELDS() cannot be used in an aggregate query');
    if (level.mode === 'semi') throw this.err('MALFORMED_QUERY', item.span.start, 'FIELDS() cannot be used in a semi join sub-select');
    acc.fieldsItems.push(item);
    // https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_fields.htm
    // "If there are duplicate field names in the SELECT statement, the API returns an error":
    // `SELECT Id, FIELDS(ALL) FROM User LIMIT 200` → 400 `duplicate field selected: Id`.
    const taken = object.def.fields.filter((f) => item.which === 'ALL' || (item.which === 'CUSTOM' ? f.custom : !f.custom));
    if (taken.length === 0) {
      // wording ours: the docs only say FIELDS() selects the fields of the group
      throw this.err('MALFORMED_QUERY', item.span.start, `FIELDS(${item.which}) selects no fields on ${object.def.name}`);
    }
    for (const f of taken) {
      this.markSelected(acc, f.name.toLowerCase(), f.name);
      acc.records.push({ kind: 'field', expr: { kind: 'field', steps: [], field: f, object }, key: f.name });
    }
  }

  private orderByClause(level: LevelCtx): OrderItem[] {
    const { q, scope, aggregate, groupBy, groupedIndex } = level;
    const orderBy: OrderItem[] = [];
    for (const o of q.orderBy ?? []) {
      let expr: ScalarExpr | AggregateRef | GroupingRef;
      const at = o.expr.span.start;
      if (o.expr.kind === 'call' && o.expr.fn === 'GROUPING' && groupBy && groupBy.kind !== 'plain') {
        // GROUPING(f) may order a ROLLUP/CUBE result (subtotal rows first or last).
        expr = { kind: 'grouping', arg: this.groupingArg(scope, o.expr, groupedIndex) };
      } else if (o.expr.kind === 'call' && A.isAggregateFunction(o.expr.fn)) {
        if (!aggregate) throw this.err('MALFORMED_QUERY', at, `Ordered field must be grouped or aggregated: ${o.expr.fn}`);
        if (o.expr.args.length === 0) throw this.err('MALFORMED_QUERY', at, 'COUNT() cannot be used in ORDER BY; use COUNT(Id)');
        expr = this.aggregate(scope, o.expr);
      } else {
        const s = this.scalar(scope, o.expr, 'ORDER BY');
        if (s.kind === 'field') {
          if (!s.field.sortable) throw this.err('INVALID_FIELD', at, `field '${s.field.name}' can not be sorted in a query call`);
        }
        if (aggregate && groupedIndex(s) < 0) {
          throw this.err('MALFORMED_QUERY', at, `Ordered field must be grouped or aggregated: ${s.kind === 'field' ? s.field.name : s.fn}`);
        }
        expr = s;
      }
      const text = expr.kind === 'field' ? compareTypeOf(expr.field) === 'text' : expr.kind === 'aggregate' && (expr.fn === 'MIN' || expr.fn === 'MAX') && expr.arg.kind === 'field' && compareTypeOf(expr.arg.field) === 'text';
      // https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_orderby.htm
      // "Picklist sorting is defined by the picklist sort determined during setup."
      const picklistOrder = expr.kind === 'field' && expr.field.type === 'picklist' && expr.field.picklistValues.length > 0 ? expr.field.picklistValues.map((v) => v.value) : null;
      orderBy.push({
        expr,
        descending: o.direction === 'DESC',
        nulls: o.nulls === 'FIRST' ? 'first' : o.nulls === 'LAST' ? 'last' : null,
        text,
        picklistOrder,
      });
    }
    return orderBy;
  }
}

/** What the clause methods of one query level share. */
interface LevelCtx {
  readonly q: A.SoqlQuery;
  readonly mode: Mode;
  readonly scope: Scope;
  readonly state: LevelState;
  readonly countOnly: boolean;
  readonly aggregate: boolean;
  readonly groupBy: GroupBy | null;
  readonly limit: number | null;
  groupedIndex(s: ScalarExpr): number;
}

/** What the SELECT-list items of one level collect. */
interface SelectAcc {
  readonly records: RecordSelectItem[];
  readonly aggs: AggregateSelectItem[];
  /** Records query: what is selected (lower-case field paths, relationship names, toLabel aliases). */
  readonly seen: Set<string>;
  /** Aggregate query: the result keys (lower case). */
  readonly aliasKeys: Set<string>;
  /** The next `exprN` key of an unaliased aggregate / date function / GROUPING(). */
  exprN: number;
  readonly fieldsItems: A.SelectFields[];
}

/** The left side of a comparison and how its values compare. */
interface ComparisonLeft {
  readonly lhs: ScalarExpr | AggregateRef;
  readonly type: CompareType;
  /** The name in filter error texts: `Status`, `COUNT(Id)`, `CALENDAR_YEAR(CreatedDate)`. */
  readonly name: string;
  /** An integer-valued function (COUNT, date functions): its literals must be integers. */
  readonly isIntFn: boolean;
}

interface HavingCtx {
  requireGrouped(s: ScalarExpr, at: number): void;
}

/** The object types an Id or reference field points at (the object itself for its Id). */
function idTarget(f: FieldRef): readonly string[] | null {
  if (f.field.type === 'id') return [f.object.def.name];
  if (f.field.type === 'reference') return f.field.referenceTo.length > 0 ? f.field.referenceTo : null;
  return null;
}


/** Checks a parsed SOQL query against the schema. Throws SalesforceError. */
export function checkQuery(ast: A.SoqlQuery, opts: CheckOptions): CheckedQuery {
  return new Checker(opts).query(ast, 'root', null);
}
