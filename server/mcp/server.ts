// The MCP front door (official @modelcontextprotocol/sdk): one MCP server object per session, bound to
// that session's episode. Tools are a tool set of the registry (server/tools) with their JSON Schemas;
// resources are the agent-facing schema text and, when the session runs a task, its prompt and context
// (never the gold answer). Tool failures are results with isError (the model can recover); an unknown
// tool name is a JSON-RPC InvalidParams error.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema, ErrorCode, ListResourcesRequestSchema, ListToolsRequestSchema, McpError, ReadResourceRequestSchema,
  type CallToolResult, type Resource,
} from '@modelcontextprotocol/sdk/types.js';
import type { EpisodeApi } from '../sessions/index.js';
import { findTool, inputJsonSchema, toolsOf } from '../tools/index.js';
import type { ToolSetName } from '../tools/index.js';

export const SCHEMA_URI = 'localforce://schema';
export const taskUri = (id: string): string => `localforce://task/${encodeURIComponent(id)}`;

/** What an agent may see of a task instance. */
export interface McpTask {
  readonly id: string;
  readonly task: string;
  readonly query: string;
  /** metadata.required: appended to CRMArena's system prompt as "# Additional task context". */
  readonly context: string;
  /** metadata.optional: the domain details CRMArena adds in `aided` mode. */
  readonly details?: string;
}

export interface McpSessionOptions {
  readonly set: ToolSetName;
  /** The agent-facing schema (what `localforce schema --format crmarena` prints). */
  readonly schemaText: string;
  readonly task?: McpTask;
  readonly version?: string;
}

export const taskPrompt = (t: McpTask): string =>
  [`# Task ${t.id} (${t.task})`, '', t.query, '', '# Additional task context', t.context, ...(t.details ? ['', t.details] : [])].join('\n');

function instructions(o: McpSessionOptions): string {
  const lines = [
    `Localforce: an offline Salesforce org (CRMArena's Shoes & Clothings service org). This session has its own copy of the org.`,
    `Tools: the '${o.set}' set. The object and field descriptions are in the resource ${SCHEMA_URI}.`,
  ];
  if (o.task) lines.push(`Task ${o.task.id}: read ${taskUri(o.task.id)}, then answer with ${o.set === 'generic' ? 'submit_answer' : 'respond'}.`);
  return lines.join('\n');
}

export function createMcpServer(episode: EpisodeApi, o: McpSessionOptions): Server {
  const server = new Server(
    { name: 'localforce', version: o.version ?? '0.1.0' },
    { capabilities: { tools: {}, resources: {} }, instructions: instructions(o) },
  );
  const tools = toolsOf(o.set);

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: tools.map((t) => ({ name: t.name, description: t.description, inputSchema: inputJsonSchema(t) as { type: 'object' } })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (req): Promise<CallToolResult> => {
    const tool = findTool(req.params.name, o.set);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${req.params.name}. Tools of set ${o.set}: ${tools.map((t) => t.name).join(', ')}`);
    const r = await tool.call(episode, req.params.arguments ?? {});
    return {
      content: [{ type: 'text', text: r.observation }],
      structuredContent: { value: r.value, ...(r.done ? { done: true } : {}) },
      ...(r.isError ? { isError: true } : {}),
    };
  });

  const resources: Resource[] = [
    { uri: SCHEMA_URI, name: 'schema', title: 'Org schema (objects, fields, descriptions)', mimeType: 'application/json' },
    ...(o.task ? [{ uri: taskUri(o.task.id), name: `task-${o.task.id}`, title: `Task ${o.task.id}: prompt and context`, mimeType: 'text/markdown' }] : []),
  ];
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources }));
  server.setRequestHandler(ReadResourceRequestSchema, async (req) => {
    const uri = req.params.uri;
    if (uri === SCHEMA_URI) return { contents: [{ uri, mimeType: 'application/json', text: o.schemaText }] };
    if (o.task && uri === taskUri(o.task.id)) return { contents: [{ uri, mimeType: 'text/markdown', text: taskPrompt(o.task) }] };
    throw new McpError(ErrorCode.InvalidParams, `Unknown resource: ${uri}. Resources: ${resources.map((r) => r.uri).join(', ')}`);
  });
  return server;
}
