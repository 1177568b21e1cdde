// Observations for the query strategies (react / act), shaped as CRMArena's connector shapes them:
// fenced text unwrapped and whitespace collapsed; SOSL iff the text starts with FIND; `attributes`
// removed at the top level; columns null in every row dropped; an empty result (or COUNT()) is `[]`;
// errors come back as "<errorCode>: <message>". Rows are written as JSON.
import type { Rec } from './localforce.js';

/** The statement inside an <execute> block: ``` fences removed, whitespace collapsed. */
export function unwrapStatement(text: string): string {
  const fenced = /```(?:[a-zA-Z]*)?\s*([\s\S]*?)```/.exec(text);
  return (fenced ? fenced[1]! : text).replace(/\s+/g, ' ').trim();
}

export function isSosl(statement: string): boolean {
  return /^find\b/i.test(statement.trim());
}

export function shapeRows(rows: readonly Rec[]): Rec[] {
  const stripped = rows.map((r) => {
    const o: Rec = {};
    for (const [k, v] of Object.entries(r)) if (k !== 'attributes') o[k] = v;
    return o;
  });
  const keys = new Set<string>();
  for (const r of stripped) for (const k of Object.keys(r)) keys.add(k);
  const allNull = [...keys].filter((k) => stripped.every((r) => r[k] === null || r[k] === undefined));
  if (allNull.length === 0) return stripped;
  return stripped.map((r) => {
    const o: Rec = {};
    for (const [k, v] of Object.entries(r)) if (!allNull.includes(k)) o[k] = v;
    return o;
  });
}

export function formatRows(rows: readonly Rec[]): string {
  return JSON.stringify(shapeRows(rows));
}
