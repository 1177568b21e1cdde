// `GET /services/data/` (versions, no auth), `GET …/vNN.N/` (resources) and `GET …/limits`.
import type { RequestHandler } from 'express';
import { SalesforceError } from '../../org/index.js';
import { json, notAllowed, type Call, type Outcome, type Route } from '../resource.js';
import { sendJson } from '../wire.js';
import { VERSIONS } from '../versions.js';

export const versionsHandler: RequestHandler = (req, res) => sendJson(req, res, 200, VERSIONS);

/** Resource names in the order a real org lists them (a subset: the ones a client may look for). */
const RESOURCES = [
  'tooling',
  'metadata',
  'chatter',
  'tabs',
  'appMenu',
  'quickActions',
  'queryAll',
  'search',
  'identity',
  'composite',
  'parameterizedSearch',
  'theme',
  'recent',
  'limits',
  'query',
  'compactLayouts',
  'sobjects',
  'actions',
] as const;

function resources(c: Call): Outcome {
  const { deps } = c.ctx.svc;
  const v = `/services/data/v${c.ctx.version}`;
  const body: Record<string, string> = {};
  for (const name of RESOURCES) body[name] = name === 'identity' ? `${c.ctx.baseUrl}/id/${deps.orgId}/${c.ctx.userId}` : `${v}/${name}`;
  return json(body);
}

/** Resources a real org lists that Localforce does not emulate: a distinct, clear answer (501, not retried by jsforce). */
export const NOT_EMULATED_RESOURCES = ['tooling', 'metadata', 'chatter', 'tabs', 'theme', 'appMenu', 'quickActions', 'compactLayouts', 'actions', 'jobs', 'async-queries', 'analytics', 'connect', 'process', 'support', 'wave'];

const notEmulated = (name: string) => (): Outcome => {
  throw new SalesforceError('NOT_EMULATED', `Localforce does not emulate the '${name}' REST resource`, 501);
};

/** `GET vNN.N/` (resources), `limits`, `recent` (Localforce keeps no view history: always empty), and the 501s. */
export const dataRoutes: readonly Route[] = [
  { method: 'GET', path: '/', handler: resources },
  { method: '*', path: '/', handler: notAllowed(['GET', 'HEAD']) },
  { method: 'GET', path: '/limits', handler: (c) => json(c.ctx.svc.usage.limits()) },
  { method: '*', path: '/limits', handler: notAllowed(['GET', 'HEAD']) },
  { method: 'GET', path: '/recent', handler: () => json([]) },
  { method: '*', path: '/recent', handler: notAllowed(['GET', 'HEAD']) },
  ...NOT_EMULATED_RESOURCES.map((name): Route => ({ method: '*', path: `/${name}/*rest`, handler: notEmulated(name) })),
];
