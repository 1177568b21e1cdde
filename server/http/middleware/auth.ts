// Bearer / OAuth session check for everything under /services/data/vNN.N. A missing or unknown
// token is 401 INVALID_SESSION_ID (a JSON array: simple_salesforce reads element 0); a header that is
// not `Bearer x` / `OAuth x` is 401 INVALID_AUTH_HEADER. The token also selects the episode
// (server/sessions): an episode token its own fork, the default token and plain-login session ids
// the default episode.
import type { IncomingMessage } from 'node:http';
import type { RequestHandler, Response } from 'express';
import type { AuthService, Session } from '../../org/index.js';
import { SalesforceError } from '../../org/index.js';
import type { Episode, EpisodeManager, EpisodeServices } from '../../sessions/index.js';

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

/** Who is calling and which episode they see. */
export interface Caller {
  readonly session: Session;
  readonly episode: Episode;
}

/** Token → caller: an episode token, else a session minted by a plain login (the default episode). */
export function callerOf(host: EpisodeManager, auth: AuthService, token: string): Caller | undefined {
  const episode = host.byToken(token);
  if (episode) return { session: { token, userId: episode.deps.userId, issuedAt: episode.now() }, episode };
  const session = auth.session(token);
  return session ? { session, episode: host.defaultEpisode } : undefined;
}

/**
 * One lookup per request: usage accounting (before auth) and the session check both ask, and each
 * lookup also marks the episode as used. Header-only authentication is remembered per request.
 */
const authenticated = new WeakMap<IncomingMessage, Caller | SalesforceError>();

export function authenticate(host: EpisodeManager, auth: AuthService, req: IncomingMessage & { query?: unknown }, allowQueryToken = false): Caller {
  const hit = allowQueryToken ? undefined : authenticated.get(req);
  if (hit instanceof SalesforceError) throw hit;
  if (hit) return hit;
  let caller: Caller | undefined;
  try {
    const token = requestToken(req, allowQueryToken);
    caller = token === undefined ? undefined : callerOf(host, auth, token);
    if (!caller) throw invalidSession();
  } catch (e) {
    if (!allowQueryToken && e instanceof SalesforceError) authenticated.set(req, e);
    throw e;
  }
  if (!allowQueryToken) authenticated.set(req, caller);
  return caller;
}

/** The caller's episode if the request carries a valid token; never throws (usage accounting runs before auth). */
export function episodeIfAny(host: EpisodeManager, auth: AuthService, req: IncomingMessage): Episode | undefined {
  try {
    return authenticate(host, auth, req).episode;
  } catch {
    return undefined;
  }
}

export function requireSession(host: EpisodeManager, auth: AuthService): RequestHandler {
  return (req, res, next) => {
    const caller = authenticate(host, auth, req);
    res.locals.session = caller.session;
    res.locals.episode = caller.episode;
    res.locals.services = caller.episode.services();
    next();
  };
}

/** The request's episode services (set by requireSession). */
export function servicesOf(res: Response): EpisodeServices {
  const s = res.locals.services as EpisodeServices | undefined;
  if (!s) throw invalidSession();
  return s;
}
