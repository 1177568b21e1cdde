// OAuth 2.0 endpoints (token, revoke, userinfo) and the identity service `/id/{org}/{user}`.
// https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_username_password_flow.htm
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { AuthService, Session } from '../../org/index.js';
import type { OrgDeps } from '../../org/index.js';
import { SalesforceError } from '../../org/index.js';
import { identity, userinfo } from '../../org/index.js';
import { normalizeId } from '../../../schema/index.js';
import type { EpisodeManager } from '../../sessions/index.js';
import { loginSession, revokeToken } from '../login.js';
import { authenticate, callerOf } from '../middleware/auth.js';
import { methodNotAllowed, notFound } from '../errors.js';
import { baseUrl, sendEmpty, sendJson } from '../wire.js';

const TokenRequest = z.looseObject({
  grant_type: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  refresh_token: z.string().optional(),
  assertion: z.string().optional(),
  code: z.string().optional(),
});
type TokenRequest = z.infer<typeof TokenRequest>;

const oauthError = (req: Request, res: Response, status: number, error: string, description: string) =>
  sendJson(req, res, status, { error, error_description: description });

/** Form fields, falling back to the query string (some clients send the grant there). */
function params(req: Request): TokenRequest {
  const body = typeof req.body === 'object' && req.body !== null && !Buffer.isBuffer(req.body) ? (req.body as Record<string, unknown>) : {};
  const merged: Record<string, unknown> = { ...(req.query as Record<string, unknown>), ...body };
  for (const [k, v] of Object.entries(merged)) if (Array.isArray(v)) merged[k] = v[0];
  const parsed = TokenRequest.safeParse(merged);
  return parsed.success ? parsed.data : {};
}

/** Client id/secret from the form or HTTP Basic (simple_salesforce's client-credentials flow). */
function clientCredentials(req: Request, p: TokenRequest): { id?: string; secret?: string } {
  const basic = /^\s*Basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i >= 0) return { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
  }
  return { id: p.client_id, secret: p.client_secret };
}

/** `sub` of a JWT bearer assertion (the signature is not checked: this is a local emulator). */
function jwtSubject(assertion: string): string | undefined {
  const part = assertion.split('.')[1];
  if (!part) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { sub?: unknown };
    return typeof claims.sub === 'string' ? claims.sub : undefined;
  } catch {
    return undefined;
  }
}

type TokenResponder = (req: Request, res: Response, session: Session, extra?: Record<string, string>) => void;

function tokenResponder(deps: OrgDeps, auth: AuthService): TokenResponder {
  return (req, res, session, extra = {}) => {
    const base = baseUrl(req);
    const id = `${base}/id/${deps.orgId}/${session.userId}`;
    const issuedAt = String(session.issuedAt.getTime());
    sendJson(req, res, 200, {
      access_token: session.token,
      ...extra,
      instance_url: base,
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
      signature: auth.signature(id, issuedAt),
    });
  };
}

/** `POST /services/oauth2/token`: one branch per grant type. */
function tokenHandler(deps: OrgDeps, auth: AuthService, host: EpisodeManager) {
  const tokenResponse = tokenResponder(deps, auth);
  const badClient = (req: Request, res: Response, client: { id?: string; secret?: string }, checkSecret: boolean): boolean => {
    if (!auth.clientIdOk(client.id)) oauthError(req, res, 400, 'invalid_client_id', 'client identifier invalid');
    else if (checkSecret && !auth.clientSecretOk(client.secret)) oauthError(req, res, 400, 'invalid_client', 'invalid client credentials');
    else return false;
    return true;
  };
  const password = (req: Request, res: Response, p: TokenRequest) => {
    let session;
    try {
      session = loginSession(host, auth, p.username ?? '', p.password ?? '', baseUrl(req));
    } catch (e) {
      if (!(e instanceof SalesforceError)) throw e;
      return oauthError(req, res, e.status, e.errorCode.toLowerCase(), e.message);
    }
    if (!session) return oauthError(req, res, 400, 'invalid_grant', 'authentication failure');
    return tokenResponse(req, res, session);
  };
  const refresh = (req: Request, res: Response, p: TokenRequest) => {
    const old = p.refresh_token ? callerOf(host, auth, p.refresh_token) : undefined;
    if (!old) return oauthError(req, res, 400, 'invalid_grant', 'expired access/refresh token');
    // An episode token stays the episode's token; a plain session gets a fresh one.
    if (old.episode !== host.defaultEpisode) return tokenResponse(req, res, old.session);
    return tokenResponse(req, res, auth.mint(old.session.userId));
  };
  const jwt = (req: Request, res: Response, p: TokenRequest) => {
    const sub = p.assertion ? jwtSubject(p.assertion) : undefined;
    const user = sub ? auth.findUser(sub) : undefined;
    if (!user || user.IsActive !== 1) return oauthError(req, res, 400, 'invalid_grant', "user hasn't approved this consumer");
    return tokenResponse(req, res, auth.mint(user.Id));
  };
  const code = (req: Request, res: Response, p: TokenRequest) => {
    // There is no browser consent step offline: any code logs in as the API user.
    if (!p.code) return oauthError(req, res, 400, 'invalid_grant', 'invalid authorization code');
    const session = auth.mint(deps.userId);
    return tokenResponse(req, res, session, { refresh_token: session.token });
  };
  return (req: Request, res: Response) => {
    const p = params(req);
    const client = clientCredentials(req, p);
    switch (p.grant_type) {
      case 'password':
        return badClient(req, res, client, true) || password(req, res, p);
      case 'client_credentials':
        return badClient(req, res, client, true) || tokenResponse(req, res, auth.mint(deps.userId));
      case 'refresh_token':
        return badClient(req, res, client, false) || refresh(req, res, p);
      case 'urn:ietf:params:oauth:grant-type:jwt-bearer':
        return jwt(req, res, p);
      case 'authorization_code':
        return badClient(req, res, client, false) || code(req, res, p);
      default:
        return oauthError(req, res, 400, 'unsupported_grant_type', 'grant type not supported');
    }
  };
}

export function oauthRouter(deps: OrgDeps, auth: AuthService, host: EpisodeManager): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '1mb' });

  router.post('/services/oauth2/token', form, tokenHandler(deps, auth, host));
  router.all('/services/oauth2/token', methodNotAllowed(['POST']));

  const revoke = (req: Request, res: Response) => {
    const p = params(req) as Record<string, unknown>;
    const token = typeof p.token === 'string' ? p.token : undefined;
    if (!token || (!revokeToken(host, auth, token) && !callerOf(host, auth, token))) return oauthError(req, res, 400, 'unsupported_token_type', 'this token type is not supported');
    sendEmpty(res, 200);
  };
  router.post('/services/oauth2/revoke', form, revoke);
  router.get('/services/oauth2/revoke', revoke);

  const info = (req: Request, res: Response) => {
    const { session } = authenticate(host, auth, req, true);
    const user = auth.userById(session.userId);
    if (!user) throw notFound();
    sendJson(req, res, 200, userinfo(baseUrl(req), deps.orgId, user));
  };
  router.get('/services/oauth2/userinfo', info);
  router.post('/services/oauth2/userinfo', info);

  router.get('/id/:org/:user', (req, res) => {
    authenticate(host, auth, req, true);
    const org = normalizeId(String(req.params.org));
    const userId = normalizeId(String(req.params.user));
    const user = org === deps.orgId && userId ? auth.userById(userId) : undefined;
    if (!user) throw new SalesforceError('NOT_FOUND', 'The requested resource does not exist', 404);
    sendJson(req, res, 200, identity(baseUrl(req), deps.orgId, user, deps.now()));
  });

  return router;
}
