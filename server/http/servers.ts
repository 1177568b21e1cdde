// Node HTTP/HTTPS servers around the app (not listening: the CLI and tests call listen). CRMArena
// puts hundreds of ids in one IN list, so GET URLs of 64 KB+ are normal: the header limit is raised,
// and a request over it gets a Salesforce-shaped 431 instead of a dropped socket.
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';
import type { FastPath } from './fast.js';

/** The app, optionally with its fast path for the hot GET endpoints (see fast.ts). */
export type ServedApp = Express & { readonly localforce?: { readonly fastPath?: FastPath } };

function handler(app: ServedApp): http.RequestListener {
  const fast = app.localforce?.fastPath;
  if (!fast) return app;
  return (req, res) => {
    if (!fast(req, res)) app(req, res);
  };
}

/** Request line + headers limit (Node's default is 16 KB). */
export const MAX_HEADER_SIZE = 1024 * 1024;

function rawResponse(status: number, reason: string, errorCode: string, message: string): string {
  const body = JSON.stringify([{ message, errorCode }]);
  return (
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json;charset=UTF-8\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

/** Writes a proper response for requests Node's parser rejects (too large, malformed). */
export function onClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || (socket as Duplex & { _httpMessage?: unknown })._httpMessage) {
    socket.destroy();
    return;
  }
  if (err.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const text =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? rawResponse(431, 'Request Header Fields Too Large', 'REQUEST_HEADER_FIELDS_TOO_LARGE', `Request line and headers exceed ${MAX_HEADER_SIZE} bytes`)
      : err.code === 'HPE_URI_TOO_LONG' || err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? rawResponse(err.code === 'HPE_URI_TOO_LONG' ? 414 : 408, err.code === 'HPE_URI_TOO_LONG' ? 'URI Too Long' : 'Request Timeout', 'REQUEST_HEADER_FIELDS_TOO_LARGE', err.message)
        : rawResponse(400, 'Bad Request', 'MALFORMED_REQUEST', `Malformed HTTP request: ${err.code ?? err.message}`);
  socket.end(text);
}

export interface ServerOptions {
  readonly maxHeaderSize?: number;
}

/**
 * Idle keep-alive connections stay open for 2 minutes (Node's default is 5 s). LLM agents pause
 * for seconds between calls; with a short server timeout a pooled client connection (Python
 * requests/urllib3, undici) can be closed by the server just as the client reuses it, surfacing as
 * a spurious connection reset. Shutdown closes idle connections explicitly, so this costs nothing.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 120_000;

function tune<T extends http.Server>(server: T): T {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 5_000;
  server.on('clientError', onClientError);
  return server;
}

export function createHttpServer(app: ServedApp, opts: ServerOptions = {}): http.Server {
  return tune(http.createServer({ maxHeaderSize: opts.maxHeaderSize ?? MAX_HEADER_SIZE }, handler(app)));
}

export function createHttpsServer(app: ServedApp, tls: { key: string; cert: string }, opts: ServerOptions = {}): https.Server {
  return tune(https.createServer({ key: tls.key, cert: tls.cert, maxHeaderSize: opts.maxHeaderSize ?? MAX_HEADER_SIZE }, handler(app)));
}
