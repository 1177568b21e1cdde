// The agent tool contract: a tool is a name, a description an agent can act on, a zod input schema
// (exported as JSON Schema) and an implementation over one episode's org (server/sessions/types.ts).
import type { z } from 'zod';
import type { EpisodeApi } from '../sessions/index.js';

export const TOOL_SETS = ['crmarena', 'crmarena-full', 'generic'] as const;
export type ToolSetName = (typeof TOOL_SETS)[number];

/** What every tool call answers (REST body, MCP content). */
export interface ToolResult {
  /** The JSON form of what the tool returns (for `crmarena*`: what CRMArena's Python function returns). */
  readonly value: unknown;
  /** The text the model is shown (for `crmarena*`: Python `str()` of the value, as CRMArena's ToolEnv renders it). */
  readonly observation: string;
  /** The call failed (bad arguments, a rejected query, an error string returned by the function). */
  readonly isError?: boolean;
  /** The tool ends the episode (`respond`, `submit_answer`). */
  readonly done?: boolean;
}

export type JsonSchema = Record<string, unknown>;

export interface ToolDef {
  readonly name: string;
  readonly description: string;
  readonly input: z.ZodObject;
  /** Adjusts the exported JSON Schema (CRMArena's schema quirks kept on purpose). */
  readonly patchSchema?: (schema: JsonSchema) => JsonSchema;
  /** Never throws for bad arguments or rejected queries: those are observations. */
  call(episode: EpisodeApi, args: unknown): Promise<ToolResult>;
}

/** OpenAI function-calling shape (`tools` of a chat completion request). */
export interface OpenAiTool {
  readonly type: 'function';
  readonly function: { readonly name: string; readonly description: string; readonly parameters: JsonSchema };
}
