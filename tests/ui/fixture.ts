// The UI suites' world: a real server over a copy of the seed-1 test org, a few task instances, a
// run directory written in the tasks/run-format.ts layout, and a cookie-keeping HTTP client.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../server/store/index.js';
import { generateTasks } from '../../tasks/generate.js';
import { evaluate, itemsFromTasks } from '../../tasks/report.js';
import type { AnswerLine, RunManifest, RunReport, Trajectory } from '../../tasks/run-format.js';
import type { Instance } from '../../tasks/types.js';
import { testOrgPath } from '../helpers/org.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

export const USERNAME = 'api@localforce.dev';
export const PASSWORD = 'localforce';
export const XSS = '<script>alert("xss")</script>';

let tasksCache: Promise<Instance[]> | undefined;

/** Two instances per family, drawn from the pristine test org. */
export function testTasks(): Promise<Instance[]> {
  tasksCache ??= (async () => {
    const store = Store.open(testOrgPath(), { readonly: true });
    try {
      return await generateTasks(store, { perTask: 2, seed: 1 });
    } finally {
      store.close();
    }
  })();
  return tasksCache;
}

/**
 * A run of three tasks: the first answered with its gold answer, the second wrong, the third failed
 * with an error. The trajectory's observation carries a `<script>` to prove it is escaped.
 */
export function writeRun(root: string, tasks: readonly Instance[], name = 'run-a'): { dir: string; ids: string[] } {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const chosen = [tasks.find((t) => t.task === 'case_routing')!, tasks.find((t) => t.task === 'handle_time')!, tasks.find((t) => t.task === 'knowledge_qa')!];
  const ids = chosen.map((t) => t.id);
  const manifest: RunManifest = {
    format: 1,
    localforceVersion: '0.1.0',
    org: { seed: 1, scale: 1, contentHash: 'test' },
    tasksHash: 'test',
    promptsHash: 'test',
    promptsName: 'crmarena',
    model: 'test-model',
    strategy: 'react',
    parameters: { temperature: 0, seed: 1, maxTurns: 20, concurrency: 1, families: null, perTask: null, ids: null, baseUrl: 'http://127.0.0.1:0' },
    shard: null,
    instanceIds: ids,
    startedAt: '2025-01-01T00:00:00.000Z',
    endedAt: '2025-01-01T00:10:00.000Z',
  };
  const answers: AnswerLine[] = [
    { id: ids[0]!, answer: chosen[0]!.answer.map((a) => a ?? 'None').join(', ') },
    { id: ids[1]!, answer: 'definitely not the answer' },
    { id: ids[2]!, answer: null, error: 'max_turns' },
  ];
  const trajectory = (t: Instance, endReason: Trajectory['endReason'], answer: string | null): Trajectory => ({
    id: t.id,
    task: t.task,
    endReason,
    turns: 2,
    tokens: { prompt: 1200, completion: 80 },
    costUsd: 0.0012,
    ms: 4200,
    localforceMs: 35,
    steps: [
      { role: 'system', content: 'You are a CRM agent.' },
      { role: 'user', content: t.query },
      {
        role: 'assistant',
        content: null,
        thought: 'I should look the case up first.',
        action: { kind: 'execute', text: "SELECT Id, OwnerId FROM Case WHERE Subject LIKE '%refund%' LIMIT 5" },
        tokens: { prompt: 600, completion: 40 },
        ms: 900,
      },
      { role: 'tool', content: `[{"Id":"500000000000001AAA","Subject":"${XSS}"}]`, ms: 12 },
      answer === null
        ? { role: 'assistant', content: null, thought: 'Still looking.', action: null, tokens: { prompt: 600, completion: 40 }, ms: 800 }
        : { role: 'assistant', content: null, thought: 'Done.', action: { kind: 'respond', text: answer }, tokens: { prompt: 600, completion: 40 }, ms: 800 },
    ],
  });
  const trajectories = [trajectory(chosen[0]!, 'answered', answers[0]!.answer), trajectory(chosen[1]!, 'answered', answers[1]!.answer), trajectory(chosen[2]!, 'max_turns', null)];
  const map = new Map(answers.filter((a) => a.answer !== null).map((a) => [a.id, a.answer!]));
  const report = evaluate(itemsFromTasks(chosen, map));
  const runReport: RunReport = {
    ...report,
    run: { model: 'test-model', strategy: 'react', n: 3, failuresByCause: { max_turns: 1 }, meanTurns: 2, tokens: { prompt: 3600, completion: 240 }, costUsd: 0.0036, wallMs: 12600 },
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'answers.jsonl'), answers.map((a) => JSON.stringify(a)).join('\n') + '\n');
  writeFileSync(join(dir, 'trajectories.jsonl'), trajectories.map((t) => JSON.stringify(t)).join('\n') + '\n');
  writeFileSync(join(dir, 'report.json'), JSON.stringify(runReport));
  return { dir, ids };
}

export interface UiWorld {
  readonly server: TestServer;
  readonly tasks: readonly Instance[];
  readonly runsDir: string;
  readonly runIds: readonly string[];
}

export async function startUiWorld(opts: { readonly showAnswers?: boolean } = {}): Promise<UiWorld> {
  const tasks = await testTasks();
  const runsDir = mkdtempSync(join(process.env.LOCALFORCE_TEST_DIR ?? tmpdir(), 'ui-runs-'));
  const { ids } = writeRun(runsDir, tasks);
  const server = await startTestServer({
    db: testOrgPath(),
    app: { ui: { tasks: async () => tasks, runsDir, showAnswers: opts.showAnswers === true } },
  });
  return { server, tasks, runsDir, runIds: ids };
}

// ── a browser-like HTTP client (keeps cookies, never follows redirects) ─────────────────────

export interface Page {
  readonly status: number;
  readonly text: string;
  readonly location: string | null;
  readonly setCookies: readonly string[];
}

export class Client {
  readonly cookies = new Map<string, string>();
  constructor(readonly base: string) {}

  private store(res: Response): string[] {
    const set = res.headers.getSetCookie();
    for (const c of set) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/Max-Age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return set;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Page> {
    const res = await fetch(this.base + path, { redirect: 'manual', headers: { accept: 'text/html', cookie: this.cookieHeader(), ...headers } });
    const setCookies = this.store(res);
    return { status: res.status, text: await res.text(), location: res.headers.get('location'), setCookies };
  }

  async post(path: string, form: Record<string, string> | string, headers: Record<string, string> = {}): Promise<Page> {
    const body = typeof form === 'string' ? form : new URLSearchParams(form).toString();
    const res = await fetch(this.base + path, {
      method: 'POST',
      redirect: 'manual',
      body,
      headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), ...headers },
    });
    const setCookies = this.store(res);
    return { status: res.status, text: await res.text(), location: res.headers.get('location'), setCookies };
  }

  /** The CSRF token of the last page's forms. */
  static csrfOf(html: string): string {
    const m = /name="csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error('no CSRF token on the page');
    return m[1]!;
  }

  async login(username = USERNAME, password = PASSWORD): Promise<Page> {
    const form = await this.get('/lightning/login');
    return this.post('/lightning/login', { csrf: Client.csrfOf(form.text), username, password, next: '/lightning' });
  }

  /** The episode this browser session works in, as a REST target (its token is on the home page). */
  async episode(): Promise<Target> {
    const home = await this.get('/lightning');
    const m = /<dd class="mono" id="episode-token">([^<]+)<\/dd>/.exec(home.text);
    if (!m) throw new Error('no episode token on the home page');
    return { url: this.base, token: m[1]! };
  }
}

/** Where REST calls go: a server and the bearer token of one episode. */
export interface Target {
  readonly url: string;
  readonly token: string;
}

/** The REST API as a second, independent view of the same org. */
export async function rest(server: Target, path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${server.url}/services/data/v62.0${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null };
}

export async function soql<T = Record<string, unknown>>(server: Target, q: string): Promise<T[]> {
  const r = await rest(server, `/query?q=${encodeURIComponent(q)}`);
  if (r.status !== 200) throw new Error(`query failed: ${JSON.stringify(r.json)}`);
  return (r.json as { records: T[] }).records;
}
