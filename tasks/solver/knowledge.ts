// Reference solutions of PVI and KQA (filled in once the policy truth and fact table land).
import type { RestClient } from './client.js';
import type { TaskText } from './parse.js';

export async function solvePolicyViolation(_api: RestClient, _t: TaskText): Promise<string> {
  throw new Error('policy_violation_identification: solver not available yet');
}

export async function solveKnowledgeQa(_api: RestClient, _t: TaskText): Promise<string> {
  throw new Error('knowledge_qa: solver not available yet');
}
