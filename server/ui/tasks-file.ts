// `serve --tasks FILE`: a `localforce tasks generate` output (localforce format), checked at the edge.
import { z } from 'zod';
import { TASK_IDS, type Instance } from '../../tasks/index.js';

const instanceSchema = z.looseObject({
  id: z.string().min(1),
  task: z.enum(TASK_IDS),
  persona: z.enum(['manager', 'service_agent', 'analyst']),
  query: z.string(),
  metadata: z.object({ required: z.string(), optional: z.string() }),
  answer: z.array(z.string()),
  reward_metric: z.enum(['exact_match', 'fuzzy_match']),
  params: z.record(z.string(), z.unknown()).optional(),
});

/** Parses a tasks file's JSON; throws an Error naming the first bad instance. */
export function parseTasksFile(json: unknown): Instance[] {
  const parsed = z.array(instanceSchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `not a localforce tasks file (write one with: localforce tasks generate --format localforce): ${issue?.message ?? 'invalid'} at [${issue?.path.join('.') ?? ''}]`,
    );
  }
  return parsed.data.map((t) => ({ ...t, params: (t.params ?? {}) as Instance['params'] }));
}
