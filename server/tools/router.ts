// REST front door of the tool registry, mounted at /localforce/tools:
//   GET  /localforce/tools?set=crmarena|crmarena-full|generic → [{type:"function", function:{name, description, parameters}}]
//   POST /localforce/tools/{name}[?set=…]  body = the arguments object → 200 {value, observation[, isError][, done]}
// The episode comes from the injected resolver (the bearer token's episode). A tool's own failure is an
// observation with status 200; only an unknown set or tool name is an HTTP error (404, Salesforce-shaped).
import express, { type Request, type Response, type Router } from 'express';
import { SalesforceError } from '../org/index.js';
import type { EpisodeApi } from '../sessions/index.js';
import { DEFAULT_TOOL_SET, findTool, isToolSet, openAiTools, unknownToolResult } from './registry.js';
import { TOOL_SETS, type ToolSetName } from './types.js';

/** The request's episode (after authentication middleware has run). */
export type EpisodeResolver = (req: Request, res: Response) => EpisodeApi | Promise<EpisodeApi>;

function setParam(req: Request, fallback: ToolSetName | undefined): ToolSetName | undefined {
  const raw = req.query.set;
  if (raw === undefined || raw === '') return fallback;
  if (typeof raw !== 'string' || !isToolSet(raw)) {
    throw new SalesforceError('NOT_FOUND', `Unknown tool set '${String(raw)}'. Tool sets: ${TOOL_SETS.join(', ')}`, 404);
  }
  return raw;
}

/** Expects a JSON body parser before it (the app mounts server/http's jsonBody); errors go to the app's error middleware. */
export function toolsRouter(resolve: EpisodeResolver): Router {
  const router = express.Router();
  router.get('/', (req, res) => {
    res.json(openAiTools(setParam(req, DEFAULT_TOOL_SET)!));
  });
  router.post('/:name', async (req, res) => {
    const name = String(req.params.name);
    const set = setParam(req, undefined);
    const tool = findTool(name, set);
    // The message is the observation CRMArena shows for a tool it does not have, so a runner can pass it on.
    if (!tool) throw new SalesforceError('NOT_FOUND', unknownToolResult(name, set).observation, 404);
    const episode = await resolve(req, res);
    res.json(await tool.call(episode, req.body ?? {}));
  });
  router.all('/', (_req, _res) => {
    throw new SalesforceError('METHOD_NOT_ALLOWED', 'HTTP Method not allowed; use GET', 405);
  });
  router.all('/:name', (_req, _res) => {
    throw new SalesforceError('METHOD_NOT_ALLOWED', 'HTTP Method not allowed; use POST', 405);
  });
  return router;
}
