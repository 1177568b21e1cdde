// Runs a request through the app in-process, without a socket (tests compare the fast path with the
// Express path this way; composite subrequests use the resource table directly, server/http/resource.ts).
import { IncomingMessage, ServerResponse, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { Socket } from 'node:net';
import type { Express } from 'express';

export interface InternalRequest {
  readonly method: string;
  /** Path and query string, e.g. `/services/data/v59.0/sobjects/Account/001…`. */
  readonly url: string;
  /** A JSON-serialisable body (sent as `application/json`) or raw text/bytes. */
  readonly body?: unknown;
  /** Copy the caller's `authorization` and `host` headers here so the sub-request is authenticated. */
  readonly headers?: Record<string, string>;
}

export interface InternalResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** Parsed JSON when the response is JSON, the text otherwise, null when empty. */
  readonly body: unknown;
}

export type Dispatcher = (req: InternalRequest) => Promise<InternalResponse>;

export function dispatchInternal(app: Express, r: InternalRequest): Promise<InternalResponse> {
  return new Promise((resolve, reject) => {
    const payload =
      r.body === undefined || r.body === null
        ? undefined
        : Buffer.isBuffer(r.body)
          ? r.body
          : Buffer.from(typeof r.body === 'string' ? r.body : JSON.stringify(r.body), 'utf8');
    const req = new IncomingMessage(new Socket());
    req.method = r.method.toUpperCase();
    req.url = r.url;
    const headers: IncomingHttpHeaders = { host: 'localhost' };
    for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = v;
    delete headers['content-length'];
    delete headers['transfer-encoding'];
    // The caller reads the body as text: never let the compression middleware encode it.
    delete headers['accept-encoding'];
    if (payload) {
      headers['content-length'] = String(payload.length);
      if (headers['content-type'] === undefined) headers['content-type'] = 'application/json';
      req.push(payload);
    }
    req.headers = headers;
    req.push(null);

    const res = new ServerResponse(req);
    const chunks: Buffer[] = [];
    const collect = (chunk: unknown, encoding?: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
    };
    res.write = ((chunk: unknown, encoding?: unknown) => {
      collect(chunk, encoding);
      return true;
    }) as typeof res.write;
    res.end = ((chunk?: unknown, encoding?: unknown) => {
      collect(chunk, encoding);
      const out: Record<string, string> = {};
      const raw: OutgoingHttpHeaders = res.getHeaders();
      for (const [k, v] of Object.entries(raw)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : String(v);
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text === '' ? null : text;
      if (text !== '' && /^application\/json/i.test(out['content-type'] ?? '')) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      resolve({ status: res.statusCode, headers: out, body });
      return res;
    }) as typeof res.end;
    try {
      app(req as Parameters<Express>[0], res as Parameters<Express>[1]);
    } catch (e) {
      reject(e);
    }
  });
}
