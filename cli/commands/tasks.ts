// `localforce tasks generate`, `solve`, `eval` and `schema`: the benchmark commands (tasks.md).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Store } from '../../server/store/index.js';
import { agentSchema, detailedSchema, toCrmArena } from '../../tasks/export.js';
import { DEFAULT_PER_TASK, generateTasks } from '../../tasks/generate.js';
import {
  evaluate, isCrmArenaResults, itemsFromCrmArenaResults, itemsFromTasks, parseAnswersJsonl, toMarkdown, type ScoredItem,
} from '../../tasks/report.js';
import { RestClient, solveAll, type SolverTask } from '../../tasks/solver/solve.js';
import { TASK_FAMILIES, TASK_IDS, taskIdOf, type Instance, type TaskId } from '../../tasks/types.js';
import { openOrg, readable, readJsonFile } from '../org-file.js';

function intOption(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer.');
  return n;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected an integer ≥ 1.');
  return n;
}

const readJson = readJsonFile;

function answersJsonl(path: string, text: string): Map<string, string> {
  try {
    return parseAnswersJsonl(text);
  } catch (e) {
    throw new Error(`${resolve(path)} is not JSONL ({"id", "answer"} per line) nor a CRMArena result file (${(e as Error).message})`);
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${resolve(path)}: ${readable(e)}`);
  }
}

const TASK_NAMES = TASK_IDS.map((t) => `${t} (${TASK_FAMILIES[t].code})`).join(', ');

/** `--tasks NCR,knowledge_qa` → task ids; unknown names are refused with the list of valid ones. */
export function parseTaskList(list: string): TaskId[] {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new Error(`--tasks is empty (valid: ${TASK_NAMES})`);
  return names.map((n) => taskIdOf(n) ?? fail(`unknown task ${JSON.stringify(n)} (valid: ${TASK_NAMES})`));
}

const fail = (message: string): never => {
  throw new Error(message);
};

/** Draws family by family (each family has its own RNG stream, so the result is the same as one call). */
async function drawAll(store: Store, db: string, tasks: readonly TaskId[], perTask: number, seed: number): Promise<Instance[]> {
  const out: Instance[] = [];
  for (const task of tasks) {
    try {
      out.push(...(await generateTasks(store, { perTask, seed, tasks: [task] })));
    } catch (e) {
      const reason = (e as Error).message;
      const drawn = /could not draw instance (\d+)/.exec(reason);
      const what = drawn ? `only ${drawn[1]} of ${perTask} distinct instances could be drawn` : reason;
      const scale = store.getMeta('scale');
      throw new Error(
        `the org ${db}${scale ? ` (scale ${scale})` : ''} is too small for ${task} (${TASK_FAMILIES[task].code}): ${what}. ` +
          `Generate a larger org (scale 1, the default, draws every family: localforce generate --seed 1 --scale 1 --out org.db) or lower --per-task.`,
      );
    }
  }
  return out;
}

/** The export without gold answers (and, for the native format, without the drawn parameters). */
function withoutAnswers(data: readonly object[]): object[] {
  return data.map((x) => Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'answer' && k !== 'params')));
}

export function registerTasks(program: Command): void {
  const tasks = program.command('tasks').description('benchmark task instances');

  tasks
    .command('generate')
    .description('draw task instances with ground truth from a generated org')
    .requiredOption('--db <path>', 'org file (SQLite)')
    .requiredOption('--out <path>', 'output tasks.json')
    .option('--per-task <n>', 'instances per task family (≥ 1)', positiveInt, DEFAULT_PER_TASK)
    .option('--seed <n>', 'task sampling seed', intOption, 1)
    .addOption(new Option('--format <format>', 'output format').choices(['localforce', 'crmarena']).default('localforce'))
    .option('--tasks <list>', `comma-separated task ids or codes (default: all nine: ${TASK_NAMES})`)
    .option('--no-answers', 'leave the gold answers (and drawn parameters) out: a file to hand to an agent harness')
    .action(async (o: { db: string; out: string; perTask: number; seed: number; format: string; tasks?: string; answers: boolean }) => {
      const only = o.tasks === undefined ? TASK_IDS : parseTaskList(o.tasks);
      const store = openOrg(o.db, { readonly: true });
      try {
        const instances = await drawAll(store, resolve(o.db), only, o.perTask, o.seed);
        const data = o.format === 'crmarena' ? toCrmArena(instances) : instances;
        writeFileSync(o.out, `${JSON.stringify(o.answers ? data : withoutAnswers(data), null, 1)}\n`);
        process.stderr.write(`wrote ${instances.length} instances to ${o.out}${o.answers ? '' : ' (without answers)'}\n`);
      } finally {
        store.close();
      }
    });

  program
    .command('solve')
    .description('reference solver: answer every task through the REST API only')
    .requiredOption('--url <url>', 'instance URL, e.g. http://127.0.0.1:8080')
    .requiredOption('--token <token>', 'Bearer token')
    .requiredOption('--tasks <path>', 'tasks.json (localforce or crmarena format)')
    .requiredOption('--out <path>', 'answers.jsonl')
    .option('--concurrency <n>', 'parallel requests', intOption, 8)
    .action(async (o: { url: string; token: string; tasks: string; out: string; concurrency: number }) => {
      const list = readJson(o.tasks) as SolverTask[];
      const api = new RestClient(o.url, o.token);
      const answers = await solveAll(api, list, { concurrency: o.concurrency });
      writeFileSync(o.out, answers.map((a) => JSON.stringify(a)).join('\n') + '\n');
      const errors = answers.filter((a) => a.error);
      process.stderr.write(`answered ${answers.length} tasks with ${api.stats.queries} queries and ${api.stats.searches} searches; ${errors.length} errors\n`);
      for (const e of errors.slice(0, 10)) process.stderr.write(`  ${e.id}: ${e.error}\n`);
    });

  program
    .command('eval')
    .description('score answers against the gold answers (deterministic)')
    .option('--tasks <path>', 'tasks.json (localforce or crmarena format)')
    .option('--answers <path>', 'answers.jsonl ({id, answer} per line) or a CRMArena result file')
    .option('--results <path>', 'a CRMArena result file [{task_id, task_type, gt_answer, agent_info, …}]')
    .option('--out <path>', 'report.json')
    .option('--markdown <path>', 'report.md (Table 2 layout)')
    .option('--label <name>', 'row label in the Markdown table', 'agent')
    .action((o: { tasks?: string; answers?: string; results?: string; out?: string; markdown?: string; label: string }) => {
      let items: ScoredItem[];
      const resultsPath = o.results ?? (o.answers && !o.tasks ? o.answers : undefined);
      if (resultsPath) {
        const r = readJson(resultsPath);
        if (!isCrmArenaResults(r)) throw new Error(`${resultsPath} is not a CRMArena result file`);
        items = itemsFromCrmArenaResults(r as Record<string, unknown>[]);
      } else {
        if (!o.tasks || !o.answers) throw new Error('give --tasks and --answers (or --results)');
        const text = readText(o.answers);
        const trimmed = text.trimStart();
        if (trimmed.startsWith('[')) {
          const r = readJson(o.answers);
          if (!isCrmArenaResults(r)) throw new Error(`${o.answers} is neither JSONL nor a CRMArena result file`);
          items = itemsFromCrmArenaResults(r as Record<string, unknown>[]);
        } else {
          items = itemsFromTasks(readJson(o.tasks) as Record<string, unknown>[], answersJsonl(o.answers, text));
        }
      }
      const report = evaluate(items);
      const md = toMarkdown(report, o.label);
      if (o.out) writeFileSync(o.out, `${JSON.stringify(report, null, 2)}\n`);
      if (o.markdown) writeFileSync(o.markdown, md);
      process.stdout.write(md);
    });

  program
    .command('schema')
    .description('print the agent-facing schema (object → field → description)')
    .addOption(new Option('--format <format>', 'output format').choices(['crmarena', 'json']).default('crmarena'))
    .action((o: { format: string }) => {
      process.stdout.write(`${JSON.stringify(o.format === 'crmarena' ? agentSchema() : detailedSchema(), null, 2)}\n`);
    });
}
