// `localforce tasks generate`, `solve`, `eval` and `schema`: the benchmark commands (docs/tasks.md).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Store } from '../../server/store/index.js';
import { agentSchema, detailedSchema, toCrmArena } from '../../tasks/index.js';
import { DEFAULT_PER_TASK, generateTasks } from '../../tasks/index.js';
import {
  evaluate, isCrmArenaResults, itemsFromAnswerSet, itemsFromCrmArenaResults, parseAnswerSet, toMarkdown, type Report, type ScoredItem,
} from '../../tasks/index.js';
import { extractWithLlm } from '../../runner/index.js';
import { mergeRuns } from '../../runner/index.js';
import { RunWriter } from '../../runner/index.js';
import type { RawTask } from '../../runner/index.js';
import { RestClient, solveAll, type SolverTask } from '../../tasks/index.js';
import { TASK_FAMILIES, TASK_IDS, taskIdOf, type Instance, type TaskId } from '../../tasks/index.js';
import { openOrg, readJsonFile as readJson, readTextFile as readText } from '../org-file.js';

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

function answersJsonl(path: string, text: string): ReturnType<typeof parseAnswerSet> {
  try {
    return parseAnswerSet(text);
  } catch (e) {
    throw new Error(`${resolve(path)} is not JSONL ({"id", "answer"} per line) nor a CRMArena result file (${(e as Error).message})`);
  }
}

const TASK_NAMES = TASK_IDS.map((t) => `${t} (${TASK_FAMILIES[t].code})`).join(', ');

const fail = (message: string): never => {
  throw new Error(message);
};

/** `--tasks NCR,knowledge_qa` → task ids; unknown names are refused with the list of valid ones. */
export function parseTaskList(list: string): TaskId[] {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new Error(`--tasks is empty (valid: ${TASK_NAMES})`);
  return names.map((n) => taskIdOf(n) ?? fail(`unknown task ${JSON.stringify(n)} (valid: ${TASK_NAMES})`));
}

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
  registerTasksGenerate(program.command('tasks').description('benchmark task instances'));
  registerSolve(program);
  registerEval(program);
  program
    .command('schema')
    .description('print the agent-facing schema (object → field → description)')
    .addOption(new Option('--format <format>', 'output format').choices(['crmarena', 'json']).default('crmarena'))
    .action((o: { format: string }) => {
      process.stdout.write(`${JSON.stringify(o.format === 'crmarena' ? agentSchema() : detailedSchema(), null, 2)}\n`);
    });
}

interface GenerateOptions { db: string; out: string; perTask: number; seed: number; format: string; tasks?: string; answers: boolean; answerShape: string }

function registerTasksGenerate(tasks: Command): void {
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
    .addOption(
      new Option('--answer-shape <shape>', "crmarena format: 'list' ([id] / [null], what CRMArena's ReAct scorer reads) or 'string' (id / null, for its tool_call scorer)")
        .choices(['list', 'string'])
        .default('list'),
    )
    .action(tasksGenerate);
}

async function tasksGenerate(o: GenerateOptions): Promise<void> {
  if (o.answerShape === 'string' && o.format !== 'crmarena') throw new Error('--answer-shape applies to --format crmarena');
  const only = o.tasks === undefined ? TASK_IDS : parseTaskList(o.tasks);
  const store = openOrg(o.db, { readonly: true });
  try {
    const instances = await drawAll(store, resolve(o.db), only, o.perTask, o.seed);
    const crm = o.format === 'crmarena' ? toCrmArena(instances) : undefined;
    // CRMArena's tool_call scorer compares the submitted string with a scalar gold answer.
    const data = crm
      ? o.answerShape === 'string'
        ? crm.map((r) => ({ ...r, answer: r.answer.every((a) => a === null) ? null : r.answer.filter((a) => a !== null).join(', ') }))
        : crm
      : instances;
    writeFileSync(o.out, `${JSON.stringify(o.answers ? data : withoutAnswers(data), null, 1)}\n`);
    process.stderr.write(`wrote ${instances.length} instances to ${o.out}${o.answers ? '' : ' (without answers)'}\n`);
  } finally {
    store.close();
  }
}

function registerSolve(program: Command): void {
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
      // A solver run with failed calls is not a valid reference run.
      if (errors.length) {
        process.stderr.write(`error: ${errors.length} of ${answers.length} tasks failed against ${o.url}${solveHint(errors.map((e) => e.error ?? ''))}\n`);
        process.exitCode = 1;
      }
    });
}

/** What to check when the solver's calls failed: no server at the URL, or a token it does not accept. */
function solveHint(errors: readonly string[]): string {
  if (errors.every((e) => /fetch failed|ECONNREFUSED|ENOTFOUND/.test(e))) return ' (no server answered there: is `localforce serve` running, and is --url its instance URL?)';
  if (errors.every((e) => e.startsWith('INVALID_SESSION_ID'))) return ' (the server refused the token: pass the session id its banner prints as --token)';
  return '';
}

interface EvalOptions {
  tasks?: string; answers?: string; results?: string; merge?: string[]; mergeOut?: string; out?: string; markdown?: string; label: string;
  extractorUrl?: string; extractorModel: string; extractorKeyEnv: string;
}

function registerEval(program: Command): void {
  program
    .command('eval')
    .description('score answers against the gold answers (deterministic)')
    .option('--tasks <path>', 'tasks.json (localforce or crmarena format)')
    .option('--answers <path>', 'answers.jsonl ({id, answer} per line; lines with "error" are failures) or a CRMArena result file')
    .option('--results <path>', 'a CRMArena result file [{task_id, task_type, gt_answer, agent_info, …}]')
    .option('--merge <dirs...>', 'shard run directories of one `localforce run` (needs --tasks)')
    .option('--merge-out <dir>', 'with --merge: write the merged run directory here')
    .option('--out <path>', 'report.json')
    .option('--markdown <path>', 'report.md (Table 2 layout)')
    .option('--label <name>', 'row label in the Markdown table', 'agent')
    .option('--extractor-url <url>', "OpenAI-compatible base URL of an LLM answer extractor (CRMArena's Evaluator style; default: deterministic extraction)")
    .option('--extractor-model <name>', 'model of the extractor', 'gpt-4o-2024-08-06')
    .option('--extractor-key-env <var>', "environment variable with the extractor's API key", 'OPENAI_API_KEY')
    .action(evalCommand);
}

async function evalCommand(o: EvalOptions): Promise<void> {
  const report = o.merge ? mergedReport(o, o.merge) : await scoredReport(o);
  const md = toMarkdown(report, o.label);
  if (o.out) writeFileSync(o.out, `${JSON.stringify(report, null, 2)}\n`);
  if (o.markdown) writeFileSync(o.markdown, md);
  process.stdout.write(md);
  if (report.errors) process.stderr.write(`${report.errors} answers are recorded failures (scored 0)\n`);
  if (report.missing?.length) process.stderr.write(`${report.missing.length} instances have no answer (scored 0): ${report.missing.slice(0, 10).join(', ')}${report.missing.length > 10 ? ' …' : ''}\n`);
  if (report.unknown?.length) process.stderr.write(`${report.unknown.length} answers name ids not in the tasks file (not scored): ${report.unknown.slice(0, 10).join(', ')}${report.unknown.length > 10 ? ' …' : ''}\n`);
}

/** `eval --merge`: the shards of one run scored as one (and, with --merge-out, written as one run directory). */
function mergedReport(o: EvalOptions, dirs: string[]): Report {
  if (!o.tasks) throw new Error('eval --merge needs --tasks (the tasks file the run used)');
  const bytes = readFileSync(o.tasks);
  const merged = mergeRuns(dirs, JSON.parse(bytes.toString('utf8')) as RawTask[], bytes);
  if (o.mergeOut) {
    const w = new RunWriter(o.mergeOut);
    w.manifest(merged.manifest);
    w.reset(merged.contents);
    w.report(merged.report, o.label === 'agent' ? merged.manifest.model : o.label);
  }
  return merged.report;
}

/** An answers file (JSONL or CRMArena results) scored against the tasks file, optionally through an LLM extractor. */
async function scoredReport(o: EvalOptions): Promise<Report> {
  let items: ScoredItem[];
  let unknown: string[] = [];
  const resultsPath = o.results ?? (o.answers && !o.tasks ? o.answers : undefined);
  if (resultsPath) {
    const r = readJson(resultsPath);
    if (!isCrmArenaResults(r)) throw new Error(`${resultsPath} is not a CRMArena result file`);
    items = itemsFromCrmArenaResults(r as Record<string, unknown>[]);
  } else {
    if (!o.tasks || !o.answers) throw new Error('give --tasks and --answers (or --results, or --merge)');
    const text = readText(o.answers);
    const trimmed = text.trimStart();
    if (trimmed.startsWith('[')) {
      const r = readJson(o.answers);
      if (!isCrmArenaResults(r)) throw new Error(`${o.answers} is neither JSONL nor a CRMArena result file`);
      items = itemsFromCrmArenaResults(r as Record<string, unknown>[]);
    } else {
      ({ items, unknown } = itemsFromAnswerSet(readJson(o.tasks) as Record<string, unknown>[], answersJsonl(o.answers, text)));
    }
  }
  if (o.extractorUrl) {
    items = await extractWithLlm(items, { baseUrl: o.extractorUrl, model: o.extractorModel, apiKey: process.env[o.extractorKeyEnv] ?? 'localforce-no-key' });
  }
  return { ...evaluate(items), unknown };
}
