// The SOQL lexer: one pass over the text, no regular expressions on the hot path.
//
// Keywords are not a token kind: SOQL reserves words only in certain positions (`SELECT Id FROM Order
// ORDER BY Type` is valid), so every word is an `ident` token and the parser decides by position,
// comparing `upper`. Lexical errors (a character that cannot start a token, a bad escape, a bad
// datetime) do not throw here: lexing stops with an `error` token, and the parser throws when it
// reaches it — so, as on Salesforce, a syntax error earlier in the query is reported first.
//
// Escapes: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm
// Date formats: https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_dateformats.htm

import type { DateParts } from './ast.js';
import { rowColumn } from './excerpt.js';

export type TokenKind =
  | 'ident' // words: names and keywords alike
  | 'string' // 'quoted', `value` decoded
  | 'integer' // 42, -7, +3
  | 'decimal' // 3.14, -0.5
  | 'date' // 2020-09-03
  | 'datetime' // 2020-09-03T10:00:00Z
  | 'punct' // ( ) , . : = != <> < <= > >=
  | 'symbol' // * + - / ; — tokens SOQL has no use for; the parser reports them as unexpected
  | 'error' // lexing stopped here; `message` says why
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text of the token. */
  text: string;
  /** `text` upper-cased for idents (keyword matching), else `text`. */
  upper: string;
  start: number;
  end: number;
  /** string: decoded value (see StringLiteral in ast.ts). */
  value?: string;
  /** date / datetime: validated components. */
  date?: DateParts;
  /** error: the message text after the caret excerpt. */
  message?: string;
}

export type { DateParts } from './ast.js';

// ───────────────────────────────────────── character classes ───────────────────────────────────────

const enum C {
  TAB = 9,
  LF = 10,
  FF = 12,
  CR = 13,
  SPACE = 32,
  BANG = 33,
  DQUOTE = 34,
  PERCENT = 37,
  QUOTE = 39,
  LPAREN = 40,
  RPAREN = 41,
  STAR = 42,
  PLUS = 43,
  COMMA = 44,
  MINUS = 45,
  DOT = 46,
  SLASH = 47,
  D0 = 48,
  D9 = 57,
  COLON = 58,
  SEMI = 59,
  LT = 60,
  EQ = 61,
  GT = 62,
  UPPER_A = 65,
  UPPER_T = 84,
  UPPER_Z = 90,
  BACKSLASH = 92,
  UNDERSCORE = 95,
  LOWER_A = 97,
  LOWER_T = 116,
  LOWER_Z = 122,
}

function isDigit(c: number): boolean {
  return c >= C.D0 && c <= C.D9;
}

function isIdentStart(c: number): boolean {
  return (c >= C.UPPER_A && c <= C.UPPER_Z) || (c >= C.LOWER_A && c <= C.LOWER_Z) || c === C.UNDERSCORE;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || isDigit(c);
}

function isSpace(c: number): boolean {
  return c === C.SPACE || c === C.TAB || c === C.LF || c === C.CR || c === C.FF;
}

// ───────────────────────────────────────────── the lexer ────────────────────────────────────────────

/**
 * Tokenizes `text` from `start` (default 0) to the end, or to the first lexical error (then the last
 * token is `error`). The list always ends with `eof` or `error`. Offsets are absolute in `text`,
 * so SOSL can lex the tail of a search string and keep Salesforce's columns.
 */
export function tokenize(text: string, start = 0): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = start;
  let slash = text.indexOf('\\', start);
  for (;;) {
    while (i < n && isSpace(text.charCodeAt(i))) i++;
    if (i >= n) {
      tokens.push({ kind: 'eof', text: '<EOF>', upper: '<EOF>', start: n, end: n });
      return tokens;
    }
    const c = text.charCodeAt(i);
    const from = i;

    if (isIdentStart(c)) {
      i++;
      while (i < n && isIdentPart(text.charCodeAt(i))) i++;
      const word = text.slice(from, i);
      tokens.push({ kind: 'ident', text: word, upper: word.toUpperCase(), start: from, end: i });
      continue;
    }

    if (isDigit(c) || ((c === C.MINUS || c === C.PLUS) && isDigit(text.charCodeAt(i + 1)))) {
      const tok = lexNumberOrDate(text, from);
      tokens.push(tok);
      if (tok.kind === 'error') return tokens;
      i = tok.end;
      continue;
    }

    if (c === C.QUOTE) {
      if (slash !== -1 && slash < from) slash = text.indexOf('\\', from);
      const tok = lexString(text, from, slash);
      tokens.push(tok);
      if (tok.kind === 'error') return tokens;
      i = tok.end;
      continue;
    }

    const next = text.charCodeAt(i + 1);
    let len = 0;
    let kind: TokenKind = 'punct';
    switch (c) {
      case C.LPAREN:
      case C.RPAREN:
      case C.COMMA:
      case C.DOT:
      case C.COLON:
      case C.EQ:
        len = 1;
        break;
      case C.BANG:
        len = next === C.EQ ? 2 : 0;
        break;
      case C.LT:
        len = next === C.EQ || next === C.GT ? 2 : 1;
        break;
      case C.GT:
        len = next === C.EQ ? 2 : 1;
        break;
      case C.STAR:
      case C.PLUS:
      case C.MINUS:
      case C.SLASH:
      case C.SEMI:
        len = 1;
        kind = 'symbol';
        break;
      default:
        len = 0;
    }
    if (len === 0) {
      tokens.push(badCharacter(text, from));
      return tokens;
    }
    i += len;
    const t = text.slice(from, i);
    tokens.push({ kind, text: t, upper: t, start: from, end: i });
  }
}

/** `line 1:15 unexpected token: '$'` — ANTLR's lexer wording: 1-based line, 0-based column. */
function badCharacter(text: string, at: number): Token {
  const cp = text.codePointAt(at) ?? 0;
  const ch = String.fromCodePoint(cp);
  const { row, column } = rowColumn(text, at);
  return {
    kind: 'error',
    text: ch,
    upper: ch,
    start: at,
    end: at + ch.length,
    message: `line ${row}:${column - 1} unexpected token: '${ch}'`,
  };
}

function errorToken(text: string, start: number, end: number, message: string): Token {
  const t = text.slice(start, end);
  return { kind: 'error', text: t, upper: t, start, end, message };
}

// ─────────────────────────────────────────── numbers, dates ─────────────────────────────────────────

function lexNumberOrDate(text: string, from: number): Token {
  const n = text.length;
  let i = from;
  const signed = text.charCodeAt(i) === C.MINUS || text.charCodeAt(i) === C.PLUS;
  if (signed) i++;
  const digitsStart = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;

  // YYYY-MM-DD[Thh:mm:ss(.sss)?(Z|±hh:mm|±hhmm)]
  if (
    !signed &&
    i - digitsStart === 4 &&
    text.charCodeAt(i) === C.MINUS &&
    isDigit(text.charCodeAt(i + 1)) &&
    isDigit(text.charCodeAt(i + 2)) &&
    text.charCodeAt(i + 3) === C.MINUS &&
    isDigit(text.charCodeAt(i + 4)) &&
    isDigit(text.charCodeAt(i + 5))
  ) {
    return lexDate(text, from);
  }

  let kind: TokenKind = 'integer';
  if (text.charCodeAt(i) === C.DOT && isDigit(text.charCodeAt(i + 1))) {
    kind = 'decimal';
    i++;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
  }
  const t = text.slice(from, i);
  return { kind, text: t, upper: t, start: from, end: i };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const max = m === 2 && leap ? 29 : (DAYS_IN_MONTH[m - 1] ?? 0);
  return d <= max;
}

function num(text: string, from: number, len: number): number {
  let v = 0;
  for (let k = 0; k < len; k++) v = v * 10 + (text.charCodeAt(from + k) - C.D0);
  return v;
}

function lexDate(text: string, from: number): Token {
  const n = text.length;
  const year = num(text, from, 4);
  const month = num(text, from + 5, 2);
  const day = num(text, from + 8, 2);
  let i = from + 10;
  const t = text.charCodeAt(i);
  if ((t === C.UPPER_T || t === C.LOWER_T) && isDigit(text.charCodeAt(i + 1))) {
    // Take the whole datetime-looking run, then validate it strictly.
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isDigit(c) || c === C.COLON || c === C.DOT || c === C.PLUS || c === C.MINUS || c === 90 || c === 122) i++;
      else break;
    }
    const raw = text.slice(from, i);
    const parts = parseTime(text, from + 11, i);
    if (!parts || !validDate(year, month, day)) return errorToken(text, from, i, `Invalid datetime: ${raw}`);
    return {
      kind: 'datetime',
      text: raw,
      upper: raw,
      start: from,
      end: i,
      date: { year, month, day, ...parts },
    };
  }
  const raw = text.slice(from, i);
  if (!validDate(year, month, day)) return errorToken(text, from, i, `Invalid date: ${raw}`);
  return {
    kind: 'date',
    text: raw,
    upper: raw,
    start: from,
    end: i,
    date: { year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0, offsetMinutes: 0 },
  };
}

/** hh:mm:ss(.s+)?(Z|±hh:mm|±hhmm) between `from` and `end`, or undefined. */
function parseTime(
  text: string,
  from: number,
  end: number,
): Pick<DateParts, 'hour' | 'minute' | 'second' | 'millisecond' | 'offsetMinutes'> | undefined {
  const d = (k: number): boolean => k < end && isDigit(text.charCodeAt(k));
  let i = from;
  if (!(d(i) && d(i + 1) && text.charCodeAt(i + 2) === C.COLON && d(i + 3) && d(i + 4))) return undefined;
  if (!(text.charCodeAt(i + 5) === C.COLON && d(i + 6) && d(i + 7))) return undefined;
  const hour = num(text, i, 2);
  const minute = num(text, i + 3, 2);
  const second = num(text, i + 6, 2);
  i += 8;
  let millisecond = 0;
  if (i < end && text.charCodeAt(i) === C.DOT) {
    i++;
    const fs = i;
    while (d(i)) i++;
    if (i === fs) return undefined;
    const frac = text.slice(fs, Math.min(i, fs + 3)).padEnd(3, '0');
    millisecond = Number(frac);
  }
  let offsetMinutes = 0;
  const z = text.charCodeAt(i);
  if (z === 90 || z === 122) {
    i++;
  } else if (z === C.PLUS || z === C.MINUS) {
    const sign = z === C.MINUS ? -1 : 1;
    i++;
    if (!(d(i) && d(i + 1))) return undefined;
    const oh = num(text, i, 2);
    i += 2;
    if (i < end && text.charCodeAt(i) === C.COLON) i++;
    if (!(d(i) && d(i + 1))) return undefined;
    const om = num(text, i, 2);
    i += 2;
    if (oh > 18 || om > 59 || oh * 60 + om > 18 * 60) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
  } else {
    return undefined;
  }
  if (i !== end) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return { hour, minute, second, millisecond, offsetMinutes };
}

// ────────────────────────────────────────────── strings ─────────────────────────────────────────────

/** One-character escapes after a backslash (upper-case letters too); `\_` and `\%` stay escaped. */
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n', N: '\n', r: '\r', R: '\r', t: '\t', T: '\t', b: '\b', B: '\b', f: '\f', F: '\f',
  '"': '"', "'": "'", '\\': '\\',
  // Escaped LIKE wildcards stay escaped (see StringLiteral in ast.ts).
  _: '\\_', '%': '\\%',
};

/** The escape sequence at `i` (a backslash): its decoded text and width, or undefined when it is illegal. */
function decodeEscape(text: string, i: number): { decoded: string; width: number } | undefined {
  const e = text[i + 1];
  if (e === undefined) return undefined;
  const simple = Object.hasOwn(SIMPLE_ESCAPES, e) ? SIMPLE_ESCAPES[e] : undefined;
  if (simple !== undefined) return { decoded: simple, width: 2 };
  if (e === 'u' || e === 'U') {
    const hex = text.slice(i + 2, i + 6);
    if (hex.length === 4 && isHex4(hex)) return { decoded: String.fromCharCode(parseInt(hex, 16)), width: 6 };
  }
  return undefined;
}

/** `Invalid string literal '…'. Illegal character sequence '\q' …` for the bad escape at `i` of the literal at `from`. */
function illegalEscape(text: string, from: number, i: number): Token {
  const n = text.length;
  // Find the end of the literal for the message, if there is one.
  let j = i + 2;
  while (j < n && text.charCodeAt(j) !== C.QUOTE) j += text.charCodeAt(j) === C.BACKSLASH ? 2 : 1;
  const seq = text.slice(i, Math.min(i + 2, n));
  return errorToken(
    text,
    from,
    Math.min(j + 1, n),
    `Invalid string literal '${text.slice(from + 1, Math.min(j, n))}'. Illegal character sequence '${seq}' in string literal.`,
  );
}

/** An unterminated string: ANTLR reports the end of input. */
function unterminatedString(text: string, from: number): Token {
  const n = text.length;
  const { row, column } = rowColumn(text, n);
  const tok = errorToken(text, from, n, `line ${row}:${column - 1} mismatched character '<EOF>' expecting '''`);
  tok.start = n;
  return tok;
}

/**
 * `slash` is the offset of the next backslash at or after `from` (or -1): the caller keeps it, so a
 * query of many strings is not rescanned for each one.
 */
function lexString(text: string, from: number, slash: number): Token {
  const n = text.length;
  // Fast path: no backslash before the closing quote (the common case), found with native indexOf.
  const close = text.indexOf("'", from + 1);
  if (close !== -1 && (slash === -1 || slash > close)) {
    const raw = text.slice(from, close + 1);
    return { kind: 'string', text: raw, upper: raw, start: from, end: close + 1, value: text.slice(from + 1, close) };
  }
  let i = from + 1;
  let value = '';
  let chunk = i;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === C.QUOTE) {
      value += text.slice(chunk, i);
      const raw = text.slice(from, i + 1);
      return { kind: 'string', text: raw, upper: raw, start: from, end: i + 1, value };
    }
    if (c !== C.BACKSLASH) {
      i++;
      continue;
    }
    value += text.slice(chunk, i);
    const esc = decodeEscape(text, i);
    if (!esc) return illegalEscape(text, from, i);
    value += esc.decoded;
    i += esc.width;
    chunk = i;
  }
  return unterminatedString(text, from);
}

function isHex4(s: string): boolean {
  for (let k = 0; k < 4; k++) {
    const c = s.charCodeAt(k);
    if (!(isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

// ────────────────────────────────────────────── LIKE ────────────────────────────────────────────────

export type LikePart = { literal: string } | { wildcard: '%' | '_' };

/**
 * Reads a LIKE pattern from the raw text between the quotes (StringLiteral.raw): `%` and `_` are
 * wildcards, `\%` and `\_` literal characters, other escapes decoded as in any string. Assumes the
 * raw text was accepted by the lexer.
 */
export function decodeLikePattern(raw: string): LikePart[] {
  const parts: LikePart[] = [];
  let lit = '';
  const flush = (): void => {
    if (lit) parts.push({ literal: lit });
    lit = '';
  };
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    if (ch === '%' || ch === '_') {
      flush();
      parts.push({ wildcard: ch });
    } else if (ch === '\\' && i + 1 < raw.length) {
      const e = raw[++i] as string;
      switch (e) {
        case 'n':
        case 'N':
          lit += '\n';
          break;
        case 'r':
        case 'R':
          lit += '\r';
          break;
        case 't':
        case 'T':
          lit += '\t';
          break;
        case 'b':
        case 'B':
          lit += '\b';
          break;
        case 'f':
        case 'F':
          lit += '\f';
          break;
        case 'u':
        case 'U':
          lit += String.fromCharCode(parseInt(raw.slice(i + 1, i + 5), 16));
          i += 4;
          break;
        default:
          lit += e; // \' \" \\ \% \_
      }
    } else {
      lit += ch;
    }
  }
  flush();
  return parts;
}
