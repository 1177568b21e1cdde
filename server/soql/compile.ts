// Checked query → SQLite SQL + bound parameters + result plan (plan.ts).
// Rules: values are ALWAYS bound parameters; identifiers come only from the schema and are quoted;
// parent paths become LEFT JOINs (a missing parent → null); child subqueries run as ONE batched
// statement per subquery keyed by the parent Ids (a JSON array parameter), never one per parent.
import { traitsOf } from '../../schema/index.js';
import type {
  AggregateRef,
  CheckedQuery,
  CheckedSubquery,
  CompareOp,
  CompareType,
  Condition,
  FieldRef,
  GroupBy,
  GroupingRef,
  Operand,
  QueryCore,
  RecordsQuery,
  SelectItem,
  SemiJoinQuery,
  OrderItem,
  ScalarExpr,
} from './checked.js';
import { sameScalar, selectGroupIndex } from './checked.js';
import { dateFunctionSql, dateLiteralRange, formatDate, LOCAL_TIME_SQL_FUNCTION, localMidnightStored } from './dates.js';
import type { CompiledQuery, CompiledSubquery, RecordShape, ShapeNode, SqlParam, ValueFormat } from './plan.js';
import { assertNever } from './ast.js';

export interface CompileOptions {
  /** The injected clock for relative date literals. */
  readonly now: Date;
  /** IANA time zone of the user (date literal day boundaries, convertTimezone). */
  readonly timeZone: string;
  /** queryAll: include rows with IsDeleted = 1. */
  readonly includeDeleted: boolean;
  /** First month of the fiscal year (default 1 = January). */
  readonly fiscalStartMonth?: number;
}

/** Quotes an identifier taken from the schema. */
export const quoteIdent = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

/** SQLite LIKE escape character used for every translated pattern. */
export const LIKE_ESCAPE = '\\';

/** Escapes a literal string for use inside a SQLite LIKE pattern with ESCAPE '\'. */
export function escapeLikeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const isUtc = (tz: string) => /^(gmt|utc|etc\/utc|etc\/gmt|z|zulu)$/i.test(tz);

// ---------------------------------------------------------------------------------------------
// SQL fragments with their parameters (assembled in text order)
// ---------------------------------------------------------------------------------------------

class Frag {
  readonly parts: string[] = [];
  readonly params: SqlParam[] = [];
  add(sql: string, ...params: SqlParam[]): this {
    this.parts.push(sql);
    for (const p of params) this.params.push(p);
    return this;
  }
  // Loops, not `push(...xs)`: a spread passes every element as an argument, and a 15,000-term
  // WHERE chain's fragment overflows the call stack that way.
  append(f: Frag): this {
    for (const p of f.parts) this.parts.push(p);
    for (const p of f.params) this.params.push(p);
    return this;
  }
  get sql(): string {
    return this.parts.join('');
  }
  get empty(): boolean {
    return this.parts.length === 0;
  }
}

// ---------------------------------------------------------------------------------------------
// One query level: FROM object with its alias and parent joins
// ---------------------------------------------------------------------------------------------

class Level {
  private readonly joins = new Map<string, { alias: string; sql: string }>();
  private n = 0;
  readonly usedFunctions = new Set<string>();

  constructor(
    readonly q: QueryCore,
    readonly prefix: string,
    readonly opts: CompileOptions,
  ) {}

  get root(): string {
    return `${this.prefix}0`;
  }

  /** The alias of the table that owns a field reference, adding LEFT JOINs along its path. */
  aliasFor(ref: FieldRef): string {
    let alias = this.root;
    let key = '';
    for (const step of ref.steps) {
      key += `${step.relationshipName.toLowerCase()}.`;
      let j = this.joins.get(key);
      if (!j) {
        const a = `${this.prefix}${++this.n}`;
        j = {
          alias: a,
          sql: ` LEFT JOIN ${quoteIdent(step.target.def.name)} ${a} ON ${a}."Id" = ${alias}.${quoteIdent(step.field.name)}`,
        };
        this.joins.set(key, j);
      }
      alias = j.alias;
    }
    return alias;
  }

  /** The alias of the table reached by a relationship path prefix (for a parent's Id column). */
  aliasForSteps(ref: FieldRef, depth: number): string {
    return this.aliasFor({ ...ref, steps: ref.steps.slice(0, depth) });
  }

  column(ref: FieldRef): string {
    return `${this.aliasFor(ref)}.${quoteIdent(ref.field.name)}`;
  }

  from(): string {
    let s = ` FROM ${quoteIdent(this.q.object.def.name)} ${this.root}`;
    for (const j of this.joins.values()) s += j.sql;
    return s;
  }

  scalar(e: ScalarExpr, f: Frag): void {
    switch (e.kind) {
      case 'field':
        f.add(this.column(e));
        return;
      case 'dateFn': {
        let arg = this.column(e.arg);
        const fsm = this.opts.fiscalStartMonth ?? 1;
        if (e.convertTimezone && !isUtc(this.opts.timeZone)) {
          this.usedFunctions.add(LOCAL_TIME_SQL_FUNCTION);
          // the time zone is a bound parameter: split the function SQL around the placeholder
          arg = `${LOCAL_TIME_SQL_FUNCTION}(${arg}, ?)`;
          const sql = dateFunctionSql(e.fn, arg, fsm);
          const pieces = sql.split('?');
          pieces.forEach((p, i) => {
            if (i === 0) f.add(p);
            else f.add('?', this.opts.timeZone).add(p);
          });
          return;
        }
        f.add(dateFunctionSql(e.fn, arg, fsm));
        return;
      }
      default:
        assertNever(e);
    }
  }

  valueExpr(e: ScalarExpr | AggregateRef, f: Frag): void {
    if (e.kind !== 'aggregate') return this.scalar(e, f);
    const fn = e.fn;
    // "If you use the MIN() or MAX() functions on a picklist field, the function uses the sort order
    // of the picklist values instead of alphabetical order." (Aggregate Functions docs) The rank is
    // zero-padded in front of the value, so MIN/MAX of the text picks by rank, then the value is cut out.
    if ((fn === 'MIN' || fn === 'MAX') && e.arg.kind === 'field' && e.arg.field.type === 'picklist' && e.arg.field.picklistValues.length > 0) {
      const col = new Frag();
      this.scalar(e.arg, col);
      const rank = picklistRank(col, e.arg.field.picklistValues.map((v) => v.value));
      f.add(`substr(${fn}(CASE WHEN `).append(col).add(" IS NULL THEN NULL ELSE printf('%05d', ").append(rank).add(') || ').append(col).add(' END), 6)');
      return;
    }
    switch (fn) {
      case 'COUNT':
        f.add('COUNT(');
        break;
      case 'COUNT_DISTINCT':
        f.add('COUNT(DISTINCT ');
        break;
      case 'SUM':
      case 'AVG':
      case 'MIN':
      case 'MAX':
        f.add(`${fn}(`);
        break;
      default:
        assertNever(fn);
    }
    this.scalar(e.arg, f);
    f.add(')');
  }
}

// ---------------------------------------------------------------------------------------------
// Conditions
// ---------------------------------------------------------------------------------------------


const NOCASE = ' COLLATE NOCASE';

/** IN lists longer than this are bound as one JSON array parameter. */
export const LONG_IN_LIST = 100;

class ConditionCompiler {
  constructor(
    private readonly level: Level,
    private readonly opts: CompileOptions,
    private readonly compileInner: (q: SemiJoinQuery) => Frag,
  ) {}

  private balanced(items: readonly Condition[], lo: number, hi: number, op: ' AND ' | ' OR ', f: Frag): void {
    if (hi - lo === 1) return this.cond(items[lo]!, f);
    const mid = (lo + hi) >>> 1;
    f.add('(');
    this.balanced(items, lo, mid, op, f);
    f.add(op);
    this.balanced(items, mid, hi, op, f);
    f.add(')');
  }

  cond(c: Condition, f: Frag): void {
    switch (c.kind) {
      case 'and':
      case 'or':
        // Balanced nesting: SQLite parses `a OR b OR c …` left-deep and refuses expression trees
        // deeper than 1000, which a generated 3,000-term OR chain would otherwise hit.
        this.balanced(c.items, 0, c.items.length, c.kind === 'and' ? ' AND ' : ' OR ', f);
        return;
      case 'not':
        // Two-valued logic, as Salesforce's null handling (`!=` matches null): a comparison on a null
        // field is false, so NOT of it is true. COALESCE turns SQL's unknown into false first.
        f.add('NOT COALESCE((');
        this.cond(c.item, f);
        f.add('), 0)');
        return;
      case 'compare':
        return this.compare(c.lhs, c.type, c.op, c.value, f);
      case 'in':
        return this.inList(c.lhs, c.type, c.negated, c.values, f);
      case 'like': {
        f.add('(');
        this.level.scalar(c.lhs, f);
        f.add(` LIKE ? ESCAPE '${LIKE_ESCAPE}')`, c.sqlPattern);
        return;
      }
      case 'includes': {
        const col = this.level.column(c.lhs);
        f.add(c.negated ? '(' + col + ' IS NULL OR NOT (' : '(');
        c.values.forEach((set, i) => {
          if (i > 0) f.add(' OR ');
          f.add('(');
          set.forEach((v, j) => {
            if (j > 0) f.add(' AND ');
            f.add(`(';' || ${col} || ';') LIKE ? ESCAPE '${LIKE_ESCAPE}'`, `%;${escapeLikeLiteral(v)};%`);
          });
          f.add(')');
        });
        f.add(c.negated ? '))' : ')');
        return;
      }
      case 'semiJoin': {
        const col = this.level.column(c.lhs);
        const inner = this.compileInner(c.inner);
        if (c.negated) f.add(`(${col} IS NULL OR ${col} NOT IN (`).append(inner).add('))');
        else f.add(`${col} IN (`).append(inner).add(')');
        return;
      }
      default:
        assertNever(c);
    }
  }

  private lhs(e: ScalarExpr | AggregateRef, type: CompareType): Frag {
    const f = new Frag();
    this.level.valueExpr(e, f);
    if (type === 'text') f.add(NOCASE);
    return f;
  }

  /** [start, end) of a relative date literal in the stored form of `type`. */
  private range(op: Extract<Operand, { kind: 'dateLiteral' }>, type: CompareType): [string, string] {
    const r = dateLiteralRange(op.name, op.n, this.opts.now, this.opts.timeZone, { fiscalStartMonth: this.opts.fiscalStartMonth ?? 1 });
    if (type === 'datetime') return [localMidnightStored(r.start, this.opts.timeZone), localMidnightStored(r.end, this.opts.timeZone)];
    return [formatDate(r.start), formatDate(r.end)];
  }

  private compare(lhsExpr: ScalarExpr | AggregateRef, type: CompareType, op: CompareOp, value: Operand, f: Frag): void {
    const lhs = this.lhs(lhsExpr, type);
    switch (value.kind) {
      case 'null':
        if (op === '=') f.add('(').append(lhs).add(' IS NULL)');
        else if (op === '!=') f.add('(').append(lhs).add(' IS NOT NULL)');
        else f.add('0');
        return;
      case 'value':
        if (type === 'multipicklist' && (op === '=' || op === '!=')) return this.multiEquals(lhsExpr, String(value.value), op === '!=', f);
        if (op === '!=') f.add('(').append(lhs).add(' IS NULL OR ').append(lhs).add(' <> ?)', value.value);
        else f.add('(').append(lhs).add(` ${op} ?)`, value.value);
        return;
      case 'dateLiteral': {
        const [s, e] = this.range(value, type);
        switch (op) {
          case '=':
            f.add('(').append(lhs).add(' >= ? AND ', s).append(lhs).add(' < ?)', e);
            return;
          case '!=':
            f.add('(').append(lhs).add(' IS NULL OR ').append(lhs).add(' < ? OR ', s).append(lhs).add(' >= ?)', e);
            return;
          case '<':
            f.add('(').append(lhs).add(' < ?)', s);
            return;
          case '<=':
            f.add('(').append(lhs).add(' < ?)', e);
            return;
          case '>':
            f.add('(').append(lhs).add(' >= ?)', e);
            return;
          case '>=':
            f.add('(').append(lhs).add(' >= ?)', s);
            return;
          default:
            return assertNever(op);
        }
      }
      default:
        assertNever(value);
    }
  }

  private multiEquals(lhsExpr: ScalarExpr | AggregateRef, v: string, negated: boolean, f: Frag): void {
    // exact set equality, order-insensitive: every value present and the same number of values
    const values = [...new Set(v.split(';').map((s) => s.trim()).filter((s) => s !== ''))];
    const col = new Frag();
    this.level.valueExpr(lhsExpr, col);
    const g = new Frag().add('(').append(col).add(' IS NOT NULL');
    for (const x of values) g.add(` AND (';' || `).append(col).add(` || ';') LIKE ? ESCAPE '${LIKE_ESCAPE}'`, `%;${escapeLikeLiteral(x)};%`);
    g.add(' AND length(').append(col).add(') - length(replace(').append(col).add(`, ';', '')) = ?)`, values.length - 1);
    if (negated) f.add('NOT ');
    f.append(g);
  }

  private inList(lhsExpr: ScalarExpr | AggregateRef, type: CompareType, negated: boolean, values: readonly Operand[], f: Frag): void {
    const lhs = this.lhs(lhsExpr, type);
    const plain: SqlParam[] = [];
    let hasNull = false;
    const ranges: Frag[] = [];
    for (const v of values) {
      if (v.kind === 'null') hasNull = true;
      else if (v.kind === 'value') plain.push(v.value);
      else {
        const r = new Frag();
        this.compare(lhsExpr, type, '=', v, r);
        ranges.push(r);
      }
    }
    const alts: Frag[] = [];
    if (plain.length > LONG_IN_LIST) {
      // one JSON parameter instead of thousands of placeholders (SQLite caps bound variables)
      alts.push(new Frag().append(lhs).add(' IN (SELECT value FROM json_each(?))', JSON.stringify(plain)));
    } else if (plain.length > 0) {
      alts.push(new Frag().append(lhs).add(` IN (${plain.map(() => '?').join(', ')})`, ...plain));
    }
    if (hasNull) alts.push(new Frag().append(lhs).add(' IS NULL'));
    alts.push(...ranges);
    const any = new Frag();
    if (alts.length === 0) any.add('0');
    alts.forEach((a, i) => {
      if (i > 0) any.add(' OR ');
      any.append(a);
    });
    if (!negated) {
      f.add('(').append(any).add(')');
      return;
    }
    // NOT IN also matches null (reported Salesforce behaviour), unless null is in the list
    if (hasNull) f.add('NOT (').append(any).add(')');
    else f.add('(').append(lhs).add(' IS NULL OR NOT (').append(any).add('))');
  }
}

// ---------------------------------------------------------------------------------------------
// Query compilation
// ---------------------------------------------------------------------------------------------

/** `CASE WHEN x IS NULL THEN NULL WHEN x = ? THEN 0 … ELSE n END`: a picklist's rank in its value order. */
function picklistRank(expr: Frag, values: readonly string[]): Frag {
  const f = new Frag().add('CASE WHEN ').append(expr).add(' IS NULL THEN NULL');
  values.forEach((v, i) => f.add(' WHEN ').append(expr).add(` = ? THEN ${i}`, v));
  return f.add(` ELSE ${values.length} END`);
}

function orderTerm(expr: Frag, o: OrderItem, f: Frag): void {
  const dir = o.descending ? ' DESC' : ' ASC';
  const nulls = o.nulls === 'first' ? ' NULLS FIRST' : o.nulls === 'last' ? ' NULLS LAST' : '';
  if (o.picklistOrder) f.append(picklistRank(expr, o.picklistOrder)).add(dir + nulls).add(', ');
  f.append(expr);
  if (o.text) f.add(NOCASE);
  f.add(dir + nulls);
}

function orderFrag(level: Level, items: readonly OrderItem[]): Frag {
  const f = new Frag();
  items.forEach((o, i) => {
    if (i > 0) f.add(', ');
    const e = new Frag();
    // GROUPING() orders only ROLLUP/CUBE results (compiled over output columns below); on a plain
    // grouping set nothing is rolled up, so it is 0.
    if (o.expr.kind === 'grouping') e.add('0');
    else level.valueExpr(o.expr, e);
    orderTerm(e, o, f);
  });
  return f;
}

/**
 * LIMIT/OFFSET are written as integer literals, not bound: SQLite plans a constant limit better (a
 * bound `LIMIT ?` costs ~4 µs per execution of a one-row lookup). They are integers the parser and
 * checker validated, never text from the query, so nothing can be injected through them.
 */
function limitFrag(limit: number | null, offset: number | null): Frag {
  const f = new Frag();
  if (limit === null && offset === null) return f;
  f.add(` LIMIT ${sqlInteger(limit ?? -1)}`);
  if (offset !== null) f.add(` OFFSET ${sqlInteger(offset)}`);
  return f;
}

function sqlInteger(n: number): string {
  if (!Number.isSafeInteger(n) || n < -1) throw new Error(`LIMIT/OFFSET must be a checked integer, got ${n}`);
  return String(n);
}

function deletedFilter(level: Level, opts: CompileOptions): string | null {
  if (opts.includeDeleted) return null;
  return `${level.root}."IsDeleted" = 0`;
}

/** True when the SQL of a query depends on the time zone through convertTimezone() (besides date literals). */
export function usesConvertTimezone(q: CheckedQuery | SemiJoinQuery): boolean {
  const scalar = (e: ScalarExpr | AggregateRef | { kind: 'grouping'; arg: ScalarExpr }): boolean => {
    switch (e.kind) {
      case 'field':
        return false;
      case 'dateFn':
        return e.convertTimezone;
      case 'aggregate':
      case 'grouping':
        return scalar(e.arg);
    }
  };
  const cond = (c: Condition | null): boolean => {
    if (!c) return false;
    switch (c.kind) {
      case 'and':
      case 'or':
        return c.items.some(cond);
      case 'not':
        return cond(c.item);
      case 'compare':
      case 'in':
        return scalar(c.lhs);
      case 'like':
        return scalar(c.lhs);
      case 'includes':
        return false;
      case 'semiJoin':
        return usesConvertTimezone(c.inner);
    }
  };
  const items: readonly SelectItem[] = 'select' in q ? q.select : [];
  return (
    items.some((i) => (i.kind === 'subquery' ? usesConvertTimezone(i.query) : scalar(i.expr))) ||
    cond(q.where) ||
    cond(q.having) ||
    (q.groupBy?.items.some(scalar) ?? false) ||
    q.orderBy.some((o) => scalar(o.expr))
  );
}

interface Built {
  readonly select: Frag;
  readonly shape: RecordShape;
  readonly columns: number;
}

/** SELECT list and shape of a records query (root Id first, then fields, parents nested). */
function buildRecordSelect(level: Level, q: RecordsQuery, subBase: number, extraLeading: Frag | null): Built {
  const cols: Frag[] = [];
  if (extraLeading) cols.push(extraLeading);
  const idCol = cols.length;
  cols.push(new Frag().add(`${level.root}."Id"`));
  const rootNodes: ShapeNode[] = [];
  type MutableParent = { kind: 'parent'; key: string; sobject: string; idCol: number; nodes: ShapeNode[] };
  const parents = new Map<string, MutableParent>();
  let sub = subBase;
  for (const item of q.select) {
    switch (item.kind) {
      case 'field': {
        let nodes = rootNodes;
        let key = '';
        item.expr.steps.forEach((step, depth) => {
          key += `${step.relationshipName.toLowerCase()}.`;
          let p = parents.get(key);
          if (!p) {
            const alias = level.aliasForSteps(item.expr, depth + 1);
            p = { kind: 'parent', key: step.relationshipName, sobject: step.target.def.name, idCol: cols.length, nodes: [] };
            cols.push(new Frag().add(`${alias}."Id"`));
            parents.set(key, p);
            nodes.push(p);
          }
          nodes = p.nodes;
        });
        nodes.push(
          item.labels
            ? { kind: 'value', key: item.key, col: cols.length, format: traitsOf(item.expr.field.type).json, labels: item.labels }
            : { kind: 'value', key: item.key, col: cols.length, format: traitsOf(item.expr.field.type).json },
        );
        cols.push(new Frag().add(level.column(item.expr)));
        break;
      }
      case 'subquery':
        rootNodes.push({ kind: 'children', key: item.key, sub: sub++ });
        break;
      default:
        assertNever(item);
    }
  }
  const select = new Frag();
  cols.forEach((c, i) => {
    if (i > 0) select.add(', ');
    select.append(c);
  });
  return { select, shape: { sobject: q.object.def.name, idCol, nodes: rootNodes }, columns: cols.length };
}

function scalarFormat(e: ScalarExpr): ValueFormat {
  if (e.kind === 'field') return traitsOf(e.field.type).json;
  return e.fn === 'DAY_ONLY' ? 'text' : 'int';
}

function aggregateFormat(a: AggregateRef): ValueFormat {
  switch (a.fn) {
    case 'COUNT':
    case 'COUNT_DISTINCT':
      return 'int';
    case 'SUM':
    case 'AVG':
      return 'double';
    case 'MIN':
    case 'MAX':
      return scalarFormat(a.arg);
  }
}


type AggregateQuery = Extract<CheckedQuery, { mode: 'aggregate' }>;

/** One output column of an aggregate query, written for a grouping set (null: the plain GROUP BY). */
type AggregateColumn = (set: readonly number[] | null, f: Frag) => void;

/** The output column of one grouped expression, aggregate or GROUPING() for a grouping set. */
function exprColumn(level: Level, groupItems: readonly ScalarExpr[], e: ScalarExpr | AggregateRef | GroupingRef): AggregateColumn {
  switch (e.kind) {
    case 'field':
    case 'dateFn': {
      // a date function may stand on its grouped date field (null on rows that roll it up)
      const gi = selectGroupIndex(groupItems, e);
      return (set, f) => {
        if (set && gi >= 0 && !set.includes(gi)) f.add('NULL');
        else level.scalar(e, f);
      };
    }
    case 'aggregate':
      return (_set, f) => level.valueExpr(e, f);
    case 'grouping': {
      const gi = groupItems.findIndex((g) => sameScalar(g, e.arg));
      return (set, f) => f.add(set && !set.includes(gi) ? '1' : '0');
    }
    default:
      return assertNever(e);
  }
}

/** The shape nodes and output columns of an aggregate query's SELECT list, in order. */
function aggregateColumns(level: Level, q: AggregateQuery): { nodes: ShapeNode[]; cols: AggregateColumn[] } {
  const groupItems = q.groupBy?.items ?? [];
  const nodes: ShapeNode[] = q.select.map((item, col) => {
    const format = item.kind === 'aggregate' ? aggregateFormat(item.expr) : item.kind === 'grouping' ? 'int' : scalarFormat(item.expr);
    return { kind: 'value', key: item.key, col, format };
  });
  const cols = q.select.map((item) => exprColumn(level, groupItems, item.expr));
  return { nodes, cols };
}

/**
 * ORDER BY of a ROLLUP / CUBE query, over the output columns `c<i>` of the UNION ALL. An ordered
 * expression that is not selected gets a hidden column appended to `cols` (the shape never reads it),
 * so call this before the SELECT lists are written. Without ORDER BY, subtotal rows follow their
 * groups (selected grouped columns ascending, rolled-up nulls last).
 */
function rollupOrder(level: Level, q: AggregateQuery, cols: AggregateColumn[]): Frag {
  const groupItems = q.groupBy?.items ?? [];
  const selected = (e: ScalarExpr | AggregateRef | GroupingRef): number =>
    q.select.findIndex((it) =>
      e.kind === 'grouping'
        ? it.kind === 'grouping' && sameScalar(it.expr.arg, e.arg)
        : (it.kind === 'field' || it.kind === 'dateFn' || it.kind === 'aggregate') && sameExpr(it.expr, e),
    );
  const outer = new Frag();
  for (const o of q.orderBy) {
    let c = selected(o.expr);
    if (c < 0) {
      cols.push(exprColumn(level, groupItems, o.expr));
      c = cols.length - 1;
    }
    if (!outer.empty) outer.add(', ');
    orderTerm(new Frag().add(`c${c}`), o, outer);
  }
  if (outer.empty) {
    for (const g of groupItems) {
      const c = selected(g);
      if (c >= 0) outer.add(`${outer.empty ? '' : ', '}c${c} IS NULL, c${c}`);
    }
  }
  return outer;
}

/** Compiles one query level (root, semi-join inner or child subquery body) into SQL pieces. */
class QueryCompiler {
  readonly functions = new Set<string>();
  private innerCount = 0;

  constructor(readonly opts: CompileOptions) {}

  private level(q: QueryCore, prefix: string): Level {
    return new Level(q, prefix, this.opts);
  }

  private where(level: Level, q: QueryCore, extra: Frag[] = []): Frag {
    const conds: Frag[] = [...extra];
    const del = deletedFilter(level, this.opts);
    if (del) conds.push(new Frag().add(del));
    if (q.where) {
      const f = new Frag();
      this.conditions(level).cond(q.where, f);
      conds.push(f);
    }
    const w = new Frag();
    conds.forEach((c, i) => w.add(i === 0 ? ' WHERE ' : ' AND ').append(c));
    return w;
  }

  private conditions(level: Level): ConditionCompiler {
    return new ConditionCompiler(level, this.opts, (inner) => this.innerSelect(inner));
  }

  /** A semi-join inner query: SELECT <one id field> FROM … WHERE … (non-null ids only). */
  innerSelect(q: SemiJoinQuery): Frag {
    const level = this.level(q, `s${++this.innerCount}_`);
    const col = level.column(q.field);
    const where = this.where(level, q, [new Frag().add(`${col} IS NOT NULL`)]);
    const order = orderFrag(level, q.orderBy);
    const tail = new Frag();
    if (!order.empty) tail.add(' ORDER BY ').append(order);
    tail.append(limitFrag(q.limit, q.offset));
    this.collect(level);
    return new Frag().add(`SELECT ${col}`).add(level.from()).append(where).append(tail);
  }

  private collect(level: Level): void {
    for (const fn of level.usedFunctions) this.functions.add(fn);
  }

  compileRoot(q: CheckedQuery): CompiledQuery {
    const level = this.level(q, 't');
    switch (q.mode) {
      case 'count':
        return this.compileCount(level, q);
      case 'aggregate':
        return this.compileAggregate(level, q);
      case 'records':
        return this.compileRecords(level, q);
      default:
        return assertNever(q);
    }
  }

  private compileRecords(level: Level, q: RecordsQuery): CompiledQuery {
    const built = buildRecordSelect(level, q, 0, null);
    const where = this.where(level, q);
    const order = orderFrag(level, q.orderBy);
    const tail = new Frag().add(' ORDER BY ');
    if (!order.empty) tail.append(order).add(', ');
    // `+rowid`: the tiebreak keeps a stable order without letting SQLite satisfy it by scanning the
    // table in rowid order (it would pick a full scan over a date-range index on wide windows).
    tail.add(`+${level.root}.rowid`);
    const sql = new Frag().add('SELECT ').append(built.select).add(level.from()).append(where).append(tail).append(limitFrag(q.limit, q.offset));
    const subqueries: CompiledSubquery[] = [];
    for (const item of q.select) if (item.kind === 'subquery') subqueries.push(this.compileChild(item.query));
    this.collect(level);
    return {
      kind: 'records',
      sobject: q.object.def.name,
      sql: sql.sql,
      params: sql.params,
      shape: built.shape,
      subqueries,
      usesClock: q.usesClock || q.select.some((i) => i.kind === 'subquery' && i.query.usesClock),
      sqlFunctions: [...this.functions],
    };
  }

  private compileCount(level: Level, q: CheckedQuery): CompiledQuery {
    const where = this.where(level, q);
    let sql: Frag;
    if (q.limit === null && q.offset === null) sql = new Frag().add('SELECT COUNT(*)').add(level.from()).append(where);
    else sql = new Frag().add('SELECT COUNT(*) FROM (SELECT 1').add(level.from()).append(where).append(limitFrag(q.limit, q.offset)).add(')');
    this.collect(level);
    return {
      kind: 'count',
      sobject: q.object.def.name,
      sql: sql.sql,
      params: sql.params,
      shape: { sobject: q.object.def.name, idCol: -1, nodes: [] },
      subqueries: [],
      usesClock: q.usesClock,
      sqlFunctions: [...this.functions],
    };
  }

  private compileAggregate(level: Level, q: AggregateQuery): CompiledQuery {
    const { nodes, cols } = aggregateColumns(level, q);
    const groupItems = q.groupBy?.items ?? [];
    const sets = groupingSets(q.groupBy);
    // ROLLUP / CUBE order first: it may add hidden columns for ordered expressions that are not selected
    const outer = sets === null ? null : rollupOrder(level, q, cols);
    const selectFor = (set: readonly number[] | null, aliased: boolean): Frag => {
      const f = new Frag().add('SELECT ');
      cols.forEach((c, i) => {
        if (i > 0) f.add(', ');
        c(set, f);
        if (aliased) f.add(` AS c${i}`);
      });
      return f;
    };
    const groupFrag = (set: readonly number[]): Frag => {
      const f = new Frag();
      set.forEach((gi, i) => {
        f.add(i === 0 ? ' GROUP BY ' : ', ');
        level.scalar(groupItems[gi]!, f);
      });
      return f;
    };
    // Build every piece before level.from(): joins are added as paths are first touched.
    const plainSelect = selectFor(null, false);
    const plainGroup = groupFrag(groupItems.map((_, i) => i));
    const where = this.where(level, q);
    const having = new Frag();
    if (q.having) {
      having.add(' HAVING ');
      this.conditions(level).cond(q.having, having);
    }
    const order = sets === null ? orderFrag(level, q.orderBy) : new Frag();
    const from = level.from();
    let sql: Frag;
    if (sets === null) {
      sql = plainSelect.add(from).append(where).append(plainGroup).append(having);
      if (!order.empty) sql.add(' ORDER BY ').append(order);
    } else {
      // ROLLUP / CUBE: UNION ALL of the grouping sets, ordered over the output columns
      sql = new Frag().add('SELECT * FROM (');
      sets.forEach((set, i) => {
        if (i > 0) sql.add(' UNION ALL ');
        sql.append(selectFor(set, true)).add(from).append(where).append(groupFrag(set)).append(having);
      });
      sql.add(')');
      if (outer && !outer.empty) sql.add(' ORDER BY ').append(outer);
    }
    sql.append(limitFrag(q.limit, q.offset));
    this.collect(level);
    return {
      kind: 'aggregate',
      sobject: q.object.def.name,
      sql: sql.sql,
      params: sql.params,
      shape: { sobject: 'AggregateResult', idCol: -1, nodes },
      subqueries: [],
      usesClock: q.usesClock,
      sqlFunctions: [...this.functions],
    };
  }

  private compileChild(q: CheckedSubquery): CompiledSubquery {
    const level = this.level(q, 'c');
    const fk = `${level.root}.${quoteIdent(q.relationship.field)}`;
    const built = buildRecordSelect(level, q, 0, new Frag().add(fk));
    // the parent Ids (a JSON array) are bound as the first WHERE parameter
    const parentFilter = new Frag().add(`${fk} IN (SELECT value FROM json_each(?))`, '[]');
    const where = this.where(level, q, [parentFilter]);
    const order = orderFrag(level, q.orderBy);
    const orderAll = new Frag();
    if (!order.empty) orderAll.append(order).add(', ');
    orderAll.add(`+${level.root}.rowid`);
    const from = level.from();
    let sql: Frag;
    let parentIdsParam: number;
    if (q.limit === null && q.offset === null) {
      parentIdsParam = built.select.params.length;
      sql = new Frag().add('SELECT ').append(built.select).add(from).append(where).add(' ORDER BY ').append(orderAll);
    } else {
      // LIMIT/OFFSET apply per parent record: number the children within each parent
      const lo = q.offset ?? 0;
      parentIdsParam = built.select.params.length + orderAll.params.length;
      sql = new Frag()
        .add('SELECT * FROM (SELECT ')
        .append(built.select)
        .add(`, ROW_NUMBER() OVER (PARTITION BY ${fk} ORDER BY `)
        .append(orderAll)
        .add(') AS lf_rn')
        .add(from)
        .append(where)
        .add(') WHERE lf_rn > ?', lo);
      if (q.limit !== null) sql.add(' AND lf_rn <= ?', lo + q.limit);
      sql.add(' ORDER BY lf_rn');
    }
    this.collect(level);
    return {
      relationship: q.relationshipName,
      sql: sql.sql,
      params: sql.params,
      parentIdsParam,
      parentKeyCol: 0,
      shape: built.shape,
    };
  }
}

function sameExpr(a: ScalarExpr | AggregateRef, b: ScalarExpr | AggregateRef): boolean {
  if (a.kind === 'aggregate' || b.kind === 'aggregate') {
    return a.kind === 'aggregate' && b.kind === 'aggregate' && a.fn === b.fn && sameScalar(a.arg, b.arg);
  }
  return sameScalar(a, b);
}

/** Grouping sets of ROLLUP/CUBE (as indexes into the GROUP BY items), or null for a plain GROUP BY. */
function groupingSets(g: GroupBy | null): number[][] | null {
  if (!g || g.kind === 'plain') return null;
  const n = g.items.length;
  if (g.kind === 'rollup') {
    const sets: number[][] = [];
    for (let k = n; k >= 0; k--) sets.push([...Array(k).keys()]);
    return sets;
  }
  const sets: number[][] = [];
  for (let mask = (1 << n) - 1; mask >= 0; mask--) {
    const s: number[] = [];
    for (let i = 0; i < n; i++) if (mask & (1 << i)) s.push(i);
    sets.push(s);
  }
  return sets;
}

/** Compiles a checked query for SQLite. */
export function compileQuery(q: CheckedQuery, opts: CompileOptions): CompiledQuery {
  return new QueryCompiler(opts).compileRoot(q);
}

/**
 * Compiles only the WHERE / ORDER BY / LIMIT parts of a checked query over its object (alias `t0`),
 * for callers that build their own SELECT list (SOSL RETURNING). The deleted-row filter is included.
 */
export function compileFilter(q: CheckedQuery, opts: CompileOptions): { from: string; where: string; orderBy: string; limit: string; params: SqlParam[] } {
  const c = new QueryCompiler(opts);
  const level = new Level(q, 't', opts);
  const whereF = new Frag();
  const del = deletedFilter(level, opts);
  const conds: Frag[] = [];
  if (del) conds.push(new Frag().add(del));
  if (q.where) {
    const f = new Frag();
    new ConditionCompiler(level, opts, (inner) => c.innerSelect(inner)).cond(q.where, f);
    conds.push(f);
  }
  conds.forEach((x, i) => whereF.add(i === 0 ? ' WHERE ' : ' AND ').append(x));
  const order = orderFrag(level, q.orderBy);
  const lim = limitFrag(q.limit, q.offset);
  return {
    from: level.from(),
    where: whereF.sql,
    orderBy: order.empty ? '' : ` ORDER BY ${order.sql}`,
    limit: lim.sql,
    params: [...whereF.params, ...order.params, ...lim.params],
  };
}
