// Bearer / OAuth session check for everything under /services/data/vNN.N. A missing or unknown
// token is 401 INVALID_SESSION_ID (a JSON array: simple_salesforce reads element 0); a header that is
// not `Bearer x` / `OAuth x` is 401 INVALID_AUTH_HEADER.
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import type { AuthService, Session } from '../../org/auth.js';
import { SalesforceError } from '../../org/errors.js';

export const invalidSession = (): SalesforceError => new SalesforceError('INVALID_SESSION_ID', 'Session expired or invalid', 401);

/** The token a request carries (Authorization, Bulk's X-SFDC-Session, or `?oauth_token=` when allowed). */
export function requestToken(req: IncomingMessage & { query?: unknown }, allowQueryToken: boolean): string | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = /^\s*(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(header);
    if (!m) {
      if (/^\s*(?:Bearer|OAuth)\s*$/i.test(header)) return undefined;
      throw new SalesforceError('INVALID_AUTH_HEADER', 'INVALID_HEADER_TYPE', 401);
    }
    return m[1]!;
  }
  const sfdc = req.headers['x-sfdc-session'];
  if (typeof sfdc === 'string' && sfdc !== '') return sfdc;
  const token = allowQueryToken ? (req.query as Record<string, unknown> | undefined)?.oauth_token : undefined;
  if (typeof token === 'string') return token;
  return undefined;
}

export function authenticate(auth: AuthService, req: IncomingMessage & { query?: unknown }, allowQueryToken = false): Session {
  const token = requestToken(req, allowQueryToken);
  const session = token === undefined ? undefined : auth.session(token);
  if (!session) throw invalidSession();
  return session;
}

export function requireSession(auth: AuthService): RequestHandler {
  return (req, res, next) => {
    res.locals.session = authenticate(auth, req);
    next();
  };
}
