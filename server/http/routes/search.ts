// SOSL `search` and `parameterizedSearch` (GET with query parameters, POST with a JSON body).
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_search.htm
import { SalesforceError } from '../../org/index.js';
import type { EpisodeServices } from '../../sessions/index.js';
import { json, notAllowed, type Call, type Outcome, type Route } from '../resource.js';
import { firstParam } from './query.js';

/** `GET …/search?q=`: the response body (shared with the fast path, server/http/fast.ts). */
export async function runSearch(svc: EpisodeServices, sosl: string | undefined, version: string): Promise<unknown> {
  if (sosl === undefined || sosl.trim() === '') {
    throw new SalesforceError('MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.', 400);
  }
  svc.countQuery();
  return svc.runSearch(sosl, { now: svc.deps.now(), timeZone: svc.deps.timeZone, apiVersion: version });
}

const parameterized = async (c: Call): Promise<Outcome> => {
  const params: unknown = c.req.method === 'POST' ? (c.req.body ?? {}) : firstValues(c.req.query);
  const svc = c.ctx.svc;
  svc.countQuery();
  return json(await svc.runParameterizedSearch(params, { now: svc.deps.now(), timeZone: svc.deps.timeZone, apiVersion: c.ctx.version }));
};

export const searchRoutes: readonly Route[] = [
  { method: 'GET', path: '/search', handler: async (c) => json(await runSearch(c.ctx.svc, firstParam(c.req.query, 'q'), c.ctx.version)) },
  { method: '*', path: '/search', handler: notAllowed(['GET', 'HEAD']) },
  { method: 'GET', path: '/parameterizedSearch', handler: parameterized },
  { method: 'POST', path: '/parameterizedSearch', handler: parameterized },
  { method: '*', path: '/parameterizedSearch', handler: notAllowed(['GET', 'HEAD', 'POST']) },
];

/** `?a=1&a=2` → `{a: '1'}`: parameterized search takes one value per parameter. */
function firstValues(q: Readonly<Record<string, unknown>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) {
    const first = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string') out[k] = first;
  }
  return out;
}
