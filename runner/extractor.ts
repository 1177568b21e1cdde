// `eval --extractor-url`: an LLM answer extractor in the manner of CRMArena's Evaluator, for
// comparisons with its published numbers. As there, an answer that equals the single gold answer
// (whitespace and quotes stripped) needs no extraction; every other exact-match answer is sent to the
// model, which lists the Ids / months / states it contains as {"extracted_answers": [...]}.
// Our own prompt text; deterministic scoring (no flag) stays the default.
import { answerKind, type AnswerKind } from '../tasks/index.js';
import type { ScoredItem } from '../tasks/index.js';
import { LlmClient } from './llm.js';

const WHAT: Readonly<Record<AnswerKind, string>> = {
  id: 'Salesforce record Ids (15 or 18 letters and digits, e.g. 005Ws000001AbCdEAA)',
  month: 'month names (e.g. March)',
  state: 'US states, each written as its two-letter code (e.g. NY)',
};

export function extractorPrompt(kind: AnswerKind): string {
  return `You read the final answer an assistant gave and list the ${WHAT[kind]} it states as its answer.
List every one it gives as an answer, and nothing it only mentions in passing. If it gives none (for example it
says nothing was found), list "None".
Reply with JSON only, in this shape: {"extracted_answers": ["…"]}`;
}

/** The model's reply as a list: JSON first, then a bracketed list, then the bare text; empty → ["None"]. */
export function parseExtraction(text: string): string[] {
  const body = text.replace(/```(?:json)?/gi, '').trim();
  try {
    const v = JSON.parse(body) as { extracted_answers?: unknown };
    if (Array.isArray(v.extracted_answers)) {
      const xs = v.extracted_answers.map((x) => (x === null ? 'None' : String(x).trim())).filter(Boolean);
      return xs.length ? xs : ['None'];
    }
  } catch {
    // fall through to the heuristics
  }
  const m = /\[([\s\S]*?)\]/.exec(body);
  const inner = m ? m[1]! : body;
  const xs = inner.split(',').map((s) => s.trim().replace(/^["']|["']$/g, '').trim()).filter(Boolean);
  return xs.length ? xs : ['None'];
}

export interface ExtractorOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly model: string;
  readonly concurrency?: number;
}

/** Adds `extracted` to the exact-match items that need it; failures of the extractor are thrown. */
export async function extractWithLlm(items: readonly ScoredItem[], opts: ExtractorOptions): Promise<ScoredItem[]> {
  const llm = new LlmClient({ baseUrl: opts.baseUrl, apiKey: opts.apiKey, model: opts.model, temperature: 0, retries: 3 });
  const out = [...items];
  const todo = out
    .map((it, i) => ({ it, i }))
    .filter(({ it }) => it.reward_metric === 'exact_match' && it.answer !== undefined && it.error === undefined)
    .filter(({ it }) => {
      const gold = it.gold.length === 1 ? (it.gold[0] ?? 'None') : undefined;
      return gold === undefined || it.answer!.trim().replace(/^["']+|["']+$/g, '') !== gold;
    });
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const { it, i } = todo[next++]!;
      const reply = await llm.chat([
        { role: 'system', content: extractorPrompt(answerKind(it.task, it.gold)) },
        { role: 'user', content: it.answer! },
      ]);
      out[i] = { ...it, extracted: parseExtraction(reply.content ?? '') };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 8) }, worker));
  return out;
}
