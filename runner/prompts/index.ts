// The default prompt set, `--prompts FILE` overrides, the prompt hash recorded in the manifest, and
// rendering a task's system message.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { agentSchema } from '../../tasks/index.js';
import type { Strategy } from '../../tasks/index.js';
import { ACT } from './act.js';
import { REACT } from './react.js';
import { PERSONAS } from './shared.js';
import { TOOL_CALL } from './tool_call.js';
import { TOOL_CALL_FLEX } from './tool_call_flex.js';
import type { PromptSet, StrategyPrompt } from './types.js';

export type { PromptSet, StrategyPrompt };

export const DEFAULT_PROMPTS: PromptSet = {
  name: 'localforce-default-v1',
  personas: PERSONAS,
  react: REACT,
  act: ACT,
  tool_call: TOOL_CALL,
  tool_call_flex: TOOL_CALL_FLEX,
};

const StrategyPromptFile = z
  .object({
    system: z.string().min(1),
    context: z.string().optional(),
    domain: z.string().optional(),
    correction: z.string().min(1).optional(),
    observationPrefix: z.string().optional(),
  })
  .strict();

const PromptFile = z
  .object({
    name: z.string().min(1),
    personas: z.record(z.string(), z.string()).optional(),
    react: StrategyPromptFile.optional(),
    act: StrategyPromptFile.optional(),
    tool_call: StrategyPromptFile.optional(),
    tool_call_flex: StrategyPromptFile.optional(),
  })
  .strict();

/** A prompt file (JSON): any strategy it names replaces the default one field by field. */
export function parsePromptFile(json: unknown): PromptSet {
  const r = PromptFile.safeParse(json);
  if (!r.success) throw new Error(`invalid prompts file: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  const f = r.data;
  const merge = (base: StrategyPrompt, o: z.infer<typeof StrategyPromptFile> | undefined): StrategyPrompt =>
    o ? { system: o.system, context: o.context ?? base.context, domain: o.domain ?? base.domain, correction: o.correction ?? base.correction, observationPrefix: o.observationPrefix ?? base.observationPrefix } : base;
  return {
    name: f.name,
    personas: { ...DEFAULT_PROMPTS.personas, ...(f.personas ?? {}) },
    react: merge(REACT, f.react),
    act: merge(ACT, f.act),
    tool_call: merge(TOOL_CALL, f.tool_call),
    tool_call_flex: merge(TOOL_CALL_FLEX, f.tool_call_flex),
  };
}

/** sha256 of the canonical JSON of what a strategy uses (its prompt and the persona lines). */
export function promptsHash(set: PromptSet, strategy: Strategy): string {
  const used = { name: set.name, personas: sortKeys(set.personas), prompt: sortKeys(set[strategy] as unknown as Record<string, string>) };
  return createHash('sha256').update(JSON.stringify(used)).digest('hex');
}

function sortKeys(o: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

/** The org schema as agents read it: object names, then each object's fields with descriptions. */
export function schemaText(): string {
  const objects = agentSchema();
  const lines = [`The org has these objects: ${objects.map((o) => o.object).join(', ')}.`, '', 'Fields of each object:'];
  for (const o of objects) {
    lines.push(o.object);
    for (const [name, desc] of Object.entries(o.fields)) lines.push(`  - ${name}: ${desc}`);
  }
  return lines.join('\n');
}

let cachedSchema: string | undefined;

export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(schema|system_description|system|persona|context|domain)\}/g, (m, k: string) => values[k] ?? m);
}

export interface PromptTask {
  readonly persona?: string;
  readonly query: string;
  readonly metadata?: { readonly required?: string; readonly optional?: string };
}

/** The system message of one task. */
export function renderSystem(set: PromptSet, strategy: Strategy, task: PromptTask): string {
  const p = set[strategy];
  cachedSchema ??= schemaText();
  const values = {
    schema: cachedSchema,
    system_description: cachedSchema,
    system: 'Salesforce instance',
    persona: (task.persona && set.personas[task.persona]) || '',
    context: task.metadata?.required?.trim() ?? '',
    domain: task.metadata?.optional?.trim() ?? '',
  };
  let out = fill(p.system, values);
  if (values.context) out += fill(p.context, values);
  if (values.domain) out += fill(p.domain, values);
  return out.trim();
}
