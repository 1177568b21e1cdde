// SOSL `search` and `parameterizedSearch` (GET with query parameters, POST with a JSON body).
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_search.htm
import express, { type Request, type Response, type Router } from 'express';
import type { OrgDeps } from '../../org/deps.js';
import { SalesforceError } from '../../org/errors.js';
import { methodNotAllowed } from '../errors.js';
import type { SearchPort } from '../ports.js';
import { apiVersion, sendJson } from '../wire.js';
import { queryParam } from './query.js';

/** `GET …/search?q=`: the response body (shared with the fast path, server/http/fast.ts). */
export function runSearch(deps: OrgDeps, search: SearchPort, sosl: string | undefined, version: string): unknown {
  if (sosl === undefined || sosl.trim() === '') {
    throw new SalesforceError('MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.', 400);
  }
  return search.search(sosl, { now: deps.now(), timeZone: deps.timeZone, apiVersion: version });
}

export function searchRouter(deps: OrgDeps, search: SearchPort): Router {
  const router = express.Router({ mergeParams: true });
  const ctx = (res: Response) => ({ now: deps.now(), timeZone: deps.timeZone, apiVersion: apiVersion(res) });

  router.get('/search', (req, res) => {
    sendJson(req, res, 200, runSearch(deps, search, queryParam(req, 'q'), apiVersion(res)));
  });
  router.all('/search', methodNotAllowed(['GET', 'HEAD']));

  const parameterized = (req: Request, res: Response) => {
    const params: unknown = req.method === 'POST' ? (req.body ?? {}) : firstValues(req.query as Record<string, unknown>);
    sendJson(req, res, 200, search.parameterizedSearch(params, ctx(res)));
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
