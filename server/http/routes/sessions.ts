// The episode admin API (`/localforce/sessions`), guarded by the admin token (= `serve --token`).
// Not a Salesforce resource, but it answers in Salesforce's error shape so every client's error
// handling works unchanged. Thin handlers: decode → zod → EpisodeManager → shape.
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import type { AuthService } from '../../org/index.js';
import { SalesforceError } from '../../org/index.js';
import { episodeNotFound, type Episode, type EpisodeManager } from '../../sessions/index.js';
import { methodNotAllowed } from '../errors.js';
import { jsonBody } from '../middleware/body.js';
import { requestToken } from '../middleware/auth.js';
import { baseUrl, sendEmpty, sendJson } from '../wire.js';

const CreateBody = z.strictObject({
  now: z.string().max(100).optional(),
  timeZone: z.string().max(100).optional(),
  label: z.string().max(200).optional(),
});

function parseCreate(body: unknown): z.infer<typeof CreateBody> {
  const r = CreateBody.safeParse(body ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue && issue.path.length ? ` at ${issue.path.join('.')}` : '';
  throw new SalesforceError('JSON_PARSER_ERROR', `Invalid request body${where}: ${issue?.message ?? 'malformed'} (expected {"now"?, "timeZone"?, "label"?})`, 400);
}

export function sessionsRouter(host: EpisodeManager, auth: AuthService): Router {
  const router = express.Router();
  const admin: RequestHandler = (req, _res, next) => {
    if (requestToken(req, false) !== auth.config.token) {
      throw new SalesforceError('INVALID_SESSION_ID', "The episode admin API needs the server's admin token (serve --token) as the bearer token", 401);
    }
    next();
  };
  router.use('/localforce/sessions', admin, jsonBody('1mb'));

  const created = (e: Episode) => {
    const i = e.info();
    return { id: i.id, token: i.token, instanceUrl: i.instanceUrl, now: i.now, createdAt: i.createdAt, timeZone: i.timeZone, label: i.label };
  };
  const found = (req: Request): Episode => {
    const id = String(req.params.id);
    const e = host.get(id);
    if (!e) throw episodeNotFound(id);
    return e;
  };

  router.post('/localforce/sessions', (req: Request, res: Response) => {
    const b = parseCreate(req.body);
    const e = host.createSync({ ...b, instanceUrl: baseUrl(req) });
    sendJson(req, res, 201, created(e));
  });
  router.get('/localforce/sessions', (req, res) => {
    const sessions = host.list();
    sendJson(req, res, 200, {
      size: sessions.length - 1,
      maxEpisodes: host.maxEpisodes,
      idleTimeoutSeconds: Math.round(host.idleMs / 1000),
      sessions,
    });
  });
  router.all('/localforce/sessions', methodNotAllowed(['GET', 'HEAD', 'POST']));

  router.get('/localforce/sessions/:id', (req, res) => sendJson(req, res, 200, found(req).info()));
  router.delete('/localforce/sessions/:id', (req, res) => {
    if (!host.deleteSync(String(req.params.id))) throw episodeNotFound(String(req.params.id));
    sendEmpty(res, 204);
  });
  router.all('/localforce/sessions/:id', methodNotAllowed(['GET', 'HEAD', 'DELETE']));

  router.post('/localforce/sessions/:id/reset', (req, res) => {
    const e = found(req);
    host.resetSync(e.id);
    sendJson(req, res, 200, e.info());
  });
  router.all('/localforce/sessions/:id/reset', methodNotAllowed(['POST']));
  return router;
}
