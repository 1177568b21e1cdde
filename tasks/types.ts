// Task instances as data (tau-bench style): the query an agent sees, its context, the gold answer,
// and the drawn parameters that produced it (never shown to agents, never exported to CRMArena).
import type { RewardMetric } from './score.js';

export const TASK_IDS = [
  'case_routing',
  'handle_time',
  'transfer_count',
  'named_entity_disambiguation',
  'policy_violation_identification',
  'knowledge_qa',
  'top_issue_identification',
  'monthly_trend_analysis',
  'best_region_identification',
] as const;
export type TaskId = (typeof TASK_IDS)[number];

export const TASK_CODES: Readonly<Record<TaskId, string>> = {
  case_routing: 'NCR',
  handle_time: 'HTU',
  transfer_count: 'TCU',
  named_entity_disambiguation: 'NED',
  policy_violation_identification: 'PVI',
  knowledge_qa: 'KQA',
  top_issue_identification: 'TII',
  monthly_trend_analysis: 'MTA',
  best_region_identification: 'BRI',
};

export type Persona = 'manager' | 'service_agent' | 'analyst';

export const TASK_PERSONAS: Readonly<Record<TaskId, Persona>> = {
  case_routing: 'manager',
  handle_time: 'manager',
  transfer_count: 'manager',
  named_entity_disambiguation: 'service_agent',
  policy_violation_identification: 'service_agent',
  knowledge_qa: 'service_agent',
  top_issue_identification: 'analyst',
  monthly_trend_analysis: 'analyst',
  best_region_identification: 'analyst',
};

/** Families whose share of `["None"]` answers is fixed at round(0.3 · n). */
export const NONE_FAMILIES: readonly TaskId[] = [
  'handle_time',
  'transfer_count',
  'named_entity_disambiguation',
  'policy_violation_identification',
  'top_issue_identification',
];
export const NONE_SHARE = 0.3;

export type Params = Record<string, string | number | boolean | null | readonly string[]>;

export interface Instance {
  readonly id: string;
  readonly task: TaskId;
  readonly persona: Persona;
  readonly query: string;
  readonly metadata: { readonly required: string; readonly optional: string };
  readonly answer: readonly string[];
  readonly reward_metric: RewardMetric;
  readonly params: Params;
}

/** An instance before generate() numbers it. */
export type Draft = Omit<Instance, 'id' | 'task' | 'persona' | 'reward_metric'>;

/** CRMArena's record shape (HF `tasks` / [R0] tasks_natural.json); None gold is `[null]`. */
export interface CrmArenaRecord {
  readonly idx: number;
  readonly answer: readonly (string | null)[];
  readonly task: TaskId;
  readonly reward_metric: RewardMetric;
  readonly query: string;
  readonly metadata: { readonly required: string; readonly optional: string };
}
