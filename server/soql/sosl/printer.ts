// SOSL AST → canonical SOSL text (keywords upper-case, one space between clauses). parse(print(q))
// yields the same tree as parse(q) apart from spans.
import type { ReturningObject, SoslQuery } from './ast.js';
import { printTerms } from './terms.js';

export function printSosl(q: SoslQuery): string {
  const parts = [`FIND {${printTerms(q.search.terms)}}`];
  if (q.in) parts.push(`IN ${q.in.group} FIELDS`);
  if (q.returning) parts.push(`RETURNING ${q.returning.map(printObject).join(', ')}`);
  for (const w of q.with) parts.push(w.text);
  if (q.limit) parts.push(`LIMIT ${q.limit.value}`);
  if (q.update) parts.push(`UPDATE ${q.update.items.join(', ')}`);
  return parts.join(' ');
}

function printObject(o: ReturningObject): string {
  if (!o.fields) return o.name;
  let s = o.fields.map((f) => f.text).join(', ');
  if (o.where) s += ` WHERE ${o.where.text}`;
  if (o.orderBy) s += ` ORDER BY ${o.orderBy.text}`;
  if (o.limit) s += ` LIMIT ${o.limit.value}`;
  if (o.offset) s += ` OFFSET ${o.offset.value}`;
  return `${o.name}(${s})`;
}
