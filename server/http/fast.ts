// The HTTP fast path: `GET …/query`, `…/queryAll`, `…/query/{locator}` and `…/search` — the calls
// agents make thousands of times — answered without Express. Express 5 costs ~85 µs of CPU per
// request before the first handler runs (measured: 178 µs vs 93 µs for a bare Node handler), which
// caps a 2-core machine well below the 3,000 queries/s target. The fast path is a third transport of
// the resource table (table.ts): the same auth, usage accounting and Accept/version checks as the
// Express chain, in the same order, then the same `runResource` and outcome writer, so the bytes on
// the wire are identical (tests/server/fast-path.test.ts compares both paths). Anything it does not
// recognise — other verbs, bodies, odd paths — falls through to Express.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthService } from '../org/index.js';
import type { EpisodeManager } from '../sessions/index.js';
import { writeError, type Logger } from './errors.js';
import { authenticate, episodeIfAny } from './middleware/auth.js';
import { requireJsonAccepted } from './middleware/accept.js';
import type { Compressor } from './middleware/compress.js';
import { runResource, splitUrl, type Outcome } from './resource.js';
import { RESOURCES, writeOutcome } from './table.js';
import { requireVersion } from './versions.js';

/** Handles the request and returns true, or returns false without touching it. */
export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface FastPathContext {
  readonly host: EpisodeManager;
  readonly auth: AuthService;
  readonly log: Logger;
  /** The compression middleware of the Express routes (middleware/compress.ts), so both paths encode alike. */
  readonly compress?: Compressor;
}

const PREFIX = '/services/data/';
const ROUTE = /^\/services\/data\/([^/]+)\/(query|queryall|search)(?:\/([A-Za-z0-9-]+))?\/?$/i;

export function createFastPath(ctx: FastPathContext): FastPath {
  return (req, res) => {
    if (req.method !== 'GET') return false;
    const url = req.url ?? '';
    const qi = url.indexOf('?');
    const m = ROUTE.exec(qi < 0 ? url : url.slice(0, qi));
    if (!m) return false;
    if (m[2]!.toLowerCase() === 'search' && m[3] !== undefined) return false;
    // Percent-encoded path segments are decoded by Express's router: leave them to it.
    if (m[1]!.includes('%')) return false;
    // A GET with a body goes through Express's body checks (415/413/JSON_PARSER_ERROR).
    if (req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0') return false;
    // compression() wraps res.write/end and calls next synchronously; it never fails.
    if (ctx.compress) ctx.compress(req, res, () => answer(req, res, url, m));
    else answer(req, res, url, m);
    return true;
  };

  function answer(req: IncomingMessage, res: ServerResponse, url: string, m: RegExpExecArray): void {
    let outcome: Promise<Outcome>;
    try {
      // Same order as the Express chain: usage (of the caller's episode), Accept, session, version.
      const usage = (episodeIfAny(ctx.host, ctx.auth, req) ?? ctx.host.defaultEpisode).services().usage;
      usage.hit();
      res.setHeader('Sforce-Limit-Info', usage.header());
      requireJsonAccepted(req);
      const caller = authenticate(ctx.host, ctx.auth, req);
      const svc = caller.episode.services();
      const version = requireVersion(m[1]!);
      // Then the resource table, as the Express transport and composite subrequests run it.
      const { segments, query } = splitUrl(url.slice(m[1]!.length + PREFIX.length));
      const base = `${(req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'}://${req.headers.host ?? ''}`;
      outcome = runResource(RESOURCES, { method: 'GET', segments, query, body: undefined, headers: req.headers }, { svc, version, userId: caller.session.userId, baseUrl: base });
    } catch (err) {
      writeError(err, req, res, ctx.log);
      return;
    }
    // Queries may run on a worker thread (server/sessions/pool.ts): answer when they settle.
    outcome
      .then((o) => writeOutcome(req, res, o))
      .catch((err: unknown) => {
        if (res.headersSent) res.destroy();
        else writeError(err, req, res, ctx.log);
      });
  }
}
