// The three tool sets and the one entry point every front door (REST, MCP, the runner) calls.
import { z } from 'zod';
import type { EpisodeApi } from '../sessions/index.js';
import { CRMARENA_FULL_TOOLS, CRMARENA_TOOLS } from './crmarena.js';
import { GENERIC_TOOLS } from './generic.js';
import { TOOL_SETS, type JsonSchema, type OpenAiTool, type ToolDef, type ToolResult, type ToolSetName } from './types.js';

export const TOOLSETS: Readonly<Record<ToolSetName, readonly ToolDef[]>> = {
  crmarena: CRMARENA_TOOLS,
  'crmarena-full': CRMARENA_FULL_TOOLS,
  generic: GENERIC_TOOLS,
};

export const DEFAULT_TOOL_SET: ToolSetName = 'crmarena';

/** Every tool by name (names are unique across sets; crmarena ⊂ crmarena-full). */
const BY_NAME = new Map<string, ToolDef>([...CRMARENA_FULL_TOOLS, ...GENERIC_TOOLS].map((t) => [t.name, t]));

export function isToolSet(s: string): s is ToolSetName {
  return (TOOL_SETS as readonly string[]).includes(s);
}

export function toolsOf(set: ToolSetName): readonly ToolDef[] {
  return TOOLSETS[set];
}

/** The tool of that name, optionally only if it belongs to `set`. */
export function findTool(name: string, set?: ToolSetName): ToolDef | undefined {
  const tool = BY_NAME.get(name);
  if (!tool) return undefined;
  return set === undefined || TOOLSETS[set].includes(tool) ? tool : undefined;
}

const SAFE_INT = Number.MAX_SAFE_INTEGER;

/** zod's JSON Schema without the noise function-calling APIs do not need ($schema, safe-integer bounds, propertyNames). */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === '$schema') continue;
    if ((k === 'minimum' || k === 'maximum') && Math.abs(Number(v)) === SAFE_INT) continue;
    if (k === 'propertyNames' && JSON.stringify(v) === '{"type":"string"}') continue;
    out[k] = tidy(v);
  }
  return out;
}

const schemaCache = new WeakMap<ToolDef, JsonSchema>();

/** The tool's parameters as JSON Schema (draft 2020-12 subset), quirks applied. */
export function inputJsonSchema(tool: ToolDef): JsonSchema {
  let s = schemaCache.get(tool);
  if (!s) {
    const base = tidy(z.toJSONSchema(tool.input, { io: 'input' })) as JsonSchema;
    s = tool.patchSchema ? tool.patchSchema(base) : base;
    schemaCache.set(tool, s);
  }
  return s;
}

/** `GET /localforce/tools?set=…`: OpenAI function-calling definitions. */
export function openAiTools(set: ToolSetName): OpenAiTool[] {
  return toolsOf(set).map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: inputJsonSchema(t) } }));
}

/**
 * The observation for a tool name the set does not have: CRMArena's ToolEnv text ("Unknown action x")
 * for its sets; the generic set also lists its tools.
 */
export function unknownToolResult(name: string, set?: ToolSetName): ToolResult {
  const text = set === 'generic' ? `Unknown action ${name}. Available tools: ${toolsOf(set).map((t) => t.name).join(', ')}` : `Unknown action ${name}`;
  return { value: text, observation: text, isError: true };
}

/** Runs one tool call in an episode. Bad arguments and rejected queries are observations, never throws for them. */
export async function callTool(episode: EpisodeApi, name: string, args: unknown, set?: ToolSetName): Promise<ToolResult> {
  const tool = findTool(name, set);
  if (!tool) return unknownToolResult(name, set);
  return tool.call(episode, args);
}
