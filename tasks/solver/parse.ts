// Reading the parameters of a task back out of its natural-language query and context, as an
// agent would. The solver never sees an instance's `params`.
import { parseToday, parseWindowSpec, resolveWindow, type Window } from '../time.js';

export interface TaskText {
  readonly query: string;
  readonly metadata?: { readonly required?: string; readonly optional?: string };
}

export function contextText(t: TaskText): string {
  return `${t.query}\n${t.metadata?.required ?? ''}`;
}

export function todayOf(t: TaskText): Date {
  const d = parseToday(t.metadata?.required ?? '') ?? parseToday(t.query);
  if (!d) throw new Error("no today's date in the task");
  return d;
}

export function windowOf(t: TaskText): Window {
  const spec = parseWindowSpec(t.query);
  if (!spec) throw new Error(`no time expression in: ${t.query}`);
  return resolveWindow(spec, todayOf(t));
}

/** "more than N cases" / "over N cases". */
export function thresholdOf(t: TaskText): number {
  const m = /\b(?:more than|over|in excess of|exceeding)\s+(\d+|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b/i.exec(t.query);
  if (!m) throw new Error(`no case threshold in: ${t.query}`);
  const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
  return /^\d+$/.test(m[1]!) ? Number(m[1]) : words.indexOf(m[1]!.toLowerCase());
}

/** min for shortest / lowest / fewest / quickest, max for longest / highest / most / slowest. */
export function extremaOf(t: TaskText): 'min' | 'max' {
  const q = t.query.toLowerCase();
  if (/\b(shortest|lowest|fewest|quickest|fastest|least|smallest)\b/.test(q)) return 'min';
  if (/\b(longest|highest|most|slowest|largest|greatest)\b/.test(q)) return 'max';
  throw new Error(`no extrema in: ${t.query}`);
}

/** The first Id with a given key prefix in the query or its context. */
export function idWithPrefix(t: TaskText, prefix: string): string {
  const m = new RegExp(`\\b(${prefix}[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?)\\b`).exec(contextText(t));
  if (!m) throw new Error(`no ${prefix} Id in the task`);
  return m[1]!;
}

/** API datetime ('…000+0000') → epoch ms. */
export function ms(v: unknown): number {
  const s = String(v).replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const t = Date.parse(s);
  if (Number.isNaN(t)) throw new Error(`bad datetime from the API: ${String(v)}`);
  return t;
}
