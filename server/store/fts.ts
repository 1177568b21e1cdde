// SOSL's full-text index: one FTS5 table per searchable object, built in the connection's TEMP schema
// (never written to the org file) and kept in sync with the main tables by TEMP triggers, so DML made
// through the REST API is searchable at once.
//
// Text is tokenized here, in JavaScript, not by FTS5: Salesforce splits on whitespace, punctuation and
// letter/digit transitions ("Web2Case" → web, 2, case), strips HTML from rich text and stems words
// (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_sosl_find.htm).
// Each searchable field F becomes two FTS5 columns with aligned token positions:
//   r<i>  the raw tokens (lower-case, diacritics removed)   — wildcard terms match these
//   s<i>  their stems (light Porter step 1: plurals, -ed, -ing) — words and phrases match these
// FTS5's own tokenizer (unicode61) only splits the pre-tokenized text on spaces.
import type Database from 'better-sqlite3';
import { assertNever, traitsOf, type FieldDef, type ObjectDef } from '../../schema/index.js';
import { q } from './ddl.js';
import type { Store } from './store.js';

// ───────────────────────────── query shape ─────────────────────────────

/** Field groups of `IN … FIELDS` (SIDEBAR is searched as NAME). */
export type FtsScope = 'ALL' | 'NAME' | 'EMAIL' | 'PHONE';

/**
 * A search expression over one object, after operator resolution (the SOSL term compiler produces
 * it). `word` and `phrase` hold the user's text with escapes removed; in `word`, `*` and `?` are
 * wildcards (escaped literal ones were turned into separators by the parser).
 */
export type FtsExpr =
  | { readonly kind: 'word'; readonly text: string }
  | { readonly kind: 'phrase'; readonly text: string }
  | { readonly kind: 'and'; readonly items: readonly FtsExpr[] }
  | { readonly kind: 'or'; readonly items: readonly FtsExpr[] }
  | { readonly kind: 'andNot'; readonly left: FtsExpr; readonly right: FtsExpr };

export interface FtsHit {
  readonly id: string;
  /** The record matches every term of the query (always true for a query without OR). */
  readonly allTerms: boolean;
  /** FTS5 bm25 score, negated: higher is better. */
  readonly bm25: number;
}

// ───────────────────────────── tokenizer ─────────────────────────────

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', hellip: '…' };

/** Rich text → plain text: tags become spaces, entities are decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
}

const TOKEN = /\p{L}+|\p{N}+/gu;

/** Lower-case tokens of a text: runs of letters or of digits, diacritics removed. */
export function tokenize(text: string): string[] {
  const norm = text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  return norm.match(TOKEN) ?? [];
}

const VOWEL = /[aeiou]/;

function hasVowel(s: string): boolean {
  // Porter's "contains a vowel": a, e, i, o, u, or y after a consonant.
  return VOWEL.test(s) || /[^aeiou]y/.test(s);
}

/** Porter's measure m of a stem (number of VC sequences). */
function measure(s: string): number {
  const form = s.replace(/[^aeiouy]/g, 'C').replace(/[aeiou]|(?<=C)y/g, 'V').replace(/y/g, 'C');
  return (form.replace(/C+/g, 'C').replace(/V+/g, 'V').match(/VC/g) ?? []).length;
}

function cvc(s: string): boolean {
  if (s.length < 3) return false;
  const [a, b, c] = [s[s.length - 3]!, s[s.length - 2]!, s[s.length - 1]!];
  const cons = (ch: string, prev: string | undefined) => !/[aeiou]/.test(ch) && !(ch === 'y' && prev !== undefined && !/[aeiou]/.test(prev));
  return cons(a, s[s.length - 4]) && !cons(b, a) && cons(c, b) && !/[wxy]/.test(c);
}

/**
 * A light English stemmer: Porter's step 1 (plurals, -ed, -ing, final y), enough for
 * "shoes" = "shoe", "running" = "run", "returned" = "return". Digits are left alone.
 */
export function stem(w: string): string {
  if (w.length <= 2 || !/^[a-z]+$/.test(w)) return w;
  let s = w;
  // Step 1a
  if (s.endsWith('sses')) s = s.slice(0, -2);
  else if (s.endsWith('ies')) s = s.slice(0, -2);
  else if (s.endsWith('ss')) {
    /* keep */
  } else if (s.endsWith('s')) s = s.slice(0, -1);
  // Step 1b
  let extra = false;
  if (s.endsWith('eed')) {
    if (measure(s.slice(0, -3)) > 0) s = s.slice(0, -1);
  } else if (s.endsWith('ed') && hasVowel(s.slice(0, -2))) {
    s = s.slice(0, -2);
    extra = true;
  } else if (s.endsWith('ing') && hasVowel(s.slice(0, -3))) {
    s = s.slice(0, -3);
    extra = true;
  }
  if (extra) {
    if (s.endsWith('at') || s.endsWith('bl') || s.endsWith('iz')) s += 'e';
    else if (s.length >= 2 && s[s.length - 1] === s[s.length - 2] && !/[lsz]/.test(s[s.length - 1]!) && !/[aeiou]/.test(s[s.length - 1]!)) s = s.slice(0, -1);
    else if (measure(s) === 1 && cvc(s)) s += 'e';
  }
  // Step 1c
  if (s.endsWith('y') && hasVowel(s.slice(0, -1))) s = `${s.slice(0, -1)}i`;
  return s;
}

/** Tokens of a field value as indexed (phone numbers also get their digits-only form). */
export function fieldTokens(f: Pick<FieldDef, 'type' | 'htmlFormatted'>, value: unknown): string[] {
  if (value === null || value === undefined) return [];
  const text = String(value);
  const toks = tokenize(f.htmlFormatted ? htmlToText(text) : text);
  if (f.type === 'phone') {
    const digits = text.replace(/\D/g, '');
    if (digits.length > 0 && toks.length > 1) toks.push(digits);
    if (digits.length === 11 && digits.startsWith('1')) toks.push(digits.slice(1));
  }
  return toks;
}

// ───────────────────────────── index layout ─────────────────────────────

/** Objects whose search ignores `IN … FIELDS` (always all fields), per the IN SearchGroup docs. */
const SCOPE_FREE: ReadonlySet<string> = new Set(['Knowledge__kav', 'Product2']);
/** Extra NAME-scope fields beyond the object's name field. */
const EXTRA_NAME_FIELDS: ReadonlySet<string> = new Set(['FirstName', 'LastName', 'Subject', 'Title']);

export interface FtsLayout {
  readonly object: ObjectDef;
  readonly table: string; // temp table name
  readonly fields: readonly FieldDef[]; // searchable fields; column i ↔ fields[i]
  readonly scopeFree: boolean;
  /** name-scope flags per field (higher relevance weight) */
  readonly isName: readonly boolean[];
}

/** The fields of an object that ALL FIELDS searches: string, textarea (incl. long/rich text), email, phone, url. */
export function searchableFields(o: ObjectDef): FieldDef[] {
  return o.fields.filter((f) => traitsOf(f.type).searchable);
}

export function layoutOf(o: ObjectDef): FtsLayout {
  const fields = searchableFields(o);
  return {
    object: o,
    table: `fts_${o.name}`,
    fields,
    scopeFree: SCOPE_FREE.has(o.name),
    isName: fields.map((f) => f.nameField || EXTRA_NAME_FIELDS.has(f.name)),
  };
}

/** Column indexes searched for a scope. */
export function scopeColumns(l: FtsLayout, scope: FtsScope): number[] {
  const idx = l.fields.map((_, i) => i);
  if (l.scopeFree || scope === 'ALL') return idx;
  if (scope === 'NAME') return idx.filter((i) => l.isName[i]);
  if (scope === 'EMAIL') return idx.filter((i) => l.fields[i]!.type === 'email');
  return idx.filter((i) => l.fields[i]!.type === 'phone');
}

// ───────────────────────────── the index ─────────────────────────────

/** A search expression FTS5 cannot evaluate (too deep or too large); the org layer reports it. */
export class FtsQueryError extends Error {
  constructor(readonly detail: string) {
    super(`search expression too complex: ${detail}`);
    this.name = 'FtsQueryError';
  }
}

/** Relevance weight of a name-field column relative to other columns. */
const NAME_WEIGHT = 4;
/** At most this many vocabulary terms stand in for one mid-word wildcard (`jo?n`, `m*r`). */
export const MAX_WILDCARD_EXPANSION = 200;
/** OR queries with up to this many terms rank records matching all of them first. */
const MAX_ALL_TERMS = 64;

export interface FtsBuildStats {
  readonly object: string;
  readonly rows: number;
  readonly ms: number;
}

/**
 * The FTS index of one open Store. Tables are built lazily, per object, on the first search that
 * needs them; `buildAll()` builds every searchable object eagerly (benchmarks, warm-up).
 */
export class FtsIndex {
  private readonly built = new Map<string, FtsLayout>();
  readonly stats: FtsBuildStats[] = [];
  private readonly db: Database.Database;

  constructor(
    private readonly store: Store,
    private readonly clock: () => number = () => 0,
  ) {
    this.db = store.db;
    this.db.function('lf_fts_raw', { deterministic: true, varargs: false }, (kind: unknown, v: unknown) =>
      fieldTokens(kindField(kind), v).join(' '),
    );
    this.db.function('lf_fts_stem', { deterministic: true, varargs: false }, (kind: unknown, v: unknown) =>
      fieldTokens(kindField(kind), v).map(stem).join(' '),
    );
  }

  /** Builds (once) the index of an object and returns its layout. */
  ensure(o: ObjectDef): FtsLayout {
    const have = this.built.get(o.name);
    if (have) return have;
    const t0 = this.clock();
    const l = layoutOf(o);
    const cols = l.fields.flatMap((_, i) => [`r${i}`, `s${i}`]);
    const table = `temp.${q(l.table)}`;
    const src = q(o.name);
    const values = (row: string) => l.fields.flatMap((f) => [`lf_fts_raw(${kindArg(f)}, ${row}.${q(f.name)})`, `lf_fts_stem(${kindArg(f)}, ${row}.${q(f.name)})`]);
    const colList = cols.join(', ');
    const trig = (suffix: string) => `temp.${q(`${l.table}_${suffix}`)}`;
    this.db.transaction(() => {
      this.db.exec(`DROP TABLE IF EXISTS ${table}`);
      this.db.exec(
        `CREATE VIRTUAL TABLE ${table} USING fts5(${cols.length ? colList : 'r0'}, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0', detail=full)`,
      );
      if (l.fields.length > 0) {
        this.db.exec(`INSERT INTO ${table} (rowid, ${colList}) SELECT rowid, ${values(src).join(', ')} FROM main.${src}`);
        const ins = `INSERT INTO ${table} (rowid, ${colList}) VALUES (new.rowid, ${values('new').join(', ')});`;
        this.db.exec(`DROP TRIGGER IF EXISTS ${trig('ai')}`);
        this.db.exec(`DROP TRIGGER IF EXISTS ${trig('au')}`);
        this.db.exec(`DROP TRIGGER IF EXISTS ${trig('ad')}`);
        this.db.exec(`CREATE TEMP TRIGGER ${q(`${l.table}_ai`)} AFTER INSERT ON main.${src} BEGIN ${ins} END`);
        this.db.exec(
          `CREATE TEMP TRIGGER ${q(`${l.table}_au`)} AFTER UPDATE OF ${l.fields.map((f) => q(f.name)).join(', ')} ON main.${src} BEGIN DELETE FROM ${table} WHERE rowid = old.rowid; ${ins} END`,
        );
        this.db.exec(`CREATE TEMP TRIGGER ${q(`${l.table}_ad`)} AFTER DELETE ON main.${src} BEGIN DELETE FROM ${table} WHERE rowid = old.rowid; END`);
      }
    })();
    this.built.set(o.name, l);
    this.stats.push({ object: o.name, rows: this.store.count(o.name), ms: this.clock() - t0 });
    return l;
  }

  /** Builds every searchable object's index. */
  buildAll(): void {
    for (const o of this.store.registry.objects) if (o.searchable) this.ensure(o);
  }

  /**
   * Ids of the live (not deleted) records of `o` matching `expr` in the scope's fields, best first:
   * records matching every term, then bm25 (name fields weigh NAME_WEIGHT×, exact forms add to stem
   * matches), then Id.
   */
  search(o: ObjectDef, expr: FtsExpr, scope: FtsScope): FtsHit[] {
    const l = this.ensure(o);
    const cols = scopeColumns(l, scope);
    if (cols.length === 0) return [];
    const compiled = this.compile(l, expr, cols);
    if (compiled === null) return [];
    const weights = l.fields.flatMap((_, i) => {
      const w = l.isName[i] ? NAME_WEIGHT : 1;
      return [w, w];
    });
    const rows = this.match(
      `SELECT t."Id" AS id, bm25(${q(l.table)}${weights.length ? `, ${weights.join(', ')}` : ''}) AS score FROM temp.${q(l.table)} JOIN main.${q(o.name)} t ON t.rowid = ${q(l.table)}.rowid WHERE ${q(l.table)} MATCH ? AND t."IsDeleted" = 0`,
      compiled,
    ) as Array<{ id: string; score: number }>;
    // Records matching every term of an OR query rank first ("all-term matches first").
    const all = new Set<string>();
    const leaves = collectLeaves(expr);
    if (hasOr(expr) && leaves.length > 1 && leaves.length <= MAX_ALL_TERMS && rows.length > 1) {
      const m = this.compile(l, { kind: 'and', items: leaves }, cols);
      if (m !== null) {
        const sql = `SELECT t."Id" AS id FROM temp.${q(l.table)} JOIN main.${q(o.name)} t ON t.rowid = ${q(l.table)}.rowid WHERE ${q(l.table)} MATCH ?`;
        for (const r of this.match(sql, m)) all.add(r.id as string);
      }
    }
    const hits = rows.map((r) => ({ id: r.id, allTerms: all.has(r.id) || !hasOr(expr), bm25: -r.score }));
    hits.sort((a, b) => Number(b.allTerms) - Number(a.allTerms) || b.bm25 - a.bm25 || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return hits;
  }

  /** Runs a MATCH query; FTS5's own limits (parser stack, expression depth) surface as FtsQueryError. */
  private match(sql: string, expr: string): Array<Record<string, unknown>> {
    try {
      return this.store.all(sql, [expr]);
    } catch (e) {
      if (e instanceof Error && /fts5|expression tree/i.test(e.message)) throw new FtsQueryError(e.message);
      throw e;
    }
  }

  // ── expression → FTS5 MATCH text ──

  /** The MATCH string, or null when the expression can match nothing. */
  compile(l: FtsLayout, e: FtsExpr, cols: readonly number[]): string | null {
    switch (e.kind) {
      case 'word':
        return this.compileWord(l, e.text, cols);
      case 'phrase': {
        const toks = tokenize(e.text);
        if (toks.length === 0) return null;
        return exactOrStem(cols, toks);
      }
      case 'and': {
        const parts = e.items.map((x) => this.compile(l, x, cols));
        if (parts.some((p) => p === null)) return null;
        return parts.length === 1 ? parts[0]! : parts.map((p) => `(${p})`).join(' AND ');
      }
      case 'or': {
        const parts = e.items.map((x) => this.compile(l, x, cols)).filter((p): p is string => p !== null);
        if (parts.length === 0) return null;
        return parts.length === 1 ? parts[0]! : parts.map((p) => `(${p})`).join(' OR ');
      }
      case 'andNot': {
        const left = this.compile(l, e.left, cols);
        if (left === null) return null;
        const right = this.compile(l, e.right, cols);
        return right === null ? left : `(${left}) NOT (${right})`;
      }
      default:
        return assertNever(e);
    }
  }

  private compileWord(l: FtsLayout, text: string, cols: readonly number[]): string | null {
    if (!/[*?]/.test(text)) {
      const toks = tokenize(text);
      if (toks.length === 0) return null;
      return exactOrStem(cols, toks);
    }
    // Wildcards match raw (unstemmed) tokens. Split the word into tokens, keeping wildcard marks.
    const pieces = wildcardTokens(text);
    if (pieces.length === 0) return null;
    const last = pieces[pieces.length - 1]!;
    const simple = pieces.slice(0, -1).every((p) => !/[*?]/.test(p)) && /^[^*?]+\*+$/.test(last);
    if (simple) {
      // Trailing '*' only: an FTS5 prefix query on the raw columns.
      const lits = [...pieces.slice(0, -1), last.replace(/\*+$/, '')];
      return filter(cols, 'r', `${phrase(lits)} *`);
    }
    // Mid-word wildcards or '?': expand against the vocabulary, one alternative per combination.
    const options = pieces.map((p) => (/[*?]/.test(p) ? this.expand(l, p) : [p]));
    if (options.some((o) => o.length === 0)) return null;
    let combos: string[][] = [[]];
    for (const opt of options) {
      const next: string[][] = [];
      for (const c of combos) for (const o of opt) if (next.length < MAX_WILDCARD_EXPANSION) next.push([...c, o]);
      combos = next;
    }
    return filter(cols, 'r', combos.map((c) => phrase(c)).join(' OR '));
  }

  /** Vocabulary terms of the object's index matching one wildcard token (`*` 0+ chars, `?` one char). */
  private expand(l: FtsLayout, pattern: string): string[] {
    const vocab = `${l.table}_vocab`;
    this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${q(vocab)} USING fts5vocab(temp, ${q(l.table)}, 'row')`);
    const re = new RegExp(`^${pattern.replace(/\*+/g, '\u0000').replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\u0000/g, '.*').replace(/\?/g, '.')}$`, 'u');
    const prefix = pattern.split(/[*?]/)[0] ?? '';
    const rows = (
      prefix.length > 0
        ? this.store.all(`SELECT term FROM temp.${q(vocab)} WHERE term >= ? AND term < ? ORDER BY doc DESC, term`, [prefix, `${prefix}\uffff`])
        : this.store.all(`SELECT term FROM temp.${q(vocab)} ORDER BY doc DESC, term`)
    ) as Array<{ term: string }>;
    const out: string[] = [];
    for (const r of rows) {
      if (re.test(r.term)) out.push(r.term);
      if (out.length >= MAX_WILDCARD_EXPANSION) break;
    }
    return out;
  }
}

/** Splits a wildcard word into tokens like tokenize(), keeping `*`/`?` attached to their token. */
export function wildcardTokens(text: string): string[] {
  const norm = text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  return (norm.match(/(?:\p{L}|[*?])+|(?:\p{N}|[*?])+/gu) ?? []).filter((p) => /[^*?]/.test(p));
}

function hasOr(e: FtsExpr): boolean {
  switch (e.kind) {
    case 'word':
    case 'phrase':
      return false;
    case 'or':
      return true;
    case 'and':
      return e.items.some(hasOr);
    case 'andNot':
      return hasOr(e.left);
    default:
      return assertNever(e);
  }
}

function collectLeaves(e: FtsExpr): FtsExpr[] {
  switch (e.kind) {
    case 'word':
    case 'phrase':
      return [e];
    case 'and':
    case 'or':
      return e.items.flatMap(collectLeaves);
    case 'andNot':
      return collectLeaves(e.left);
    default:
      return assertNever(e);
  }
}

/**
 * Stems match; the exact (unstemmed) form is OR-ed in only to score higher in bm25: "sealed" ranks
 * records saying "sealed" above those saying "seals". The match set is the stem match set.
 */
function exactOrStem(cols: readonly number[], toks: readonly string[]): string {
  const stems = toks.map(stem);
  const s = filter(cols, 's', phrase(stems));
  return stems.every((x, i) => x === toks[i]) ? s : `${s} OR ${filter(cols, 'r', phrase(toks))}`;
}

function phrase(tokens: readonly string[]): string {
  return `"${tokens.map((t) => t.replace(/"/g, '""')).join(' ')}"`;
}

function filter(cols: readonly number[], kind: 'r' | 's', body: string): string {
  return `{${cols.map((i) => `${kind}${i}`).join(' ')}} : (${body})`;
}

/** Field kind passed to the SQL tokenizer functions: 0 plain, 1 rich text (HTML), 2 phone. */
function kindArg(f: FieldDef): number {
  return f.htmlFormatted ? 1 : f.type === 'phone' ? 2 : 0;
}

function kindField(kind: unknown): Pick<FieldDef, 'type' | 'htmlFormatted'> {
  return kind === 1 ? { type: 'textarea', htmlFormatted: true } : kind === 2 ? { type: 'phone', htmlFormatted: false } : { type: 'string', htmlFormatted: false };
}
