// Text analysis for SOSL: Salesforce splits on whitespace, punctuation and letter/digit transitions
// ("Web2Case" → web, 2, case), strips HTML from rich text and stems words
// (https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_sosl_find.htm).
// Pure functions; the index (fts.ts) stores their output.
import type { FieldDef } from '../../schema/index.js';

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

/** Splits a wildcard word into tokens like tokenize(), keeping `*`/`?` attached to their token. */
export function wildcardTokens(text: string): string[] {
  const norm = text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
  return (norm.match(/(?:\p{L}|[*?])+|(?:\p{N}|[*?])+/gu) ?? []).filter((p) => /[^*?]/.test(p));
}
