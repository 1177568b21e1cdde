// Draws the benchmark: `perTask` instances of each family from one org, seeded, deterministic.
import { Rng } from '../generator/index.js';
import type { Store } from '../server/store/index.js';
import { bestRegionIdentification } from './families/best_region_identification.js';
import { caseRouting } from './families/case_routing.js';
import type { Family } from './families/common.js';
import { handleTime } from './families/handle_time.js';
import { knowledgeQa } from './families/knowledge_qa.js';
import { monthlyTrendAnalysis } from './families/monthly_trend_analysis.js';
import { namedEntityDisambiguation } from './families/named_entity_disambiguation.js';
import { policyViolationIdentification } from './families/policy_violation_identification.js';
import { topIssueIdentification } from './families/top_issue_identification.js';
import { transferCount } from './families/transfer_count.js';
import { TASK_FAMILIES, TASK_IDS, type Instance, type TaskId } from './types.js';

export interface GenerateOptions {
  readonly perTask?: number;
  readonly seed?: number;
  /** Restrict to some families (default: all nine). */
  readonly tasks?: readonly TaskId[];
}

export const DEFAULT_PER_TASK = 130;

/** The nine families by task id. */
export const FAMILIES: Readonly<Record<TaskId, Family>> = {
  case_routing: caseRouting,
  handle_time: handleTime,
  transfer_count: transferCount,
  named_entity_disambiguation: namedEntityDisambiguation,
  policy_violation_identification: policyViolationIdentification,
  knowledge_qa: knowledgeQa,
  top_issue_identification: topIssueIdentification,
  monthly_trend_analysis: monthlyTrendAnalysis,
  best_region_identification: bestRegionIdentification,
};

export async function generateTasks(store: Store, opts: GenerateOptions = {}): Promise<Instance[]> {
  const perTask = opts.perTask ?? DEFAULT_PER_TASK;
  const root = new Rng(`localforce-tasks/${opts.seed ?? 1}`);
  const out: Instance[] = [];
  for (const task of opts.tasks ?? TASK_IDS) {
    const drafts = FAMILIES[task].draw({ store, rng: root.fork(task), count: perTask });
    drafts.forEach((d, i) => {
      out.push({
        id: `${TASK_FAMILIES[task].code.toLowerCase()}-${String(i + 1).padStart(4, '0')}`,
        task,
        persona: TASK_FAMILIES[task].persona,
        query: d.query,
        metadata: d.metadata,
        answer: d.answer,
        reward_metric: TASK_FAMILIES[task].metric,
        params: d.params,
      });
    });
  }
  return out;
}
