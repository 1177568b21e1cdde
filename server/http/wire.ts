// Writing Salesforce-shaped responses: exact content type, optional pretty printing, base URLs.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import { rawJsonOf } from '../sessions/index.js';

/** Salesforce's JSON content type, byte for byte (jsforce matches `^application/json(;|$)`). */
export const JSON_TYPE = 'application/json;charset=UTF-8';
export const XML_TYPE = 'text/xml;charset=UTF-8';

/** Writes a JSON body; `X-PrettyPrint: 1` (simple_salesforce sends it) indents it. */
export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  const pretty = req.headers['x-prettyprint'] === '1';
  // A body from the SQL pool may carry its JSON text already (server/sessions/wire-json.ts).
  const raw = rawJsonOf(body);
  const text = raw !== undefined ? (pretty ? JSON.stringify(JSON.parse(raw), null, 2) : raw) : pretty ? JSON.stringify(body, null, 2) : JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', JSON_TYPE);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** An empty response (204 after update/delete, 200 after revoke). */
export function sendEmpty(res: ServerResponse, status: number): void {
  res.statusCode = status;
  res.end();
}

/** `scheme://host[:port]` the request arrived on: login results point clients back at it. */
export function baseUrl(req: Request): string {
  const host = req.headers.host ?? `${req.socket.localAddress ?? '127.0.0.1'}:${req.socket.localPort ?? ''}`;
  return `${req.protocol}://${host}`;
}

/** The API version of the current `/services/data/vNN.N` request (set by the version middleware). */
export function apiVersion(res: Response): string {
  return (res.locals.apiVersion as string | undefined) ?? '59.0';
}
