// The resource table: every `/services/data/vNN.N/…` resource as method + path pattern → handler →
// outcome (status, headers, body), independent of the transport. Express (table.ts `expressResources`)
// and every composite flavour (`composite`, `batch`, `graph`; `subrequests` below) run requests
// through the same `runResource`, so a subrequest answers exactly as the same request sent directly:
// paging, 501s, 405s, headers and error texts come from one place.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import { MultipleMatchesError, SalesforceError, type SubDispatch, type SubOutcome } from '../org/index.js';
import type { EpisodeServices } from '../sessions/index.js';
import { notFound } from './errors.js';
import { requireJsonAccepted } from './middleware/accept.js';
import { requireVersion } from './versions.js';

/** What a resource answers: `body` undefined means no body (204, 304). */
export type Outcome = SubOutcome;

export interface ResourceRequest {
  /** Upper case; `HEAD` runs the `GET` handler. */
  readonly method: string;
  /** Raw (percent-encoded) path segments after `/services/data/vNN.N`, without empty ones at the ends. */
  readonly segments: readonly string[];
  /** The query string, parsed as Node's `querystring` does (Express's "simple" parser). */
  readonly query: Readonly<Record<string, unknown>>;
  /** The parsed JSON body; undefined when there is none. */
  readonly body: unknown;
  /** Lower-case header names. */
  readonly headers: IncomingHttpHeaders;
}

export interface ResourceContext {
  /** The caller's episode services. */
  readonly svc: EpisodeServices;
  /** The API version of the URL (`59.0`). */
  readonly version: string;
  /** The session's user (owner of query locators). */
  readonly userId: string;
  /** `scheme://host[:port]` the request came in on. */
  readonly baseUrl: string;
}

export interface Call {
  readonly req: ResourceRequest;
  readonly ctx: ResourceContext;
  /** Decoded `:name` parameters and `*rest`. */
  readonly params: Readonly<Record<string, string>>;
  /** The table the call runs in (composite handlers run their subrequests through it). */
  readonly table: ResourceTable;
}

export type Handler = (call: Call) => Outcome | Promise<Outcome>;

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE' | '*';

export interface Route {
  /** `*` matches every verb (405 and 501 entries). */
  readonly method: Method;
  /** `/sobjects/:type/:id`; a last segment `*rest` matches zero or more segments. */
  readonly path: string;
  readonly handler: Handler;
}

interface Compiled extends Route {
  readonly parts: readonly string[];
  readonly rest: string | null;
}

/** Routes in order: the first whose pattern and verb match answers (as Express's router would). */
export class ResourceTable {
  private readonly routes: readonly Compiled[];

  constructor(routes: readonly Route[]) {
    this.routes = routes.map((r) => {
      const parts = r.path.split('/').filter((p) => p !== '');
      const last = parts[parts.length - 1];
      const rest = last?.startsWith('*') ? last.slice(1) : null;
      return { ...r, parts: rest === null ? parts : parts.slice(0, -1), rest };
    });
  }

  /** The matching route and its decoded parameters, or null. */
  match(method: string, segments: readonly string[]): { route: Route; params: Record<string, string> } | null {
    const verb = method === 'HEAD' ? 'GET' : method;
    for (const r of this.routes) {
      if (r.method !== '*' && r.method !== verb) continue;
      if (r.rest === null ? segments.length !== r.parts.length : segments.length < r.parts.length) continue;
      const params = matchParts(r.parts, segments);
      if (!params) continue;
      if (r.rest !== null) params[r.rest] = segments.slice(r.parts.length).map(decode).join('/');
      return { route: r, params };
    }
    return null;
  }
}

function matchParts(parts: readonly string[], segments: readonly string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const s = segments[i]!;
    if (p.startsWith(':')) params[p.slice(1)] = decode(s);
    // Literal segments compare case-insensitively, as Express's router did (`/Query` is `/query`).
    else if (p.toLowerCase() !== s.toLowerCase()) return null;
  }
  return params;
}

/** A path segment, percent-decoded; an undecodable one is no resource (404, as before). */
function decode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    throw notFound();
  }
}

/** `/a/b/` → `['a', 'b']` (runs of slashes count as one, as `middleware/slashes.ts` does for Express). */
export function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

/** `path?query` → segments and parsed query. */
export function splitUrl(url: string): { segments: string[]; query: Record<string, unknown> } {
  const qi = url.indexOf('?');
  return {
    segments: splitPath(qi < 0 ? url : url.slice(0, qi)),
    query: parseQueryString(qi < 0 ? '' : url.slice(qi + 1)) as Record<string, unknown>,
  };
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Outcome => ({ status, headers, body });
export const empty = (status = 204, headers: Record<string, string> = {}): Outcome => ({ status, headers });

/** A thrown value as an outcome; anything that is not a Salesforce-shaped failure is rethrown (a bug). */
export function failure(e: unknown, headers: Record<string, string> = {}): Outcome {
  if (e instanceof SalesforceError) return { status: e.status, headers, body: e.toWire() };
  if (e instanceof MultipleMatchesError) return { status: 300, headers, body: e.urls };
  throw e;
}

/** Answers a path with a verb it does not support: 405 with `Allow`. */
export function notAllowed(allowed: readonly string[]): Handler {
  return ({ req }) =>
    failure(new SalesforceError('METHOD_NOT_ALLOWED', `HTTP Method '${req.method}' not allowed. Allowed are ${allowed.join(',')}`, 405), {
      Allow: allowed.join(','),
    });
}

// `POST …/sobjects/…?_HttpMethod=PATCH` (for clients that cannot send PATCH) acts as the named verb.
function effectiveMethod(req: ResourceRequest): string {
  if (req.method !== 'POST' || req.segments[0]?.toLowerCase() !== 'sobjects') return req.method;
  const override = req.query._HttpMethod;
  return typeof override === 'string' && /^(PATCH|DELETE)$/i.test(override) ? override.toUpperCase() : req.method;
}

/** Runs one request through the table. Salesforce-shaped failures become outcomes; bugs are thrown. */
export async function runResource(table: ResourceTable, req: ResourceRequest, ctx: ResourceContext): Promise<Outcome> {
  try {
    const method = effectiveMethod(req);
    const hit = table.match(method, req.segments);
    if (!hit) throw notFound();
    const call: Call = { req: method === req.method ? req : { ...req, method }, ctx, params: hit.params, table };
    return await hit.route.handler(call);
  } catch (e) {
    return failure(e);
  }
}

// ── subrequests (composite, batch, graph) ──────────────────────────────────────────────────────────

const DATA = /^\/services\/data\/([^/?]+)(\/[^?]*)?$/;

/**
 * The subrequest runner for a composite request: a URL `/services/data/vNN.N/…` runs through the same
 * table with the caller's session, version checks (410 / 404) and Accept check (`.xml` → 406) as a
 * direct request. Composite resources other than sObject Collections are not subrequests (they are
 * not in Salesforce's supported list, and a nested batch would wait on its parent): 404.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite_post.htm
 */
export function subrequests(table: ResourceTable, ctx: ResourceContext): SubDispatch {
  return async (r) => {
    const headers: IncomingHttpHeaders = {};
    for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = v;
    try {
      const qi = r.url.indexOf('?');
      const path = (qi < 0 ? r.url : r.url.slice(0, qi)).replace(/\/{2,}/g, '/');
      const m = DATA.exec(path);
      if (!m) throw notFound();
      requireJsonAccepted({ url: r.url, headers } as IncomingMessage);
      const version = requireVersion(m[1]!);
      const { segments, query } = splitUrl(`${m[2] ?? ''}${qi < 0 ? '' : r.url.slice(qi)}`);
      if (segments[0]?.toLowerCase() === 'composite' && segments[1]?.toLowerCase() !== 'sobjects') throw notFound();
      const req: ResourceRequest = { method: r.method.toUpperCase(), segments, query, body: r.body ?? undefined, headers };
      // Its SQL runs on this thread: every composite flavour holds a savepoint while its subrequests
      // run, and an episode answers SQL inside an open savepoint itself (server/sessions/episode.ts).
      return await runResource(table, req, { ...ctx, version });
    } catch (e) {
      return failure(e);
    }
  };
}
