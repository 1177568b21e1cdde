// The LLM side of an episode: one Chat Completions call through the `openai` package against any
// OpenAI-compatible base URL (OpenAI, vLLM, Ollama, llama.cpp server, LiteLLM). Retries are ours,
// not the library's, so that every attempt is bounded, visible and classified: 429 / 5xx / timeouts /
// dropped connections are retried with exponential backoff and full jitter; anything else fails fast.
import OpenAI, { APIConnectionError, APIError } from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';

export type ChatMessage = ChatCompletionMessageParam;
export type ToolSpec = ChatCompletionTool;

export interface LlmOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly model: string;
  readonly temperature?: number | null;
  readonly seed?: number | null;
  /** Per-request timeout (ms). */
  readonly timeoutMs?: number;
  /** Attempts after the first one (default 5). */
  readonly retries?: number;
  /** Backoff base and cap (ms): delay = random(0, min(cap, base · 2^attempt)). */
  readonly backoffMs?: number;
  readonly backoffCapMs?: number;
  readonly maxTokens?: number;
  /** Injectable for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export interface ToolCall {
  readonly id: string;
  readonly name: string;
  /** The raw JSON text the model produced (may be invalid). */
  readonly arguments: string;
}

export interface LlmReply {
  readonly content: string | null;
  readonly toolCalls: readonly ToolCall[];
  readonly usage: { readonly prompt: number; readonly completion: number };
  readonly ms: number;
  readonly attempts: number;
}

export type LlmFailureCause = 'llm_error' | 'context_length';

/** The run was interrupted while a request or a backoff wait was pending. */
export class LlmAborted extends Error {}

export class LlmFailure extends Error {
  constructor(
    readonly reason: LlmFailureCause,
    message: string,
    readonly attempts: number,
  ) {
    super(message);
  }
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class LlmClient {
  private readonly client: OpenAI;
  readonly calls = { requests: 0, retries: 0 };

  constructor(readonly opts: LlmOptions) {
    this.client = new OpenAI({
      baseURL: opts.baseUrl.replace(/\/+$/, ''),
      apiKey: opts.apiKey,
      maxRetries: 0,
      timeout: opts.timeoutMs ?? 120_000,
    });
  }

  async chat(messages: readonly ChatMessage[], tools?: readonly ToolSpec[], signal?: AbortSignal): Promise<LlmReply> {
    const retries = this.opts.retries ?? 5;
    const sleep = this.opts.sleep ?? defaultSleep;
    const random = this.opts.random ?? Math.random;
    const t0 = performance.now();
    let last = 'no attempt';
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (signal?.aborted) throw new LlmAborted('interrupted');
      this.calls.requests++;
      let retryAfterMs: number | undefined;
      // The openai package adds an abort listener to the signal it is given and never removes it: hand
      // it a per-request signal, so the run's signal does not collect one listener per LLM call.
      const request = new AbortController();
      const forward = () => request.abort();
      signal?.addEventListener('abort', forward, { once: true });
      try {
        const res = await this.client.chat.completions.create({
          model: this.opts.model,
          messages: [...messages],
          ...(tools && tools.length ? { tools: [...tools] } : {}),
          ...(this.opts.temperature !== null && this.opts.temperature !== undefined ? { temperature: this.opts.temperature } : {}),
          ...(this.opts.seed !== null && this.opts.seed !== undefined ? { seed: this.opts.seed } : {}),
          ...(this.opts.maxTokens ? { max_tokens: this.opts.maxTokens } : {}),
        }, signal ? { signal: request.signal } : undefined);
        const choice = res.choices?.[0];
        if (!choice || !choice.message) throw new TransientReply('the response has no choices');
        const msg = choice.message;
        const toolCalls: ToolCall[] = [];
        for (const tc of msg.tool_calls ?? []) {
          if (tc.type !== 'function') continue;
          toolCalls.push({ id: tc.id, name: tc.function.name, arguments: tc.function.arguments ?? '' });
        }
        return {
          content: typeof msg.content === 'string' ? msg.content : null,
          toolCalls,
          usage: { prompt: res.usage?.prompt_tokens ?? 0, completion: res.usage?.completion_tokens ?? 0 },
          ms: performance.now() - t0,
          attempts: attempt + 1,
        };
      } catch (err) {
        if (signal?.aborted) throw new LlmAborted('interrupted');
        const c = classify(err);
        last = c.message;
        if (!c.retry) throw new LlmFailure(c.cause, c.message, attempt + 1);
        retryAfterMs = c.retryAfterMs;
      } finally {
        signal?.removeEventListener('abort', forward);
      }
      if (attempt === retries) break;
      this.calls.retries++;
      const base = this.opts.backoffMs ?? 500;
      const cap = this.opts.backoffCapMs ?? 30_000;
      const jittered = random() * Math.min(cap, base * 2 ** attempt);
      await Promise.race([sleep(Math.min(cap, Math.max(jittered, retryAfterMs ?? 0))), abortPromise(signal)]);
      if (signal?.aborted) throw new LlmAborted('interrupted');
    }
    throw new LlmFailure('llm_error', `gave up after ${retries + 1} attempts: ${last}`, retries + 1);
  }
}

class TransientReply extends Error {}

function abortPromise(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

interface Classified {
  readonly retry: boolean;
  readonly cause: LlmFailureCause;
  readonly message: string;
  readonly retryAfterMs?: number;
}

const CONTEXT_RE = /context[ _-]?length|maximum context|too many tokens|prompt is too long|context window/i;

function classify(err: unknown): Classified {
  if (err instanceof TransientReply) return { retry: true, cause: 'llm_error', message: err.message };
  // APIConnectionError covers refused / reset / dropped connections and APIConnectionTimeoutError.
  if (err instanceof APIConnectionError) return { retry: true, cause: 'llm_error', message: `connection: ${err.message}` };
  if (err instanceof APIError) {
    const status = err.status ?? 0;
    const message = `HTTP ${status}: ${err.message}`;
    if (status === 400 && (err.code === 'context_length_exceeded' || CONTEXT_RE.test(err.message))) {
      return { retry: false, cause: 'context_length', message };
    }
    if (status === 408 || status === 409 || status === 429 || status >= 500) {
      const ra = err.headers?.get?.('retry-after');
      const secs = ra !== null && ra !== undefined ? Number(ra) : NaN;
      return { retry: true, cause: 'llm_error', message, ...(Number.isFinite(secs) ? { retryAfterMs: secs * 1000 } : {}) };
    }
    return { retry: false, cause: 'llm_error', message };
  }
  // A body that is not JSON, a truncated stream: the library throws plain errors; treat as transient.
  return { retry: true, cause: 'llm_error', message: err instanceof Error ? err.message : String(err) };
}

// ── prices ───────────────────────────────────────────────────────────────────────────────────

/** `--prices` table: USD per million tokens, per model name. */
export type PriceTable = Readonly<Record<string, { readonly prompt: number; readonly completion: number }>>;

export function costUsd(prices: PriceTable | undefined, model: string, tokens: { prompt: number; completion: number }): number | null {
  const p = prices?.[model];
  if (!p) return null;
  return (tokens.prompt * p.prompt + tokens.completion * p.completion) / 1e6;
}
