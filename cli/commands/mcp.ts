// `localforce mcp`: an MCP server over stdio (for Claude Desktop and other MCP hosts). The session gets
// its own in-memory fork of the org (--db is only read) and, with --task, the task's "today" as its clock and the
// task's prompt and context as a resource. stdout carries only MCP messages; notes go to stderr.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { API_USER_ID, ORG_ID } from '../../schema/index.js';
import { createMcpServer } from '../../server/mcp/index.js';
import { EpisodeManager, isValidTimeZone } from '../../server/sessions/index.js';
import { Store } from '../../server/store/index.js';
import { DEFAULT_TOOL_SET, isToolSet } from '../../server/tools/index.js';
import { agentSchema } from '../../tasks/index.js';
import { loadTask } from './mcp-tasks.js';
import { DEFAULT_DIR } from './serve.js';

interface McpOptions {
  db?: string;
  set: string;
  task?: string;
  tasks?: string;
  now?: string;
  timeZone?: string;
}

export function registerMcp(program: Command): void {
  program
    .command('mcp')
    .description('serve the agent tools as an MCP server over stdio (each run is its own copy of the org)')
    .option('--db <path>', `org file (default: ${DEFAULT_DIR}/org.db, as created by \`localforce serve\`)`)
    .option('--set <set>', 'tool set: crmarena | crmarena-full | generic', DEFAULT_TOOL_SET)
    .option('--task <id>', 'task instance to expose (its prompt and context as a resource, its "today" as the clock)')
    .option('--tasks <path>', 'tasks.json (localforce or crmarena format) holding --task')
    .option('--now <iso>', "the episode's clock (default: the task's today, else the org's reference now)")
    .option('--time-zone <tz>', 'time zone for SOQL date literals', 'GMT')
    .action(async (o: McpOptions) => {
      await runMcp(o);
    });
}

async function runMcp(o: McpOptions): Promise<void> {
  if (!isToolSet(o.set)) throw new Error(`unknown tool set ${o.set} (crmarena, crmarena-full or generic)`);
  if ((o.task === undefined) !== (o.tasks === undefined)) throw new Error('give --task and --tasks together');
  const db = resolve(o.db ?? `${DEFAULT_DIR}/org.db`);
  if (!existsSync(db)) throw new Error(`no org file at ${db} (create one with: localforce generate --seed 1 --out org.db)`);
  const loaded = o.task !== undefined && o.tasks !== undefined ? loadTask(o.tasks, o.task) : undefined;
  let now = o.now ?? loaded?.today?.toISOString();
  if (now !== undefined && Number.isNaN(new Date(now).getTime())) throw new Error(`--now must be an ISO date-time, got ${now}`);

  const timeZone = o.timeZone ?? 'GMT';
  if (!isValidTimeZone(timeZone)) throw new Error(`--time-zone ${timeZone} is not an IANA time zone`);

  // The session's episode is an in-memory fork of the org file, which is only read.
  const store = Store.open(db, { readonly: true });
  const reference = new Date(store.getMeta('referenceNow') ?? '2025-01-01T00:00:00Z');
  const host = new EpisodeManager({
    image: store.serialize(),
    defaultStore: store,
    defaultToken: `mcp-${process.pid}`,
    orgId: ORG_ID,
    userId: API_USER_ID,
    now: () => reference,
    timeZone,
    maxEpisodes: 1,
    // stdio has one client for the process lifetime: its episode never idles out.
    idleMs: Number.MAX_SAFE_INTEGER,
  });
  const episode = await host.create({ ...(now !== undefined ? { now } : {}), ...(loaded ? { label: loaded.task.id } : {}) });
  now = episode.now().toISOString();
  const server = createMcpServer(episode, {
    set: o.set,
    schemaText: `${JSON.stringify(agentSchema(), null, 2)}\n`,
    ...(loaded ? { task: loaded.task } : {}),
  });
  const transport = new StdioServerTransport();
  let closed = false;
  const shutdown = async () => {
    if (closed) return;
    closed = true;
    host.close();
    store.close();
    process.exit(0);
  };
  transport.onclose = () => void shutdown();
  process.stdin.on('end', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  await server.connect(transport);
  process.stderr.write(`localforce mcp: ${db} (a private copy), tool set ${o.set}, clock ${now}${loaded ? `, task ${loaded.task.id}` : ''}\n`);
}
