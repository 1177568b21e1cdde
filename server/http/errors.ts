// The one error middleware: every SalesforceError becomes its wire body with its status; body-parser
// failures become Salesforce's codes; anything else is a Localforce bug → logged, 500 UNKNOWN_EXCEPTION.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { SalesforceError } from '../org/index.js';
import { sendJson } from './wire.js';

export type Logger = (message: string, err?: unknown) => void;

export const notFound = (): SalesforceError => new SalesforceError('NOT_FOUND', 'The requested resource does not exist', 404);

/** Terminal handler for unknown routes. */
export const notFoundHandler: RequestHandler = () => {
  throw notFound();
};

/** Answers a known path with a verb it does not support. */
export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  return (req, res) => {
    res.setHeader('Allow', allowed.join(','));
    throw new SalesforceError('METHOD_NOT_ALLOWED', `HTTP Method '${req.method}' not allowed. Allowed are ${allowed.join(',')}`, 405);
  };
}

interface HttpishError {
  readonly type?: string;
  readonly status?: number;
  readonly statusCode?: number;
  readonly message?: string;
}

/** Maps body-parser's errors (they carry `type`) to Salesforce errors; undefined for anything else. */
export function fromBodyParserError(err: unknown): SalesforceError | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as HttpishError;
  // The router could not percent-decode a path segment (`/sobjects/Account/%zz`): no such resource.
  if (err instanceof URIError || (e.status === 400 && /decode param/i.test(e.message ?? ''))) return notFound();
  switch (e.type) {
    case 'entity.too.large':
      return new SalesforceError('REQUEST_ENTITY_TOO_LARGE', 'Request body exceeds the maximum size', 413);
    case 'entity.parse.failed':
      return new SalesforceError('JSON_PARSER_ERROR', e.message ?? 'Malformed JSON', 400);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new SalesforceError('UNSUPPORTED_MEDIA_TYPE', e.message ?? 'Unsupported encoding', 415);
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'stream.not.readable':
      return new SalesforceError('JSON_PARSER_ERROR', e.message ?? 'Bad request body', 400);
    default:
      return undefined;
  }
}

/** Writes any thrown value as a Salesforce error response (shared by Express and the fast path). */
export function writeError(err: unknown, req: IncomingMessage, res: ServerResponse, log: Logger): void {
  const known = err instanceof SalesforceError ? err : fromBodyParserError(err);
  if (known) {
    sendJson(req, res, known.status, known.toWire());
    return;
  }
  log(`unexpected error on ${req.method} ${(req.url ?? '').slice(0, 500)}`, err);
  const wire = new SalesforceError('UNKNOWN_EXCEPTION', 'An unexpected error occurred. Please include this ErrorId if you contact support: 0000000000-00000 (localforce)', 500);
  sendJson(req, res, 500, wire.toWire());
}

export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (err: unknown, req: Request, res: Response, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    writeError(err, req, res, log);
  };
}
