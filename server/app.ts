// Composition root of the HTTP app: createApp(deps) wires the org services into Express routers.
// No listen, no env, no wall clock: the CLI (cli/commands/serve.ts) and tests inject all of it.
import express, { type Express, type RequestHandler } from 'express';
import { AuthService, DEFAULT_AUTH, type AuthConfig } from './org/auth.js';
import type { CursorStore, CursorStoreOptions } from './org/cursors.js';
import type { OrgDeps } from './org/deps.js';
import type { ApiUsage, ApiUsageOptions } from './org/limits.js';
import { dispatchInternal, type Dispatcher } from './http/dispatch.js';
import { errorMiddleware, methodNotAllowed, notFoundHandler, type Logger } from './http/errors.js';
import { episodeIfAny, requireSession } from './http/middleware/auth.js';
import { jsonBody } from './http/middleware/body.js';
import { collapseSlashes } from './http/middleware/slashes.js';
import { createCompressor, type Compressor } from './http/middleware/compress.js';
import { acceptJson } from './http/middleware/accept.js';
import type { QueryPort, SearchPort } from './http/ports.js';
import { versionsHandler } from './http/routes/data.js';
import { oauthRouter } from './http/routes/oauth.js';
import { createFastPath, type FastPath } from './http/fast.js';
import { sessionsRouter } from './http/routes/sessions.js';
import { soapRouter } from './http/routes/soap.js';
import { requireVersion } from './http/versions.js';
import { expressResources } from './http/table.js';
import { EpisodeManager, type SqlPool } from './sessions/index.js';
import { hostEpisodes, rootRedirect, uiRouter, type UiOptions } from './ui/index.js';
import type { Episode } from './sessions/episode.js';
import type { EpisodeHost } from './sessions/types.js';
import { toolsRouter } from './tools/index.js';

export interface EpisodeOptions {
  /**
   * The pristine org that episodes fork (Store.serialize()). Default: `deps.store` serialized when
   * the app is built, before any request can write to it.
   */
  readonly image?: Buffer;
  /** `deps.store` is the served org file itself (serve --persist): the default episode cannot be reset. */
  readonly persist?: boolean;
  /** Idle time after which an episode is closed (default 30 min). */
  readonly idleMs?: number;
  /** Most live episodes besides the default one (default: sized from the image for a 24 GB machine). */
  readonly maxEpisodes?: number;
  /** Wall-clock milliseconds (ages, expiry, running episode clocks); tests pass a fake. */
  readonly wall?: () => number;
  /** Opaque part of the n-th episode token (default counter-based). */
  readonly mintOpaque?: (n: number) => string;
  /** SQL worker threads over the same image (server/sessions/pool.ts); the caller owns and closes it. */
  readonly pool?: SqlPool;
}

export interface AppOptions {
  /** Token, password, security token, OAuth client checks (defaults: DEFAULT_AUTH in server/org/auth.ts). */
  readonly auth?: Partial<AuthConfig>;
  readonly apiUsage?: ApiUsageOptions;
  readonly cursors?: CursorStoreOptions;
  /** Largest accepted JSON body (default 50 MB, as Salesforce's REST limit). */
  readonly bodyLimit?: string | number;
  /** Where unexpected errors are reported (default: stderr). */
  readonly log?: Logger;
  /** Replacements for the query / search services (tests); used by every episode. */
  readonly services?: { readonly query?: QueryPort; readonly search?: SearchPort };
  readonly episodes?: EpisodeOptions;
  /** The web UI at /lightning (server/ui); `false` leaves it out. */
  readonly ui?: false | Partial<Pick<UiOptions, 'tasks' | 'runsDir' | 'showAnswers' | 'assetsDir'>>;
  /** The MCP streamable-HTTP endpoint at /mcp, built over the app's episodes (server/mcp's mcpHttpHandler); none when absent. */
  readonly mcp?: (episodes: EpisodeHost) => RequestHandler;
}

/** The services behind the app, for the CLI banner and tests. */
export interface AppContext {
  /** The default episode's deps (its store is `deps.store` as given to createApp until a reset). */
  readonly deps: OrgDeps;
  readonly auth: AuthService;
  /** The default episode's API usage and query locators. */
  readonly usage: ApiUsage;
  readonly cursors: CursorStore;
  readonly dispatch: Dispatcher;
  /** Answers the hot GET endpoints without Express; servers.ts tries it first. */
  readonly fastPath: FastPath;
  /** The episodes (server/sessions): token → isolated fork of the pristine org. */
  readonly episodes: EpisodeManager;
}

export type LocalforceApp = Express & { readonly localforce: AppContext };

const defaultLog: Logger = (message, err) => {
  process.stderr.write(`localforce: ${message}\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
};

export function createApp(deps: OrgDeps, opts: AppOptions = {}): LocalforceApp {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.set('query parser', 'simple');
  app.use(collapseSlashes);

  const host = episodeHost(deps, opts);
  // Logins and identity read users from the default episode's store (the same users in every fork).
  const liveDeps: OrgDeps = {
    get store() {
      return host.defaultEpisode.deps.store;
    },
    now: deps.now,
    timeZone: deps.timeZone,
    orgId: deps.orgId,
    userId: deps.userId,
  };
  const auth = new AuthService(liveDeps, opts.auth);
  const dispatch: Dispatcher = (r) => dispatchInternal(app, r);
  const log = opts.log ?? defaultLog;
  const compress = createCompressor();
  const fastPath = createFastPath({ host, auth, log, compress });

  // Mounted first: REST calls are the hot path and should not walk the auth routers' routes.
  app.use('/services/data', dataRouter(host, auth, compress, opts.bodyLimit ?? '50mb'));
  // ── auth endpoints (no session needed) and the episode admin API (admin token) ──────────────
  app.use(soapRouter(liveDeps, auth, host));
  app.use(oauthRouter(liveDeps, auth, host));
  app.use(sessionsRouter(host, auth));
  mountExtensions(app, deps, opts, host, auth, log);
  app.use(notFoundHandler);
  app.use(errorMiddleware(log));

  const context: AppContext = {
    get deps() {
      return host.defaultEpisode.deps;
    },
    auth,
    get usage() {
      return host.defaultEpisode.services().usage;
    },
    get cursors() {
      return host.defaultEpisode.services().cursors;
    },
    dispatch,
    fastPath,
    episodes: host,
  };
  return Object.assign(app, { localforce: context });
}

function episodeHost(deps: OrgDeps, opts: AppOptions): EpisodeManager {
  const ep = opts.episodes ?? {};
  return new EpisodeManager({
    image: ep.image ?? deps.store.serialize(),
    defaultStore: deps.store,
    defaultToken: opts.auth?.token ?? DEFAULT_AUTH.token,
    ...(ep.persist !== undefined ? { persist: ep.persist } : {}),
    orgId: deps.orgId,
    userId: deps.userId,
    now: deps.now,
    timeZone: deps.timeZone,
    ...(ep.wall ? { wall: ep.wall } : {}),
    ...(ep.idleMs !== undefined ? { idleMs: ep.idleMs } : {}),
    ...(ep.maxEpisodes !== undefined ? { maxEpisodes: ep.maxEpisodes } : {}),
    ...(ep.mintOpaque ? { mintOpaque: ep.mintOpaque } : {}),
    ...(ep.pool ? { pool: ep.pool } : {}),
    ...(opts.cursors ? { cursors: opts.cursors } : {}),
    ...(opts.apiUsage ? { apiUsage: opts.apiUsage } : {}),
    ...(opts.services ? { overrides: opts.services } : {}),
  });
}

/**
 * `/services/data`: Express as the transport only — compression, usage accounting, Accept, session,
 * version and JSON body — then every resource from the one resource table (server/http/table.ts).
 */
function dataRouter(host: EpisodeManager, auth: AuthService, compress: Compressor, bodyLimit: string | number): express.Router {
  const data = express.Router();
  data.use(compress as RequestHandler);
  data.use((req, res, next) => {
    // API usage is counted per episode: the caller's, or the default one before authentication.
    const usage = (episodeIfAny(host, auth, req) ?? host.defaultEpisode).services().usage;
    usage.hit();
    res.setHeader('Sforce-Limit-Info', usage.header());
    next();
  });
  data.use(acceptJson);
  data.get('/', versionsHandler);
  data.all('/', methodNotAllowed(['GET', 'HEAD']));

  const versioned = express.Router({ mergeParams: true });
  versioned.use(requireSession(host, auth));
  versioned.use(checkVersion);
  versioned.use(jsonBody(bodyLimit));
  versioned.use(expressResources());
  data.use('/:version', versioned);
  data.use(notFoundHandler);
  return data;
}

/** The web UI, agent tools and MCP: Localforce's own front doors. */
function mountExtensions(app: Express, deps: OrgDeps, opts: AppOptions, host: EpisodeManager, auth: AuthService, log: Logger): void {
  if (opts.ui !== false) {
    const ui = opts.ui ?? {};
    app.use(rootRedirect);
    app.use('/lightning', uiRouter({ ...ui, auth, store: deps.store, episodes: hostEpisodes(host, auth), log }));
  }
  // Agent tools (docs/tools.md) run in the bearer token's episode.
  app.use('/localforce/tools', requireSession(host, auth), jsonBody(opts.bodyLimit ?? '50mb'), toolsRouter((_req, res) => res.locals.episode as Episode));
  if (opts.mcp) app.all('/mcp', opts.mcp(host));
}

/** `/services/data/vNN.N/…`: a version we list, else 410 GONE (retired) or 404 NOT_FOUND. Sets `res.locals.apiVersion`. */
const checkVersion: RequestHandler = (req, res, next) => {
  res.locals.apiVersion = requireVersion(String(req.params.version));
  next();
};
