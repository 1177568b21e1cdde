// The MCP server driven by the SDK's own Client: over stdio (the built CLI, spawned) and over streamable
// HTTP (a real listening server). Lists tools with JSON Schemas, calls tools of each set, checks values
// equal the REST endpoint's, two HTTP sessions isolated, unknown tools and bad arguments handled.
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_USER_ID, ORG_ID } from '../../schema/index.js';
import { createApp } from '../../server/app.js';
import { createHttpServer } from '../../server/http/servers.js';
import { mcpHttpHandler, type McpHttpHandler } from '../../server/mcp/index.js';
import { Store } from '../../server/store/index.js';
import type { EpisodeHost } from '../../server/sessions/index.js';
import { agentSchema } from '../../tasks/export.js';
import { generateTasks } from '../../tasks/generate.js';
import { testOrgPath } from '../helpers/org.js';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'dist/cli/index.js');
const schemaText = `${JSON.stringify(agentSchema(), null, 2)}\n`;

interface Text {
  type: string;
  text?: string;
}
// callTool's result type is a union with the legacy `toolResult` form; these read the current form.
const textOf = (r: object): string => (((r as { content?: Text[] }).content ?? [])[0]?.text ?? '');
const valueOf = (r: object): unknown => ((r as { structuredContent?: { value: unknown } }).structuredContent ?? { value: undefined }).value;

// ── a real HTTP server with REST tools and /mcp ────────────────────────────────────────────────
let url: string;
let token: string;
let host: EpisodeHost & { readonly size: number };
let mcp: McpHttpHandler;
let close: () => Promise<void>;

beforeAll(async () => {
  const db = testOrgPath();
  const store = Store.open(db, { readonly: true });
  const now = new Date(store.getMeta('referenceNow')!);
  const app = createApp(
    { store, now: () => now, timeZone: 'GMT', orgId: ORG_ID, userId: API_USER_ID },
    {
      log: () => {},
      mcp: (episodes) => {
        mcp = mcpHttpHandler({ host: episodes, set: 'crmarena', schemaText, episode: { label: 'mcp' } });
        return (req, res, next) => void mcp(req, res).catch(next);
      },
    },
  );
  host = app.localforce.episodes;
  token = app.localforce.auth.config.token;
  const http = createHttpServer(app);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  close = async () => {
    await mcp.close();
    await new Promise<void>((r) => {
      http.close(() => r());
      http.closeAllConnections();
    });
    app.localforce.episodes.close();
    store.close();
  };
});
afterAll(() => close());

async function rest(name: string, args: unknown, set?: string): Promise<{ value: unknown; observation: string }> {
  const r = await fetch(`${url}/localforce/tools/${name}${set ? `?set=${set}` : ''}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  expect(r.status).toBe(200);
  return (await r.json()) as { value: unknown; observation: string };
}

/** Ends the session the way a well-behaved client does (DELETE), then closes. */
async function done(client: Client): Promise<void> {
  await (client.transport as StreamableHTTPClientTransport).terminateSession();
  await client.close();
}

async function httpClient(set?: string): Promise<Client> {
  const client = new Client({ name: 'localforce-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp${set ? `?set=${set}` : ''}`)));
  return client;
}

const CASE_ARGS = { start_date: '2021-12-01T00:00:00Z', end_date: '2022-03-01T00:00:00Z', statuses: ['Closed'] };

describe('MCP over streamable HTTP', () => {
  it('lists the crmarena tools with JSON Schemas and the resources', async () => {
    const client = await httpClient();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toHaveLength(25);
    const cases = tools.find((t) => t.name === 'get_cases')!;
    expect(cases.inputSchema.type).toBe('object');
    expect(Object.keys(cases.inputSchema.properties ?? {})).toEqual(['start_date', 'end_date', 'agent_ids', 'case_ids', 'order_item_ids', 'issue_ids', 'statuses']);
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(['localforce://schema']);
    const schema = await client.readResource({ uri: 'localforce://schema' });
    expect((schema.contents[0] as { text: string }).text).toBe(schemaText);
    expect(client.getInstructions()).toMatch(/crmarena/);
    await done(client);
  });

  it('tool values equal the REST endpoint values', async () => {
    const client = await httpClient();
    const r = await client.callTool({ name: 'get_cases', arguments: CASE_ARGS });
    const viaRest = await rest('get_cases', CASE_ARGS);
    expect(valueOf(r)).toEqual(viaRest.value);
    expect(textOf(r)).toBe(viaRest.observation);
    expect((viaRest.value as unknown[]).length).toBeGreaterThan(0);
    const answered = await client.callTool({ name: 'respond', arguments: { content: 'None' } });
    expect(textOf(answered)).toBe('DONE');
    expect(answered.structuredContent).toEqual({ value: 'None', done: true });
    await done(client);
  });

  it('bad arguments are isError results; unknown tools and resources are protocol errors', async () => {
    const client = await httpClient();
    const bad = await client.callTool({ name: 'get_period', arguments: { period: 'Winter' } });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toBe("Error: get_period() got an unexpected keyword argument 'period'");
    await expect(client.callTool({ name: 'soql_query', arguments: { query: 'SELECT Id FROM Case' } })).rejects.toThrow(/Unknown tool: soql_query/);
    await expect(client.readResource({ uri: 'localforce://nope' })).rejects.toThrow(/Unknown resource/);
    await done(client);
  });

  it('?set=generic serves the generic set', async () => {
    const client = await httpClient('generic');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['soql_query', 'sosl_search', 'describe_object', 'list_objects', 'get_record', 'submit_answer']);
    const q = await client.callTool({ name: 'soql_query', arguments: { query: "SELECT COUNT() FROM Case WHERE Status = 'Closed'" } });
    expect(valueOf(q)).toEqual((await rest('soql_query', { query: "SELECT COUNT() FROM Case WHERE Status = 'Closed'" })).value);
    const bad = await client.callTool({ name: 'soql_query', arguments: { query: 'SELECT Nope FROM Case' } });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/^INVALID_FIELD: /);
    await done(client);
    const r = await fetch(`${url}/mcp?set=nope`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    expect(r.status).toBe(400);
  });

  it('each session is its own episode: a write in one is invisible to the other; closing frees it', async () => {
    const before = host.size;
    const a = await httpClient('crmarena-full');
    const b = await httpClient('crmarena-full');
    expect(host.size).toBe(before + 2);
    const mine = host.list().filter((e) => e.label === 'mcp');
    expect(mine).toHaveLength(2);
    // Episodes are numbered in creation order: A's is the first of the two.
    const idA = mine.map((e) => e.id).sort()[0]!;
    await host.get(idA)!.create('Issue__c', { Name: 'Only in session A' });
    const q = { query: "SELECT Name FROM Issue__c WHERE Name = 'Only in session A'" };
    expect(textOf(await a.callTool({ name: 'issue_soql_query', arguments: q }))).toBe("[{'Name': 'Only in session A'}]");
    expect(textOf(await b.callTool({ name: 'issue_soql_query', arguments: q }))).toBe('[]');
    expect((await rest('issue_soql_query', q)).observation).toBe('[]');
    await done(a);
    expect(host.size).toBe(before + 1);
    await done(b);
    expect(host.size).toBe(before);
  });

  it('?task=ID opens a session on that task: its prompt as a resource, its "today" as the episode clock', async () => {
    const store = Store.open(testOrgPath(), { readonly: true });
    const tasks = await generateTasks(store, { perTask: 2, seed: 3, tasks: ['handle_time'] });
    store.close();
    const t = tasks[0]!;
    const today = /Today's date: (\d{4}-\d{2}-\d{2})/.exec(t.metadata.required)![1]!;
    let handler!: McpHttpHandler;
    const store2 = Store.open(testOrgPath(), { readonly: true });
    const app2 = createApp(
      { store: store2, now: () => new Date(0), timeZone: 'GMT', orgId: ORG_ID, userId: API_USER_ID },
      {
        log: () => {},
        mcp: (episodes) => {
          handler = mcpHttpHandler({
            host: episodes,
            set: 'crmarena',
            schemaText,
            episode: { label: 'mcp' },
            findTask: (id) => (id === t.id ? { task: { id, task: t.task, query: t.query, context: t.metadata.required }, now: `${today}T00:00:00.000Z` } : undefined),
          });
          return (req, res, next) => void handler(req, res).catch(next);
        },
      },
    );
    const http = createHttpServer(app2);
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const client = new Client({ name: 'task', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${base}/mcp?task=${encodeURIComponent(t.id)}`)));
    const text = ((await client.readResource({ uri: `localforce://task/${t.id}` })).contents[0] as { text: string }).text;
    expect(text).toContain(t.query);
    const info = app2.localforce.episodes.list().find((e) => e.label === `mcp:${t.id}`)!;
    expect(info.now.slice(0, 10)).toBe(today);
    await done(client);
    const unknown = await fetch(`${base}/mcp?task=nope`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
    });
    expect(unknown.status).toBe(404);
    await handler.close();
    await new Promise<void>((r) => {
      http.close(() => r());
      http.closeAllConnections();
    });
    app2.localforce.episodes.close();
    store2.close();
  });

  it('requests without a session or with an unknown one get JSON-RPC errors, not 500s', async () => {
    const h = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const noSession = await fetch(`${url}/mcp`, { method: 'POST', headers: h, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });
    expect(noSession.status).toBe(400);
    expect(((await noSession.json()) as { error: { message: string } }).error.message).toMatch(/initialize/);
    const unknown = await fetch(`${url}/mcp`, { method: 'POST', headers: { ...h, 'mcp-session-id': 'nope' }, body: '{}' });
    expect(unknown.status).toBe(404);
    const junk = await fetch(`${url}/mcp`, { method: 'POST', headers: h, body: '{not json' });
    expect(junk.status).toBe(400);
    expect(mcp.sessions()).toBe(0);
  });
});

describe('MCP session expiry', () => {
  it('closes sessions idle longer than the timeout and frees their episodes', async () => {
    let t = 0;
    let handler!: McpHttpHandler;
    const store2 = Store.open(testOrgPath(), { readonly: true });
    const app2 = createApp(
      { store: store2, now: () => new Date(0), timeZone: 'GMT', orgId: ORG_ID, userId: API_USER_ID },
      {
        log: () => {},
        mcp: (episodes) => {
          handler = mcpHttpHandler({ host: episodes, set: 'generic', schemaText, idleTimeoutMs: 1000, clock: () => t });
          return (req, res, next) => void handler(req, res).catch(next);
        },
      },
    );
    const h2 = app2.localforce.episodes;
    const http = createHttpServer(app2);
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const client = new Client({ name: 'expiry', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`)));
    expect(handler.sessions()).toBe(1);
    t = 500;
    await client.listTools();
    t = 1400; // 900 ms after the last use: still open
    await client.listTools();
    t = 2500;
    await expect(client.listTools()).rejects.toThrow();
    expect(handler.sessions()).toBe(0);
    expect(h2.size).toBe(0);
    await client.close();
    await handler.close();
    await new Promise<void>((r) => {
      http.close(() => r());
      http.closeAllConnections();
    });
    h2.close();
    store2.close();
  });
});

describe('MCP over stdio (the built CLI)', () => {
  let dir: string;
  let tasksPath: string;
  let taskId: string;
  let answer: readonly string[];

  beforeAll(async () => {
    expect(existsSync(cli), 'dist/cli/index.js (run npx tsc -p tsconfig.json first)').toBe(true);
    dir = mkdtempSync(join(process.env.LOCALFORCE_TEST_DIR ?? tmpdir(), 'mcp-stdio-'));
    const store = Store.open(testOrgPath(), { readonly: true });
    const tasks = await generateTasks(store, { perTask: 3, seed: 1, tasks: ['top_issue_identification'] });
    store.close();
    const withAnswer = tasks.find((t) => t.answer[0] !== 'None') ?? tasks[0]!;
    taskId = withAnswer.id;
    answer = withAnswer.answer;
    tasksPath = join(dir, 'tasks.json');
    writeFileSync(tasksPath, JSON.stringify(tasks));
  });

  async function stdioClient(args: string[]): Promise<Client> {
    const client = new Client({ name: 'localforce-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp', '--db', testOrgPath(), ...args], stderr: 'pipe' }));
    return client;
  }

  it('lists tools and returns the same value as REST', async () => {
    const client = await stdioClient(['--set', 'crmarena-full']);
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(27);
    const search = tools.find((t) => t.name === 'search_knowledge_articles')!;
    expect(search.inputSchema.required).toEqual(['keywords']); // CRMArena's schema quirk, kept
    for (const [name, args] of [
      ['get_cases', CASE_ARGS],
      ['get_issues', {}],
      ['search_products', { search_term: 'running shoe' }],
      ['issue_soql_query', { query: 'SELECT Id, Quantity FROM OrderItem ORDER BY Id LIMIT 3' }],
    ] as const) {
      const r = await client.callTool({ name, arguments: args });
      const viaRest = await rest(name, args, 'crmarena-full');
      expect(valueOf(r), name).toEqual(viaRest.value);
      expect(textOf(r), name).toBe(viaRest.observation);
    }
    await client.close();
  });

  it('--task exposes the prompt and context (never the answer) and sets the clock', async () => {
    const client = await stdioClient(['--task', taskId, '--tasks', tasksPath]);
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(['localforce://schema', `localforce://task/${taskId}`]);
    const text = ((await client.readResource({ uri: `localforce://task/${taskId}` })).contents[0] as { text: string }).text;
    expect(text).toMatch(/# Additional task context/);
    expect(text).toMatch(/Today's date/i);
    if (answer[0] !== 'None') expect(text).not.toContain(answer[0]!);
    expect(client.getInstructions()).toContain(taskId);
    await client.close();
  });

  it('refuses an unknown tool set with a clear message', async () => {
    await expect(stdioClient(['--set', 'nope'])).rejects.toThrow();
  });
});
