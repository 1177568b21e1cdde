// One task, one episode: a fresh Localforce episode at the task's "today", the strategy's loop of
// LLM turns and observations, and a Trajectory that records every step and why it ended.
import { parseToday } from '../tasks/index.js';
import type { AnswerLine, EndReason, Strategy, Trajectory, TrajectoryStep } from '../tasks/index.js';
import { LlmAborted, LlmFailure, type ChatMessage, type LlmClient, type LlmReply, type ToolSpec } from './llm.js';
import { LocalforceError, type LocalforceClient } from './localforce.js';
import { formatRows, isSosl, unwrapStatement } from './observe.js';
import { renderSystem, type PromptSet } from './prompts/index.js';

export interface RunnerTask {
  readonly id: string;
  readonly task: string;
  readonly persona?: string;
  readonly query: string;
  readonly metadata: { readonly required: string; readonly optional: string };
}

export interface EpisodeContext {
  readonly llm: LlmClient;
  readonly lf: LocalforceClient;
  readonly prompts: PromptSet;
  readonly strategy: Strategy;
  readonly maxTurns: number;
  /** Called with the cost of the token counts (null when no price is known). */
  readonly cost: (tokens: { prompt: number; completion: number }) => number | null;
}

export interface EpisodeResult {
  readonly answer: AnswerLine;
  readonly trajectory: Trajectory;
}

/** The tool sets of the tool strategies (served by GET /localforce/tools?set=…). */
export const TOOL_SETS: Readonly<Record<'tool_call' | 'tool_call_flex', string>> = { tool_call: 'crmarena', tool_call_flex: 'crmarena-full' };

/** Names of the tool that submits the final answer (CRMArena's `respond`; `submit_answer` elsewhere). */
const SUBMIT_TOOLS = new Set(['respond', 'submit_answer', 'submit']);

const RESPOND_TOOL: ToolSpec = {
  type: 'function',
  function: {
    name: 'respond',
    description: 'Submit the final answer; this ends the task.',
    parameters: { type: 'object', properties: { content: { type: 'string', description: 'The final answer.' } }, required: ['content'] },
  },
};

/** The episode clock: the task's "Today's date" at midnight UTC (none: the server's clock). */
export function taskNow(t: RunnerTask): string | undefined {
  const d = parseToday(t.metadata.required) ?? parseToday(t.query);
  return d?.toISOString();
}

// ── react / act parsing ──────────────────────────────────────────────────────────────────────

export type ParsedAction =
  | { readonly kind: 'execute'; readonly statement: string; readonly thought: string }
  | { readonly kind: 'respond'; readonly text: string; readonly thought: string }
  | { readonly kind: 'invalid' };

/**
 * The first <execute> block wins, else the first <respond> block (CRMArena's order). A reasoning
 * model's <think>…</think> section is skipped, so a tag it only considered is not taken as the action.
 */
export function parseAction(raw: string): ParsedAction {
  const content = raw.replace(/^[\s\S]*?<\/think>/i, '');
  const exec = /<execute>([\s\S]*?)<\/execute>/i.exec(content);
  if (exec && exec[1]!.trim()) return { kind: 'execute', statement: unwrapStatement(exec[1]!), thought: content.slice(0, exec.index).trim() };
  const resp = /<respond>([\s\S]*?)<\/respond>/i.exec(content);
  if (resp && resp[1]!.trim()) return { kind: 'respond', text: resp[1]!.trim(), thought: content.slice(0, resp.index).trim() };
  return { kind: 'invalid' };
}

// ── the loop ─────────────────────────────────────────────────────────────────────────────────

class Episode {
  readonly steps: TrajectoryStep[] = [];
  readonly messages: ChatMessage[] = [];
  tokens = { prompt: 0, completion: 0 };
  localforceMs = 0;
  turns = 0;

  constructor(
    readonly ctx: EpisodeContext,
    readonly token: string,
    readonly signal?: AbortSignal,
  ) {}

  push(m: ChatMessage, step: TrajectoryStep): void {
    this.messages.push(m);
    this.steps.push(step);
  }

  async llm(tools?: readonly ToolSpec[]): Promise<LlmReply> {
    if (this.signal?.aborted) throw new Interrupted();
    this.turns++;
    const reply = await this.ctx.llm.chat(this.messages, tools, this.signal);
    this.tokens.prompt += reply.usage.prompt;
    this.tokens.completion += reply.usage.completion;
    return reply;
  }

  async timed<T>(f: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    try {
      return await f();
    } finally {
      this.localforceMs += performance.now() - t0;
    }
  }

  /** One SOQL / SOSL statement as an observation string; Salesforce errors become "CODE: message". */
  async execute(statement: string): Promise<string> {
    try {
      return await this.timed(async () =>
        isSosl(statement) ? formatRows(await this.ctx.lf.search(this.token, statement)) : formatRows((await this.ctx.lf.query(this.token, statement)).records),
      );
    } catch (err) {
      if (err instanceof LocalforceError && err.status < 500) return err.observation;
      throw err;
    }
  }
}

type Outcome = { readonly reason: 'answered'; readonly answer: string } | { readonly reason: Exclude<EndReason, 'answered'>; readonly error: string };

async function queryLoop(ep: Episode, strategy: 'react' | 'act'): Promise<Outcome> {
  const p = ep.ctx.prompts[strategy];
  let lastInvalid = false;
  while (ep.turns < ep.ctx.maxTurns) {
    const reply = await ep.llm();
    const content = reply.content ?? '';
    const action = parseAction(content);
    const tokens = { prompt: reply.usage.prompt, completion: reply.usage.completion };
    switch (action.kind) {
      case 'invalid':
        ep.push({ role: 'assistant', content }, { role: 'assistant', content, action: null, tokens, ms: reply.ms });
        ep.push({ role: 'user', content: p.correction }, { role: 'user', content: p.correction });
        lastInvalid = true;
        break;
      case 'respond':
        ep.push({ role: 'assistant', content }, { role: 'assistant', content, thought: action.thought || null, action: { kind: 'respond', text: action.text }, tokens, ms: reply.ms });
        return { reason: 'answered', answer: action.text };
      case 'execute': {
        ep.push({ role: 'assistant', content }, { role: 'assistant', content, thought: action.thought || null, action: { kind: 'execute', text: action.statement }, tokens, ms: reply.ms });
        const t0 = performance.now();
        const obs = await ep.execute(action.statement);
        const text = `${p.observationPrefix}${obs}`;
        ep.push({ role: 'user', content: text }, { role: 'tool', content: text, ms: performance.now() - t0 });
        lastInvalid = false;
        break;
      }
      default:
        return assertNever(action);
    }
  }
  return lastInvalid
    ? { reason: 'malformed_output', error: `no valid action in the last turn of ${ep.ctx.maxTurns}` }
    : { reason: 'max_turns', error: `no answer after ${ep.ctx.maxTurns} turns` };
}

async function toolLoop(ep: Episode, strategy: 'tool_call' | 'tool_call_flex'): Promise<Outcome> {
  const p = ep.ctx.prompts[strategy];
  const served = await ep.timed(() => ep.ctx.lf.tools(ep.token, TOOL_SETS[strategy]));
  const tools = served.some((t) => t.type === 'function' && SUBMIT_TOOLS.has(t.function.name)) ? served : [...served, RESPOND_TOOL];
  let lastInvalid = false;
  while (ep.turns < ep.ctx.maxTurns) {
    const reply = await ep.llm(tools);
    const tokens = { prompt: reply.usage.prompt, completion: reply.usage.completion };
    if (reply.toolCalls.length === 0) {
      const content = reply.content ?? '';
      ep.push({ role: 'assistant', content }, { role: 'assistant', content, action: null, tokens, ms: reply.ms });
      ep.push({ role: 'user', content: p.correction }, { role: 'user', content: p.correction });
      lastInvalid = true;
      continue;
    }
    lastInvalid = false;
    ep.messages.push({
      role: 'assistant',
      content: reply.content,
      tool_calls: reply.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })),
    });
    let first = true;
    for (const call of reply.toolCalls) {
      let args: unknown;
      let argError: string | undefined;
      try {
        args = call.arguments.trim() ? (JSON.parse(call.arguments) as unknown) : {};
        if (args === null || typeof args !== 'object' || Array.isArray(args)) argError = 'the arguments must be a JSON object';
      } catch {
        argError = 'the arguments are not valid JSON';
      }
      ep.steps.push({ role: 'assistant', content: first ? reply.content : null, action: { kind: 'tool_call', name: call.name, arguments: args ?? call.arguments }, tokens: first ? tokens : null, ms: first ? reply.ms : 0 });
      first = false;
      if (!argError && SUBMIT_TOOLS.has(call.name)) {
        const a = args as Record<string, unknown>;
        const v = a.content ?? a.answer ?? a.response;
        if (v !== undefined) return { reason: 'answered', answer: typeof v === 'string' ? v : JSON.stringify(v) };
        argError = `${call.name} needs a "content" argument`;
      }
      const t0 = performance.now();
      let obs: string;
      if (argError) obs = `Invalid tool call: ${argError}. Call a function with valid arguments or submit the answer with respond.`;
      else {
        try {
          obs = (await ep.timed(() => ep.ctx.lf.callTool(ep.token, call.name, args))).observation;
        } catch (err) {
          if (!(err instanceof LocalforceError) || err.status >= 500) throw err;
          obs = err.status === 404 ? `Unknown action ${call.name}` : `Error: ${err.observation}`; // CRMArena ToolEnv's text
        }
      }
      ep.push({ role: 'tool', tool_call_id: call.id, content: obs }, { role: 'tool', content: obs, ms: performance.now() - t0 });
    }
  }
  return lastInvalid
    ? { reason: 'malformed_output', error: `no tool call in the last turn of ${ep.ctx.maxTurns}` }
    : { reason: 'max_turns', error: `no answer after ${ep.ctx.maxTurns} turns` };
}

export async function runEpisode(ctx: EpisodeContext, task: RunnerTask, signal?: AbortSignal): Promise<EpisodeResult> {
  const t0 = performance.now();
  const now = taskNow(task);
  let outcome: Outcome;
  let ep: Episode | undefined;
  let handle: Awaited<ReturnType<LocalforceClient['createEpisode']>> | undefined;
  try {
    handle = await ctx.lf.createEpisode({ ...(now ? { now } : {}), label: task.id });
  } catch (err) {
    outcome = { reason: 'server_error', error: `episode not created: ${message(err)}` };
  }
  if (handle) {
    ep = new Episode(ctx, handle.token, signal);
    const system = renderSystem(ctx.prompts, ctx.strategy, task);
    ep.push({ role: 'system', content: system }, { role: 'system', content: system });
    ep.push({ role: 'user', content: task.query.trim() }, { role: 'user', content: task.query.trim() });
    try {
      if (signal?.aborted) throw new Interrupted();
      switch (ctx.strategy) {
        case 'react':
        case 'act':
          outcome = await queryLoop(ep, ctx.strategy);
          break;
        case 'tool_call':
        case 'tool_call_flex':
          outcome = await toolLoop(ep, ctx.strategy);
          break;
        default:
          outcome = assertNever(ctx.strategy);
      }
    } catch (err) {
      if (err instanceof Interrupted || err instanceof LlmAborted || signal?.aborted) throw new Interrupted();
      outcome =
        err instanceof LlmFailure
          ? { reason: err.reason, error: err.message }
          : { reason: 'server_error', error: `Localforce: ${message(err)}` };
    } finally {
      await ctx.lf.deleteEpisode(handle).catch(() => undefined);
    }
  }
  outcome ??= { reason: 'server_error', error: 'no episode' };
  const tokens = ep?.tokens ?? { prompt: 0, completion: 0 };
  const trajectory: Trajectory = {
    id: task.id,
    task: task.task,
    endReason: outcome.reason,
    ...(outcome.reason === 'answered' ? {} : { error: outcome.error }),
    turns: ep?.turns ?? 0,
    tokens,
    costUsd: ctx.cost(tokens),
    ms: performance.now() - t0,
    localforceMs: ep?.localforceMs ?? 0,
    steps: ep?.steps ?? [],
  };
  const answer: AnswerLine = outcome.reason === 'answered' ? { id: task.id, answer: outcome.answer } : { id: task.id, answer: null, error: outcome.reason };
  return { answer, trajectory };
}

export class Interrupted extends Error {}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
