// An independent reference matcher for SOSL terms: scans every live row of an object in TypeScript
// (no FTS5, no compiled MATCH text) and decides by the documented semantics which records match.
// Shares only the tokenization primitives (tokenize, stem, htmlToText) with the engine.
import type { FieldDef, ObjectDef } from '../../schema/index.js';
import type { TermExpr } from '../../server/soql/sosl/ast.js';
import { parseSosl } from '../../server/soql/sosl/parser.js';
import { htmlToText, stem, tokenize, type Store } from '../../server/store/index.js';

const TEXT_TYPES = new Set(['string', 'textarea', 'email', 'phone', 'url']);
const STOP = new Set('a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(' '));

export type Scope = 'ALL' | 'NAME' | 'EMAIL' | 'PHONE';

function scopeFields(o: ObjectDef, scope: Scope): FieldDef[] {
  const text = o.fields.filter((f) => TEXT_TYPES.has(f.type));
  if (scope === 'ALL' || o.name === 'Knowledge__kav' || o.name === 'Product2') return text;
  if (scope === 'NAME') return text.filter((f) => f.nameField || ['FirstName', 'LastName', 'Subject', 'Title'].includes(f.name));
  if (scope === 'EMAIL') return text.filter((f) => f.type === 'email');
  return text.filter((f) => f.type === 'phone');
}

function rawTokens(f: FieldDef, v: unknown): string[] {
  if (typeof v !== 'string') return [];
  const toks = tokenize(f.htmlFormatted ? htmlToText(v) : v);
  if (f.type === 'phone') {
    const d = v.replace(/[^0-9]/g, '');
    if (d && toks.length > 1) toks.push(d);
    if (d.length === 11 && d[0] === '1') toks.push(d.slice(1));
  }
  return toks;
}

/** Does `seq` (per position: predicate) occur consecutively in `toks`? */
function hasSequence(toks: readonly string[], seq: ReadonlyArray<(t: string) => boolean>): boolean {
  if (seq.length === 0) return false;
  for (let i = 0; i + seq.length <= toks.length; i++) if (seq.every((p, j) => p(toks[i + j]!))) return true;
  return false;
}

type Doc = { raw: string[][]; stems: string[][] };

function leafMatches(doc: Doc, kind: 'word' | 'phrase', text: string): boolean {
  if (kind === 'word' && /[*?]/.test(text)) {
    const norm = text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
    const pieces = (norm.match(/(?:\p{L}|[*?])+|(?:\p{N}|[*?])+/gu) ?? []).filter((p) => /[^*?]/.test(p));
    const preds = pieces.map((p) => {
      const re = new RegExp(`^${p.replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'u');
      return (t: string) => re.test(t);
    });
    return doc.raw.some((toks) => hasSequence(toks, preds));
  }
  const want = tokenize(text).map(stem);
  return doc.stems.some((toks) => hasSequence(toks, want.map((w) => (t: string) => t === w)));
}

function isStopLeaf(e: TermExpr): boolean {
  return e.kind === 'word' && STOP.has(e.text.trim().toLowerCase());
}

function evaluate(e: TermExpr, doc: Doc, op: 'and' | 'or'): boolean {
  switch (e.kind) {
    case 'word':
    case 'phrase':
      return leafMatches(doc, e.kind, e.text);
    case 'group':
      return evaluate(e.inner, doc, op);
    case 'andNot':
      return evaluate(e.left, doc, op) && !evaluate(e.right, doc, op);
    case 'and':
    case 'or': {
      const kind = e.kind === 'or' || op === 'or' && e.implicit ? 'or' : 'and';
      // flatten a chain of the same kind (through groups), then drop stop words unless all are
      const items: TermExpr[] = [];
      const walk = (x: TermExpr) => {
        const inner = x.kind === 'group' ? x.inner : x;
        const k = inner.kind === 'or' || (inner.kind === 'and' && op === 'or' && inner.implicit) ? 'or' : inner.kind === 'and' ? 'and' : null;
        if (k === kind && (inner.kind === 'and' || inner.kind === 'or')) {
          walk(inner.left);
          walk(inner.right);
        } else items.push(x);
      };
      walk(e);
      const kept = items.filter((x) => !isStopLeaf(x));
      const use = kept.length ? kept : items;
      return kind === 'and' ? use.every((x) => evaluate(x, doc, op)) : use.some((x) => evaluate(x, doc, op));
    }
  }
}

/** Ids of the live records of `objectName` that the SOSL query's terms match in `scope`. */
export function referenceIds(store: Store, sosl: string, objectName: string, scope: Scope): Set<string> {
  const o = store.registry.object(objectName)!.def;
  const terms = parseSosl(sosl).search.terms;
  const fields = scopeFields(o, scope);
  const op = o.name.endsWith('__kav') ? 'or' : 'and';
  const out = new Set<string>();
  for (const row of store.all(`SELECT * FROM "${o.name}" WHERE "IsDeleted" = 0`)) {
    const raw = fields.map((f) => rawTokens(f, row[f.name]));
    const doc = { raw, stems: raw.map((t) => t.map(stem)) };
    if (evaluate(terms, doc, op)) out.add(row.Id as string);
  }
  return out;
}
