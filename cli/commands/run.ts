// `localforce run`: evaluate an LLM agent on task instances. With no --server it serves the tasks'
// org in-process on a loopback port and drives it over HTTP, exactly as it would a remote server.
import { setMaxListeners } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { API_USER_ID, ORG_ID } from '../../schema/index.js';
import { createApp } from '../../server/app.js';
import { DEFAULT_AUTH } from '../../server/org/index.js';
import { createHttpServer } from '../../server/http/index.js';
import { Store } from '../../server/store/index.js';
import type { RunManifest, Strategy } from '../../tasks/index.js';
import type { PriceTable } from '../../runner/index.js';
import { createProgress } from '../../runner/index.js';
import { DEFAULT_PROMPTS, parsePromptFile } from '../../runner/index.js';
import { parseShard, run, type RawTask } from '../../runner/index.js';
import { DEFAULT_DIR } from './serve.js';

const STRATEGIES: readonly Strategy[] = ['react', 'act', 'tool_call', 'tool_call_flex'];

interface RunCliOptions {
  tasks: string;
  strategy: string;
  model: string;
  baseUrl: string;
  out: string;
  apiKeyEnv: string;
  concurrency: number;
  maxTurns: number;
  perTask?: number;
  ids?: string;
  families?: string;
  temperature?: number;
  seed?: number;
  resume?: boolean;
  retryErrors?: boolean;
  shard?: string;
  server?: string;
  adminToken?: string;
  db?: string;
  prompts?: string;
  prices?: string;
  timeout: number;
  retries: number;
  progress: string;
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`not a positive integer: ${v}`);
  return n;
}

function nonNegativeInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a non-negative integer: ${v}`);
  return n;
}

function number(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`not a number: ${v}`);
  return n;
}

function list(v: string | undefined): string[] | null {
  const xs = (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return xs.length ? xs : null;
}

function readJsonFile(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (err) {
    throw new Error(`cannot read ${what} ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function localforceVersion(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function orgOf(store: Store): RunManifest['org'] {
  const num = (k: string) => {
    const v = store.getMeta(k);
    return v === undefined || !Number.isFinite(Number(v)) ? null : Number(v);
  };
  return { seed: num('seed'), scale: num('scale'), contentHash: store.getMeta('hash') ?? 'unknown' };
}

/** Serves an org file on 127.0.0.1 (random port) for the duration of a run. */
async function startInProcess(db: string): Promise<{ url: string; token: string; org: RunManifest['org']; close(): Promise<void> }> {
  const store = Store.open(db, { readonly: true });
  const reference = store.getMeta('referenceNow');
  const fixed = reference ? new Date(reference) : new Date('2025-01-01T00:00:00Z');
  const apiUser = store.get('SELECT "TimeZoneSidKey" FROM "User" WHERE "Id" = ?', [API_USER_ID]) as { TimeZoneSidKey: string | null } | undefined;
  const app = createApp({ store, now: () => fixed, timeZone: apiUser?.TimeZoneSidKey ?? 'GMT', orgId: ORG_ID, userId: API_USER_ID }, { log: () => {} });
  const server = createHttpServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    token: app.localforce.auth.config.token,
    org: orgOf(store),
    close: () =>
      new Promise<void>((r) => {
        server.close(() => {
          store.close();
          r();
        });
        server.closeAllConnections();
      }),
  };
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('evaluate an LLM agent (any OpenAI-compatible endpoint) on task instances, one fresh episode per task')
    .requiredOption('--tasks <path>', 'tasks.json (localforce or crmarena format)')
    .requiredOption('--strategy <name>', `agent strategy: ${STRATEGIES.join(' | ')}`)
    .requiredOption('--model <name>', 'model name sent to the endpoint')
    .requiredOption('--base-url <url>', 'OpenAI-compatible base URL, e.g. https://api.openai.com/v1 or http://127.0.0.1:8000/v1')
    .requiredOption('--out <dir>', 'run directory (manifest, answers, trajectories, report)')
    .option('--api-key-env <var>', 'environment variable holding the API key', 'OPENAI_API_KEY')
    .option('--concurrency <n>', 'episodes in parallel', positiveInt, 4)
    .option('--max-turns <n>', 'LLM turns per episode', positiveInt, 20)
    .option('--per-task <n>', 'first N instances of each family', nonNegativeInt)
    .option('--ids <list>', 'comma-separated instance ids')
    .option('--families <list>', 'comma-separated task families')
    .option('--temperature <t>', 'sampling temperature (default: the endpoint default)', number)
    .option('--seed <n>', 'sampling seed sent to the endpoint', nonNegativeInt)
    .option('--resume', 'continue the run in --out (same tasks, model, strategy, prompts, selection)')
    .option('--retry-errors', 'with --resume: run again the episodes that failed with llm_error or server_error')
    .option('--shard <i/n>', 'run the i-th of n deterministic slices (1-based)')
    .option('--server <url>', 'drive a running Localforce server instead of serving --db in-process')
    .option('--admin-token <token>', "the server's --token (creates and deletes episodes)", DEFAULT_AUTH.token)
    .option('--db <path>', `org file the tasks were drawn from (in-process server; default ${DEFAULT_DIR}/org.db)`)
    .option('--prompts <path>', 'prompt set (JSON) replacing the default prompts; see docs/agents.md')
    .option('--prices <path>', 'JSON {model: {prompt, completion}} in USD per million tokens')
    .option('--timeout <ms>', 'per-request LLM timeout', positiveInt, 120_000)
    .option('--retries <n>', 'LLM retries on 429 / 5xx / timeouts', nonNegativeInt, 5)
    .option('--progress <mode>', 'auto | bar | lines | none', 'auto')
    .action(runCommand);
}

type Served = { url: string; token: string; org: RunManifest['org']; close(): Promise<void> };

/** --server: a running Localforce (the org identified from --db when given); otherwise --db served in-process. */
async function connectServer(o: RunCliOptions): Promise<Served> {
  if (o.server) {
    let org: RunManifest['org'] = { seed: null, scale: null, contentHash: 'unknown' };
    if (o.db) {
      const s = Store.open(resolve(o.db), { readonly: true });
      org = orgOf(s);
      s.close();
    }
    return { url: o.server, token: o.adminToken ?? DEFAULT_AUTH.token, org, close: async () => {} };
  }
  const db = resolve(o.db ?? `${DEFAULT_DIR}/org.db`);
  if (!existsSync(db)) throw new Error(`no org file at ${db}: pass --db (the org the tasks were generated from) or --server`);
  return startInProcess(db);
}

/** The first Ctrl-C / SIGTERM stops the run (resumable); a second one exits at once. */
function stopOnSignal(concurrency: number): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  // Every in-flight LLM request listens on the run's one signal (32 at --concurrency 32), by design.
  setMaxListeners(4 * concurrency + 10, controller.signal);
  let stops = 0;
  const onSignal = () => {
    stops++;
    if (stops > 1) process.exit(130);
    process.stderr.write('\nstopping: episodes in flight are dropped; continue with --resume\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

async function runCommand(o: RunCliOptions): Promise<void> {
  if (!(STRATEGIES as readonly string[]).includes(o.strategy)) throw new Error(`unknown strategy ${o.strategy} (${STRATEGIES.join(', ')})`);
  const strategy = o.strategy as Strategy;
  const tasksBytes = readFileSync(o.tasks);
  const tasks = JSON.parse(tasksBytes.toString('utf8')) as unknown;
  if (!Array.isArray(tasks)) throw new Error(`${o.tasks} is not a JSON array of task instances`);
  const prompts = o.prompts ? parsePromptFile(readJsonFile(o.prompts, 'prompts file')) : DEFAULT_PROMPTS;
  const prices = o.prices ? (readJsonFile(o.prices, 'prices file') as PriceTable) : undefined;
  const apiKey = process.env[o.apiKeyEnv] ?? 'localforce-no-key';
  const server = await connectServer(o);

  const stop = stopOnSignal(o.concurrency);
  const mode = o.progress === 'auto' ? (process.stderr.isTTY ? 'bar' : 'lines') : o.progress;
  const stream = mode === 'none' ? { write: () => true } : { isTTY: mode === 'bar', write: (s: string) => process.stderr.write(s) };
  try {
    const result = await run({
      tasksBytes,
      tasks: tasks as RawTask[],
      out: o.out,
      strategy,
      llm: { baseUrl: o.baseUrl, apiKey, model: o.model, timeoutMs: o.timeout, retries: o.retries },
      temperature: o.temperature ?? null,
      seed: o.seed ?? null,
      maxTurns: o.maxTurns,
      concurrency: o.concurrency,
      selection: {
        families: list(o.families),
        perTask: o.perTask ?? null,
        ids: list(o.ids),
        shard: o.shard ? parseShard(o.shard) : null,
      },
      resume: o.resume === true,
      retryErrors: o.retryErrors === true,
      prompts,
      ...(prices ? { prices } : {}),
      server: { url: server.url, adminToken: server.token },
      org: server.org,
      localforceVersion: localforceVersion(),
      progress: createProgress(stream),
      signal: stop.signal,
    });
    const r = result.report;
    process.stdout.write(
      `${result.interrupted ? 'interrupted' : 'done'}: ${r.run.n} of ${result.manifest.instanceIds.length} episodes, score ${(100 * r.overall).toFixed(1)}%` +
        `, failures ${JSON.stringify(r.run.failuresByCause)}; outputs in ${o.out}\n`,
    );
    if (result.episodes === 'shared') process.stderr.write('warning: the server has no sessions API; every task ran in one shared org on the server clock\n');
    if (result.interrupted) process.exitCode = 130;
  } finally {
    stop.release();
    await server.close();
  }
}
