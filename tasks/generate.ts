// Draws the benchmark: `perTask` instances of each family from one org, seeded, deterministic.
import { Rng } from '../generator/rng.js';
import type { Store } from '../server/store/index.js';
import type { Family } from './families/common.js';
import { TASK_IDS, TASK_PERSONAS, TASK_CODES, type Instance, type TaskId } from './types.js';

export interface GenerateOptions {
  readonly perTask?: number;
  readonly seed?: number;
  /** Restrict to some families (default: all nine). */
  readonly tasks?: readonly TaskId[];
}

export const DEFAULT_PER_TASK = 130;

export async function loadFamilies(): Promise<Record<TaskId, Family>> {
  const [ncr, htu, tcu, ned, pvi, kqa, tii, mta, bri] = await Promise.all([
    import('./families/case_routing.js'),
    import('./families/handle_time.js'),
    import('./families/transfer_count.js'),
    import('./families/named_entity_disambiguation.js'),
    import('./families/policy_violation_identification.js'),
    import('./families/knowledge_qa.js'),
    import('./families/top_issue_identification.js'),
    import('./families/monthly_trend_analysis.js'),
    import('./families/best_region_identification.js'),
  ]);
  return {
    case_routing: ncr.caseRouting,
    handle_time: htu.handleTime,
    transfer_count: tcu.transferCount,
    named_entity_disambiguation: ned.namedEntityDisambiguation,
    policy_violation_identification: pvi.policyViolationIdentification,
    knowledge_qa: kqa.knowledgeQa,
    top_issue_identification: tii.topIssueIdentification,
    monthly_trend_analysis: mta.monthlyTrendAnalysis,
    best_region_identification: bri.bestRegionIdentification,
  };
}

export async function generateTasks(store: Store, opts: GenerateOptions = {}): Promise<Instance[]> {
  const perTask = opts.perTask ?? DEFAULT_PER_TASK;
  const root = new Rng(`localforce-tasks/${opts.seed ?? 1}`);
  const families = await loadFamilies();
  const out: Instance[] = [];
  for (const task of opts.tasks ?? TASK_IDS) {
    const drafts = families[task].draw({ store, rng: root.fork(task), count: perTask });
    drafts.forEach((d, i) => {
      out.push({
        id: `${TASK_CODES[task].toLowerCase()}-${String(i + 1).padStart(4, '0')}`,
        task,
        persona: TASK_PERSONAS[task],
        query: d.query,
        metadata: d.metadata,
        answer: d.answer,
        reward_metric: task === 'knowledge_qa' ? 'fuzzy_match' : 'exact_match',
        params: d.params,
      });
    });
  }
  return out;
}
