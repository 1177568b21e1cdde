// Export formats: native instances, CRMArena's record shape, and the agent-facing schema list.
import { OBJECTS } from '../schema/index.js';
import type { CrmArenaRecord, Instance } from './types.js';

/** CRMArena's `{idx, answer, task, reward_metric, query, metadata}`; None gold becomes `[null]`. */
export function toCrmArena(instances: readonly Instance[]): CrmArenaRecord[] {
  return instances.map((x, idx) => ({
    idx,
    answer: x.answer.map((a) => (a === 'None' ? null : a)),
    task: x.task,
    reward_metric: x.reward_metric,
    query: x.query,
    metadata: { required: x.metadata.required, optional: x.metadata.optional },
  }));
}

const HIDDEN_FIELDS = new Set(['IsDeleted', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp']);

/** The schema list CRMArena's prompts embed: `[{object, fields: {name: description}}]` (Organization excluded). */
export function agentSchema(): { object: string; fields: Record<string, string> }[] {
  return OBJECTS.filter((o) => o.name !== 'Organization').map((o) => ({
    object: o.name,
    fields: Object.fromEntries(o.fields.filter((f) => !HIDDEN_FIELDS.has(f.name)).map((f) => [f.name, f.description])),
  }));
}

/** A richer schema listing: object description, field type and reference targets. */
export function detailedSchema(): { object: string; description: string; fields: { name: string; type: string; description: string; referenceTo?: string[] }[] }[] {
  return OBJECTS.filter((o) => o.name !== 'Organization').map((o) => ({
    object: o.name,
    description: o.description,
    fields: o.fields
      .filter((f) => !HIDDEN_FIELDS.has(f.name))
      .map((f) => ({ name: f.name, type: f.type, description: f.description, ...(f.referenceTo.length ? { referenceTo: [...f.referenceTo] } : {}) })),
  }));
}
