// Task instances as data (tau-bench style): the query an agent sees, its context, the gold answer,
// and the drawn parameters that produced it (never shown to agents, never exported to CRMArena).
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

export type Persona = 'manager' | 'service_agent' | 'analyst';
/** What the items of an exact-match answer are (the scorer extracts them from free text). */
export type AnswerKind = 'id' | 'month' | 'state';
export type RewardMetric = 'exact_match' | 'fuzzy_match';

/** One task family as data: everything the generator, scorer and report need to know about it. */
export interface TaskFamily {
  /** CRMArena's short code (NCR, HTU, …), used in instance ids, reports and `--tasks`. */
  readonly code: string;
  readonly persona: Persona;
  /** Share of instances whose gold is `["None"]`, fixed at round(share · n); 0 = never None. */
  readonly noneShare: number;
  /** Knowledge QA answers free text (fuzzy); the others answer items of one kind (exact). */
  readonly answer: AnswerKind | 'text';
  /** The object whose Ids the family answers with (its key prefix comes from the schema). */
  readonly idObject: 'User' | 'Product2' | 'Knowledge__kav' | 'Issue__c' | null;
  readonly metric: RewardMetric;
}

const family = (code: string, persona: Persona, noneShare: number, answer: TaskFamily['answer'], idObject: TaskFamily['idObject']): TaskFamily => ({
  code,
  persona,
  noneShare,
  answer,
  idObject,
  metric: answer === 'text' ? 'fuzzy_match' : 'exact_match',
});

export const TASK_FAMILIES: Readonly<Record<TaskId, TaskFamily>> = {
  case_routing: family('NCR', 'manager', 0, 'id', 'User'),
  handle_time: family('HTU', 'manager', 0.3, 'id', 'User'),
  transfer_count: family('TCU', 'manager', 0.3, 'id', 'User'),
  named_entity_disambiguation: family('NED', 'service_agent', 0.3, 'id', 'Product2'),
  policy_violation_identification: family('PVI', 'service_agent', 0.3, 'id', 'Knowledge__kav'),
  knowledge_qa: family('KQA', 'service_agent', 0, 'text', null),
  top_issue_identification: family('TII', 'analyst', 0.3, 'id', 'Issue__c'),
  monthly_trend_analysis: family('MTA', 'analyst', 0, 'month', null),
  best_region_identification: family('BRI', 'analyst', 0, 'state', null),
};

const byFamily = <T>(pick: (f: TaskFamily) => T): Readonly<Record<TaskId, T>> =>
  Object.fromEntries(TASK_IDS.map((t) => [t, pick(TASK_FAMILIES[t])])) as Record<TaskId, T>;

export const TASK_CODES = byFamily((f) => f.code);
export const TASK_PERSONAS = byFamily((f) => f.persona);
/** Families with a None share. */
export const NONE_FAMILIES: readonly TaskId[] = TASK_IDS.filter((t) => TASK_FAMILIES[t].noneShare > 0);

/** A task id or CRMArena code (any case: `KQA`, `kqa`, `knowledge_qa`) → the task id; undefined when unknown. */
export function taskIdOf(name: string): TaskId | undefined {
  const lower = name.trim().toLowerCase();
  return TASK_IDS.find((t) => t === lower || TASK_FAMILIES[t].code.toLowerCase() === lower);
}

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
