// Canonical SOQL text from an AST: keywords upper case, names as written, ", " between list items,
// one space between clauses. parseSoql(printSoql(q)) equals q modulo spans.
//
// Parentheses: an `and` / `or` / `not` nested inside another boolean node is always parenthesised
// (SOQL requires it for mixing and for NOT inside AND/OR); a comparison never is.

import type {
  CallArg,
  Condition,
  FieldRef,
  FunctionCall,
  Literal,
  LiteralList,
  Operand,
  OrderByItem,
  SelectItem,
  SoqlQuery,
  ValueExpr,
  WithClause,
} from './ast.js';
import { assertNever } from './ast.js';

export function printSoql(q: SoqlQuery): string {
  const parts = [`SELECT ${q.select.map(printSelectItem).join(', ')}`];
  const prefix = q.from.prefix ? q.from.prefix.map((p) => `${p.name}.`).join('') : '';
  const rels = (q.from.relationships ?? []).map((r) => `, ${r.path.path.join('.')} ${r.alias.name}`).join('');
  parts.push(`FROM ${prefix}${q.from.name.name}${q.from.alias ? ` ${q.from.alias.name}` : ''}${rels}`);
  if (q.usingScope) parts.push(`USING SCOPE ${q.usingScope.scope.name}`);
  if (q.where) parts.push(`WHERE ${printCondition(q.where)}`);
  if (q.with) parts.push(printWith(q.with));
  if (q.groupBy) {
    const items = q.groupBy.items.map(printValueExpr).join(', ');
    switch (q.groupBy.mode) {
      case 'plain':
        parts.push(`GROUP BY ${items}`);
        break;
      case 'rollup':
        parts.push(`GROUP BY ROLLUP(${items})`);
        break;
      case 'cube':
        parts.push(`GROUP BY CUBE(${items})`);
        break;
      default:
        assertNever(q.groupBy.mode);
    }
  }
  if (q.having) parts.push(`HAVING ${printCondition(q.having)}`);
  if (q.orderBy) parts.push(`ORDER BY ${q.orderBy.map(printOrderByItem).join(', ')}`);
  if (q.limit) parts.push(`LIMIT ${printCount(q.limit.value)}`);
  if (q.offset) parts.push(`OFFSET ${printCount(q.offset.value)}`);
  if (q.for) parts.push(`FOR ${q.for.mode}`);
  if (q.update) parts.push(`UPDATE ${q.update.mode}`);
  return parts.join(' ');
}

function printCount(v: NonNullable<SoqlQuery['limit']>['value']): string {
  return v.kind === 'bind' ? `:${v.name}` : v.raw;
}

export function printSelectItem(item: SelectItem): string {
  switch (item.kind) {
    case 'selectField':
      return printField(item.field) + (item.alias ? ` ${item.alias.name}` : '');
    case 'selectCall':
      return printCall(item.call) + (item.alias ? ` ${item.alias.name}` : '');
    case 'selectSubquery':
      return `(${printSoql(item.query)})`;
    case 'selectFields':
      return `FIELDS(${item.which})`;
    case 'selectTypeof': {
      const whens = item.whens.map((w) => `WHEN ${w.objectType.name} THEN ${w.fields.map(printField).join(', ')}`);
      const elseText = item.else ? ` ELSE ${item.else.fields.map(printField).join(', ')}` : '';
      return `TYPEOF ${printField(item.field)} ${whens.join(' ')}${elseText} END`;
    }
    default:
      return assertNever(item);
  }
}

export function printField(f: FieldRef): string {
  return f.path.join('.');
}

export function printCall(c: FunctionCall): string {
  return `${c.fn}(${c.args.map(printCallArg).join(', ')})`;
}

function printCallArg(a: CallArg): string {
  switch (a.kind) {
    case 'field':
      return printField(a);
    case 'call':
      return printCall(a);
    default:
      return printLiteral(a);
  }
}

export function printValueExpr(e: ValueExpr): string {
  switch (e.kind) {
    case 'field':
      return printField(e);
    case 'call':
      return printCall(e);
    default:
      return assertNever(e);
  }
}

export function printCondition(c: Condition): string {
  switch (c.kind) {
    case 'and':
    case 'or':
      return c.operands.map(printNested).join(c.kind === 'and' ? ' AND ' : ' OR ');
    case 'not':
      return `NOT ${printNested(c.operand)}`;
    case 'comparison':
      return `${printValueExpr(c.left)} ${c.operator} ${printOperand(c.right)}`;
    default:
      return assertNever(c);
  }
}

function printNested(c: Condition): string {
  return c.kind === 'comparison' ? printCondition(c) : `(${printCondition(c)})`;
}

function printOperand(o: Operand): string {
  switch (o.kind) {
    case 'list':
      return printList(o);
    case 'subquery':
      return `(${printSoql(o.query)})`;
    case 'bind':
      return o.implicit ? o.name : `:${o.name}`;
    default:
      return printLiteral(o);
  }
}

function printList(l: LiteralList): string {
  return `(${l.items.map((i) => (i.kind === 'bind' ? (i.implicit ? i.name : `:${i.name}`) : printLiteral(i))).join(', ')})`;
}

export function printLiteral(l: Literal): string {
  switch (l.kind) {
    case 'string':
      return `'${l.raw}'`;
    case 'integer':
    case 'decimal':
    case 'date':
    case 'datetime':
    case 'currency':
      return l.raw;
    case 'boolean':
      return l.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'dateLiteral':
      return l.n === undefined ? l.name : `${l.name}:${l.n}`;
    default:
      return assertNever(l);
  }
}

function printWith(w: WithClause): string {
  switch (w.kind) {
    case 'withMode':
      return `WITH ${w.mode}`;
    case 'withDataCategory':
      return `WITH DATA CATEGORY ${w.conditions
        .map((c) => {
          const cats = c.categories.map((x) => x.name);
          return `${c.group.name} ${c.selector} ${cats.length === 1 ? cats[0] : `(${cats.join(', ')})`}`;
        })
        .join(' AND ')}`;
    default:
      return assertNever(w);
  }
}

function printOrderByItem(o: OrderByItem): string {
  let s = printValueExpr(o.expr);
  if (o.direction) s += ` ${o.direction}`;
  if (o.nulls) s += ` NULLS ${o.nulls}`;
  return s;
}
