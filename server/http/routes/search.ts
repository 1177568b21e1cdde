// SOSL `search` and `parameterizedSearch` (GET with query parameters, POST with a JSON body).
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_search.htm
import express, { type Request, type Response, type Router } from 'express';
import { SalesforceError } from '../../org/index.js';
import { methodNotAllowed } from '../errors.js';
import type { EpisodeServices } from '../../sessions/index.js';
import { servicesOf } from '../middleware/auth.js';
import { apiVersion, sendJson } from '../wire.js';
import { queryParam } from './query.js';

/** `GET …/search?q=`: the response body (shared with the fast path, server/http/fast.ts). */
export async function runSearch(svc: EpisodeServices, sosl: string | undefined, version: string): Promise<unknown> {
  if (sosl === undefined || sosl.trim() === '') {
    throw new SalesforceError('MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.', 400);
  }
  svc.countQuery();
  return svc.runSearch(sosl, { now: svc.deps.now(), timeZone: svc.deps.timeZone, apiVersion: version });
}

export function searchRouter(): Router {
  const router = express.Router({ mergeParams: true });
  const ctx = (svc: EpisodeServices, res: Response) => ({ now: svc.deps.now(), timeZone: svc.deps.timeZone, apiVersion: apiVersion(res) });

  router.get('/search', async (req, res) => {
    sendJson(req, res, 200, await runSearch(servicesOf(res), queryParam(req, 'q'), apiVersion(res)));
  });
  router.all('/search', methodNotAllowed(['GET', 'HEAD']));

  const parameterized = async (req: Request, res: Response) => {
    const params: unknown = req.method === 'POST' ? (req.body ?? {}) : firstValues(req.query as Record<string, unknown>);
    const svc = servicesOf(res);
    svc.countQuery();
    sendJson(req, res, 200, await svc.runParameterizedSearch(params, ctx(svc, res)));
  };
  router.get('/parameterizedSearch', parameterized);
  router.post('/parameterizedSearch', parameterized);
  router.all('/parameterizedSearch', methodNotAllowed(['GET', 'HEAD', 'POST']));
  return router;
}

/** `?a=1&a=2` → `{a: '1'}`: parameterized search takes one value per parameter. */
function firstValues(q: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string') out[k] = first;
  }
  return out;
}
