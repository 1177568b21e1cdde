// The reference solver: answers every task instance through the REST API only (SOQL /query and
// SOSL /search), reading its parameters from the query text and context, never from `params`
// or the org file. A disagreement with the gold answer is a bug in the engine or the ground truth.
import type { TaskId } from '../types.js';
import { solveBestRegion, solveHandleTime, solveMonthlyTrend, solveTopIssue, solveTransferCount } from './analytics.js';
import { RestClient, type SolverApi } from './client.js';
import { solveKnowledgeQa, solvePolicyViolation } from './knowledge.js';
import { buildRoutingIndex, solveCaseRouting, solveNamedEntity, type RoutingIndex } from './lookup.js';
import type { TaskText } from './parse.js';

export interface SolverTask extends TaskText {
  readonly id?: string;
  readonly idx?: number;
  readonly task: TaskId | string;
}

export interface SolverAnswer {
  readonly id: string;
  readonly answer: string;
  readonly error?: string;
}

export interface SolveOptions {
  readonly concurrency?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export class Solver {
  private routing?: Promise<RoutingIndex>;

  constructor(readonly api: SolverApi) {}

  async solve(t: SolverTask): Promise<string> {
    switch (t.task) {
      case 'handle_time':
        return solveHandleTime(this.api, t);
      case 'transfer_count':
        return solveTransferCount(this.api, t);
      case 'top_issue_identification':
        return solveTopIssue(this.api, t);
      case 'monthly_trend_analysis':
        return solveMonthlyTrend(this.api, t);
      case 'best_region_identification':
        return solveBestRegion(this.api, t);
      case 'named_entity_disambiguation':
        return solveNamedEntity(this.api, t);
      case 'case_routing':
        this.routing ??= buildRoutingIndex(this.api);
        return solveCaseRouting(this.api, t, await this.routing);
      case 'policy_violation_identification':
        return solvePolicyViolation(this.api, t);
      case 'knowledge_qa':
        return solveKnowledgeQa(this.api, t);
      default:
        throw new Error(`unknown task type ${t.task}`);
    }
  }
}

/** Solves every task with bounded concurrency; output order = input order. */
export async function solveAll(api: SolverApi, tasks: readonly SolverTask[], opts: SolveOptions = {}): Promise<SolverAnswer[]> {
  const solver = new Solver(api);
  const out: SolverAnswer[] = new Array(tasks.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= tasks.length) return;
      const t = tasks[i]!;
      const id = String(t.id ?? t.idx ?? i);
      try {
        out[i] = { id, answer: await solver.solve(t) };
      } catch (err) {
        out[i] = { id, answer: 'None', error: err instanceof Error ? err.message : String(err) };
      }
      opts.onProgress?.(++done, tasks.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 8) }, worker));
  return out;
}

export { RestClient, type SolverApi };
