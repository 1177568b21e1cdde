// Published CRMArena results: Table 2 of Huang et al., "CRMArena: Understanding the Capacity of LLM Agents
// to Perform Professional CRM Tasks in Realistic Environments" (NAACL 2025, arXiv 2411.02305v2).
// Percent; KQA is token F1, every other column exact match; 20 turns at most, temperature 0. These numbers
// come from a live Salesforce org with LLM-extracted answers, so they are context, never ranked against
// Localforce runs. Llama "function calling" rows are prompt-based in the paper.
export const CRMARENA_REFERENCE_LABEL = 'published; live Salesforce org; LLM-extracted answers';
export const CRMARENA_REFERENCE_SOURCE = 'CRMArena paper (arXiv 2411.02305v2), Table 2';
/** 1,170 instances over nine families. */
export const CRMARENA_PER_FAMILY = 130;

export interface ReferenceRow {
  readonly strategy: 'Act' | 'ReAct' | 'Function calling';
  readonly model: string;
  /** NCR HTU TCU NED PVI KQA TII MTA BRI, percent. */
  readonly scores: readonly [number, number, number, number, number, number, number, number, number];
  /** ALL as printed in the paper (the mean of the nine columns). */
  readonly all: number;
}

export const CRMARENA_TABLE2: readonly ReferenceRow[] = [
  { strategy: 'Act', model: 'gpt-4o', scores: [43.1, 10.0, 17.7, 30.8, 28.5, 29.3, 68.5, 29.2, 7.7], all: 29.4 },
  { strategy: 'Act', model: 'gpt-4o-mini', scores: [0.8, 38.5, 23.8, 9.2, 0.0, 43.1, 26.9, 3.8, 3.8], all: 16.7 },
  { strategy: 'Act', model: 'claude-3.5-sonnet', scores: [78.5, 24.6, 15.4, 51.5, 28.5, 44.7, 45.4, 20.8, 26.9], all: 37.4 },
  { strategy: 'Act', model: 'claude-3-sonnet', scores: [9.2, 26.9, 24.6, 30.8, 23.8, 16.6, 16.2, 1.5, 0.0], all: 16.6 },
  { strategy: 'Act', model: 'llama3.1-405b', scores: [46.2, 17.7, 17.7, 13.9, 30.0, 47.0, 15.4, 5.4, 6.9], all: 22.2 },
  { strategy: 'Act', model: 'llama3.1-70b', scores: [28.5, 20.0, 24.6, 6.2, 30.0, 47.9, 8.5, 0.0, 1.5], all: 18.6 },
  { strategy: 'Act', model: 'llama3.1-8b', scores: [0.0, 3.1, 0.0, 6.2, 4.6, 4.5, 2.3, 0.0, 1.5], all: 2.5 },
  { strategy: 'ReAct', model: 'gpt-4o', scores: [70.0, 39.2, 22.3, 30.8, 35.4, 50.2, 64.6, 20.9, 10.8], all: 38.2 },
  { strategy: 'ReAct', model: 'gpt-4o-mini', scores: [40.8, 36.9, 25.4, 31.5, 24.6, 52.8, 30.0, 6.2, 6.2], all: 28.3 },
  { strategy: 'ReAct', model: 'claude-3.5-sonnet', scores: [62.9, 20.0, 11.5, 52.3, 30.0, 45.0, 43.9, 20.8, 21.5], all: 34.3 },
  { strategy: 'ReAct', model: 'claude-3-sonnet', scores: [7.7, 24.6, 26.9, 29.2, 28.5, 16.0, 22.3, 0.8, 0.0], all: 17.3 },
  { strategy: 'ReAct', model: 'llama3.1-405b', scores: [81.5, 22.3, 15.4, 33.9, 34.6, 55.3, 34.6, 13.9, 13.1], all: 33.8 },
  { strategy: 'ReAct', model: 'llama3.1-70b', scores: [48.5, 20.0, 13.9, 33.1, 37.7, 48.7, 23.9, 13.9, 10.8], all: 27.8 },
  { strategy: 'ReAct', model: 'llama3.1-8b', scores: [0.0, 0.0, 1.5, 6.2, 15.4, 4.0, 0.0, 0.0, 0.8], all: 3.1 },
  { strategy: 'ReAct', model: 'o1', scores: [70.0, 51.5, 54.6, 34.6, 30.0, 58.8, 81.5, 75.4, 63.1], all: 57.7 },
  { strategy: 'ReAct', model: 'deepseek-r1', scores: [53.8, 23.1, 30.1, 40.8, 34.6, 61.2, 46.9, 3.1, 22.3], all: 35.1 },
  { strategy: 'Function calling', model: 'gpt-4o', scores: [60.0, 47.7, 81.5, 46.2, 39.2, 30.4, 97.7, 27.7, 59.2], all: 54.4 },
  { strategy: 'Function calling', model: 'gpt-4o-mini', scores: [0.8, 10.8, 10.8, 17.7, 13.8, 39.7, 60.0, 0.0, 21.5], all: 19.5 },
  { strategy: 'Function calling', model: 'claude-3.5-sonnet', scores: [4.6, 33.1, 82.3, 52.3, 30.0, 40.5, 69.2, 26.9, 36.9], all: 41.8 },
  { strategy: 'Function calling', model: 'claude-3-sonnet', scores: [0.8, 1.5, 30.0, 25.4, 41.5, 23.2, 12.3, 1.5, 0.0], all: 15.1 },
  { strategy: 'Function calling', model: 'llama3.1-405b (prompt)', scores: [16.2, 31.5, 64.6, 50.0, 26.9, 47.6, 95.4, 86.9, 42.3], all: 51.3 },
  { strategy: 'Function calling', model: 'llama3.1-70b (prompt)', scores: [1.5, 23.1, 44.6, 53.8, 37.4, 42.4, 93.8, 43.8, 29.2], all: 41.1 },
  { strategy: 'Function calling', model: 'llama3.1-8b (prompt)', scores: [0, 0, 0, 0, 0, 0, 0, 0, 0], all: 0.0 },
  { strategy: 'Function calling', model: 'o1 (prompt)', scores: [60.8, 68.5, 66.9, 60.0, 24.6, 39.2, 99.2, 84.6, 74.8], all: 64.3 },
  { strategy: 'Function calling', model: 'deepseek-r1 (prompt)', scores: [0.8, 0.8, 2.3, 0.8, 24.6, 34.6, 0.0, 13.8, 3.1], all: 9.0 },
];
