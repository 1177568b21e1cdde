// Streamable HTTP for MCP (mounted at /mcp by `serve`): every MCP session gets a fresh episode from the
// host (a fork of the pristine org) and its own MCP server; DELETE /mcp or closing ends both.
// https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#streamable-http
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { CreateEpisodeOptions, EpisodeApi } from '../sessions/index.js';
import { SalesforceError } from '../org/index.js';
import { isToolSet } from '../tools/index.js';
import { createMcpServer, type McpSessionOptions, type McpTask } from './server.js';

/** What MCP needs of an episode manager (EpisodeHost satisfies it). */
export interface EpisodeSource {
  create(opts?: CreateEpisodeOptions): Promise<EpisodeApi>;
  delete(id: string): Promise<boolean>;
}

export interface McpHttpOptions extends McpSessionOptions {
  readonly host: EpisodeSource;
  /** Options of every session's episode (e.g. the task's "today"). */
  readonly episode?: CreateEpisodeOptions;
  /** Largest accepted POST body (default 4 MB). */
  readonly maxBodyBytes?: number;
  /** A session unused this long is closed and its episode freed (default 30 min): clients often vanish without DELETE. */
  readonly idleTimeoutMs?: number;
  /** Milliseconds clock for idle expiry (default Date.now). */
  readonly clock?: () => number;
  /** `/mcp?task=ID`: the task a session runs (its prompt as a resource, its "today" as the clock). */
  readonly findTask?: (id: string) => { readonly task: McpTask; readonly now?: string } | undefined;
}

interface Session {
  readonly transport: StreamableHTTPServerTransport;
  readonly episodeId: string;
  lastUsed: number;
}

export interface McpHttpHandler {
  (req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Open sessions. */
  readonly sessions: () => number;
  close(): Promise<void>;
}

function jsonRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

async function readJson(req: IncomingMessage, limit: number): Promise<{ ok: true; body: unknown } | { ok: false; status: number; message: string }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return { ok: false, status: 413, message: `Request body larger than ${limit} bytes` };
    chunks.push(chunk as Buffer);
  }
  try {
    return { ok: true, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch {
    return { ok: false, status: 400, message: 'Parse error: the body is not JSON' };
  }
}

export function mcpHttpHandler(o: McpHttpOptions): McpHttpHandler {
  const sessions = new Map<string, Session>();
  const idle = o.idleTimeoutMs ?? 30 * 60_000;
  const clock = o.clock ?? Date.now;

  const end = async (id: string): Promise<void> => {
    const s = sessions.get(id);
    if (!s) return;
    sessions.delete(id);
    await o.host.delete(s.episodeId);
  };
  const live: LiveSessions = { sessions, end, clock, limit: o.maxBodyBytes ?? 4 * 1024 * 1024 };

  const sweep = async (): Promise<void> => {
    const t = clock();
    for (const [id, s] of [...sessions]) {
      if (t - s.lastUsed < idle) continue;
      await end(id);
      await s.transport.close();
    }
  };
  const timer = setInterval(() => void sweep(), Math.min(idle, 60_000));
  timer.unref();

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    await sweep();
    const header = req.headers['mcp-session-id'];
    const sessionId = Array.isArray(header) ? header[0] : header;
    if (sessionId === undefined) return openSession(o, live, req, res);
    const s = sessions.get(sessionId);
    if (!s) return jsonRpcError(res, 404, -32001, 'Session not found (it ended, expired or the server restarted); initialize a new one');
    s.lastUsed = clock();
    return s.transport.handleRequest(req, res);
  };

  return Object.assign(handler, {
    sessions: () => sessions.size,
    async close() {
      clearInterval(timer);
      for (const [id, s] of [...sessions]) {
        await s.transport.close();
        await end(id);
      }
    },
  });
}

/** The open sessions of one handler, and how one ends. */
interface LiveSessions {
  readonly sessions: Map<string, Session>;
  readonly end: (id: string) => Promise<void>;
  readonly clock: () => number;
  /** Largest accepted POST body. */
  readonly limit: number;
}

/** A request without Mcp-Session-Id: it must be an initialize POST; it gets a fresh episode and MCP server. */
async function openSession(o: McpHttpOptions, live: LiveSessions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') return jsonRpcError(res, 400, -32000, 'Bad Request: no Mcp-Session-Id header; start with an initialize request (POST)');
  const parsed = await readJson(req, live.limit);
  if (!parsed.ok) return jsonRpcError(res, parsed.status, -32700, parsed.message);
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const asked = params.get('set');
  if (asked !== null && !isToolSet(asked)) return jsonRpcError(res, 400, -32602, `Unknown tool set '${asked}': crmarena, crmarena-full or generic`);
  const taskId = params.get('task');
  const found = taskId === null ? undefined : o.findTask?.(taskId);
  if (taskId !== null && !found) {
    return jsonRpcError(res, 404, -32602, o.findTask ? `Unknown task '${taskId}'` : 'This server has no tasks (start serve with --tasks tasks.json)');
  }
  if (!isInitializeRequest(parsed.body)) return jsonRpcError(res, 400, -32000, 'Bad Request: no Mcp-Session-Id header; the first request of a session must be initialize');

  let episode: EpisodeApi;
  try {
    const now = found?.now ?? o.episode?.now;
    episode = await o.host.create({ ...o.episode, ...(now !== undefined ? { now } : {}), ...(found ? { label: `${o.episode?.label ?? 'mcp'}:${found.task.id}` } : {}) });
  } catch (e) {
    if (e instanceof SalesforceError) return jsonRpcError(res, e.status, -32000, `${e.errorCode}: ${e.message}`);
    throw e;
  }
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    enableJsonResponse: true,
    onsessioninitialized: (id) => {
      live.sessions.set(id, { transport, episodeId: episode.id, lastUsed: live.clock() });
    },
    onsessionclosed: (id) => live.end(id),
  });
  transport.onclose = () => {
    if (transport.sessionId) void live.end(transport.sessionId);
    else void o.host.delete(episode.id);
  };
  // `/mcp?set=generic` picks the tool set of this session.
  const set = asked !== null && isToolSet(asked) ? asked : o.set;
  const server = createMcpServer(episode, { ...o, set, ...(found ? { task: found.task } : {}) });
  await server.connect(transport);
  await transport.handleRequest(req, res, parsed.body);
  // An initialize that failed validation never opens a session: release its episode.
  if (transport.sessionId === undefined || !live.sessions.has(transport.sessionId)) await o.host.delete(episode.id);
}
