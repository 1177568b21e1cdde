// `GET /services/data/` (versions, no auth), `GET …/vNN.N/` (resources) and `GET …/limits`.
import type { Request, RequestHandler, Response } from 'express';
import { SalesforceError } from '../../org/index.js';
import { servicesOf } from '../middleware/auth.js';
import { apiVersion, baseUrl, sendJson } from '../wire.js';
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

export function resourcesHandler(): RequestHandler {
  return (req: Request, res: Response) => {
    const { deps } = servicesOf(res);
    const v = `/services/data/v${apiVersion(res)}`;
    const session = res.locals.session as { userId: string } | undefined;
    const body: Record<string, string> = {};
    for (const name of RESOURCES) {
      body[name] = name === 'identity' ? `${baseUrl(req)}/id/${deps.orgId}/${session?.userId ?? deps.userId}` : `${v}/${name}`;
    }
    sendJson(req, res, 200, body);
  };
}

export function limitsHandler(): RequestHandler {
  return (req, res) => sendJson(req, res, 200, servicesOf(res).usage.limits());
}

/** `GET …/recent`: recently viewed records. Localforce keeps no view history, so the list is empty. */
export const recentHandler: RequestHandler = (req, res) => sendJson(req, res, 200, []);

/** Resources a real org lists that Localforce does not emulate: a distinct, clear answer (501, not retried by jsforce). */
export const NOT_EMULATED_RESOURCES = ['/tooling', '/metadata', '/chatter', '/tabs', '/theme', '/appMenu', '/quickActions', '/compactLayouts', '/actions', '/jobs', '/async-queries', '/analytics', '/connect', '/process', '/support', '/wave'];

export const notEmulatedHandler: RequestHandler = (req) => {
  const name = req.baseUrl.split('/').pop() ?? '';
  throw new SalesforceError('NOT_EMULATED', `Localforce does not emulate the '${name}' REST resource`, 501);
};
