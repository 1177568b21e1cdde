// The web UI at /lightning: login, the record browser, the query console, tasks, runs and the
// leaderboard, as server-rendered HTML (small progressive enhancement: CodeMirror in the console).
// Thin handlers: decode → check session and CSRF → a page function over the session's EpisodeApi.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { SchemaRegistry } from '../../schema/index.js';
import type { AuthService } from '../org/index.js';
import { SalesforceError } from '../org/index.js';
import { generateTasks } from '../../tasks/index.js';
import type { Instance } from '../../tasks/index.js';
import type { OrgDeps } from '../org/index.js';
import { href, html } from './html.js';
import { page, type Chrome } from './layout.js';
import { leaderboardDocument, leaderboardPage, runPage, runsPage, taskPage, tasksPage, trajectoryPage, type BenchSources } from './pages/bench.js';
import { consolePage } from './pages/console.js';
import { deleteConfirm, deleteRecord, editForm, homePage, listPage, objectsPage, recordPage, resetEpisode, saveForm, searchPage } from './pages/records.js';
import { param, type Ctx, type Reply } from './reply.js';
import { cookie, LOGIN_CSRF_COOKIE, newSecret, parseCookies, sameSecret, SESSION_COOKIE, UiSessions, type UiSession } from './session.js';
import type { UiEpisodes } from './episode.js';
import { CSS } from './style.js';

export { hostEpisodes, type UiEpisodes } from './episode.js';

export interface UiOptions {
  readonly auth: AuthService;
  /** The served (pristine) org: the default task instances are drawn from it. */
  readonly store: OrgDeps['store'];
  readonly episodes: UiEpisodes;
  /** The task instances for the task browser (and gold for the run viewer); default: drawn from the org. */
  readonly tasks?: () => Promise<readonly Instance[]>;
  /** `serve --runs DIR`: a run directory or a directory of them. */
  readonly runsDir?: string;
  /** `serve --show-answers`: gold answers visible in tasks and runs. */
  readonly showAnswers?: boolean;
  /** Where unexpected errors are reported. */
  readonly log: (message: string, err: unknown) => void;
  /** Directory of the built client bundle (default: dist/ui under the package root). */
  readonly assetsDir?: string;
}

/** The package root's dist/ui (works from the sources under vitest and from dist/ when built). */
function defaultAssetsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'ui');
    dir = dirname(dir);
  }
  return join(dirname(fileURLToPath(import.meta.url)), 'ui');
}

/** `localforce tasks generate`'s defaults (seed 1, 130 per family), drawn once on first use. */
function defaultTasks(store: OrgDeps['store']): () => Promise<readonly Instance[]> {
  let loaded: Promise<readonly Instance[]> | undefined;
  return () => (loaded ??= generateTasks(store, { seed: 1 }));
}

const ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;

/** `/` for a browser (Accept: text/html) goes to the UI; API clients keep the API's 404 answer. */
export const rootRedirect: RequestHandler = (req, res, next) => {
  if ((req.method === 'GET' || req.method === 'HEAD') && req.path === '/' && (req.headers.accept ?? '').includes('text/html')) {
    res.redirect(302, '/lightning');
    return;
  }
  next();
};

export function uiRouter(opts: UiOptions): Router {
  const sessions = new UiSessions();
  const loadBundle = bundleLoader(opts.assetsDir ?? defaultAssetsDir());
  const bench: BenchSources = { tasks: opts.tasks ?? defaultTasks(opts.store), runsDir: opts.runsDir, showAnswers: opts.showAnswers === true };
  const form = express.urlencoded({ extended: false, limit: '1mb', parameterLimit: 500 });
  const guards = sessionGuards(opts, sessions, form);

  const r = express.Router();
  r.use(securityHeaders);
  assetRoutes(r, loadBundle);
  loginRoutes(r, opts, sessions, form);
  r.use(watchByToken(opts, sessions));
  pageRoutes(r, guards, { opts, bench, loadBundle });
  r.use((_req, _res, next) => {
    next(new SalesforceError('NOT_FOUND', 'There is no page at this address.', 404));
  });
  r.use(errorPage(opts, guards));
  return r;
}

type Form = RequestHandler;
type BundleLoader = () => { readonly js: Buffer; readonly gz: Buffer | null } | null;

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'same-origin');
  // Scripts only from this server: an escaped-but-somehow-injected inline script would not run either.
  res.setHeader('Content-Security-Policy', "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'");
  next();
};

/** The built console bundle (and its .gz), read once on first use; null when it was not built. */
function bundleLoader(assetsDir: string): BundleLoader {
  const bundlePath = join(assetsDir, 'console.js');
  let bundle: ReturnType<BundleLoader> | undefined;
  return () => {
    if (bundle === undefined) {
      bundle = existsSync(bundlePath)
        ? { js: readFileSync(bundlePath), gz: existsSync(`${bundlePath}.gz`) ? readFileSync(`${bundlePath}.gz`) : null }
        : null;
    }
    return bundle;
  };
}

// ── assets ──────────────────────────────────────────────────────────────────────────────
function assetRoutes(r: Router, loadBundle: BundleLoader): void {
  r.get('/assets/ui.css', (_req, res) => {
    res.type('text/css').setHeader('Cache-Control', 'public, max-age=3600');
    res.send(CSS);
  });
  r.get('/assets/console.js', (req, res) => {
    const b = loadBundle();
    if (!b) throw new SalesforceError('NOT_FOUND', 'The console bundle was not built (npm run build).', 404);
    res.type('text/javascript').setHeader('Cache-Control', 'public, max-age=3600');
    res.setHeader('Vary', 'Accept-Encoding');
    if (b.gz && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      res.setHeader('Content-Encoding', 'gzip');
      res.send(b.gz);
      return;
    }
    res.send(b.js);
  });
}

// ── login / logout ──────────────────────────────────────────────────────────────────────
function loginPage(opts: UiOptions, req: Request, res: Response, status: number, next: string, error?: string, username = ''): void {
  const csrf = newSecret();
  res.setHeader('Set-Cookie', cookie(LOGIN_CSRF_COOKIE, csrf, { maxAge: 3600, secure: req.secure }));
  const body = html`<div class="login"><div class="page-head"><div class="icon" aria-hidden="true">L</div><div><div class="kind">Localforce</div><h1>Log in to your org</h1></div></div>
<form class="card" method="post" action="/lightning/login" aria-labelledby="login-h"><div class="body">
  <h2 id="login-h" class="skip">Log in</h2>
  ${error ? html`<div class="alert" role="alert">${error}</div>` : ''}
  <input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="next" value="${next}">
  <label for="username">Username</label><input id="username" name="username" autocomplete="username" value="${username}" required>
  <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
  <button class="btn primary" type="submit">Log in</button>
  <p class="muted">The same users and password as the API's SOAP and OAuth logins${opts.auth.config.securityToken ? ' (append the security token to the password)' : ''}. ${
    'Each login gets its own episode (a private copy of the org); open any page with ?token=… to watch the episode an API token selects.'
  }</p>
</div></form></div>`;
  res.status(status).type('html').send(page('Log in', body));
}

const safeNext = (v: string | undefined): string => (v && /^\/lightning(\/[^\\]*)?(\?.*)?$/.test(v) && !v.startsWith('//') ? v : '/lightning');

function loginRoutes(r: Router, opts: UiOptions, sessions: UiSessions, form: Form): void {
  r.get('/login', (req, res) => {
    loginPage(opts, req, res, 200, safeNext(param(req.query, 'next')));
  });

  r.post('/login', form, async (req, res) => {
    const b = (req.body ?? {}) as Record<string, unknown>;
    const next = safeNext(typeof b.next === 'string' ? b.next : undefined);
    const cookies = parseCookies(req.headers.cookie);
    if (!sameSecret(typeof b.csrf === 'string' ? b.csrf : undefined, cookies.get(LOGIN_CSRF_COOKIE))) {
      loginPage(opts, req, res, 403, next, 'Your login form expired or did not come from this site. Please try again.');
      return;
    }
    const username = typeof b.username === 'string' ? b.username : '';
    const password = typeof b.password === 'string' ? b.password : '';
    const user = opts.auth.verify(username.trim(), password);
    if (!user) {
      loginPage(opts, req, res, 401, next, 'Please check your username and password. If you still can’t log in, the user may be inactive.', username);
      return;
    }
    const episode = opts.episodes.forLogin(user.Id, `ui:${user.Username}`);
    const s = sessions.create({ userId: user.Id, username: user.Username, userName: user.Name ?? user.Username, episode, watching: false });
    res.setHeader('Set-Cookie', [cookie(SESSION_COOKIE, s.id, { secure: req.secure }), cookie(LOGIN_CSRF_COOKIE, '', { maxAge: 0 })]);
    res.redirect(303, next);
  });

  r.post('/logout', form, (req, res) => {
    const s = sessions.get(parseCookies(req.headers.cookie).get(SESSION_COOKIE));
    const b = (req.body ?? {}) as Record<string, unknown>;
    if (s && !sameSecret(typeof b.csrf === 'string' ? b.csrf : undefined, s.csrf)) throw new SalesforceError('INVALID_SESSION_ID', 'The form did not come from this page (CSRF token mismatch).', 403);
    if (s) {
      sessions.delete(s.id);
      if (!s.watching) opts.episodes.end(s.episode);
    }
    res.setHeader('Set-Cookie', cookie(SESSION_COOKIE, '', { maxAge: 0 }));
    res.redirect(303, '/lightning/login');
  });
}

// ── session ─────────────────────────────────────────────────────────────────────────────
/** `?token=…` once attaches this browser to an agent's episode (the token the agent uses). */
function watchByToken(opts: UiOptions, sessions: UiSessions): RequestHandler {
  return (req, res, next) => {
    const token = param(req.query, 'token');
    if (req.method !== 'GET' || token === undefined) {
      next();
      return;
    }
    const episode = opts.episodes.byToken(token);
    const session = opts.auth.session(token);
    const user = session ? opts.auth.userById(session.userId) : undefined;
    if (!episode) throw new SalesforceError('INVALID_SESSION_ID', 'That token does not select a live episode.', 401);
    const s = sessions.create({
      userId: user?.Id ?? '',
      username: user?.Username ?? 'agent',
      userName: user?.Name ?? 'Agent episode',
      episode,
      watching: true,
    });
    res.setHeader('Set-Cookie', cookie(SESSION_COOKIE, s.id, { secure: req.secure }));
    const rest = Object.entries(req.query).filter(([k]) => k !== 'token');
    res.redirect(303, href(req.baseUrl + req.path, Object.fromEntries(rest.map(([k, v]) => [k, typeof v === 'string' ? v : undefined]))));
  };
}

/** How signed-in pages find their session and wrap their handlers. */
interface SessionGuards {
  /** The signed-in session; one whose episode has expired (idle) is forgotten. */
  readonly sessionOf: (req: Request) => UiSession | undefined;
  readonly ctxOf: (s: UiSession) => Ctx;
  /** A signed-in GET page. */
  readonly view: (handler: (ctx: Ctx, req: Request) => Promise<Reply> | Reply) => RequestHandler;
  /** A signed-in form POST: the CSRF token must match the session's. */
  readonly action: (handler: (ctx: Ctx, req: Request, body: Record<string, unknown>) => Promise<Reply>) => RequestHandler[];
}

function sessionGuards(opts: UiOptions, sessions: UiSessions, form: Form): SessionGuards {
  const sessionOf = (req: Request): UiSession | undefined => {
    const s = sessions.get(parseCookies(req.headers.cookie).get(SESSION_COOKIE));
    if (s && !opts.episodes.alive(s.episode)) {
      sessions.delete(s.id);
      return undefined;
    }
    return s;
  };
  const ctxOf = (s: UiSession): Ctx => {
    const registry: SchemaRegistry = s.episode.deps.store.registry;
    const chrome: Chrome = { session: s, registry, hasRuns: opts.runsDir !== undefined };
    return { session: s, episode: s.episode, registry, chrome };
  };
  const view: SessionGuards['view'] = (handler) => async (req, res) => {
    const s = sessionOf(req);
    if (!s) {
      res.redirect(303, href('/lightning/login', { next: req.originalUrl }));
      return;
    }
    send(res, await handler(ctxOf(s), req));
  };
  const action: SessionGuards['action'] = (handler) => [
    form,
    async (req, res) => {
      const s = sessionOf(req);
      if (!s) {
        res.redirect(303, '/lightning/login');
        return;
      }
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (!sameSecret(typeof body.csrf === 'string' ? body.csrf : undefined, s.csrf)) {
        throw new SalesforceError('INVALID_SESSION_ID', 'The form did not come from this page (CSRF token mismatch). Reload the page and try again.', 403);
      }
      send(res, await handler(ctxOf(s), req, body));
    },
  ];
  return { sessionOf, ctxOf, view, action };
}

function send(res: Response, reply: Reply): void {
  switch (reply.kind) {
    case 'page':
      res.status(reply.status).type('html').setHeader('Cache-Control', 'no-store');
      res.send(reply.html);
      return;
    case 'redirect':
      res.redirect(303, reply.to);
      return;
    case 'document':
      // Its inline sorting script and styles are its own; it may only be framed by this UI.
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'");
      res.setHeader('X-Frame-Options', 'SAMEORIGIN');
      res.status(200).type('html').setHeader('Cache-Control', 'no-store');
      res.send(reply.html);
      return;
    default: {
      const never: never = reply;
      throw new Error(`unhandled reply ${JSON.stringify(never)}`);
    }
  }
}

// ── pages ───────────────────────────────────────────────────────────────────────────────
const p = (req: Request, name: string): string => String(req.params[name]);

function pageRoutes(r: Router, { view, action }: SessionGuards, { opts, bench, loadBundle }: { opts: UiOptions; bench: BenchSources; loadBundle: BundleLoader }): void {
  r.get('/', view((ctx, req) => homePage(ctx, req.query)));
  r.post('/episode/reset', ...action((ctx, _req, b) => resetEpisode(ctx, b, () => opts.episodes.reset(ctx.episode))));
  r.get('/objects', view((ctx) => objectsPage(ctx)));
  r.get('/o/:object', view((ctx, req) => listPage(ctx, p(req, 'object'), req.query)));
  r.get('/o/:object/new', view((ctx, req) => editForm(ctx, p(req, 'object'), undefined)));
  r.post('/o/:object/new', ...action((ctx, req, b) => saveForm(ctx, p(req, 'object'), undefined, b)));
  r.get('/r/:object/:id', view((ctx, req) => recordPage(ctx, p(req, 'object'), p(req, 'id'), req.query)));
  r.get('/r/:object/:id/edit', view((ctx, req) => editForm(ctx, p(req, 'object'), p(req, 'id'))));
  r.post('/r/:object/:id/edit', ...action((ctx, req, b) => saveForm(ctx, p(req, 'object'), p(req, 'id'), b)));
  r.get('/r/:object/:id/delete', view((ctx, req) => deleteConfirm(ctx, p(req, 'object'), p(req, 'id'))));
  r.post('/r/:object/:id/delete', ...action((ctx, req) => deleteRecord(ctx, p(req, 'object'), p(req, 'id'))));
  // Any record by Id alone (links from the console): the object comes from the key prefix.
  r.get('/id/:id', view(async (ctx, req) => {
    const id = p(req, 'id');
    const o = ID.test(id) ? ctx.registry.objectForId(id) : undefined;
    if (!o) throw new SalesforceError('NOT_FOUND', `No object in this org has Ids like ${id}.`, 404);
    return { kind: 'redirect', to: `/lightning/r/${o.name}/${id}` };
  }));
  r.get('/search', view((ctx, req) => searchPage(ctx, req.query)));
  r.get('/console', view((ctx, req) => consolePage(ctx, req.query, loadBundle() !== null)));
  r.get('/tasks', view((ctx, req) => tasksPage(ctx, bench, req.query)));
  r.get('/tasks/:id', view((ctx, req) => taskPage(ctx, bench, p(req, 'id'))));
  r.get('/runs', view((ctx) => runsPage(ctx, bench)));
  r.get('/runs/:run', view((ctx, req) => runPage(ctx, bench, p(req, 'run'), req.query)));
  r.get('/leaderboard', view((ctx) => leaderboardPage(ctx, bench)));
  r.get('/leaderboard/full', view(() => leaderboardDocument(bench)));
  r.get('/runs/:run/:id', view((ctx, req) => trajectoryPage(ctx, bench, p(req, 'run'), p(req, 'id'))));
}

/** Errors as HTML pages with the Salesforce code; anything unexpected is logged and shown as 500. */
function errorPage(opts: UiOptions, { sessionOf, ctxOf }: SessionGuards): express.ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    void _next;
    const known = err instanceof SalesforceError;
    // body-parser's errors (a form too large, bad encoding) and the router's undecodable paths carry a 4xx status.
    const bodyStatus = !known && err instanceof Error && 'status' in err && typeof err.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : undefined;
    const parseError = bodyStatus !== undefined;
    const status = known ? err.status : (bodyStatus ?? 500);
    const code = known ? err.errorCode : parseError ? (bodyStatus === 413 ? 'REQUEST_ENTITY_TOO_LARGE' : 'MALFORMED_QUERY') : 'UNKNOWN_EXCEPTION';
    const message = known || parseError ? (err as Error).message : 'Something went wrong on the server. It has been logged.';
    if (!known && !parseError) opts.log(`UI ${req.method} ${req.originalUrl}`, err);
    const s = sessionOf(req);
    const body = html`<div class="page-head"><div class="icon" aria-hidden="true">!</div><div><div class="kind">Error ${status}</div><h1>${status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : 'That did not work'}</h1></div></div>
<div class="alert" role="alert"><span class="mono">${code}</span>: ${message}</div><p><a href="/lightning">Back to Home</a></p>`;
    res.status(status).type('html').send(page(`Error ${status}`, body, s ? { chrome: ctxOf(s).chrome } : {}));
  };
}
export { parseTasksFile } from './tasks-file.js';
