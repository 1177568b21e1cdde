// The `generic` tool set: the minimal, framework-neutral tools an agent needs to work on the org
// without CRMArena's task-shaped helpers. Arguments are validated with zod; observations are compact
// JSON (records without `attributes` noise), errors are "ERROR_CODE: message" observations.
import { z } from 'zod';
import { SalesforceError } from '../org/index.js';
import type { EpisodeApi } from '../sessions/index.js';
import type { ToolDef, ToolResult } from './types.js';

/** Validation failures as one line per problem, with the parameter named. */
export function describeIssues(tool: string, error: z.ZodError, expected: string, args: unknown): string {
  const given = args !== null && typeof args === 'object' ? (args as Record<string, unknown>) : {};
  const lines = error.issues.map((i) => {
    const where = i.path.length > 0 ? i.path.join('.') : '(arguments)';
    if (i.path.length === 1 && !(String(i.path[0]) in given)) return `${where}: missing (required)`;
    if (i.code === 'unrecognized_keys') return `unknown argument${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `'${k}'`).join(', ')}`;
    return `${where}: ${i.message}`;
  });
  return `Error: invalid arguments for ${tool}: ${lines.join('; ')}. Expected ${expected}.`;
}

function shapeText(input: z.ZodObject): string {
  const shape = input.shape as Record<string, z.ZodType>;
  const parts = Object.entries(shape).map(([k, t]) => `${k}${t.safeParse(undefined).success ? '?' : ''}`);
  return parts.length === 0 ? 'no arguments' : `{${parts.join(', ')}}`;
}

const ok = (value: unknown): ToolResult => ({ value, observation: JSON.stringify(value) });

function failure(e: unknown): ToolResult {
  if (e instanceof SalesforceError) {
    const text = `${e.errorCode}: ${e.message}`;
    return { value: { errorCode: e.errorCode, message: e.message }, observation: text, isError: true };
  }
  throw e;
}

interface GenericSpec<S extends z.ZodObject> {
  readonly name: string;
  readonly description: string;
  readonly input: S;
  readonly run: (args: z.infer<S>, episode: EpisodeApi) => Promise<ToolResult>;
}

function genericTool<S extends z.ZodObject>(spec: GenericSpec<S>): ToolDef {
  const strict = spec.input.strict();
  return {
    name: spec.name,
    description: spec.description,
    input: spec.input,
    async call(episode, args) {
      const parsed = strict.safeParse(args ?? {});
      if (!parsed.success) {
        const text = describeIssues(spec.name, parsed.error, shapeText(spec.input), args);
        return { value: text, observation: text, isError: true };
      }
      try {
        return await spec.run(parsed.data as z.infer<S>, episode);
      } catch (e) {
        return failure(e);
      }
    },
  };
}

/** Drops `attributes` (the object type is kept as `type` on SOSL hits, where objects mix). */
function clean(v: unknown, keepType = false): unknown {
  if (Array.isArray(v)) return v.map((x) => clean(x));
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  const rec = v as Record<string, unknown>;
  if (keepType) {
    const a = rec.attributes as { type?: unknown } | undefined;
    if (a && typeof a.type === 'string') out.type = a.type;
  }
  for (const [k, x] of Object.entries(rec)) if (k !== 'attributes') out[k] = clean(x);
  return out;
}

const objectName = z.string().min(1).describe('API name of the object, e.g. Case, Account, Knowledge__kav (case-insensitive).');

export const GENERIC_TOOLS: readonly ToolDef[] = [
  genericTool({
    name: 'soql_query',
    description:
      'Runs a SOQL query on the org and returns {totalSize, records}. Supports relationship paths (Account.Name), aggregates with GROUP BY/HAVING, ' +
      'date literals (LAST_N_DAYS:30) and subqueries. Call describe_object first to learn field names.',
    input: z.object({ query: z.string().min(1).describe("The SOQL text, e.g. SELECT Id, Subject FROM Case WHERE Status = 'Closed' LIMIT 10") }),
    async run({ query }, episode) {
      const r = await episode.query(query);
      return ok({ totalSize: r.totalSize, records: clean(r.records) });
    },
  }),
  genericTool({
    name: 'sosl_search',
    description:
      'Runs a SOSL full-text search and returns the matching records (each with its object `type`). ' +
      'Example: FIND {trail jacket} IN ALL FIELDS RETURNING Product2(Id, Name), Knowledge__kav(Id, Title)',
    input: z.object({ search: z.string().min(1).describe('The SOSL text, starting with FIND {…}.') }),
    async run({ search }, episode) {
      const r = await episode.search(search);
      return ok({ searchRecords: r.searchRecords.map((x) => clean(x, true)) });
    },
  }),
  genericTool({
    name: 'describe_object',
    description: 'Describes one object for writing queries: its fields with type, description, relationship targets and picklist values.',
    input: z.object({ object_name: objectName }),
    async run({ object_name }, episode) {
      const info = episode.deps.store.registry.object(object_name);
      if (!info) throw new SalesforceError('NOT_FOUND', `No object named '${object_name}'; call list_objects for the names.`, 404);
      const def = info.def;
      return ok({
        name: def.name,
        label: def.label,
        description: def.description,
        fields: def.fields.map((f) => ({
          name: f.name,
          type: f.type,
          description: f.description,
          ...(f.referenceTo.length > 0 ? { referenceTo: [...f.referenceTo], relationshipName: f.relationshipName } : {}),
          ...(f.picklistValues.length > 0 ? { picklistValues: f.picklistValues.map((p) => p.value) } : {}),
        })),
      });
    },
  }),
  genericTool({
    name: 'list_objects',
    description: 'Lists the objects (tables) of the org with a one-line description each.',
    input: z.object({}),
    async run(_args, episode) {
      return ok(
        episode.deps.store.registry.objects
          .filter((o) => o.queryable && o.name !== 'Organization')
          .map((o) => ({ name: o.name, label: o.label, description: o.description })),
      );
    },
  }),
  genericTool({
    name: 'get_record',
    description: 'Fetches one record by Id (all fields, or only `fields`).',
    input: z.object({
      object_name: objectName,
      record_id: z.string().min(15).max(18).describe('The 15- or 18-character record Id.'),
      fields: z.array(z.string()).optional().describe('Field names to return (default: all).'),
    }),
    async run({ object_name, record_id, fields }, episode) {
      if (!episode.deps.store.registry.object(object_name)) throw new SalesforceError('NOT_FOUND', `No object named '${object_name}'; call list_objects for the names.`, 404);
      return ok(clean(await episode.retrieve(object_name, record_id, fields)));
    },
  }),
  genericTool({
    name: 'submit_answer',
    description: 'Submits the final answer and ends the task. Give only the answer (an Id, a name, a month, or None).',
    input: z.object({ answer: z.string().describe('The final answer.') }),
    async run({ answer }) {
      return { value: answer, observation: 'Answer submitted.', done: true };
    },
  }),
];
