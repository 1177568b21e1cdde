// Composition root of the HTTP app: createApp(deps) wires the org services into Express routers.
// No listen, no env, no wall clock: the CLI (cli/commands/serve.ts) and tests inject all of it.
import express, { type Express, type RequestHandler } from 'express';
import { AuthService, type AuthConfig } from './org/auth.js';
import { CursorStore, type CursorStoreOptions } from './org/cursors.js';
import type { OrgDeps } from './org/deps.js';
import { SalesforceError } from './org/errors.js';
import { ApiUsage, type ApiUsageOptions } from './org/limits.js';
import { dispatchInternal, type Dispatcher } from './http/dispatch.js';
import { errorMiddleware, methodNotAllowed, notFoundHandler, type Logger } from './http/errors.js';
import { requireSession } from './http/middleware/auth.js';
import { jsonBody } from './http/middleware/body.js';
import type { QueryPort, SearchPort } from './http/ports.js';
import { limitsHandler, NOT_EMULATED_RESOURCES, notEmulatedHandler, recentHandler, resourcesHandler, versionsHandler } from './http/routes/data.js';
import { oauthRouter } from './http/routes/oauth.js';
import { queryEndpoint, queryRouter } from './http/routes/query.js';
import { createFastPath, type FastPath } from './http/fast.js';
import { searchRouter } from './http/routes/search.js';
import { soapRouter } from './http/routes/soap.js';
import { parseVersion } from './http/versions.js';
import { compositeRouter } from './http/routes/composite.js';
import { sobjectsRouter } from './http/routes/sobjects.js';
import { QueryService } from './org/query.js';
import { SearchService } from './org/search.js';
import { LocalEpisode, toolsRouter, type EpisodeResolver } from './tools/index.js';

export interface AppOptions {
  /** Token, password, security token, OAuth client checks (defaults: DEFAULT_AUTH in server/org/auth.ts). */
  readonly auth?: Partial<AuthConfig>;
  readonly apiUsage?: ApiUsageOptions;
  readonly cursors?: CursorStoreOptions;
  /** Largest accepted JSON body (default 50 MB, as Salesforce's REST limit). */
  readonly bodyLimit?: string | number;
  /** Where unexpected errors are reported (default: stderr). */
  readonly log?: Logger;
  /** Replacements for the query / search services (tests). */
  readonly services?: { readonly query?: QueryPort; readonly search?: SearchPort };
  /** Agent tools at /localforce/tools: the episode of a request (default: the app's own org). */
  readonly tools?: { readonly resolve?: EpisodeResolver };
  /** The MCP streamable-HTTP endpoint mounted at /mcp (server/mcp's mcpHttpHandler); none when absent. */
  readonly mcp?: RequestHandler;
}

/** The services behind the app, for the CLI banner and tests. */
export interface AppContext {
  readonly deps: OrgDeps;
  readonly auth: AuthService;
  readonly usage: ApiUsage;
  readonly cursors: CursorStore;
  readonly dispatch: Dispatcher;
  /** Answers the hot GET endpoints without Express; servers.ts tries it first. */
  readonly fastPath: FastPath;
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

  const auth = new AuthService(deps, opts.auth);
  const usage = new ApiUsage(deps.now, opts.apiUsage);
  const cursors = new CursorStore(opts.cursors);
  const query: QueryPort = opts.services?.query ?? new QueryService(deps);
  const search: SearchPort = opts.services?.search ?? new SearchService(deps, { soql: query });
  const dispatch: Dispatcher = (r) => dispatchInternal(app, r);
  const log = opts.log ?? defaultLog;
  const queries = queryEndpoint(deps, query, cursors);
  const fastPath = createFastPath({ deps, auth, usage, query: queries, search, log });

  // ── REST: /services/data ───────────────────────────────────────────────────────────────────
  const data = express.Router();
  data.use((_req, res, next) => {
    usage.hit();
    res.setHeader('Sforce-Limit-Info', usage.header());
    next();
  });
  data.get('/', versionsHandler);
  data.all('/', methodNotAllowed(['GET', 'HEAD']));

  const versioned = express.Router({ mergeParams: true });
  versioned.use(requireSession(auth));
  versioned.use(checkVersion);
  versioned.use(jsonBody(opts.bodyLimit ?? '50mb'));
  versioned.get('/', resourcesHandler(deps));
  versioned.all('/', methodNotAllowed(['GET', 'HEAD']));
  versioned.use(queryRouter(queries));
  versioned.use(searchRouter(deps, search));
  versioned.get('/limits', limitsHandler(usage));
  versioned.all('/limits', methodNotAllowed(['GET', 'HEAD']));
  versioned.get('/recent', recentHandler);
  versioned.all('/recent', methodNotAllowed(['GET', 'HEAD']));
  versioned.use(NOT_EMULATED_RESOURCES, notEmulatedHandler);
  versioned.use('/sobjects', sobjectsRouter(deps));
  versioned.use('/composite', compositeRouter(deps, dispatch, query));
  versioned.use(notFoundHandler);

  data.use('/:version', versioned);
  data.use(notFoundHandler);
  // Mounted first: REST calls are the hot path and should not walk the auth routers' routes.
  app.use('/services/data', data);

  // ── auth endpoints (no session needed) ─────────────────────────────────────────────────────
  app.use(soapRouter(deps, auth));
  app.use(oauthRouter(deps, auth));

  // ── agent tools and MCP (docs/tools.md) ────────────────────────────────────────────────────
  const defaultEpisode = new LocalEpisode(deps);
  app.use('/localforce/tools', requireSession(auth), jsonBody(opts.bodyLimit ?? '50mb'), toolsRouter(opts.tools?.resolve ?? (() => defaultEpisode)));
  if (opts.mcp) app.all('/mcp', opts.mcp);

  app.use(notFoundHandler);
  app.use(errorMiddleware(log));

  return Object.assign(app, { localforce: { deps, auth, usage, cursors, dispatch, fastPath } });
}

/** `/services/data/vNN.N/…`: a version we list, else 404 NOT_FOUND. Sets `res.locals.apiVersion`. */
const checkVersion: RequestHandler = (req, res, next) => {
  const version = parseVersion(String(req.params.version));
  if (!version) throw new SalesforceError('NOT_FOUND', 'The requested resource does not exist', 404);
  res.locals.apiVersion = version;
  next();
};
