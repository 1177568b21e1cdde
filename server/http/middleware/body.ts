// JSON request bodies for /services/data: size-capped, JSON only (415 otherwise), parse errors as
// JSON_PARSER_ERROR with Jackson-like position text. Bodiless requests (GET with simple_salesforce's
// `Content-Type: application/json`) pass through untouched.
import express, { type RequestHandler } from 'express';
import { SalesforceError } from '../../org/index.js';

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const len = headers['content-length'];
  return len !== undefined && len !== '0';
}

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export function jsonBody(limit: string | number): RequestHandler[] {
  const raw = express.raw({ type: () => true, limit });
  const gate: RequestHandler = (req, _res, next) => {
    if (!hasBody(req.headers)) {
      next();
      return;
    }
    const type = req.headers['content-type'] ?? '';
    if (!JSON_MEDIA.test(type)) {
      throw new SalesforceError('UNSUPPORTED_MEDIA_TYPE', `MediaType of '${type.split(';')[0] || 'none'}' is not supported by this resource`, 415);
    }
    raw(req, _res, next);
  };
  const parse: RequestHandler = (req, _res, next) => {
    if (!Buffer.isBuffer(req.body)) {
      next();
      return;
    }
    const text = req.body.toString('utf8');
    if (text.trim() === '') {
      req.body = undefined;
      next();
      return;
    }
    const depth = nestingDepthOver(text, MAX_JSON_DEPTH);
    if (depth !== null) throw new SalesforceError('JSON_PARSER_ERROR', depthMessage(text, depth), 400);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text) as unknown;
    } catch (e) {
      throw new SalesforceError('JSON_PARSER_ERROR', jacksonMessage(text, e), 400);
    }
    const lone = loneSurrogate(parsed);
    if (lone !== null) {
      throw new SalesforceError(
        'JSON_PARSER_ERROR',
        `Invalid UTF-16 in a JSON string: unpaired surrogate character (code 0x${lone.toString(16)}); strings must be valid Unicode`,
        400,
      );
    }
    req.body = parsed;
    next();
  };
  return [gate, parse];
}

/**
 * Deepest nesting of arrays/objects accepted. Jackson (Salesforce's parser) caps documents at 1000
 * levels (StreamReadConstraints); deeper bodies would also overflow recursive consumers here
 * (JSON.stringify, composite's reference resolver), so they are refused before anything runs.
 */
export const MAX_JSON_DEPTH = 1000;

/** Where the nesting first exceeds `max` ({offset, depth}), or null. Strings are skipped. */
export function nestingDepthOver(text: string, max: number): { offset: number; depth: number } | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x7b || c === 0x5b /* { [ */) {
      if (++depth > max) return { offset: i, depth };
    } else if (c === 0x7d || c === 0x5d /* } ] */) depth--;
  }
  return null;
}

function depthMessage(text: string, over: { offset: number; depth: number }): string {
  const before = text.slice(0, over.offset);
  const line = before.split('\n').length;
  const column = over.offset - before.lastIndexOf('\n');
  return `Document nesting depth (${over.depth}) exceeds the maximum allowed (${MAX_JSON_DEPTH})\n at [line:${line}, column:${column}]`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The first unpaired UTF-16 surrogate in any string or key of a parsed body, or null. SQLite would
 * store such a string as invalid UTF-8 (and return something else), so it is refused up front.
 */
export function loneSurrogate(v: unknown): number | null {
  const stack: unknown[] = [v];
  while (stack.length > 0) {
    const x = stack.pop();
    if (typeof x === 'string') {
      const m = LONE_SURROGATE.exec(x);
      if (m) return m[0].charCodeAt(0);
    } else if (Array.isArray(x)) {
      for (const y of x) stack.push(y);
    } else if (x !== null && typeof x === 'object') {
      for (const [k, y] of Object.entries(x)) {
        stack.push(k);
        stack.push(y);
      }
    }
  }
  return null;
}

/** Salesforce (Jackson) style: `Unexpected character ('x' (code 120)) … at [line:1, column:2]`. */
function jacksonMessage(text: string, _e: unknown): string {
  let pos = firstJsonError(text);
  if (pos > text.length) pos = text.length;
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  if (pos >= text.length) return `Unexpected end-of-input: expected close marker\n at [line:${line}, column:${column}]`;
  const ch = text[pos]!;
  return `Unexpected character ('${ch}' (code ${ch.charCodeAt(0)})): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at [line:${line}, column:${column}]`;
}

/** Offset of the first character that makes `text` invalid JSON (V8's message no longer says). */
export function firstJsonError(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!lit) fail();
    i += lit![0].length;
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  try {
    value();
    ws();
    return i < text.length ? i : text.length;
  } catch (pos) {
    return typeof pos === 'number' ? pos : text.length;
  }
}
